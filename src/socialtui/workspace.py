"""The model layer the app and the CLI share: one dataset, its store scope, and the agent.

Every workflow action persists at once through the store and can be undone. The
snapshot (and the queue, health report and reply index built on it) is cached until
something changes: an action here, a write by another process (``refresh_if_changed``),
or the clock moving on.
"""

from __future__ import annotations

import functools
import re
import threading

from bisect import insort
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Callable

from socialtui.domain.dataset import _ORDER, Dataset, Snapshot, Threads
from socialtui.domain.models import Agent
from socialtui.domain.progress import Progress
from socialtui.domain.timeutil import format_clock
from socialtui.domain.workflow import ConversationState
from socialtui.errors import StoreError, UsageError
from socialtui.sanitize import clean_line, clean_text
from socialtui.workspace_sending import NEW_POST, ConfirmationNeeded, SendingMixin, SendRefused  # noqa: F401 (API)

STALE_AFTER = timedelta(seconds=30)
MAX_SNOOZE = timedelta(days=366)  # longer is no snooze: done brings it back when they write
FACTS_ATTR = "_socialtui_facts"  # where rules.facts caches a snapshot's facts


@dataclass(slots=True)
class UndoEntry:
    description: str
    conversation_id: str
    previous: ConversationState | None = None
    note_at: str | None = None
    more: tuple[tuple[str, ConversationState], ...] = ()  # (one action on several: each one's previous state)


def _locked(method):
    """One thread at a time builds or replaces the snapshot and the queue: the UI thread and a
    worker taking in a sync or a sent reply. Unlocked, a worker installed a snapshot read before
    the agent's own done (the done seemed undone), and two queue moves re-numbered one shared
    placing. Only the building is locked, never the rules' evaluation."""
    @functools.wraps(method)
    def run(self, *args, **kwargs):
        with self._lock:
            return method(self, *args, **kwargs)
    return run


class Workspace(SendingMixin):
    """One account's (or demo's) conversations, workflow state, drafts and sending."""

    def __init__(self, dataset: Dataset, store, scope: str, *, now_fn: Callable[[], datetime],
                 agent: Agent | None = None, live_sender=None,
                 loader: Callable[[Progress], Dataset] | None = None, time_shift: timedelta | None = None,
                 progress: Progress | None = None) -> None:
        self.dataset = dataset
        # A demo: how far its dataset's times were moved to the present (zero with --now). Its
        # sent replies are kept on the dataset's timeline and move with it (Store.add_sent).
        self.time_shift = time_shift
        # A large stored account is read behind the painted app: until finish_loading() ran,
        # ``dataset`` holds its account and no messages, and only the queue seed can be shown.
        # The loader is called with ``progress``, which a screen shows while it waits.
        self._loader = loader
        self.progress = progress or Progress()
        self.health_progress = Progress()  # how far a full evaluation of the rules got (see health())
        self.store = store
        self.scope = scope
        self.now_fn = now_fn
        self.agent = agent
        self.live_sender = live_sender
        self._snap: Snapshot | None = None
        self._last_good: tuple | None = None  # (merged dataset, workflow state) last read cleanly
        self.store_problem: StoreError | None = None  # why the store could not be read just now
        self._threads: Threads | None = None
        self._merged: tuple | None = None
        self._dataset_ids: tuple | None = None
        self._sent_merged: dict = {}  # id -> the sent reply's Message in the merged dataset
        self._queue = self._health = self._reply_index = None
        self._lint_lock = threading.Lock()  # the UI and a send in a thread both lint
        self._lock = threading.RLock()  # see _locked
        self._full_health: tuple | None = None  # (threads, now, report) of the last full evaluation
        self._revision = store.revision(scope)
        self._undo: list[UndoEntry] = []
        self.changes = 0

    # -- derived views ------------------------------------------------------------------
    @property
    def account(self):
        return self.dataset.account

    @property
    def loading(self) -> bool:
        """The messages are still to be read (see ``loader``)."""
        return self._loader is not None

    def finish_loading(self) -> None:
        """Read the messages the loader stands for (slow: call it from a worker thread)."""
        loader = self._loader
        if loader is not None:
            self.replace_dataset(loader(self.progress))
            self._loader = None

    @_locked
    def invalidate(self) -> None:
        self.changes += 1  # data or workflow changed (a clock tick alone does not count)
        self._retire(self._snap)
        self._snap = self._health = None

    @_locked
    def replace_dataset(self, dataset: Dataset) -> None:
        """New data (a background sync stored messages): everything derived is rebuilt."""
        self.dataset = dataset.in_order()
        self.invalidate()

    def _retire(self, snap: Snapshot | None) -> None:
        """Keep a replaced snapshot's threads for reuse; drop its rule facts (they refer back to it)."""
        if snap is not None:
            self._threads = snap.__dict__.get("threads")  # reused when no message arrived
            snap.__dict__.pop(FACTS_ATTR, None)

    def merged_dataset(self) -> Dataset:
        """The dataset plus this workspace's sent replies, in time order (cached until one is sent)."""
        sent = self.store.sent_messages(self.scope, self.time_shift)
        key = tuple(m.id for m in sent)
        if self._merged is None or self._merged[0] is not self.dataset.messages or self._merged[1] != key:
            base = self.dataset.in_order()
            messages = base.messages
            if sent:
                if self._dataset_ids is None or self._dataset_ids[0] is not base.messages:
                    self._dataset_ids = (base.messages, {m.id for m in base.messages})
                ids = self._dataset_ids[1]
                messages = list(messages)
                # The sent replies merged before, as the same objects: the threads of the last
                # merge then begin the new one, and a reply sent extends them instead of
                # threading every message again (seconds at a million, after the first reply).
                before = self._sent_merged
                self._sent_merged = {m.id: before.get(m.id, m) for m in sent}
                for m in self._sent_merged.values():
                    if m.id not in ids:
                        insort(messages, m, key=_ORDER)
            self._merged = (self.dataset.messages, key, Dataset(base.account, messages, base.source, ordered=True,
                                                                         revision=base.revision))
        return self._merged[2]

    def merged_sent_ids(self) -> tuple[str, ...]:
        """Ids of the sent replies the merged dataset holds (what its cache was built with)."""
        self.merged_dataset()
        return self._merged[1]

    @_locked
    def snapshot(self) -> Snapshot:
        """Dataset messages plus this workspace's sent replies, with the workflow state."""
        now = self.now_fn()
        if self._snap is None or now - self._snap.now > STALE_AFTER or now < self._snap.now:
            # The state file damaged under a running session (another process, a hand edit): go
            # on with what was last read of it, and say so, rather than end the session.
            good, problems = self._last_good, []

            def read(part: int, get):
                try:
                    return get()
                except StoreError as exc:
                    if good is None:
                        raise
                    problems.append(exc)
                    return good[part]
            merged = read(0, self.merged_dataset)  # (its sent replies are in the state file too)
            state = read(1, lambda: self.store.workflow(self.scope, self.time_shift))
            self.store_problem = problems[-1] if problems else None
            self._last_good = (merged, state)
            self._retire(self._snap)
            self._snap = merged.snapshot(now, state, reuse=self._threads, progress=self.progress)
            self._threads = None  # taken over, extended or of other messages: not held twice (100+ MB at 1M)
            self._health = None
        return self._snap

    def is_built(self) -> bool:
        """The current snapshot and its queue are built (nothing expensive left for the next look)."""
        return self._snap is not None and self._queue is not None and self._queue[0] is self._snap

    @_locked
    def queue(self):
        """Queue rows in RULEBOOK order (cached with the snapshot)."""
        snap = self.snapshot()
        built = self._queue
        if built is None or built[0] is not snap:
            from socialtui.queue import build_queue, hijacked_in, update_queue

            # The hijack reports in the window: the same while no message came and the window stayed.
            # So are they when the threads grew by the account's own messages only (a reply sent
            # within the same window start: the clock moves it, and then the reports are looked up).
            threads, earlier = snap.__dict__.get("threads"), None if built is None else built[0].__dict__.get("threads")
            grew = None if threads is None else threads.growth_since(earlier)
            same = built is not None and built[0].window_start == snap.window_start and threads is not None \
                and (threads is earlier or (grew is not None and not grew.inbound))
            hijacked = built[2] if same else hijacked_in(snap)
            rows = None if built is None else update_queue(built[1], built[2], built[0], snap, hijacked)
            # (the earlier queue is kept until this one is built: most changes move only a row or two)
            self._queue = (snap, rows if rows is not None else build_queue(snap, hijacked), hijacked)
        return self._queue[1]

    def health(self):
        """The rule engine's report on the current snapshot (cached with it; safe from a worker thread)."""
        snap = self.snapshot()
        cached = self._health
        if cached is None or cached[0] is not snap:
            from socialtui.rules.engine import evaluate

            cached = (snap, evaluate(snap, progress=self.health_progress))
            if snap is self._snap:  # not replaced meanwhile: keep it for the current snapshot
                self._health = cached
            self._full_health = (snap.__dict__.get("threads"), snap.now, cached[1])
        return cached[1]

    def quick_health(self, within: timedelta):
        """(report, when its rules last all ran) for the current snapshot, from the last full
        evaluation when only the workflow state changed since (the same messages) and it is less
        than ``within`` old: the rules that read the state run again, the others keep their
        verdicts. None when a full evaluation is due. Safe from a worker thread."""
        full = self._full_health
        snap = self.snapshot()
        threads = snap.__dict__.get("threads")
        if full is None or threads is None or full[0] is not threads or not timedelta(0) <= snap.now - full[1] < within:
            return None
        cached = self._health
        if cached is None or cached[0] is not snap:
            from socialtui.rules.engine import reevaluate

            cached = (snap, reevaluate(snap, full[2]))
            if snap is self._snap:
                self._health = cached
        return cached[1], full[1]

    def cached_health(self):
        """The health report if it is already computed for the current snapshot, else None."""
        cached = self._health
        return cached[1] if cached is not None and cached[0] is self._snap else None

    def conversation(self, conversation_id: str):
        return self.snapshot().conversations.get(conversation_id)

    def state(self, conversation_id: str) -> ConversationState:
        return self.snapshot().state.get(conversation_id)

    def refresh_if_changed(self) -> bool:
        """True when another process (or agent) changed this scope since we last looked."""
        rev = self.store.revision(self.scope)
        if rev != self._revision:
            self._revision = rev
            self.invalidate()
            return True
        return False

    def _after_write(self) -> None:
        self._revision = self.store.revision(self.scope)
        self.invalidate()

    # -- workflow actions (each persisted at once, each undoable) ---------------------------
    def _set(self, cid: str, description: str, **changes) -> str:
        if cid not in self.snapshot().conversations:
            raise UsageError(f"No conversation {cid!r} here.")
        previous = self.store.workflow(self.scope, self.time_shift).conversations.get(cid)
        new = (previous or ConversationState()).with_(changed_at=self.now_fn(), **changes)
        self.store.set_state(self.scope, cid, new, self.time_shift)
        self._undo.append(UndoEntry(description, cid, previous or ConversationState()))
        self._after_write()
        return description

    def mark_done(self, cid: str) -> str:
        return self._set(cid, f"Marked {cid} done", status="done", until=None)

    def mark_all_done(self, cids: list[str], what: str) -> str:
        """Mark every conversation of ``cids`` done, as one action: one undo takes all back.
        ``what`` says which they are ("that only say thanks")."""
        known = self.snapshot().conversations
        cids = [c for c in dict.fromkeys(cids) if c in known]
        if not cids:
            raise UsageError(f"No conversations {what} here.")
        states = self.store.workflow(self.scope, self.time_shift).conversations
        now = self.now_fn()
        before = []
        for cid in cids:
            previous = states.get(cid) or ConversationState()
            self.store.set_state(self.scope, cid, previous.with_(changed_at=now, status="done", until=None),
                                 self.time_shift)
            before.append((cid, previous))
        description = f"Marked {len(cids)} conversation{'s' if len(cids) != 1 else ''} {what} done"
        self._undo.append(UndoEntry(description, cids[0], before[0][1], more=tuple(before[1:])))
        self._after_write()
        return description

    def reopen(self, cid: str) -> str:
        status = self.state(cid).status
        if status == "open":
            raise UsageError(f"{cid} is open already: nothing to reopen.",
                             "Reopen takes back a done, a snooze or an escalation.")
        return self._set(cid, f"Reopened {cid}", status="open", until=None, escalated_to=None)

    def hijack_reported(self, cid: str) -> bool:
        """Whether conversation ``cid`` holds a report that the account may be hijacked (those head
        the queue until they are marked done)."""
        snap = self.snapshot()
        built = self._queue
        if built is not None and built[0] is snap:
            return cid in built[2]
        from socialtui.queue import hijacked_in

        return cid in hijacked_in(snap)

    def unanswered_hijack_reports(self, cid: str) -> list[str]:
        """The hijack reports in conversation ``cid`` nobody has answered yet (as SEC004 counts them)."""
        from socialtui.rules.facts import facts_for
        from socialtui.rules.sec004_hijack_reports import unanswered_reports

        snap = self.snapshot()
        conv_of = snap.conversation_of
        return unanswered_reports(snap, [m for m in facts_for(snap).hijack_reports if conv_of.get(m) == cid])

    def why_not_snoozed(self, cid: str) -> UsageError | None:
        """Why ``cid`` cannot be snoozed (a hijack report stays at the top until done), or None."""
        if not self.hijack_reported(cid):
            return None
        if self.state(cid).status == "done":
            return UsageError(f"Not snoozed: {cid} is done, and a snooze would bring its report that this account "
                              "may be hijacked back to the top of the queue.", "Leave it done, or reopen it (o).")
        return UsageError(f"Not snoozed: {cid} holds a report that this account may be hijacked, and those stay "
                          "at the top of the queue until marked done.",
                          "Answer it, escalate it (x) to whoever handles security, or mark it done (e) once the "
                          "incident is over.")

    def snooze(self, cid: str, until: datetime) -> str:
        """Hide until ``until``, or until the customer writes again."""
        if until <= self.now_fn():
            raise UsageError("A snooze must end in the future.", "Give a duration such as 2h, or a later time.")
        if until - self.now_fn() > MAX_SNOOZE:
            raise UsageError("A snooze ends within a year.",
                             "Give a shorter duration, or mark the conversation done (it comes back when they write).")
        refused = self.why_not_snoozed(cid)
        if refused is not None:
            raise refused
        return self._set(cid, f"Snoozed {cid} until {format_clock(until, self.now_fn())}", status="snoozed",
                         until=until)

    def escalate(self, cid: str, to: str, due: datetime) -> str:
        """Hand over to ``to``; the conversation comes back to the top when ``due`` passes."""
        to = clean_line(to).strip()
        if not to:
            raise UsageError("Escalate to whom?", "Name a person or team, e.g. Billing.")
        return self._set(cid, f"Escalated {cid} to {to}", status="escalated", escalated_to=to, until=due)

    def assign(self, cid: str, agent_name: str | None) -> str:
        """Assign to ``agent_name``; None unassigns."""
        who = clean_line(agent_name).strip() if agent_name else None
        return self._set(cid, f"Assigned {cid} to {who}" if who else f"Unassigned {cid}", assignee=who or None)

    def claim(self, cid: str) -> str:
        """Assign to the signed-in agent."""
        if self.agent is None:
            raise UsageError("Nobody is signed in to claim it.", "Start with --agent NAME.")
        return self.assign(cid, self.agent.name)

    def tag(self, cid: str, tag: str) -> str:
        """Add a tag, or several separated by commas; "-name" in the list removes that one
        ("new, -billing"). One action, one undo."""
        tags, said = self.tag_change(cid, tag)
        return self._set(cid, said, tags=tags)

    def tag_change(self, cid: str, tag: str) -> tuple[tuple[str, ...], str]:
        """(the tags ``tag`` leaves on ``cid``, what it did), changing nothing; UsageError saying
        why it cannot be done (a prompt shows that and keeps the text to mend)."""
        parts = [clean_line(part).strip() for part in tag.split(",")]
        items = [(p.startswith("-"), p.lstrip("-").strip().lstrip("#")) for p in parts]
        items = [(drop, t) for drop, t in items if t]
        if not items:
            raise UsageError("An empty tag was not added.")
        spaced = next((t for _, t in items if any(ch.isspace() for ch in t)), None)
        if spaced is not None:
            raise UsageError(f"Not tagged: a tag is one word, and {spaced!r} has a space.",
                             "Write it as " + "-".join(spaced.split()) + ", or put a comma between two tags.")
        have = self.state(cid).tags
        add = list(dict.fromkeys(t for drop, t in items if not drop))
        drop = list(dict.fromkeys(t for gone, t in items if gone))
        missing = [t for t in drop if t not in have and t not in add]
        if missing:
            raise UsageError(f"{cid} has no tag " + ", ".join("#" + t for t in missing) + "; nothing was changed.",
                             "Its tags: " + " ".join("#" + t for t in have) if have else "It has no tags.")
        tags = tuple(sorted((set(have) | set(add)) - set(drop)))
        if set(tags) == set(have):  # ("x, -x", or a tag it has already: no undo step for nothing)
            raise UsageError(f"{cid}'s tags stay as they are: " + (" ".join("#" + t for t in have) or "none") + ".")
        said = []
        if add:
            said.append(f"Tagged {cid} " + " ".join("#" + t for t in add))
        if drop:
            said.append(("removed " if add else "Removed ") + " ".join("#" + t for t in drop) + f" from {cid}")
        return tags, "; ".join(said)

    def untag(self, cid: str, tag: str) -> str:
        """Remove a tag, or several separated by commas."""
        return self.tag(cid, ",".join("-" + part.strip().lstrip("-") for part in tag.split(",")))

    def add_note(self, cid: str, text: str) -> str:
        """An internal note (never sent)."""
        text = clean_text(text).strip()
        if not text:
            raise UsageError("An empty note was not saved.")
        taken = {n["at"] for n in self.store.notes(self.scope, cid)}
        at = self.now_fn()
        while at.isoformat() in taken:  # undo removes by time: keep each note's time unique
            at += timedelta(microseconds=1)
        doc = self.store.add_note(self.scope, cid, self.agent.name if self.agent else "agent", text, at)
        self._undo.append(UndoEntry(f"Added a note to {cid}", cid, note_at=doc["at"]))
        self._after_write()
        return f"Note added to {cid}"

    def notes(self, cid: str) -> list[dict]:
        return self._tolerant(lambda: self.store.notes(self.scope, cid), [])

    def undo_conversation(self) -> str | None:
        """The conversation the next undo concerns, or None."""
        return self._undo[-1].conversation_id if self._undo else None

    def undo(self) -> str | None:
        """Undo the last workflow action of this session; its description, or None."""
        if not self._undo:
            return None
        entry = self._undo.pop()
        if entry.note_at is not None:
            self.store.delete_note(self.scope, entry.conversation_id, entry.note_at)
        else:
            self.store.set_state(self.scope, entry.conversation_id, entry.previous or ConversationState(),
                                 self.time_shift)
            for cid, previous in entry.more:
                self.store.set_state(self.scope, cid, previous, self.time_shift)
        self._after_write()
        return f"Undone: {entry.description}"

    # -- team mode and search -------------------------------------------------------------
    def set_replying(self, cid: str | None) -> None:
        """Tell other agents this one is writing in ``cid`` (None: stopped)."""
        if self.agent:  # a courtesy to the others: a damaged presence file must not stop a reply
            self._tolerant(lambda: self.store.set_presence(self.scope, self.agent.name, cid,
                                                           "replying" if cid else ""), None)

    def presence(self) -> dict[str, dict]:
        """Other agents' recent activity: name -> {conversation, activity, at}."""
        mine = self.agent.name if self.agent else None
        return {a: v for a, v in self._tolerant(lambda: self.store.presence(self.scope), {}).items() if a != mine}

    def _tolerant(self, read, fallback):
        """``read()``, or ``fallback`` when a small store file (drafts, presence) is damaged; the
        problem is kept in ``store_problem`` for the app to show."""
        try:
            return read()
        except StoreError as exc:
            self.store_problem = exc
            return fallback

    def search(self, query: str) -> list[str]:
        """Conversation ids whose id, texts, handles or names contain ``query`` (case-insensitive), or
        tagged ``query`` ("vip" or "#vip"). "@anna" is a handle: it finds @anna and @anna_k, not @hannahfra3 (nor "anna" in a text)."""
        q = query.casefold().strip()
        if not q:
            return []
        if q.startswith("@") and len(q) > 1:
            handle_q = q[1:]
            by_instance = "." in handle_q  # (an instance's name; a handle has no dot before its @)
            word = re.compile(rf"(?<![\w@]){re.escape(q)}")  # (a mention of them in a text)

            def found(m) -> bool:
                handle = m.author.handle.casefold()  # ("@example.social": the handles of that instance)
                return handle.startswith(handle_q) or (by_instance and handle.partition("@")[2].startswith(handle_q)) \
                    or bool(word.search(m.text.casefold()))
        else:
            def found(m) -> bool:
                return q in m.text.casefold() or q in m.author.handle.casefold() or \
                    bool(m.author.name and q in m.author.name.casefold())
        snap = self.snapshot()
        # A tag, with or without its #: the conversations tagged so (a tag was written, never found again).
        tag = q.removeprefix("#")
        tagged = {cid for cid, state in snap.state.conversations.items()
                  if tag and any(t.casefold() == tag for t in state.tags)}
        return [cid for cid, conv in snap.conversations.items()
                if cid in tagged or q in cid.casefold() or any(found(m) for m in conv.messages)]
