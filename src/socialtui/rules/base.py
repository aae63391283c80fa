"""The rule registry, verdicts and the health report.

A rule is a pure function of a :class:`Snapshot` and its resolved thresholds. It
never reads the clock, the disk or the network. Each rule module registers one
:class:`RuleSpec` with :func:`rule`; :mod:`socialtui.rules.engine` runs them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from socialtui.domain.dataset import Snapshot

VERDICTS = ("ok", "warn", "fail", "n/a")
SEVERITY = {"n/a": -1, "ok": 0, "warn": 1, "fail": 2}
CATEGORIES = (
    "security",
    "responsiveness",
    "broadcast",
    "deflection",
    "self-centred",
    "personal",
)
CATEGORY_TITLES = {
    "security": "Security",
    "responsiveness": "Responsiveness",
    "broadcast": "Broadcast vs dialogue",
    "deflection": "Deflection",
    "self-centred": "It's not about you",
    "personal": "A person, not an audience",
}


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Resolved thresholds for one evaluation (defaults overridden by account.toml)."""

    warn: float | None
    fail: float | None
    options: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Verdict:
    code: str
    name: str
    category: str
    verdict: str  # ok | warn | fail | n/a
    critical: bool = False  # the rule is a security rule (alerts when it fails)
    figure: float | int | None = None
    unit: str = ""
    threshold: dict[str, float | int | None] = field(default_factory=dict)
    evidence: list[str] = field(default_factory=list)  # message or conversation ids, worst first
    suggestion: str = ""
    reason: str | None = None  # why n/a, or a one-line explanation of the figure
    details: dict[str, Any] = field(default_factory=dict)  # e.g. {"p90": ...}; also in JSON

    @property
    def judged(self) -> bool:
        return self.verdict != "n/a"


@dataclass(frozen=True, slots=True)
class RuleSpec:
    code: str
    name: str
    category: str
    check: Callable[[Snapshot, Thresholds], Verdict]
    doc: str  # "What it checks / Why it matters / Example / Suggested fix"
    warn: float | None = None
    fail: float | None = None
    unit: str = ""
    critical: bool = False
    minimum: str = ""  # human description of the minimum data, e.g. "5 turns"
    rate: bool = False  # figure is a fraction (shown as % on screen)
    # The verdict depends on the workflow state (done, snoozed ...), not only on the messages and
    # the clock: a workflow change evaluates just these rules again (engine.reevaluate).
    reads_workflow: bool = False


REGISTRY: dict[str, RuleSpec] = {}


def rule(code: str, name: str, category: str, *, warn=None, fail=None, unit: str = "",
         critical: bool = False, minimum: str = "", rate: bool = False, reads_workflow: bool = False):
    """Decorator registering a check function; its docstring is the rule's documentation."""

    def register(func: Callable[[Snapshot, Thresholds], Verdict]):
        if code in REGISTRY:
            raise ValueError(f"rule {code} registered twice")
        REGISTRY[code] = RuleSpec(code, name, category, func, (func.__doc__ or "").strip(),
                                  warn, fail, unit, critical, minimum, rate, reads_workflow)
        return func

    return register


def grade_high(figure: float, t: Thresholds, *, warn_inclusive: bool = False, fail_inclusive: bool = False) -> str:
    """Verdict for 'higher is worse'. Strict ``>`` unless the RULEBOOK writes ``≥``."""

    def over(limit, inclusive):
        return limit is not None and (figure >= limit if inclusive else figure > limit)

    if over(t.fail, fail_inclusive):
        return "fail"
    if over(t.warn, warn_inclusive):
        return "warn"
    return "ok"


def grade_low(figure: float, t: Thresholds) -> str:
    """Verdict for 'lower is worse' (strict ``<``), e.g. response rate."""
    if t.fail is not None and figure < t.fail:
        return "fail"
    if t.warn is not None and figure < t.warn:
        return "warn"
    return "ok"


EVIDENCE_SHOWN = 50  # evidence ids a verdict names; how many there were is details["evidence_total"]


def make(spec_code: str, t: Thresholds, verdict: str, **kw) -> Verdict:
    """Build a Verdict carrying the spec's identity and the thresholds held to. ``evidence`` (worst
    first) is cut to :data:`EVIDENCE_SHOWN`, and a longer list's length kept in the details: the
    rule screen says "first 50 of 139" instead of an evidence walk wrapping from 50 back to 1."""
    spec = REGISTRY[spec_code]
    evidence = kw.get("evidence")
    if evidence is not None and len(evidence) > EVIDENCE_SHOWN:
        kw["evidence"] = list(evidence[:EVIDENCE_SHOWN])
        kw["details"] = {**kw.get("details", {}), "evidence_total": len(evidence)}
    return Verdict(code=spec.code, name=spec.name, category=spec.category, verdict=verdict,
                   critical=spec.critical, unit=kw.pop("unit", spec.unit),
                   threshold=kw.pop("threshold", {"warn": t.warn, "fail": t.fail}), **kw)


def counted(n: int, one: str, many: str | None = None) -> str:
    """``"1 own post"``, ``"3 own posts"`` (``many`` when the plural is not ``one`` + s)."""
    return f"{n} {one if n == 1 else (many or one + 's')}"


def not_applicable(spec_code: str, t: Thresholds, reason: str, **kw) -> Verdict:
    return make(spec_code, t, "n/a", reason=reason, **kw)
