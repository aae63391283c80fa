"""Phrase matching shared by the classifiers: folded text, compiled vocabularies.

Every classifier matches on :func:`fold`-ed text: case-folded, umlauts spelled out
("Verzögerung" -> "verzoegerung", "ß" -> "ss"), other accents dropped, curly quotes
straightened, whitespace collapsed. A vocabulary is a tuple of regex fragments (the
built-in ones) plus literal phrases from ``account.toml`` ``[vocabulary]`` (escaped,
never run as a regex), compiled once into one word-bounded alternation and cached.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Sequence

# Entries of each per-text classifier cache (and of registrable_domain's). Re-evaluating the
# same messages on a clock tick does not need them: the rules remember their per-message
# results with the snapshot's threads (rules.facts.Facts.classified), at a pointer per
# message. They serve texts that repeat (templates, the draft being linted at each
# keystroke); at 262,144 entries they held ~150 MB at a million messages.
TEXT_CACHE = 4_096
# fold() keeps far fewer: its results are whole new strings (47 MB at a million messages),
# and the classifiers that call it cache their own verdicts, so a larger fold cache only
# made the first evaluation slower (measured at 1M messages: 13.5 s -> 12.2 s with 8,192).
FOLD_CACHE = 8_192

_FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "’": "'", "‘": "'", "`": "'"})
# Invisible characters inside a word ("hot\u00adline", "hot\u200bline" show as "hotline") would
# hide a phrase from every classifier: soft hyphen, joiners, zero-width space, word joiner, BOM.
_FOLD.update(dict.fromkeys([0x00AD, 0x034F, 0x180E, *range(0x200B, 0x2010), *range(0x2060, 0x2065), 0xFEFF]))


@dataclass(frozen=True, slots=True)
class Match:
    """Why a classifier fired: the phrase found and a sentence for the user."""

    phrase: str
    reason: str
    lang: str = ""


@lru_cache(maxsize=FOLD_CACHE)
def fold(text: str) -> str:
    """Lower-case, umlauts spelled out, accents and invisible characters dropped, whitespace collapsed."""
    if text.isascii():
        return " ".join(text.lower().replace("`", "'").split())
    s = text.casefold().translate(_FOLD)
    s = unicodedata.normalize("NFKD", s)
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    return " ".join(s.split())


@lru_cache(maxsize=256)
def compile_phrases(phrases: tuple[str, ...]) -> re.Pattern | None:
    """One alternation for a vocabulary; phrases are regex fragments, matched on word boundaries."""
    if not phrases:
        return None
    parts = sorted({fold(p) if not _is_regex(p) else p for p in phrases}, key=len, reverse=True)
    return re.compile(r"(?<![\w])(?:" + "|".join(parts) + r")(?![\w])")


def _is_regex(p: str) -> bool:
    return any(ch in p for ch in "\\[]()?*+|{}")


def literal(phrases: Iterable[str]) -> tuple[str, ...]:
    """User-supplied vocabulary is literal text, never a regex."""
    return tuple(re.escape(fold(p)) for p in phrases if p.strip())


def find_first(pattern: re.Pattern | None, folded: str) -> str | None:
    """The first phrase of ``pattern`` found in already folded text."""
    if pattern is None:
        return None
    m = pattern.search(folded)
    return m.group(0) if m else None


def combined(base: Sequence[str], extra: Sequence[str]) -> re.Pattern | None:
    """Built-in fragments plus an account's literal phrases, compiled once (cached)."""
    return compile_phrases(tuple(base) + literal(extra))
