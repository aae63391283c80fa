"""RSP003 response-time."""

import heapq
import statistics
from datetime import timedelta

from socialtui.domain.timeutil import format_duration
from socialtui.rules.base import Thresholds, counted, grade_high, make, not_applicable, rule
from socialtui.rules.facts import facts_for

MINIMUM = 5


@rule("RSP003", "response-time", "responsiveness", warn=60, fail=120, unit="minutes",
      minimum="5 answered customer turns")
def check(snap, t: Thresholds):
    """What it checks:
    The median time from a customer's first message in a turn to the account's first
    answer, over the answered turns in the window (the 90th percentile is reported too).

    Why it matters:
    Speed is half of good service on social media; a fast "we're on it" beats a perfect
    answer tomorrow.

    Example:
    Median 3h 10m, p90 19h: most people wait an afternoon.

    Suggested fix:
    Staff the queue at the hours customers write, including evenings and weekends, and
    send a first answer quickly even when the full answer takes longer.

    Warns above 1 hour, fails above 2 hours (thresholds in minutes).
    """
    minimum = int(t.options.get("minimum", MINIMUM))  # [rules.CODE] minimum = N
    answered = [turn for turn in facts_for(snap).turns if turn.answer is not None]
    if len(answered) < minimum:
        return not_applicable("RSP003", t, f"only {counted(len(answered), 'answered customer turn')} in the window (need {minimum})")
    waits = [((turn.answer.created_at - turn.first.created_at).total_seconds() / 60, turn.first.id)
             for turn in answered]
    minutes = sorted(w for w, _ in waits)
    median = statistics.median(minutes)
    p90 = _percentile(minutes, 0.9)
    slowest = heapq.nsmallest(20, waits, key=lambda w: (-w[0], w[1]))
    return make("RSP003", t, grade_high(median, t), figure=round(median, 1),
                evidence=[mid for _, mid in slowest],
                reason=f"median {format_duration(timedelta(minutes=median))}, p90 {format_duration(timedelta(minutes=p90))} "
                       f"over {len(answered)} answered turns",
                suggestion="Send a first answer sooner; the evidence lists the slowest answers.",
                details={"p90": round(p90, 1), "answered": len(answered)})


def _percentile(ordered: list[float], q: float) -> float:
    """Nearest-rank percentile of an ascending list (p90 of 10 values is the 9th)."""
    rank = max(1, -(-len(ordered) * q // 1))  # ceil(n * q), at least 1
    return ordered[int(rank) - 1]
