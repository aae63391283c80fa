"""One account's messages, sharded by conversation, with an in-memory index.

Files under ``accounts/<handle>/messages/``::

    index.json        {"format": 1, "shards": N}  (N: 8, 16, 32 ... as the account grows)
    shard-0000.json   columns of up to ~8,000 messages (see ``codec.encode_shard``)

A message's *conversation key* is ``dm:<conversation>`` for DMs and the thread's root id
otherwise (a reply inherits its parent's key); it lives in shard ``crc32(key) % N``, so
adding a handful of messages rewrites a few small files, never the whole account.

Growing from N to 2N splits every shard k into k and k+N: the new shards are written
first, then ``index.json``, then the old shards without the rows that moved. Every shard
records the N it was written under; a reader drops rows of an older-N shard that no
longer belong there, so a split interrupted at any point loses and duplicates nothing.

Shards are parsed once and kept (by file signature) with the messages built from them;
only shards another process replaced are read again.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from socialtui.domain.models import Message
from socialtui.domain.perf import gc_paused
from socialtui.errors import StoreError
from socialtui.store.codec import decode_shard, encode_shard
from socialtui.store.storage import atomic_write, dump, read_json, recovery_hint, signature

SHARD_TARGET = 8_000  # messages per shard before the account splits (files stay <= ~10k docs)
MIN_SHARDS = 8


def shard_number(key: str, shards: int) -> int:
    return zlib.crc32(key.encode()) % shards


@dataclass(slots=True)
class _Shard:
    sig: tuple | None
    messages: list[Message]
    keys: list[str]


class MessageShards:
    """Read and extend one account's message shards. Writers must hold the store lock."""

    def __init__(self, directory: Path, author_cache: dict | None = None) -> None:
        self.dir = directory
        self._authors = author_cache if author_cache is not None else {}
        self._shards: dict[int, _Shard] = {}
        self._n = 0
        self._index_sig = None
        self._index: dict[str, str] | None = None  # message id -> conversation key

    # -- reading ------------------------------------------------------------------------
    @property
    def index_path(self) -> Path:
        return self.dir / "index.json"

    def shard_path(self, k: int) -> Path:
        return self.dir / f"shard-{k:04d}.json"

    def refresh(self, progress=None) -> None:
        """Bring the cache up to date with the files; re-read only what changed (``progress``
        is told how many of the shard files are done)."""
        sig = signature(self.index_path)
        if sig != self._index_sig:
            data = read_json(self.index_path) or {}
            shards = data.get("shards", 0)
            if not isinstance(shards, int) or shards < 0:
                raise StoreError(f"{self.index_path} names {shards!r} shards, not a count.",
                                 recovery_hint(self.index_path))
            self._n, self._index_sig = shards, sig
        for k in [k for k in self._shards if k >= self._n]:
            del self._shards[k]
            self._index = None
        if progress is not None:
            progress.start("reading the stored messages", self._n, "files")
        for k in range(self._n):
            if progress is not None:
                progress.advance(k)
            path = self.shard_path(k)
            sig = signature(path)
            cached = self._shards.get(k)
            if cached is not None and cached.sig == sig:
                continue
            self._shards[k] = self._load(k, path, sig)
            self._index = None

    def _load(self, k: int, path: Path, sig) -> _Shard:
        doc = read_json(path)
        if doc is None:
            return _Shard(None, [], [])
        try:
            with gc_paused():
                messages, keys = decode_shard(doc, self._authors)
        except (KeyError, TypeError, ValueError, IndexError) as exc:
            raise StoreError(f"{path} is damaged ({type(exc).__name__}: {exc}).", recovery_hint(path)) from None
        if doc.get("shards", self._n) < self._n:  # left over from an interrupted split
            pairs = [(m, key) for m, key in zip(messages, keys) if shard_number(key, self._n) == k]
            messages, keys = [p[0] for p in pairs], [p[1] for p in pairs]
        return _Shard(sig, messages, keys)

    def revision(self) -> str:
        """A short digest of the files' signatures, changed by every write: read before the messages,
        it names the state they were read in (a later write makes it stale, never wrong)."""
        import hashlib

        parts = [signature(self.index_path)]
        n = (read_json(self.index_path) or {}).get("shards", 0) if parts[0] is not None else 0
        parts.extend(signature(self.shard_path(k)) for k in range(n if isinstance(n, int) else 0))
        return hashlib.sha256(repr(parts).encode()).hexdigest()[:32]

    def shard_count(self) -> int:
        """How many shards the account has (from index.json alone, no shard read): a size hint."""
        n = (read_json(self.index_path) or {}).get("shards", 0) if self.index_path.exists() else 0
        return n if isinstance(n, int) and n > 0 else 0

    def messages(self, progress=None) -> list[Message]:
        self.refresh(progress)
        out: list[Message] = []
        for k in range(self._n):
            out.extend(self._shards[k].messages)
        return out

    def index(self) -> dict[str, str]:
        """Message id -> conversation key for every stored message."""
        self.refresh()
        if self._index is None:
            index: dict[str, str] = {}
            for shard in self._shards.values():
                index.update(zip((m.id for m in shard.messages), shard.keys))
            self._index = index
        return self._index

    def conversation_messages(self, key: str) -> list[Message]:
        """The stored messages of one conversation (by key), reading one shard only."""
        self.refresh()
        if not self._n:
            return []
        shard = self._shards[shard_number(key, self._n)]
        return [m for m, k in zip(shard.messages, shard.keys) if k == key]

    # -- writing (under the store lock) -------------------------------------------------
    def add(self, messages: Iterable[Message]) -> int:
        """Store messages whose id is new; return how many. Parents first gives the best keys."""
        try:
            return self._add(messages)
        except BaseException:
            self.forget()  # memory may hold what the disk does not: read it all again next time
            raise

    def forget(self) -> None:
        """Drop everything cached (the next read parses the files again)."""
        self._shards.clear()
        self._n, self._index_sig, self._index = 0, None, None

    def _add(self, messages: Iterable[Message]) -> int:
        index = self.index()
        fresh: list[tuple[Message, str]] = []
        for m in messages:
            if m.id in index:
                continue
            if m.kind == "dm" and m.conversation is not None:
                key = f"dm:{m.conversation}"
            elif m.in_reply_to:
                key = index.get(m.in_reply_to) or m.in_reply_to
            else:
                key = m.id
            index[m.id] = key
            fresh.append((m, key))
        if not fresh:
            return 0
        shards = max(self._n, MIN_SHARDS)
        while len(index) > shards * SHARD_TARGET:
            shards *= 2
        with gc_paused():
            if shards != self._n:
                self._regroup(shards, fresh)
            else:
                touched: dict[int, list[tuple[Message, str]]] = {}
                for m, key in fresh:
                    touched.setdefault(shard_number(key, shards), []).append((m, key))
                for k, pairs in sorted(touched.items()):
                    shard = self._shards[k]
                    self._write(k, shards, shard.messages + [p[0] for p in pairs], shard.keys + [p[1] for p in pairs])
        return len(fresh)

    def _regroup(self, shards: int, fresh: list[tuple[Message, str]]) -> None:
        groups: dict[int, tuple[list, list]] = {k: ([], []) for k in range(shards)}
        for shard in self._shards.values():
            for m, key in zip(shard.messages, shard.keys):
                g = groups[shard_number(key, shards)]
                g[0].append(m)
                g[1].append(key)
        for m, key in fresh:
            g = groups[shard_number(key, shards)]
            g[0].append(m)
            g[1].append(key)
        old = self._n
        for k in range(old, shards):  # new files first: invisible until index.json names them
            self._write(k, shards, *groups[k])
        atomic_write(self.index_path, dump({"shards": shards}), backup=True)
        self._n, self._index_sig = shards, signature(self.index_path)
        for k in range(old):
            self._write(k, shards, *groups[k])

    def _write(self, k: int, shards: int, messages: list[Message], keys: list[str]) -> None:
        path = self.shard_path(k)
        doc = encode_shard(messages, keys)
        doc["shards"] = shards
        atomic_write(path, dump(doc), backup=True)
        self._shards[k] = _Shard(signature(path), messages, keys)
