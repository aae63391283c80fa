"""RSP004 unattended-stretch."""

from bisect import bisect_left, bisect_right
from datetime import timedelta

from socialtui.domain.timeutil import format_duration, format_timestamp
from socialtui.rules.base import Thresholds, grade_high, make, rule
from socialtui.rules.facts import facts_for


@rule("RSP004", "unattended-stretch", "responsiveness", warn=12, fail=36, unit="hours")
def check(snap, t: Thresholds):
    """What it checks:
    The longest stretch in the window during which at least one customer waited past
    the SLA and the account sent nothing at all: no reply, no post, no DM.

    Why it matters:
    This is the Friday-afternoon-to-Monday gap. Attackers and angry customers both
    find the hours when nobody is watching.

    Example:
    From Friday 15:40 to Monday 09:05 (65 hours) customers waited and the account was silent.

    Suggested fix:
    Put someone on call for evenings and weekends, or run `socialtui monitor` with an
    alert command so a person is woken when it matters.

    Warns above 12 hours, fails above 36 hours.
    """
    sla = snap.account.sla
    start, now = snap.window_start, snap.now
    # A turn is overdue from one SLA after it began until its answer (or now).
    overdue = []
    for conv in snap.conversations.values():
        for turn in conv.turns:
            begin = max(turn.start + sla, start)
            end = min(turn.answer.created_at if turn.answer is not None else now, now)
            if end > begin:
                overdue.append((begin, end, turn.start, turn.first.id))
    outbound_times = sorted(m.created_at for m in facts_for(snap).outbound)
    best = (timedelta(0), None, None)
    for seg_start, seg_end in _union(overdue):
        # Anything the account sent inside an overdue stretch splits it.
        lo = bisect_right(outbound_times, seg_start)
        hi = bisect_left(outbound_times, seg_end)
        points = [seg_start, *outbound_times[lo:hi], seg_end]
        for a, b in zip(points, points[1:]):
            if b - a > best[0]:
                best = (b - a, a, b)
    length, a, b = best
    hours = length.total_seconds() / 3600
    # Evidence: the turns overdue during the worst stretch, longest-waiting first.
    during = sorted((t0, mid) for s, e, t0, mid in overdue if a is not None and s < b and e > a)
    evidence = list(dict.fromkeys(mid for _, mid in during))
    reason = (f"from {format_timestamp(a)} to {format_timestamp(b)} ({format_duration(length)}) customers waited "
              f"past the SLA and the account sent nothing" if a else "no customer waited past the SLA unattended")
    verdict = grade_high(hours, t)
    return make("RSP004", t, verdict, figure=round(hours, 2), evidence=evidence, reason=reason,
                suggestion="Cover evenings and weekends, or run `socialtui monitor --on-alert` to page someone."
                if verdict != "ok" else "",
                details={"start": format_timestamp(a) if a else None, "end": format_timestamp(b) if b else None,
                         "waiting_turns": len(evidence)})


def _union(intervals):
    """Merge overlapping (begin, end, ...) intervals into [begin, end] stretches."""
    merged: list[list] = []
    for s, e, *_ in sorted(intervals, key=lambda x: x[0]):
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    return merged
