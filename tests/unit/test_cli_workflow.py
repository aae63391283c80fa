import json

from socialtui.cli import main
from tests.conftest import KESTREL


def test_queue_json_order_and_reasons(capsys):
    assert main(["queue", str(KESTREL), "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    rows = doc["conversations"]
    tiers = [r["tier"] for r in rows]
    order = ["hijack-report", "past-sla", "within-sla", "escalated", "snoozed", "answered", "done"]
    assert tiers == sorted(tiers, key=order.index)
    assert tiers[0] == "hijack-report" and "within-sla" in tiers
    past = [r for r in rows if r["tier"] == "past-sla"]
    assert [r["waiting_since"] for r in past] == sorted(r["waiting_since"] for r in past)
    assert all(r["reason"] and r["position"] == i for i, r in enumerate(rows, 1))
    assert main(["queue", str(KESTREL), "--limit", "3", "--format", "json"]) == 0
    assert len(json.loads(capsys.readouterr().out)["conversations"]) == 3


def test_lint_exit_codes_and_json(capsys):
    assert main(["lint", "--format", "json", "Our K7 ships Monday."]) == 0
    assert json.loads(capsys.readouterr().out) == {"findings": []}
    assert main(["lint", "--format", "json", "Please call our hotline."]) == 1  # no dataset: Mastodon, text only
    (finding,) = json.loads(capsys.readouterr().out)["findings"]
    assert finding["code"] == "L001" and finding["blocking"] is False and finding["message"]
    assert main(["lint", "--dataset", str(KESTREL), "--reply-to", "k0574", "--format", "json",
                 "Bitte wenden Sie sich an unsere Hotline."]) == 1
    codes = {f["code"] for f in json.loads(capsys.readouterr().out)["findings"]}
    assert "L001" in codes and "L008" in codes
    assert main(["lint", "--platform", "bluesky", "x" * 301]) == 1
    assert "L002 BLOCKS" in capsys.readouterr().out
    assert main(["lint", "--reply-to", "k1"]) == 2


def test_reply_then_export_and_queue_state(tmp_path, capsys):
    data = ["--data-dir", str(tmp_path / "d")]
    assert main(["reply", "k0574", "Your repair is finished and ships Monday.", "--dataset", str(KESTREL),
                 "--yes", "--agent", "DK", *data]) == 0
    assert "Sent as sent-" in capsys.readouterr().out
    assert main(["export", str(KESTREL), "--conversation", "k0574", "--format", "json", *data]) == 0
    doc = json.loads(capsys.readouterr().out)
    texts = [m["text"] for m in doc["conversations"][0]["messages"]]
    assert texts[-1] == "@yarapat20 Your repair is finished and ships Monday. ^DK"
    # Without --yes and without a terminal to ask on, nothing is sent.
    assert main(["reply", "k0574", "Another answer", "--dataset", str(KESTREL), *data]) == 2
    assert "confirmation needs a terminal" in capsys.readouterr().err
    assert main(["export", str(KESTREL), "--conversation", "k0574", "--format", "json", *data]) == 0
    assert len(json.loads(capsys.readouterr().out)["conversations"][0]["messages"]) == len(texts)


def test_export_markdown_escapes_untrusted_text(capsys):
    from tests.conftest import FIXTURES

    assert main(["export", str(FIXTURES / "hostile" / "valid"), "--conversation", "h-click"]) == 0
    out = capsys.readouterr().out
    assert "\\[@click\\=app\\.quit\\]" in out and "\x1b" not in out
