"""``account.toml`` -> :class:`Account`, with errors that name the field."""

from __future__ import annotations

import tomllib
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from socialtui.domain.models import PLATFORMS, Account, Agent, RuleOverride
from socialtui.domain.timeutil import parse_duration, parse_timestamp
from socialtui.errors import DatasetError, DatasetProblems, shown
from socialtui.sanitize import clean_handle, clean_line


def _rules_hint(code: str) -> str:
    from socialtui.rules.engine import all_rules

    if code.upper() in {spec.code for spec in all_rules()}:
        return f"`socialtui rules explain {code.upper()}` shows the rule's levels and defaults."
    return "`socialtui rules` lists the rules and their codes."


def missing(path: Path) -> str:
    """What is at ``path`` that cannot be opened: nothing, or a symbolic link leading nowhere."""
    import errno
    import json
    import os

    if not path.is_symlink():
        return "no such file"
    try:
        path.resolve(strict=True)
    except RuntimeError:  # (Python 3.11 names a loop so)
        return "a symbolic link that loops back on itself"
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "a symbolic link that loops back on itself"
    try:
        # (the whole target, quoted as JSON quotes a string: a control character in it is escaped)
        return f"a symbolic link to {json.dumps(os.readlink(path), ensure_ascii=False)}, which does not exist"
    except OSError:
        return "a symbolic link that leads nowhere"


def load_account(path: Path) -> Account:
    name = str(path)
    from socialtui.store.storage import NotSmall, read_small

    try:
        raw = read_small(path)
    except NotSmall as exc:
        raise DatasetError(name, None, None, "an account.toml file of a few kB", str(exc)) from None
    except FileNotFoundError:
        raise DatasetError(name, None, None, "an account.toml file", missing(path),
                           "Create it with at least: handle = \"youraccount\"") from None
    except OSError as exc:
        import errno

        if exc.errno == errno.ELOOP:
            raise DatasetError(name, None, None, "an account.toml file", missing(path)) from None
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
    """The account, or one error listing every problem of the file (fixing them one run at a
    time, each run naming only the next, was slow for a file of twenty rule settings)."""
    problems: list[DatasetError] = []

    def check(step):
        try:
            step()
        except DatasetError as exc:
            problems.append(exc)

    handle = data.get("handle")
    if not isinstance(handle, str) or not clean_handle(handle):
        problems.append(DatasetError(file, None, "handle", "the account's handle as a string",
                                     shown(handle) if handle is not None else "nothing"))
        handle = "unknown"
    platform = data.get("platform", "other")
    if platform not in PLATFORMS:
        problems.append(DatasetError(file, None, "platform", " | ".join(PLATFORMS), shown(platform)))
        platform = "other"
    name = data.get("name", "")
    if not isinstance(name, str):
        problems.append(DatasetError(file, None, "name", "the account's display name as a string", shown(name)))
        name = ""
    acc = Account(handle=clean_handle(handle), name=clean_line(name), platform=platform)

    check(lambda: setattr(acc, "own_domains", _domains(data, file)))
    check(lambda: setattr(acc, "brand_terms", _str_list(data, "brand_terms", file)))
    check(lambda: setattr(acc, "trusted_clients", _str_list(data, "trusted_clients", file)))
    for key in ("sla", "window"):
        if key in data:
            check(lambda key=key: setattr(acc, key, _duration(data, key, file)))
    if "as_of" in data:
        check(lambda: setattr(acc, "as_of", _as_of(data["as_of"], file)))
    check(lambda: setattr(acc, "agents", _agents(data.get("agents", []), file)))
    check(lambda: _rules(data.get("rules", {}), acc, file, problems))
    vocab = data.get("vocabulary", {})
    if isinstance(vocab, dict):
        acc.vocabulary = {}
        for k in vocab:
            check(lambda k=k: acc.vocabulary.__setitem__(k, _str_list(vocab, k, file)))
    if problems:
        raise problems[0] if len(problems) == 1 else DatasetProblems(problems, len(problems))
    acc.extra = {k: v for k, v in data.items() if k not in KNOWN_KEYS}
    return acc


KNOWN_KEYS = ("handle", "name", "platform", "own_domains", "brand_terms", "trusted_clients", "sla", "window",
              "as_of", "agents", "rules", "vocabulary")


def misspelt_settings(account: Account) -> list[str]:
    """Notes on keys of account.toml that look like a known one written wrong ("SLA", "own_domain"):
    kept and ignored as every unknown key is (INTERFACE), the default applies instead of the
    setting meant, so the commands say so."""
    from difflib import get_close_matches

    notes = []
    for key in account.extra:
        meant = get_close_matches(str(key).lower(), KNOWN_KEYS, n=1, cutoff=0.8)
        if meant:
            notes.append(f"account.toml: {shown(key)} is no setting and is ignored; did you mean {meant[0]!r}?")
    return notes


def _domains(data: dict, file: str) -> tuple[str, ...]:
    """own_domains: bare domain names. A URL there ("https://kestrel-mobile.example/") matched no
    link, so the account's own links counted as phishing (SEC002) and as other sites (SLF003)."""
    out = []
    for d in _str_list(data, "own_domains", file):
        d = d.strip().lower().strip(".")
        if not d or any(ch in d for ch in "/:@ ") or "." not in d:
            raise DatasetError(file, None, "own_domains", "domain names like \"kestrel-mobile.example\" "
                               "(no https://, no path)", shown(d), _domain_hint(d))
        out.append(d)
    return tuple(out)


def _domain_hint(value: str) -> str | None:
    from urllib.parse import urlsplit

    try:
        host = urlsplit(value if "://" in value else f"//{value}").hostname
    except ValueError:
        return None
    return f"Write {host!r}." if host and "." in host else None


def _duration(data: dict, key: str, file: str):
    try:
        value = parse_duration(data[key])
    except ValueError:
        raise DatasetError(file, None, key, "a duration like 90m, 2h or 7d", shown(data[key])) from None
    if not value:
        raise DatasetError(file, None, key, "a duration longer than zero, like 90m, 2h or 7d", shown(data[key]))
    return value


def _as_of(value: Any, file: str) -> datetime:
    try:
        if isinstance(value, datetime):
            if value.tzinfo is None:
                raise ValueError
            return value.astimezone(timezone.utc)
        return parse_timestamp(value)
    except (ValueError, TypeError):
        raise DatasetError(file, None, "as_of", "an RFC 3339 time with offset, e.g. 2026-11-20T18:00:00Z",
                           shown(value)) from None


def _agents(agents: Any, file: str) -> tuple[Agent, ...]:
    if not isinstance(agents, list):
        raise DatasetError(file, None, "agents", "[[agents]] tables", type(agents).__name__)
    parsed = []
    for i, a in enumerate(agents):
        if not isinstance(a, dict) or not isinstance(a.get("name"), str):
            raise DatasetError(file, None, f"agents[{i}].name", "a name string", shown(a))
        parsed.append(Agent(clean_line(a["name"]), clean_line(a.get("signature", ""))))
    return tuple(parsed)


def _rules(rules: Any, acc: Account, file: str, problems: list[DatasetError]) -> None:
    """``[rules.CODE]`` tables into ``acc.rules``; each wrong setting is added to ``problems``."""
    if not isinstance(rules, dict):
        raise DatasetError(file, None, "rules", "[rules.CODE] tables", type(rules).__name__)
    for code, spec in rules.items():
        if not isinstance(spec, dict):
            problems.append(DatasetError(file, None, f"rules.{code}", "a table with warn, fail or enabled", shown(spec)))
            continue
        opts = {k: v for k, v in spec.items() if k not in ("warn", "fail", "enabled")}
        wrong = [k for k in ("warn", "fail")
                 if k in spec and (not isinstance(spec[k], (int, float)) or isinstance(spec[k], bool))]
        for k in wrong:
            problems.append(DatasetError(file, None, f"rules.{code}.{k}", "a number", shown(spec[k]), _rules_hint(code)))
        if not isinstance(spec.get("enabled", True), bool):
            problems.append(DatasetError(file, None, f"rules.{code}.enabled", "true or false (no quotes)",
                                         shown(spec["enabled"]), _rules_hint(code)))
            continue
        if wrong:
            continue
        acc.rules[code.upper()] = RuleOverride(
            enabled=spec.get("enabled", True), warn=spec.get("warn"), fail=spec.get("fail"), options=opts
        )
    if acc.rules:  # (the rule modules are imported only for an account that tunes them)
        from socialtui.rules.engine import setting_problems

        for field, expected, found in setting_problems(acc.rules):
            problems.append(DatasetError(file, None, field, expected, found, _rules_hint(field.split(".")[1])))
