"""Hijack reports: an inbound message saying *this* account may be compromised (SEC004).

The core signal is second person (you/your; ihr/euch/euer; Sie/Ihr) or the account's
own handle or brand name, next to compromise vocabulary:

- English: "were you hacked?", "did someone hack your account?", "your account is
  sending phishing", "is this really you?", "is this DM really from you?", "weird DM
  from you", "got a strange link from your account", "you sent me a weird link",
  "someone took over your account", "@kestrelmobile got hacked?"
- German: "seid ihr gehackt?", "Sind Sie gehackt worden?", "hat man euch gehackt?",
  "ihr wurdet gehackt", "wurde euer Account gehackt", "Ihr Konto wurde wohl gekapert",
  "seltsame Nachricht von euch", "komische DM von euch", "ist das wirklich von euch?",
  "ihr habt mir einen komischen Link geschickt", "habt ihr mir gerade eine komische
  Nachricht geschickt?"

Not reports: the customer's own trouble ("my account was hacked", "mein Konto wurde
gehackt", "I forgot my password": first-person ownership negates unless something
still came *from you*), jokes ("lol did a hacker write this ad 😂", unless a real
question remains) and news about other companies ("Did you see OtherCorp got hacked?",
which names nobody's account but the other company's).

Extend per account with ``[vocabulary] hijack = [...]`` (literal phrases).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Sequence

from socialtui.rules.text.matching import TEXT_CACHE, Match, combined, find_first, fold

_ODD = r"(?:weird|strange|odd|suspicious|fake|sketchy|shady|dodgy|creepy|spammy|phishy|phishing|scam|spam)"
_THING = r"(?:dm|message|link|direct message|private message|post|email|e-mail|mail|giveaway|msg|pm)s?"
REPORT_EN = (
    r"(?:were|are|have) you (?:guys |just |been |all )*(?:hacked|compromised|hijacked)",
    r"did (?:you|your account|y'all) (?:just )?get (?:hacked|compromised|hijacked)",
    r"you(?:'ve| have)? (?:been|got|get) (?:hacked|compromised|hijacked)",
    r"your (?:account|profile|page|feed|dms?)(?: \w+){0,3} (?:hacked|compromised|hijacked|taken over)",
    r"(?:is|was) (?:this|that|it) (?:really|actually|truly) (?:you|from you|yours|your account)",
    rf"(?:is|was) (?:this|that) {_THING} (?:really |actually )?(?:from you|yours|legit(?:imately)? from you)",
    r"is this (?:really |actually )?your (?:account|dm|message|link)",
    rf"{_ODD} {_THING} (?:from|by|sent by|coming from) (?:you|your)",
    rf"you(?:'re| are)? (?:just )?(?:sent|sending|dm'?e?d|dming|messaged|messaging|posting|posted) (?:me |us |people |everyone |out )?(?:a |an |this |some |these )?{_ODD}",
    rf"your account (?:is |has been |keeps |just )?(?:sending|sends|sent|posting|posts|posted|spamming|spams|dming|dms) (?:out )?(?:me |people |everyone )?(?:a |an |some )?{_ODD}",
    r"someone (?:has |have )?(?:taken over|took over|got into|hacked|is using|is controlling|broke into) your account",
    r"(?:did|has|have) (?:someone|somebody|anyone) (?:just )?(?:hack|hacked|hijack|hijacked|take over|taken over) (?:you|your (?:account|profile|page))",
    r"did you (?:really |actually )?send (?:this|that|me (?:this|that|a link|a dm))",
)
_ODD_DE = r"(?:seltsam|komisch|merkwuerdig|verdaechtig|dubios|eigenartig|gefaelscht)(?:e[nmrs]?)?"
_THING_DE = r"(?:nachricht(?:en)?|dms?|pns?|direktnachricht(?:en)?|links?|mails?|e-mails?|posts?|gewinnspiel)"
REPORT_DE = (
    r"(?:seid|wurdet) ihr (?:\w+ )?gehackt", r"(?:wurden|sind) sie (?:\w+ )?gehackt", r"ihr (?:seid|wurdet) (?:\w+ )?gehackt",
    r"hat (?:man |jemand |wer )?(?:euch|sie) (?:\w+ )?(?:jemand )?gehackt",
    r"(?:euer|eurer|euren|ihr) (?:account|konto|profil|zugang)(?: \w+){0,3} (?:gehackt|kompromittiert|gekapert|uebernommen)",
    rf"{_ODD_DE} {_THING_DE} (?:von|vom) (?:euch|ihnen|eurem|eurer|ihrem|ihrer)",
    rf"(?:ist|kam|war|sind|kamen) (?:das|die(?:se)?(?: {_THING_DE})?|der(?: link)?) (?:wirklich |echt |tatsaechlich )?von (?:euch|ihnen)",
    r"seid (?:das|ihr das) (?:wirklich|echt)",
    rf"(?:ihr habt|sie haben|habt ihr|haben sie) mir (?:gerade |eben |grad )?(?:eine?n? |so eine?n? )?{_ODD_DE}",
    r"(?:ihr verschickt|verschickt ihr|euer (?:account|konto) (?:verschickt|schickt|sendet)|ihr schickt|schickt ihr) (?:\w+ )?(?:phishing|spam)",
)
# Every report phrase above contains at least one of these (folded) words. Texts without
# any of them (nearly all of a busy inbox) skip the big expression: a few substring tests
# instead of a regex search per message. Keep it in step when adding a phrase above.
ANCHORS = (
    "hack", "compromis", "hijack", "taken over", "took over", "really", "actually", "truly", "legit", "from you",
    "yours", "is this", "someone", "send", "sent", "weird", "strange", "odd", "suspicious", "fake", "sketchy",
    "shady", "dodgy", "creepy", "spam", "phish", "scam", "kompromittiert", "gekapert", "uebernommen", "seltsam",
    "komisch", "merkwuerdig", "verdaechtig", "dubios", "eigenartig", "gefaelscht", "von euch", "von ihnen",
    "wirklich", "echt",
)

# First-person ownership of the compromised thing: the customer's own trouble. "My password"
# alone is not: "a DM asking for my password" is what the hijacked account wants from them.
OWN_TROUBLE = re.compile(
    r"(?<!\w)(?:my|mine|i was|i got|i(?:'ve| have) been|mein(?:e|en|em)?|ich wurde|ich habe|bei mir)"
    r"(?:\s+\S+){0,4}?\s+(?:hacked|compromised|gehackt|vergessen|locked out)"
    r"|(?<!\w)i (?:forgot|forget|lost|can't remember|cannot remember)(?:\s+\S+){0,2}?\s+password"
)
FROM_YOU = re.compile(r"(?<!\w)(?:from you|from your|by you|von euch|von ihnen|vom euch)(?!\w)")
JOKE = re.compile(r"(?<!\w)(?:lol|lmao|haha+|rofl|just kidding|jk|did a hacker write)(?!\w)|[😂🤣😆]")
# A laugh does not make a phishing link harmless: these keep a report that carries a joke marker
# ("lol your account just sent me a phishing link"), while "spam" stays a joke about ads.
SERIOUS = re.compile(r"phish|malware|passwor[dt]|zugangsdaten|credential|scam|betrug|login|verif")


def find_hijack_report(text: str, account_handle: str | None = None, brand_terms: Sequence[str] = (),
                       extra: Sequence[str] = ()) -> Match | None:
    """The report phrase when ``text`` says this account may be compromised, else None.

    ``account_handle`` and ``brand_terms`` also catch third-person reports
    ("@kestrelmobile got hacked?", "Kestrel is sending phishing DMs").
    """
    return report_finder(account_handle, tuple(brand_terms), tuple(extra))(text or "")


def report_finder(account_handle: str | None = None, brand_terms: tuple[str, ...] = (),
                  extra: tuple[str, ...] = ()):
    """:func:`find_hijack_report` for one account, as a one-argument function (for bulk use)."""
    names = tuple(n for n in ((account_handle or "").lstrip("@"), *brand_terms) if n and len(n) >= 3)
    return lambda text: _find(text, names, extra)


@lru_cache(maxsize=64)
def _third_person(names: tuple[str, ...]) -> tuple[str, ...]:
    if not names:
        return ()
    who = "@?(?:" + "|".join(re.escape(fold(n)) for n in names) + r")(?:'s|s)?"
    return (
        who + r"(?: account| profile)?(?: \w+){0,2} (?:hacked|compromised|hijacked|gehackt|gekapert)",
        who + rf"(?: account)? (?:is |keeps )?(?:sending|posting|spamming|verschickt) (?:out )?(?:\w+ )?{_ODD}",
    )


@lru_cache(maxsize=64)
def _anchors(names: tuple[str, ...], extra: tuple[str, ...]) -> tuple[str, ...]:
    """The anchor words plus the account's names and extra phrases (which carry their own)."""
    return ANCHORS + tuple(fold(n) for n in names) + tuple(fold(p) for p in extra if p.strip())


@lru_cache(maxsize=TEXT_CACHE)
def _find(text: str, names: tuple[str, ...], extra: tuple[str, ...]) -> Match | None:
    folded = fold(text)
    if not any(a in folded for a in _anchors(names, extra)):
        return None
    phrase = find_first(combined(REPORT_EN + REPORT_DE + _third_person(names), extra), folded)
    if phrase is None:
        return None
    if OWN_TROUBLE.search(folded) and not FROM_YOU.search(folded):
        return None
    if JOKE.search(folded) and "?" not in folded.replace(phrase, "") and not SERIOUS.search(folded):
        return None
    lang = "de" if find_first(combined(REPORT_DE, ()), folded) else "en"
    return Match(phrase, f"says this account may be compromised (\u201c{phrase}\u201d)", lang)
