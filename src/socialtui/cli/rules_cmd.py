"""``socialtui rules`` and ``socialtui rules explain CODE``."""

from __future__ import annotations

import sys
import textwrap

from socialtui.cli.common import terminal_width
from socialtui.errors import UsageError
from socialtui.rules.report import figure_line, hang

# How each rule compares its figure with a threshold, as the RULEBOOK writes it
# ("≥ 10" includes 10, "> 50 %" is strict, response rate is "lower is worse").
COMPARISON = {"RSP001": "≥", "RSP002": "<", "BRD003": "≥", "DFL002": "≥", "MIX001": "≥"}
EXTRA_CONDITION = {"RSP001": "or any waiting longer than 4 × the SLA"}
# Security rules whose verdict is not simply "fail on the first instance" (RULEBOOK).
CRITICAL_DEFAULTS = {
    "SEC003": "fail at ≥ {fail:g} near-identical outbound DMs within 1 h (critical)",
    "SEC004": "fail while any report is unanswered, warn once all are answered (critical)",
}


def register(sub, parents) -> None:
    p = sub.add_parser("rules", parents=parents, help="list the rules, or explain one",
                       description="List the rulebook's rules; `socialtui rules explain CODE` prints one rule's "
                                   "documentation, defaults and minimum data.")
    p.add_argument("action", nargs="?", default="list", metavar="{list,explain}",
                   help="list (default) or explain; a rule code alone explains that rule")
    p.add_argument("code", nargs="?", help="rule code for explain, any case, e.g. RSP004 or L001 (or a rule's "
                                           "name, e.g. unattended-stretch)")
    p.set_defaults(func=run)


def thresholds_text(spec) -> str:
    """``"warn > 50 %, fail > 75 %"``; most security rules fail on the first instance."""
    if spec.critical:
        return CRITICAL_DEFAULTS.get(spec.code, "fail on the first instance (critical)").format(fail=spec.fail or 1)
    op = COMPARISON.get(spec.code, ">")

    def fmt(x):
        return f"{x * 100:g} %" if spec.rate else f"{x:g}"

    parts = [f"{name} {op} {fmt(x)}" for name, x in (("warn", spec.warn), ("fail", spec.fail)) if x is not None]
    if parts and spec.unit and not spec.rate:
        parts[-1] += f" {spec.unit}"
    extra = EXTRA_CONDITION.get(spec.code)
    return ", ".join(parts) + (f" {extra}" if extra else "")


def run(args) -> int:
    from socialtui.lint.docs import LINT_DOCS
    from socialtui.rules.registry import all_rules

    if args.action not in ("list", "explain"):
        if args.code is None and _find(args.action) is not None:
            args.action, args.code = "explain", args.action
        else:
            raise UsageError(f"rules: {args.action!r} is neither list, explain nor a rule code or name.",
                             "List them with: socialtui rules; explain one with: socialtui rules explain CODE")
    if args.action == "list" and args.code:
        raise UsageError(f"Unexpected {args.code!r}.", f"Did you mean: socialtui rules explain {args.code}")
    width = terminal_width(sys.stdout)  # (a terminal: lines wrap under their own column; a pipe: whole)
    if args.action == "list":
        for spec in all_rules():
            print(figure_line(f"{spec.code}  {spec.name:<20} {spec.category:<15} ", thresholds_text(spec), width, 8))
        print("\nComposer lint (socialtui lint, and live in the composer):")
        for doc in LINT_DOCS.values():
            print(f"{doc.code}    {doc.name:<20} {'holds the reply back' if doc.blocks else 'a nudge'}")
        print("\nExplain one with: socialtui rules explain CODE")
        return 0
    if not args.code:
        raise UsageError("Which rule?", "e.g. socialtui rules explain RSP004")
    spec = _find(args.code)
    if spec in LINT_DOCS.values():
        return _explain_lint(spec, width)
    if spec is None:
        in_category = [s.code for s in all_rules() if s.category == args.code.strip().lower()]
        if in_category:
            raise UsageError(f"{args.code!r} is a category, not one rule: {', '.join(in_category)}.",
                             f"Explain one with: socialtui rules explain {in_category[0]}")
        raise UsageError(f"No rule {args.code!r}.", "Valid codes: " + ", ".join([s.code for s in all_rules()]
                                                                            + list(LINT_DOCS)))
    print(f"{spec.code} {spec.name}  ({spec.category}{', critical' if spec.critical else ''})")
    print(hang(f"Defaults: {thresholds_text(spec)}" + (f"; figure in {spec.unit}" if spec.unit else "")
               + ("; rates are fractions in account.toml (0.5 = 50 %)" if spec.rate else ""), 2, width, first=0))
    if spec.minimum:
        print(hang(f"Minimum data: {spec.minimum} (below it the verdict is n/a; [rules.{spec.code}] minimum = N "
                   "changes it)", 2, width, first=0))
    elif spec.critical:
        print("Minimum data: none (security rules are never n/a)")
    levels = [f"{level} = ..." for level in ("warn", "fail") if getattr(spec, level) is not None]
    print(hang(f"Override in account.toml: [rules.{spec.code}] {', '.join([*levels, 'enabled = false'])}", 2, width,
               first=0))
    print()
    print(refill(textwrap.dedent("    " + spec.doc).strip(), width))
    return 0


def refill(doc: str, width: int | None) -> str:
    """A rule's documentation, its paragraphs wrapped again for a terminal narrower than they
    were written for; a heading line ("What it checks:") stays a line of its own."""
    if width is None or max(map(len, doc.splitlines()), default=0) <= width:
        return doc
    blocks = []
    for block in doc.split("\n\n"):
        lines = block.splitlines()
        heading = [lines.pop(0)] if lines and lines[0].endswith(":") and len(lines[0]) < 40 else []
        joined = "\n".join(lines).replace("/\n", "/").replace("\n", " ")  # ("login/verify/confirm/" + "password")
        body = [hang(joined, 0, width)] if lines else []
        blocks.append("\n".join(heading + body))
    return "\n\n".join(blocks)


def _find(code: str):
    """The rule's spec or the lint check's doc that ``code`` names: its code or its name, any case."""
    from socialtui.lint.docs import LINT_DOCS
    from socialtui.rules.registry import all_rules, get_rule

    word = code.strip().lower()
    return (LINT_DOCS.get(word.upper()) or get_rule(word)
            or next((s for s in [*all_rules(), *LINT_DOCS.values()] if s.name == word), None))


def _explain_lint(doc, width: int | None) -> int:
    print(f"{doc.code} {doc.name}  (composer lint{', holds the reply back: ' + doc.blocks if doc.blocks else ''})")
    if not doc.blocks:
        print("A nudge: the agent can send anyway.")
    for title, body in (("What it checks", doc.checks), ("Why it matters", doc.matters), ("Suggested fix", doc.fix)):
        print(f"\n{title}\n" + hang(body, 2, min(88, width or 88)))
    return 0

