"""``socialtui validate PATH``: check a dataset and summarise it."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from socialtui.cli.common import parse_now, terminal_progress
from socialtui.domain.timeutil import format_duration, format_timestamp
from socialtui.sanitize import clean_line
from socialtui.sources.account_toml import misspelt_settings
from socialtui.sources.dataset_dir import load_dataset


def register(sub, parents) -> None:
    p = sub.add_parser("validate", parents=parents, help="check a dataset directory",
                       description="Check a dataset against the format; print messages, conversations and waiting counts.")
    p.add_argument("path", help="dataset directory (account.toml + messages.jsonl) or bundled name")
    p.add_argument("--now", help="evaluation time (default: the dataset's as_of or newest message)")
    p.set_defaults(func=run)


def run(args) -> int:
    now = parse_now(args.now)  # (a bad --now is told before minutes of reading)
    with terminal_progress() as progress:  # (erased before anything is printed)
        ds = load_dataset(args.path, progress)
        empty = not ds.messages and ds.account.as_of is None
        snap = None if empty else ds.snapshot(now or ds.default_now(), progress=progress)
        if snap is not None:
            snap.conversations  # (threaded here, under the progress line)
    kinds = Counter(m.kind for m in ds.messages)
    authors = {m.author.handle for m in ds.messages if m.direction == "in"}
    print(f"{ds.source}: valid")
    print(f"  account       @{ds.account.handle}" + (f" ({ds.account.name})" if ds.account.name else ""))
    mix = ", ".join(f"{k} {kinds[k]}" for k in sorted(kinds))
    print(f"  messages      {len(ds.messages)}" + (f"  ({mix})" if mix else ""))
    print(f"  people        {len(authors)} distinct inbound authors")
    if snap is None:
        print("  conversations 0")
        return 0
    now = snap.now
    convs = [c for c in snap.conversations.values() if c.has_inbound]
    waiting = snap.waiting
    past = [c for c in waiting if now - c.waiting_since >= ds.account.sla]
    future = len(ds.messages) - len(snap.known)
    print(f"  conversations {len(convs)} with customers ({sum(c.is_dm for c in convs)} DM)")
    print(f"  waiting       {len(waiting)}, of which {len(past)} past the {format_duration(ds.account.sla)} SLA, at {format_timestamp(now)}")
    if future:
        print(f"  note          {future} message{'s are' if future != 1 else ' is'} after that time and "
              f"{'were' if future != 1 else 'was'} ignored")
    for note in misspelt_settings(ds.account):
        print(f"  note          {note}")
    lone = _lone_newest(ds) if args.now is None and ds.account.as_of is None else None
    if lone is not None:
        newest, before = lone
        print(f"  note          the newest message, {clean_line(newest.id)}, is dated {format_timestamp(newest.created_at)}, "
              f"{format_duration(newest.created_at - before)} after the one before it: everything is judged at "
              f"its time. A typo in that date? Else give --now, or as_of in account.toml")
    return 0


LONE_GAP = timedelta(days=30)


def _lone_newest(ds):
    """(newest message, the time of the one before) when the newest stands far apart from the rest:
    one mistyped year (2099) made "now" 2099 and every customer wait 73 years, without a word."""
    messages = ds.messages  # (in time order)
    if len(messages) < 2:
        return None
    newest, before = messages[-1], messages[-2].created_at
    return (newest, before) if newest.created_at - before > LONE_GAP else None
