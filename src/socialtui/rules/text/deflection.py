"""Deflection: a reply that sends the customer elsewhere instead of answering.

Vocabulary (English and German), extendable per account with
``[vocabulary] deflection = ["ring our care line", ...]`` in account.toml:

- phone: "call our hotline", "give us a call", "rufen Sie uns an", "unsere Hotline"
- email and forms: "email us at", "contact form", "per E-Mail an", "Kontaktformular"
- elsewhere: "contact customer service", "visit our FAQ", "wenden Sie sich an"
- DM moves: "DM us", "send us a DM", "schreib uns per DM / Direktnachricht"

A reply that also *answers* is not a deflection: a date or time ("it ships on
Monday", "das Update kommt am 23.11."), a concrete fix or instruction ("we've fixed",
"you can ...", "Settings > Network"), or a substantial explanation besides the redirect
(28 words or more once the redirect, handles, links and phone numbers are taken out).
Opening hours of the hotline ("Mo-Fr 8-18 Uhr", "Monday to Friday") are not an answer.
Precision matters more than recall: false alarms teach people to ignore the sidebar.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Sequence

from socialtui.rules.text.matching import TEXT_CACHE, Match, combined, find_first, fold

REDIRECT_EN = (
    r"call (?:us|our (?:hotline|helpline|support line|service line|care team))",
    r"give us a (?:call|ring)", r"(?:our|the) (?:hotline|helpline)", r"phone (?:us|our)",
    r"(?:e-?mail|write to) us(?: at)?", r"send (?:an )?e-?mail to", r"contact form", r"web ?form",
    r"contact (?:our )?(?:customer (?:service|support|care)|support team|service team)",
    r"reach out to (?:our )?(?:customer (?:service|support)|support)", r"(?:see|visit|check) our (?:faq|help (?:center|centre|page))",
    r"(?:please )?(?:open|submit|raise) a (?:support )?ticket",
)
REDIRECT_DE = (
    r"wenden sie sich (?:bitte )?an", r"wende dich (?:bitte )?an", r"rufen sie (?:uns|unsere)", r"ruf uns an",
    r"unsere[nr]? (?:hotline|service-?hotline|kundenhotline)", r"(?:unseren|den|unser) kundenservice",
    r"kontaktformular", r"per e-?mail an", r"schreiben sie (?:uns )?(?:eine )?e-?mail", r"schreib uns eine e-?mail",
    r"melden sie sich (?:bitte )?(?:telefonisch|bei unserem)", r"(?:in|auf) unseren faq",
)
DM_MOVE = (
    r"(?:dm|pm) us", r"send us (?:a )?(?:dm|pm|direct message|private message)", r"slide into our dms",
    r"(?:please )?(?:message|contact) us (?:privately|via dm|in dm|by dm)", r"via dm",
    r"schreib(?:en sie)? uns (?:eine |per |gerne eine |gerne per )?(?:dm|pn|direktnachricht|privatnachricht)",
    r"per (?:dm|pn|direktnachricht)", r"(?:eine|ihre) direktnachricht",
)
# Signals that the reply also answers: concrete dates, instructions, fixes.
ANSWER = (
    r"(?:it|they|your order|the update|the fix|k\d+) (?:ships|will ship|arrives|will arrive|is available|goes out)",
    r"you can (?!reach|call|contact|dm|email|e-mail|write|message|send|find us|ring|also (?:reach|call|contact))",
    r"we(?:'ve| have) (?:fixed|shipped|sent|refunded|replaced|resolved|credited|extended)",
    r"(?:go to|open) settings", r"\w+ ?> ?\w+", r"restart (?:your|the)", r"update (?:to|your)",
    r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|next week)",
    r"(?:montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|ab morgen|bis morgen|uebermorgen|naechste woche)",
    r"\d{1,2}(?:\.|/)\d{1,2}\.?", r"\d{1,2}(?::\d{2})? ?(?:am|pm|uhr)",
    r"(?:kommt|erscheint|wird) am", r"wir haben (?:das|es|den fehler)? ?(?:behoben|repariert|erstattet|verschickt)",
    r"sie koennen (?:bereits|jetzt|schon|das|es|die|den)", r"du kannst (?:bereits|jetzt|schon|das|es|die|den)", r"(?:gehen sie|oeffnen sie) (?:auf|in|die) einstellungen",
)


# Opening hours of the line the customer is sent to: not an answer.
_HOURS = re.compile(
    r"(?<!\w)(?:mon(?:day)?|mo(?:ntag)?)\.? ?(?:-|–|to|bis|through|thru) ?(?:fri(?:day)?|fr(?:eitag)?|sat(?:urday)?|sa(?:mstag)?)\.?"
    r"|(?<!\w)\d{1,2}(?::\d{2})? ?(?:am|pm|uhr)? ?(?:-|–|to|bis) ?\d{1,2}(?::\d{2})? ?(?:am|pm|uhr)(?!\w)"
    r"|(?<!\w)(?:24/7|rund um die uhr|around the clock)(?!\w)"
)


def find_deflection(text: str, extra: Sequence[str] = ()) -> Match | None:
    """The redirect phrase when ``text`` sends the customer elsewhere without answering."""
    return _find_deflection(text, tuple(extra))


@lru_cache(maxsize=TEXT_CACHE)
def _find_deflection(text: str, extra: tuple[str, ...]) -> Match | None:
    folded = fold(text)
    phrase = find_first(combined(REDIRECT_EN + REDIRECT_DE + DM_MOVE, extra), folded)
    if phrase is None:
        return None
    if _answers(folded, phrase):
        return None
    lang = "de" if find_first(combined(REDIRECT_DE, ()), folded) else "en"
    return Match(phrase, f"sends the customer elsewhere (\u201c{phrase}\u201d) without answering", lang)


def is_dm_move(text: str) -> bool:
    """Asks to continue in direct messages ("DM us", "schreib uns per DM").

    A DM move is a deflection unless the same conversation later gets a public
    follow-up; the caller applies that with conversation data (see RULEBOOK).
    """
    return find_first(combined(DM_MOVE, ()), fold(text)) is not None


def _answers(folded: str, phrase: str) -> bool:
    folded = _HOURS.sub(" ", folded)
    if find_first(combined(ANSWER, ()), folded):
        return True
    # A long reply has room for an answer besides the redirect.
    rest = folded.replace(phrase, " ")
    rest = re.sub(r"@\w+|https?://\S+|\^\w+|\+?\d[\d /-]{5,}", " ", rest)
    return len(rest.split()) >= 28
