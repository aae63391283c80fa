"""``socialtui lint``: composer lint of a draft from the shell."""

from __future__ import annotations

import shlex
import sys

import orjson

from socialtui.cli.common import parse_now, terminal_width
from socialtui.errors import UsageError
from socialtui.rules.report import hang
from socialtui.sanitize import clean_outbound


def register(sub, parents) -> None:
    p = sub.add_parser("lint", parents=parents, help="lint a draft reply or post (exit 1 on any finding)",
                       description="Run the composer lint (L001-L008) on a draft. Without --dataset, "
                                   "Mastodon's limits are assumed (or --platform).")
    p.add_argument("text", nargs="?", default="-", help="the draft, or - (the default) to read it from stdin")
    p.add_argument("--dataset", metavar="PATH", help="dataset directory or bundled name, for context checks")
    p.add_argument("--reply-to", metavar="ID", help="id of the message the draft answers (needs --dataset)")
    p.add_argument("--agent", help="agent name or signature (team mode: checks the signature)")
    p.add_argument("--platform", choices=("mastodon", "bluesky", "x"), help="length rules to apply")
    p.add_argument("--now", help="evaluation time, RFC 3339 (default: the dataset's as_of)")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(func=run)


MAX_DRAFT = 1 << 20  # bytes read from stdin at most


def read_text(value: str) -> str:
    """The draft from the argument or stdin; text that is not UTF-8 is refused here, before a
    preview is shown or anything is stored or sent."""
    if value == "-":
        if sys.stdin is None or sys.stdin.isatty():
            raise UsageError("No draft given.", "Pass the text as an argument, or pipe it in with -.")
        stream = sys.stdin.buffer if hasattr(sys.stdin, "buffer") else sys.stdin
        data = stream.read(MAX_DRAFT + 1)  # (not all of it: `lint - < /dev/urandom` filled the memory)
        if len(data) > MAX_DRAFT:
            raise UsageError("The text on stdin is over 1 MB: no post or reply is that long.",
                             "Pipe in the draft alone, e.g. socialtui lint - < draft.txt")
        if isinstance(data, bytes):
            try:  # as text mode would read it: a BOM dropped, \r\n and \r as \n
                data = data.decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
            except UnicodeDecodeError as exc:
                raise UsageError(f"The text on stdin is not valid UTF-8 (byte 0x{data[exc.start]:02x} at "
                                 f"byte {exc.start + 1}).", "Save or convert it as UTF-8 and try again.") from None
        value = data
    # Arguments that are not UTF-8 reach Python with their bytes as lone surrogates.
    bad = next((i for i, ch in enumerate(value) if "\ud800" <= ch <= "\udfff"), None)
    if bad is not None:
        code = ord(value[bad])
        what = f"byte 0x{code - 0xdc00:02x}" if 0xdc80 <= code <= 0xdcff else f"code point U+{code:04X}"
        raise UsageError(f"The text is not valid UTF-8 ({what} at character {bad + 1}).",
                         "Save or convert it as UTF-8 and try again.")
    # As it would be sent (workspace_sending cleans it the same way): an escape sequence inside a
    # word ("hot\x1b[0mline") hid the phrase from the lint, and the sent text had the phrase.
    return clean_outbound(value)


def run(args) -> int:
    from socialtui.lint import lint_draft

    if args.reply_to and not args.dataset:
        raise UsageError("--reply-to needs --dataset PATH to find the message.",
                         f"For example: socialtui lint --dataset fixtures/kestrel --reply-to {args.reply_to} TEXT")
    if args.agent and not args.dataset:
        raise UsageError("--agent needs --dataset PATH: the agents and their signatures are in its account.toml.",
                         "For example: socialtui lint --dataset fixtures/kestrel --agent \"Dana Kruger\" TEXT")
    text = read_text(args.text).rstrip("\n")
    if not text.strip():
        raise UsageError("Nothing to lint: the draft is empty.",
                         "Give the draft as an argument, or - to read it from standard input.")
    snapshot = reply_to = agent = None
    if args.dataset:
        from socialtui.sources.dataset_dir import load_dataset

        ds = load_dataset(args.dataset)
        snapshot = ds.snapshot(parse_now(args.now) or ds.default_now())
        if args.reply_to:
            reply_to = snapshot.message(args.reply_to)
            if reply_to is None:
                raise UsageError(f"No message {args.reply_to!r} in {ds.source} (at or before the evaluation time).",
                                 f"Message ids are listed by `socialtui queue {shlex.quote(args.dataset)} --format json` "
                                 "(last_message_id), and are the id fields of its messages.jsonl.")
        if args.agent:
            agent = ds.account.agent(args.agent)
            if agent is None:
                names = ", ".join(a.name for a in ds.account.agents) or "none configured"
                raise UsageError(f"No agent {args.agent!r} in {ds.source}'s account.toml.", f"Agents: {names}.")
    findings = lint_draft(text, snapshot=snapshot, reply_to=reply_to, agent=agent, platform=args.platform)
    if args.format == "json":
        doc = {"findings": [{"code": f.code, "message": f.message, "blocking": f.blocking,
                             "suggestion": f.suggestion, "span": list(f.span) if f.span else None}
                            for f in findings]}
        sys.stdout.write(orjson.dumps(doc, option=orjson.OPT_INDENT_2).decode() + "\n")
    else:
        width = terminal_width(sys.stdout)  # (a terminal: a finding wraps under its text; a pipe: one line)
        for f in findings:
            line = f"{f.code} {'BLOCKS ' if f.blocking else ''}{f.message}" + (f"  → {f.suggestion}" if f.suggestion else "")
            print(hang(line, len(f.code) + 1, width, first=0))
        if not findings:
            print("No findings.")
    return 1 if findings else 0
