"""BRD002 posting-flood."""

from datetime import timedelta

from socialtui.domain.timeutil import format_timestamp
from socialtui.rules.base import Thresholds, grade_high, make, rule
from socialtui.rules.facts import facts_for

DAY = timedelta(hours=24)


@rule("BRD002", "posting-flood", "broadcast", warn=8, fail=15, unit="posts per 24h")
def check(snap, t: Thresholds):
    """What it checks:
    The largest number of original top-level posts in any rolling 24 hours of the window
    (both ends count: a post exactly 24 hours after another falls in the same 24 hours).

    Why it matters:
    A flood of announcements crowds people's timelines; it reads as noise and gets the
    account muted.

    Example:
    19 posts between Tuesday 08:00 and Wednesday 08:00.

    Suggested fix:
    Spread announcements out and cut the ones nobody asked for.

    Warns above 8, fails above 15.
    """
    posts = sorted((m for m in facts_for(snap).own_posts), key=lambda m: (m.created_at, m.id))
    best, best_range = 0, (0, 0)
    lo = 0
    for hi, m in enumerate(posts):
        while m.created_at - posts[lo].created_at > DAY:  # closed, as the window itself: 24 h apart is one day
            lo += 1
        if hi - lo + 1 > best:
            best, best_range = hi - lo + 1, (lo, hi + 1)
    worst = posts[best_range[0]:best_range[1]]
    reason = (f"{best} posts between {format_timestamp(worst[0].created_at)} and {format_timestamp(worst[-1].created_at)}"
              if worst else "no own posts in the window")
    return make("BRD002", t, grade_high(best, t), figure=best, evidence=[m.id for m in worst], reason=reason,
                suggestion="Spread posts out; fewer, better announcements." if best > (t.warn or 0) else "")
