"""A dataset (account + messages) and its view at one evaluation instant."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cached_property
from operator import attrgetter

from socialtui.domain.conversations import Conversation, build_conversations
from socialtui.domain.models import Account, Message
from socialtui.domain.perf import gc_paused
from socialtui.domain.workflow import WorkflowState


@dataclass(slots=True)
class Dataset:
    account: Account
    messages: list[Message]
    source: str = ""  # where it came from, for messages to the user

    def default_now(self) -> datetime:
        """``as_of`` when present, else the newest message's time."""
        if self.account.as_of is not None:
            return self.account.as_of
        if self.messages:
            return max(m.created_at for m in self.messages)
        raise ValueError("an empty dataset without as_of has no 'now'")

    def shifted(self, delta: timedelta) -> "Dataset":
        """A copy with every timestamp moved by ``delta`` (demo: as_of becomes now)."""
        from dataclasses import replace

        msgs = [replace(m, created_at=m.created_at + delta) for m in self.messages]
        acc = replace(self.account)
        if acc.as_of is not None:
            acc.as_of = acc.as_of + delta
        return Dataset(acc, msgs, self.source)

    def snapshot(self, now: datetime, state: WorkflowState | None = None, window: timedelta | None = None) -> "Snapshot":
        return Snapshot(self, now, state or WorkflowState(), window or self.account.window)


@dataclass(eq=False)
class Snapshot:
    """What is known at ``now``: messages up to now, conversations, workflow state.

    Rules are pure functions of a Snapshot (plus config); nothing here reads the clock.
    """

    dataset: Dataset
    now: datetime
    state: WorkflowState = field(default_factory=WorkflowState)
    window: timedelta = timedelta(days=7)

    @property
    def account(self) -> Account:
        return self.dataset.account

    @property
    def window_start(self) -> datetime:
        return self.now - self.window

    @cached_property
    def known(self) -> list[Message]:
        """Messages with created_at <= now, sorted by (created_at, id)."""
        now = self.now
        msgs = [m for m in self.dataset.messages if m.created_at <= now]
        msgs.sort(key=attrgetter("created_at", "id"))
        return msgs

    @cached_property
    def in_window(self) -> list[Message]:
        start = self.window_start
        return [m for m in self.known if m.created_at >= start]

    @cached_property
    def by_id(self) -> dict[str, Message]:
        return {m.id: m for m in self.known}

    @cached_property
    def conversations(self) -> dict[str, Conversation]:
        with gc_paused():
            return build_conversations(self.known, presorted=True)

    @cached_property
    def conversation_of(self) -> dict[str, str]:
        """Message id -> conversation id."""
        out: dict[str, str] = {}
        for cid, conv in self.conversations.items():
            for m in conv.messages:
                out[m.id] = cid
        return out

    def is_waiting(self, conv: Conversation) -> bool:
        return conv.is_waiting(self.state.conversations.get(conv.id), self.now)

    @cached_property
    def waiting(self) -> list[Conversation]:
        return [c for c in self.conversations.values() if self.is_waiting(c)]
