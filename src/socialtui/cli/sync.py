"""``socialtui sync``: fetch new activity of the logged-in accounts into the store."""

from __future__ import annotations

import sys

from socialtui.cli.common import get_data_dir
from socialtui.errors import UsageError


def register(sub, parents) -> None:
    p = sub.add_parser("sync", parents=parents, help="fetch new activity of the logged-in accounts",
                       description="Fetch mentions, direct messages, own posts and thread context since the last "
                                   "sync. The first sync goes back one rule window (7 days by default).")
    p.add_argument("--account", help="sync only this account")
    p.set_defaults(func=run)


def run(args) -> int:
    from socialtui.sources.mastodon.sync import mastodon_accounts, sync_all_accounts
    from socialtui.store import Store

    store = Store(get_data_dir(args))
    if not mastodon_accounts(store, args.account):
        raise UsageError("No logged-in account to sync.", "Run: socialtui login mastodon https://your.instance")
    interactive = sys.stderr.isatty()

    def progress(stage: str, count: int) -> None:
        line = f"  {stage}: {count} fetched"
        if interactive:
            sys.stderr.write("\r" + line.ljust(60))
        else:
            sys.stderr.write(line + "\n")
        sys.stderr.flush()

    total, errors = sync_all_accounts(store, args.account, progress)
    if interactive:
        sys.stderr.write("\n")
    print(f"{total} new messages stored.")
    for e in errors:
        print(f"socialtui: {e}", file=sys.stderr)
    return 4 if errors else 0
