"""``account.toml`` -> :class:`Account`, with errors that name the field."""

from __future__ import annotations

import tomllib
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from socialtui.domain.models import PLATFORMS, Account, Agent, RuleOverride
from socialtui.domain.timeutil import parse_duration, parse_timestamp
from socialtui.errors import DatasetError, shown
from socialtui.sanitize import clean_handle, clean_line


def _rules_hint(code: str) -> str:
    from socialtui.rules.engine import all_rules

    if code.upper() in {spec.code for spec in all_rules()}:
        return f"`socialtui rules explain {code.upper()}` shows the rule's levels and defaults."
    return "`socialtui rules` lists the rules and their codes."


def load_account(path: Path) -> Account:
    name = str(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DatasetError(name, None, None, "an account.toml file", "no such file",
                           "Create it with at least: handle = \"youraccount\"") from None
    except OSError as exc:
        raise DatasetError(name, None, None, "a readable file", exc.strerror or str(exc)) from None
    try:
        data = tomllib.loads(raw.decode("utf-8-sig"))  # (a BOM from a Windows editor is no TOML error)
    except UnicodeDecodeError as exc:
        raise DatasetError(name, None, None, "UTF-8 text", f"invalid byte at offset {exc.start}") from None
    except tomllib.TOMLDecodeError as exc:
        raise DatasetError(name, getattr(exc, "lineno", None), None, "valid TOML", str(exc)) from None
    return account_from_dict(data, name)


def _str_list(data: dict, key: str, file: str) -> tuple[str, ...]:
    value = data.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise DatasetError(file, None, key, "a list of strings", type(value).__name__)
    return tuple(clean_line(v) for v in value)


def account_from_dict(data: dict[str, Any], file: str = "account.toml") -> Account:
    handle = data.get("handle")
    if not isinstance(handle, str) or not clean_handle(handle):
        raise DatasetError(file, None, "handle", "the account's handle as a string",
                           shown(handle) if handle is not None else "nothing")
    platform = data.get("platform", "other")
    if platform not in PLATFORMS:
        raise DatasetError(file, None, "platform", " | ".join(PLATFORMS), shown(platform))
    acc = Account(handle=clean_handle(handle), name=clean_line(data.get("name", "")), platform=platform)
    acc.own_domains = tuple(d.lower().strip(".") for d in _str_list(data, "own_domains", file))
    acc.brand_terms = _str_list(data, "brand_terms", file)
    acc.trusted_clients = _str_list(data, "trusted_clients", file)
    for key in ("sla", "window"):
        if key in data:
            try:
                value = parse_duration(data[key])
            except ValueError:
                raise DatasetError(file, None, key, "a duration like 90m, 2h or 7d", shown(data[key])) from None
            if not value:
                raise DatasetError(file, None, key, "a duration longer than zero, like 90m, 2h or 7d", shown(data[key]))
            setattr(acc, key, value)
    if "as_of" in data:
        value = data["as_of"]
        try:
            if isinstance(value, datetime):
                if value.tzinfo is None:
                    raise ValueError
                acc.as_of = value.astimezone(timezone.utc)
            else:
                acc.as_of = parse_timestamp(value)
        except (ValueError, TypeError):
            raise DatasetError(file, None, "as_of", "an RFC 3339 time with offset, e.g. 2026-11-20T18:00:00Z",
                               shown(value)) from None
    agents = data.get("agents", [])
    if not isinstance(agents, list):
        raise DatasetError(file, None, "agents", "[[agents]] tables", type(agents).__name__)
    parsed = []
    for i, a in enumerate(agents):
        if not isinstance(a, dict) or not isinstance(a.get("name"), str):
            raise DatasetError(file, None, f"agents[{i}].name", "a name string", shown(a))
        parsed.append(Agent(clean_line(a["name"]), clean_line(a.get("signature", ""))))
    acc.agents = tuple(parsed)
    rules = data.get("rules", {})
    if not isinstance(rules, dict):
        raise DatasetError(file, None, "rules", "[rules.CODE] tables", type(rules).__name__)
    for code, spec in rules.items():
        if not isinstance(spec, dict):
            raise DatasetError(file, None, f"rules.{code}", "a table with warn, fail or enabled", shown(spec))
        opts = {k: v for k, v in spec.items() if k not in ("warn", "fail", "enabled")}
        for k in ("warn", "fail"):
            if k in spec and (not isinstance(spec[k], (int, float)) or isinstance(spec[k], bool)):
                raise DatasetError(file, None, f"rules.{code}.{k}", "a number", shown(spec[k]), _rules_hint(code))
        if not isinstance(spec.get("enabled", True), bool):
            raise DatasetError(file, None, f"rules.{code}.enabled", "true or false (no quotes)", shown(spec["enabled"]),
                               _rules_hint(code))
        acc.rules[code.upper()] = RuleOverride(
            enabled=spec.get("enabled", True), warn=spec.get("warn"), fail=spec.get("fail"), options=opts
        )
    if acc.rules:  # (the rule modules are imported only for an account that tunes them)
        from socialtui.rules.engine import setting_problems

        for field, expected, found in setting_problems(acc.rules)[:1]:
            raise DatasetError(file, None, field, expected, found, _rules_hint(field.split(".")[1]))
    vocab = data.get("vocabulary", {})
    if isinstance(vocab, dict):
        acc.vocabulary = {k: _str_list(vocab, k, file) for k in vocab}
    known = {"handle", "name", "platform", "own_domains", "brand_terms", "trusted_clients", "sla", "window",
             "as_of", "agents", "rules", "vocabulary"}
    acc.extra = {k: v for k, v in data.items() if k not in known}
    return acc
