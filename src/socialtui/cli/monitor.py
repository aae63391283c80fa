"""``socialtui monitor``: the weekend watch for cron or systemd."""

from __future__ import annotations

import os
import signal
import sys
import time
from datetime import UTC, datetime

from socialtui.cli.common import get_config, get_data_dir, parse_now
from socialtui.domain.timeutil import parse_duration
from socialtui.domain.workflow import WorkflowState
from socialtui.errors import UsageError

MONITOR_MAX_WAIT = 60.0  # s: a longer rate-limit wait ends a cycle's sync (see _sync_hook)
from socialtui.locations import config_file


def register(sub, parents) -> None:
    p = sub.add_parser(
        "monitor", parents=parents, help="headless watch: sync, evaluate, alert on new critical findings",
        description="Every interval: sync the logged-in accounts, evaluate the rules, and run --on-alert "
                    "with the alert JSON on stdin once per new critical (security) finding. "
                    "Alerts already delivered are remembered across restarts. One log line per cycle.")
    p.add_argument("--interval", default=None, help="time between cycles (default 60s, or [monitor] interval in the config)")
    p.add_argument("--on-alert", metavar="CMD", help="shell command to run per new critical finding (one alert JSON "
                   "line on stdin, 120 s to finish); without it, alerts are printed to stdout as JSON lines")
    p.add_argument("--once", action="store_true", help="run one cycle and exit (for cron): 0 all well, 1 an alert "
                   "could not be delivered, 4 a sync or an account failed")
    p.add_argument("--account", help="watch only this account of the store")
    p.add_argument("--dataset", metavar="PATH", help="watch a dataset directory instead of the store (testing, demos)")
    p.add_argument("--now", help="with --dataset: evaluate at this time instead of the clock")
    p.add_argument("--no-sync", action="store_true", help="evaluate what is stored without syncing first")
    p.set_defaults(func=run)


def _sources(args, store):
    if args.dataset:
        from socialtui.sources.dataset_dir import load_dataset

        dataset = load_dataset(args.dataset)
        return lambda: [(dataset.account.handle, dataset, WorkflowState())]

    def from_store():
        handles = store.list_accounts()
        if args.account:
            handles = [h for h in handles if h == args.account.lstrip("@")]
        return [(h, store.dataset(h), store.workflow(h)) for h in handles]

    return from_store


def _sync_hook(args, store):
    if args.dataset or args.no_sync:
        return None
    try:
        from socialtui.sources.mastodon.sync import sync_all_accounts
    except ImportError:
        return None
    from socialtui.sources.mastodon.client import RetryPolicy

    # A rate-limit wait longer than this ends the cycle's sync (the next cycle tries again): a
    # watch that sat out a 15-minute reset would neither evaluate nor stop meanwhile.
    policy = RetryPolicy(max_wait=MONITOR_MAX_WAIT, give_up_hint="The monitor syncs again next cycle.")
    return lambda: sync_all_accounts(store, only=args.account, retry=lambda handle: policy)


def run(args) -> int:
    from socialtui.monitor import Monitor, ensure_writable
    from socialtui.store import Store

    config = get_config(args)
    given = args.interval if args.interval is not None else config.monitor_interval
    where = (f"--interval {args.interval!r}" if args.interval is not None
             else f"[monitor] interval = {config.monitor_interval!r} in {config_file(getattr(args, 'config', None))}")
    try:
        interval = parse_duration(given).total_seconds()
    except ValueError:
        problem = "negative: it is the time between two cycles" if str(given).strip().startswith("-") \
            else "not a duration"
        raise UsageError(f"{where} is {problem}", "Use e.g. 60s or 5m") from None
    if interval < 1:
        raise UsageError(f"{where} is shorter than 1s", "Use e.g. 60s or 5m")
    fixed_now = parse_now(args.now)
    store = Store(get_data_dir(args))
    ensure_writable(store)  # before any alert: one it could not record would be sent again every run

    def emit(alert):
        sys.stdout.write(alert.to_json().decode() + "\n")
        sys.stdout.flush()

    stopping = False

    def stop(signum, frame):
        nonlocal stopping
        if signum == signal.SIGINT:
            if stopping:
                raise KeyboardInterrupt  # a second ctrl+c: at once
            os.write(2, b"stopping after the current step (a running --on-alert command gets a few seconds); "
                        b"ctrl+c again stops at once\n")  # (os.write: print could re-enter a busy stderr)
        stopping = True

    monitor = Monitor(
        store,
        _sources(args, store),
        on_alert=args.on_alert,
        now_fn=(lambda: fixed_now) if fixed_now else (lambda: datetime.now(UTC)),
        sync=_sync_hook(args, store),
        emit=emit,
        stop=lambda: stopping,
    )
    # SIGTERM (systemd, kill) and a first ctrl+c stop the monitor within seconds: no further alert is
    # sent, a running --on-alert command gets a few seconds, and what is not sent waits for the next start.
    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        return _loop(args, monitor, interval, lambda: stopping)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _loop(args, monitor, interval: float, stopping) -> int:
    while True:
        result = monitor.cycle()
        print(result.log_line(), file=sys.stderr, flush=True)
        if args.once:
            # cron mails or logs a non-zero status: alerts not delivered (1), or a cycle that
            # could not sync or read an account (4), which would otherwise pass unnoticed
            return 1 if result.alerts_pending else 4 if result.errors else 0
        if stopping():  # told to stop (systemd): a clean stop; what is pending is sent on the next start
            return 0
        deadline = time.monotonic() + interval
        while not stopping() and time.monotonic() < deadline:
            time.sleep(min(0.5, max(0.0, deadline - time.monotonic())))
        if stopping():
            return 0
