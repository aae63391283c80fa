"""Figures for the sidebar sparkline, computed from a snapshot (no clock reads)."""

from __future__ import annotations

from bisect import bisect_right
from datetime import timedelta


def waiting_per_day(snapshot, days: int = 7) -> list[float]:
    """How many conversations were waiting at the end of each of the last ``days`` days."""
    instants = [snapshot.now - timedelta(days=d) for d in range(days - 1, -1, -1)]
    counts = [0] * days
    first = instants[0]
    quiet = 0  # conversations silent since before the first instant, their customer last
    for conv in snapshot.conversations.values():
        if not conv.has_inbound:
            continue
        msgs = conv.messages
        last = msgs[-1]
        if last.created_at <= first:  # most of a large account: the same at every instant
            quiet += last.direction == "in"
            continue
        times = [m.created_at for m in msgs]
        for i, t in enumerate(instants):
            k = bisect_right(times, t)
            if k and msgs[k - 1].direction == "in":
                counts[i] += 1
    counts = [c + quiet for c in counts]
    # Past days can only go by who wrote last; for now the workflow state is known (done marks,
    # snoozes), so the last point is the same waiting count the status line and RSP001 use.
    counts[-1] = len(snapshot.waiting)
    return [float(c) for c in counts]
