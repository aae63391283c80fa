"""Every rule of the rulebook, registered in RULEBOOK order."""

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

for _name in RULE_MODULES:
    importlib.import_module(f"socialtui.rules.{_name}")


def all_rules() -> list[RuleSpec]:
    """Rule specs in RULEBOOK order."""
    return list(REGISTRY.values())


def get_rule(code: str) -> RuleSpec | None:
    return REGISTRY.get(code.upper())
