"""The local store: accounts, their messages, and workflow state per scope.

Layout under the data dir (all files 0600, directories 0700)::

    .lock                              one filelock for every write
    accounts/<handle>/account.toml     editable settings
    accounts/<handle>/messages/shard-NNN.json   TinyDB files, sharded by conversation
    workspaces/<scope>/state.json      done/snoozed/escalated, notes, sent replies, meta
    workspaces/<scope>/drafts.json     drafts (small, written often)
    workspaces/<scope>/presence.json   who is replying where (team mode)

A *scope* is an account handle, or ``demo:<dataset>`` for the demo's own state.
Writers take the lock, re-read what changed on disk, apply their change and replace
the file atomically, so two processes never lose each other's updates.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import time
import zlib
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterable

import orjson
from filelock import FileLock, Timeout
from tinydb import Query, TinyDB

from socialtui.domain.dataset import Dataset
from socialtui.domain.models import Account, Message
from socialtui.domain.perf import gc_paused
from socialtui.domain.workflow import ConversationState, WorkflowState
from socialtui.errors import StoreError, StoreLockedError
from socialtui.sources.account_toml import load_account
from socialtui.store.account_file import account_to_toml
from socialtui.store.codec import doc_to_message, doc_to_state, message_to_doc, state_to_doc
from socialtui.store.storage import AtomicJSONStorage, atomic_write, ensure_dir, read_json

SHARDS = 128
_SAFE = re.compile(r"[^A-Za-z0-9_.-]")


def slug(scope: str) -> str:
    """A file-name-safe, unique, non-escaping name for a scope or handle."""
    base = _SAFE.sub("_", scope).strip("._")[:60] or "scope"
    if base == scope:
        return base
    return f"{base}-{hashlib.sha1(scope.encode()).hexdigest()[:8]}"


class Store:
    def __init__(self, root: Path | str, *, lock_timeout: float = 10.0) -> None:
        self.root = Path(root).expanduser()
        try:
            ensure_dir(self.root)
        except OSError as exc:
            raise StoreError(f"Cannot create the data directory {self.root}: {exc.strerror or exc}.",
                             "Pick another with --data-dir or SOCIALTUI_DATA_DIR.") from None
        self._lock = FileLock(str(self.root / ".lock"), timeout=lock_timeout)
        self._dbs: dict[Path, TinyDB] = {}

    # -- plumbing ---------------------------------------------------------------------
    def _locked(self):
        store = self

        class _Guard:
            def __enter__(self):
                try:
                    store._lock.acquire()
                except Timeout:
                    raise StoreLockedError(
                        f"Another socialtui process holds the store lock ({store.root / '.lock'}).",
                        "Wait for it to finish, or stop it; if none runs, delete the .lock file.") from None

            def __exit__(self, *exc):
                store._lock.release()

        return _Guard()

    def _db(self, path: Path) -> TinyDB:
        db = self._dbs.get(path)
        if db is None:
            ensure_dir(path.parent)
            db = TinyDB(path, storage=AtomicJSONStorage)
            self._dbs[path] = db
        return db

    def _account_dir(self, handle: str) -> Path:
        return self.root / "accounts" / slug(handle.lstrip("@"))

    def _scope_dir(self, scope: str) -> Path:
        return self.root / "workspaces" / slug(scope)

    # -- accounts and messages --------------------------------------------------------
    def list_accounts(self) -> list[str]:
        base = self.root / "accounts"
        if not base.is_dir():
            return []
        out = []
        for d in sorted(base.iterdir()):
            if (d / "account.toml").is_file():
                out.append(load_account(d / "account.toml").handle)
        return out

    def get_account(self, handle: str) -> Account | None:
        path = self._account_dir(handle) / "account.toml"
        return load_account(path) if path.is_file() else None

    def put_account(self, account: Account) -> None:
        with self._locked():
            atomic_write(self._account_dir(account.handle) / "account.toml", account_to_toml(account).encode())

    def _shard_paths(self, handle: str) -> list[Path]:
        d = self._account_dir(handle) / "messages"
        return sorted(d.glob("shard-*.json")) if d.is_dir() else []

    def _load_docs(self, handle: str) -> list[dict]:
        docs = []
        for path in self._shard_paths(handle):
            data = read_json(path) or {}
            docs.extend((data.get("messages") or {}).values())
        return docs

    def message_ids(self, handle: str) -> set[str]:
        return {d["id"] for d in self._load_docs(handle)}

    def add_messages(self, handle: str, messages: Iterable[Message]) -> int:
        """Add messages not yet stored (by id). Returns how many were new."""
        msgs = list(messages)
        with self._locked():
            docs = self._load_docs(handle)
            known = {d["id"] for d in docs}
            shard_of = {d["id"]: self._shard_for(d.get("conversation"), d.get("in_reply_to"), d["id"], {}) for d in docs}
            batches: dict[int, list[dict]] = {}
            for m in msgs:
                if m.id in known:
                    continue
                known.add(m.id)
                n = self._shard_for(m.conversation if m.kind == "dm" else None, m.in_reply_to, m.id, shard_of)
                shard_of[m.id] = n
                batches.setdefault(n, []).append(message_to_doc(m))
            for n, batch in sorted(batches.items()):
                path = self._account_dir(handle) / "messages" / f"shard-{n:03d}.json"
                self._db(path).table("messages", cache_size=0).insert_multiple(batch)
        return sum(len(b) for b in batches.values())

    @staticmethod
    def _shard_for(dm_conversation, parent, mid, shard_of) -> int:
        if dm_conversation is not None:
            key = f"dm:{dm_conversation}"
        elif parent and parent in shard_of:
            return shard_of[parent]
        else:
            key = parent or mid
        return zlib.crc32(key.encode()) % SHARDS

    def messages(self, handle: str) -> list[Message]:
        with gc_paused():
            return [doc_to_message(d) for d in self._load_docs(handle)]

    def dataset(self, handle: str) -> Dataset:
        account = self.get_account(handle)
        if account is None:
            raise StoreError(f"No account @{handle} in the store {self.root}.",
                             "Import or log in first, or list accounts with: socialtui health --account")
        return Dataset(account, self.messages(handle), f"store:{handle}")

    # -- workflow state ---------------------------------------------------------------
    def _state_db(self, scope: str) -> "_Tables":
        return _Tables(self._db(self._scope_dir(scope) / "state.json"))

    def workflow(self, scope: str) -> WorkflowState:
        table = self._state_db(scope).table("conversations")
        return WorkflowState({d["conversation"]: doc_to_state(d) for d in table.all()})

    def set_state(self, scope: str, conversation_id: str, state: ConversationState) -> None:
        doc = {"conversation": conversation_id, **state_to_doc(state)}
        with self._locked():
            self._state_db(scope).table("conversations").upsert(doc, Query().conversation == conversation_id)

    def notes(self, scope: str, conversation_id: str) -> list[dict]:
        docs = self._state_db(scope).table("notes").search(Query().conversation == conversation_id)
        return sorted((dict(d) for d in docs), key=lambda d: d["at"])

    def add_note(self, scope: str, conversation_id: str, author: str, text: str, at: datetime | None = None) -> dict:
        doc = {"conversation": conversation_id, "author": author, "text": text,
               "at": (at or datetime.now(timezone.utc)).isoformat()}
        with self._locked():
            self._state_db(scope).table("notes").insert(doc)
        return doc

    def delete_note(self, scope: str, conversation_id: str, at: str) -> None:
        with self._locked():
            q = Query()
            self._state_db(scope).table("notes").remove((q.conversation == conversation_id) & (q.at == at))

    def sent_messages(self, scope: str) -> list[Message]:
        return [doc_to_message(d) for d in self._state_db(scope).table("sent").all()]

    def add_sent(self, scope: str, message: Message) -> None:
        with self._locked():
            table = self._state_db(scope).table("sent")
            if not table.contains(Query().id == message.id):
                table.insert(message_to_doc(message))

    def get_meta(self, scope: str, key: str, default: Any = None) -> Any:
        doc = self._state_db(scope).table("meta").get(Query().key == key)
        return default if doc is None else doc["value"]

    def set_meta(self, scope: str, key: str, value: Any) -> None:
        orjson.dumps(value)  # fail before writing if it cannot be stored
        with self._locked():
            self._state_db(scope).table("meta").upsert({"key": key, "value": value}, Query().key == key)

    # -- drafts and presence ------------------------------------------------------------
    def _drafts_path(self, scope: str) -> Path:
        return self._scope_dir(scope) / "drafts.json"

    def drafts(self, scope: str) -> dict[str, str]:
        data = read_json(self._drafts_path(scope)) or {}
        return {k: v["text"] for k, v in (data.get("drafts") or {}).items()}

    def get_draft(self, scope: str, conversation_id: str) -> str | None:
        return self.drafts(scope).get(conversation_id)

    def save_draft(self, scope: str, conversation_id: str, text: str) -> None:
        self._update_json(self._drafts_path(scope), "drafts", conversation_id,
                          {"text": text, "at": time.time()} if text else None)

    def delete_draft(self, scope: str, conversation_id: str) -> None:
        self._update_json(self._drafts_path(scope), "drafts", conversation_id, None)

    def set_presence(self, scope: str, agent: str, conversation_id: str | None, activity: str = "viewing") -> None:
        value = {"conversation": conversation_id, "activity": activity, "at": time.time()} if conversation_id else None
        self._update_json(self._scope_dir(scope) / "presence.json", "agents", agent, value)

    def presence(self, scope: str, max_age: float = 30.0) -> dict[str, dict]:
        data = read_json(self._scope_dir(scope) / "presence.json") or {}
        now = time.time()
        return {a: v for a, v in (data.get("agents") or {}).items() if now - v.get("at", 0) <= max_age}

    def _update_json(self, path: Path, section: str, key: str, value) -> None:
        with self._locked():
            data = read_json(path) or {}
            part = data.setdefault(section, {})
            if value is None:
                if key not in part:
                    return
                part.pop(key)
            else:
                part[key] = value
            atomic_write(path, orjson.dumps(data))

    # -- change detection and reset -----------------------------------------------------
    def revision(self, scope: str) -> int:
        """Changes whenever any process wrote this scope's state, drafts or presence."""
        sig = []
        for name in ("state.json", "drafts.json", "presence.json"):
            try:
                st = (self._scope_dir(scope) / name).stat()
                sig.append((st.st_ino, st.st_mtime_ns, st.st_size))
            except FileNotFoundError:
                sig.append(None)
        return hash(tuple(sig))

    def clear_scope(self, scope: str) -> None:
        with self._locked():
            d = self._scope_dir(scope)
            for path in list(self._dbs):
                if d in path.parents:
                    del self._dbs[path]
            shutil.rmtree(d, ignore_errors=True)


class _Tables:
    """TinyDB tables without the query cache: another process may have changed the file."""

    def __init__(self, db: TinyDB) -> None:
        self.db = db

    def table(self, name: str):
        return self.db.table(name, cache_size=0)
