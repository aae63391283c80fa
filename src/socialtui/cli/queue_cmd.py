"""``socialtui queue``: the queue in order, each row with its reason."""

from __future__ import annotations

import argparse
import sys

import orjson
from rich.cells import cell_len, set_cell_size

from socialtui.cli.common import terminal_progress, terminal_width
from socialtui.cli.source import add_source_arguments, now_and_window, open_source
from socialtui.domain.timeutil import format_duration, format_timestamp
from socialtui.rules.report import hang
from socialtui.sanitize import clean_line, is_look_alike


def register(sub, parents) -> None:
    p = sub.add_parser("queue", parents=parents, help="the queue in order, each row with its reason",
                       description="Conversations in queue order (hijack reports, past SLA, within SLA, escalated, "
                                   "snoozed, answered, done), each with the reason for its position.")
    add_source_arguments(p)
    p.add_argument("--now", metavar="T", help="evaluation time, RFC 3339 with offset (default: the dataset's as_of or "
                                              "newest message; for the store's account, the clock)")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--limit", metavar="N", type=_limit, help="show only the first N rows (0 or more)")
    p.set_defaults(func=run)


def _limit(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        n = -1
    if n < 0:
        raise argparse.ArgumentTypeError(f"expected a number of rows (0 or more), got {value!r}")
    return n


def row_to_dict(r) -> dict:
    return {"id": r.id, "position": r.position, "tier": r.tier,
            "waiting_since": format_timestamp(r.waiting_since) if r.waiting_since else None,
            "last_message_id": r.last_message_id, "participants": r.participants, "reason": r.reason}


def run(args) -> int:
    from socialtui.queue import build_queue

    with terminal_progress() as progress:
        source = open_source(args, progress)
        now, _ = now_and_window(args, source)
        if source.store is not None:
            # The store's account: the same view as the app, with its workflow state and sent replies.
            from socialtui.workspace import Workspace

            rows = Workspace(source.dataset, source.store, source.scope, now_fn=lambda: now,
                             progress=progress).queue()
        else:
            rows = build_queue(source.snapshot(now, progress=progress))
    total = len(rows)
    # `rows` stays referenced to the end: the rows find their position and reason through the
    # queue, which they hold weakly (a slice in its place numbered every row 0, "1 of 0").
    shown = rows if args.limit is None else rows[: max(0, args.limit)]
    if args.format == "json":
        doc = {"now": format_timestamp(now), "conversations": [row_to_dict(r) for r in shown]}
        sys.stdout.write(orjson.dumps(doc, option=orjson.OPT_INDENT_2).decode() + "\n")
        return 0
    own = source.dataset.account.handle  # a customer showing it is a stranger posing as the account
    width = terminal_width(sys.stdout)  # (a terminal: the preview fits the line, the reason wraps under itself)
    for r in shown:
        who = ", ".join(("⚠look-alike @" if is_look_alike(p, own) else "@") + p for p in r.participants[:3])
        wait = format_duration(now - r.waiting_since) if r.waiting_since else ""
        head = f"{r.position:>4} {r.tier:<13} {wait:>8}  {r.id:<14} {who[:30]:<30} "
        preview = clean_line(r.conversation.last_message.text)
        if width is None:
            print(head + preview[:60])
        else:  # (under 100 columns the preview has a line of its own: beside the row it had 5 columns)
            own_line = width - cell_len(head) < 25
            room = width - (6 if own_line else cell_len(head)) - 1
            if cell_len(preview) > room:  # (in terminal cells: a CJK or emoji preview takes two per character)
                preview = set_cell_size(preview, room - 1) + "…"
            print(f"{head.rstrip()}\n      {preview}" if own_line else head + preview)
        print(hang(f"why: {r.reason}", 11, width, first=6))
    if not total:
        print("No conversations with customers.")
    elif len(shown) < total:
        print(f"({len(shown)} of {total} conversations shown: --limit {args.limit})")
    return 0
