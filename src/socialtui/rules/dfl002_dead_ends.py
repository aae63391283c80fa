"""DFL002 dead-ends."""

from datetime import timedelta

from socialtui.rules.base import Thresholds, grade_high, make, rule
from socialtui.rules.facts import facts_for

FOLLOW_UP = timedelta(hours=24)


@rule("DFL002", "dead-ends", "deflection", warn=1, fail=5, unit="conversations")
def check(snap, t: Thresholds):
    """What it checks:
    Conversations whose last message from the account is a deflection, with no
    follow-up from the account within 24 hours of it. A deflection less than 24 hours
    old is not counted yet: there is still time to follow up.

    Why it matters:
    The customer was sent away and the account never came back: the conversation
    ends with "call the hotline" for everyone to read.

    Example:
    "Please contact our customer service." on Monday, nothing since.

    Suggested fix:
    Go back to these conversations and post the answer, or what you found out.

    Warns at 1, fails at 5.
    """
    f = facts_for(snap)
    if not f.deflections:
        return make("DFL002", t, "ok", figure=0, reason="no reply deflects")
    dead = []
    for conv in snap.conversations.values():
        outs = [m for m in conv.messages if m.direction == "out"]
        if not outs:
            continue
        last = outs[-1]
        if last.id in f.deflections and snap.now - last.created_at >= FOLLOW_UP:
            dead.append((last.created_at, last.id))  # (evidence names messages: the deflection)
    dead.sort()
    n = len(dead)
    return make("DFL002", t, grade_high(n, t, warn_inclusive=True, fail_inclusive=True), figure=n,
                evidence=[mid for _, mid in dead],
                reason=f"{n} conversation{'s end' if n != 1 else ' ends'} with a deflection and no follow-up within 24h",
                suggestion="Return to these conversations with an answer." if n else "")
