"""A customer's thank-you after an answer ("thanks, that helped!", "danke, hat geklappt").

By the rulebook such a conversation waits (its latest message is inbound) until someone marks
it done; the queue says when the message that keeps it waiting reads as thanks, so the agent
can close it in a keystroke instead of reading it. The test is strict on purpose, since a
wrong "only thanks" could close a conversation that still needs an answer: the message must
thank (or say it is solved), and every other word in it must be one of a short list of words
that go with thanks ("so much", "for the quick reply", "hat geklappt"). "Please resend the
invoice. Thanks", "thanks in advance", "Great, thanks a lot 🙄", "Danke, ich kündige" and
"Danke für nichts" all wait for an answer like any other message.
"""

from __future__ import annotations

import re

from socialtui.rules.text.matching import fold

MAX_WORDS = 14  # "thanks a lot, that fixed it, you are the best!" (handles and links not counted)
_THANKS = re.compile(
    r"\b(?:thanks?|thank you|thx|cheers|much appreciated|appreciate it|that (?:helped|worked|did it|fixed it)|"
    r"works (?:now|again)|all good now|problem solved|solved|danke|dankeschoen|vielen dank|merci|"
    r"hat (?:geklappt|funktioniert)|geht wieder|funktioniert wieder)\b")
# Every word of an only-thanks message is a thanks word or one of these (folded: umlauts spelled out).
_ALLOWED = frozenset("""
a all also amazing and answer appreciate appreciated are awesome best big brilliant cheers did everything
fast fix fixed for from friendly good great guys happy help helped helpful helping i it its it's just kind lot
lovely many much nice now ok okay perfect problem quick quickly really reply response sorted so solved super
support team that the this thx thank thanks thankyou to too top very wonderful work worked working works
you your yours again all's

alles antwort auch bestens danke dankeschoen dank das die eure euch fuer funktioniert geht geklappt gelost
geloest gut hat herzlichen hilfe ihr jetzt klar lieben liebe lg mal merci passt perfekt prima problem
schnell schnelle schoen sehr spitze super tausend team toll top und vielen viel wieder wunderbar
""".split())
_SOUR = re.compile("[\U0001F644\U0001F612\U0001F621\U0001F92C\U0001F624\U0001F44E\U0001F620]")  # 🙄 😒 😡 🤬 😤 👎 😠
_SKIP = re.compile(r"(?:@[\w.@-]+|https?://\S+)")
_WORDS = re.compile(r"[\w']+")


def is_thanks(text: str) -> bool:
    """``text`` only thanks (or says it is solved): a thanks word, nothing asked, nothing else."""
    if not text or "?" in text or _SOUR.search(text):
        return False
    folded = fold(_SKIP.sub(" ", text))
    words = _WORDS.findall(folded)
    if words == ["ty"]:  # (only alone: "Ty said he would call" is a name)
        return True
    if not words or len(words) > MAX_WORDS or not _THANKS.search(folded):
        return False
    return all(w in _ALLOWED for w in words)
