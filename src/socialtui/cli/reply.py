"""``socialtui reply``: answer a message from the shell, through the app's own path."""

from __future__ import annotations

import sys
from datetime import datetime, timezone

from socialtui.cli.common import get_config, get_data_dir, parse_now
from socialtui.cli.lint_cmd import read_text
from socialtui.errors import UsageError


def register(sub, parents) -> None:
    p = sub.add_parser("reply", parents=parents, help="reply to a message (lint, confirm, exactly once)",
                       description="Reply to MESSAGE_ID with the same lint, confirmation and exactly-once sending "
                                   "as the app. With --dataset the reply is recorded in that demo's state.")
    p.add_argument("message_id")
    p.add_argument("text", nargs="?", default="-", help="the reply, or - for stdin")
    p.add_argument("--yes", action="store_true", help="send without asking (findings are still printed)")
    p.add_argument("--dataset", metavar="PATH", help="reply inside a demo dataset instead of a store account")
    p.add_argument("--account", help="the store's account, when there are several")
    p.add_argument("--agent", help="agent name or signature (team mode)")
    p.add_argument("--now", help="the present, RFC 3339 (default: the clock)")
    p.set_defaults(func=run)


def _workspace(args):
    from socialtui.cli.source import pick_account
    from socialtui.store import Store
    from socialtui.workspace import Workspace

    store = Store(get_data_dir(args))
    fixed = parse_now(args.now)
    if args.dataset:
        from socialtui.sources.dataset_dir import load_dataset

        ds = load_dataset(args.dataset)
        now = fixed or ds.default_now()
        scope = f"demo:{ds.account.handle}"
    else:
        handle = pick_account(store, args.account, get_config(args).account)
        ds = store.dataset(handle)
        now, scope = fixed or datetime.now(timezone.utc), handle
    agent = ds.account.agent(args.agent) if args.agent else None
    if args.agent and agent is None:
        raise UsageError(f"No agent {args.agent!r} in account.toml.")
    sender = None if args.dataset else _live_sender(store, ds.account)
    return Workspace(ds, store, scope, now_fn=lambda: now, agent=agent, live_sender=sender)


def _live_sender(store, account):
    try:
        from socialtui.sources.mastodon.send import make_sender
    except ImportError:
        return None
    return make_sender(store, account)


def run(args) -> int:
    text = read_text(args.text).strip()
    ws = _workspace(args)
    snap = ws.snapshot()
    cid = snap.conversation_of.get(args.message_id)
    if cid is None:
        raise UsageError(f"No message {args.message_id!r} in {ws.dataset.source}.")
    findings = ws.lint(cid, text)
    final = ws.prepare(cid, text)
    print(f"Reply in {cid}:\n  {final}")
    for f in findings:
        print(f"  {f.code} {'BLOCKS ' if f.blocking else ''}{f.message}")
    if any(f.code == "L002" for f in findings):
        print("Not sent: too long for the platform.", file=sys.stderr)
        return 1
    if not args.yes:
        if not sys.stdin.isatty() or args.text == "-":
            raise UsageError("Not sent: confirmation needs a terminal.", "Add --yes to send without asking.")
        answer = input("Send anyway? [y/N] " if findings else "Send? [y/N] ")
        if answer.strip().lower() not in ("y", "yes"):
            print("Not sent; nothing changed.")
            return 1
    elif any(f.blocking for f in findings):
        print("Sending despite a blocking finding (--yes).", file=sys.stderr)
    message = ws.send_reply(cid, text)
    print(f"Sent as {message.id}.")
    return 0
