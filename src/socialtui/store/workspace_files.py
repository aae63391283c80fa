"""Per-scope workflow files: state, notes, sent replies, meta, drafts and presence.

``workspaces/<slug>/state.json`` is a TinyDB file (tables ``conversations``, ``notes``,
``sent``, ``meta``); drafts and presence, written every few seconds, live in their own
small files so a keystroke never rewrites the workflow history. Mixed into
:class:`socialtui.store.Store`, which provides ``locked``, ``_db`` and ``_scope_dir``.
"""

from __future__ import annotations

import shutil
import time
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import orjson
from tinydb import Query
from tinydb.table import Table

from socialtui.domain.models import Message
from socialtui.domain.workflow import ConversationState, WorkflowState
from socialtui.errors import StoreError
from socialtui.store.codec import doc_to_message, doc_to_state, message_to_doc, state_to_doc
from socialtui.store.storage import atomic_write, dump, read_json, recovery_hint, signature

STATE_FILES = ("state.json", "drafts.json", "presence.json")


class WorkspaceFiles:
    """Workflow state per scope (an account handle, or ``demo:<dataset>``)."""

    def _table(self, scope: str, name: str) -> Table:
        # A fresh Table each time, without query cache: another process may have replaced
        # the file since, and a reused Table would hand out document ids it already used.
        return Table(self._db(self._scope_dir(scope) / "state.json").storage, name, cache_size=0)

    def _decoded(self, scope: str, name: str, decode) -> list:
        """``decode`` of every entry of a table; an entry that does not decode (edited by hand,
        written by something else) is a clear StoreError naming the file, never a traceback."""
        try:
            return [decode(d) for d in self._table(scope, name).all()]
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise self._corrupt(scope, name, f"{type(exc).__name__}: {exc}") from None

    def _corrupt(self, scope: str, name: str, what: str) -> StoreError:
        path = self._scope_dir(scope) / "state.json"
        return StoreError(f"{path} is corrupt: an entry of its {name!r} table cannot be read ({what}).",
                          recovery_hint(path))

    # -- conversation states ------------------------------------------------------------
    def workflow(self, scope: str, shift: timedelta | None = None) -> WorkflowState:
        """Every conversation's state in this scope (missing ones are open). A demo's times are kept
        on its dataset's timeline, as its sent replies are (see :meth:`set_state`), and come back
        moved by this session's ``shift``: a mark done yesterday still holds against the messages
        that moved to today with the dataset."""
        def entry(d):
            if not isinstance(d.get("conversation"), str):
                raise ValueError("an entry without a conversation id")
            state = doc_to_state(d)
            if shift and d.get("dataset_time"):  # (older demo states kept their clock time)
                state = _moved(state, shift)
            return d["conversation"], state
        return WorkflowState(dict(self._decoded(scope, "conversations", entry)))

    def set_state(self, scope: str, conversation_id: str, state: ConversationState,
                  shift: timedelta | None = None) -> None:
        """``shift``, for a demo: how far its dataset's times were moved (zero with --now)."""
        doc = {"conversation": conversation_id, **state_to_doc(_moved(state, -shift) if shift else state)}
        if shift is not None:
            doc["dataset_time"] = True
        with self.locked():
            self._table(scope, "conversations").upsert(doc, Query().conversation == conversation_id)

    # -- notes --------------------------------------------------------------------------
    def notes(self, scope: str, conversation_id: str) -> list[dict]:
        """Notes on a conversation, oldest first: dicts with conversation, author, text, at."""
        docs = self._decoded(scope, "notes", dict)
        notes = [d for d in docs if d.get("conversation") == conversation_id]
        if not all(isinstance(d.get("at"), str) and isinstance(d.get("text"), str) for d in notes):
            raise self._corrupt(scope, "notes", "a note lacks its text or time")
        return sorted(notes, key=lambda d: d["at"])

    def add_note(self, scope: str, conversation_id: str, author: str, text: str,
                 at: datetime | None = None) -> dict:
        doc = {"conversation": conversation_id, "author": author, "text": text,
               "at": (at or datetime.now(timezone.utc)).isoformat()}
        with self.locked():
            self._table(scope, "notes").insert(doc)
        return doc

    def delete_note(self, scope: str, conversation_id: str, at: str) -> None:
        q = Query()
        with self.locked():
            self._table(scope, "notes").remove((q.conversation == conversation_id) & (q.at == at))

    # -- replies sent from socialtui, and key/value meta ----------------------------------
    def sent_messages(self, scope: str, shift: timedelta | None = None) -> list[Message]:
        """The replies sent from this scope. A demo's are kept on its dataset's own timeline
        (``add_sent`` with the shift that moved the dataset to the present) and come back moved by
        this session's ``shift``: after a restart the reply still follows the question it answers."""
        def decode(doc):
            message = doc_to_message(doc)
            if shift and doc.get("dataset_time"):  # (older demo replies kept their clock time)
                message = replace(message, created_at=message.created_at + shift)
            return message

        return self._decoded(scope, "sent", decode)

    def add_sent(self, scope: str, message: Message, shift: timedelta | None = None) -> None:
        """Keep a reply sent from this scope (once per message id); ``shift``, for a demo: how far
        its dataset's times were moved (zero with --now); the reply is kept on the dataset's timeline."""
        with self.locked():
            table = self._table(scope, "sent")
            if not table.contains(Query().id == message.id):
                doc = message_to_doc(replace(message, created_at=message.created_at - shift) if shift else message)
                if shift is not None:
                    doc["dataset_time"] = True
                table.insert(doc)

    def get_meta(self, scope: str, key: str, default: Any = None) -> Any:
        doc = self._table(scope, "meta").get(Query().key == key)
        return default if doc is None else doc.get("value", default)

    def set_meta(self, scope: str, key: str, value: Any) -> None:
        """Any JSON value: sync cursors, idempotency keys and remote ids of sent drafts."""
        orjson.dumps(value)  # fail before writing if it cannot be stored
        with self.locked():
            self._table(scope, "meta").upsert({"key": key, "value": value}, Query().key == key)

    # -- drafts and presence ------------------------------------------------------------
    def _drafts_path(self, scope: str) -> Path:
        return self._scope_dir(scope) / "drafts.json"

    def drafts(self, scope: str) -> dict[str, str]:
        """Conversation id -> draft text, for every draft in the scope."""
        drafts = _entries(self._drafts_path(scope), "drafts", "text", str)
        return {k: v["text"] for k, v in drafts.items()}

    def get_draft(self, scope: str, conversation_id: str) -> str | None:
        return self.drafts(scope).get(conversation_id)

    def save_draft(self, scope: str, conversation_id: str, text: str) -> None:
        """Durable at return (fsynced); an empty text deletes the draft."""
        self._update_small(self._drafts_path(scope), "drafts", conversation_id,
                           {"text": text, "at": time.time()} if text else None)

    def delete_draft(self, scope: str, conversation_id: str) -> None:
        self._update_small(self._drafts_path(scope), "drafts", conversation_id, None)

    def set_presence(self, scope: str, agent: str, conversation_id: str | None, activity: str = "viewing") -> None:
        """Announce where ``agent`` is working (None: nowhere); others see it for 30 s."""
        value = {"conversation": conversation_id, "activity": activity, "at": time.time()} if conversation_id else None
        self._update_small(self._scope_dir(scope) / "presence.json", "agents", agent, value)

    def presence(self, scope: str, max_age: float = 30.0) -> dict[str, dict]:
        """Agent -> {conversation, activity, at} for announcements younger than ``max_age`` s."""
        agents = _entries(self._scope_dir(scope) / "presence.json", "agents", "at", (int, float), missing=0)
        now = time.time()
        return {a: v for a, v in agents.items() if now - v.get("at", 0) <= max_age}

    def _update_small(self, path: Path, section: str, key: str, value) -> None:
        with self.locked():
            data = read_json(path) or {}  # re-read under the lock: another process may have written
            part = data.setdefault(section, {})
            if value is None:
                if key not in part:
                    return
                part.pop(key)
            else:
                part[key] = value
            atomic_write(path, dump(data), backup=True)

    # -- change detection and reset -----------------------------------------------------
    def revision(self, scope: str) -> int:
        """A number that changes whenever any process wrote this scope (a few stat calls)."""
        d = self._scope_dir(scope)
        return hash(tuple(signature(d / name) for name in STATE_FILES))

    def clear_scope(self, scope: str) -> None:
        """Forget a scope's state, drafts and presence (the demo's reset)."""
        with self.locked():
            d = self._scope_dir(scope)
            for path in [p for p in self._dbs if d in p.parents]:
                del self._dbs[path]
            shutil.rmtree(d, ignore_errors=True)


def _entries(path: Path, section: str, field: str, kind, missing=None) -> dict:
    """The ``section`` of a small store file (drafts, presence): entries that each carry ``field``
    of type ``kind`` (``missing`` standing in where it is absent); anything else, written by
    something other than socialtui or cut off, is a StoreError naming the file."""
    entries = (read_json(path) or {}).get(section) or {}
    if not isinstance(entries, dict) or not all(
            isinstance(v, dict) and isinstance(v.get(field, missing), kind) for v in entries.values()):
        raise StoreError(f"{path} is corrupt: its {section} are not entries with a {field}.", recovery_hint(path))
    return entries


def _moved(state: ConversationState, by: timedelta) -> ConversationState:
    return state.with_(changed_at=state.changed_at + by if state.changed_at else None,
                       until=state.until + by if state.until else None)
