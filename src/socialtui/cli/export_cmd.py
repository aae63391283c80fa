"""``socialtui export``: conversations with their notes, workflow state and sent replies.

Markdown is for people: every stranger's text is backslash-escaped and quoted line by
line, so a message cannot add headings, links, HTML or code blocks to the document.
JSON is complete: every message as in the dataset format, the state, notes and draft.
"""

from __future__ import annotations

import errno
import os
import re
import shlex
import stat
import sys
from datetime import datetime
from pathlib import Path

import orjson

from socialtui.cli.common import parse_now
from socialtui.cli.source import add_source_arguments, open_source
from socialtui.domain.timeutil import format_timestamp
from socialtui.errors import OutputError, UsageError
from socialtui.sanitize import clean_text, is_look_alike
from socialtui.store.codec import message_to_interface
from socialtui.store.storage import replace_file

# What would turn a stranger's words into Markdown structure is backslash-escaped, and only
# that, so "don't." and "1.5 hours" stay legible:
# - anywhere: emphasis, code, links and images, HTML and entities, strikethrough, table
#   cells, maths;
# - what a GFM renderer would make a link of without any markup: a dot before a letter
#   (evil.com, www.x, .com), "@" inside a word (an e-mail address), a scheme's ":" (mailto:x,
#   https://);
# - at the start of a line: a heading, a list item, a setext underline or thematic break.
_MD_INLINE = frozenset("\\`*_[]<>&~|$")
# (the first slash of "//": "//10.0.0.1/login" is a protocol-relative link to GFM, whatever follows)
_MD_LINKY = re.compile(r"(?<=\w)\.(?=[^\W\d_])|(?<=\w)@(?=\w)|(?<=[^\W\d_]):(?=[^\W\d_]|/)|(?<![\w\\])\.(?=[^\W\d_])"
                       r"|(?<![\\/])/(?=/)")
_MD_LINE_START = re.compile(r"^(?:(#{1,6}|[-+])(?=[ \t]|$)|(\d{1,9})([.)])(?=[ \t]|$)|([-=])(?=[-= \t]*$))")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")  # what Markdown takes for the end of a line


def register(sub, parents) -> None:
    p = sub.add_parser("export", parents=parents, help="export conversations with their notes",
                       description="Export one conversation (--conversation ID) or all, with notes, workflow state "
                                   "and sent replies, as Markdown (for people) or JSON (complete). With a dataset "
                                   "PATH, the demo's state (from `socialtui demo` or `socialtui reply --dataset`) "
                                   "is included.")
    add_source_arguments(p)
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--conversation", metavar="ID", help="conversation id (or any message id in it)")
    which.add_argument("--all", action="store_true", help="every conversation with customers")
    p.add_argument("--format", choices=("markdown", "json"), default="markdown")
    p.add_argument("--output", "-o", metavar="FILE",
                   help="write to FILE instead of stdout: private (0600), replaced whole, so a failed write leaves "
                        "the previous file as it was (exit 3)")
    p.add_argument("--now", help="evaluation time (default: the dataset's as_of or newest message, or the "
                                 "newest reply sent from socialtui)")
    p.set_defaults(func=run)


def md_escape(text: str) -> str:
    """Strangers' text cannot add Markdown or HTML structure, nor become a clickable link: the
    characters that would start it are backslash-escaped, and nothing else (it stays legible).
    Each line loses its indentation (four spaces would make it a code block)."""
    out = "".join("\\" + ch if ch in _MD_INLINE else ch for ch in text)
    out = _MD_LINKY.sub(lambda m: "\\" + m.group(0), out)
    return "\n".join(_MD_LINE_START.sub(_escape_line_start, line.lstrip(" \t"))
                     for line in _LINE_BREAK.split(out))


def _escape_line_start(m: re.Match) -> str:
    mark, number, after, rule = m.groups()
    if number:
        return f"{number}\\{after}"  # "1. x" would start a list
    return "\\" + (mark or rule)  # "# x", "- x", "===" under a line, "---"


def _snapshot(args, source):
    from socialtui.workspace import Workspace

    store = source.store
    if store is None:
        from socialtui.cli.common import get_data_dir
        from socialtui.store import Store

        store = Store(get_data_dir(args))
    sent = store.sent_messages(source.scope)
    now = parse_now(args.now)
    if now is None:
        now = max([source.dataset.default_now(), *(m.created_at for m in sent)])
    ws = Workspace(source.dataset, store, source.scope, now_fn=lambda: now)
    return ws.snapshot(), store, {m.id for m in sent}


def run(args) -> int:
    if args.output:
        _refuse_own_files(args)  # (before minutes of reading a large account)
    source = open_source(args)
    snap, store, sent_ids = _snapshot(args, source)
    scope = source.scope
    if args.conversation is not None:
        wanted = args.conversation
        cid = wanted if wanted in snap.conversations else snap.conversation_of.get(wanted)
        if cid is None:
            raise UsageError(f"No conversation or message {wanted!r} in {source.dataset.source or scope}.",
                             "Conversation ids are listed by `socialtui queue"
                             + (f" {shlex.quote(args.path)}" if getattr(args, "path", None) else "")
                             + " --format json` (id; a message id in one works too).")
        convs = [snap.conversations[cid]]
    else:
        convs = sorted((c for c in snap.conversations.values() if c.has_inbound), key=lambda c: c.id)
    drafts = store.drafts(scope)
    docs = []
    for conv in convs:
        docs.append({
            "id": conv.id, "dm": conv.is_dm, "participants": conv.participants,
            "waiting_since": format_timestamp(conv.waiting_since) if conv.waiting_since else None,
            "state": _state(snap.state.get(conv.id)),
            "notes": store.notes(scope, conv.id),
            "draft": drafts.get(conv.id),
            "messages": [{**message_to_interface(m), "sent_from_socialtui": m.id in sent_ids}
                         for m in conv.messages],
        })
    if args.format == "json":
        out = orjson.dumps({"account": snap.account.handle, "now": format_timestamp(snap.now), "conversations": docs},
                           option=orjson.OPT_INDENT_2).decode() + "\n"
    else:
        out = render_markdown(snap.account.handle, format_timestamp(snap.now), docs)
    if args.output:
        _write_private(args.output, out)
        print(f"Wrote {len(docs)} conversation{'s' if len(docs) != 1 else ''} to {clean_text(args.output)}",
              file=sys.stderr)
    else:
        sys.stdout.write(out)
    return 0


def _state(state) -> dict:
    def ts(dt):
        return format_timestamp(dt) if dt is not None else None

    return {"status": state.status, "changed_at": ts(state.changed_at), "until": ts(state.until),
            "assignee": state.assignee, "escalated_to": state.escalated_to, "tags": list(state.tags)}


def _note_time(at: str) -> str:
    try:
        return format_timestamp(datetime.fromisoformat(at))
    except (TypeError, ValueError):
        return md_escape(str(at))


def _refuse_own_files(args) -> None:
    """--output naming a file the export reads (the dataset's messages.jsonl, a file of the store)
    replaced the data with the export of it."""
    from socialtui.cli.common import get_data_dir
    from socialtui.sources.dataset_dir import resolve_dataset_path

    target = Path(os.path.realpath(args.output))
    store = Path(os.path.realpath(get_data_dir(args)))
    if target == store or store in target.parents:
        raise UsageError(f"--output {clean_text(args.output)} is inside the local store ({store}): the export "
                         "would overwrite the data it is made from.", "Write it elsewhere, e.g. --output export.md")
    if getattr(args, "path", None):
        root = Path(os.path.realpath(resolve_dataset_path(args.path)))
        if target in (root / "messages.jsonl", root / "account.toml"):
            raise UsageError(f"--output {clean_text(args.output)} is the dataset's own {target.name}: the export "
                             "would overwrite the data it is made from.",
                             f"Write it elsewhere, e.g. --output {root / 'export.md'}")


def _write_private(path: str, text: str) -> None:
    """Write the export to ``path``, private (0600). A regular file (or none yet) is replaced
    atomically: a full disk or a killed process leaves the previous export whole, never half of
    the new one. A device or pipe (/dev/stdout, a FIFO) is written to as it is."""
    data = text.encode("utf-8")
    try:
        try:
            mode = os.stat(path).st_mode
        except FileNotFoundError:
            mode = None
        if mode is not None and stat.S_ISDIR(mode):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR))
        if mode is not None and not stat.S_ISREG(mode):
            with open(path, "wb") as fh:
                fh.write(data)
            return
        # through a symlink: its target is the file the user means
        replace_file(Path(os.path.realpath(path)), data)
    except OSError as exc:
        raise _output_error(path, exc) from None


def _output_error(path: str, exc: OSError) -> OutputError:
    """One line on what is wrong with the file, one on what to do: exit 3 (output not written)."""
    folder = os.path.dirname(os.path.abspath(path))
    intact = " A file already there is left as it was."
    if exc.errno == errno.EISDIR:
        problem, hint = "it is a directory.", f"Name a file, e.g. --output {os.path.join(path, 'export.md')}"
    elif exc.errno == errno.ENOENT:
        problem, hint = f"there is no directory {folder}.", "Create it first, or pick a file in an existing directory."
    elif exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        problem, hint = "no permission to write there." + intact, "Pick a file in a directory you can write to."
    elif exc.errno in (errno.ENOSPC, errno.EDQUOT):
        problem, hint = "the disk is full." + intact, "Free some space, or write to another disk."
    else:
        problem, hint = f"{exc.strerror or exc}." + intact, "Pick another file."
    return OutputError(f"Could not write {path}: {problem}", hint)


def _quoted(text: str, indent: str = "  ") -> list[str]:
    return [f"{indent}> {md_escape(line)}" if line.strip() else f"{indent}>" for line in _LINE_BREAK.split(text or "")]


def render_markdown(handle: str, now: str, docs: list[dict]) -> str:
    """A document a person can read; only our own words carry Markdown structure."""
    lines = [f"# Conversations of @{md_escape(handle)}", "", f"Exported at {now}.", ""]
    for d in docs:
        st = d["state"]
        who = ", ".join(("⚠look-alike @" if is_look_alike(p, handle) else "@") + md_escape(p)
                        for p in d["participants"]) or "nobody"
        status = st["status"]
        if st["status"] in ("snoozed", "escalated") and st["until"]:
            status += f" until {st['until']}" if st["status"] == "snoozed" else f" (due {st['until']})"
        details = [f"Status: {status}"]
        if st["escalated_to"]:
            details.append(f"escalated to {md_escape(st['escalated_to'])}")
        if st["assignee"]:
            details.append(f"assigned to {md_escape(st['assignee'])}")
        if st["tags"]:
            details.append("tags: " + ", ".join(md_escape(t) for t in st["tags"]))
        if d["waiting_since"]:
            details.append(f"waiting since {d['waiting_since']}")
        lines += [f"## {md_escape(d['id'])}" + (" (direct messages)" if d["dm"] else ""), "",
                  f"With {who}. " + "; ".join(details) + ".", ""]
        for m in d["messages"]:
            arrow = "→" if m["direction"] == "out" else "←"
            sent = " (sent from socialtui)" if m["sent_from_socialtui"] else ""
            author = m["author"]["handle"]
            # a customer whose handle cleans to the account's own: not the account (see the queue)
            fake = "⚠look-alike " if m["direction"] == "in" and is_look_alike(author, handle) else ""
            lines.append(f"- {arrow} {fake}**@{md_escape(author)}** {m['created_at']} "
                         f"({md_escape(m['id'])}){sent}:")
            lines += _quoted(m.get("text") or "")
        if d["notes"]:
            lines += ["", "Internal notes:", ""]
            for n in d["notes"]:
                lines.append(f"- {md_escape(n['author'])}, {_note_time(n['at'])}:")
                lines += _quoted(n["text"])
        if d["draft"]:
            lines += ["", "Unsent draft:", ""] + _quoted(d["draft"], "")
        lines.append("")
    return "\n".join(lines)
