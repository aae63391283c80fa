"""Complaints (inbound) and problem acknowledgements (own top-level posts), EN and DE.

Complaint vocabulary: not delivered / not arrived / hasn't arrived / still waiting /
waiting for weeks, broken, damaged, doesn't work / isn't working / stopped working,
crashes, refund, delayed, angry/frustrated/disappointed, unacceptable, "where is my
order"; German "funktioniert nicht", "immer noch nicht geliefert", "nicht angekommen",
"kaputt", "defekt", "Verspätung", "verspätet", "warte seit", "wo bleibt", "verschoben",
"Erstattung", "enttäuscht". A plain mention of a delivery ("Lieferung") is not a
complaint by itself.

Acknowledgement vocabulary (the account's own posts): sorry/apology ("sorry for the
delay"), delay, outage, recall, fix, known issue, status update, "we're working on it";
German "Entschuldigung", "entschuldigt die Verspätung", "tut uns leid", "Verzögerung",
"Störung", "Rückruf", "behoben".

Extend per account with ``[vocabulary] complaint = [...]`` and ``ack = [...]``
(literal phrases, matched case- and umlaut-insensitively on word boundaries).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Sequence

from socialtui.rules.text.matching import TEXT_CACHE, combined, find_first, fold

COMPLAINT = (
    r"(?:still )?not (?:yet )?(?:delivered|arrived|shipped|available|working|fixed)", r"(?:doesn't|does not|won't|will not|don't) work",
    r"(?:hasn't|haven't|didn't|has not|have not|did not) (?:yet |even )?(?:arrived|come|shown up|been delivered|been shipped)",
    r"(?:isn't|aren't|wasn't|weren't) (?:\w+ )?working", r"(?<!i )(?<!we )(?<!they )(?:has |have |just )?stopped (?:working|charging)",
    r"broken", r"broke (?:after|again|down)", r"damaged", r"never (?:arrived|came|showed up)",
    r"still no (?:sign|word|update)", r"refund", r"delay(?:ed)?", r"waiting (?:for|since) (?:weeks|days|\d+)",
    r"still waiting", r"no (?:answer|reply|response)", r"(?:so |very )?(?:disappointed|frustrated|angry|annoyed)",
    r"unacceptable", r"terrible (?:service|support)", r"worst", r"where is my (?:order|phone|parcel|package|k\d+)",
    r"keeps? (?:crashing|rebooting|freezing)", r"(?:crashes|reboots|freezes)", r"when will (?:the |my )?(?:k\d+|order|phone)",
    r"funktioniert (?:immer noch )?nicht", r"(?:immer noch|noch immer) nicht (?:geliefert|da|verfuegbar|angekommen)",
    r"kaputt", r"verspaetung", r"warte (?:seit|schon)", r"enttaeuscht", r"unverschaemt", r"erstattung", r"geld zurueck",
    r"keine (?:antwort|reaktion)", r"stuerzt (?:staendig |dauernd )?ab", r"wann (?:kommt|wird|ist) (?:das|mein|die|der) ",
    r"nicht geliefert", r"(?:nicht|nie) angekommen", r"(?:ist |sind |hat sich |haben sich )?verspaetet", r"wo bleibt", r"(?:wurde |wird |ist )?verschoben", r"keine (?:info|infos|information(?:en)?)",
    r"wann (?:ist|kommt|wird) [\w ]{0,30}endlich", r"defekt", r"geht (?:immer noch |schon wieder )?nicht", r"reklamation",
    r"schlechte[rn]? (?:service|support|kundenservice)", r"seit wochen", r"nervt",
)
ACKNOWLEDGE = (
    r"(?:we(?:'re| are)|we're) sorry", r"we apologi[sz]e", r"apolog(?:y|ies)", r"(?:there is|there's) a delay", r"delayed",
    r"outage", r"recall", r"(?:we(?:'ve| have)|a) fix(?:ed)?", r"status update", r"known issue", r"we(?:'re| are) (?:working on|investigating)",
    r"update on (?:the )?(?:delay|delivery|issue|outage)",
    r"sorry (?:for|about) (?:the |this |any |our )?(?:delay|wait|outage|trouble|inconvenience|disruption|problems?|issues?)",
    r"sorry fuer (?:die |den |das )?(?:verspaetung|verzoegerung|ausfall|warten|stoerung)",
    r"entschuldig(?:ung|en|t)", r"(?:die|unsere) verspaetung", r"tut uns leid", r"verzoegerung", r"stoerung", r"rueckruf", r"behoben", r"wir arbeiten (?:daran|an)",
    # a fix or status announced in a heading, a problem named as such
    r"fixed:", r"(?:problems?|issues?|outage|bug) (?:is |are |has been |have been )?(?:now )?(?:resolved|fixed)",
    r"(?:is|are) (?:now )?resolved", r"we(?:'re| are) aware", r"sorry,? (?:to )?(?:everyone|all of you)",
    r"sorry,? (?:the|our|your) [\w -]{1,30} (?:is|are|was|were) (?:late|delayed|down|broken|faulty)",
    r"(?:is|are) running late", r"scheduled maintenance", r"maintenance (?:tonight|window|work)", r"service notice",
    r"rueckruf\w*", r"lieferverzug", r"lieferengpass", r"lieferschwierigkeiten", r"verzoeger\w*",
    r"(?:ein|einem|das|dem) problem mit", r"wir arbeiten dran", r"wartungsarbeiten",
)


def is_complaint(text: str, extra: Sequence[str] = ()) -> bool:
    """An inbound message that complains (see the module docstring for the vocabulary)."""
    return _is_complaint(text, tuple(extra))


@lru_cache(maxsize=TEXT_CACHE)
def _is_complaint(text: str, extra: tuple[str, ...]) -> bool:
    return find_first(combined(COMPLAINT, extra), fold(text)) is not None


def acknowledges_problem(text: str, extra: Sequence[str] = ()) -> bool:
    """An own post that admits a problem: apology, delay, outage, recall, fix or status update."""
    return find_first(combined(ACKNOWLEDGE, extra), fold(text)) is not None
