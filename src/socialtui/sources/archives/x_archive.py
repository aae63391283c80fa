"""X/Twitter account archive -> messages.

Field shapes relied on (archives downloaded since 2019; every file is JavaScript of the form
``window.YTD.<name>.part0 = <JSON>``):

- ``data/tweets.js`` (older archives: ``data/tweet.js``; big accounts add ``tweets-part1.js``,
  ``tweets-part2.js`` ...): ``[{"tweet": {"id_str", "full_text", "created_at":
  "Thu Jan 26 08:15:54 +0000 2023", "in_reply_to_status_id_str", "in_reply_to_user_id_str",
  "in_reply_to_screen_name", "lang", "source": "<a href=...>Twitter Web App</a>",
  "entities": {"urls": [{"url": "https://t.co/..", "expanded_url", "display_url"}],
  "user_mentions": [{"id_str", "screen_name", "name"}]}}}, ...]``. ``full_text`` is
  HTML-escaped (``&amp;``); a retweet's text starts with ``RT @user:``.
- ``data/account.js``: ``[{"account": {"accountId", "username", "accountDisplayName"}}]``.
- ``data/direct-messages.js`` and ``data/direct-messages-group.js``: ``[{"dmConversation":
  {"conversationId", "messages": [{"messageCreate": {"id", "senderId", "recipientId",
  "text", "createdAt": "2023-01-26T08:15:54.000Z", "urls": [{"url", "expanded",
  "display"}]}}, {"joinConversation": ...}, ...]}}]``. Only ``messageCreate`` entries are
  messages. Senders are ids only; a sender is named by the handle the account's own tweets
  used for that id (replies and mentions), else ``id:<senderId>``.
"""

from __future__ import annotations

import html
import re
from datetime import datetime, timedelta, timezone

from socialtui.domain.models import Author, Link, Message, RepostOf
from socialtui.domain.timeutil import FIRST_YEAR, LAST_YEAR, parse_timestamp
from socialtui.sanitize import clean_handle
from socialtui.sanitize import clean_line as _clean_line
from socialtui.sanitize import clean_text as _clean_text
from socialtui.sanitize import clean_url as _clean_url
from socialtui.sources.archives.common import (
    NOTHING_IMPORTED, RECORD_ERRORS, Archive, ArchiveError, FieldError, ParsedArchive, Progress, expect_list,
    fast_clean, need_id, need_time, no_progress, opt_dict, opt_id, opt_list, opt_str, record_error)

clean_text, clean_line, clean_url = fast_clean(_clean_text), fast_clean(_clean_line), fast_clean(_clean_url)

_WRAPPER = re.compile(rb"\s*window\.YTD\.[\w.]+\s*=\s*")
_TWEET_FILE = re.compile(r"tweets?(-part\d+)?\.js")
_SOURCE = re.compile(r">([^<]+)<")
_RT = re.compile(r"RT @(\w+):\s?(.*)", re.S)
_MONTHS = {m: i for i, m in enumerate("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(), 1)}
_ZONES: dict[str, timezone] = {"+0000": timezone.utc}
_STEP = 2000  # progress every this many items


def tweet_time(value: str) -> datetime:
    """``Thu Jan 26 08:15:54 +0000 2023`` (fast path; strptime is the slow part of big archives).

    Years outside FIRST_YEAR-LAST_YEAR are a ValueError, as in parse_timestamp (year 1 with an
    offset would otherwise overflow the conversion to UTC).
    """
    try:
        _, mon, day, clock, zone, year = value.split(" ")
        y = int(year)
    except (AttributeError, ValueError):
        return parse_timestamp(value)
    if not FIRST_YEAR <= y <= LAST_YEAR:
        raise ValueError(f"year {y} is outside {FIRST_YEAR}-{LAST_YEAR}")
    try:
        h, m, s = clock.split(":")
        tz = _ZONES.get(zone)
        if tz is None:
            sign = -1 if zone[0] == "-" else 1
            tz = _ZONES[zone] = timezone(sign * timedelta(hours=int(zone[1:3]), minutes=int(zone[3:5])))
        dt = datetime(y, _MONTHS[mon], int(day), int(h), int(m), int(s), tzinfo=tz)
    except (ValueError, KeyError, IndexError):
        return parse_timestamp(value)
    return dt if tz is timezone.utc else dt.astimezone(timezone.utc)


def read_x_archive(archive: Archive, progress: Progress = no_progress) -> ParsedArchive:
    """Parse the whole archive; raises ArchiveError naming the file on anything unexpected."""
    account_file = archive.find("data/account.js")
    tweet_files = [n for n in archive.find_all(lambda b: _TWEET_FILE.fullmatch(b) is not None)
                   if n == "data/" + n.rsplit("/", 1)[-1] or n.endswith("/data/" + n.rsplit("/", 1)[-1])]
    if account_file is None or not tweet_files:
        other = archive.find("outbox.json", "actor.json")
        raise ArchiveError(
            f"{archive.path}: no data/account.js or data/tweets.js in it, so this is not an X/Twitter archive.",
            "It looks like a Mastodon archive: use socialtui import mastodon-archive PATH." if other else
            "Give the .zip X sent you (Settings > Your account > Download an archive), or its unpacked folder.")
    progress(f"reading {account_file}", 0, None)
    accounts = expect_list(archive, account_file, archive.json(account_file, _WRAPPER), "a list")
    acc = accounts[0].get("account") if accounts and isinstance(accounts[0], dict) else None
    if not isinstance(acc, dict):
        found = "nothing" if acc is None else type(acc).__name__
        raise ArchiveError(f"{archive.path}: {account_file}: expected an object in account, found {found}.",
                           NOTHING_IMPORTED)
    try:
        handle = clean_handle(opt_str(acc, "username", "account.username"))
        if not handle:
            raise FieldError("account.username", "a non-empty string")
        own_id = opt_id(acc, "accountId", "account.accountId") or ""
        me = Author(handle, clean_line(opt_str(acc, "accountDisplayName", "account.accountDisplayName")))
    except FieldError as exc:
        raise ArchiveError(f"{archive.path}: {account_file}: no usable {exc}.", NOTHING_IMPORTED) from None

    messages: list[Message] = []
    names: dict[str, Author] = {}  # user id -> handle, learnt from the account's own tweets
    for tf in tweet_files:
        progress(f"reading {tf}", 0, None)
        entries = expect_list(archive, tf, archive.json(tf, _WRAPPER), "a list of tweets")
        total = len(entries)
        for i, entry in enumerate(entries):
            if i % _STEP == 0:
                progress(f"tweets in {tf}", i, total)
            t = entry.get("tweet", entry) if isinstance(entry, dict) else entry
            try:
                if not isinstance(t, dict):
                    raise FieldError("tweet", f"an object, found {type(t).__name__}")
                messages.append(_tweet(t, me, names))
            except RECORD_ERRORS as exc:
                raise record_error(archive, tf, f"tweet number {i + 1}", exc) from None
        progress(f"tweets in {tf}", total, total)
    for dm_name in ("direct-messages.js", "direct-messages-group.js"):
        f = archive.find("data/" + dm_name)
        if f:
            progress(f"reading {f}", 0, None)
            entries = expect_list(archive, f, archive.json(f, _WRAPPER), "a list of conversations")
            messages.extend(_dms(archive, f, entries, own_id, me, names))
    return ParsedArchive("x-archive", "x", handle, me.name, messages, {"account_id": own_id})


def _with_urls(text: str, urls, short: str, long: str, shown: str) -> tuple[str, tuple[Link, ...]]:
    """Replace t.co addresses by the real ones; the links keep what X displayed."""
    links = []
    for u in urls or ():
        if isinstance(u, dict) and u.get(short) and u.get(long):
            if not isinstance(u[short], str) or not isinstance(u[long], str):
                raise FieldError(f"urls.{long}", "a string")
            text = text.replace(u[short], u[long])
            links.append(Link(clean_url(u[long]), clean_line(opt_str(u, shown, f"urls.{shown}"))))
    return text, tuple(links)


def _tweet(t: dict, me: Author, names: dict[str, Author]) -> Message:
    tid = need_id(t, "id_str")
    entities = opt_dict(t, "entities")
    for u in opt_list(entities, "user_mentions", "entities.user_mentions"):
        if isinstance(u, dict) and u.get("id_str") and u.get("screen_name"):
            names[need_id(u, "id_str", "user_mentions.id_str")] = Author(
                clean_handle(opt_str(u, "screen_name", "user_mentions.screen_name")),
                clean_line(opt_str(u, "name", "user_mentions.name")))
    reply_user = opt_id(t, "in_reply_to_user_id_str")
    reply_name = clean_handle(opt_str(t, "in_reply_to_screen_name"))
    if reply_user and reply_name:
        names.setdefault(reply_user, Author(reply_name))
    text, links = _with_urls(html.unescape(opt_str(t, "full_text") or opt_str(t, "text")),
                             opt_list(entities, "urls", "entities.urls"), "url", "expanded_url", "display_url")
    source = _SOURCE.search(opt_str(t, "source"))
    client = clean_line(source.group(1)) if source else None
    rt = _RT.match(text)
    parent = opt_id(t, "in_reply_to_status_id_str")
    created_at = need_time(t.get("created_at"), "created_at", tweet_time)
    lang = clean_line(opt_str(t, "lang"))
    if rt:
        # As the live connectors do: a repost has no text of its own; the original's is in repost_of.
        kind, text, links, parent = "repost", "", (), None
    else:
        kind = "reply" if parent else "post"
    return Message(
        id=clean_line(tid), kind=kind, direction="out", author=me, text=clean_text(text),
        created_at=created_at, in_reply_to=clean_line(parent) if parent else None,
        client=client or None, links=links,
        repost_of=RepostOf(clean_handle(rt.group(1)), clean_text(rt.group(2))) if rt else None,
        lang=lang or None,
    )


def _dms(archive: Archive, name: str, entries: list, own_id: str, me: Author, names: dict[str, Author]):
    """The messages of every conversation in ``name``; an unusable one names its conversation and message."""
    out: list[Message] = []
    for c, entry in enumerate(entries, 1):
        try:
            conv = entry.get("dmConversation") if isinstance(entry, dict) else None
            if not isinstance(conv, dict):
                raise FieldError("dmConversation", "an object")
            cid = clean_line(need_id(conv, "conversationId"))
            items = opt_list(conv, "messages")
        except RECORD_ERRORS as exc:
            raise record_error(archive, name, f"conversation number {c}", exc) from None
        for n, item in enumerate(items, 1):
            try:
                m = _dm(item, cid, own_id, me, names)
            except RECORD_ERRORS as exc:
                raise record_error(archive, name, f"conversation number {c}, message number {n}", exc) from None
            if m is not None:
                out.append(m)
    return out


def _dm(item, cid: str, own_id: str, me: Author, names: dict[str, Author]) -> Message | None:
    mc = item.get("messageCreate") if isinstance(item, dict) else None
    if not mc:
        return None  # joins, leaves, renames in group conversations
    if not isinstance(mc, dict):
        raise FieldError("messageCreate", "an object")
    mid, sender = need_id(mc, "id"), need_id(mc, "senderId")
    out = sender == own_id
    text, links = _with_urls(html.unescape(opt_str(mc, "text")), opt_list(mc, "urls"), "url", "expanded", "display")
    return Message(
        id=f"dm-{clean_line(mid)}", kind="dm", direction="out" if out else "in",
        author=me if out else names.get(sender) or Author(clean_handle(f"id:{sender}")),
        text=clean_text(text), created_at=need_time(mc.get("createdAt"), "createdAt", parse_timestamp),
        conversation=cid, links=links, extra={"sender_id": clean_line(sender)},
    )
