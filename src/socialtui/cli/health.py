"""``socialtui health``: the rulebook's verdicts."""

from __future__ import annotations

import sys

from socialtui.cli.common import style, terminal_progress, terminal_width, use_color
from socialtui.cli.source import add_source_arguments, now_and_window, open_source
from socialtui.domain.timeutil import format_duration, format_timestamp
from socialtui.errors import UsageError
from socialtui.rules.base import SEVERITY


def register(sub, parents) -> None:
    p = sub.add_parser("health", parents=parents, help="the rulebook's verdicts for an account",
                       description="Evaluate every rule of the rulebook. Exit 0, or 1 when the overall verdict "
                                   "reaches --fail-on, 2 for bad input.")
    add_source_arguments(p)
    p.add_argument("--now", metavar="T", help="evaluation time, RFC 3339 with offset (default: the dataset's as_of or "
                                              "newest message; for the store's account, the clock)")
    p.add_argument("--window", metavar="DURATION", help="period to evaluate, ending at --now, e.g. 7d, 36h or 7d12h "
                                                       "(default: the account's window)")
    p.add_argument("--format", choices=("text", "json", "markdown"), default="text")
    p.add_argument("--select", metavar="CODES", help="only these rules, comma-separated: codes, prefixes, categories "
                                                   "or rule names, any case (e.g. RSP,SEC004 or self-centred)")
    p.add_argument("--ignore", metavar="CODES", help="leave out these rules (as --select)")
    p.add_argument("--fail-on", choices=("warn", "fail", "never"), default="fail")
    p.set_defaults(func=run)


def _codes(value: str | None, option: str) -> list[str] | None:
    """Parse a comma list of codes, prefixes (RSP), categories (responsiveness) or rule names
    (left-waiting), any case; a name matching no rule is a usage error."""
    from socialtui.rules.engine import parse_codes, unknown_codes
    from socialtui.lint.docs import LINT_DOCS
    from socialtui.rules.registry import all_rules

    if value is None:
        return None
    categories = ", ".join(dict.fromkeys(spec.category for spec in all_rules()))
    accepted = (f"Use codes (RSP001), prefixes (RSP, SEC), categories ({categories}) or rule names "
                "(left-waiting); `socialtui rules` lists them.")
    words = [w.strip() for w in value.split(",")]
    if not any(words):  # (an unset shell variable: before, every rule was selected, or none ignored)
        raise UsageError(f"{option}: {value!r} names no rule.", accepted)
    if not all(words):  # ("RSP001,$MORE" with MORE unset: a rule meant may be missing)
        raise UsageError(f"{option}: {value!r} has an empty entry between its commas.", accepted)
    by_name: dict[str, list[str]] = {}
    for spec in all_rules():
        by_name.setdefault(spec.category.lower(), []).append(spec.code)
        by_name.setdefault(spec.name.lower(), []).append(spec.code)
    parsed, bad = [], []
    for word in words:
        named = by_name.get(word.lower())
        if named:
            parsed += named
        elif unknown_codes(parse_codes(word)):
            bad.append(word)
        else:
            parsed += parse_codes(word)
    if bad:
        if all(b.upper() in LINT_DOCS for b in bad):
            raise UsageError(f"{option}: {', '.join(bad)} {'is a' if len(bad) == 1 else 'are'} composer lint "
                             f"check{'s' if len(bad) > 1 else ''}, not a health rule.",
                             "Lint a draft with `socialtui lint`; health rules are listed by `socialtui rules`.")
        raise UsageError(f"{option}: no rule matches {', '.join(repr(b) for b in bad)}.", accepted)
    return parsed


def run(args) -> int:
    from socialtui.rules.engine import evaluate
    from socialtui.rules.report import render_json, render_markdown, render_text

    select, ignore = _codes(args.select, "--select"), _codes(args.ignore, "--ignore")
    if (select or ignore) and not _any_left(select, ignore):
        chosen = f"--select {args.select} with --ignore {args.ignore}" if args.select and args.ignore else \
            f"--ignore {args.ignore}" if args.ignore else f"--select {args.select}"
        raise UsageError(f"{chosen} leaves no rule to evaluate.",
                         "Ignore fewer rules, or select more; `socialtui rules` lists them.")
    with terminal_progress() as progress:  # (a million messages: half a minute of reading and rules)
        source = open_source(args, progress)
        now, window = now_and_window(args, source)  # NoNowError: a clear message, exit 2
        snap = source.snapshot(now, window, progress)
        snap.conversations  # (threaded before the rules: the progress line would name that stage to the end)
        report = evaluate(snap, select, ignore, progress)
    empty = _empty_window_note(snap)
    if empty:
        print(empty, file=sys.stderr)
    if args.format == "json":
        out = render_json(report)
    elif args.format == "markdown":
        out = render_markdown(report)
    else:
        out = render_text(report, use_color(sys.stdout), style, width=terminal_width(sys.stdout))
    sys.stdout.write(out if out.endswith("\n") else out + "\n")
    if args.fail_on == "never" or report.overall == "n/a":
        return 0
    return 1 if SEVERITY[report.overall] >= SEVERITY[args.fail_on] else 0


def _any_left(select, ignore) -> bool:
    from socialtui.rules.engine import selected_rules

    return bool(selected_rules(select, ignore))


def _empty_window_note(snap) -> str | None:
    """What to do when the window holds no message at all (an archive imported months later and
    evaluated at the wall clock): every rule is n/a or trivially ok, which looks like health."""
    if snap.in_window:
        return None
    start, end = format_timestamp(snap.window_start), format_timestamp(snap.now)
    messages = snap.dataset.messages  # in time order
    if not messages:
        return (f"note: there are no messages, so nothing between {start} and {end} could be judged "
                "(a live account: `socialtui sync`; an archive: `socialtui import --help`).")
    newest = messages[-1].created_at
    if newest > snap.now:  # only later messages: --now lies before them
        oldest = messages[0].created_at
        return (f"note: no message between {start} and {end}; the messages start at {format_timestamp(oldest)}, "
                f"so a later --now would judge them.")
    return (f"note: no message between {start} and {end}: the newest is from {format_timestamp(newest)}. "
            f"To judge the {format_duration(snap.window)} window up to it: --now {format_timestamp(newest)}")
