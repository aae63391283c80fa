"""Read files out of an account export (a .zip or its unpacked folder) safely.

Nothing is ever extracted to disk. Before a zip is read at all, every member's path is
checked (no ``..``, no absolute or drive paths, no symlink members) and the declared sizes
are checked against limits: the total uncompressed size, each member's size and each
member's compression ratio (a zip bomb expands a few kilobytes into gigabytes). Python's
zipfile stops reading a member at its declared size, so the checked sizes are the real
bound on memory. A folder is walked without following links; a file or directory that
resolves outside the folder (a symlink pointing elsewhere) refuses the whole archive.

Every problem is an :class:`ArchiveError` (exit 2) naming the archive, the file inside
it and what is wrong. Parsers read everything before the store is touched, so a refused
archive leaves the store as it was.
"""

from __future__ import annotations

import os
import re
import stat
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import Any, Callable

import orjson

from socialtui.domain.models import Message
from socialtui.errors import SocialtuiError
from socialtui.sanitize import clean_line

MAX_TOTAL = 32 * 1024**3  # whole archive, media included (media are never read)
MAX_MEMBER = 1024**3  # one file we read into memory
MAX_RATIO = 100  # JSON compresses ~10x; a bomb compresses ~1000x
RATIO_FLOOR = 8 * 1024**2  # small members may compress very well (runs of spaces)

# progress(stage, done, total): total is None when unknown.
Progress = Callable[[str, int, "int | None"], None]


def no_progress(stage: str, done: int, total: int | None) -> None:
    """The progress callback that reports nothing."""


class ArchiveError(SocialtuiError):
    """An archive that is missing, broken, unsafe or of the other format (exit 2)."""

    exit_code = 2


NOTHING_IMPORTED = "Nothing was imported; the store is unchanged."


def _size(path: Path) -> int | None:
    try:
        return path.stat().st_size
    except OSError:
        return None


class Archive:
    """Read-only view of the files in a zip or folder archive."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path).expanduser()
        self._zip: zipfile.ZipFile | None = None
        if not self.path.exists():
            raise ArchiveError(f"{self.path}: no such file or folder.",
                               "Give the archive's .zip file or the folder it was unpacked to.")
        if self.path.is_dir():
            self._names = self._scan_folder()
        elif self.path.is_file():
            try:
                self._zip = zipfile.ZipFile(self.path)
            except (zipfile.BadZipFile, OSError) as exc:
                why = ": it is empty, 0 bytes (a download that did not finish?)" if _size(self.path) == 0 \
                    else f" ({exc})"
                raise ArchiveError(f"{self.path}: not a readable zip file{why}.",
                                   "Download the archive again, or unpack it and give the folder.") from None
            self._names = self._check_zip()
        else:
            raise ArchiveError(f"{self.path}: neither a zip file nor a folder.")

    def _unsafe(self, member: str, why: str) -> ArchiveError:
        return ArchiveError(f"{self.path}: {member!r} {why}.",
                            f"This archive is not safe to read. {NOTHING_IMPORTED}")

    def _check_zip(self) -> list[str]:
        total, names = 0, []
        for info in self._zip.infolist():
            name = info.filename
            parts = PurePosixPath(name.replace("\\", "/")).parts
            if (name.startswith(("/", "\\")) or ".." in parts or (parts and parts[0].endswith(":"))
                    or "\x00" in name):
                raise self._unsafe(name, "points outside the archive")
            if stat.S_ISLNK(info.external_attr >> 16):
                raise self._unsafe(name, "is a symbolic link (exports never contain links)")
            total += info.file_size
            if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                raise ArchiveError(
                    f"{self.path}: {name!r} would expand {info.file_size // max(info.compress_size, 1)}x "
                    f"to {info.file_size / 1024**2:.0f} MiB (a zip bomb?).", NOTHING_IMPORTED)
            if total > MAX_TOTAL:
                raise ArchiveError(f"{self.path}: more than {MAX_TOTAL // 1024**3} GiB uncompressed "
                                   "(a zip bomb, or not an account export).", NOTHING_IMPORTED)
            if not info.is_dir():
                names.append(name)
        return names

    def _scan_folder(self) -> list[str]:
        root = self.path.resolve()
        names = []
        for current, dirs, files in os.walk(self.path, followlinks=False):
            for entry in dirs + files:
                full = Path(current, entry)
                rel = full.relative_to(self.path).as_posix()
                if full.is_symlink() and not _inside(root, full.resolve()):
                    raise self._unsafe(rel, "is a link pointing outside the archive folder")
            names.extend(Path(current, f).relative_to(self.path).as_posix() for f in files)
        return sorted(names)

    # -- lookup ---------------------------------------------------------------------------
    def names(self) -> list[str]:
        """Every file in the archive, as POSIX paths relative to its top."""
        return list(self._names)

    def find(self, *candidates: str) -> str | None:
        """The first file whose path is, or ends with, one of ``candidates`` (zips nest a top folder)."""
        for cand in candidates:
            for n in self._names:
                if n == cand or n.endswith("/" + cand):
                    return n
        return None

    def find_all(self, predicate: Callable[[str], bool]) -> list[str]:
        """Files whose base name satisfies ``predicate``, sorted by path."""
        return sorted(n for n in self._names if predicate(PurePosixPath(n).name))

    # -- reading --------------------------------------------------------------------------
    def read(self, name: str) -> bytes:
        """One file's bytes, read in memory within the limits."""
        if self._zip is not None:
            info = self._zip.getinfo(name)
            if info.file_size > MAX_MEMBER:
                raise ArchiveError(f"{self.path}: {name} is {info.file_size / 1024**3:.1f} GiB, more than "
                                   f"{MAX_MEMBER // 1024**3} GiB we read into memory.", NOTHING_IMPORTED)
            try:
                return self._zip.read(info)
            except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
                raise ArchiveError(f"{self.path}: {name} is damaged ({exc}).",
                                   f"Download the archive again. {NOTHING_IMPORTED}") from None
        full = self.path / name
        if not _inside(self.path.resolve(), full.resolve()):
            raise self._unsafe(name, "is a link pointing outside the archive folder")
        try:
            size = full.stat().st_size
            if size > MAX_MEMBER:
                raise ArchiveError(f"{full}: {size / 1024**3:.1f} GiB, more than "
                                   f"{MAX_MEMBER // 1024**3} GiB we read into memory.", NOTHING_IMPORTED)
            return full.read_bytes()
        except OSError as exc:
            raise ArchiveError(f"{full}: cannot be read ({exc.strerror or exc}).", NOTHING_IMPORTED) from None

    def json(self, name: str, wrapper: re.Pattern[bytes] | None = None):
        """Parse one file as JSON; broken JSON names the file.

        ``wrapper`` matches a JavaScript prefix to skip (X's ``window.YTD.tweets.part0 =``);
        a file that does not start with it is not the expected file.
        """
        raw = self.read(name)
        start = 0
        if wrapper is not None:
            m = wrapper.match(raw)
            if m is None:
                raise ArchiveError(f"{self.path}: {name} does not start with the expected "
                                   f"'window.YTD... =' line (found {raw[:40]!r}).", NOTHING_IMPORTED)
            start = m.end()
        end = len(raw)
        while end > start and raw[end - 1] in b" \t\r\n;":
            end -= 1
        try:
            return orjson.loads(memoryview(raw)[start:end])
        except orjson.JSONDecodeError as exc:
            raise ArchiveError(
                f"{self.path}: {name} is truncated or not valid JSON ({exc.msg} at character {exc.pos}).",
                f"Download the archive again. {NOTHING_IMPORTED}") from None


def _inside(root: Path, target: Path) -> bool:
    return target == root or root in target.parents


@dataclass(slots=True)
class ParsedArchive:
    """Everything read from an archive, before anything is written."""

    kind: str  # "x-archive" or "mastodon-archive"
    platform: str
    handle: str
    name: str
    messages: list[Message]
    extra: dict[str, Any] = field(default_factory=dict)  # account_id, archive_instance ...


def expect_list(archive: Archive, name: str, value, what: str) -> list:
    """``value`` if it is a list, else an error naming the file and what was found."""
    if not isinstance(value, list):
        raise ArchiveError(f"{archive.path}: {name}: expected {what}, found {type(value).__name__}.",
                           NOTHING_IMPORTED)
    return value


class FieldError(ValueError):
    """One record's field is missing or has the wrong type; the parser adds the file and the record.

    ``str()`` reads as the end of "tweet number 3 lacks a usable ...": ``id_str (a string of digits)``.
    """

    def __init__(self, field: str, expected: str) -> None:
        super().__init__(field, expected)
        self.field = field
        self.expected = expected

    def __str__(self) -> str:
        return f"{self.field} ({self.expected})"


def record_error(archive: Archive, name: str, record: str, exc: Exception) -> ArchiveError:
    """The error for one unusable record (``tweet number 3``) of the file ``name``."""
    if isinstance(exc, FieldError):
        what = f"lacks a usable {exc}"
    elif isinstance(exc, KeyError):
        what = f"lacks a usable {exc.args[0] if exc.args else 'field'}"
    else:  # a shape nothing above anticipated: say what was found, never a traceback
        what = f"is not in the expected shape ({type(exc).__name__}: {clean_line(exc)[:200]})"
    return ArchiveError(f"{archive.path}: {name}: {record} {what}.", NOTHING_IMPORTED)


# What a record's parser may raise on hostile values; record_error turns each into a message.
RECORD_ERRORS = (FieldError, KeyError, TypeError, ValueError, AttributeError, OverflowError)


def opt_str(record: dict, key: str, label: str | None = None) -> str:
    """``record[key]`` if it is a string, "" if absent or null; anything else is a FieldError."""
    value = record.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise FieldError(label or key, f"a string, found {_kind(value)}")
    return value


def need_id(record: dict, key: str, label: str | None = None) -> str:
    """``record[key]`` as a non-empty id string (X writes ids as strings, sometimes as numbers)."""
    value = record.get(key)
    if isinstance(value, bool) or not isinstance(value, (str, int)) or not str(value).strip():
        found = "nothing" if value is None or value == "" else _kind(value)
        raise FieldError(label or key, f"a non-empty string or number, found {found}")
    return str(value).strip()


def opt_id(record: dict, key: str, label: str | None = None) -> str | None:
    """Like :func:`need_id`, but absent, null or "" is None."""
    if record.get(key) in (None, ""):
        return None
    return need_id(record, key, label)


def opt_dict(record: dict, key: str, label: str | None = None) -> dict:
    """``record[key]`` if it is an object, {} if absent or null; anything else is a FieldError."""
    value = record.get(key)
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise FieldError(label or key, f"an object, found {_kind(value)}")
    return value


def opt_list(record: dict, key: str, label: str | None = None) -> list:
    """``record[key]`` if it is a list, [] if absent or null; anything else is a FieldError."""
    value = record.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise FieldError(label or key, f"a list, found {_kind(value)}")
    return value


def need_time(value: object, label: str, parse: Callable[[str], datetime]) -> datetime:
    """``parse(value)``; a missing, malformed or out-of-range time is a FieldError saying why."""
    if not isinstance(value, str) or not value.strip():
        raise FieldError(label, f"a timestamp string, found {'nothing' if value in (None, '') else _kind(value)}")
    try:
        return parse(value)
    except (ValueError, OverflowError, TypeError, KeyError, IndexError) as exc:
        said = str(exc)
        why = said if "outside" in said or "offset" in said else f"not a time: {clean_line(value)[:40]!r}"
        raise FieldError(label, why) from None


def _kind(value: object) -> str:
    return {dict: "an object", list: "a list", str: "a string", bool: "true/false", int: "a number",
            float: "a number"}.get(type(value), type(value).__name__)


def fast_clean(clean: Callable[[object], str]) -> Callable[[object], str]:
    """``clean`` with a shortcut for printable ASCII without spaces-to-strip, which has nothing to clean.

    Printable ASCII holds no escape, control, bidi or invisible character, so the sanitizer
    would return it unchanged; checking that is ~10x cheaper, which matters at 100k tweets.
    URLs also lose whitespace, so for them a space takes the full path.
    """
    keeps_spaces = clean.__name__ != "clean_url"

    def shortcut(value: object) -> str:
        if isinstance(value, str) and value.isascii() and value.isprintable() and (keeps_spaces or " " not in value):
            return value
        return clean(value)

    return shortcut
