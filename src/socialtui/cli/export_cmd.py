"""``socialtui export``: conversations with their notes and workflow state, as Markdown or JSON."""

from __future__ import annotations

import sys
from pathlib import Path

import orjson

from socialtui.cli.source import add_source_arguments, open_source
from socialtui.cli.common import parse_now
from socialtui.domain.timeutil import format_timestamp
from socialtui.errors import UsageError
from socialtui.store.codec import message_to_interface


def register(sub, parents) -> None:
    p = sub.add_parser("export", parents=parents, help="export conversations with their notes",
                       description="Export one conversation (--conversation ID) or all, with notes, workflow state "
                                   "and sent replies, as Markdown (for people) or JSON (complete).")
    add_source_arguments(p)
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--conversation", metavar="ID", help="conversation id (or any message id in it)")
    which.add_argument("--all", action="store_true", help="every conversation with customers")
    p.add_argument("--format", choices=("markdown", "json"), default="markdown")
    p.add_argument("--output", "-o", metavar="FILE", help="write to FILE instead of stdout")
    p.add_argument("--now", help="evaluation time (default: the dataset's as_of or newest message)")
    p.set_defaults(func=run)


def _md(text: str) -> str:
    """Strangers' text cannot add Markdown structure: escape every syntax character."""
    out = []
    for ch in text:
        out.append("\\" + ch if ch in "\\`*_{}[]()<>#+-.!|~=" else ch)
    return "".join(out)


def run(args) -> int:
    source = open_source(args)
    store = source.store
    scope = source.scope
    if store is None:
        from socialtui.cli.common import get_data_dir
        from socialtui.store import Store

        store = Store(get_data_dir(args))
    sent = store.sent_messages(scope)
    ds = source.dataset
    if sent:
        from socialtui.domain.dataset import Dataset

        known = {m.id for m in ds.messages}
        ds = Dataset(ds.account, ds.messages + [m for m in sent if m.id not in known], ds.source)
    snap = ds.snapshot(parse_now(args.now) or ds.default_now(), store.workflow(scope))
    if args.conversation:
        cid = args.conversation if args.conversation in snap.conversations else snap.conversation_of.get(args.conversation)
        if cid is None:
            raise UsageError(f"No conversation or message {args.conversation!r}.")
        convs = [snap.conversations[cid]]
    else:
        convs = sorted((c for c in snap.conversations.values() if c.has_inbound), key=lambda c: c.id)
    docs = []
    for conv in convs:
        state = snap.state.get(conv.id)
        docs.append({
            "id": conv.id, "dm": conv.is_dm, "participants": conv.participants,
            "state": {"status": state.status, "assignee": state.assignee, "escalated_to": state.escalated_to,
                      "until": format_timestamp(state.until) if state.until else None, "tags": list(state.tags)},
            "notes": store.notes(scope, conv.id),
            "messages": [message_to_interface(m) for m in conv.messages],
        })
    if args.format == "json":
        out = orjson.dumps({"account": ds.account.handle, "now": format_timestamp(snap.now), "conversations": docs},
                           option=orjson.OPT_INDENT_2).decode() + "\n"
    else:
        out = render_markdown(ds.account.handle, docs)
    if args.output:
        Path(args.output).write_text(out, encoding="utf-8")
        print(f"Wrote {len(docs)} conversations to {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(out)
    return 0


def render_markdown(handle: str, docs: list[dict]) -> str:
    lines = [f"# Conversations of @{_md(handle)}", ""]
    for d in docs:
        who = ", ".join("@" + _md(p) for p in d["participants"])
        lines += [f"## {_md(d['id'])}" + (" (direct messages)" if d["dm"] else ""), "",
                  f"With {who}. Status: {d['state']['status']}"
                  + (f", assigned to {_md(d['state']['assignee'])}" if d["state"]["assignee"] else "")
                  + (f", tags: {_md(' '.join(d['state']['tags']))}" if d["state"]["tags"] else ""), ""]
        for m in d["messages"]:
            arrow = "→" if m["direction"] == "out" else "←"
            lines.append(f"- {arrow} **@{_md(m['author']['handle'])}** {m['created_at']} ({_md(m['id'])}):")
            for text_line in (m["text"] or "").split("\n"):
                lines.append(f"  > {_md(text_line)}")
        for n in d["notes"]:
            lines.append(f"- ✎ internal note by {_md(n['author'])} {n['at']}: {_md(n['text'])}")
        lines.append("")
    return "\n".join(lines)
