"""A customer's thank-you after an answer ("thanks, that helped!", "danke, hat geklappt").

By the rulebook such a conversation waits (its latest message is inbound) until someone marks
it done; the queue says when the message that keeps it waiting reads as thanks, so the agent
can close it in a keystroke instead of reading it. Only a short message counts, and only when
nothing in it asks or complains: "thanks, but it still reboots" and "Danke für nichts" wait
for an answer like any other.
"""

from __future__ import annotations

import re

from socialtui.rules.text.complaints import is_complaint
from socialtui.rules.text.matching import fold

MAX_WORDS = 12  # "thanks a lot, that fixed it, you are the best!" (handles and links not counted)
_THANKS = re.compile(
    r"\b(?:thanks?|thank you|thx|ty|cheers|much appreciated|appreciate it|that (?:helped|worked|did it|fixed it)|"
    r"works (?:now|again)|all good now|problem solved|danke|dankeschoen|vielen dank|merci|hat (?:geklappt|funktioniert)|"
    r"geht wieder|funktioniert wieder|passt(?: jetzt)?|alles klar|super,? danke|top)\b")
# Anything that keeps the conversation open: a question, a "but", a problem still there, sarcasm.
_OPEN = re.compile(
    r"\?|\b(?:but|however|still|again\?|not|no|doesn't|don't|didn't|isn't|won't|can't|never|nothing|"
    r"aber|jedoch|immer noch|noch immer|nicht|kein|keine|nie|nichts|trotzdem|leider)\b")
_SKIP = re.compile(r"(?:@[\w.@-]+|https?://\S+)")


def is_thanks(text: str) -> bool:
    """``text`` only thanks (or says it is solved): short, no question, no "but", no problem."""
    folded = fold(_SKIP.sub(" ", text or ""))
    if not folded or len(folded.split()) > MAX_WORDS:
        return False
    return bool(_THANKS.search(folded)) and not _OPEN.search(folded) and not is_complaint(text)
