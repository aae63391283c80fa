"""Threads, DM conversations, customer turns and waiting state (RULEBOOK vocabulary).

Everything here is iterative: a 10k-deep reply chain or a reply cycle in a
hostile dataset must not hit the recursion limit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import chain
from datetime import datetime, timedelta
from operator import attrgetter
from typing import Iterable

from socialtui.domain.models import Message
from socialtui.domain.workflow import ConversationState


@dataclass(slots=True)
class Turn:
    """A run of consecutive inbound messages (reposts aside), answered by the next outbound one.

    The run is kept as its first and last message, not as a list: a large account has hundreds
    of thousands of turns, and a list each cost ~70 bytes more and an allocation while threading.
    :meth:`messages_in` lists the run's messages."""

    conversation_id: str
    first: Message
    last: Message
    answer: Message | None = None

    @property
    def start(self) -> datetime:
        return self.first.created_at

    def contains(self, m: Message) -> bool:
        """``m`` is one of the run's messages (a customer's, no repost, between first and last)."""
        key = (m.created_at, m.id)
        return (m.direction == "in" and m.kind != "repost"
                and (self.first.created_at, self.first.id) <= key <= (self.last.created_at, self.last.id))

    def messages_in(self, conv: "Conversation") -> list[Message]:
        """The run's messages, from its conversation."""
        return [m for m in conv.messages if self.contains(m)]

    @property
    def response_time(self) -> timedelta | None:
        if self.answer is None:
            return None
        return self.answer.created_at - self.start


@dataclass(slots=True, eq=False)
class Conversation:
    id: str
    is_dm: bool
    messages: list[Message]  # sorted by (created_at, id)
    turns: list[Turn] = field(default_factory=list)

    @property
    def root(self) -> Message:
        return self.messages[0]

    @property
    def last_message(self) -> Message:
        return self.messages[-1]

    @property
    def has_inbound(self) -> bool:
        return bool(self.turns)

    @property
    def latest_is_inbound(self) -> bool:
        return self.messages[-1].direction == "in"

    @property
    def waiting_since(self) -> datetime | None:
        """Start of the unanswered turn when the latest message is inbound."""
        if self.turns and self.turns[-1].answer is None:
            return self.turns[-1].start
        return None

    @property
    def last_inbound_at(self) -> datetime | None:
        if self.turns:
            return self.turns[-1].last.created_at
        return None

    @property
    def participants(self) -> list[str]:
        """Inbound authors' handles in order of first appearance."""
        seen: dict[str, None] = {}
        for m in self.messages:
            if m.direction == "in":
                seen.setdefault(m.author.handle, None)
        return list(seen)

    def is_waiting(self, state: ConversationState | None, now: datetime) -> bool:
        """RULEBOOK 'waiting' (see :func:`waiting`)."""
        return waiting(self.waiting_since, self.last_inbound_at, state, now)


def waiting(since: datetime | None, last_in: datetime | None, state: ConversationState | None,
            now: datetime) -> bool:
    """RULEBOOK 'waiting': latest message inbound (``since`` is set) and not marked done.

    A done or snoozed mark only holds while no customer wrote after it (``last_in``); a
    snooze also ends at its wake time.
    """
    if since is None:
        return False
    if state is None or state.status == "open":
        return True
    if state.changed_at is not None and last_in is not None and last_in > state.changed_at:
        return True
    if state.status == "done":
        return False
    if state.status == "snoozed":
        return state.until is not None and state.until <= now
    return True  # escalated: still waiting for the promised public answer


def _find_roots(by_id: dict[str, Message], root_of: dict[str, str] | None = None) -> dict[str, str]:
    """Message id -> root id for every message of ``by_id`` (no DMs), following in_reply_to.

    ``root_of`` may already hold placed messages (id -> root); it is extended and returned.
    """
    root_of = {} if root_of is None else root_of
    for start, msg0 in by_id.items():
        if start in root_of:
            continue
        parent0 = msg0.in_reply_to
        if not parent0 or parent0 == start:  # fast paths: a root, or a parent we already placed
            root_of[start] = start
            continue
        if parent0 in root_of:
            root_of[start] = root_of[parent0]
            continue
        path: list[str] = []
        on_path: set[str] = set()
        cur = start
        root: str | None = None
        while True:
            if cur in root_of:
                root = root_of[cur]
                break
            msg = by_id.get(cur)
            if msg is None:  # missing parent: its id is the root
                root = cur
                break
            if cur in on_path:  # reply cycle: the smallest id in it is the root
                cycle = path[path.index(cur) :]
                root = min(cycle)
                break
            path.append(cur)
            on_path.add(cur)
            parent = msg.in_reply_to
            if not parent or parent == cur:
                root = cur
                break
            cur = parent
        for p in path:
            root_of[p] = root
    return root_of


def build_conversations(messages: Iterable[Message], presorted: bool = False) -> dict[str, Conversation]:
    """Group messages into conversations and derive customer turns.

    ``presorted``: the messages come sorted by (created_at, id).
    """
    return build_threads(messages, presorted)[0]


PROGRESS_EVERY = 65_536  # messages between two progress reports (a power of two: a cheap mask test)


def build_threads(messages: Iterable[Message], presorted: bool = False,
                  progress=None) -> tuple[dict[str, Conversation], dict[str, str]]:
    """The conversations (see :func:`build_conversations`) and message id -> conversation id.

    One pass in time order places nearly every message: its parent came earlier, so its
    root is known, and turns grow as the messages arrive. A reply older than its parent
    (clock skew), a reply to a missing message or a reply cycle is set aside and placed
    afterwards by following its chain; only the conversations it joins are re-sorted.
    ``progress`` (a :class:`~socialtui.domain.progress.Progress`) is told how far it got.
    """
    if not presorted:
        messages = sorted(messages, key=attrgetter("created_at", "id"))
    root_of: dict[str, str] = {}  # thread message id -> root id
    dm_of: dict[str, str] = {}  # DM message id -> conversation id
    conversations: dict[str, Conversation] = {}
    open_turn: dict[str, Turn] = {}  # conversation id -> its unanswered turn
    deferred: dict[str, Message] = {}
    dm_ids: dict[str | None, str] = {}  # DM conversation -> its id, built once per conversation
    # bound methods: this loop runs once per message, a million times for a large account
    root_get, conv_get, turn_get, turn_pop = root_of.get, conversations.get, open_turn.get, open_turn.pop
    if progress is not None:
        messages = _reporting(messages, progress)
    for m in messages:
        if m.kind == "dm":
            cid = dm_ids.get(m.conversation)
            if cid is None:
                cid = dm_ids[m.conversation] = f"dm:{m.conversation}"
            dm_of[m.id] = cid
        else:
            mid, parent = m.id, m.in_reply_to
            if not parent or parent == mid:
                cid = mid
            else:
                cid = root_get(parent)
                if cid is None:
                    deferred[mid] = m
                    continue
            root_of[mid] = cid
        conv = conv_get(cid)
        if conv is None:
            conv = conversations[cid] = Conversation(cid, cid.startswith("dm:"), [m])
        else:
            conv.messages.append(m)
        if m.direction == "in":
            if m.kind != "repost":
                turn = turn_get(cid)
                if turn is None:
                    turn = open_turn[cid] = Turn(cid, m, m)
                    conv.turns.append(turn)
                else:
                    turn.last = m
        elif cid in open_turn:
            turn_pop(cid).answer = m
    if deferred:
        _place_deferred(deferred, root_of, conversations)
    root_of.update(dm_of)  # now: every message id -> its conversation id
    return conversations, root_of


def extend_threads(conversations: dict[str, Conversation], conversation_of: dict[str, str],
                   tail: list[Message]) -> tuple[dict[str, Conversation], dict[str, str], frozenset[str]] | None:
    """The threads of earlier messages plus ``tail``, newer than all of them (a reply just sent),
    without threading the earlier ones again, and the ids of the conversations ``tail`` joined;
    None when a tail message needs the full build (a reply to a message not known, a reply into a
    DM, an id seen before).

    The given dicts and conversations are left as they are (an older snapshot, perhaps being
    evaluated in a worker, still reads them): the dicts are copied and a conversation the tail
    joins is replaced by a new one.
    """
    convs, conv_of = dict(conversations), dict(conversation_of)
    touched: dict[str, Conversation] = {}
    for m in tail:
        if m.id in conv_of or m.id in convs:  # seen before, or the missing parent a thread is named after
            return None
        cid = m.conversation_key or _thread_of(m, conv_of)
        if cid is None:
            return None
        conv_of[m.id] = cid
        conv = touched.get(cid)
        if conv is None:
            old = convs.get(cid)
            conv = touched[cid] = convs[cid] = Conversation(cid, cid.startswith("dm:"),
                                                            list(old.messages) if old is not None else [])
        conv.messages.append(m)
    for cid, conv in touched.items():
        conv.messages.sort(key=attrgetter("created_at", "id"))
        conv.turns = _derive_turns(cid, conv.messages)
    return convs, conv_of, frozenset(touched)


def _thread_of(m: Message, conv_of: dict[str, str]) -> str | None:
    """A thread message's conversation: its own id for a root, else its parent's thread (None when
    the parent is not known or is a DM: the full build decides those)."""
    if not m.in_reply_to or m.in_reply_to == m.id:
        return m.id
    cid = conv_of.get(m.in_reply_to)
    return None if cid is None or cid.startswith("dm:") else cid


def _reporting(messages, progress):
    """The messages, telling ``progress`` every PROGRESS_EVERY of them. The slices are chained in
    C, so the per-message loop pays nothing for the reports (a generator per message cost ~5 %)."""
    return chain.from_iterable(_slices(messages if isinstance(messages, list) else list(messages), progress))


def _slices(messages: list, progress):
    progress.start("threading the conversations", len(messages), "messages")
    for start in range(0, len(messages), PROGRESS_EVERY):
        progress.advance(start)
        yield messages[start:start + PROGRESS_EVERY]
    progress.advance(len(messages))


def _place_deferred(deferred: dict[str, Message], root_of: dict[str, str],
                    conversations: dict[str, Conversation]) -> None:
    """Place the messages the time-ordered pass could not, then fix the conversations they join."""
    _find_roots(deferred, root_of)
    touched: set[str] = set()
    for mid, m in deferred.items():
        cid = root_of[mid]
        conv = conversations.get(cid)
        if conv is None:
            conversations[cid] = Conversation(cid, cid.startswith("dm:"), [m])
        else:
            conv.messages.append(m)
        touched.add(cid)
    for cid in touched:
        conv = conversations[cid]
        conv.messages.sort(key=attrgetter("created_at", "id"))
        conv.turns = _derive_turns(cid, conv.messages)


def _derive_turns(cid: str, msgs: list[Message]) -> list[Turn]:
    turns: list[Turn] = []
    current: Turn | None = None
    for m in msgs:
        if m.direction == "in":
            if m.kind == "repost":
                continue
            if current is None:
                current = Turn(cid, m, m)
                turns.append(current)
            else:
                current.last = m
        elif current is not None:
            current.answer = m
            current = None
    return turns
