"""Command line: ``socialtui COMMAND ...``. Each command lives in its own module."""

from __future__ import annotations

import argparse
import importlib
import re
import sys

from socialtui import __version__
from socialtui.errors import OutputError, SocialtuiError

# Modules that define ``register(subparsers, parents)``; each adds one or more commands.
COMMAND_MODULES = (
    "demo",
    "validate",
    "health",
    "queue_cmd",
    "lint_cmd",
    "rules_cmd",
    "import_cmd",
    "export_cmd",
    "login",
    "sync",
    "reply",
    "monitor",
)


# Options whose value may start with "-" and a digit (a negative duration or offset, which the
# command then refuses with its own message): argparse takes "-7d" for an option of its own and
# says only "expected one argument". Such a value is joined to its option before argparse sees it.
DASH_VALUE_OPTIONS = frozenset({"--now", "--window", "--interval"})
_DASH_VALUE = re.compile(r"-[\d.]")


def join_dash_values(argv: list[str]) -> list[str]:
    """``["--window", "-7d"]`` -> ``["--window=-7d"]`` for :data:`DASH_VALUE_OPTIONS`; nothing
    after a ``--`` is touched (it is text, not options)."""
    out: list[str] = []
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--":
            out += argv[i:]
            break
        if arg in DASH_VALUE_OPTIONS and i + 1 < len(argv) and _DASH_VALUE.match(argv[i + 1]):
            out.append(f"{arg}={argv[i + 1]}")
            i += 2
            continue
        out.append(arg)
        i += 1
    return out


# Values where an empty one given on purpose (most often an unset shell variable) would quietly
# mean "not given": `reply --dataset "$DS"` would answer through the store's live account,
# `monitor --on-alert "$CMD"` page nobody, `--data-dir "$DIR"` use the user's real store.
# (--select, --now, --window, --interval, --conversation and the texts have messages of their own.)
_NOT_EMPTY = {"path": "PATH", "dataset": "--dataset", "account": "--account", "agent": "--agent",
              "reply_to": "--reply-to", "theme": "--theme", "on_alert": "--on-alert", "output": "--output",
              "data_dir": "--data-dir", "config": "--config"}
_PATH_HINTS = {
    "validate": "Give a dataset directory or a bundled name (kestrel, harbor); . is the current directory.",
    "import": "Give the archive's .zip file or unpacked folder; . is the current directory.",
}


def check_empty_values(args: argparse.Namespace) -> None:
    """An option given as an empty string is a mistake to tell, not the option left out."""
    from socialtui.errors import UsageError

    for dest, shown in _NOT_EMPTY.items():
        value = getattr(args, dest, None)
        if not isinstance(value, str) or value.strip():
            continue
        if dest == "path":
            hint = _PATH_HINTS.get(args.command, "Give a dataset directory or a bundled name (kestrel, harbor), or "
                                                 "leave PATH out to use the local store's account.")
        else:
            hint = f"Give one, or leave {shown} out (see socialtui {args.command} --help)."
        raise UsageError(f"{shown} is empty{'' if value == '' else ' (only spaces)'}.", hint)


class _Parser(argparse.ArgumentParser):
    """argparse with a mistake told in two lines (what is wrong, where the help is), not the
    whole usage block before it; the exit status stays 2."""

    def error(self, message: str):
        from socialtui.sanitize import clean_text

        self.exit(2, f"{self.prog}: {clean_text(message)}\n  See: {self.prog} --help\n")


def _global_options(parser: argparse.ArgumentParser, suppress: bool) -> None:
    default = argparse.SUPPRESS if suppress else None
    parser.add_argument("--data-dir", metavar="DIR", default=default,
                        help="local store (default: $SOCIALTUI_DATA_DIR or the platform data dir)")
    parser.add_argument("--config", metavar="FILE", default=default, help="config file (default: config dir/config.toml)")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="socialtui",
        description="Answer the people waiting for your brand, and audit how the account behaves.",
    )
    parser.add_argument("--version", action="version", version=f"socialtui {__version__}")
    _global_options(parser, suppress=False)
    common = _Parser(add_help=False)
    _global_options(common, suppress=True)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(f"socialtui.cli.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"socialtui.cli.{name}":
                continue
            raise
        module.register(sub, [common])
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    argv = join_dash_values(sys.argv[1:] if argv is None else list(argv))
    args, extra = parser.parse_known_args(argv)
    if extra and args.command == "reply" and args.text == "-" and len(extra) == 1 and not extra[0].startswith("-"):
        args.text = extra[0]  # `reply ID --yes "text"`: argparse took the text's place before the option
    elif extra and args.command in ("lint", "reply") and getattr(args, "text", None) is not None \
            and ("--" in argv or not any(e.startswith("-") for e in extra)):
        # `lint Thanks we are on it`: the text's first word was taken, and the rest was "unrecognized"
        # (`reply ID --yes Thanks we are`: argparse left the text at "-", and all the words over)
        from socialtui.errors import shown
        from socialtui.sanitize import clean_text

        words = extra if args.text == "-" else [args.text, *extra]
        print(f"socialtui {args.command}: the text must be one argument; it came as {len(words)} "
              f"({clean_text(shown(words[0]))}, then {clean_text(shown(words[1]))}"
              f"{', …' if len(words) > 2 else ''}).\n"
              f"  Put it in quotes (socialtui {args.command} ... \"Thanks, we are on it\"), or give - and pipe it in; "
              "an option's value of several words needs them too (--agent \"Dana Kruger\").",
              file=sys.stderr)
        return 2
    elif extra:
        parser.parse_args(argv)  # the usual "unrecognized arguments" error and exit 2
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    real = sys.stdout
    sys.stdout = _GuardedOutput(real)
    try:
        return _run(args)
    finally:
        sys.stdout = real
        try:
            real.flush()
        except OSError:  # (told already, or a closed pipe: nothing left for the exit to fail on)
            _silence(real)


class _GuardedOutput:
    """sys.stdout for a command: a failed write is an :class:`OutputError` with a plain message,
    not a traceback from whichever print met the full disk."""

    def __init__(self, stream) -> None:
        self._stream = stream

    def _guard(self, call, *args):
        try:
            return call(*args)
        except BrokenPipeError:
            raise
        except OSError as exc:
            _silence(self._stream)
            raise OutputError(f"Cannot write the output: {exc.strerror or exc}.",
                              "Free some space, or send it somewhere else (a file on another disk, a pipe).") from None

    def write(self, text: str) -> int:
        return self._guard(self._stream.write, text)

    def flush(self) -> None:
        self._guard(self._stream.flush)

    def __getattr__(self, name: str):
        return getattr(self._stream, name)


def _silence(stream) -> None:
    """Point the stream's file at /dev/null, so the interpreter's own flush at exit has nothing
    to fail on (it printed "Exception ignored ... BrokenPipeError" after the command was done)."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # (no real file behind it: a test's capture)
        pass


def _run(args) -> int:
    try:
        check_empty_values(args)
        if getattr(args, "config", None):  # a file named on purpose is read (and checked) by every command
            from socialtui.cli.common import get_config

            get_config(args)
        code = int(args.func(args) or 0)
        sys.stdout.flush()  # a full disk found now is still told, and changes the exit status
        return code
    except SocialtuiError as err:
        from socialtui.sanitize import clean_text

        # (messages quote names and values from the user's files: no escape sequences to the terminal)
        print(f"socialtui: {clean_text(str(err))}", file=sys.stderr)
        return err.exit_code
    except KeyboardInterrupt:
        print("socialtui: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `socialtui queue | head`: the reader has what it wanted
        _silence(sys.stdout)
        return 0
