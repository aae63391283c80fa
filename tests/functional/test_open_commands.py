"""`socialtui demo` and `socialtui run`: options, clear errors, persisted demo state and --reset."""

from __future__ import annotations

import pytest

from socialtui.cli import main
from socialtui.store import Store
from socialtui.ui.app import SocialApp
from socialtui.workspace import Workspace
from tests.conftest import AS_OF, KESTREL


@pytest.fixture
def opened(monkeypatch):
    """Build the app as the command would, without running a terminal UI."""
    apps: list[SocialApp] = []
    monkeypatch.setattr(SocialApp, "run", lambda self, *a, **kw: apps.append(self))
    monkeypatch.setattr("socialtui.cli.demo.check_terminal", lambda: None)  # (pytest's stdout is no terminal)
    return apps


def test_the_app_refuses_a_pipe_and_says_what_to_run_instead(capsys, monkeypatch):
    started = []
    monkeypatch.setattr(SocialApp, "run", lambda self, *a, **kw: started.append(self))
    assert main(["demo", "--dataset", str(KESTREL)]) == 2  # (pytest captures stdout: a pipe, as in demo | cat)
    err = capsys.readouterr().err
    assert "needs a terminal" in err and "ssh -t" in err and "socialtui queue" in err
    assert not started


def test_unknown_theme_lists_the_available_ones(capsys, opened):
    assert main(["demo", "--theme", "sepia"]) == 2
    err = capsys.readouterr().err
    assert "sepia" in err and "dark" in err and "light" in err and "high-contrast" in err
    assert not opened


def test_demo_with_fixed_now_keeps_times_and_theme(opened):
    assert main(["demo", "--dataset", str(KESTREL), "--now", "2026-11-20T18:00:00Z", "--theme", "light",
                 "--agent", "Dana Kruger"]) == 0
    app = opened[0]
    assert app.workspace.now_fn() == AS_OF
    assert app.workspace.agent.name == "Dana Kruger"
    assert app.workspace.dataset.default_now() == AS_OF  # nothing shifted


def test_demo_without_now_shifts_to_the_present(opened):
    from datetime import datetime, timedelta, timezone

    assert main(["demo", "--dataset", "harbor"]) == 0
    ws = opened[0].workspace
    assert abs(ws.dataset.default_now() - datetime.now(timezone.utc)) < timedelta(minutes=1)


def test_demo_state_persists_and_reset_forgets_it(opened, tmp_path):
    data = tmp_path / "data"
    assert main(["demo", "--dataset", str(KESTREL), "--now", "2026-11-20T18:00:00Z"]) == 0
    ws: Workspace = opened[0].workspace
    cid = next(r.id for r in ws.queue() if r.tier == "past-sla")
    ws.mark_done(cid)
    assert main(["demo", "--dataset", str(KESTREL), "--now", "2026-11-20T18:00:00Z"]) == 0
    assert opened[1].workspace.state(cid).status == "done"
    assert main(["demo", "--dataset", str(KESTREL), "--now", "2026-11-20T18:00:00Z", "--reset"]) == 0
    assert opened[2].workspace.state(cid).status == "open"
    assert Store(data).workflow(ws.scope).get(cid).status == "open"


def test_run_without_accounts_says_how_to_get_one(capsys, opened):
    assert main(["run"]) == 2
    err = capsys.readouterr().err
    assert "import" in err and "login" in err
    assert not opened


def test_run_with_several_accounts_lists_them(capsys, opened, tmp_path):
    from socialtui.sources.dataset_dir import load_dataset

    store = Store(tmp_path / "data")
    for path in (KESTREL, KESTREL.parent / "harbor"):
        ds = load_dataset(path)
        store.put_account(ds.account)
        store.add_messages(ds.account.handle, ds.messages)
    assert main(["run"]) == 2
    err = capsys.readouterr().err
    assert "@kestrelmobile" in err and "--account" in err
    assert main(["run", "--account", "kestrelmobile", "--now", "2026-11-20T18:00:00Z"]) == 0
    assert opened[0].workspace.account.handle == "kestrelmobile"
    assert "last sync" in opened[0].source_label
