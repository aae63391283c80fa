"""Evaluate the rulebook on a snapshot and turn the result into the INTERFACE JSON."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Iterable

from socialtui.domain.dataset import Snapshot
from socialtui.domain.perf import gc_paused
from socialtui.domain.timeutil import format_timestamp
from socialtui.rules.base import SEVERITY, RuleSpec, Thresholds, Verdict
from socialtui.rules.registry import all_rules


@dataclass(slots=True)
class HealthReport:
    account: str
    now: datetime
    window_start: datetime
    window_end: datetime
    overall: str
    critical: bool
    rules: list[Verdict]

    def get(self, code: str) -> Verdict | None:
        return next((v for v in self.rules if v.code == code), None)


def resolve_thresholds(spec: RuleSpec, account) -> Thresholds:
    override = account.rule(spec.code)
    return Thresholds(
        warn=override.warn if override.warn is not None else spec.warn,
        fail=override.fail if override.fail is not None else spec.fail,
        options=dict(override.options),
    )


def _matches(code: str, patterns: Iterable[str]) -> bool:
    return any(code.startswith(p) for p in patterns)


def parse_codes(value: str | None) -> list[str] | None:
    """``"RSP,SEC004"`` -> ``["RSP", "SEC004"]``."""
    if not value:
        return None
    return [c.strip().upper() for c in value.split(",") if c.strip()]


def selected_rules(select: Iterable[str] | None = None, ignore: Iterable[str] | None = None, account=None):
    out = []
    for spec in all_rules():
        if select and not _matches(spec.code, select):
            continue
        if ignore and _matches(spec.code, ignore):
            continue
        if account is not None and not account.rule(spec.code).enabled:
            continue
        out.append(spec)
    return out


# Rules that judge how customers were treated: they need the customers' messages.
NEEDS_INBOUND = frozenset({"RSP001", "RSP002", "RSP003", "RSP004", "RSP005", "BRD003", "MIX001"})


def evaluate(snapshot: Snapshot, select=None, ignore=None) -> HealthReport:
    with gc_paused():
        return _evaluate(snapshot, select, ignore)


def _evaluate(snapshot: Snapshot, select=None, ignore=None) -> HealthReport:
    account = snapshot.account
    own_side_only = account.extra.get("inbound_complete") is False
    verdicts = []
    for spec in selected_rules(select, ignore, account):
        t = resolve_thresholds(spec, account)
        try:
            if own_side_only and spec.code in NEEDS_INBOUND:
                v = Verdict(spec.code, spec.name, spec.category, "n/a", spec.critical, None, spec.unit,
                            {"warn": t.warn, "fail": t.fail}, [], "",
                            "imported from an archive, which holds only the account's own messages: "
                            "customers' messages are missing, so this cannot be judged")
                verdicts.append(v)
                continue
            v = spec.check(snapshot, t)
        except Exception as exc:  # noqa: BLE001 - one broken rule must not hide the others
            v = Verdict(spec.code, spec.name, spec.category, "n/a", spec.critical, None, spec.unit,
                        {"warn": t.warn, "fail": t.fail}, [], "", f"internal error in rule: {type(exc).__name__}: {exc}")
        verdicts.append(v)
    judged = [v for v in verdicts if v.verdict != "n/a"]
    overall = max((v.verdict for v in judged), key=SEVERITY.__getitem__) if judged else "n/a"
    critical = any(v.critical and v.verdict == "fail" for v in verdicts)
    return HealthReport(account.handle, snapshot.now, snapshot.window_start, snapshot.now, overall, critical, verdicts)


def _number(x):
    if isinstance(x, float):
        r = round(x, 4)
        return int(r) if r.is_integer() and abs(r) < 1e15 else r
    return x


def verdict_to_dict(v: Verdict) -> dict:
    return {
        "code": v.code,
        "name": v.name,
        "category": v.category,
        "verdict": v.verdict,
        "critical": v.critical,
        "figure": _number(v.figure),
        "unit": v.unit,
        "threshold": {k: _number(x) for k, x in v.threshold.items()},
        "evidence": list(v.evidence),
        "suggestion": v.suggestion,
        "reason": v.reason,
        "details": {k: _number(x) for k, x in v.details.items()},
    }


def report_to_dict(report: HealthReport) -> dict:
    return {
        "account": report.account,
        "now": format_timestamp(report.now),
        "window": {"start": format_timestamp(report.window_start), "end": format_timestamp(report.window_end)},
        "overall": report.overall,
        "critical": report.critical,
        "rules": [verdict_to_dict(v) for v in report.rules],
    }
