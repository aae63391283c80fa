"""BRD001 broadcast-ratio."""

from socialtui.rules.base import Thresholds, counted, grade_high, make, not_applicable, rule
from socialtui.rules.facts import facts_for

MINIMUM = 10


@rule("BRD001", "broadcast-ratio", "broadcast", warn=0.5, fail=0.75, unit="of outbound", rate=True,
      minimum="10 outbound posts, replies and DMs")
def check(snap, t: Thresholds):
    """What it checks:
    Own top-level posts as a share of everything the account wrote: posts, replies and
    DMs (reposts are left out).

    Why it matters:
    An account that mostly announces and rarely answers is a megaphone, not a
    conversation. People notice and stop talking to it.

    Example:
    48 posts, 9 replies, 3 DMs: 80 % broadcast.

    Suggested fix:
    Post less and answer more: every reply you send lowers this figure.

    Warns above 50 %, fails above 75 %.
    """
    minimum = int(t.options.get("minimum", MINIMUM))  # [rules.CODE] minimum = N
    f = facts_for(snap)
    written = [m for m in f.outbound if m.kind in ("post", "reply", "dm")]
    if len(written) < minimum:
        return not_applicable("BRD001", t, f"only {counted(len(written), 'outbound message')} in the window (need {minimum})")
    posts = [m for m in written if m.kind == "post"]
    share = len(posts) / len(written)
    newest = sorted(posts, key=lambda m: (m.created_at, m.id), reverse=True)
    return make("BRD001", t, grade_high(share, t), figure=share, evidence=[m.id for m in newest[:20]],
                reason=f"{len(posts)} top-level posts out of {len(written)} outbound messages",
                suggestion="Answer the people in your queue before posting again.",
                details={"posts": len(posts), "outbound": len(written)})
