"""A customer's thank-you after an answer ("thanks, that helped!", "danke, hat geklappt").

By the rulebook such a conversation waits (its latest message is inbound) until someone marks
it done; the queue says when the message that keeps it waiting reads as thanks, so the agent
can close it in a keystroke instead of reading it. The test is strict on purpose, since a
wrong "only thanks" could close a conversation that still needs an answer: once its thanks
phrases ("thank you so much", "vielen Dank für die schnelle Hilfe", "works now") are taken out,
what is left of the message must be filler ("so", "really", "you guys", "euch"). "Thanks. Fix
it.", "Please resend the invoice. Thanks", "thanks in advance", "Great, thanks a lot 🙄",
"Danke, ich kündige", "Danke für nichts", a question or a link of the customer's all wait for
an answer like any other message. Missing a thank-you costs a keystroke; closing a request
costs a customer.
"""

from __future__ import annotations

import re

from socialtui.rules.text.matching import fold

MAX_WORDS = 16  # "thank you so much for the quick help, that fixed it, you are the best!"
_FOR = r"(?:the|your|this|that|all the|all your)? ?(?:quick |fast |kind |great |speedy |prompt )?"
_FUER = r"(?:die|deine|eure|ihre|den|das|dein|euren|ihren)? ?(?:schnelle |schnellen |nette |tolle |super )?"
_PHRASES = re.compile(
    r"\b(?:"
    # English
    r"thank(?:s| you| u)?(?: so much| very much| a lot| a million| a bunch| heaps| kindly| again)*"
    rf"(?: for {_FOR}(?:help|reply|answer|response|info|update|tip|support|fix|quick reply|quick response)"
    r"| for (?:letting me know|getting back to me|sorting (?:that|this|it) out|your time))?"
    r"|thx|tysm|ty|cheers(?: mate)?|much appreciated|(?:i )?(?:really )?appreciate (?:it|that|your help)"
    r"|that (?:helped|worked|did it|did the trick|fixed it|solved it)|it (?:worked|works)(?: now| again| perfectly)?"
    r"|works (?:now|again|perfectly(?: now)?)|all (?:good|sorted|fixed) now|all good|problem solved|solved|sorted"
    r"|got it|you(?:'re| are) (?:the best|great|awesome|amazing)|that(?:'s| is) (?:great|perfect|awesome|brilliant)"
    r"|great|perfect|awesome|brilliant|lovely|excellent"
    r"|have a (?:nice|great|good) (?:day|weekend|evening)"
    # German
    r"|(?:vielen |herzlichen |tausend |besten |lieben |recht herzlichen |vielen lieben |vielen herzlichen )?dank"
    r"(?:e(?:schoen|sehr)?)?(?: (?:dir|ihnen|euch))?(?: vielmals)?"
    rf"(?: fuer {_FUER}(?:hilfe|antwort|info|infos|rueckmeldung|tipp|unterstuetzung|muehe))?"
    r"|merci(?: vielmals)?|(?:das )?hat (?:geklappt|funktioniert|geholfen)|(?:jetzt )?klappt(?: es)?(?: wieder| jetzt)?"
    r"|(?:jetzt )?(?:geht|laeuft|funktioniert)(?:'s| es)? (?:wieder|jetzt)|es funktioniert wieder"
    r"|hat sich erledigt|(?:ist )?angekommen|passt(?: jetzt)?|alles klar|super|prima|spitze|toll|top|perfekt"
    r"|schoenen (?:tag|abend)(?: noch)?"
    r")\b")
# What may be left once the phrases are out: filler, never a request or a complaint.
_FILLER = frozenset("""
a again all also and are everyone folks guys it its just much oh ok okay really so so much team that the this
too very wow yes yeah you your yours
ah alles also auch euch ihr ja jetzt mal nochmal ok okay sehr so und wirklich
""".split())
_SOUR = re.compile(r"[\U0001F644\U0001F612\U0001F621\U0001F92C\U0001F624\U0001F44E\U0001F620\U0001F643\U0001F611"
                   r"\U0001F4A9\U0001F595\U0001F610\U0001F61E\U0001F622\U0001F62D]|[:;]-?[(/\\|]")
_HANDLES = re.compile(r"@[\w.@-]+")
_WORDS = re.compile(r"[\w']+")


def is_thanks(text: str) -> bool:
    """``text`` only thanks (or says it is solved): nothing asked, nothing linked, nothing else."""
    if not text or _SOUR.search(text):
        return False
    folded = fold(_HANDLES.sub(" ", text))
    if "?" in folded or "http" in folded or "www." in folded:  # (fold maps a full-width ？ to ?)
        return False
    words = _WORDS.findall(folded)
    if not words or len(words) > MAX_WORDS:
        return False
    rest, found = _PHRASES.subn(" ", " ".join(words))
    return bool(found) and any(w for w in words if _THANKS_WORD.match(w)) and \
        all(w in _FILLER for w in rest.split())


# At least one word of thanks or of a solved problem proper (not only "great" or "super").
_THANKS_WORD = re.compile(r"(?:thank|thx|tysm|ty$|cheers|appreciat|dank|merci|helped|worked|works|solved|sorted"
                          r"|fixed|geklappt|klappt|geholfen|funktioniert|wieder|erledigt|angekommen|passt|trick|got$|best$)")
