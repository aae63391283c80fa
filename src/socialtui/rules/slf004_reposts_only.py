"""SLF004 reposts-only."""

from socialtui.rules.base import Thresholds, counted, grade_high, make, not_applicable, rule
from socialtui.rules.facts import facts_for

MINIMUM = 10


@rule("SLF004", "reposts-only", "self-centred", warn=0.5, fail=0.8, unit="of outbound", rate=True,
      minimum="10 outbound messages")
def check(snap, t: Thresholds):
    """What it checks:
    Reposts as a share of all outbound activity (posts, replies, DMs and reposts).

    Why it matters:
    An account that only repeats others has no voice of its own; people follow it for
    nothing.

    Example:
    Thirty reposts and four replies in a week.

    Suggested fix:
    Write your own posts and answers; repost sparingly, with a comment.

    Warns above 50 %, fails above 80 %.
    """
    minimum = int(t.options.get("minimum", MINIMUM))  # [rules.CODE] minimum = N
    f = facts_for(snap)
    if len(f.outbound) < minimum:
        return not_applicable("SLF004", t, f"only {counted(len(f.outbound), 'outbound message')} (need {minimum})")
    share = len(f.reposts) / len(f.outbound)
    return make("SLF004", t, grade_high(share, t), figure=share,
                evidence=[m.id for m in sorted(f.reposts, key=lambda m: (m.created_at, m.id), reverse=True)[:20]],
                reason=f"{len(f.reposts)} of {len(f.outbound)} outbound messages are reposts",
                suggestion="Say something yourself instead of reposting.")
