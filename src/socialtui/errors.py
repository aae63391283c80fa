"""The project's exception types. Each carries a message written for the user.

Commands catch :class:`SocialtuiError` at the top level and print ``str(err)``
with the exit status the error names, never a traceback.
"""

from __future__ import annotations


class SocialtuiError(Exception):
    """Base class: ``message`` says what went wrong, ``hint`` what to do next."""

    exit_code = 1

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        if self.hint:
            return f"{self.message}\n  {self.hint}"
        return self.message


class UsageError(SocialtuiError):
    """Bad command-line input (exit 2)."""

    exit_code = 2


class DatasetError(SocialtuiError):
    """A dataset breaks the INTERFACE contract. Names file, line, field, expected, found."""

    exit_code = 2

    def __init__(
        self,
        file: str,
        line: int | None,
        field: str | None,
        expected: str,
        found: str,
        hint: str | None = None,
    ) -> None:
        self.file = file
        self.line = line
        self.field = field
        self.expected = expected
        self.found = found
        where = file if line is None else f"{file}:{line}"
        what = f"field '{field}'" if field else "content"
        message = f"{where}: {what}: expected {expected}, found {found}"
        super().__init__(message, hint)


class DatasetProblems(DatasetError):
    """Several problems in one file; the first is the headline, the rest are listed."""

    def __init__(self, problems: list[DatasetError], total: int) -> None:
        first = problems[0]
        more = [str(p) for p in problems[1:]]
        hint_lines = more + ([f"... and {total - len(problems)} more"] if total > len(problems) else [])
        super().__init__(first.file, first.line, first.field, first.expected, first.found,
                         "\n  ".join(hint_lines) if hint_lines else None)
        self.problems = problems
        self.total = total


class ConfigError(SocialtuiError):
    """A config or account.toml value is wrong (exit 2)."""

    exit_code = 2


class StoreError(SocialtuiError):
    """The local store cannot be read or written; previous data is intact."""

    exit_code = 3


class OutputError(SocialtuiError):
    """A command's output (stdout, an --output file) cannot be written: exit 3, as the store's."""

    exit_code = 3


class StoreLockedError(StoreError):
    """Another process holds the store's lock for longer than we wait."""


class NetworkError(SocialtuiError):
    """A remote service failed in a way retries did not fix."""

    exit_code = 4


class AuthError(NetworkError):
    """Token missing, revoked or expired."""


class NoNowError(UsageError, ValueError):
    """An empty dataset without ``as_of``: there is no instant to evaluate at."""

    def __init__(self, source: str = "") -> None:
        super().__init__(f"{source or 'The dataset'} has no messages and no as_of, so there is no 'now' to "
                         "evaluate at.", "Pass --now, e.g. --now 2026-11-20T18:00:00Z, or add as_of to account.toml.")


def shown(value) -> str:
    """A value from the user's file as the file writes it (JSON/TOML style: "text", true, null,
    {"name": "a"}), shortened: error messages quote it, not Python's repr of it."""
    from datetime import date, datetime

    import orjson

    if isinstance(value, (datetime, date)):
        text = value.isoformat()
    else:
        try:
            text = orjson.dumps(value).decode()
        except TypeError:
            text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."

