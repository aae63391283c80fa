"""Two monitors on one data dir: every alert is sent by exactly one of them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from collections import Counter

import pytest

from socialtui import monitor as monitor_module
from socialtui.domain.workflow import WorkflowState
from socialtui.monitor import MONITOR_SCOPE, Monitor
from socialtui.store import Store
from tests.builders import NOW, at, dataset, msg
from tests.conftest import KESTREL, ROOT

# Looked up, not imported, so that each test (not the module) fails on a build without claims.
CLAIMS_KEY = getattr(monitor_module, "CLAIMS_KEY", "claimed")
CLAIM_TTL = getattr(monitor_module, "CLAIM_TTL", 180)


def hijacked():
    return dataset([
        msg("dm", "out", "Confirm your login: https://brand-login.example/verify", id="o1", conversation="c1",
            client="Unknown Poster", when=at(3)),
        msg("post", "out", "Win a phone", id="o2", client="Unknown Poster", when=at(0.5)),
        msg("mention", "in", "@brand hi, where is my parcel?", id="i1", when=at(1)),
    ])


def slow_recorder(sent: list, lock: threading.Lock):
    def emit(alert):
        with lock:
            sent.append((alert.code, tuple(alert.new_evidence)))
        time.sleep(0.2)  # a slow pager: the other monitor runs its cycle meanwhile
    return emit


def test_two_monitors_in_threads_send_each_alert_once(tmp_path):
    sent, lock = [], threading.Lock()
    start = threading.Barrier(2)
    results = []

    def watch():
        store = Store(tmp_path / "data")  # a Store each, as two processes would have
        mon = Monitor(store, lambda: [("brand", hijacked(), WorkflowState())], on_alert=None,
                      now_fn=lambda: NOW, emit=slow_recorder(sent, lock))
        start.wait()
        results.append(mon.cycle())

    threads = [threading.Thread(target=watch) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert len(results) == 2 and all(not r.errors for r in results)
    codes = Counter(code for code, _ in sent)
    assert codes and all(n == 1 for n in codes.values()), codes
    assert sum(r.alerts_sent for r in results) == len(sent)


def test_two_monitor_processes_send_each_alert_once(tmp_path):
    if not KESTREL.exists():
        pytest.skip("kestrel fixture not generated")
    log = tmp_path / "alerts.jsonl"
    pager = (f"import sys, time; data = sys.stdin.buffer.read(); time.sleep(0.3); "
             f"open({str(log)!r}, 'ab').write(data)")
    cmd = f"{sys.executable} -c \"{pager}\""
    env = {**os.environ, "SOCIALTUI_DATA_DIR": str(tmp_path / "data"),
           "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])}
    argv = [sys.executable, "-m", "socialtui", "monitor", "--dataset", str(KESTREL), "--once", "--no-sync",
            "--now", "2026-11-20T18:00:00Z", "--on-alert", cmd]
    procs = [subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(2)]
    outcomes = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [err.decode() for _, err in outcomes]
    alerts = [json.loads(line) for line in log.read_text().splitlines()]
    codes = Counter(a["code"] for a in alerts)
    assert set(codes) >= {"SEC001", "SEC002", "SEC003", "SEC004"}
    assert all(n == 1 for n in codes.values()), codes


def _one_monitor(store, sent, clock=time.time):
    return Monitor(store, lambda: [("brand", hijacked(), WorkflowState())], on_alert=None, now_fn=lambda: NOW,
                   emit=lambda a: sent.append(a.code), clock=clock)


def test_an_alert_claimed_by_a_running_monitor_is_left_to_it(tmp_path):
    store, sent = Store(tmp_path / "data"), []
    store.set_meta(MONITOR_SCOPE, CLAIMS_KEY, {"brand/SEC001/o1": time.time(), "brand/SEC001/o2": time.time()})
    _one_monitor(store, sent).cycle()
    assert "SEC001" not in sent


def test_the_claim_of_a_monitor_that_died_while_sending_expires(tmp_path):
    store, sent = Store(tmp_path / "data"), []
    died = time.time() - CLAIM_TTL - 1
    store.set_meta(MONITOR_SCOPE, CLAIMS_KEY, {"brand/SEC001/o1": died, "brand/SEC001/o2": died})
    _one_monitor(store, sent).cycle()
    assert sent.count("SEC001") == 1
    assert store.get_meta(MONITOR_SCOPE, CLAIMS_KEY) == {}  # delivered: recorded, no claim left


def test_a_failed_command_releases_its_claim_for_the_next_cycle(tmp_path):
    store = Store(tmp_path / "data")
    failing = Monitor(store, lambda: [("brand", hijacked(), WorkflowState())], on_alert="false",
                      now_fn=lambda: NOW)
    first = failing.cycle()
    assert first.alerts_sent == 0 and first.alerts_pending >= 1
    assert store.get_meta(MONITOR_SCOPE, CLAIMS_KEY) == {}
    sent = []
    assert _one_monitor(store, sent).cycle().alerts_sent == first.alerts_pending == len(sent)
