"""Where a command's data comes from: a dataset path, or the local store's account."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from datetime import datetime, timezone

from socialtui.cli.common import get_config, get_data_dir, parse_now, parse_window
from socialtui.domain.dataset import Dataset, Snapshot
from socialtui.domain.workflow import WorkflowState
from socialtui.errors import UsageError


@dataclass(slots=True)
class Source:
    dataset: Dataset
    state: WorkflowState
    scope: str
    store: object | None = None  # the store's account: its store (a dataset's demo state has none here)
    latest_sent: datetime | None = None  # a dataset's: the newest reply sent for it from this data dir

    def snapshot(self, now=None, window=None, progress=None) -> Snapshot:
        return self.dataset.snapshot(now or self.dataset.default_now(), self.state, window, progress=progress)


def add_source_arguments(p, with_path: bool = True) -> None:
    if with_path:
        p.add_argument("path", nargs="?", help="dataset directory or bundled name (kestrel, harbor); "
                                                "default: the local store's account")
    p.add_argument("--account", help="the store's account to use when there are several")


def pick_account(store, wanted: str | None, config_default: str | None) -> str:
    want = (wanted or config_default or "").lstrip("@")
    if want and store.get_account(want) is not None:
        return want  # named and there: another account's broken account.toml is no concern of this one
    handles = store.list_accounts()
    if not handles:
        raise UsageError("The local store holds no account yet.",
                         "Import one (socialtui import x-archive PATH), log in (socialtui login mastodon URL), "
                         "or pass a dataset directory, e.g. socialtui health fixtures/kestrel")
    if want:
        if want not in handles:
            raise UsageError(f"No account @{want} in the store.", "Accounts: " + ", ".join("@" + h for h in handles))
        return want
    if len(handles) > 1:
        raise UsageError("The store holds several accounts; pick one with --account.",
                         "Accounts: " + ", ".join("@" + h for h in handles))
    return handles[0]


def open_source(args, progress=None) -> Source:
    """``progress`` (a :class:`~socialtui.domain.progress.Progress`) is told how reading goes."""
    path = getattr(args, "path", None)
    if path:
        from socialtui.sources.dataset_dir import load_dataset

        ds = load_dataset(path, progress)
        from socialtui.sources.account_toml import misspelt_settings

        for note in misspelt_settings(ds.account):
            print(f"note: {note}", file=sys.stderr)
        scope = f"demo:{ds.account.handle}"
        ds, state, latest = _with_demo_state(args, ds, scope)
        return Source(ds, state, scope, latest_sent=latest)
    from socialtui.store import Store

    store = Store(get_data_dir(args))
    handle = pick_account(store, getattr(args, "account", None), get_config(args).account)
    return Source(store.dataset(handle, progress), store.workflow(handle), handle, store)


def _with_demo_state(args, ds: Dataset, scope: str):
    """(dataset, workflow state, newest sent reply's time): what `socialtui demo` and `reply --dataset`
    left for this dataset in the data dir, its replies among its messages, so queue, health and
    export say what the app shows (a reply sent from the command line left the customer waiting
    in queue and health). Nothing when there is no data dir: a read does not make one."""
    root = get_data_dir(args)
    if not root.is_dir():
        return ds, WorkflowState(), None
    from socialtui.store import Store
    from socialtui.workspace import Workspace

    store = Store(root)
    sent = store.sent_messages(scope)
    if sent:
        ds = Workspace(ds, store, scope, now_fn=ds.default_now).merged_dataset()
    return ds, store.workflow(scope), max((m.created_at for m in sent), default=None)


def now_and_window(args, source: Source):
    """``--now``, else: the clock for the store's account (what `socialtui run` shows: a quiet
    account checked from cron must go past its SLA), the dataset's own instant for a dataset."""
    now = parse_now(getattr(args, "now", None))
    if now is None and source.store is not None:
        now = datetime.now(timezone.utc)
    elif now is None:  # (a reply sent with a later --now is in the dataset's view too)
        now = max(filter(None, (source.dataset.default_now(), source.latest_sent)))
    window = parse_window(getattr(args, "window", None))
    return now, window
