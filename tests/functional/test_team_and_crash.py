"""Real processes: a killed terminal keeps its draft; two agents on one data dir see each other."""

from __future__ import annotations

import os
import pty
import select
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from socialtui.store import Store
from tests.conftest import KESTREL

SCOPE = "demo:kestrelmobile"


def _drain(fd, seconds):
    end = time.monotonic() + seconds
    out = b""
    while time.monotonic() < end:
        ready, _, _ = select.select([fd], [], [], 0.05)
        if ready:
            try:
                out += os.read(fd, 65536)
            except OSError:
                break
    return out


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pty")
@pytest.mark.parametrize("sig, settle", [
    (signal.SIGKILL, 2.5),  # killed: what the autosave had written a second after the last key
    (signal.SIGHUP, 0.3),  # the terminal or ssh session closed right after typing: kept on the way out
])
def test_a_killed_or_hung_up_app_keeps_the_draft(tmp_path, sig, settle):
    data = tmp_path / "data"
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "120", "LINES": "40"}
    pid, fd = pty.fork()
    if pid == 0:  # the child becomes the app on a real terminal
        os.execvpe(sys.executable, [sys.executable, "-m", "socialtui", "demo", "--dataset", str(KESTREL),
                                    "--now", "2026-11-20T18:00:00Z", "--data-dir", str(data)], env)
    try:
        _drain(fd, 6)  # let it start
        for key in (b"j", b"r"):
            os.write(fd, key)
            _drain(fd, 0.5)
        os.write(fd, "Half-written answer about the K7".encode())
        _drain(fd, settle)
        os.kill(pid, sig)
        if sig != signal.SIGKILL:
            _drain(fd, 3)  # it leaves on its own
        os.waitpid(pid, 0)
    finally:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    drafts = Store(data).drafts(SCOPE)
    assert any("Half-written answer about the K7" in text for text in drafts.values()), drafts


AGENT_SCRIPT = textwrap.dedent("""
    import sys
    from datetime import datetime, timezone
    from socialtui.sources.dataset_dir import load_dataset
    from socialtui.store import Store
    from socialtui.workspace import Workspace
    ds = load_dataset(sys.argv[1])
    now = datetime(2026, 11, 20, 18, tzinfo=timezone.utc)
    ws = Workspace(ds, Store(sys.argv[2]), "demo:kestrelmobile", now_fn=lambda: now, agent=ds.account.agent(sys.argv[3]))
    ws.assign(sys.argv[4], ws.agent.name)
    ws.set_replying(sys.argv[4])
""")


def test_two_agents_see_each_others_claims_within_two_seconds(tmp_path):
    from datetime import datetime, timezone

    from socialtui.sources.dataset_dir import load_dataset
    from socialtui.workspace import Workspace

    data = tmp_path / "data"
    ds = load_dataset(KESTREL)
    now = datetime(2026, 11, 20, 18, tzinfo=timezone.utc)
    mats = Workspace(ds, Store(data), SCOPE, now_fn=lambda: now, agent=ds.account.agent("Mats"))
    cid = mats.queue()[3].id
    mats.assign(mats.queue()[5].id, "Mats Olsen")  # Mats's own work must survive Dana's write
    assert not mats.refresh_if_changed()
    subprocess.run([sys.executable, "-c", AGENT_SCRIPT, str(KESTREL), str(data), "Dana", cid], check=True,
                   timeout=60)
    deadline = time.monotonic() + 2
    while not mats.refresh_if_changed() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert mats.state(cid).assignee == "Dana Kruger"
    assert mats.presence().get("Dana Kruger", {}).get("conversation") == cid
    assert mats.state(mats.queue()[5].id).assignee == "Mats Olsen"


async def test_a_colleagues_replying_mark_goes_when_their_app_was_killed(tmp_path, monkeypatch):
    """Presence expires after 30 s without a store write saying so: the queue looks on its tick."""
    from datetime import datetime, timezone

    from socialtui.sources.dataset_dir import load_dataset
    from socialtui.ui.app import SocialApp
    from socialtui.workspace import Workspace

    ds = load_dataset(KESTREL)
    now = datetime(2026, 11, 20, 18, tzinfo=timezone.utc)
    store = Store(tmp_path / "data")
    dana = Workspace(ds, store, SCOPE, now_fn=lambda: now, agent=ds.account.agent("Dana"))
    app = SocialApp(dana, source_label="demo")
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        queue = app.screen.query_one("#queue")
        cid = queue.rows[2].id
        mats = Workspace(ds, Store(tmp_path / "data"), SCOPE, now_fn=lambda: now, agent=ds.account.agent("Mats"))
        mats.set_replying(cid)
        for _ in range(30):
            await pilot.pause(0.1)
            if queue.presence.get(cid) == "Mats Olsen":
                break
        assert queue.presence.get(cid) == "Mats Olsen"
        # Mats's terminal is killed: his announcement is never withdrawn (no file changes), it only
        # grows old
        import socialtui.store.workspace_files as files

        real = time.time
        monkeypatch.setattr(files.time, "time", lambda: real() + 60)
        for _ in range(30):
            await pilot.pause(0.1)
            if cid not in queue.presence:
                break
        assert cid not in queue.presence


async def test_an_app_that_died_inside_textual_ends_the_command_with_status_1(app_factory):
    """Textual prints its error and ends the app; `socialtui demo` then said 0 to the shell."""
    from textual.css.stylesheet import StylesheetParseError
    from textual.theme import Theme

    from socialtui.cli.demo import ended

    app = app_factory()
    app.register_theme(Theme(name="broken", primary="#336699", variables={"text-disabled": "nope"}))
    app.theme = "broken"
    with pytest.raises(StylesheetParseError):
        async with app.run_test() as pilot:
            await pilot.pause()
    assert ended(app) == 1
    fine = app_factory()
    async with fine.run_test() as pilot:
        await pilot.pause(0.3)
        await pilot.press("q")
        await pilot.pause(0.3)
    assert ended(fine) == 0
