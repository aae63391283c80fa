"""BRD003 silent-surge."""

import re
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from datetime import timedelta
from functools import cache
from operator import attrgetter

from socialtui.domain.timeutil import format_timestamp
from socialtui.rules.base import Thresholds, make, rule
from socialtui.rules.facts import facts_for
from socialtui.rules.text.matching import fold
from socialtui.rules.text.topics import significant_terms, stem

DAY = timedelta(hours=24)
_CREATED = attrgetter("created_at")


@rule("BRD003", "silent-surge", "broadcast", warn=None, fail=10, unit="people")
def check(snap, t: Thresholds):
    """What it checks:
    A topic raised by many different people within 24 hours (default 10, sharing a
    significant word such as "available" or "Lieferung", in any of its forms:
    "delivered" and "delivery", "geliefert" and "liefern" are one topic) while the
    account has not posted anything on that topic since the surge began. A post answers
    the surge it follows; if people raise the topic again afterwards, that is a new surge.

    Why it matters:
    When many customers ask the same thing, one public post answers them all. Silence
    lets rumours and frustration fill the gap.

    Example:
    14 people asked about K7 availability on Thursday; the account posted about a
    photo contest instead.

    Suggested fix:
    Post a public status update on the topic, then link it in your replies.

    Fails at 10 distinct people without a post on the topic.
    """
    f = facts_for(snap)
    # The brand's own name is not a topic: every mention would share it.
    ignore = frozenset({fold(snap.account.handle)} | {stem(fold(b)) for b in snap.account.brand_terms}
                       | {fold(b) for b in snap.account.brand_terms})
    by_term = _by_term(snap, ignore)
    limit = int(t.fail or 10)
    posted_on = _post_times_by_term(f.own_posts)
    surges = []
    for term, msgs in by_term.items():
        if len({m.author.handle for m in msgs}) < limit:
            continue
        found = _unanswered_surge(msgs, limit, posted_on.get(term, []))
        if found is None:
            continue
        surge, answered_before = found
        authors = len({m.author.handle for m in surge})
        surges.append((authors, term, surge, answered_before))
    if not surges:
        return make("BRD003", t, "ok", figure=0, reason="no unanswered topic surge in the window")
    surges.sort(key=lambda s: (-s[0], s[1]))
    authors, stem_, surge, answered_before = surges[0]
    term = _word_for(stem_, surge)
    again = (f"; the last own post on it, at {format_timestamp(answered_before)}, came before this surge"
             if answered_before else "")
    return make("BRD003", t, "fail", figure=authors, evidence=[m.id for m in surge],
                reason=f"{authors} people raised \u201c{term}\u201d from {format_timestamp(surge[0].created_at)} "
                       f"and no own post addressed it{again}",
                suggestion=f"Post a public update about \u201c{term}\u201d and point the askers to it.",
                details={"topics": [s[1] for s in surges[:10]]})


def _post_times_by_term(posts) -> dict[str, list]:
    """Term -> when the account's own top-level posts used it, oldest first."""
    times: dict[str, list] = defaultdict(list)
    for p in posts:
        for term in significant_terms(p.text):
            times[term].append(p.created_at)
    return {term: sorted(ts) for term, ts in times.items()}


def _unanswered_surge(msgs, limit, posted):
    """The first surge on a term that no own post has addressed since it began, with the time of
    the last own post on the term before it (None if there was none). A post answers the surge
    it follows; people who raise the topic after that post can make a new surge."""
    start = 0
    while True:
        surge = _first_surge(msgs[start:], limit)
        if surge is None:
            return None
        i = bisect_left(posted, surge[0].created_at)
        if i == len(posted):
            return surge, (posted[i - 1] if i else None)
        start = bisect_right(msgs, posted[i], key=_CREATED)


def _by_term(snap, ignore: frozenset[str]) -> dict[str, list]:
    """Term -> the window's inbound messages (reposts aside) that use it, in time order.

    The index is remembered with the threads: a clock tick only cuts off the messages that
    left the window, instead of finding the terms of every message again.
    """
    f = facts_for(snap)
    index = f.remembered(("BRD003 terms", ignore), lambda: _index(f.inbound_written, ignore))
    start = snap.window_start
    out = {}
    for term, msgs in index.items():
        first = bisect_left(msgs, start, key=_CREATED)
        if first < len(msgs):
            out[term] = msgs[first:]
    return out


def _index(messages, ignore: frozenset[str]) -> dict[str, list]:
    # Texts repeat (templates, bots): each one's terms are found once in this pass.
    terms_of = cache(lambda text: significant_terms(text, ignore=ignore))
    by_term: dict[str, list] = defaultdict(list)
    for m in messages:  # in (created_at, id) order, and so is every term's list
        for term in terms_of(m.text):
            by_term[term].append(m)
    return dict(by_term)


def _first_surge(msgs, limit):
    """The first 24h run of messages in which at least ``limit`` distinct authors wrote."""
    counts: dict[str, int] = defaultdict(int)
    lo = 0
    for hi, m in enumerate(msgs):
        counts[m.author.handle] += 1
        while m.created_at - msgs[lo].created_at > DAY:
            old = msgs[lo].author.handle
            counts[old] -= 1
            if not counts[old]:
                del counts[old]
            lo += 1
        if len(counts) >= limit:
            return msgs[lo : hi + 1]
    return None


def _word_for(stem_: str, msgs) -> str:
    """The commonest word in the surge with this stem, to show people a real word."""
    words = Counter(w for m in msgs for w in re.findall(r"\w+", fold(m.text)) if w.startswith(stem_[:4])
                    and stem(w) == stem_)
    return words.most_common(1)[0][0] if words else stem_
