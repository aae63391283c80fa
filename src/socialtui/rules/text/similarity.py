"""Near-duplicate texts: template replies (PRS001), DM bursts (SEC003), composer L003.

Measure: :func:`similarity` is difflib's ``SequenceMatcher.ratio`` (2·matched / total
characters) of the two texts after :func:`normalize`, so 0.9 reads as "nine tenths the
same text". Normalising strips @mentions, links, people's names, agent signatures
("^DK", "-- Dana"), greetings and sign-offs, punctuation and case, and writes every
number as ``0`` (an order number does not make a template personal).

Finding groups is close to linear in the number of texts, never all pairs:

1. texts with the same normalised form fall into one bucket at once (a hash);
2. the remaining distinct forms are compared only with earlier *leaders* (forms that
   joined no group) sharing one of their rarest words: a prefix filter over words in
   rarest-first order (the all-pairs similarity-join trick; at most ``PREFIX_MAX``
   words). A word stops collecting leaders after ``BUCKET_CAP`` entries and at most
   ``MAX_VERIFY`` candidates are verified per text, which bounds the worst case at
   O(n) verifications; the price is a small chance of missing a pair, never a false one;
3. candidates are verified with the real ratio, after two cheap bounds: the word sets
   must overlap (Dice ≥ ``WORD_DICE``) and difflib's quick ratios must reach the
   threshold.

Comparing with leaders only means a chain A~B~C where C is not close to A leaves C
out: a group holds the texts near-identical to its first one (what SEC003's burst of
"near-identical text" means). PRS001 counts every reply that is a near-duplicate of
*another* reply (RULEBOOK), so it asks for ``chained=True``: every form, not only leaders,
can be matched, and C joins the group through B.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict, deque
from difflib import SequenceMatcher
from functools import lru_cache
from itertools import chain, islice
from typing import Hashable, Iterable, Iterator, Sequence

from socialtui.rules.text.matching import TEXT_CACHE, fold

_MENTION_OR_URL = re.compile(r"@[\w.@-]+|https?://\S+|www\.\S+")
_SIGNATURE = re.compile(r"(?:^|\s)(?:[\^~–—]|--?)\s?[a-z]{1,4}\b")
_GREETING = re.compile(
    r"^(?:hi|hey|hello|dear|hallo|moin|servus|liebe[rs]?|guten (?:tag|morgen|abend)|thanks|danke)\b[^,.!]{0,30}[,.!]\s*"
)
_SIGNOFF = re.compile(r"(?:cheers|best|thanks|regards|viele gruesse|gruesse|lg|vg|beste gruesse)[,.!]?\s*\S{0,30}$")
_PUNCT = re.compile(r"[^\w\s]|_")
_NUMBER = re.compile(r"\d+")

MIN_WORDS = 3  # shorter texts ("Thanks!", "Gern geschehen") are no templates
# Nor are courtesies of any length, in their normalised form: "You're welcome" to ten people who
# said thanks is politeness, not a canned answer to what they asked (nor, sent as DMs, a campaign).
_COURTESY = re.compile(
    r"(?:you re |you are )?(?:very |so |most )?(?:welcome|no problem|my pleasure|anytime|any time)"
    r"|(?:have a |enjoy your )?(?:nice|great|good|lovely) (?:day|weekend|evening)"
    r"|(?:sehr )?gerne?(?: geschehen)?|kein problem|bitte(?: sehr| schoen)?|nichts zu danken"
    r"|(?:einen )?(?:schoenen|schoenes) (?:tag|abend|wochenende)")
PREFIX_JACCARD = 0.5  # loose word-overlap bound used only to find candidates
PREFIX_MAX = 3  # the three rarest words of two near-identical texts almost always meet
BUCKET_CAP = 32
MAX_VERIFY = 8
WORD_DICE = 0.5  # texts 90 % alike share far more than half their words


@lru_cache(maxsize=TEXT_CACHE)
def _normalize_cached(text: str, signatures: tuple, names: frozenset) -> str:
    s = fold(text)
    if "@" in s or "http" in s or "www" in s:
        s = _MENTION_OR_URL.sub(" ", s)
    for sig in signatures:
        if sig:
            s = s.replace(fold(sig), " ")
    s = _SIGNATURE.sub(" ", s).strip()
    s = _GREETING.sub("", s)
    s = _SIGNOFF.sub("", s)
    if names:
        s = " ".join(w for w in s.split() if w.strip(",.!?:;") not in names)
    s = _PUNCT.sub(" ", s)
    s = _NUMBER.sub("0", s)
    return " ".join(s.split())


def comparable(norm: str) -> bool:
    """A :func:`normalize`-d form long enough, and more than a courtesy, to be a template."""
    return norm.count(" ") + 1 >= MIN_WORDS and not _COURTESY.fullmatch(norm)


def normalize(text: str, signatures: Iterable[str] = (), names: Iterable[str] = ()) -> str:
    """``text`` reduced to what makes it this reply (see the module docstring); cached."""
    drop = names if isinstance(names, frozenset) else name_tokens(names)
    return _normalize_cached(text or "", tuple(signatures), drop)


def name_tokens(names: Iterable[str]) -> frozenset[str]:
    """Folded words of people's names, to strip them before comparing texts."""
    return frozenset(w for n in names if n for w in fold(n).split() if len(w) > 1)


def ratio(a: str, b: str) -> float:
    """Similarity of two already normalised texts, 0..1."""
    if a == b:
        return 1.0 if a else 0.0
    if not a or not b:
        return 0.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def _at_least(a: str, b: str, threshold: float) -> bool:
    if a == b:
        return True
    m = SequenceMatcher(None, a, b, autojunk=False)
    return m.real_quick_ratio() >= threshold and m.quick_ratio() >= threshold and m.ratio() >= threshold


def similarity(a: str, b: str) -> float:
    """How alike two raw texts are after normalising both (1.0 = the same reply)."""
    return ratio(normalize(a), normalize(b))


def _prefix(words: frozenset[str], freq) -> list[str]:
    n = len(words)
    keep = min(n - math.ceil(PREFIX_JACCARD * n) + 1, PREFIX_MAX)
    return sorted(words, key=lambda w: (freq(w), w))[:keep]


def _distinct(items: Iterable[str]) -> Iterator[str]:
    seen: set[str] = set()
    for item in items:
        if item not in seen:
            seen.add(item)
            yield item


def near_duplicates(items: Sequence[tuple[Hashable, str]], threshold: float = 0.9,
                    signatures: Iterable[str] = (), names: Iterable[str] = (), *,
                    normalized: bool = False, chained: bool = False) -> list[list[Hashable]]:
    """Groups (size ≥ 2, in input order) of ids whose texts are ≥ ``threshold`` similar.

    ``normalized``: the texts are :func:`normalize`-d forms already (rules remember those
    between evaluations), compared as they are. ``chained``: a text joins a group when it is
    that similar to any text in it, not only to the group's first (see the module docstring).
    """
    if normalized:
        keyed = list(items)
    else:
        sigs, nms = tuple(signatures), name_tokens(names)
        keyed = [(key, normalize(text, sigs, nms)) for key, text in items]
    words: dict[str, frozenset[str]] = {}
    for _key, norm in keyed:
        if norm not in words and comparable(norm):
            words[norm] = frozenset(norm.split())
    freq = Counter(chain.from_iterable(words.values()))
    leader_of: dict[str, str] = {}
    buckets: dict[str, list[str]] = defaultdict(list)
    for form, mine in words.items():
        prefix = _prefix(mine, freq.__getitem__)
        # Rarest word's bucket first: its leaders are the likeliest matches.
        candidates = islice(_distinct(chain.from_iterable(buckets.get(w, ()) for w in prefix)), MAX_VERIFY)
        size, length = len(mine), len(form)
        shortest, longest = length * threshold / (2 - threshold), length * (2 - threshold) / threshold
        match = next((c for c in candidates
                      if shortest <= len(c) <= longest  # the ratio can't reach the threshold otherwise
                      and 2 * len(mine & words[c]) >= WORD_DICE * (size + len(words[c]))
                      and _at_least(form, c, threshold)), None)
        if match is not None:
            leader_of[form] = leader_of[match]
            if not chained:
                continue
        else:
            leader_of[form] = form
        for w in prefix:
            bucket = buckets[w]
            if len(bucket) < BUCKET_CAP:
                bucket.append(form)
    groups: dict[str, list[Hashable]] = defaultdict(list)
    for key, norm in keyed:
        if norm in leader_of:
            groups[leader_of[norm]].append(key)
    return [g for g in groups.values() if len(g) > 1]


class ReplyIndex:
    """Sent replies indexed once; :meth:`best_match` answers per keystroke (well under 20 ms).

    Replies are added oldest first and leave oldest first (:meth:`drop_oldest`), so the composer
    keeps one index for a sliding week instead of building it for every snapshot (seconds at a
    million messages). Each word's bucket holds all its replies in that order and a lookup reads
    the first ``BUCKET_CAP * 4`` of them: what an index built afresh from the same replies holds.
    Buckets are lists (most words have one or two replies: a deque each cost ten times the
    memory); the replies that left the front of one are skipped until they are half of it.
    """

    def __init__(self, items: Iterable[tuple[Hashable, str]] = (), signatures: Iterable[str] = ()) -> None:
        self.signatures = tuple(signatures)
        self._norm: dict[Hashable, str] = {}
        self._freq: Counter[str] = Counter()
        self._buckets: dict[str, list[Hashable]] = {}
        self._heads: dict[str, int] = {}  # word -> how many keys at the front of its bucket have left
        self._order: deque[Hashable] = deque()  # the indexed keys, oldest first
        self._sent: deque[object] = deque()  # when each was sent (a pair per key cost 64 bytes more)
        for key, text in items:
            self.add(key, text)

    def __len__(self) -> int:
        return len(self._norm)

    def add(self, key: Hashable, text: str) -> None:
        self.add_normalized(key, normalize(text, self.signatures))

    def add_normalized(self, key: Hashable, norm: str, when: object = None) -> None:
        """Index a reply by its :func:`normalize`-d form (with this index's signatures); ``when``
        it was sent, for :meth:`oldest`."""
        if not comparable(norm) or key in self._norm:
            return
        self._norm[key] = norm
        self._order.append(key)
        self._sent.append(when)
        buckets = self._buckets
        for w in set(norm.split()):
            self._freq[w] += 1
            bucket = buckets.get(w)
            if bucket is None:
                buckets[w] = [key]
            else:
                bucket.append(key)

    def oldest(self) -> tuple[Hashable, object] | None:
        """(key, when) of the reply indexed first."""
        return (self._order[0], self._sent[0]) if self._order else None

    def drop_oldest(self) -> None:
        """Forget the reply indexed first (it has left the week)."""
        key = self._order.popleft()
        self._sent.popleft()
        norm = self._norm.pop(key)
        freq, buckets, heads = self._freq, self._buckets, self._heads
        for w in set(norm.split()):  # the oldest key is the first left in each of its words' buckets
            freq[w] -= 1
            if not freq[w]:
                del buckets[w], freq[w]
                heads.pop(w, None)
                continue
            head = heads.get(w, 0) + 1
            bucket = buckets[w]
            if head * 2 >= len(bucket):
                del bucket[:head]
                heads.pop(w, None)
            else:
                heads[w] = head

    def best_match(self, text: str) -> tuple[Hashable | None, float]:
        """The most similar indexed reply and its similarity (None, 0.0 when none is close)."""
        norm = normalize(text, self.signatures)
        if not comparable(norm):
            return None, 0.0
        rarest = sorted(set(norm.split()), key=lambda w: (self._freq[w], w))[:8]
        # Common words lead to the first replies that used them: rarer words find the others.
        heads, buckets, cap = self._heads, self._buckets, BUCKET_CAP * 4
        shared = Counter(k for w in rarest if w in buckets
                         for k in buckets[w][heads.get(w, 0):heads.get(w, 0) + cap])
        best, score = None, 0.0
        for key, _n in shared.most_common(MAX_VERIFY):
            s = ratio(norm, self._norm[key])
            if s > score:
                best, score = key, s
        return best, score


def best_match(text: str, corpus_index: ReplyIndex) -> tuple[Hashable | None, float]:
    """Module-level form of :meth:`ReplyIndex.best_match` (composer lint L003)."""
    return corpus_index.best_match(text)
