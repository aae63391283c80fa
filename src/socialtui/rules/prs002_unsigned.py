"""PRS002 unsigned."""

from socialtui.rules.base import Thresholds, counted, grade_high, make, not_applicable, rule
from socialtui.rules.facts import facts_for

MINIMUM = 5


@rule("PRS002", "unsigned", "personal", warn=0.1, fail=0.5, unit="of replies", rate=True,
      minimum="team signatures configured and 5 outbound replies")
def check(snap, t: Thresholds):
    """What it checks:
    With team signatures configured ([[agents]] in account.toml), the share of replies
    that carry no team member's signature.

    Why it matters:
    A signature ("^DK") tells the customer a person answered and lets them pick up the
    thread with the same person. Anonymous replies feel like a machine.

    Example:
    14 of 40 replies have no ^initials.

    Suggested fix:
    Sign every reply; socialtui adds your signature when you pick your agent (--agent).

    Warns above 10 %, fails above 50 %.
    """
    minimum = int(t.options.get("minimum", MINIMUM))  # [rules.CODE] minimum = N
    sigs = [a.signature for a in snap.account.agents if a.signature]
    if not sigs:
        return not_applicable("PRS002", t, "no team signatures configured ([[agents]] in account.toml)")
    replies = facts_for(snap).out_replies
    if len(replies) < minimum:
        return not_applicable("PRS002", t, f"only {counted(len(replies), 'outbound reply', 'outbound replies')} (need {minimum})")
    folded = [s.casefold() for s in sigs]
    unsigned = [m for m in replies if not any(s in m.text.casefold() for s in folded)]
    share = len(unsigned) / len(replies)
    return make("PRS002", t, grade_high(share, t), figure=share,
                evidence=[m.id for m in sorted(unsigned, key=lambda m: (m.created_at, m.id), reverse=True)],
                reason=f"{len(unsigned)} of {len(replies)} replies carry no team signature",
                suggestion="Sign replies (start socialtui with --agent to add yours automatically)." if unsigned else "")
