"""``socialtui demo`` and ``socialtui run``: open the app."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from socialtui.cli.common import get_config, get_data_dir, parse_now
from socialtui.cli.source import pick_account
from socialtui.errors import ConfigError, UsageError


def register(sub, parents) -> None:
    p = sub.add_parser("demo", parents=parents, help="open the app on a bundled dataset (kestrel, harbor) or a dataset dir",
                       description="Open the app on demo data. Without --now, times are shifted so the dataset's "
                                   "as_of is the present; with --now T nothing is shifted and T is the present. "
                                   "Workflow state (done, drafts, notes, sent replies) persists under the data dir.")
    p.add_argument("--dataset", default="kestrel", help="bundled name (kestrel, harbor) or a dataset directory")
    _common(p)
    p.add_argument("--reset", action="store_true", help="forget this demo's saved workflow state first")
    p.set_defaults(func=run_demo)
    r = sub.add_parser("run", parents=parents, help="open the app on the local store's account",
                       description="Open the app on an imported or synced account from the local store.")
    r.add_argument("--account", help="which account, when the store holds several")
    r.add_argument("--sync-every", type=float, default=60.0, metavar="SECONDS",
                   help="logged-in Mastodon accounts: sync this often (default 60), and at once when the "
                        "instance's stream reports new activity")
    r.add_argument("--no-sync", action="store_true", help="do not sync in the background (offline work)")
    _common(r)
    r.set_defaults(func=run_store)


def _common(p) -> None:
    p.add_argument("--now", help="freeze the present at this RFC 3339 time")
    p.add_argument("--agent", help="your name or signature from [[agents]] (team mode)")
    p.add_argument("--theme", help="dark (default), light, high-contrast, or your own theme file's name")


def _agent(account, name):
    if not name:
        return None
    agent = account.agent(name)
    if agent is None:
        from socialtui.domain.models import Agent

        if account.agents:
            raise UsageError(f"No agent {name!r} in account.toml.",
                             "Agents: " + ", ".join(f"{a.name} ({a.signature})" for a in account.agents))
        agent = Agent(name, "")
    return agent


def check_theme(args, config) -> None:
    """Fail fast (before loading data) on a theme name that does not exist, listing the ones that
    do, and on a [keymap] that names no binding, no key, or one key for two actions."""
    from socialtui.ui.keymap import check_keymap
    from socialtui.ui.themes import available_themes, resolve_theme

    try:
        problems: dict = {}
        resolve_theme(args.theme or config.theme, available_themes(problems), problems)
    except ConfigError as exc:
        if not args.theme and config.path is not None:  # (from the config file: say which one)
            exc.message = f"{config.path}: theme = {config.theme!r}: {exc.message}"
        raise
    if config.keymap:
        config.keymap = check_keymap(config.keymap, str(config.path or "config.toml"))


def check_terminal() -> None:
    """The app draws on a terminal and reads keys from it: piped or redirected, it would write
    its screen into the pipe and wait for keys that never come."""
    import sys

    for name, stream in (("input", sys.stdin), ("output", sys.stdout)):
        if stream is None or not stream.isatty():
            raise UsageError(f"The app needs a terminal, and its {name} is not one (a pipe, a file, or ssh without -t).",
                             "Run it in a terminal (over ssh: ssh -t HOST socialtui ...). For text a script can "
                             "read, use socialtui queue, health or export.")


def build_app(workspace, *, source_label: str, args, config, live=None):
    from socialtui.ui.app import SocialApp

    return SocialApp(workspace, source_label=source_label, theme=args.theme or config.theme, keymap=config.keymap,
                     scroll=config.scroll, live=live, config_path=config.path)


def run_demo(args) -> int:
    from socialtui.sources.dataset_dir import is_large_dataset, load_account_only, load_dataset
    from socialtui.store import Store
    from socialtui.workspace import Workspace

    config = get_config(args)
    check_theme(args, config)
    check_terminal()
    fixed = parse_now(args.now)
    now_fn = (lambda: fixed) if fixed is not None else (lambda: datetime.now(timezone.utc))

    shift = [timedelta(0)]  # how far the dataset's times moved: its sent replies move with it

    def read(progress=None):
        dataset = load_dataset(args.dataset, progress)
        if fixed is None:  # the dataset's own "now" becomes the present moment
            if progress is not None:
                progress.start("moving the dataset's times to the present")
            shift[0] = datetime.now(timezone.utc) - dataset.default_now()
            dataset = dataset.shifted(shift[0])
            if workspace:  # (read behind the painted app: the workspace is there already)
                workspace[0].time_shift = shift[0]
        return dataset

    workspace = []

    loader = None
    if is_large_dataset(args.dataset):  # read it behind the painted app, saying how far it got
        dataset, loader = load_account_only(args.dataset), read
    else:
        dataset = read()
    store = Store(get_data_dir(args))
    scope = f"demo:{dataset.account.handle}"
    if args.reset:
        store.clear_scope(scope)
    ws = Workspace(dataset, store, scope, now_fn=now_fn, agent=_agent(dataset.account, args.agent or config.agent),
                   loader=loader, time_shift=shift[0])
    workspace.append(ws)
    app = build_app(ws, source_label=f"demo data ({args.dataset})", args=args, config=config)
    app.run()
    return ended(app)


def ended(app) -> int:
    """The exit status of a finished app: its loading error raised (told like any other), else
    Textual's return code; a crash inside it (printed by Textual) is 1, not a silent 0."""
    if app.load_error is not None:
        raise app.load_error
    return app.return_code or 0


def run_store(args) -> int:
    from socialtui.store import Store
    from socialtui.workspace import Workspace

    config = get_config(args)
    check_theme(args, config)
    store = Store(get_data_dir(args))
    handle = pick_account(store, args.account, config.account)
    check_terminal()
    loader = None
    if store.is_large(handle):  # read its messages behind the painted app, showing the last queue meanwhile
        from socialtui.domain.dataset import Dataset

        dataset = Dataset(store.get_account(handle), [], f"store:{handle}")
        loader = lambda progress: store.dataset(handle, progress)  # noqa: E731
    else:
        dataset = store.dataset(handle)
    fixed = parse_now(args.now)
    now_fn = (lambda: fixed) if fixed else (lambda: datetime.now(timezone.utc))
    live = sender = None
    if dataset.account.platform == "mastodon" and dataset.account.extra.get("instance"):
        from socialtui.sources.mastodon.live import LiveSync
        from socialtui.sources.mastodon.send import make_sender

        sender = make_sender(store, dataset.account)  # replies from the app are really posted
        if not args.no_sync:
            live = LiveSync(store, handle, every=max(5.0, args.sync_every))
    ws = Workspace(dataset, store, handle, now_fn=now_fn, agent=_agent(dataset.account, args.agent or config.agent),
                   live_sender=sender, loader=loader)
    last = store.get_meta(handle, "last_sync")
    app = build_app(ws, source_label=f"@{handle} · last sync {last or 'never'}", args=args, config=config, live=live)
    app.run()
    return ended(app)
