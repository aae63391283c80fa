import json
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


def test_full_disk_is_logged_and_memory_survives_in_process():
    store, sent = MemoryStore(fail_writes=True), []
    mon = make_monitor(store, hijacked(), sent)
    first = mon.cycle()
    assert first.alerts_sent >= 1 and any("could not save alert memory" in e for e in first.errors)
    second = mon.cycle()
    assert second.alerts_sent == 0  # not alerted twice although the disk is full
    assert "errors=" in second.log_line()


def test_cli_runs_on_alert_command_with_json_on_stdin_exactly_once(tmp_path):
    from tests.conftest import KESTREL

    if not KESTREL.exists():
        pytest.skip("kestrel fixture not generated")
    out = tmp_path / "alerts.jsonl"
    cmd = f"{sys.executable} -c \"import sys; open({str(out)!r}, 'ab').write(sys.stdin.buffer.read() + b'\\n')\""
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
