"""The model layer the app and the CLI share: one dataset, its store scope, and the agent.

Every workflow action persists at once through the store and can be undone. The
snapshot (and the queue and health report built on it) is cached until something
changes: an action here, a write by another process, or the clock moving on.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Callable

from socialtui.domain.dataset import Dataset, Snapshot
from socialtui.domain.models import Agent, Author, Message
from socialtui.domain.workflow import ConversationState
from socialtui.errors import UsageError
from socialtui.sanitize import clean_text

STALE_AFTER = timedelta(seconds=30)


@dataclass(slots=True)
class UndoEntry:
    description: str
    conversation_id: str
    previous: ConversationState | None = None
    note_at: str | None = None


class Workspace:
    def __init__(self, dataset: Dataset, store, scope: str, *, now_fn: Callable[[], datetime],
                 agent: Agent | None = None, live_sender=None) -> None:
        self.dataset = dataset
        self.store = store
        self.scope = scope
        self.now_fn = now_fn
        self.agent = agent
        self.live_sender = live_sender
        self._snap: Snapshot | None = None
        self._queue = None
        self._health = None
        self._reply_index = None
        self._revision = store.revision(scope)
        self._undo: list[UndoEntry] = []

    # -- derived views ------------------------------------------------------------------
    @property
    def account(self):
        return self.dataset.account

    def invalidate(self) -> None:
        self._snap = self._queue = self._health = self._reply_index = None

    def snapshot(self) -> Snapshot:
        now = self.now_fn()
        if self._snap is None or now - self._snap.now > STALE_AFTER or now < self._snap.now:
            sent = self.store.sent_messages(self.scope)
            messages = self.dataset.messages
            if sent:
                known = {m.id for m in messages}
                messages = messages + [m for m in sent if m.id not in known]
            ds = Dataset(self.dataset.account, messages, self.dataset.source)
            self._snap = ds.snapshot(now, self.store.workflow(self.scope))
            self._queue = self._health = self._reply_index = None
        return self._snap

    def queue(self):
        snap = self.snapshot()
        if self._queue is None:
            from socialtui.queue import build_queue

            self._queue = build_queue(snap)
        return self._queue

    def health(self):
        snap = self.snapshot()
        if self._health is None:
            from socialtui.rules.engine import evaluate

            self._health = evaluate(snap)
        return self._health

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

    # -- workflow actions (each undoable) ---------------------------------------------------
    def _set(self, conversation_id: str, description: str, **changes) -> str:
        previous = self.store.workflow(self.scope).conversations.get(conversation_id)
        base = previous or ConversationState()
        new = base.with_(changed_at=self.now_fn(), **changes)
        self.store.set_state(self.scope, conversation_id, new)
        self._undo.append(UndoEntry(description, conversation_id, previous or ConversationState()))
        self._after_write()
        return description

    def _after_write(self) -> None:
        self._revision = self.store.revision(self.scope)
        self.invalidate()

    def mark_done(self, cid: str) -> str:
        return self._set(cid, f"Marked {cid} done", status="done", until=None)

    def reopen(self, cid: str) -> str:
        return self._set(cid, f"Reopened {cid}", status="open", until=None, escalated_to=None)

    def snooze(self, cid: str, until: datetime) -> str:
        return self._set(cid, f"Snoozed {cid} until {until:%a %d %b %H:%M}", status="snoozed", until=until)

    def escalate(self, cid: str, to: str, due: datetime) -> str:
        return self._set(cid, f"Escalated {cid} to {to}", status="escalated", escalated_to=to, until=due)

    def assign(self, cid: str, agent_name: str | None) -> str:
        who = agent_name or (self.agent.name if self.agent else None)
        return self._set(cid, f"Assigned {cid} to {who}" if who else f"Unassigned {cid}", assignee=who)

    def tag(self, cid: str, tag: str) -> str:
        tags = tuple(sorted(set(self.state(cid).tags) | {tag}))
        return self._set(cid, f"Tagged {cid} #{tag}", tags=tags)

    def untag(self, cid: str, tag: str) -> str:
        tags = tuple(t for t in self.state(cid).tags if t != tag)
        return self._set(cid, f"Removed #{tag} from {cid}", tags=tags)

    def add_note(self, cid: str, text: str) -> str:
        text = clean_text(text).strip()
        if not text:
            raise UsageError("An empty note was not saved.")
        doc = self.store.add_note(self.scope, cid, self.agent.name if self.agent else "agent", text, self.now_fn())
        self._undo.append(UndoEntry(f"Added a note to {cid}", cid, note_at=doc["at"]))
        self._after_write()
        return f"Note added to {cid}"

    def notes(self, cid: str) -> list[dict]:
        return self.store.notes(self.scope, cid)

    def undo(self) -> str | None:
        if not self._undo:
            return None
        entry = self._undo.pop()
        if entry.note_at is not None:
            self.store.delete_note(self.scope, entry.conversation_id, entry.note_at)
        else:
            self.store.set_state(self.scope, entry.conversation_id, entry.previous or ConversationState())
        self._after_write()
        return f"Undone: {entry.description}"

    # -- drafts, lint, sending --------------------------------------------------------------
    def draft(self, cid: str) -> str | None:
        return self.store.get_draft(self.scope, cid)

    def save_draft(self, cid: str, text: str) -> None:
        if text.strip():
            self.store.save_draft(self.scope, cid, text)
        else:
            self.store.delete_draft(self.scope, cid)

    def drafts(self) -> dict[str, str]:
        return self.store.drafts(self.scope)

    def reply_target(self, cid: str | None) -> Message | None:
        """The message a reply in this conversation answers: its latest inbound message."""
        if cid is None:
            return None
        conv = self.conversation(cid)
        if conv is None:
            return None
        return next((m for m in reversed(conv.messages) if m.direction == "in"), conv.last_message)

    def lint(self, cid: str | None, text: str):
        from socialtui.lint import build_reply_index, lint_draft

        snap = self.snapshot()
        if self._reply_index is None:
            self._reply_index = build_reply_index(snap)
        # Lint what will really be sent: the handle and signature are added on sending.
        return lint_draft(self.prepare(cid, text), snapshot=snap, reply_to=self.reply_target(cid), agent=self.agent,
                          reply_index=self._reply_index)

    def prepare(self, cid: str | None, text: str) -> str:
        """The text as it will be sent: the addressed handle and the agent's signature added."""
        text = clean_text(text).strip()
        target = self.reply_target(cid)
        if target is not None and target.kind != "dm" and target.direction == "in":
            handle = "@" + target.author.handle
            if handle.lower() not in text.lower():
                text = f"{handle} {text}"
        if self.agent and self.agent.signature and self.agent.signature.lower() not in text.lower():
            text = f"{text} {self.agent.signature}"
        return text

    def send_reply(self, cid: str | None, text: str) -> Message:
        """Send (live) or record (demo) a reply exactly once; the draft is cleared after."""
        body = self.prepare(cid, text)
        if not body:
            raise UsageError("Nothing to send: the reply is empty.")
        target = self.reply_target(cid)
        key_name = f"idempotency:{cid or 'new-post'}"
        key = self.store.get_meta(self.scope, key_name)
        if not key:
            key = uuid.uuid4().hex
            self.store.set_meta(self.scope, key_name, key)
        if self.live_sender is not None:
            message = self.live_sender(target, body, key)
        else:
            kind = "post" if target is None else ("dm" if target.kind == "dm" else "reply")
            message = Message(
                id=f"sent-{key[:12]}", kind=kind, direction="out", author=Author(self.account.handle),
                text=body, created_at=self.now_fn(), in_reply_to=target.id if kind == "reply" else None,
                conversation=target.conversation if kind == "dm" else None, client="socialtui",
            )
        self.store.add_sent(self.scope, message)
        self.store.set_meta(self.scope, key_name, None)
        if cid:
            self.store.delete_draft(self.scope, cid)
        self._after_write()
        return message

    # -- team mode and search -------------------------------------------------------------
    def set_replying(self, cid: str | None) -> None:
        if self.agent:
            self.store.set_presence(self.scope, self.agent.name, cid, "replying" if cid else "")

    def presence(self) -> dict[str, dict]:
        mine = self.agent.name if self.agent else None
        return {a: v for a, v in self.store.presence(self.scope).items() if a != mine}

    def search(self, query: str) -> list[str]:
        q = query.casefold().strip().lstrip("@")
        if not q:
            return []
        hits = []
        for cid, conv in self.snapshot().conversations.items():
            if any(q in m.text.casefold() or q in m.author.handle.casefold() or q in m.author.name.casefold()
                   for m in conv.messages):
                hits.append(cid)
        return hits
