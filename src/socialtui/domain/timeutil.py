"""Durations and timestamps as the INTERFACE writes them (``90m``, ``2h``, RFC 3339)."""

from __future__ import annotations

import calendar
import re
from datetime import datetime, timedelta, timezone

_DURATION_PART = re.compile(r"(\d+(?:\.\d+)?)\s*([a-zäöü]+)")
# 90m, 2h, 3d as the INTERFACE writes them; people also type the words, in English and German.
_UNITS = {unit: seconds for seconds, names in (
    (1, "s sec secs second seconds sek sekunde sekunden"),
    (60, "m min mins minute minutes minuten"),
    (3600, "h hr hrs hour hours std stunde stunden"),
    (86400, "d day days tag tage tagen"),
    (604800, "w wk wks week weeks woche wochen"),
) for unit in names.split()}
# Longer durations and times outside these years mean a typo, and would overflow the
# calendar arithmetic (now - window, now + snooze) instead of getting a plain message.
MAX_DURATION = timedelta(days=36_500)
FIRST_YEAR, LAST_YEAR = 1900, 9000


class DurationTooLong(ValueError):
    """A duration written right, but longer than :data:`MAX_DURATION`."""


def parse_duration(text: str) -> timedelta:
    """``"90m"`` -> 90 minutes; ``"1h30m"``, ``"3 hours"`` and ``"2 Stunden"`` work too. Raises
    ValueError otherwise."""
    s = str(text).strip().lower()
    if not s:
        raise ValueError("empty duration")
    pos = 0
    total = 0.0
    for m in _DURATION_PART.finditer(s):
        if (m.start() != pos and s[pos : m.start()].strip()) or m.group(2) not in _UNITS:
            raise ValueError(f"not a duration: {text!r} (use e.g. 90m, 2h, 7d)")
        total += float(m.group(1)) * _UNITS[m.group(2)]
        pos = m.end()
    if pos == 0 or s[pos:].strip():
        raise ValueError(f"not a duration: {text!r} (use e.g. 90m, 2h, 7d)")
    if total > MAX_DURATION.total_seconds():
        raise DurationTooLong(f"{text!r} is longer than 100 years (use e.g. 90m, 2h, 7d)")
    return timedelta(seconds=total)


def format_clock(when: datetime, now: datetime) -> str:
    """14:03 today, else 'Thu 19 Nov 14:03', with the year when it is not ``now``'s ('Sat 25 Dec
    2027 18:00': without it a date a year ahead read like next month). UTC, as everywhere in the CLI."""
    if when.date() == now.date():
        return f"{when:%H:%M}"
    return f"{when:%a %d %b %H:%M}" if when.year == now.year else f"{when:%a %d %b %Y %H:%M}"


def format_duration(td: timedelta | float | None) -> str:
    """Compact human form: ``3d 4h``, ``2h 05m``, ``12m``, ``40s``."""
    if td is None:
        return "-"
    seconds = td.total_seconds() if isinstance(td, timedelta) else float(td)
    neg = seconds < 0
    seconds = abs(int(seconds))
    d, rem = divmod(seconds, 86400)
    h, rem = divmod(rem, 3600)
    m, s = divmod(rem, 60)
    if d:
        out = f"{d}d {h}h"
    elif h:
        out = f"{h}h {m:02d}m"
    elif m:
        out = f"{m}m"
    else:
        out = f"{s}s"
    return f"-{out}" if neg else out


def parse_timestamp(text: str) -> datetime:
    """RFC 3339 with an offset -> aware UTC datetime. Naive timestamps raise ValueError."""
    if not isinstance(text, str):
        raise ValueError("not a string")
    s = text.strip()
    if s.endswith(("Z", "z")):
        s = s[:-1] + "+00:00"
    dt = datetime.fromisoformat(s)
    if dt.tzinfo is None:
        raise ValueError("timestamp has no UTC offset")
    if not FIRST_YEAR <= dt.year <= LAST_YEAR:
        raise ValueError(f"year {dt.year} is outside {FIRST_YEAR}-{LAST_YEAR}")
    return dt.astimezone(timezone.utc)


_TIMESTAMP_PARTS = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2}))?)?")
_OFFSET = re.compile(r"([+-])(\d{2}):?(\d{2})$")


def timestamp_problem(text: str) -> str:
    """What keeps ``text`` from being a time :func:`parse_timestamp` takes, in a few words: the
    field out of range (``month 13 is out of range (01-12)``), the missing offset, the year
    outside FIRST_YEAR-LAST_YEAR, or else that it is not RFC 3339 at all."""
    s = str(text).strip()
    try:
        parse_timestamp(s)
    except ValueError as exc:
        if "year" in str(exc):
            return str(exc)
        if "no UTC offset" in str(exc):
            if _TIMESTAMP_PARTS.fullmatch(s) and ":" not in s:
                return "a date without a time and offset (add e.g. T18:00:00Z)"
            return "it has no UTC offset (add Z for UTC, or e.g. +01:00)"
    else:
        return ""
    m = _TIMESTAMP_PARTS.match(s)
    if m:
        year, month, day, hour, minute, second = (int(g) if g else 0 for g in m.groups())
        if not 1 <= month <= 12:
            return f"month {m.group(2)} is out of range (01-12)"
        days = calendar.monthrange(year, month)[1]
        if not 1 <= day <= days:
            return f"day {m.group(3)} is out of range for {m.group(1)}-{m.group(2)} (01-{days})"
        for name, value, top, shown in (("hour", hour, 23, m.group(4)), ("minute", minute, 59, m.group(5)),
                                        ("second", second, 59, m.group(6))):
            if value > top:
                return f"{name} {shown} is out of range (00-{top})"
        offset = _OFFSET.search(s[m.end():])
        if offset and (int(offset.group(2)) > 23 or int(offset.group(3)) > 59):
            return f"the offset {offset.group(0)} is out of range (up to {offset.group(1)}23:59)"
    try:
        parse_duration(s.lstrip("+- "))
    except ValueError:
        return "not an RFC 3339 time with offset"
    return "a duration, not a point in time"


def format_timestamp(dt: datetime) -> str:
    """Aware datetime -> ``2026-11-20T18:00:00Z`` (seconds precision, UTC)."""
    dt = dt.astimezone(timezone.utc).replace(microsecond=0)
    return dt.strftime("%Y-%m-%dT%H:%M:%SZ")
