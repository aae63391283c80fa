"""``socialtui reply``: answer a message from the shell, through the app's own path.

Same Workspace as the app: the draft is linted as it will be sent (handle and
signature added), the platform's limit refuses, a suspicious link needs an explicit
confirmation, and the store's idempotency key makes the send happen exactly once.
"""

from __future__ import annotations

import shlex
import sys
from datetime import datetime, timedelta, timezone

from socialtui.cli.common import get_config, get_data_dir, parse_now
from socialtui.cli.lint_cmd import read_text
from socialtui.errors import UsageError


def register(sub, parents) -> None:
    p = sub.add_parser("reply", parents=parents, help="reply to a message (lint, confirm, exactly once)",
                       description="Reply to MESSAGE_ID with the same lint, confirmation and exactly-once sending "
                                   "as the app. With --dataset the reply is recorded in that demo's state, so "
                                   "`socialtui demo` shows it.")
    p.add_argument("message_id", help="id of the message to answer")
    p.add_argument("text", nargs="?", default="-", help="the reply, or - for stdin")
    p.add_argument("--yes", action="store_true",
                   help="send without asking (findings are still printed; a suspicious link still needs "
                        "--confirm-link)")
    p.add_argument("--confirm-link", action="store_true",
                   help="with --yes: send even though lint calls a link suspicious")
    p.add_argument("--again", action="store_true",
                   help="send even though the same reply went to this conversation within the last hour "
                        "(without it, running the same reply twice posts it once)")
    p.add_argument("--dataset", metavar="PATH", help="reply inside a demo dataset instead of a store account")
    p.add_argument("--account", help="the store's account, when there are several")
    p.add_argument("--agent", help="agent name or signature (team mode: the signature is added)")
    p.add_argument("--now", help="the present, RFC 3339 (default: the clock; a demo dataset is shifted to it)")
    p.set_defaults(func=run)


def _workspace(args):
    from socialtui.cli.source import pick_account
    from socialtui.store import Store
    from socialtui.workspace import Workspace

    store = Store(get_data_dir(args))
    fixed = parse_now(args.now)
    clock = datetime.now(timezone.utc)
    if args.dataset:
        from socialtui.sources.dataset_dir import load_dataset

        ds = load_dataset(args.dataset)
        shift = timedelta(0)
        if fixed is None:  # as `socialtui demo` does: the dataset's as_of becomes the present
            shift = clock - ds.default_now()
            ds = ds.shifted(shift)
        scope = f"demo:{ds.account.handle}"
    else:
        handle = pick_account(store, args.account, get_config(args).account)
        ds = store.dataset(handle)
        scope, shift = handle, None
    now = fixed or clock
    agent = ds.account.agent(args.agent) if args.agent else None
    if args.agent and agent is None:
        names = ", ".join(f"{a.name} ({a.signature})" for a in ds.account.agents) or "none configured"
        raise UsageError(f"No agent {args.agent!r} in account.toml.", f"Agents: {names}.")
    sender = None if args.dataset else _live_sender(store, ds.account)
    return Workspace(ds, store, scope, now_fn=lambda: now, agent=agent, live_sender=sender, time_shift=shift)


def _queue_command(args) -> str:
    """The queue command that lists the ids reply takes, for the same dataset or account."""
    if args.dataset:
        return f"socialtui queue {shlex.quote(args.dataset)} --format json"
    return "socialtui queue --format json" + (f" --account {shlex.quote(args.account)}" if args.account else "")


def _live_sender(store, account):
    from socialtui.sources.mastodon.send import make_sender

    sender = make_sender(store, account)
    if sender is None:
        raise UsageError(f"@{account.handle} cannot send from here: only logged-in Mastodon accounts can.",
                         "Log in with `socialtui login mastodon URL`, or try it on a demo with --dataset kestrel.")
    return sender


def _ask(question: str, strict: bool = False) -> bool:
    try:
        answer = input(question)
    except EOFError:
        return False
    return answer.strip() == "Y" if strict else answer.strip().lower() in ("y", "yes")


def run(args) -> int:
    from socialtui.sanitize import clean_line
    from socialtui.workspace import ConfirmationNeeded, SendRefused
    from socialtui.workspace_sending import RepeatedReply

    text = read_text(args.text).strip()
    if not text:
        where = "standard input was" if args.text == "-" else "the text given is"
        raise UsageError(f"Nothing to send: the reply is empty ({where} empty or only spaces).",
                         f"Give the text after the id (socialtui reply {shlex.quote(args.message_id)} \"Thanks, ...\"), or "
                         "pipe it in.")
    ws = _workspace(args)
    snap = ws.snapshot()
    cid = snap.conversation_of.get(args.message_id)
    target = snap.message(args.message_id)
    if cid is None or target is None:
        raise UsageError(f"No message {args.message_id!r} in {ws.dataset.source or '@' + ws.account.handle}.",
                         f"Message ids are listed by `{_queue_command(args)}` (last_message_id).")
    findings = ws.lint(cid, text, args.message_id)
    final = ws.prepare(cid, text, args.message_id)
    to = ws.addressee(cid, args.message_id)
    if target.direction == "in":
        print(f"Reply to @{clean_line(target.author.handle)} ({target.id}) in {cid}:\n  {final}")
    else:  # one of the account's own messages: addressed to whom it was talking to, if anyone
        whom = f"addressed to @{clean_line(to.author.handle)}" if to is not None else "addressing nobody (no customer " \
            "wrote in this conversation before it)"
        print(f"Reply to your own message {target.id} in {cid}, {whom}:\n  {final}")
    for f in findings:
        print(f"  {f.code} {'BLOCKS ' if f.blocking else ''}{f.message}" + (f" → {f.suggestion}" if f.suggestion else ""))
    blocking = any(f.blocking for f in findings)
    token = None
    if args.yes:
        if blocking and not args.confirm_link and not any(f.code == "L002" for f in findings):
            print("Not sent: a link looks suspicious. Check it; add --confirm-link to send it anyway.", file=sys.stderr)
            return 1
        if blocking:
            token = ws.confirm_token(cid, text, args.message_id)
    elif not any(f.code == "L002" for f in findings):
        if not sys.stdin.isatty() or args.text == "-":
            raise UsageError("Not sent: confirmation needs a terminal.", "Add --yes to send without asking.")
        # A suspicious link goes out only on a deliberate capital Y, as in the app.
        question = "A link looks suspicious. Type a capital Y to send it anyway: " if blocking else \
            ("Send anyway? [y/N] " if findings else "Send? [y/N] ")
        if not _ask(question, strict=blocking):
            print("Not sent; nothing changed.")
            return 1
        token = ws.confirm_token(cid, text, args.message_id) if blocking else None
    try:
        message = ws.send_reply(cid, text, confirm_token=token, reply_to_id=args.message_id, again=args.again)
    except RepeatedReply as exc:
        print(f"{exc.message}\n  Running the same reply twice would post it twice; add --again to send it "
              "once more all the same.", file=sys.stderr)
        return 1
    except (SendRefused, ConfirmationNeeded) as exc:
        print(str(exc), file=sys.stderr)
        return 1
    print(f"Sent as {message.id}.")
    return 0
