"""Read files out of an archive (zip or unpacked folder) safely.

Nothing is extracted to disk. Zip members are read in memory with limits on the
total uncompressed size and the compression ratio (zip bombs), and no member or
folder path may escape the archive (``..``, absolute paths, symlinks out).
"""

from __future__ import annotations

import zipfile
from pathlib import Path, PurePosixPath

from socialtui.errors import SocialtuiError

MAX_TOTAL = 2 * 1024**3  # 2 GiB uncompressed
MAX_RATIO = 200


class ArchiveError(SocialtuiError):
    exit_code = 2


class Archive:
    def __init__(self, path: str | Path) -> None:
        self.path = Path(path).expanduser()
        if not self.path.exists():
            raise ArchiveError(f"{self.path}: no such file or folder.", "Give the archive's .zip file or its unpacked folder.")
        self._zip: zipfile.ZipFile | None = None
        if self.path.is_file():
            try:
                self._zip = zipfile.ZipFile(self.path)
            except (zipfile.BadZipFile, OSError) as exc:
                raise ArchiveError(f"{self.path}: not a readable zip file ({exc}).",
                                   "Download the archive again, or unpack it and give the folder.") from None
            self._check_zip()
        elif not self.path.is_dir():
            raise ArchiveError(f"{self.path}: neither a zip file nor a folder.")

    def _check_zip(self) -> None:
        total = 0
        for info in self._zip.infolist():
            name = PurePosixPath(info.filename)
            if name.is_absolute() or ".." in name.parts or info.filename.startswith(("/", "\\")):
                raise ArchiveError(f"{self.path}: member {info.filename!r} points outside the archive.",
                                   "This archive is not safe to read; nothing was imported.")
            total += info.file_size
            if info.compress_size and info.file_size / info.compress_size > MAX_RATIO and info.file_size > 10 * 1024**2:
                raise ArchiveError(f"{self.path}: member {info.filename!r} expands {info.file_size // info.compress_size}x "
                                   "(a zip bomb?).", "Nothing was imported.")
        if total > MAX_TOTAL:
            raise ArchiveError(f"{self.path}: {total / 1024**3:.1f} GiB uncompressed is more than we read.",
                               "Nothing was imported.")

    def names(self) -> list[str]:
        if self._zip is not None:
            return [i.filename for i in self._zip.infolist() if not i.is_dir()]
        root = self.path.resolve()
        out = []
        for p in self.path.rglob("*"):
            if p.is_file():
                real = p.resolve()
                if root not in real.parents:
                    raise ArchiveError(f"{p}: links outside the archive folder.", "Nothing was imported.")
                out.append(p.relative_to(self.path).as_posix())
        return out

    def find(self, *candidates: str) -> str | None:
        """The first member whose path ends with one of ``candidates`` (archives nest a top folder)."""
        names = self.names()
        for cand in candidates:
            for n in names:
                if n == cand or n.endswith("/" + cand):
                    return n
        return None

    def find_all(self, predicate) -> list[str]:
        return sorted(n for n in self.names() if predicate(PurePosixPath(n).name))

    def read(self, name: str) -> bytes:
        if self._zip is not None:
            return self._zip.read(name)
        return (self.path / name).read_bytes()
