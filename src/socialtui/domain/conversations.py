"""Threads, DM conversations, customer turns and waiting state (RULEBOOK vocabulary).

Everything here is iterative: a 10k-deep reply chain or a reply cycle in a
hostile dataset must not hit the recursion limit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Iterable

from socialtui.domain.models import Message
from socialtui.domain.workflow import ConversationState


@dataclass(slots=True)
class Turn:
    """A run of consecutive inbound messages, answered by the next outbound one."""

    conversation_id: str
    messages: list[Message]
    answer: Message | None = None

    @property
    def start(self) -> datetime:
        return self.messages[0].created_at

    @property
    def first(self) -> Message:
        return self.messages[0]

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
            return self.turns[-1].messages[-1].created_at
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
        """RULEBOOK 'waiting': latest message inbound and not marked done.

        A done or snoozed mark only holds while no customer wrote after it; a
        snooze also ends at its wake time.
        """
        since = self.waiting_since
        if since is None:
            return False
        if state is None or state.status == "open":
            return True
        last_in = self.last_inbound_at
        if state.changed_at is not None and last_in is not None and last_in > state.changed_at:
            return True
        if state.status == "done":
            return False
        if state.status == "snoozed":
            return state.until is not None and state.until <= now
        return True  # escalated: still waiting for the promised public answer


def _find_roots(by_id: dict[str, Message]) -> dict[str, str]:
    """Message id -> root id for every non-DM message, following in_reply_to."""
    root_of: dict[str, str] = {}
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

    ``presorted``: the messages come sorted by (created_at, id), so groups need no sort.
    """
    thread_msgs: dict[str, Message] = {}
    groups: dict[str, list[Message]] = {}
    for m in messages:
        if m.kind == "dm":
            groups.setdefault(f"dm:{m.conversation}", []).append(m)
        else:
            thread_msgs[m.id] = m
    root_of = _find_roots(thread_msgs)
    for mid, m in thread_msgs.items():
        groups.setdefault(root_of[mid], []).append(m)

    conversations: dict[str, Conversation] = {}
    for cid, msgs in groups.items():
        if not presorted:
            msgs.sort(key=lambda m: (m.created_at, m.id))
        conv = Conversation(id=cid, is_dm=cid.startswith("dm:"), messages=msgs)
        conv.turns = _derive_turns(cid, msgs)
        conversations[cid] = conv
    return conversations


def _derive_turns(cid: str, msgs: list[Message]) -> list[Turn]:
    turns: list[Turn] = []
    current: Turn | None = None
    for m in msgs:
        if m.direction == "in":
            if m.kind == "repost":
                continue
            if current is None:
                current = Turn(cid, [m])
                turns.append(current)
            else:
                current.messages.append(m)
        elif current is not None:
            current.answer = m
            current = None
    return turns
