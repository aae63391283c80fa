"""``socialtui import x-archive|mastodon-archive PATH``."""

from __future__ import annotations

import sys
import time

from socialtui.cli.common import get_data_dir


def register(sub, parents) -> None:
    p = sub.add_parser("import", parents=parents, help="import an X or Mastodon account archive into the store",
                       description="Import an account export (the .zip or its unpacked folder). Re-importing adds "
                                   "nothing twice; a newer archive adds only what is new.")
    p.add_argument("kind", choices=("x-archive", "mastodon-archive"))
    p.add_argument("path")
    p.set_defaults(func=run)


def run(args) -> int:
    from socialtui.sources.archives.importer import ARCHIVE_LIMITS, import_archive
    from socialtui.store import Store

    store = Store(get_data_dir(args))
    started = time.monotonic()

    def progress(stage: str) -> None:
        print(f"  [{time.monotonic() - started:5.1f}s] {stage}", file=sys.stderr, flush=True)

    result = import_archive(store, args.path, args.kind, progress)
    print(f"@{result.handle}: {result.new} new messages, {result.total - result.new} already present.")
    print(f"Warning: {ARCHIVE_LIMITS}")
    acc = store.get_account(result.handle)
    print("Proposed settings (edit them in the store's account.toml):")
    print(f"  own_domains     = {list(acc.own_domains)}  (linked: " +
          (", ".join(f"{d} {n}x" for d, n in result.proposed_domains[:5]) or "none found") + ")")
    print(f"  trusted_clients = {list(acc.trusted_clients)}  (posting apps seen: " +
          (", ".join(f"{c} {n}x" for c, n in result.clients[:5]) or "none") + ")")
    print("  Check the trusted clients: an app you do not recognise there may itself be a sign of trouble.")
    print(f"Next: socialtui health --account {result.handle}")
    return 0
