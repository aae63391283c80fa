"""Hijack reports: an inbound message saying *this* account may be compromised.

The signal is second person (you/your, ihr/euch/eure/Sie) plus compromise words
(hacked, phishing, "is this really you", "weird DM from you", gehackt, "seltsame
Nachricht von euch"). Not reports: the customer's own account trouble ("my
account was hacked", "mein Passwort"), jokes, and news about other companies.
Extend per account with ``[vocabulary] hijack = [...]``.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Sequence

from socialtui.rules.text.matching import Match, combined, find_first, fold

REPORT_EN = (
    r"(?:were|are|have) you (?:been )?hacked", r"did you get hacked", r"you(?:'ve| have)? been hacked",
    r"your (?:account|profile|page) (?:is |has been |was |got |seems |looks )?(?:hacked|compromised|hijacked)",
    r"(?:is|was) (?:this|that) (?:really )?(?:you|from you)",
    r"(?:weird|strange|odd|suspicious|fake) (?:dm|message|link|direct message|post)s? (?:from|by) (?:you|your)",
    r"you(?:'re| are) (?:sending|posting) (?:phishing|spam|scam|weird|strange)",
    r"your account (?:is )?(?:sending|posting) (?:phishing|spam|scam|weird|strange)",
    r"(?:phishing|scam|spam) (?:dm|message|link)s? from (?:you|your account)",
    r"someone (?:has )?(?:taken over|got into|hacked) your account",
    r"did you (?:really )?send (?:this|that|me (?:this|that))",
)
REPORT_DE = (
    r"(?:seid|wurdet) ihr gehackt", r"wurden sie gehackt", r"(?:euer|eurer|ihr) (?:account|konto|profil) (?:wurde |ist )?(?:gehackt|kompromittiert|gekapert)",
    r"(?:seltsame|komische|merkwuerdige|verdaechtige) (?:nachricht|dm|pn|direktnachricht|link)(?:en)? (?:von|vom) (?:euch|ihnen|eurem)",
    r"ist das (?:wirklich )?von euch", r"seid (?:das|ihr das) wirklich", r"ihr verschickt (?:phishing|spam)",
)
OWN_TROUBLE = re.compile(
    r"(?<!\w)(?:my|mine|i was|i got|i(?:'ve| have) been|mein(?:e|en)?|ich wurde|bei mir)(?:\s+\w+){0,3}\s+"
    r"(?:hacked|compromised|password|passwort|gehackt)"
)
JOKE = re.compile(r"(?<!\w)(?:lol|lmao|haha+|rofl|😂|🤣|just kidding|jk|did a hacker write)(?!\w)")


def find_hijack_report(text: str, account_handle: str | None = None, brand_terms: Sequence[str] = (),
                       extra: Sequence[str] = ()) -> Match | None:
    """The report phrase when ``text`` says this account may be compromised."""
    return _find(text, tuple(extra))


@lru_cache(maxsize=262144)
def _find(text: str, extra: tuple[str, ...]) -> Match | None:
    folded = fold(text)
    phrase = find_first(combined(REPORT_EN + REPORT_DE, extra), folded)
    if phrase is None:
        return None
    if OWN_TROUBLE.search(folded) and not re.search(r"from (?:you|your)|von euch", folded):
        return None
    if JOKE.search(folded) and "?" not in folded.replace(phrase, ""):
        return None
    lang = "de" if find_first(combined(REPORT_DE, ()), folded) else "en"
    return Match(phrase, f"reports that this account may be compromised (\u201c{phrase}\u201d)", lang)
