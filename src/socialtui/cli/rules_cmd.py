"""``socialtui rules`` and ``socialtui rules explain CODE``."""

from __future__ import annotations

from socialtui.errors import UsageError


def register(sub, parents) -> None:
    p = sub.add_parser("rules", parents=parents, help="list the rules, or explain one",
                       description="List the rulebook's rules; `socialtui rules explain CODE` prints one rule's documentation.")
    p.add_argument("action", nargs="?", choices=("list", "explain"), default="list")
    p.add_argument("code", nargs="?", help="rule code for explain, e.g. RSP004")
    p.set_defaults(func=run)


def _thresholds(spec) -> str:
    def fmt(x):
        if x is None:
            return "—"
        return f"{x * 100:g} %" if spec.rate else f"{x:g}"

    return f"warn {fmt(spec.warn)}, fail {fmt(spec.fail)}" + (" (critical)" if spec.critical else "")


def run(args) -> int:
    from socialtui.rules.registry import all_rules, get_rule

    if args.action == "list":
        for spec in all_rules():
            print(f"{spec.code}  {spec.name:<20} {spec.category:<15} {_thresholds(spec)}")
        print("\nExplain one with: socialtui rules explain CODE")
        return 0
    if not args.code:
        raise UsageError("Which rule? e.g. socialtui rules explain RSP004")
    spec = get_rule(args.code)
    if spec is None:
        raise UsageError(f"No rule {args.code!r}.", "Valid codes: " + ", ".join(s.code for s in all_rules()))
    print(f"{spec.code} {spec.name}  ({spec.category})")
    print(f"Thresholds: {_thresholds(spec)}" + (f"; unit: {spec.unit}" if spec.unit else ""))
    if spec.minimum:
        print(f"Minimum data: {spec.minimum} (below it the verdict is n/a)")
    print(f"Override in account.toml: [rules.{spec.code}] warn = ..., fail = ..., enabled = false")
    print()
    import textwrap

    print(textwrap.dedent("    " + spec.doc).strip())
    return 0
