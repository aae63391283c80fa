"""Significant terms for surge detection (BRD003).

Content words of a message, lower-cased and folded, minus English and German stop
words, greetings and filler, with a light stemmer so that the word forms of one topic
meet: "available"/"availability", "deliver"/"delivered"/"delivering"/"delivery"/
"deliveries", "liefern"/"liefert"/"geliefert"/"Lieferung", "verfügbar"/"Verfügbarkeit".
Terms shorter than 4 letters are ignored.

The stemmer is deliberately crude, and conservative: it only has to make word forms of
one topic meet, not produce real stems, and it must not make different words meet.
In order, each step at most once and only when at least four letters remain:

1. a German participle "ge-...-t" loses both ("geliefert" -> "liefer");
2. one ending: -ability, -ation(s), -ung(en), -keit, -heit, -able, -ness, -ment, -ing,
   -ed, -es, -en, -s, -e, and "-ies"/"-ied" become "-i"; a consonant doubled before
   -ing/-ed is undoubled ("shipped" -> "ship"; not l, s, f, z: "called" stays "call");
3. a final "-y" becomes "-i" ("reply", "replies", "replied" -> "repli");
4. "-ery" (now "-eri"), German "-ert", "-ern", "-llt", "-hlt", "-ckt" lose their last
   letter ("delivery", "liefert", "liefern", "bestellt" -> "deliver", "liefer",
   "bestell"), except in a few English words ending in "-ern" ("concern", "pattern",
   "eastern": else they would meet "concert", "patter", "Easter").

"-er" itself is not an ending ("deliver" is not "deliv"): stripping it made "router"
meet "route", "corner" meet "corn" and "Rechner" meet "Rechnung". "news" stays apart
from "new" (three letters would remain), "deli" from "deliver". Callers pass the
account handle and other filler as ``ignore``.
"""

from __future__ import annotations

import re
from functools import lru_cache

from socialtui.rules.text.matching import TEXT_CACHE, fold

STOPWORDS = frozenset("""
a about after again all also am an and any are as at be because been before being but by can could did do does
doing done for from get got had has have having he her here hi hello hey him his how i if in into is it its just
know like me more most my no not now of off on once only or other our out over please really same see she should
so some still such than thank thanks that the their them then there these they this those through to too under
until up very was we were what when where which while who why will with would yes yet you your yours guys today
tomorrow anyone someone something anything everyone thing things want need going make made time day days week weeks
der die das ein eine einer eines einem einen und oder aber nicht noch schon auch ist sind war waren wird werden
wurde habe hat haben hatte ich du er sie es wir ihr euch euer eure mich mir dich dir sich mein meine dein deine
sein seine unser unsere mit von vom zum zur bei aus auf fuer ueber unter nach vor wie was wann warum wo wer wen
dem den des im am an in zu so ja nein doch mal bitte danke hallo moin gibt kann koennt koennen jetzt heute morgen
endlich immer gerade etwas denn dass wenn weil als bis seit ohne gegen
even ever back much many every another since ago yesterday hour hours minute minutes sure okay cant dont doesnt
isnt wont didnt getting trying tried said says tell told ask asked asking let lets take took give gave come came
comes keep keeps look looks
kommt kommen komme kam geht gehen gehe ging macht machen mache sagt sagen sage sollte sollen soll muss muessen
musste will wollen wollte bekommen bekomme bekommt brauche brauchen braucht weiss wissen finde finden findet mehr
viel viele sehr ganz dann hier dort diese dieser dieses diesem diesen welche welcher einfach leider wieder keine
kein keinen keinem nichts alle alles dies euren eurem ihre ihren ihrem ihrer meinen meinem meiner bald woche wochen
tage tagen stunde stunden uhr gestern schon warte warten wartet gesagt gemacht bleibt bleiben
""".split())
_WORD = re.compile(r"[a-z][a-z0-9-]{2,}")
# Step 2: inflection and derivation, the first that fits (longest first where they overlap).
_SUFFIXES = ("ability", "ibility", "ations", "ation", "ungen", "keiten", "heiten", "ung", "keit", "heit", "able",
             "ible", "ness", "ment", "ies", "ied", "ing", "ed", "es", "en", "s", "e")
_TO_I = ("ies", "ied")
_UNDOUBLE = ("ing", "ed")
# Step 4: endings whose last letter goes: delivery -> deliver(i), liefert/liefern -> liefer, bestellt -> bestell.
_DROP_LAST = ("eri", "ert", "ern", "llt", "hlt", "ckt")
# English words ending in -ern that are no German infinitive and would meet another word.
_NOT_ERN = frozenset({"concern", "eastern", "western", "northern", "southern", "pattern", "lantern", "intern",
                      "modern", "govern", "cavern", "tavern"})
_DE_PREFIX = re.compile(r"^ge(?=[a-z]{4,})")


def stem(word: str) -> str:
    """Crude stem of a folded word (see the module docstring)."""
    w = word
    if word.startswith("ge") and word.endswith(("t", "en")) and len(word) >= 7:
        w = _DE_PREFIX.sub("", word)  # German participle: geliefert -> liefer(t)
        if w.endswith("t"):
            return w[:-1]
    for suf in _SUFFIXES:
        if w.endswith(suf) and len(w) - len(suf) >= 4:
            w = w[: -len(suf)] + ("i" if suf in _TO_I else "")
            if suf in _UNDOUBLE and len(w) > 4 and w[-1] == w[-2] and w[-1] not in "aeioulsfz":
                w = w[:-1]  # shipped -> ship; called stays call
            break
    if w.endswith("y") and len(w) >= 5:
        w = w[:-1] + "i"  # reply, replies, replied -> repli
    if w.endswith(_DROP_LAST) and len(w) >= 6 and w not in _NOT_ERN:
        w = w[:-1]
    return w


def significant_terms(text: str, lang: str | None = None, ignore: frozenset[str] = frozenset()) -> set[str]:
    """Stemmed content words of ``text`` (mentions, links and stop words removed)."""
    return set(_terms(text, ignore))


@lru_cache(maxsize=TEXT_CACHE)
def _terms(text: str, ignore: frozenset[str]) -> frozenset[str]:
    s = fold(re.sub(r"@[\w.@-]+|https?://\S+", " ", text))
    out = set()
    for w in _WORD.findall(s):
        if w in STOPWORDS or w in ignore or len(w) < 4:
            continue
        out.add(stem(w))
    return frozenset(out)


def topic_matches(term: str, text: str) -> bool:
    """``text`` is about the (stemmed) ``term``."""
    return term in significant_terms(text)
