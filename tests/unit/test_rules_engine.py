"""The engine: registry order, documentation, overall verdict, overrides, robustness, stable JSON."""

import importlib

import orjson
import pytest

from socialtui.domain.models import RuleOverride
from socialtui.rules import engine
from socialtui.rules.base import CATEGORIES
from socialtui.rules.engine import evaluate, report_to_dict, resolve_thresholds
from socialtui.rules.registry import all_rules, get_rule
from socialtui.sources.dataset_dir import load_dataset
from tests.builders import NOW, at, dataset, msg
from tests.conftest import AS_OF, HARBOR, KESTREL

RULEBOOK_ORDER = ["RSP001", "RSP002", "RSP003", "RSP004", "RSP005", "BRD001", "BRD002", "BRD003", "DFL001",
                  "DFL002", "SLF001", "SLF002", "SLF003", "SLF004", "SLF005", "MIX001", "PRS001", "PRS002",
                  "SEC001", "SEC002", "SEC003", "SEC004"]


def test_registry_is_in_rulebook_order_with_documented_rules():
    assert [s.code for s in all_rules()] == RULEBOOK_ORDER
    for spec in all_rules():
        assert spec.category in CATEGORIES
        for section in ("What it checks:", "Why it matters:", "Example:", "Suggested fix:"):
            assert section in spec.doc, (spec.code, section)
    assert get_rule("rsp004").name == "unattended-stretch"
    assert get_rule("XYZ999") is None


def test_a_missing_security_module_does_not_stop_the_other_rules(monkeypatch):
    from socialtui.rules import base, registry

    real_import = importlib.import_module

    def without_sec003(name, *a, **kw):
        if name.endswith("sec003_dm_burst"):
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return real_import(name, *a, **kw)

    monkeypatch.setattr(registry.importlib, "import_module", without_sec003)
    monkeypatch.setattr(base, "REGISTRY", dict(base.REGISTRY))
    monkeypatch.setattr(registry, "REGISTRY", base.REGISTRY)
    base.REGISTRY.pop("SEC003")
    order = registry._load()
    assert "SEC003" not in order and order[:5] == RULEBOOK_ORDER[:5] and len(order) == 21


def test_other_import_errors_are_not_swallowed(monkeypatch):
    from socialtui.rules import registry

    def broken(name, *a, **kw):
        raise ModuleNotFoundError("No module named 'tldextract'", name="tldextract")

    monkeypatch.setattr(registry.importlib, "import_module", broken)
    with pytest.raises(ModuleNotFoundError):
        registry._load()


def test_thresholds_resolve_from_account_overrides():
    spec = get_rule("BRD001")
    ds = dataset([], rules={"BRD001": RuleOverride(warn=0.6, options={"minimum": 3})})
    t = resolve_thresholds(spec, ds.account)
    assert (t.warn, t.fail, t.options) == (0.6, 0.75, {"minimum": 3})


def test_overall_is_the_worst_judged_verdict_and_na_when_nothing_judged():
    empty = evaluate(dataset([]).snapshot(NOW), select=["RSP002", "RSP003"])
    assert empty.overall == "n/a" and not empty.critical
    one_waiting = dataset([msg("mention", "in", "@brand hi?", when=at(3))])
    assert evaluate(one_waiting.snapshot(NOW), select=["RSP", "BRD"]).overall == "warn"
    rogue = dataset([msg("post", "out", "hi", client="Evil App", when=at(1))])
    report = evaluate(rogue.snapshot(NOW))
    assert report.overall == "fail" and report.critical


def test_disabled_and_deselected_rules_are_omitted():
    ds = dataset([], rules={"SLF002": RuleOverride(enabled=False)})
    codes = [v.code for v in evaluate(ds.snapshot(NOW)).rules]
    assert "SLF002" not in codes and len(codes) == 21
    codes = [v.code for v in evaluate(ds.snapshot(NOW), select=["SLF"], ignore=["SLF005"]).rules]
    assert codes == ["SLF001", "SLF003", "SLF004"]


def test_a_rule_that_raises_becomes_na_with_the_reason(monkeypatch):
    from dataclasses import replace

    from socialtui.rules import base

    def boom(snap, t):
        raise RuntimeError("kaputt")

    monkeypatch.setitem(base.REGISTRY, "BRD002", replace(base.REGISTRY["BRD002"], check=boom))
    report = evaluate(dataset([]).snapshot(NOW), select=["BRD"])
    v = report.get("BRD002")
    assert v.verdict == "n/a" and v.reason == "internal error in rule: RuntimeError: kaputt"
    assert report.get("BRD001") is not None


@pytest.mark.parametrize("path", [KESTREL, HARBOR])
def test_no_rule_raises_on_the_fixtures(path):
    report = evaluate(load_dataset(path).snapshot(AS_OF))
    assert [v.code for v in report.rules] == RULEBOOK_ORDER
    assert not [v.code for v in report.rules if (v.reason or "").startswith("internal error")]


def test_archive_imports_judge_only_the_own_side():
    ds = dataset([msg("post", "out", "hi", when=at(1))])
    ds.account.extra["inbound_complete"] = False
    v = evaluate(ds.snapshot(NOW), select=["RSP001", "SLF004"]).rules
    assert v[0].verdict == "n/a" and "archive" in v[0].reason and v[1].code == "SLF004"


def test_json_is_byte_identical_and_rounded():
    ds = load_dataset(KESTREL)
    first = orjson.dumps(report_to_dict(evaluate(ds.snapshot(AS_OF))))
    again = orjson.dumps(report_to_dict(evaluate(load_dataset(KESTREL).snapshot(AS_OF))))
    assert first == again
    doc = orjson.loads(first)
    assert doc["now"] == "2026-11-20T18:00:00Z"
    rates = [r["figure"] for r in doc["rules"] if get_rule(r["code"]).rate and r["figure"] is not None]
    assert rates and all(0 <= x <= 1 and round(x, 4) == x for x in rates)
    assert engine._number(2 / 3) == 0.6667 and engine._number(1.0) == 1 and engine._number(True) is True



@pytest.mark.parametrize("make", [lambda: dataset([]).snapshot(NOW), lambda: load_dataset(HARBOR).snapshot(AS_OF)])
def test_every_verdict_says_why_even_when_quiet(make):
    report = evaluate(make())
    assert [v.code for v in report.rules if not v.reason] == []
    assert all(v.threshold.keys() == {"warn", "fail"} for v in report.rules)


@pytest.mark.parametrize("code, key, value, refused", [
    ("RSP002", "minimum", 3, False), ("RSP002", "minimum", 3.0, False), ("RSP002", "minimum", 1, False),
    ("RSP002", "minimum", 2.5, True), ("RSP002", "minimum", 0, True), ("RSP002", "minimum", -1, True),
    ("RSP002", "minimum", True, True), ("RSP002", "minimum", float("nan"), True),
    ("RSP002", "minimum", float("inf"), True), ("RSP002", "minimum", "5", True),
    ("RSP001", "sla_multiple", 1, False), ("RSP001", "sla_multiple", 1.5, False), ("RSP001", "sla_multiple", 6, False),
    ("RSP001", "sla_multiple", 0.5, True), ("RSP001", "sla_multiple", True, True),
    ("RSP001", "sla_multiple", float("inf"), True), ("RSP001", "sla_multiple", "4", True),
])
def test_option_values_are_checked_as_each_option_needs(code, key, value, refused):
    """minimum is a whole number of at least 1, sla_multiple any number of at least 1; neither
    a bool, a string nor nan or infinity (pins the behaviour of the one check both share)."""
    problems = engine.setting_problems({code: RuleOverride(options={key: value})})
    expected = engine.known_options(get_rule(code))[key]
    assert problems == ([(f"rules.{code}.{key}", expected, repr(value))] if refused else [])


def test_a_long_evidence_list_is_cut_to_fifty_and_its_length_kept():
    """RSP001 failed on 139 conversations and said "Evidence (50)": the rest were never reached,
    and nothing said there were more."""
    from socialtui.rules.engine import evaluate
    from socialtui.sources.dataset_dir import load_dataset
    from tests.conftest import KESTREL

    ds = load_dataset(KESTREL)
    report = evaluate(ds.snapshot(ds.default_now()))
    rsp001 = report.get("RSP001")
    assert len(rsp001.evidence) == 50 and rsp001.details["evidence_total"] == rsp001.figure > 50
    assert all("evidence_total" not in v.details for v in report.rules if len(v.evidence) < 50)
