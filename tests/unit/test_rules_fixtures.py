"""The bundled datasets keep the promises fixtures/README.md makes."""

import json

import pytest

from socialtui.cli import main
from socialtui.rules.engine import evaluate, report_to_dict
from socialtui.sources.dataset_dir import load_dataset
from tests.conftest import AS_OF, HARBOR, KESTREL

KESTREL_VERDICTS = {
    "RSP001": "fail", "RSP002": "fail", "RSP003": "fail", "RSP004": "fail", "RSP005": "fail",
    "BRD001": "warn", "BRD002": "fail", "BRD003": "fail", "DFL001": "warn", "DFL002": "fail",
    "SLF001": "fail", "SLF002": "warn", "SLF003": "warn", "SLF004": "warn", "SLF005": "fail",
    "MIX001": "warn", "PRS001": "fail", "PRS002": "fail",
    "SEC001": "fail", "SEC002": "fail", "SEC003": "fail", "SEC004": "fail",
}


@pytest.fixture(scope="module")
def kestrel():
    ds = load_dataset(KESTREL)
    return evaluate(ds.snapshot(AS_OF))


def test_every_rule_fires_on_kestrel(kestrel):
    got = {v.code: v.verdict for v in kestrel.rules}
    assert got == KESTREL_VERDICTS
    assert kestrel.overall == "fail" and kestrel.critical


def test_every_rule_is_ok_on_harbor():
    ds = load_dataset(HARBOR)
    report = evaluate(ds.snapshot(AS_OF))
    assert {v.code: v.verdict for v in report.rules} == {code: "ok" for code in KESTREL_VERDICTS}
    assert report.overall == "ok" and not report.critical


def test_kestrel_evidence_names_the_hijack(kestrel):
    by = {v.code: v for v in kestrel.rules}
    assert by["SEC003"].figure == 12 and by["SEC001"].details["clients"] == ["Unknown Poster 2.1"]
    assert "kestrel-mobi1e.example" in by["SEC002"].reason
    assert by["SEC004"].details["unanswered"] == 3
    assert not {"k0357", "k0358", "k0359", "k0360"} & set(by["SEC004"].evidence)
    assert by["RSP004"].figure > 36 and by["RSP004"].details["end"] == "2026-11-16T08:00:00Z"
    assert "available" in by["BRD003"].reason
    assert by["BRD002"].figure == 18  # k0410 is exactly 24 h after k0393: one rolling day


def test_every_verdict_explains_itself(kestrel):
    for v in kestrel.rules:
        assert v.reason, v.code
        if v.verdict in ("warn", "fail"):
            assert v.evidence and v.suggestion, v.code


def test_json_is_byte_identical_whatever_the_clock(capsys):
    args = ["health", str(KESTREL), "--now", "2026-11-20T18:00:00Z", "--format", "json"]
    assert main(args) == 1
    first = capsys.readouterr().out
    assert main(args) == 1
    assert capsys.readouterr().out == first
    doc = json.loads(first)
    assert doc["window"] == {"start": "2026-11-13T18:00:00Z", "end": "2026-11-20T18:00:00Z"}
    assert [r["code"] for r in doc["rules"]][:3] == ["RSP001", "RSP002", "RSP003"]
    assert 0 < doc["rules"][1]["figure"] < 1  # rates are fractions in JSON


def test_report_dict_matches_interface_keys(kestrel):
    doc = report_to_dict(kestrel)
    assert set(doc) == {"account", "now", "window", "overall", "critical", "rules"}
    keys = {"code", "name", "category", "verdict", "critical", "figure", "unit", "threshold", "evidence",
            "suggestion", "reason"}
    assert all(keys <= set(r) for r in doc["rules"])


def test_health_exit_codes_and_selection(capsys):
    assert main(["health", str(HARBOR)]) == 0
    assert main(["health", str(HARBOR), "--fail-on", "warn"]) == 0
    assert main(["health", str(KESTREL), "--select", "SLF002", "--fail-on", "warn"]) == 1
    assert main(["health", str(KESTREL), "--select", "SLF002"]) == 0
    assert main(["health", str(KESTREL), "--fail-on", "never"]) == 0
    capsys.readouterr()
    main(["health", str(KESTREL), "--ignore", "SEC,RSP", "--format", "json"])
    codes = [r["code"] for r in json.loads(capsys.readouterr().out)["rules"]]
    assert not [c for c in codes if c.startswith(("SEC", "RSP"))] and "BRD001" in codes
    assert main(["health", str(KESTREL), "--now", "yesterday"]) == 2


def test_markdown_report_is_readable(capsys):
    main(["health", str(KESTREL), "--format", "markdown"])
    out = capsys.readouterr().out
    assert out.startswith("# Account health: @kestrelmobile")
    assert "Security alert" in out and "### SEC003 dm-burst: FAIL" in out and "*What to do:*" in out


def test_rules_explain(capsys):
    assert main(["rules", "explain", "RSP004"]) == 0
    out = capsys.readouterr().out
    assert "What it checks" in out and "Friday" in out
    assert main(["rules", "explain", "NOPE"]) == 2
    assert main(["rules"]) == 0
    assert capsys.readouterr().out.count("\n") >= 22


# The engine figures fixtures/README.md promises for kestrel (rates as JSON fractions).
KESTREL_FIGURES = {
    "RSP001": 139, "RSP002": 0.2283, "RSP003": 420, "RSP004": 59.4, "RSP005": 0.8571, "BRD001": 0.5455,
    "BRD002": 18, "BRD003": 10, "DFL001": 0.2308, "DFL002": 5, "SLF001": 0.9762, "SLF002": 0.871,
    "SLF003": 0.8116, "SLF004": 0.5217, "SLF005": 1, "MIX001": 44, "PRS001": 0.7308, "PRS002": 0.6538,
    "SEC001": 13, "SEC002": 13, "SEC003": 12, "SEC004": 7,
}


def test_kestrel_figures_match_the_fixture_readme(kestrel):
    doc = report_to_dict(kestrel)
    assert {r["code"]: r["figure"] for r in doc["rules"]} == KESTREL_FIGURES
    by = {v.code: v for v in kestrel.rules}
    assert by["RSP003"].details["p90"] == 3609 and by["DFL002"].evidence[:2] == ["k0336", "k0524"]
    # (message ids, as INTERFACE says: the oldest unanswered message, the deflecting reply)
    assert by["RSP001"].evidence[:4] == ["k0012", "k0020", "k0009", "k0028"]


def test_hostile_dataset_breaks_no_rule():
    ds = load_dataset(KESTREL.parent / "hostile" / "valid")
    report = evaluate(ds.snapshot(ds.default_now()))
    assert len(report.rules) == 22
    assert not [v.code for v in report.rules if (v.reason or "").startswith("internal error")]
