"""A dataset (account + messages) and its view at one evaluation instant."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cached_property
from operator import attrgetter, is_
from weakref import ref

from socialtui.domain.conversations import Conversation, build_threads, extend_threads, waiting
from socialtui.domain.models import Account, Message
from socialtui.domain.perf import gc_paused, keep_long_lived
from socialtui.domain.workflow import WorkflowState
from socialtui.errors import NoNowError


@dataclass(slots=True)
class Dataset:
    account: Account
    messages: list[Message]
    source: str = ""  # where it came from, for messages to the user
    ordered: bool = False  # messages are sorted by (created_at, id)
    revision: str | None = None  # the store's messages revision they were read at (store datasets only)

    def in_order(self) -> "Dataset":
        """Sort the messages by (created_at, id) once, in place (loaders call this).

        A snapshot of an ordered dataset finds its messages by bisection instead of
        filtering and sorting a million messages again for every new ``now``.
        """
        if not self.ordered:
            with gc_paused():
                sort_in_time(self.messages)
            self.ordered = True
        keep_long_lived()
        return self

    def count_known(self, now: datetime) -> int:
        """How many messages have created_at <= now."""
        if self.ordered:
            return bisect_right(self.messages, now, key=_CREATED)
        return sum(1 for m in self.messages if m.created_at <= now)

    def default_now(self) -> datetime:
        """``as_of`` when present, else the newest message's time."""
        if self.account.as_of is not None:
            return self.account.as_of
        if self.messages:
            return max(m.created_at for m in self.messages)
        raise NoNowError(self.source)

    def shifted(self, delta: timedelta) -> "Dataset":
        """A copy with every timestamp moved by ``delta`` (demo: as_of becomes now)."""
        from dataclasses import replace

        msgs = [replace(m, created_at=m.created_at + delta) for m in self.messages]
        acc = replace(self.account)
        if acc.as_of is not None:
            acc.as_of = acc.as_of + delta
        return Dataset(acc, msgs, self.source, self.ordered)

    def snapshot(self, now: datetime, state: WorkflowState | None = None, window: timedelta | None = None,
                 *, reuse: "Threads | None" = None, progress=None) -> "Snapshot":
        """The view at ``now``. ``reuse``: an earlier snapshot's threads (known messages,
        conversations), taken over when no message of this dataset arrived between the two
        instants, so a clock tick or a workflow change does not rebuild them. ``progress`` is
        told how threading them goes."""
        snap = Snapshot(self, now, state or WorkflowState(), window or self.account.window, progress)
        if reuse is not None and reuse.messages is self.messages and reuse.count == self.count_known(now):
            snap.__dict__["threads"] = reuse
        elif reuse is not None and self.ordered:
            extended = self._extended(reuse, now)
            if extended is not None:
                snap.__dict__["threads"] = extended
        return snap

    def _extended(self, reuse: "Threads", now: datetime) -> "Threads | None":
        """``reuse`` plus the messages that came after all of its own (a reply sent from here):
        threading a million messages again took seconds for one reply. None when the messages
        known at ``now`` do not begin with exactly the ones ``reuse`` knew."""
        count = self.count_known(now)
        old = reuse.known
        if count <= len(old):
            return None
        known = self.messages[:count]
        if not all(map(is_, old, known)):  # pointer comparisons: ~20 ms for a million
            return None
        tail = known[len(old):]
        with gc_paused():
            built = extend_threads(reuse.conversations, reuse.conversation_of, tail)
        if built is None:
            return None
        convs, conv_of, grown = built
        carry = MEMO_CARRY[0]
        memo = carry(reuse.memo, tail, grown, reuse.conversations) if carry is not None else {}
        return Threads(self.messages, count, known, convs, conv_of, memo=memo,
                       grew_from=Growth(ref(reuse), grown, any(m.direction == "in" for m in tail)),
                       lineage=reuse.lineage, generation=reuse.generation + 1)


# Set by rules.facts (the domain does not import the rules): (memo of the earlier threads, the
# messages appended after all of theirs, the ids of the conversations they joined, the earlier
# conversations) -> the part of the memo still true for the extended threads. Without it an extension starts with an empty memo, as a full build does.
MEMO_CARRY: list = [None]

_ORDER = attrgetter("created_at", "id")
_CREATED = attrgetter("created_at")
_ID = attrgetter("id")


def sort_in_time(messages: list[Message]) -> None:
    """Sort by (created_at, id) in place: by id, then (stably) by time. Sorting by the pair would
    build a key tuple per message (64 MB at a million, all alive at once); these keys are the
    messages' own strings and datetimes (and the two sorts took half the time of the pair's)."""
    messages.sort(key=_ID)
    messages.sort(key=_CREATED)


@dataclass(frozen=True, slots=True)
class Growth:
    """How threads came from earlier ones by :meth:`Dataset._extended`: the queue then moves only
    the rows of the conversations that grew instead of ordering 100k rows again."""

    source: "ref[Threads]"  # weak: the earlier threads are not kept alive for this
    conversations: frozenset[str]  # the ids of the conversations the new messages joined
    inbound: bool  # a customer's message among them (it may be a hijack report)


@dataclass(slots=True, eq=False, weakref_slot=True)
class Threads:
    """The messages known at one instant and their conversations (shared between snapshots)."""

    messages: list[Message]  # the dataset list these were built from
    count: int
    known: list[Message]
    conversations: dict[str, Conversation]
    conversation_of: dict[str, str]
    # Per-message results that stay true while these threads are reused (rules.facts keeps
    # the rules' classifications of the window's messages here, so a clock tick does not
    # classify again).
    memo: dict = field(default_factory=dict)
    grew_from: Growth | None = None  # set when extended from earlier threads
    # Threads extended from these share their lineage, one generation on: the known messages of
    # a later generation begin with exactly those of an earlier one (what the L003 index needs
    # to add only the newer replies, even when the threads in between are gone).
    lineage: object = field(default_factory=object)
    generation: int = 0

    def growth_since(self, earlier: "Threads | None") -> Growth | None:
        """How these threads grew from ``earlier`` (None: they did not, they are other threads)."""
        grew = self.grew_from
        return grew if grew is not None and earlier is not None and grew.source() is earlier else None


@dataclass(eq=False)
class Snapshot:
    """What is known at ``now``: messages up to now, conversations, workflow state.

    Rules are pure functions of a Snapshot (plus config); nothing here reads the clock.
    """

    dataset: Dataset
    now: datetime
    state: WorkflowState = field(default_factory=WorkflowState)
    window: timedelta = timedelta(days=7)
    progress: object = field(default=None, repr=False, compare=False)  # a Progress, for long builds

    @property
    def account(self) -> Account:
        return self.dataset.account

    @property
    def window_start(self) -> datetime:
        return self.now - self.window

    @cached_property
    def threads(self) -> Threads:
        ds, now = self.dataset, self.now
        with gc_paused():
            if ds.ordered:
                known = ds.messages[: ds.count_known(now)]
            else:
                known = [m for m in ds.messages if m.created_at <= now]
                sort_in_time(known)
            conversations, conv_of = build_threads(known, presorted=True, progress=self.progress)
        keep_long_lived()
        return Threads(ds.messages, len(known), known, conversations, conv_of)

    @property
    def known(self) -> list[Message]:
        """Messages with created_at <= now, sorted by (created_at, id)."""
        return self.threads.known

    @cached_property
    def in_window(self) -> list[Message]:
        known = self.known  # in time order: the window is its tail
        return known[bisect_left(known, self.window_start, key=_CREATED):]

    def message(self, message_id: str) -> Message | None:
        """The known message with this id, found through its conversation (None when not known).

        A dict of every message by id cost ~1 s and ~40 MB at a million messages, for the few
        lookups a snapshot needs (a reply's target, hijack reports' times)."""
        cid = self.threads.conversation_of.get(message_id)
        conv = self.threads.conversations.get(cid) if cid is not None else None
        if conv is None:
            return None
        return next((m for m in reversed(conv.messages) if m.id == message_id), None)

    @property
    def conversations(self) -> dict[str, Conversation]:
        return self.threads.conversations

    @property
    def conversation_of(self) -> dict[str, str]:
        """Message id -> conversation id."""
        return self.threads.conversation_of

    def is_waiting(self, conv: Conversation) -> bool:
        return conv.is_waiting(self.state.conversations.get(conv.id), self.now)

    @cached_property
    def waiting(self) -> list[Conversation]:
        """The conversations waiting at ``now`` (RULEBOOK), in the conversations' order. Those whose
        latest message is a customer's are remembered with the threads: after a workflow change
        only their states are looked at again (0.3 s -> 30 ms at 100k conversations)."""
        memo = self.threads.memo
        candidates = memo.get("waiting-candidates")
        if candidates is None:
            candidates = memo["waiting-candidates"] = [
                (c, since, c.last_inbound_at) for c in self.conversations.values()
                if (since := c.waiting_since) is not None]
        state_of, now = self.state.conversations.get, self.now
        return [c for c, since, last_in in candidates
                if (state := state_of(c.id)) is None or waiting(since, last_in, state, now)]
