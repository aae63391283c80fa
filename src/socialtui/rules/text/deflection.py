"""Deflection: a reply that sends the customer elsewhere instead of answering.

Vocabulary (English and German), extendable per account with
``[vocabulary] deflection = ["ring our care line", ...]`` in account.toml:

- phone: "call our hotline", "give us a call", "rufen Sie uns an", "unsere Hotline"
- email and forms: "email us at", "contact form", "per E-Mail an", "Kontaktformular"
- elsewhere: "contact customer service", "visit our FAQ", "wenden Sie sich an", "open a ticket",
  "dafür ist unser Kundendienst zuständig"
- a third party: "contact your local store", "ask your carrier", "wende dich an deinen Händler"
- DM moves: "DM us", "send us a DM", "schreib uns per DM / Direktnachricht"

A reply that also *answers* is not a deflection: a date or time ("it ships on
Monday", "das Update kommt am 23.11.") outside the redirect's own clause ("call our hotline
on Monday" only says when to call), a concrete fix or instruction ("we've fixed",
"you can ...", "Settings > Network"), or a substantial explanation besides the redirect
(28 words or more once the redirect, handles, links and phone numbers are taken out).
Opening hours of the hotline ("Mo-Fr 8-18 Uhr", "Monday to Friday") are not an answer.
Nor is it a deflection when the account says what *it* did with customer service ("Ich
habe den Kundenservice informiert", "I'll reach out to customer service for you"); it
still is when it hands the customer on ("Ich habe Sie an den Kundenservice verwiesen").
Precision matters more than recall: false alarms teach people to ignore the sidebar.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Sequence

from socialtui.rules.text.matching import TEXT_CACHE, Match, combined, find_first, fold

REDIRECT_EN = (
    r"call (?:us|our (?:hotline|helpline|support line|service line|care team))",
    # ("thanks for calling our hotline earlier" looks back at a call; it sends nobody there)
    r"give us a (?:call|ring)", r"(?<!calling )(?<!called )(?<!rang )(?:our|the) (?:hotline|helpline)"
    r"(?! (?:was|were|had)\b| (?:is|are|has been) (?:down|offline|unavailable|overloaded|closed|not))", r"phone (?:us|our)",
    r"(?:e-?mail|write to) us(?: at)?", r"send (?:an )?e-?mail to", r"contact form", r"web ?form",
    r"please (?:e-?mail|write to) (?:our |the )?(?:support|customer (?:service|care)|help ?desk|[\w.+-]+@)",
    # sent to a third party: the shop, the carrier, the bank
    r"(?<!'ll )(?<!will )(?<!ve )(?<!have )(?:contact|ask|call) (?:your|the) (?:local )?(?:store|shop|dealer|retailer|carrier|courier|provider|bank|manufacturer)",
    # "we'll contact support for you" escalates; it sends nobody elsewhere
    r"(?<!'ll )(?<!will )(?<!ve )(?<!have )contact (?:our |the )?(?:customer (?:service|support|care)|support(?: team)?|service team|care team|help ?desk)",
    r"(?<!'ll )(?<!will )(?<!ve )(?<!have )reach out to (?:our |the )?(?:customer (?:service|support)|support(?: team)?)",
    r"(?:see|visit|check|read|consult) (?:our|the) (?:faqs?|help (?:center|centre|pages?|section))",
    r"(?:answer|answers|info|information|details) (?:is |are )?(?:in|on) our (?:faqs?|help (?:center|centre|pages?))",
    r"drop us (?:a |an )?(?:line|e-?mail)",
    r"(?:please )?(?:open|submit|raise) a (?:support )?ticket",
)
REDIRECT_DE = (
    r"wenden sie sich (?:bitte )?an", r"wende dich (?:bitte )?an", r"rufen sie (?:uns|unsere)", r"ruft? uns(?: \w+){0,3} an",
    r"unsere[nr]? (?:hotline|service-?hotline|kundenhotline)",
    *(SERVICE_DE := (r"(?:unseren|den) kundenservice", r"(?:an|bei) (?:unseren|unserem|den|dem) kundendienst")),
    # "Unser Kundendienst hat es verschickt" reports what was done; it sends nobody elsewhere
    r"unser (?:kundenservice|kundendienst) (?:hilft|ist (?:unter|telefonisch|per|erreichbar)|erreichen sie)",
    r"kontaktier(?:e|t) uns", r"kontaktieren sie (?:bitte |gerne )?(?:uns|unseren|den|unser)",
    # ("ich kontaktiere den Kundendienst für Sie" escalates: the account acts, nobody is sent)
    r"(?<!ich )(?<!wir )kontaktier(?:e|t|en)? (?:bitte |gerne )?(?:unseren|den) (?:kundenservice|kundendienst|support)",
    r"(?:dafuer|hierfuer|dafur) (?:ist|sind) (?:leider |bitte )?(?:unser|unsere|der|die|das) \w+ zustaendig",
    r"(?:eroeffne|erstelle|oeffne)(?:n sie)? (?:bitte |gerne )?(?:ein|einen) (?:support-?)?ticket",
    r"(?:wende dich|wenden sie sich) (?:bitte )?(?:direkt )?an (?:deinen|ihren|den) (?:haendler|shop|paketdienst|zusteller|anbieter|bank)",
    r"kontaktformular", r"per e-?mail an", r"schreiben sie (?:uns )?(?:eine )?e-?mail", r"schreib uns eine e-?mail",
    r"melden sie sich (?:bitte )?(?:telefonisch|bei unserem)",
    r"meld(?:e|et) (?:dich|euch) (?:bitte |gerne |einfach )?(?:telefonisch|bei unserem|beim (?:kundenservice|kundendienst|support))",
    r"(?:in|auf) (?:unsere[nm]?|die|den) faqs?",
)
DM_MOVE_EN = (
    r"(?:dm|pm) us", r"(?:send|drop|shoot) us (?:a )?(?:quick )?(?:dm|pm|direct message|private message)", r"slide into our dms",
    r"(?:please )?(?:message|contact) us (?:privately|via dm|in dm|by dm)", r"via dm",
)
DM_MOVE_DE = (
    r"schick(?:t|en sie)? uns (?:bitte |gerne |einfach )*(?:eine |per )?(?:dm|pn|direktnachricht|privatnachricht)",
    r"schreib(?:en sie)? uns (?:eine |per |gerne eine |gerne per )?(?:dm|pn|direktnachricht|privatnachricht)",
    r"per (?:dm|pn|direktnachricht)", r"(?:eine|ihre) direktnachricht",
)
DM_MOVE = DM_MOVE_EN + DM_MOVE_DE
# Signals that the reply also answers: concrete dates, instructions, fixes.
ANSWER = (
    r"(?:it|they|your order|the update|the fix|k\d+) (?:ships|will ship|arrives|will arrive|is available|goes out)",
    r"you can (?!reach|call|contact|dm|email|e-mail|write|message|send|find us|ring|also (?:reach|call|contact))",
    r"we(?:'ve| have) (?:fixed|shipped|sent|refunded|replaced|resolved|credited|extended)",
    r"(?:go to|open) settings", r"\w+ ?> ?\w+", r"restart (?:your|the)", r"update (?:to|your)",
    r"(?:kommt|erscheint|wird) am", r"wir haben (?:das|es|den fehler)? ?(?:behoben|repariert|erstattet|verschickt)",
    r"sie koennen (?:bereits|jetzt|schon|das|es|die|den)", r"du kannst (?:bereits|jetzt|schon|das|es|die|den)", r"(?:gehen sie|oeffnen sie) (?:auf|in|die) einstellungen",
)


# Merely naming the customer service is no redirect when the account says what it did
# with it: "Ich habe den Kundenservice informiert", "Wir haben den Kundenservice gebeten,
# sich zu melden" escalate. The clause needs "ich"/"wir" with a verb of their own, and
# nobody handed on: "Ich habe Sie an den Kundenservice verwiesen", "... empfohlen" still
# send the customer away. (A hotline is only ever named to be called: no exception.)
_NAMED_ONLY = re.compile("|".join(f"(?:{p})" for p in SERVICE_DE))
_ACCOUNT_ACTED = re.compile(
    r"(?<!\w)(?:(?:ich|wir) (?:habe|haben|hab|hatte|hatten|informiere|informieren|gebe|geben|leite|leiten|schalte|schalten)"
    r"|(?:habe|haben|hab|hatte|hatten) (?:ich|wir))(?!\w)")
_HANDED_ON = re.compile(r"(?<!\w)(?:(?:sie|dich|euch)(?: \w+){0,3} an (?:den|dem|unseren|unserem|unser)"
                        r"|verwies\w*|verweis\w*|empf(?:ohlen|ehle|ehlen)|geraten|raten?)(?!\w)")

# A date or time answers only outside the redirect's own clause: "it is back in stock on
# Monday" does, "please call our hotline on Monday" says when to call, which is no answer.
WHEN = (
    r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|next week)",
    r"(?:montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|ab morgen|bis morgen|uebermorgen|naechste woche)",
    r"\d{1,2}(?:\.|/)\d{1,2}\.?", r"\d{1,2}(?::\d{2})? ?(?:am|pm|uhr)",
)
# Clause boundaries: sentence ends (not the dots inside "23.11."), semicolons, dashes, commas.
_CLAUSE = re.compile(r"[.!?;:]+(?:\s|$)|\s[-–—]\s|,\s|\n")

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
    phrase = _redirect(folded, combined(REDIRECT_EN + REDIRECT_DE + DM_MOVE, extra))
    if phrase is None:
        return None
    if _answers(folded, phrase, extra):
        return None
    lang = "de" if find_first(combined(REDIRECT_DE + DM_MOVE_DE, ()), folded) else "en"
    return Match(phrase, f"sends the customer elsewhere (\u201c{phrase}\u201d) without answering", lang)


def _redirect(folded: str, pattern: re.Pattern | None) -> str | None:
    """The first redirect phrase that is not just the name of a service the account acted on."""
    if pattern is None:
        return None
    for m in pattern.finditer(folded):
        if _NAMED_ONLY.fullmatch(m.group(0)) and _acted_on(_clause_at(folded, m.start())):
            continue
        return m.group(0)
    return None


def _clause_at(folded: str, pos: int) -> str:
    start, end = 0, len(folded)
    for b in _CLAUSE.finditer(folded):
        if b.end() <= pos:
            start = b.end()
        elif b.start() >= pos:
            end = b.start()
            break
    return folded[start:end]


def _acted_on(clause: str) -> bool:
    return bool(_ACCOUNT_ACTED.search(clause)) and not _HANDED_ON.search(clause)


def is_dm_move(text: str) -> bool:
    """Asks to continue in direct messages ("DM us", "schreib uns per DM").

    A DM move is a deflection unless the same conversation later gets a public
    follow-up; the caller applies that with conversation data (see RULEBOOK).
    """
    return find_first(combined(DM_MOVE, ()), fold(text)) is not None


def _answers(folded: str, phrase: str, extra: tuple[str, ...] = ()) -> bool:
    folded = _HOURS.sub(" ", folded)
    if find_first(combined(ANSWER, ()), folded):
        return True
    redirect = combined(REDIRECT_EN + REDIRECT_DE + DM_MOVE, extra)
    when = combined(WHEN, ())
    if any(find_first(when, clause) and not find_first(redirect, clause) for clause in _CLAUSE.split(folded)):
        return True
    # A long reply has room for an answer besides the redirect.
    rest = folded.replace(phrase, " ")
    rest = re.sub(r"@\w+|https?://\S+|\^\w+|\+?\d[\d /-]{5,}", " ", rest)
    return len(rest.split()) >= 28
