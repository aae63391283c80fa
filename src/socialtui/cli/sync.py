"""``socialtui sync``: fetch new activity of the logged-in accounts into the store."""

from __future__ import annotations

import sys
from datetime import datetime, timedelta, timezone

from socialtui.cli.common import get_data_dir
from socialtui.errors import NetworkError, UsageError


def register(sub, parents) -> None:
    p = sub.add_parser("sync", parents=parents, help="fetch new activity of the logged-in accounts",
                       description="Fetch mentions, direct messages, own posts and thread context since the last "
                                   "sync (polling). The first sync goes back one rule window (7 days by default).")
    p.add_argument("--account", help="sync only this account")
    p.add_argument("--max-wait", type=float, default=MAX_WAIT, metavar="SECONDS",
                   help=f"give up on a rate-limit wait longer than this (default {MAX_WAIT:.0f}: Mastodon's limits "
                        "reset every 5 minutes, and clocks differ); nothing is lost, the next sync goes on from there")
    p.set_defaults(func=run)


MAX_WAIT = 360.0


def run(args) -> int:
    from socialtui.domain.timeutil import format_duration
    from socialtui.sources.mastodon.client import RetryPolicy
    from socialtui.sources.mastodon.sync import mastodon_accounts, sync_accounts
    from socialtui.store import Store

    store = Store(get_data_dir(args))
    if not mastodon_accounts(store, args.account):
        if args.account:
            raise UsageError(f"@{args.account.lstrip('@')} is not a logged-in Mastodon account.",
                             "Run: socialtui login mastodon https://your.instance")
        raise UsageError("No logged-in account to sync.", "Run: socialtui login mastodon https://your.instance")
    interactive = sys.stderr.isatty()

    def progress(handle: str, stage: str, count: int) -> None:
        line = f"@{handle}: {stage}, {count} new so far"
        # A terminal gets one line rewritten in place; a log gets each stage once.
        sys.stderr.write(("\r" + line.ljust(70)) if interactive else line + "\n")
        sys.stderr.flush()

    def waiting(handle: str, seconds: float, why: str) -> None:
        until = datetime.now(timezone.utc) + timedelta(seconds=seconds)
        line = (f"@{handle}: {why}: waiting {format_duration(timedelta(seconds=seconds))} (until {until:%H:%M:%S} UTC). "
                "ctrl+c stops; nothing is lost.")
        sys.stderr.write(("\r" + line + "\n") if interactive else line + "\n")
        sys.stderr.flush()

    if not (0 < args.max_wait < float("inf")):
        raise UsageError(f"--max-wait {args.max_wait:g}: give a number of seconds above 0.")

    def retry(handle: str) -> RetryPolicy:
        return RetryPolicy(max_wait=args.max_wait, on_wait=lambda seconds, why: waiting(handle, seconds, why),
                           give_up_hint="Nothing is lost: run socialtui sync again later, or let it wait longer "
                                        "with --max-wait SECONDS.")

    results = sync_accounts(store, args.account, progress, retry)
    if interactive:
        sys.stderr.write("\n")
    failed = 0
    for result in results:
        if result.failed:
            failed += 1
            print(f"socialtui: @{result.handle}: sync failed", file=sys.stderr)
        else:
            print(result.summary())
            if result.new_messages:
                _seed(store, result.handle)
        for error in result.errors:
            print(f"  {error}", file=sys.stderr)
    if failed and failed == len(results):
        raise NetworkError("No account could be synced.", "See the messages above.")
    return 4 if failed else 0


def _seed(store, handle: str) -> None:
    """Large accounts: prepare the app's first start (see queue_seed); a cache, never an error."""
    from socialtui.errors import SocialtuiError
    from socialtui.queue_seed import seed_store_account

    try:
        seed_store_account(store, handle)
    except (SocialtuiError, OSError):
        pass
