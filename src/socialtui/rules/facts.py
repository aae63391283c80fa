"""Per-snapshot facts shared by several rules, computed once and cached.

Classifying every outbound reply for deflection, or every inbound message for
complaints, is the expensive part of an evaluation; rules read it from here.
The per-message classifications are also remembered with the snapshot's threads
(:meth:`Facts.classified`), so a clock tick does not classify a million messages again.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Hashable, Sequence
from datetime import datetime, timedelta
from functools import cache, cached_property
from itertools import compress
from operator import attrgetter, itemgetter

from socialtui.domain.conversations import Turn
from socialtui.domain.dataset import MEMO_CARRY, Snapshot
from socialtui.domain.models import Message
from socialtui.rules.text.complaints import acknowledges_problem, is_complaint
from socialtui.rules.text.deflection import find_deflection, is_dm_move
from socialtui.rules.text.hijack import report_finder
from socialtui.rules.text.links import is_own

_CREATED = attrgetter("created_at")


def _link_time(pair) -> datetime:
    return pair[0].created_at


def _links_of(messages) -> list[tuple[Message, str]]:
    return [(m, link.url) for m in messages if m.kind != "repost" for link in m.links]
TEXT = attrgetter("text")  # ``by`` for Facts.classified: the classifier reads a message's text only


class Facts:
    def __init__(self, snap: Snapshot) -> None:
        self.snap = snap
        self.account = snap.account
        self.vocab = snap.account.vocabulary

    @cached_property
    def outbound(self) -> list[Message]:
        return self._in_window("out")

    @cached_property
    def inbound(self) -> list[Message]:
        return self._in_window("in")

    def _in_window(self, direction: str) -> list[Message]:
        """The window's messages in one direction, in time order. Remembered with the threads: a
        later window (a clock tick, a workflow change) is a tail of it, found by bisection instead
        of filtering half a million messages again."""
        msgs = self.remembered(("window", direction),
                               lambda: [m for m in self.snap.in_window if m.direction == direction])
        first = bisect_left(msgs, self.snap.window_start, key=_CREATED)
        return msgs[first:] if first else msgs

    @cached_property
    def own_posts(self) -> list[Message]:
        return [m for m in self.outbound if m.kind == "post"]

    @cached_property
    def out_replies(self) -> list[Message]:
        """Outbound answers to someone: replies, and DMs in a conversation with inbound messages."""
        return [m for m in self.outbound if m.kind == "reply" or (m.kind == "dm" and self._dm_has_inbound(m))]

    def _dm_has_inbound(self, m: Message) -> bool:
        # A DM's conversation id is known without the message -> conversation index.
        conv = self.snap.conversations.get(f"dm:{m.conversation}")
        return conv is not None and conv.has_inbound

    @cached_property
    def reposts(self) -> list[Message]:
        return [m for m in self.outbound if m.kind == "repost"]

    @cached_property
    def turns(self) -> list[Turn]:
        """Customer turns that started in the window."""
        start = self.snap.window_start
        out = []
        for conv in self.snap.conversations.values():
            for t in conv.turns:
                if t.start >= start:
                    out.append(t)
        return out

    def remembered(self, key: Hashable, build: Callable[[], object], start: datetime | None = None):
        """``build()`` for this window, remembered with the snapshot's threads.

        A later snapshot sharing the threads knows the same messages, and its window starts no
        earlier (only the clock moved on): it gets what was built for the earlier window and
        narrows it to its own (see :meth:`classified`). A window that starts earlier is built
        afresh. ``key`` names everything the result depends on besides the threads and the
        window: vocabulary, handle, brand terms, signatures ... ``start``: where the window
        starts when it is not the snapshot's (the composer's last 7 days).
        """
        memo = self.snap.threads.memo
        start = self.snap.window_start if start is None else start
        cached = memo.get(key)
        if cached is None or cached[0] > start:
            cached = memo[key] = (start, build())
        return cached[1]

    def classified(self, key: Hashable, items: Sequence, classify: Callable, by: Callable | None = None,
                   start: datetime | None = None, carry: bool = True, alone: bool = False,
                   by_conversation: bool = False) -> Sequence:
        """``[classify(x) for x in items]``, remembered with the snapshot's threads (see :meth:`remembered`).

        ``items`` is a list of this snapshot's window in time order that depends on nothing but the
        threads and the window start (``inbound``, ``out_replies``, ``outbound_links`` ...). For a
        later window it is a tail of the list classified, and its results the same tail. Equal
        results are kept once: the memo costs a pointer per item, where an lru_cache entry per
        text cost a few hundred bytes.

        ``by``: when ``classify`` needs only that of an item (its text, say), it gets ``by(x)``,
        once per distinct value: texts repeat (templates, bots), and the small per-text caches
        of rules.text do not hold a window's worth of them.

        ``carry``: the results stay true when the threads are extended by the account's own
        messages (see :func:`carry_memo`). ``alone``: whether an item is among ``items`` and its
        result depend on that item alone (not on its conversation): they stay true whatever
        messages arrive after all others. ``by_conversation``: items are messages, and a result
        depends on its message and the rest of that conversation only; after the threads grew,
        the results of the conversations that grew are worked out again, the others kept.
        """
        memo = self.snap.threads.memo
        start = self.snap.window_start if start is None else start
        cached = memo.get(key)
        flags = (carry, alone, by_conversation)
        if cached is None or cached.start > start:
            results = _classify_all(items, classify, by)
            memo[key] = _Classified(start, results, items[-1] if items else None, *flags)
            return results
        results = cached.results
        if items and items[-1] is not cached.last:
            # threads extended by messages newer than all (a reply sent here): the items end with
            # ones not classified yet, after the last one that was
            known = _position(items, cached.last)
            if known is None:  # (not found: its window moved past all it had; classify afresh)
                results = _classify_all(items, classify, by)
                memo[key] = _Classified(start, results, items[-1], *flags)
                return results
            results = results + _classify_all(items[known + 1:], classify, by)
            memo[key] = _Classified(cached.start, results, items[-1], *flags)
        if cached.dirty:
            results = self._mended(results, items, cached.dirty, classify if by is None else lambda x: classify(by(x)))
            memo[key] = _Classified(start, results, items[-1] if items else None, *flags)
        return results[len(results) - len(items):]

    def _mended(self, results: list, items: Sequence, dirty: frozenset[str], classify: Callable) -> list:
        """``results`` (ending with those of ``items``) with the items of the ``dirty``
        conversations classified again; a new list (the old one belongs to older threads too)."""
        conv_of = self.snap.conversation_of
        offset = len(results) - len(items)
        redo = [i for i, m in enumerate(items) if conv_of.get(m.id) in dirty]
        results = results[offset:]
        for i in redo:
            results[i] = classify(items[i])
        return results

    @cached_property
    def deflections(self) -> dict[str, str]:
        """Outbound reply id -> reason, for replies that deflect (DM-move nuance applied)."""
        extra = tuple(self.vocab.get("deflection", ()))
        replies = self.out_replies
        # (a DM move's reason depends on later public answers in its conversation: worked out
        # again for the conversations that grew, kept for the others)
        reasons = self.classified(("deflection", extra), replies, self._deflection_of(extra), carry=False,
                                  by_conversation=True)
        return {m.id: reason for m, reason in zip(replies, reasons) if reason is not None}

    def _deflection_of(self, extra: tuple[str, ...]) -> Callable[[Message], str | None]:
        """A reply's deflection reason or None, for one pass over the replies."""
        # A DM move's conversation is searched for a public follow-up, whose replies the pass
        # classifies too: each text is classified once in this pass.
        find = cache(lambda text: find_deflection(text, extra))
        builtin = cache(find_deflection) if extra else find  # follow-ups: the built-in vocabulary
        conv_of = self.snap.conversation_of

        def reason(m: Message) -> str | None:
            match = find(m.text)
            if match is None:
                return None
            if is_dm_move(m.text) and self._public_follow_up(conv_of.get(m.id), m, builtin):
                return None
            return match.reason
        return reason

    def _public_follow_up(self, conv_id: str | None, after: Message, deflection: Callable) -> bool:
        conv = self.snap.conversations.get(conv_id or "")
        if conv is None:
            return False
        return any(
            m.direction == "out" and m.kind != "dm" and m.created_at > after.created_at and m.id != after.id
            and deflection(m.text) is None
            for m in conv.messages
        )

    @cached_property
    def inbound_written(self) -> list[Message]:
        """Inbound messages in their authors' own words (reposts quote someone else)."""
        return [m for m in self.inbound if m.kind != "repost"]

    @cached_property
    def complaints(self) -> list[Message]:
        extra = tuple(self.vocab.get("complaint", ()))
        written = self.inbound_written
        hits = self.classified(("complaint", extra), written, lambda text: is_complaint(text, extra), by=TEXT,
                               alone=True)
        return [m for m, hit in zip(written, hits) if hit]

    @cached_property
    def acknowledging_posts(self) -> list[Message]:
        extra = self.vocab.get("ack", ())
        return [m for m in self.own_posts if acknowledges_problem(m.text, extra)]

    @cached_property
    def hijack_reports(self) -> dict[str, str]:
        """Inbound message id -> reason, for reports that this account may be compromised. Reposts
        are not reports: they quote someone else, and no answer closes them (no customer turn)."""
        acc = self.account
        extra = tuple(self.vocab.get("hijack", ()))
        inbound = self.inbound_written
        reasons = self.classified(("hijack", acc.handle, tuple(acc.brand_terms), extra), inbound,
                                  _reason_of(report_finder(acc.handle, tuple(acc.brand_terms), extra)), by=TEXT,
                                  alone=True)
        # compress() skips the (nearly all) messages without a reason in C: a Python loop over the
        # window's inbound messages took 0.1 s at a million, on every workflow change
        return {m.id: reason for m, reason in compress(zip(inbound, reasons), reasons)}

    @cached_property
    def outbound_links(self) -> list[tuple[Message, str]]:
        """(message, url) of the window's outbound links. Remembered with the threads like the
        window's messages: the same pairs for a later snapshot, so what was classified of them
        (own-link) is found again instead of classified anew."""
        links = self.remembered(("window", "out-links"), lambda: _links_of(self.outbound))
        first = bisect_left(links, self.snap.window_start, key=_link_time)
        return links[first:] if first else links

    @cached_property
    def own_outbound_links(self) -> list[tuple[Message, str]]:
        """The outbound links that point to the account's own domains."""
        links = self.outbound_links
        acc = self.account
        own = self.classified(("own-link", tuple(acc.own_domains)), links, lambda url: is_own(url, acc),
                              by=itemgetter(1), alone=True)
        return [link for link, is_own_link in zip(links, own) if is_own_link]

    @property
    def sla(self) -> timedelta:
        return self.account.sla


class _Classified:
    """A ``Facts.classified`` memo entry: the results, the last item they cover, and whether they
    stay true when the threads are extended by outbound messages (``carry``) or by any (``alone``),
    or do for every conversation but those that grew (``by_conversation``: those, ``dirty``, are
    classified again on the next look; see :func:`carry_memo`)."""

    __slots__ = ("start", "results", "last", "carry", "alone", "by_conversation", "dirty")

    def __init__(self, start, results, last, carry, alone=False, by_conversation=False,
                 dirty: frozenset[str] = frozenset()) -> None:
        self.start, self.results, self.last, self.carry, self.alone = start, results, last, carry, alone
        self.by_conversation, self.dirty = by_conversation, dirty

    def grown(self, conversations: frozenset[str]) -> "_Classified":
        """This entry for threads in which ``conversations`` grew (this one stays as it is)."""
        return _Classified(self.start, self.results, self.last, self.carry, self.alone, self.by_conversation,
                           self.dirty | conversations)


def _position(items: Sequence, item, look_back: int = 4096) -> int | None:
    """Where ``item`` is among the last ``look_back`` of ``items`` (by identity), or None; -1
    for None (nothing was classified yet)."""
    if item is None:
        return -1
    for i in range(len(items) - 1, max(-1, len(items) - 1 - look_back), -1):
        if items[i] is item:
            return i
    return None


# remembered() entries that outbound messages appended after all others leave true: the
# window's inbound messages, and what was built from them alone
_KEPT = frozenset({("window", "in")})
_INBOUND_ONLY = frozenset({"BRD003 terms"})
# Results per conversation that check, when read, that its last message is still the one they
# were worked out for (RSP001's thank-you count): true for any tail, they are always carried.
VALIDATED = frozenset({"RSP001 only-thanks"})


def carry_memo(memo: dict, tail: Sequence[Message], grown: frozenset[str] | None = None,
               before: dict | None = None) -> dict:
    """What of ``memo`` (of earlier threads) holds for them extended by ``tail`` (messages newer
    than all of theirs, joining the conversations ``grown``; ``before``: the earlier threads'
    conversations); the new messages are classified when asked.

    A tail of outbound messages (replies sent from here) leaves customers' turns, DM
    conversations with customers and the people in each conversation as they were, so
    per-message classifications stay true. Lists of conversations are not carried (a joined
    one is replaced). Customers' messages (a sync) can change those things: what depends on
    each message alone is carried (a hijack report, a complaint, a link's domain), and the
    window's messages of each direction, which the tail's join. Whatever the tail, results
    that depend on a message's own conversation only (a DM move's later public answer, the
    names of its people) are carried for the conversations that did not grow, unless a DM
    conversation got its first customer message: the account's earlier DMs in it become
    replies, in the midst of those classified."""
    inbound = [m for m in tail if m.direction == "in"]
    scoped = grown is not None and not _first_customer_dm(inbound, before)
    if inbound:
        outbound = [m for m in tail if m.direction != "in"]
        out = {}
        for key, entry in list(memo.items()):  # (copied at once: a worker may add to it)
            if key in VALIDATED:
                out[key] = dict(entry)
            elif isinstance(entry, _Classified) and entry.alone:
                out[key] = entry
            elif scoped and isinstance(entry, _Classified) and entry.by_conversation:
                out[key] = entry.grown(grown)
        for key, joining in ((("window", "in"), inbound), (("window", "out"), outbound),
                             (("window", "out-links"), _links_of(outbound))):
            entry = memo.get(key)
            if entry is not None:
                out[key] = (entry[0], entry[1] + joining)
        return out
    out = {}
    for key, entry in list(memo.items()):  # (copied at once: a worker may add to it)
        if key in VALIDATED:
            out[key] = dict(entry)
        elif key in _KEPT:
            out[key] = entry
        elif key == ("window", "out"):
            out[key] = (entry[0], entry[1] + list(tail))
        elif key == ("window", "out-links"):
            out[key] = (entry[0], entry[1] + _links_of(tail))
        elif isinstance(entry, _Classified) and entry.carry:
            out[key] = entry
        elif scoped and isinstance(entry, _Classified) and entry.by_conversation:
            out[key] = entry.grown(grown)
        elif isinstance(key, tuple) and key and key[0] in _INBOUND_ONLY:
            out[key] = entry
    return out


def _first_customer_dm(inbound: Sequence[Message], before: dict | None) -> bool:
    """Whether a customer's DM arrives in a conversation that so far had only the account's."""
    for m in inbound:
        if m.kind == "dm":
            if before is None:
                return True
            conv = before.get(m.conversation_key)
            if conv is not None and not conv.has_inbound:
                return True
    return False


def _classify_all(items: Sequence, classify: Callable, by: Callable | None) -> list:
    """``classify`` for every item (see Facts.classified); equal results are one object."""
    if by is not None:
        items, classify = map(by, items), cache(classify)  # the cache lives for this pass only
    seen: dict = {}
    return [seen.setdefault(r, r) for r in map(classify, items)]


def _reason_of(find: Callable[[str], object]) -> Callable[[str], str | None]:
    """A classifier's reason for a text, or None (a Match is kept as its reason only)."""
    def reason(text: str) -> str | None:
        match = find(text)
        return match.reason if match else None
    return reason


_CACHE_ATTR = "_socialtui_facts"  # workspace.FACTS_ATTR drops it from replaced snapshots


MEMO_CARRY[0] = carry_memo


def facts_for(snap: Snapshot) -> Facts:
    """The Facts of a snapshot, built on first use."""
    f = snap.__dict__.get(_CACHE_ATTR)
    if f is None:
        f = Facts(snap)
        snap.__dict__[_CACHE_ATTR] = f
    return f
