"""Render a HealthReport as text (terminal), Markdown (a manager's report) or JSON."""

from __future__ import annotations

import re

import orjson

from socialtui.domain.timeutil import format_timestamp
from socialtui.rules.base import CATEGORIES, CATEGORY_TITLES, REGISTRY, SEVERITY, Verdict
from socialtui.rules.engine import HealthReport, report_to_dict

ICONS = {"ok": "✓", "warn": "!", "fail": "✗", "n/a": "–"}
WORDS = {"ok": "OK", "warn": "WARN", "fail": "FAIL", "n/a": "N/A"}
COLORS = {"ok": ("green",), "warn": ("yellow",), "fail": ("red", "bold"), "n/a": ("dim",)}


def format_value(v: Verdict, x) -> str:
    if x is None:
        return "-"
    spec = REGISTRY.get(v.code)
    if spec is not None and spec.rate:
        return f"{x * 100:.0f} %"
    if isinstance(x, float):
        return f"{x:.1f}".rstrip("0").rstrip(".")
    return str(x)


def figure_text(v: Verdict) -> str:
    """``"42 % of replies (warn > 15 %, fail > 30 %)"``."""
    if v.verdict == "n/a" and v.figure is None:
        return "n/a"
    parts = [p for p in (f"warn {format_value(v, v.threshold.get('warn'))}" if v.threshold.get("warn") is not None else "",
                         f"fail {format_value(v, v.threshold.get('fail'))}" if v.threshold.get("fail") is not None else "") if p]
    limits = f" ({', '.join(parts)})" if parts else ""
    figure = format_value(v, v.figure)
    unit = SINGULAR.get(v.unit, v.unit) if figure == "1" else v.unit
    return f"{figure} {unit}".strip() + limits


# A count of one reads "1 conversation", not "1 conversations" (rates and the JSON keep the unit).
SINGULAR = {"conversations": "conversation", "messages": "message", "DMs per hour": "DM per hour",
            "hours": "hour", "minutes": "minute", "people": "person", "posts per 24h": "post per 24h",
            "reports": "report", "complaints": "complaint"}


def grouped(report: HealthReport) -> list[tuple[str, list[Verdict]]]:
    """Categories in display order (security first), rules worst first within each."""
    out = []
    for cat in CATEGORIES:
        rules = [v for v in report.rules if v.category == cat]
        if rules:
            rules.sort(key=lambda v: (-SEVERITY[v.verdict], v.code))
            out.append((cat, rules))
    return out


def render_json(report: HealthReport) -> str:
    return orjson.dumps(report_to_dict(report), option=orjson.OPT_INDENT_2).decode()


def hang(text: str, indent: int, width: int | None, first: int | None = None) -> str:
    """``text`` indented by ``indent`` spaces (its first line by ``first``), wrapped to ``width``
    terminal cells (None: one line). A word is split only when it is of wide characters (CJK is
    written without spaces) and longer than a line: an id or a URL stays whole, copyable."""
    from rich.cells import cell_len

    lead = " " * (indent if first is None else first)
    if width is None:
        return lead + text
    room = max(1, width - indent)
    words = []
    for word in text.split():
        size = cell_len(word)
        if size > room and size != len(word):  # (wide characters: cut between them)
            piece = ""
            for ch in word:
                if cell_len(piece + ch) > room:
                    words.append(piece)
                    piece = ""
                piece += ch
            word = piece
        words.append(word)
    lines, line, used = [], lead, len(lead)
    for word in words:
        size = cell_len(word)
        if line.strip() and used + 1 + size > width:
            lines.append(line)
            line, used = " " * indent, indent
        line, used = (line + " " + word, used + 1 + size) if line.strip() else (line + word, used + size)
    lines.append(line)
    return "\n".join(lines)


def figure_line(head: str, figure: str, width: int | None, indent: int) -> str:
    """``head`` then ``figure`` on one line, the figure wrapping under itself; when the head leaves
    it under 20 columns (a narrow terminal) the figure gets a line of its own, indented by ``indent``."""
    column = len(head)
    if width is not None and width - column < 20:
        return head.rstrip() + "\n" + hang(figure, indent, width)
    return head + hang(figure, column, width)[column:]


def render_text(report: HealthReport, color: bool = False, style=None, width: int | None = None) -> str:
    """The report for a terminal or a script; ``width``: wrap each line to it, continuing under
    its own column (a terminal's own wrapping went back to the margin)."""
    def st(text, *names):
        return style(text, *names, enabled=color) if style else text

    lines = [
        f"@{report.account}  overall {st(ICONS[report.overall] + ' ' + WORDS[report.overall], *COLORS[report.overall])}"
        + (st("  CRITICAL: security alert", "red", "bold", "reverse") if report.critical else ""),
        f"window {format_timestamp(report.window_start)} .. {format_timestamp(report.window_end)}",
    ]
    for cat, rules in grouped(report):
        lines.append("")
        lines.append(st(CATEGORY_TITLES[cat], "bold"))
        for v in rules:
            badge = st(f"{ICONS[v.verdict]} {WORDS[v.verdict]:<4}", *COLORS[v.verdict])
            head = f"{v.code} {v.name:<20} "
            lines.append(f"  {badge} " + figure_line(" " * 9 + head, figure_text(v), width, 9)[9:])
            if v.reason:
                lines.append(hang(v.reason, 9, width))
            if v.evidence and v.verdict in ("warn", "fail"):
                more = f" (+{len(v.evidence) - 8} more)" if len(v.evidence) > 8 else ""
                lines.append(hang(f"evidence: {', '.join(v.evidence[:8])}{more}", 19, width, first=9))
            if v.suggestion and v.verdict in ("warn", "fail"):
                lines.append(hang(f"→ {v.suggestion}", 11, width, first=9))
    return "\n".join(lines)


def _md(text: str) -> str:
    """Escape untrusted or free text for a Markdown table cell or paragraph."""
    out = []
    for ch in str(text):
        out.append("\\" + ch if ch in "\\`*_{}[]()<>#+!|~" else ch)
    return "".join(out).replace("\n", " ")


def _md_code(text: str) -> str:
    """A code span holding ``text`` exactly: backslashes are literal there, so nothing is
    escaped; the fence is one backtick longer than the longest run inside, and padded with a
    space when the text starts or ends with one."""
    text = " ".join(str(text).splitlines())
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def render_markdown(report: HealthReport) -> str:
    counts = {k: sum(1 for v in report.rules if v.verdict == k) for k in ("fail", "warn", "ok", "n/a")}
    lines = [
        f"# Account health: @{_md(report.account)}",
        "",
        f"Evaluated at {format_timestamp(report.now)} over the window {format_timestamp(report.window_start)} "
        f"to {format_timestamp(report.window_end)}.",
        "",
        f"**Overall: {WORDS[report.overall]}** — {counts['fail']} failing, {counts['warn']} warning, "
        f"{counts['ok']} ok, {counts['n/a']} not enough data.",
    ]
    if report.critical:
        lines += ["", "> **Security alert:** at least one security rule failed. Check the account's sessions and "
                      "connected apps now, change the password, and answer every customer who reported it."]
    lines += ["", "| | Rule | Result | Figure |", "|---|---|---|---|"]
    for cat, rules in grouped(report):
        for v in rules:
            lines.append(f"| {ICONS[v.verdict]} | {v.code} {v.name} | {WORDS[v.verdict]} | {_md(figure_text(v))} |")
    for cat, rules in grouped(report):
        bad = [v for v in rules if v.verdict in ("warn", "fail")]
        if not bad:
            continue
        lines += ["", f"## {CATEGORY_TITLES[cat]}"]
        for v in bad:
            spec = REGISTRY.get(v.code)
            why = _section(spec.doc if spec else "", "Why it matters")
            lines += ["", f"### {v.code} {v.name}: {WORDS[v.verdict]}", "", _md(v.reason or "")]
            if why:
                lines += ["", f"*Why it matters:* {_md(why)}"]
            if v.suggestion:
                lines += ["", f"*What to do:* {_md(v.suggestion)}"]
            if v.evidence:
                lines += ["", "Evidence: " + ", ".join(_md_code(e) for e in v.evidence[:15])]
    return "\n".join(lines) + "\n"


def _section(doc: str, title: str) -> str:
    """One section of a rule docstring, as a single paragraph."""
    out, take = [], False
    for line in doc.splitlines():
        s = line.strip()
        if s.endswith(":") and s[:-1] in ("What it checks", "Why it matters", "Example", "Suggested fix"):
            take = s[:-1] == title
            continue
        if take and s:
            out.append(s)
        elif take and out and not s:
            break
    return " ".join(out)


def doc_sections(doc: str) -> dict[str, str]:
    return {t: _section(doc, t) for t in ("What it checks", "Why it matters", "Example", "Suggested fix")}
