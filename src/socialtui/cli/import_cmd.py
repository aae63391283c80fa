"""``socialtui import x-archive|mastodon-archive PATH``: an account export into the store."""

from __future__ import annotations

import sys
import time

from socialtui.cli.common import get_data_dir, redraws


def register(sub, parents) -> None:
    p = sub.add_parser(
        "import", parents=parents, help="import an X/Twitter or Mastodon account archive into the store",
        description="Import an account export (the .zip or the folder it was unpacked to) into the local "
                    "store. Nothing is written unless the whole archive reads cleanly. Re-importing adds "
                    "nothing twice; a newer archive adds only what is new.")
    p.add_argument("kind", choices=("x-archive", "mastodon-archive"), help="which platform's archive")
    p.add_argument("path", help="the archive's .zip file or unpacked folder")
    p.set_defaults(func=run)


class ProgressLine:
    """Progress on stderr: a redrawn bar on a terminal, one plain line per stage otherwise."""

    def __init__(self, stream=None) -> None:
        self.stream = stream or sys.stderr
        self.tty = redraws(self.stream)  # (else one plain line per stage)
        self.started = time.monotonic()
        self.stage: str | None = None
        self.last_draw = 0.0

    def __call__(self, stage: str, done: int, total: int | None) -> None:
        new_stage = stage != self.stage
        if new_stage and self.stage is not None and self.tty:
            self.stream.write("\n")
        self.stage = stage
        finished = total is not None and done >= total
        if self.tty:
            now = time.monotonic()
            if new_stage or finished or now - self.last_draw >= 0.1:
                self.last_draw = now
                self.stream.write("\r\x1b[K" + self._line(stage, done, total, bar=True))
        elif new_stage or (finished and done):
            self.stream.write(self._line(stage, done, total, bar=False) + "\n")
        self.stream.flush()

    def _line(self, stage: str, done: int, total: int | None, *, bar: bool) -> str:
        clock = f"[{time.monotonic() - self.started:5.1f}s] {stage}"
        if not total:
            return clock
        share = min(done / total, 1.0)
        drawn = f" [{'#' * int(share * 24):.<24}]" if bar else ""
        return f"{clock}{drawn} {share:4.0%} {done:,}/{total:,}"

    def close(self) -> None:
        if self.tty and self.stage is not None:
            self.stream.write("\n")
            self.stream.flush()


def _counts(pairs) -> str:
    return ", ".join(f"{name} ({n}x)" for name, n in pairs)


def run(args) -> int:
    from socialtui.sources.archives.importer import LIMITS, import_archive
    from socialtui.store import Store

    store = Store(get_data_dir(args))
    progress = ProgressLine()
    try:
        result = import_archive(store, args.path, args.kind, progress)
    finally:
        progress.close()
    p = result.proposal
    print(f"@{result.handle}: {result.new} new, {result.total - result.new} already present "
          f"({result.total} messages in the archive).")
    for note in result.notes:
        print(note)
    print(f"Warning: {LIMITS[args.kind]}")
    where = store.root / "accounts"
    if result.applied:
        print(f"Settings proposed from the archive (edit them in the account.toml under {where}):")
    else:
        print(f"The account's existing settings were kept (account.toml under {where}); the archive suggests:")
    print("  own_domains     = " + (_counts((d, n) for d, n, _ in p.domains) or "none found"))
    for domain, _, why in p.domains:
        print(f"      {domain}: {why}")
    if p.other_domains:
        print("      also linked, not proposed: " + _counts(p.other_domains[:5]))
    print(f"  brand_terms     = {', '.join(p.brand_terms) or 'none'}")
    if args.kind == "mastodon-archive":
        print("  trusted_clients: a Mastodon archive does not say which app posted; add the team's apps by hand.")
    else:
        print("  trusted_clients = " + (_counts(p.trusted) or "none"))
        if p.rare:
            print("      used rarely, NOT trusted (add them if they are yours): " + _counts(p.rare))
        print("  Check the list: an app nobody on the team uses is how a hijacked account shows itself.")
    if result.new:
        from socialtui.cli.sync import _seed

        _seed(store, result.handle)
    print(f"Next: socialtui health --account {result.handle}")
    return 0
