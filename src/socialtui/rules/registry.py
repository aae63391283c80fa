"""Every rule of the rulebook, registered in RULEBOOK order.

Importing a rule module registers its :class:`RuleSpec` (see :func:`socialtui.rules.base.rule`).
The order of :data:`RULE_MODULES` is the order of the RULEBOOK tables, and that is the
order of :func:`all_rules`, of ``socialtui rules`` and of the health JSON.
"""

from __future__ import annotations

import importlib

from socialtui.rules.base import REGISTRY, RuleSpec

RULE_MODULES = (
    "rsp001_left_waiting", "rsp002_response_rate", "rsp003_response_time", "rsp004_unattended_stretch",
    "rsp005_ignored_replies", "brd001_broadcast_ratio", "brd002_posting_flood", "brd003_silent_surge",
    "dfl001_deflection_rate", "dfl002_dead_ends", "slf001_me_me_me", "slf002_link_heavy", "slf003_one_site",
    "slf004_reposts_only", "slf005_self_echo", "mix001_good_news_only", "prs001_template_replies",
    "prs002_unsigned", "sec001_unknown_client", "sec002_suspicious_link", "sec003_dm_burst",
    "sec004_hijack_reports",
)
# The security rules are written separately; while one of them is not there yet the
# other rules must still load. Any other import error is a real bug and propagates.
_OPTIONAL_PREFIX = "sec00"


def _load() -> list[str]:
    order = []
    for name in RULE_MODULES:
        module = f"socialtui.rules.{name}"
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if not (name.startswith(_OPTIONAL_PREFIX) and exc.name == module):
                raise
            continue
        order.append(name[:6].upper())
    return order


_ORDER = _load()


def all_rules() -> list[RuleSpec]:
    """Rule specs in RULEBOOK order (RSP001..RSP005, BRD, DFL, SLF, MIX001, PRS, SEC)."""
    return [REGISTRY[code] for code in _ORDER if code in REGISTRY]


def get_rule(code: str) -> RuleSpec | None:
    """The spec for ``code`` (case-insensitive), or None."""
    return REGISTRY.get(code.strip().upper())


def codes() -> list[str]:
    """Every registered code, in RULEBOOK order."""
    return [spec.code for spec in all_rules()]
