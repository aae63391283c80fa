"""A monitor told to stop (SIGTERM from systemd, ctrl+c) stops within seconds and loses no alert:
what it did not send is released for the next start, not left claimed."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from socialtui import monitor
from tests.builders import NOW
from tests.unit.test_monitor import MemoryStore, hijacked, make_monitor

ALERT = monitor.Alert("brand", "SEC001", "Unknown client", NOW, ["o1"], ["o1"], 1.0, "Check it", "")


def test_told_to_stop_it_sends_nothing_more_and_the_next_start_sends_it_at_once():
    store, sent = MemoryStore(), []
    stopped = make_monitor(store, hijacked(), sent)
    stopped.stop = lambda: True
    result = stopped.cycle()
    assert sent == [] and result.stopped and "stopped=true" in result.log_line()
    again = make_monitor(store, hijacked(), sent).cycle()  # no claim left behind to wait out
    assert again.alerts_sent == len(sent) > 0 and not again.stopped


def test_a_stop_between_two_alerts_keeps_the_first_and_releases_the_rest():
    store, sent = MemoryStore(), []
    first = make_monitor(store, hijacked(), sent)
    first.stop = lambda: bool(sent)  # told to stop right after the first alert went out
    result = first.cycle()
    assert len(sent) == 1 and result.alerts_sent == 1 and result.alerts_pending >= 1
    again = make_monitor(store, hijacked(), sent).cycle()
    assert again.alerts_sent == result.alerts_pending  # the rest, and not the first again
    assert len({a.code for a in sent}) == len(sent)


def test_a_running_command_gets_the_grace_then_is_killed(monkeypatch, tmp_path):
    monkeypatch.setattr(monitor, "STOP_GRACE", 0.5)
    marker = tmp_path / "pid"
    started = time.monotonic()
    try:
        monitor.run_alert_command(f"echo $$ > '{marker}'; sleep 30", ALERT, stop=lambda: marker.exists())
    except monitor.AlertStopped:
        pass
    else:
        raise AssertionError("a command still running after the grace must not count as delivered")
    assert time.monotonic() - started < 5
    pid = int(marker.read_text())
    time.sleep(0.2)
    assert not Path(f"/proc/{pid}").exists() or "Z" in Path(f"/proc/{pid}/stat").read_text().split()[2]


def test_a_command_that_finishes_within_the_grace_is_delivered(tmp_path):
    got = tmp_path / "alert.json"
    assert monitor.run_alert_command(f"sleep 0.5; cat > '{got}'", ALERT, stop=lambda: True) is None
    assert json.loads(got.read_text())["code"] == "SEC001"


def test_sigterm_while_an_alert_command_hangs_stops_the_service_in_seconds(tmp_path):
    ds_dir = tmp_path / "ds"
    ds_dir.mkdir()
    (ds_dir / "account.toml").write_text('handle = "brand"\ntrusted_clients = ["socialtui"]\n')
    (ds_dir / "messages.jsonl").write_text(json.dumps({
        "id": "o1", "kind": "post", "direction": "out", "author": {"handle": "brand"}, "text": "hello",
        "created_at": "2026-11-20T17:00:00Z", "client": "Evil App"}) + "\n")
    marker = tmp_path / "started"
    base = [sys.executable, "-m", "socialtui", "--data-dir", str(tmp_path / "data"), "monitor", "--dataset",
            str(ds_dir), "--now", "2026-11-20T18:00:00Z", "--no-sync", "--interval", "1s"]
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2] / "src")}
    proc = subprocess.Popen(base + ["--on-alert", f"touch '{marker}'; sleep 60"], stderr=subprocess.PIPE,
                            text=True, env=env)
    try:
        for _ in range(200):
            if marker.exists():
                break
            time.sleep(0.05)
        assert marker.exists(), "the alert command never started"
        stopped_at = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=30)
    finally:
        proc.kill()
    assert proc.returncode == 0 and time.monotonic() - stopped_at < monitor.STOP_GRACE + 5
    assert "stopped=true" in err and "alerts_pending=1" in err and "Traceback" not in err
    out = tmp_path / "a.json"
    cmd = f"{sys.executable} -c \"import sys; open({str(out)!r}, 'wb').write(sys.stdin.buffer.read())\""
    again = subprocess.run(base + ["--once", "--on-alert", cmd], capture_output=True, text=True, env=env, timeout=60)
    assert again.returncode == 0, again.stderr  # sent at once: its claim was released, not left to expire
    assert json.loads(out.read_text())["code"] == "SEC001"


def test_a_large_alert_reaches_a_slow_command_whole(tmp_path):
    got = tmp_path / "alert.json"
    big = monitor.Alert("brand", "SEC003", "DM burst", NOW, ["x"], [f"dm-{i:06d}" for i in range(20_000)], 1.0,
                        "Check it", "")
    assert monitor.run_alert_command(f"sleep 0.6; cat > '{got}'", big, stop=lambda: False) is None
    assert len(json.loads(got.read_text())["evidence"]) == 20_000


def test_a_command_ended_by_the_same_stop_signal_is_not_an_error():
    """systemd signals the whole service: the command dies with the monitor's SIGTERM; the alert
    is not delivered, and not a failure to report either."""
    try:
        monitor.run_alert_command("kill -TERM $$; sleep 5", ALERT, stop=lambda: True)
    except monitor.AlertStopped:
        pass
    else:
        raise AssertionError("a command killed by the stop signal must not count as delivered")
    assert monitor.run_alert_command("kill -TERM $$; sleep 5", ALERT, stop=lambda: False).startswith(
        "--on-alert command exited -15")


def test_interrupted_at_once_it_still_records_what_it_sent_and_releases_the_rest():
    store, sent = MemoryStore(), []

    def emit(alert):
        if sent:
            raise KeyboardInterrupt  # a second ctrl+c while the second alert goes out
        sent.append(alert)

    first = make_monitor(store, hijacked(), sent)
    first.emit = emit
    try:
        first.cycle()
    except KeyboardInterrupt:
        pass
    assert len(sent) == 1
    again = make_monitor(store, hijacked(), sent).cycle()
    assert again.alerts_sent >= 1  # the rest at once: not left claimed
    assert len({a.code for a in sent}) == len(sent)  # and the first not again
