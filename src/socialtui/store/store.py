"""The Store: accounts, their messages, and workflow files per scope, under one root.

Writers take the root's lock, re-read what another process changed on disk, apply their
change and replace the file atomically, so two processes never lose each other's
updates. Readers take no lock: files are only ever replaced whole.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Iterable

from filelock import FileLock, Timeout
from tinydb import TinyDB

from socialtui.domain.dataset import Dataset
from socialtui.domain.models import Account, Message
from socialtui.domain.perf import gc_paused
from socialtui.errors import StoreError, StoreLockedError
from socialtui.sources.account_toml import load_account
from socialtui.store.account_file import account_to_toml
from socialtui.store.codec import doc_to_message
from socialtui.store.messages import MessageShards
from socialtui.store.storage import AtomicJSONStorage, atomic_write, ensure_dir, read_json
from socialtui.store.workspace_files import WorkspaceFiles

_SAFE = re.compile(r"[^A-Za-z0-9_.-]")


def slug(scope: str) -> str:
    """A file-name-safe, unique, non-escaping directory name for a scope or handle."""
    base = _SAFE.sub("_", scope).strip("._")[:60] or "scope"
    if base == scope:
        return base
    return f"{base}-{hashlib.sha1(scope.encode()).hexdigest()[:8]}"


class _Locked:
    def __init__(self, store: "Store", lock: FileLock | None = None, *, sending: bool = False) -> None:
        self.store = store
        self.lock = lock if lock is not None else store._lock
        self.sending = sending

    def __enter__(self) -> None:
        try:
            if self.sending:
                ensure_dir(Path(self.lock.lock_file).parent)
            self.lock.acquire()
        except Timeout:
            if self.sending:
                raise StoreLockedError(
                    f"Not sent: another socialtui process has been sending from this workspace for more "
                    f"than {self.lock.timeout:g} s ({self.lock.lock_file}).",
                    "Wait for it to finish, then look at the thread before sending again: it may "
                    "already hold your reply.") from None
            raise StoreLockedError(
                f"Another socialtui process holds the store lock ({self.store.root / '.lock'}) "
                f"for more than {self.lock.timeout:g} s.",
                "Wait for it to finish, or stop it; if no socialtui runs, delete that .lock file.") from None
        except OSError as exc:  # a read-only or foreign data directory: nothing can be saved there
            raise StoreError(
                f"Cannot write to the data directory {self.store.root}: {exc.strerror or exc}.",
                "Pick a writable one with --data-dir or SOCIALTUI_DATA_DIR (or fix its permissions). "
                "Nothing was changed.") from None

    def __exit__(self, *exc) -> None:
        self.lock.release()


class Store(WorkspaceFiles):
    """All local data under ``root``. See the package docstring for the layout and API."""

    def __init__(self, root: Path | str, *, lock_timeout: float = 10.0) -> None:
        self.root = Path(root).expanduser()
        try:
            ensure_dir(self.root)
            if not self.root.is_dir():
                raise NotADirectoryError(20, "it is a file, not a directory")
        except OSError as exc:
            raise StoreError(f"Cannot use the data directory {self.root}: {exc.strerror or exc}.",
                             "Pick another with --data-dir or SOCIALTUI_DATA_DIR.") from None
        self._lock = FileLock(str(self.root / ".lock"), timeout=lock_timeout, mode=0o600)  # private, like every store file
        self._dbs: dict[Path, TinyDB] = {}
        self._messages: dict[str, MessageShards] = {}
        self._authors: dict = {}  # shared Author objects across shards and accounts

    # -- plumbing -----------------------------------------------------------------------
    def locked(self) -> _Locked:
        """The data dir's lock as a context manager, for a read-then-write another process must
        not interleave with (the monitor claiming an alert). Every write of the store takes it."""
        return _Locked(self)

    def sending(self, scope: str, timeout: float = 120.0) -> _Locked:
        """A lock held for a whole send from ``scope`` (reading the send key, posting, recording):
        two processes sending the same draft at once each saw no key, made their own and both
        posted. Separate from the store lock, which a slow post must not keep from other writes."""
        lock = FileLock(str(self._scope_dir(scope) / ".sending.lock"), timeout=timeout, mode=0o600)
        return _Locked(self, lock, sending=True)

    def _db(self, path: Path) -> TinyDB:
        db = self._dbs.get(path)
        if db is None:
            db = TinyDB(path, storage=AtomicJSONStorage)
            self._dbs[path] = db
        return db

    def _account_dir(self, handle: str) -> Path:
        return self.root / "accounts" / slug(handle.lstrip("@"))

    def _scope_dir(self, scope: str) -> Path:
        return self.root / "workspaces" / slug(scope)

    # -- accounts -----------------------------------------------------------------------
    def list_accounts(self) -> list[str]:
        """Handles of the stored accounts, sorted."""
        base = self.root / "accounts"
        if not base.is_dir():
            return []
        return sorted(load_account(d / "account.toml").handle
                      for d in base.iterdir() if (d / "account.toml").is_file())

    def get_account(self, handle: str) -> Account | None:
        path = self._account_dir(handle) / "account.toml"
        return load_account(path) if path.is_file() else None

    def put_account(self, account: Account) -> None:
        """Write ``accounts/<handle>/account.toml`` (users may edit it afterwards)."""
        with self.locked():
            atomic_write(self._account_dir(account.handle) / "account.toml",
                         account_to_toml(account).encode(), backup=True)

    # -- messages -----------------------------------------------------------------------
    def _shards(self, handle: str) -> MessageShards:
        shards = self._messages.get(handle)
        if shards is None:
            shards = MessageShards(self._account_dir(handle) / "messages", self._authors)
            self._messages[handle] = shards
            self._migrate_first_layout(shards)
        return shards

    def _migrate_first_layout(self, shards: MessageShards) -> None:
        """Stores of the first builds kept messages as TinyDB tables in shard-NNN.json."""
        old = sorted(shards.dir.glob("shard-[0-9][0-9][0-9].json")) if shards.dir.is_dir() else []
        if not old or shards.index_path.exists():
            return
        with self.locked(), gc_paused():
            docs = []
            for path in old:
                docs.extend(((read_json(path) or {}).get("messages") or {}).values())
            docs.sort(key=lambda d: d["created_at"])  # parents before replies: best conversation keys
            shards.add(doc_to_message(d) for d in docs)
            for path in old:
                path.rename(path.with_name(path.name + ".migrated"))

    def add_messages(self, handle: str, messages: Iterable[Message]) -> int:
        """Store messages whose id is not stored yet; return how many were new."""
        msgs = list(messages)
        with self.locked():
            return self._shards(handle).add(msgs)

    def messages(self, handle: str, progress=None) -> list[Message]:
        """Every stored message of an account (unordered; shared objects: do not mutate)."""
        return self._shards(handle).messages(progress)

    def messages_revision(self, handle: str) -> str:
        """Changes whenever the account's stored messages do (see ``MessageShards.revision``)."""
        return self._shards(handle).revision()

    def is_large(self, handle: str) -> bool:
        """More messages than the smallest layout holds (~64k): worth loading behind the painted app."""
        from socialtui.store.messages import MIN_SHARDS

        return self._shards(handle).shard_count() > MIN_SHARDS

    def message_ids(self, handle: str) -> set[str]:
        return set(self._shards(handle).index())

    def conversation_messages(self, handle: str, key: str) -> list[Message]:
        """One conversation's messages; ``key`` is the root id, or ``dm:<conversation>``."""
        return self._shards(handle).conversation_messages(key)

    def dataset(self, handle: str, progress=None) -> Dataset:
        """The account and all its messages, as the rules and the app use them (``progress``:
        a :class:`~socialtui.domain.progress.Progress` told how reading them goes)."""
        account = self.get_account(handle)
        if account is None:
            raise StoreError(f"No account @{handle} in the store {self.root}.",
                             "Import or log in first, or list accounts with: socialtui health --account")
        revision = self.messages_revision(handle)  # before reading: a write meanwhile makes it stale
        messages = self.messages(handle, progress)
        if progress is not None:
            progress.start("putting the messages in time order")
        return Dataset(account, messages, f"store:{handle}", revision=revision).in_order()
