"""A TinyDB storage that is safe on disk: orjson, atomic replace, fsync, 0600, change detection.

Plain ``JSONStorage`` rewrites the file in place (a full disk or a killed process
leaves it truncated) and re-parses it on every query. This storage writes a temp
file in the same directory, fsyncs it, ``os.replace``\\ s it over the old one and
fsyncs the directory; reads are served from memory until another process replaces
the file (detected by inode, mtime and size).
"""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path
from typing import Any

import orjson
from tinydb.storages import Storage

from socialtui.errors import StoreError

FORMAT = 1
META_TABLE = "_socialtui"
FILE_MODE = 0o600
DIR_MODE = 0o700


def ensure_dir(path: Path) -> None:
    """Create ``path`` and missing parents, each private to the user."""
    missing = []
    p = path
    while not p.exists():
        missing.append(p)
        if p.parent == p:
            break
        p = p.parent
    for d in reversed(missing):
        d.mkdir(mode=DIR_MODE, exist_ok=True)


def _signature(path: Path):
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return (st.st_ino, st.st_mtime_ns, st.st_size)


def atomic_write(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` so that readers see the old or the new file, never half."""
    ensure_dir(path.parent)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        try:
            os.fchmod(fd, FILE_MODE)
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except OSError as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise write_error(path, exc) from None
    try:
        dfd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)
    except OSError:
        pass  # some filesystems refuse fsync on directories; the replace itself is done


def write_error(path: Path, exc: OSError) -> StoreError:
    if exc.errno == errno.ENOSPC:
        return StoreError(f"The disk is full: could not save {path}.",
                          "Free some space, then retry. Nothing was lost: the previous data is intact.")
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return StoreError(f"No permission to write {path}.",
                          "Check the data directory's owner and permissions (or pick another with --data-dir).")
    return StoreError(f"Could not save {path}: {exc.strerror or exc}.", "The previous data is intact; retry.")


def read_json(path: Path) -> Any:
    """Parse a store file; a missing file is None, a broken one a clear StoreError."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise StoreError(f"Cannot read {path}: {exc.strerror or exc}.") from None
    if not raw.strip():
        raise StoreError(f"{path} is empty (a previous version may have been interrupted).",
                         "The file was left untouched. Restore it from a backup or move it aside to start fresh.")
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise StoreError(f"{path} is corrupt or truncated ({exc.msg} at byte {exc.pos}).",
                         "The file was left untouched. Restore it from a backup or move it aside to start fresh.") from None
    if not isinstance(data, dict):
        raise StoreError(f"{path} is not a socialtui store file.", "Move it aside or pick another --data-dir.")
    fmt = (data.get(META_TABLE) or {}).get("1", {}).get("format", FORMAT) if isinstance(data.get(META_TABLE), dict) else FORMAT
    if isinstance(fmt, int) and fmt > FORMAT:
        raise StoreError(f"{path} was written by a newer socialtui (format {fmt}, this one reads {FORMAT}).",
                         "Upgrade socialtui (pip install -U socialtui); the file was left untouched.")
    return data


class AtomicJSONStorage(Storage):
    """TinyDB storage: cached reads, atomic writes. Use under the store's file lock."""

    def __init__(self, path: str | os.PathLike) -> None:
        self.path = Path(path)
        self._cache: dict | None = None
        self._sig = None

    def read(self) -> dict | None:
        sig = _signature(self.path)
        if sig is None:
            self._cache, self._sig = None, None
            return None
        if self._cache is None or sig != self._sig:
            data = read_json(self.path)
            self._cache, self._sig = data, sig
        return self._cache

    def write(self, data: dict) -> None:
        data[META_TABLE] = {"1": {"format": FORMAT}}
        try:
            atomic_write(self.path, orjson.dumps(data))
        except StoreError:
            self._cache, self._sig = None, None  # memory may hold the failed change; re-read next time
            raise
        self._cache, self._sig = data, _signature(self.path)

    def close(self) -> None:
        pass
