"""Figures for the sidebar sparkline, computed from a snapshot (no clock reads)."""

from __future__ import annotations

from bisect import bisect_right
from datetime import timedelta


def waiting_per_day(snapshot, days: int = 7) -> list[float]:
    """How many conversations were waiting at the end of each of the last ``days`` days."""
    instants = [snapshot.now - timedelta(days=d) for d in range(days - 1, -1, -1)]
    counts = [0] * days
    for conv in snapshot.conversations.values():
        if not conv.has_inbound:
            continue
        times = [m.created_at for m in conv.messages]
        for i, t in enumerate(instants):
            k = bisect_right(times, t)
            if k and conv.messages[k - 1].direction == "in":
                counts[i] += 1
    # Past days can only go by who wrote last; for now the workflow state is known (done marks,
    # snoozes), so the last point is the same waiting count the status line and RSP001 use.
    counts[-1] = len(snapshot.waiting)
    return [float(c) for c in counts]
