import errno
import json
import os
import sys
from pathlib import Path

import pytest

from socialtui.cli import main
from socialtui.domain.workflow import WorkflowState
from socialtui.errors import StoreError
from socialtui.monitor import Monitor
from tests.builders import NOW, at, dataset, msg


def hijacked():
    return dataset([
        msg("dm", "out", "Confirm your login: https://brand-login.example/verify", id="o1", conversation="c1",
            client="Unknown Poster", when=at(3)),
        msg("mention", "in", "@brand hi, where is my parcel?", id="i1", when=at(1)),
    ])


class MemoryStore:
    def __init__(self, fail_writes=False):
        self.meta = {}
        self.fail_writes = fail_writes

    def get_meta(self, scope, key):
        return self.meta.get((scope, key))

    def set_meta(self, scope, key, value):
        if self.fail_writes:
            raise StoreError("the disk is full", "free space, then retry")
        self.meta[(scope, key)] = value


def make_monitor(store, ds, sent):
    return Monitor(store, lambda: [("brand", ds, WorkflowState())], on_alert=None, now_fn=lambda: NOW,
                   emit=sent.append)


def test_alerts_once_per_new_critical_finding_and_remembers_across_restarts():
    store, sent = MemoryStore(), []
    first = make_monitor(store, hijacked(), sent).cycle()
    codes = sorted(a.code for a in sent)
    assert "SEC001" in codes and first.alerts_sent == len(sent)
    again = make_monitor(store, hijacked(), sent).cycle()  # a new process: memory comes from the store
    assert again.alerts_sent == 0 and len(sent) == len(codes)


def test_new_evidence_for_the_same_rule_alerts_again():
    store, sent = MemoryStore(), []
    make_monitor(store, hijacked(), sent).cycle()
    before = len(sent)
    more = hijacked()
    more.messages.append(msg("post", "out", "Win a phone", id="o2", client="Unknown Poster", when=at(0.5)))
    make_monitor(store, more, sent).cycle()
    new = sent[before:]
    assert [a.code for a in new] == ["SEC001"] and new[0].new_evidence == ["o2"]


def test_full_disk_sends_nothing_it_cannot_record_and_retries_when_there_is_room():
    store, sent = MemoryStore(fail_writes=True), []
    mon = make_monitor(store, hijacked(), sent)
    first = mon.cycle()
    assert sent == [] and first.alerts_sent == 0 and first.alerts_pending >= 1
    assert any("could not record alerts before sending (the disk is full)" in e for e in first.errors)
    assert "errors=" in first.log_line() and "alerts_pending=" in first.log_line()
    store.fail_writes = False  # space freed: the next cycle sends, once
    second = mon.cycle()
    assert second.alerts_sent == first.alerts_pending == len(sent)
    assert mon.cycle().alerts_sent == 0


class FailsAfterClaim(MemoryStore):
    """Accepts the claim (two writes), then the disk fills up before the alert is recorded."""

    def __init__(self):
        super().__init__()
        self.writes = 0

    def set_meta(self, scope, key, value):
        self.writes += 1
        self.fail_writes = self.writes > 2
        super().set_meta(scope, key, value)


def test_an_alert_sent_but_not_recorded_is_not_sent_again_by_the_same_process():
    store, sent = FailsAfterClaim(), []
    mon = make_monitor(store, hijacked(), sent)
    first = mon.cycle()
    assert first.alerts_sent == len(sent) >= 1 and any("could not save alert memory" in e for e in first.errors)
    store.fail_writes, store.writes = False, -100  # the disk has room again
    assert mon.cycle().alerts_sent == 0 and len(sent) == first.alerts_sent
    assert make_monitor(store, hijacked(), sent).cycle().alerts_sent == 0  # and it was saved meanwhile


def _read_only(monkeypatch, root: Path) -> None:
    """Every write under ``root`` fails as on a read-only mount (root ignores chmod, so no chmod)."""
    real_open, real_mkdir = os.open, os.mkdir
    writes = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND

    def is_inside(path) -> bool:
        return Path(os.fsdecode(path)).resolve().is_relative_to(root.resolve())

    def guarded_open(path, flags, *a, **kw):
        if flags & writes and is_inside(path):
            raise OSError(errno.EROFS, "Read-only file system", os.fsdecode(path))
        return real_open(path, flags, *a, **kw)

    def guarded_mkdir(path, *a, **kw):
        if is_inside(path):
            raise OSError(errno.EROFS, "Read-only file system", os.fsdecode(path))
        return real_mkdir(path, *a, **kw)

    monkeypatch.setattr(os, "open", guarded_open)
    monkeypatch.setattr(os, "mkdir", guarded_mkdir)


def test_cli_on_a_read_only_data_dir_sends_nothing_and_fails_plainly(tmp_path, monkeypatch, capsys):
    from tests.conftest import KESTREL

    data = tmp_path / "ro-data"
    data.mkdir()
    out = tmp_path / "alerts.jsonl"
    cmd = f"{sys.executable} -c \"import sys; open({str(out)!r}, 'ab').write(sys.stdin.buffer.read() + b'\\n')\""
    _read_only(monkeypatch, data)
    code = main(["--data-dir", str(data), "monitor", "--dataset", str(KESTREL), "--now", "2026-11-20T18:00:00Z",
                 "--once", "--no-sync", "--on-alert", cmd])
    err = capsys.readouterr().err
    assert code == 3 and not out.exists()
    assert f"The data directory {data} is not writable (Read-only file system)" in err
    assert "--data-dir" in err and "Traceback" not in err


def test_cli_runs_on_alert_command_with_json_on_stdin_exactly_once(tmp_path):
    from tests.conftest import KESTREL

    if not KESTREL.exists():
        pytest.skip("kestrel fixture not generated")
    out = tmp_path / "alerts.jsonl"
    cmd = f"{sys.executable} -c \"import sys; open({str(out)!r}, 'ab').write(sys.stdin.buffer.read())\""
    args = ["monitor", "--dataset", str(KESTREL), "--now", "2026-11-20T18:00:00Z", "--once", "--on-alert", cmd]
    assert main(args) == 0
    alerts = [json.loads(line) for line in out.read_text().splitlines()]
    assert {a["code"] for a in alerts} >= {"SEC001", "SEC002", "SEC003", "SEC004"}
    assert all(a["account"] == "kestrelmobile" and a["evidence"] for a in alerts)
    assert main(args) == 0
    assert len(out.read_text().splitlines()) == len(alerts)


def test_cli_failing_alert_command_is_retried_next_cycle(tmp_path):
    ds_dir = Path(tmp_path / "ds")
    ds_dir.mkdir()
    (ds_dir / "account.toml").write_text('handle = "brand"\ntrusted_clients = ["socialtui"]\n')
    (ds_dir / "messages.jsonl").write_text(json.dumps({
        "id": "o1", "kind": "post", "direction": "out", "author": {"handle": "brand"}, "text": "hello",
        "created_at": "2026-11-20T17:00:00Z", "client": "Evil App"}) + "\n")
    base = ["monitor", "--dataset", str(ds_dir), "--now", "2026-11-20T18:00:00Z", "--once"]
    assert main(base + ["--on-alert", "false"]) == 1
    out = tmp_path / "a.json"
    cmd = f"{sys.executable} -c \"import sys; open({str(out)!r}, 'wb').write(sys.stdin.buffer.read())\""
    assert main(base + ["--on-alert", cmd]) == 0
    assert json.loads(out.read_text())["code"] == "SEC001"


def test_on_alert_runs_through_the_shell_one_json_line_per_alert(tmp_path):
    from tests.conftest import KESTREL

    out = tmp_path / "alerts.jsonl"
    args = ["monitor", "--dataset", str(KESTREL), "--now", "2026-11-20T18:00:00Z", "--once",
            "--on-alert", f"cat >> '{out}'"]  # a redirection: only a shell does that
    assert main(args) == 0
    raw = out.read_text()
    assert raw.endswith("\n") and all(json.loads(line)["account"] == "kestrelmobile" for line in raw.splitlines())


def test_an_on_alert_command_that_does_not_exist_is_named(tmp_path, capsys):
    from tests.conftest import KESTREL

    args = ["monitor", "--dataset", str(KESTREL), "--now", "2026-11-20T18:00:00Z", "--once",
            "--on-alert", "page-oncall-nosuch --urgent"]
    assert main(args) == 1
    assert "--on-alert command not found: 'page-oncall-nosuch --urgent'" in capsys.readouterr().err


def test_once_exits_4_when_the_sync_failed_and_logs_one_line(monkeypatch, capsys):
    import socialtui.sources.mastodon.sync as sync

    monkeypatch.setattr(sync, "sync_all_accounts", lambda store, only=None, **kw: (
        0, ["@brand: GET /api/v1/notifications failed after 5 attempts: server error 502.\n  Check the connection"]))
    assert main(["monitor", "--once"]) == 4
    log = capsys.readouterr().err.strip().splitlines()
    assert len(log) == 1 and "server error 502. Check the connection" in log[0]


def test_an_alert_command_that_hangs_is_stopped_with_what_it_started(monkeypatch):
    import time

    from socialtui import monitor

    monkeypatch.setattr(monitor, "COMMAND_TIMEOUT", 0.5)
    alert = monitor.Alert("brand", "SEC001", "Unknown client", NOW, ["o1"], ["o1"], 1.0, "Check it", "")
    started = time.monotonic()
    # the background sleep holds the pipes: killing only the shell would leave the monitor waiting on it
    error = monitor.run_alert_command("sleep 30 & sleep 30", alert)
    assert error == "--on-alert command did not finish within 0.5s"
    assert time.monotonic() - started < 10


def test_an_alert_command_stops_with_an_interrupted_monitor(tmp_path):
    import signal
    import threading
    import time

    from socialtui import monitor

    alert = monitor.Alert("brand", "SEC001", "Unknown client", NOW, ["o1"], ["o1"], 1.0, "Check it", "")
    marker = tmp_path / "pid"
    timer = threading.Timer(1.0, lambda: os.kill(os.getpid(), signal.SIGINT))
    timer.start()
    with pytest.raises(KeyboardInterrupt):
        monitor.run_alert_command(f"echo $$ > '{marker}'; exec sleep 30", alert)
    time.sleep(0.3)
    pid = int(marker.read_text())
    assert not Path(f"/proc/{pid}").exists() or "Z" in Path(f"/proc/{pid}/stat").read_text().split()[2]


def test_an_alert_command_that_leaves_a_job_in_the_background_is_done_when_its_shell_is(tmp_path):
    import time

    from socialtui import monitor

    alert = monitor.Alert("brand", "SEC001", "Unknown client", NOW, ["o1"], ["o1"], 1.0, "Check it", "")
    got = tmp_path / "alert.json"
    started = time.monotonic()
    # a notifier that forks: the forked part keeps the shell's stderr; the alert was delivered all the same
    assert monitor.run_alert_command(f"sleep 20 & cat > '{got}'", alert) is None
    assert time.monotonic() - started < 5 and json.loads(got.read_text())["code"] == "SEC001"
