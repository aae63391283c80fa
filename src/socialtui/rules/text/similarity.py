"""Near-duplicate texts (template replies, DM bursts, composer L003).

Measure: Jaccard similarity of word 3-shingles (word 1-grams for very short texts)
after :func:`normalize` strips mentions, links, names, agent signatures, greetings
and punctuation. Candidates are found with MinHash + LSH banding so the search is
close to linear in the number of texts, then verified with the exact Jaccard.
"""

from __future__ import annotations

import re
import zlib
from functools import lru_cache
from collections import defaultdict
from typing import Hashable, Iterable, Sequence

from socialtui.rules.text.matching import fold

_MENTION = re.compile(r"@[\w.@-]+")
_URL = re.compile(r"https?://\S+|www\.\S+")
_SIGNATURE = re.compile(r"(?:^|\s)[\^~–—-]\s?[a-z]{1,4}\b")
_GREETING = re.compile(
    r"^(?:hi|hey|hello|dear|hallo|moin|servus|liebe[rs]?|guten (?:tag|morgen|abend)|thanks|danke)\b[^,.!]{0,30}[,.!]\s*"
)
_SIGNOFF = re.compile(r"(?:cheers|best|thanks|regards|viele gruesse|gruesse|lg|vg|beste gruesse)[,.!]?\s*\S{0,30}$")
_PUNCT = re.compile(r"[^\w\s]")

NUM_PERM = 12
BANDS = 4  # 4 bands of 3 rows: pairs at Jaccard 0.9 share a band with probability > 0.99
_MASK = (1 << 32) - 1
_SEEDS = [(0x9E3779B1 * (i + 1)) & _MASK for i in range(NUM_PERM)]


@lru_cache(maxsize=262144)
def _normalize_cached(text: str, signatures: tuple, names: frozenset) -> str:
    return _normalize(text, signatures, names)


def normalize(text: str, signatures: Iterable[str] = (), names: Iterable[str] = ()) -> str:
    """Text reduced to what makes it this reply (see the module docstring); cached per text."""
    drop = names if isinstance(names, frozenset) else name_tokens(names)
    return _normalize_cached(text, tuple(signatures), drop)


def _normalize(text: str, signatures: Iterable[str] = (), names: Iterable[str] = ()) -> str:
    s = fold(text)
    s = _MENTION.sub(" ", s)
    s = _URL.sub(" ", s)
    for sig in signatures:
        if sig:
            s = s.replace(fold(sig), " ")
    if names:
        drop = names if isinstance(names, (set, frozenset)) else name_tokens(names)
        s = " ".join(w for w in s.split() if w.strip(",.!?:;") not in drop)
    s = _SIGNATURE.sub(" ", s)
    s = " ".join(s.split())
    s = _GREETING.sub("", s)
    s = _SIGNOFF.sub("", s)
    s = _PUNCT.sub(" ", s)
    return " ".join(s.split())


def name_tokens(names: Iterable[str]) -> frozenset[str]:
    """Folded words of people's names, to strip them before comparing texts."""
    return frozenset(w for n in names if n for w in fold(n).split() if len(w) > 1)


def shingles(norm: str) -> frozenset[str]:
    words = norm.split()
    if len(words) < 4:
        return frozenset(words)
    return frozenset(" ".join(words[i : i + 3]) for i in range(len(words) - 2))


def jaccard(a: frozenset, b: frozenset) -> float:
    if not a and not b:
        return 1.0
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def similarity(a: str, b: str) -> float:
    return jaccard(shingles(normalize(a)), shingles(normalize(b)))


def _minhash(sh: frozenset[str]) -> tuple[int, ...]:
    hashes = [zlib.crc32(s.encode()) for s in sh]
    return tuple(min(((h ^ seed) * 0x01000193) & _MASK for h in hashes) for seed in _SEEDS)


def _bands(sig: tuple[int, ...]) -> Iterable[tuple[int, tuple[int, ...]]]:
    rows = NUM_PERM // BANDS
    for b in range(BANDS):
        yield b, sig[b * rows : (b + 1) * rows]


def near_duplicates(items: Sequence[tuple[Hashable, str]], threshold: float = 0.9,
                    signatures: Iterable[str] = (), names: Iterable[str] = ()) -> list[list[Hashable]]:
    """Groups (size ≥ 2) of ids whose normalized texts are ≥ ``threshold`` similar."""
    sigs = tuple(signatures)
    nms = name_tokens(names)
    shingle_of: dict[Hashable, frozenset[str]] = {}
    exact: dict[str, list[Hashable]] = defaultdict(list)
    for key, text in items:
        norm = normalize(text, sigs, nms)
        if len(norm.split()) < 3:
            continue  # "thanks!" is not a template
        exact[norm].append(key)
        shingle_of[key] = shingles(norm)
    parent: dict[Hashable, Hashable] = {}

    def find(x):
        while parent.get(x, x) != x:
            parent[x] = parent.get(parent[x], parent[x])
            x = parent[x]
        return x

    def union(a, b):
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[rb] = ra

    reps = []
    for keys in exact.values():
        for k in keys[1:]:
            union(keys[0], k)
        reps.append(keys[0])
    buckets: dict[tuple, list[Hashable]] = defaultdict(list)
    for key in reps:
        for band in _bands(_minhash(shingle_of[key])):
            buckets[band].append(key)
    checked: set[tuple] = set()
    for members in buckets.values():
        if len(members) < 2 or len(members) > 500:
            continue
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                pair = (a, b)
                if pair in checked:
                    continue
                checked.add(pair)
                if find(a) != find(b) and jaccard(shingle_of[a], shingle_of[b]) >= threshold:
                    union(a, b)
    groups: dict[Hashable, list[Hashable]] = defaultdict(list)
    for key in shingle_of:
        groups[find(key)].append(key)
    return [g for g in groups.values() if len(g) > 1]


class ReplyIndex:
    """Sent replies indexed once; :meth:`best_match` answers per keystroke."""

    def __init__(self, items: Iterable[tuple[Hashable, str]], signatures: Iterable[str] = ()) -> None:
        self.signatures = tuple(signatures)
        self._shingles: dict[Hashable, frozenset[str]] = {}
        self._buckets: dict[tuple, list[Hashable]] = defaultdict(list)
        for key, text in items:
            self.add(key, text)

    def add(self, key: Hashable, text: str) -> None:
        sh = shingles(normalize(text, self.signatures))
        if len(sh) < 3:
            return
        self._shingles[key] = sh
        for band in _bands(_minhash(sh)):
            self._buckets[band].append(key)

    def best_match(self, text: str) -> tuple[Hashable | None, float]:
        sh = shingles(normalize(text, self.signatures))
        if len(sh) < 3:
            return None, 0.0
        best, score = None, 0.0
        seen = set()
        for band in _bands(_minhash(sh)):
            for key in self._buckets.get(band, ()):
                if key in seen:
                    continue
                seen.add(key)
                s = jaccard(sh, self._shingles[key])
                if s > score:
                    best, score = key, s
        return best, score
