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
import stat
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


def atomic_write(path: Path, data: bytes, *, backup: bool = False) -> None:
    """Replace ``path`` with ``data`` so that readers see the old or the new file, never half.

    With ``backup`` the replaced version stays as ``<name>.bak`` (a hard link: no copy),
    so a file damaged later by something outside socialtui can be recovered.
    """
    ensure_dir(path.parent)
    try:
        replace_file(path, data, backup=backup)
    except OSError as exc:
        raise write_error(path, exc) from None


def replace_file(path: Path, data: bytes, *, backup: bool = False) -> None:
    """:func:`atomic_write` without creating the folder, raising the plain OSError: a temp file
    beside ``path`` (private), synced, renamed over it; the temp file is gone on any failure."""
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
        if backup:
            _keep_backup(path)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    try:
        dfd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)
    except OSError:
        pass  # some filesystems refuse fsync on directories; the replace itself is done


def backup_path(path: Path) -> Path:
    return path.with_name(path.name + ".bak")


def _keep_backup(path: Path) -> None:
    tmp = path.with_name(f".{path.name}.bak.tmp")
    try:
        os.unlink(tmp)
    except FileNotFoundError:
        pass
    try:
        os.link(path, tmp)
    except FileNotFoundError:
        return  # first write: nothing to keep
    except OSError:
        return  # no hard links here (some network filesystems): the write itself still is atomic
    try:
        os.replace(tmp, backup_path(path))
    except OSError:
        os.unlink(tmp)  # the backup is a courtesy; the write goes on



def write_error(path: Path, exc: OSError) -> StoreError:
    if exc.errno == errno.ENOSPC or exc.errno == errno.EDQUOT:
        return StoreError(f"The disk is full: could not save {path}.",
                          "Free some space, then retry. Nothing was lost: the previous data is intact.")
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return StoreError(f"No permission to write {path}.",
                          "Check the data directory's owner and permissions (or pick another with --data-dir). "
                          "Nothing was lost: the previous data is intact.")
    return StoreError(f"Could not save {path}: {exc.strerror or exc}.",
                      "Nothing was lost: the previous data is intact. Retry.")


def recovery_hint(path: Path) -> str:
    bak = backup_path(path)
    if bak.is_file():
        return (f"The file was left untouched. The previous good version is {bak}: copy it over "
                f"{path.name} to recover, or move {path.name} aside to start fresh.")
    return "The file was left untouched. Restore it from a backup, or move it aside to start fresh."


def file_format(data: dict) -> Any:
    """The ``format`` a store file declares (files of the first days kept it in a TinyDB table)."""
    if "format" in data:
        return data["format"]
    legacy = data.get(META_TABLE)
    if isinstance(legacy, dict) and isinstance(legacy.get("1"), dict):
        return legacy["1"].get("format", FORMAT)
    return FORMAT


SMALL_FILE = 1 << 20  # account.toml, config.toml: a settings file is a few kB, never a megabyte


class NotSmall(ValueError):
    """What :func:`read_small` found instead of a small regular file."""


def read_small(path: Path, limit: int = SMALL_FILE, *, special: bool = False) -> bytes:
    """A settings file's bytes, at most ``limit`` (a link to /dev/zero filled the memory): more is
    NotSmall, and so is anything but a regular file (a FIFO nobody writes to blocks the read
    forever), unless ``special``: a file the user named, such as /dev/null or <(...). OSError as
    reading raises it (FileNotFoundError for none)."""
    mode = os.stat(path).st_mode
    if stat.S_ISDIR(mode):
        raise NotSmall("a directory")
    if not stat.S_ISREG(mode) and not (special and (stat.S_ISCHR(mode) or stat.S_ISFIFO(mode))):
        raise NotSmall("a device, pipe or socket, not a regular file")
    with open(path, "rb") as fh:
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise NotSmall(f"over {limit // (1 << 20)} MB, too large for a settings file")
    return data


def read_json(path: Path) -> Any:
    """Parse a store file; a missing file is None, a broken one a clear StoreError."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise StoreError(f"Cannot read {path}: {exc.strerror or exc}.") from None
    if not raw.strip():
        raise StoreError(f"{path} is empty (a previous version may have been interrupted).", recovery_hint(path))
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise StoreError(f"{path} is corrupt or truncated ({exc.msg} at byte {exc.pos}).",
                         recovery_hint(path)) from None
    if not isinstance(data, dict):
        raise StoreError(f"{path} is not a socialtui store file.", recovery_hint(path))
    fmt = file_format(data)
    if not isinstance(fmt, int) or isinstance(fmt, bool):
        raise StoreError(f"{path} is not a socialtui store file (its format is {fmt!r}, not a number).",
                         recovery_hint(path))
    if fmt > FORMAT:
        raise StoreError(f"{path} was written by a newer socialtui (format {fmt}, this one reads {FORMAT}).",
                         "Upgrade socialtui (pip install -U socialtui); the file was left untouched.")
    return data


def dump(data: dict) -> bytes:
    """Serialise a store file, stamped with our format."""
    data["format"] = FORMAT
    return orjson.dumps(data)


def signature(path: Path):
    """What changes whenever the file is replaced (inode, times, size); None when missing."""
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return (st.st_ino, st.st_mtime_ns, st.st_ctime_ns, st.st_size)


class AtomicJSONStorage(Storage):
    """TinyDB storage: cached reads, atomic writes. Use under the store's file lock."""

    def __init__(self, path: str | os.PathLike) -> None:
        self.path = Path(path)
        self._cache: dict | None = None
        self._sig = None

    def read(self) -> dict | None:
        sig = signature(self.path)
        if sig is None:
            self._cache, self._sig = None, None
            return None
        if self._cache is None or sig != self._sig:
            data = read_json(self.path)
            data.pop("format", None)
            data.pop(META_TABLE, None)
            if not all(isinstance(table, dict) and all(isinstance(doc, dict) for doc in table.values())
                       for table in data.values()):
                raise StoreError(f"{self.path} is corrupt: a table in it is not a set of entries.",
                                 recovery_hint(self.path))
            self._cache, self._sig = data, sig
        return self._cache

    def write(self, data: dict) -> None:
        try:
            atomic_write(self.path, dump(dict(data)), backup=True)
        except StoreError:
            self._cache, self._sig = None, None  # memory may hold the failed change; re-read next time
            raise
        self._cache, self._sig = data, signature(self.path)

    def close(self) -> None:
        pass
