"""Evaluate the rulebook on a snapshot and turn the result into the INTERFACE JSON.

Rules share the expensive per-snapshot work (conversations, classifier results per
message) through :func:`socialtui.rules.facts.facts_for`, computed once per snapshot.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from typing import Iterable

from socialtui.domain.dataset import Snapshot
from socialtui.domain.perf import gc_paused
from socialtui.domain.timeutil import format_timestamp
from socialtui.rules.base import SEVERITY, RuleSpec, Thresholds, Verdict


def all_rules() -> list[RuleSpec]:
    """The registry's specs, imported on first use: the rule modules (and tldextract behind the
    link rules) cost ~0.15 s of imports that the app's first paint does not need."""
    from socialtui.rules.registry import all_rules as specs

    return specs()


# Rules that judge how customers were treated: they need the customers' messages.
NEEDS_INBOUND = frozenset({"RSP001", "RSP002", "RSP003", "RSP004", "RSP005", "BRD003", "MIX001"})
OWN_SIDE_ONLY = ("imported from an archive, which holds only the account's own messages: "
                 "customers' messages are missing, so this cannot be judged")


@dataclass(slots=True)
class HealthReport:
    """The verdicts of one evaluation, in RULEBOOK order."""

    account: str
    now: datetime
    window_start: datetime
    window_end: datetime
    overall: str  # worst of fail > warn > ok among judged rules; n/a when none could judge
    critical: bool  # a critical (security) rule fails
    rules: list[Verdict]

    def get(self, code: str) -> Verdict | None:
        return next((v for v in self.rules if v.code == code), None)


def resolve_thresholds(spec: RuleSpec, account) -> Thresholds:
    """The spec's defaults with the account's ``[rules.CODE]`` overrides applied."""
    override = account.rule(spec.code)
    return Thresholds(
        warn=override.warn if override.warn is not None else spec.warn,
        fail=override.fail if override.fail is not None else spec.fail,
        options=dict(override.options),
    )


def setting_problems(overrides) -> list[tuple[str, str, str]]:
    """What is wrong in an account's ``[rules.CODE]`` tables, as (field, expected, found): a
    code no rule has, a level the rule does not have, a rate given as a percentage, warn and fail
    the wrong way round. Left unchecked, each of these quietly changes or hides a verdict."""
    from socialtui.sanitize import clean_line

    specs = {spec.code: spec for spec in all_rules()}
    problems = []
    for raw_code, override in overrides.items():
        code = clean_line(raw_code)  # a table name from the file: no escape sequences to the terminal
        spec = specs.get(raw_code)
        if spec is None:
            near = [c for c in specs if c[:3] == code[:3]] or list(specs)
            problems.append((f"rules.{code}", "a rule code: " + ", ".join(near), repr(raw_code)))
            continue
        problems.extend(_option_problems(spec, code, override.options))
        for level in ("warn", "fail"):
            value = getattr(override, level)
            if value is None:
                continue
            if not math.isfinite(value):  # nan compares false with everything: it would hide the verdict
                problems.append((f"rules.{code}.{level}", "a finite number", repr(value)))
            elif getattr(spec, level) is None:
                has = "fail" if level == "warn" else "warn"
                problems.append((f"rules.{code}.{level}", f"{has} only ({code} has no {level} level)",
                                 repr(value)))
            elif spec.rate and not 0 <= value <= 1:
                problems.append((f"rules.{code}.{level}", f"a fraction from 0 to 1 ({code}'s figure is a "
                                 "rate: 0.6 means 60 %)", repr(value)))
            elif value < 0:
                problems.append((f"rules.{code}.{level}", "a number of at least 0", repr(value)))
        t = resolve_thresholds(spec, _Overridden(override))
        if t.warn is not None and t.fail is not None and spec.warn is not None and spec.fail is not None:
            higher_is_worse = spec.fail >= spec.warn
            if (t.fail < t.warn) if higher_is_worse else (t.fail > t.warn):
                word = "above" if higher_is_worse else "below"
                problems.append((f"rules.{code}", f"fail {word} warn (a worse figure fails than warns)",
                                 f"warn = {t.warn}, fail = {t.fail}"))
    return problems


# Settings a rule reads from its [rules.CODE] table besides warn, fail and enabled (every rule
# with a minimum of data reads "minimum"), with what each must be.
EXTRA_OPTIONS: dict[str, dict[str, str]] = {"RSP001": {"sla_multiple": "a number of SLAs of at least 1, like 4"}}
# What a finite number must also be to serve as each option's value (as known_options words it).
_OPTION_VALUES = {
    "minimum": lambda n: n == int(n) and n >= 1,
    "sla_multiple": lambda n: n >= 1,
}


def known_options(spec) -> dict[str, str]:
    """Option name -> what its value must be, for one rule."""
    found = {"minimum": "a whole number of at least 1"} if spec.minimum else {}
    found.update(EXTRA_OPTIONS.get(spec.code, {}))
    return found


def _option_problems(spec, code: str, options: dict) -> list[tuple[str, str, str]]:
    """An option the rule does not read (a typo such as ``warnn`` would silently do nothing), or
    a value it cannot use (which would stop the rule at evaluation)."""
    from socialtui.sanitize import clean_line

    known = known_options(spec)
    problems = []
    for key, value in options.items():
        if key not in known:
            names = ", ".join(["warn", "fail", "enabled", *known])
            problems.append((f"rules.{code}.{clean_line(str(key))}", f"one of the settings {code} has: {names}",
                             repr(clean_line(str(key)))))
            continue
        number = isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
        usable = _OPTION_VALUES.get(key)
        if usable and not (number and usable(value)):
            problems.append((f"rules.{code}.{key}", known[key], repr(value)))
    return problems


class _Overridden:
    """An account holding just one override (what resolve_thresholds reads)."""

    def __init__(self, override) -> None:
        self._override = override

    def rule(self, code):
        return self._override


def _matches(code: str, patterns: Iterable[str]) -> bool:
    return any(code.startswith(p) for p in patterns)


def parse_codes(value: str | None) -> list[str] | None:
    """``"RSP,sec004"`` -> ``["RSP", "SEC004"]``; None for no value."""
    if not value:
        return None
    return [c.strip().upper() for c in value.split(",") if c.strip()] or None


def unknown_codes(patterns: Iterable[str] | None) -> list[str]:
    """The codes or prefixes that name no rule (a typo in --select would silently select nothing)."""
    known = [spec.code for spec in all_rules()]
    return [p for p in patterns or () if not any(code.startswith(p) for code in known)]


def selected_rules(select: Iterable[str] | None = None, ignore: Iterable[str] | None = None,
                   account=None) -> list[RuleSpec]:
    """Specs in RULEBOOK order after --select/--ignore and ``enabled = false``."""
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


def evaluate(snapshot: Snapshot, select=None, ignore=None, progress=None) -> HealthReport:
    """Run the selected, enabled rules on ``snapshot``; never reads the clock. ``progress`` (a
    :class:`~socialtui.domain.progress.Progress`) is told how many rules are done."""
    with gc_paused():
        return _evaluate(snapshot, select, ignore, progress)


def reevaluate(snapshot: Snapshot, previous: HealthReport) -> HealthReport:
    """``previous`` (a report on the same messages) with the rules that read the workflow state
    evaluated again on ``snapshot``: after a done, snooze or escalation nothing else can change.
    At a million messages a full evaluation takes seconds; this one, milliseconds. The other
    verdicts stay those of ``previous.now`` (the app re-evaluates everything on its schedule)."""
    codes = {spec.code for spec in all_rules() if spec.reads_workflow}
    with gc_paused():
        fresh = {v.code: v for v in _evaluate(snapshot, select=codes).rules if v.code in codes}
    return _report(snapshot, [fresh.get(v.code, v) for v in previous.rules])


def _unjudged(spec: RuleSpec, t: Thresholds, reason: str) -> Verdict:
    return Verdict(spec.code, spec.name, spec.category, "n/a", spec.critical, None, spec.unit,
                   {"warn": t.warn, "fail": t.fail}, [], "", reason)


def _evaluate(snapshot: Snapshot, select=None, ignore=None, progress=None) -> HealthReport:
    account = snapshot.account
    own_side_only = account.extra.get("inbound_complete") is False
    verdicts = []
    specs = selected_rules(select, ignore, account)
    if progress is not None:
        progress.start("evaluating the rules", len(specs), "rules")
    for spec in specs:
        if progress is not None:
            progress.advance(len(verdicts))
        t = resolve_thresholds(spec, account)
        if own_side_only and spec.code in NEEDS_INBOUND:
            verdicts.append(_unjudged(spec, t, OWN_SIDE_ONLY))
            continue
        try:
            v = spec.check(snapshot, t)
        except Exception as exc:  # noqa: BLE001 - one broken rule must not hide the others
            v = _unjudged(spec, t, f"internal error in rule: {type(exc).__name__}: {exc}")
        verdicts.append(v)
    if progress is not None:
        progress.advance(len(verdicts))
    return _report(snapshot, verdicts)


def _report(snapshot: Snapshot, verdicts: list[Verdict]) -> HealthReport:
    account = snapshot.account
    judged = [v for v in verdicts if v.verdict != "n/a"]
    overall = max((v.verdict for v in judged), key=SEVERITY.__getitem__) if judged else "n/a"
    critical = any(v.critical and v.verdict == "fail" for v in verdicts)
    return HealthReport(account.handle, snapshot.now, snapshot.window_start, snapshot.now, overall, critical,
                        verdicts)


def _number(x):
    """Floats rounded to 4 decimals (whole numbers as int), recursively: stable JSON bytes."""
    if isinstance(x, bool) or x is None:
        return x
    if isinstance(x, float):
        r = round(x, 4)
        return int(r) if r.is_integer() and abs(r) < 1e15 else r
    if isinstance(x, dict):
        return {k: _number(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [_number(v) for v in x]
    if isinstance(x, datetime):
        return format_timestamp(x)
    return x


def verdict_to_dict(v: Verdict) -> dict:
    """One rule's entry of the health JSON (INTERFACE key order, plus ``details``)."""
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
        # INTERFACE: the reason says why a rule could not judge (n/a), else null; what a judged
        # verdict rests on is in "explanation" (ours, beside the contract's keys)
        "reason": (v.reason or None) if v.verdict == "n/a" else None,
        "explanation": v.reason or None,
        "details": _number(dict(v.details)),
    }


def report_to_dict(report: HealthReport) -> dict:
    """The ``socialtui health --format json`` document; same report -> same bytes."""
    return {
        "account": report.account,
        "now": format_timestamp(report.now),
        "window": {"start": format_timestamp(report.window_start), "end": format_timestamp(report.window_end)},
        "overall": report.overall,
        "critical": report.critical,
        "rules": [verdict_to_dict(v) for v in report.rules],
    }
