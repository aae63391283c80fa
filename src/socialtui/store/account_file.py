"""Write an Account back as the editable ``account.toml`` (a small TOML writer)."""

from __future__ import annotations

from socialtui.domain.models import Account
from socialtui.domain.timeutil import format_duration, format_timestamp


def _s(value: str) -> str:
    out = value.replace("\\", "\\\\").replace('"', '\\"')
    out = "".join(ch if ch >= " " else f"\\u{ord(ch):04x}" for ch in out)
    return f'"{out}"'


def _dur(td) -> str:
    secs = int(td.total_seconds())
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if secs % size == 0:
            return f"{secs // size}{unit}"
    return f"{secs}s"


def _value(v) -> str | None:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, str):
        return _s(v)
    if isinstance(v, (list, tuple)) and all(isinstance(x, (str, int, float, bool)) for x in v):
        return "[" + ", ".join(_value(x) for x in v) + "]"
    return None


def account_to_toml(acc: Account) -> str:
    lines = ["# socialtui account settings: edit freely; see docs/dataset-format.md", f"handle = {_s(acc.handle)}"]
    if acc.name:
        lines.append(f"name = {_s(acc.name)}")
    lines.append(f"platform = {_s(acc.platform)}")
    for key in ("own_domains", "brand_terms", "trusted_clients"):
        lines.append(f"{key} = {_value(list(getattr(acc, key)))}")
    lines.append(f'sla = "{_dur(acc.sla)}"')
    lines.append(f'window = "{_dur(acc.window)}"')
    if acc.as_of:
        lines.append(f"as_of = {format_timestamp(acc.as_of)}")
    for key, value in sorted(acc.extra.items()):
        v = _value(value)
        if v is not None:
            lines.append(f"{key} = {v}")
    for agent in acc.agents:
        lines += ["", "[[agents]]", f"name = {_s(agent.name)}", f"signature = {_s(agent.signature)}"]
    for code, rule in sorted(acc.rules.items()):
        lines += ["", f"[rules.{code}]"]
        if not rule.enabled:
            lines.append("enabled = false")
        if rule.warn is not None:
            lines.append(f"warn = {rule.warn!r}")
        if rule.fail is not None:
            lines.append(f"fail = {rule.fail!r}")
    if acc.vocabulary:
        lines += ["", "[vocabulary]"] + [f"{k} = {_value(list(v))}" for k, v in sorted(acc.vocabulary.items())]
    return "\n".join(lines) + "\n"


__all__ = ["account_to_toml", "format_duration"]
