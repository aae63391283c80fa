"""DFL001 deflection-rate."""

from socialtui.rules.base import Thresholds, counted, grade_high, make, not_applicable, rule
from socialtui.rules.facts import facts_for

MINIMUM = 5


@rule("DFL001", "deflection-rate", "deflection", warn=0.15, fail=0.3, unit="of replies", rate=True,
      minimum="5 outbound replies")
def check(snap, t: Thresholds):
    """What it checks:
    The share of the account's replies that send the customer somewhere else (a
    hotline, an email address, a web form, the FAQ, "DM us") instead of answering.
    English and German phrasing is recognised. Asking to move to DMs counts unless the
    same conversation later gets a public follow-up.

    Why it matters:
    A deflection moves the problem out of public view without solving it. Customers
    read it as "go away", and everyone else sees it too.

    Example:
    "Please call our hotline." / "Bitte wenden Sie sich an unseren Kundenservice."

    Suggested fix:
    Answer where you were asked. If you really need private data, escalate and promise
    a public follow-up, then post it.

    Warns above 15 %, fails above 30 %.
    """
    minimum = int(t.options.get("minimum", MINIMUM))  # [rules.CODE] minimum = N
    f = facts_for(snap)
    replies = f.out_replies
    if len(replies) < minimum:
        return not_applicable("DFL001", t, f"only {counted(len(replies), 'outbound reply', 'outbound replies')} in the window (need {minimum})")
    deflecting = [m for m in replies if m.id in f.deflections]
    share = len(deflecting) / len(replies)
    deflecting.sort(key=lambda m: (m.created_at, m.id))
    return make("DFL001", t, grade_high(share, t), figure=share, evidence=[m.id for m in deflecting],
                reason=f"{len(deflecting)} of {len(replies)} replies deflect",
                suggestion="Answer in the thread; escalate internally instead of sending people away." if deflecting else "",
                details={"deflections": len(deflecting), "replies": len(replies)})
