"""`socialtui health` and `socialtui rules` from the command line: formats, exit codes, errors."""

import json
import shutil

import pytest

from socialtui.cli import main
from tests.conftest import HARBOR, KESTREL


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_exit_codes_follow_fail_on(capsys):
    assert run(capsys, "health", str(HARBOR))[0] == 0
    assert run(capsys, "health", str(HARBOR), "--fail-on", "warn")[0] == 0
    assert run(capsys, "health", str(KESTREL))[0] == 1
    assert run(capsys, "health", str(KESTREL), "--fail-on", "never")[0] == 0
    assert run(capsys, "health", str(KESTREL), "--select", "SLF004")[0] == 0  # warn < fail
    assert run(capsys, "health", str(KESTREL), "--select", "SLF004", "--fail-on", "warn")[0] == 1


def test_bad_input_exits_2_with_a_plain_message(capsys, tmp_path):
    code, out, err = run(capsys, "health", str(KESTREL), "--now", "last friday")
    assert code == 2 and "--now" in err and "Traceback" not in err
    code, _, err = run(capsys, "health", str(KESTREL), "--select", "RSP,NOPE")
    assert code == 2 and "NOPE" in err and "RSP001" in err
    assert run(capsys, "health", str(KESTREL), "--window", "soon")[0] == 2
    assert run(capsys, "health", str(tmp_path / "missing"))[0] == 2
    with pytest.raises(SystemExit) as exc:
        main(["health", str(KESTREL), "--format", "yaml"])
    assert exc.value.code == 2


def test_without_path_and_empty_store_says_how_to_import(capsys):
    code, _, err = run(capsys, "health")
    assert code == 2 and "no account" in err and "socialtui import" in err


def test_json_matches_the_interface_and_is_stable(capsys):
    args = ("health", str(KESTREL), "--now", "2026-11-20T18:00:00Z", "--format", "json")
    first = run(capsys, *args)[1]
    assert run(capsys, *args)[1] == first
    doc = json.loads(first)
    assert list(doc) == ["account", "now", "window", "overall", "critical", "rules"]
    assert (doc["account"], doc["overall"], doc["critical"]) == ("kestrelmobile", "fail", True)
    rule = doc["rules"][0]
    assert list(rule)[:11] == ["code", "name", "category", "verdict", "critical", "figure", "unit", "threshold",
                               "evidence", "suggestion", "reason"]
    assert doc["rules"][1]["threshold"] == {"warn": 0.9, "fail": 0.7}


def test_now_and_window_options_move_the_evaluation(capsys):
    doc = json.loads(run(capsys, "health", str(HARBOR), "--now", "2026-11-18T12:00:00+01:00", "--window", "36h",
                         "--format", "json")[1])
    assert doc["now"] == "2026-11-18T11:00:00Z" and doc["window"]["start"] == "2026-11-16T23:00:00Z"


def test_dataset_without_as_of_uses_its_newest_message(capsys, tmp_path):
    copy = tmp_path / "harbor"
    shutil.copytree(HARBOR, copy)
    toml = (copy / "account.toml").read_text()
    (copy / "account.toml").write_text("\n".join(l for l in toml.splitlines() if not l.startswith("as_of")))
    doc = json.loads(run(capsys, "health", str(copy), "--format", "json")[1])
    assert doc["now"] <= "2026-11-20T18:00:00Z" and doc["now"] > "2026-11-20T00:00:00Z"


def test_account_toml_overrides_and_disables_rules(capsys, tmp_path):
    copy = tmp_path / "kestrel"
    shutil.copytree(KESTREL, copy)
    with open(copy / "account.toml", "a") as f:
        f.write("\n[rules.SLF004]\nwarn = 0.6\nfail = 0.9\n[rules.SLF002]\nenabled = false\n")
    doc = json.loads(run(capsys, "health", str(copy), "--format", "json")[1])
    by = {r["code"]: r for r in doc["rules"]}
    assert "SLF002" not in by and by["SLF004"]["verdict"] == "ok"
    assert by["SLF004"]["threshold"] == {"warn": 0.6, "fail": 0.9}


def test_text_report_groups_security_first_with_words_not_only_colour(capsys):
    out = run(capsys, "health", str(KESTREL))[1]
    assert "\x1b[" not in out  # NO_COLOR is set by conftest
    assert out.index("Security") < out.index("Responsiveness") < out.index("Deflection")
    assert "FAIL SEC004" in out and "WARN SLF004" in out and "evidence: k0337" in out
    assert "52 % of outbound (warn 50 %, fail 80 %)" in out  # rates as percentages


def test_markdown_report_for_a_manager(capsys):
    out = run(capsys, "health", str(KESTREL), "--format", "markdown")[1]
    assert out.startswith("# Account health: @kestrelmobile")
    assert "| Rule |" in out and "*Why it matters:*" in out and "*What to do:*" in out
    assert "### RSP004 unattended-stretch: FAIL" in out
    assert "Evidence: `k0" in out and "\\" not in out.split("Evidence:")[1].split("\n")[0]


@pytest.mark.parametrize("evidence, span", [
    ("dm:c_7", "`dm:c_7`"),  # a code span shows its text as it is: no backslashes before _ * [
    ("msg*1[x]", "`msg*1[x]`"),
    ("a`b", "``a`b``"),  # a backtick inside: a longer fence
    ("`x", "`` `x ``"),
])
def test_markdown_evidence_ids_are_shown_exactly(evidence, span):
    from socialtui.rules.report import _md_code

    assert _md_code(evidence) == span


def test_rules_lists_and_explains(capsys):
    code, out, _ = run(capsys, "rules")
    assert code == 0 and out.index("RSP001") < out.index("SEC004") and "response-rate" in out
    assert "warn < 90 %, fail < 70 %" in out and "fail > 75 %" in out
    code, out, _ = run(capsys, "rules", "explain", "dfl002")
    assert code == 0 and "What it checks" in out and "Suggested fix" in out and "warn ≥ 1, fail ≥ 5 conversations" in out
    assert "[rules.DFL002] warn = ..., fail = ..., enabled = false" in out
    code, out, _ = run(capsys, "rules", "explain", "SEC002")
    assert "[rules.SEC002] fail = ..., enabled = false" in out  # a critical rule has no warn level
    assert "fail on the first instance (critical)" in out
    code, out, _ = run(capsys, "rules", "explain", "SEC003")  # not on the first DM: at ten within an hour
    assert "fail at ≥ 10 near-identical outbound DMs within 1 h (critical)" in out
    code, out, _ = run(capsys, "rules", "explain", "SEC004")  # answered reports leave a warning
    assert "fail while any report is unanswered, warn once all are answered" in out
    code, out, _ = run(capsys, "rules", "explain", "L008")  # X notifies without the handle
    assert "Mastodon" in out and "(Mastodon, X)" not in out
    code, out, _ = run(capsys, "rules", "explain", "RSP002")
    assert "Minimum data: 5 customer turns" in out
    code, out, _ = run(capsys, "rules")
    assert "L002    too-long             holds the reply back" in out and "L006    customers-waiting" in out
    code, out, _ = run(capsys, "rules", "explain", "l001")  # the codes lint prints can be looked up
    assert code == 0 and "L001 deflects" in out and "A nudge" in out and "Suggested fix" in out
    code, out, _ = run(capsys, "rules", "L005")
    assert code == 0 and "holds the reply back" in out and "capital Y" in out
    code, _, err = run(capsys, "rules", "explain", "ZZZ001")
    assert code == 2 and "RSP001" in err and "SEC004" in err


def test_empty_dataset_without_as_of_needs_now(capsys, tmp_path):
    (tmp_path / "account.toml").write_text('handle = "quiet"\n')
    (tmp_path / "messages.jsonl").write_text("")
    code, _, err = run(capsys, "health", str(tmp_path))
    assert code == 2 and "--now" in err and "Traceback" not in err
    code, out, _ = run(capsys, "health", str(tmp_path), "--now", "2026-11-20T18:00:00Z", "--format", "json")
    doc = json.loads(out)
    assert code == 0 and doc["overall"] == "ok"
    assert {r["code"]: r["verdict"] for r in doc["rules"]}["RSP002"] == "n/a"


def test_an_empty_window_says_where_the_messages_are(capsys):
    """An account evaluated long after its last message looks healthy (security ok, the rest n/a):
    stderr says so and names the --now that would judge it; stdout stays the report."""
    code, out, err = run(capsys, "health", str(HARBOR), "--now", "2027-06-01T00:00:00Z", "--format", "json")
    assert json.loads(out)["overall"] in ("ok", "n/a", "warn", "fail")
    assert "no message between 2027-05-25T00:00:00Z and 2027-06-01T00:00:00Z" in err
    newest = err.split("--now ")[-1].strip()
    code, out, err = run(capsys, "health", str(HARBOR), "--now", newest)
    assert err == "" and "window" in out  # the suggested --now has messages to judge
    code, out, err = run(capsys, "health", str(HARBOR), "--now", "2020-01-01T00:00:00Z")
    assert "the messages start at" in err and "later --now" in err


@pytest.mark.parametrize("code, figure, unit, shown", [
    ("RSP001", 1, "conversations", "1 conversation (warn 1, fail 10)"),
    ("RSP001", 2, "conversations", "2 conversations (warn 1, fail 10)"),
    ("BRD003", 1, "people", "1 person (warn 1, fail 10)"),
    ("RSP002", 1.0, "answered", "100 % answered (warn 100 %, fail 1000 %)"),  # a rate keeps its words
])
def test_a_count_of_one_reads_in_the_singular(code, figure, unit, shown):
    from socialtui.rules.base import Verdict
    from socialtui.rules.registry import all_rules
    from socialtui.rules.report import figure_text

    all_rules()  # (a verdict comes from an evaluation, which has registered the rules)
    v = Verdict(code, "x", "responsiveness", "warn", False, figure, unit, {"warn": 1, "fail": 10}, [], "", "")
    assert figure_text(v) == shown


def codes_of(out: str) -> list[str]:
    return [r["code"] for r in json.loads(out)["rules"]]


def test_select_and_ignore_take_categories_and_rule_names_as_rules_lists_them(capsys):
    """`socialtui rules` shows each rule's name and category; before, --select self-centred was
    "no rule matches SELF-CENTRED" (and MIX001, in that category, has no SLF prefix)."""
    code, out, _ = run(capsys, "health", str(KESTREL), "--format", "json", "--select", "Self-Centred")
    assert codes_of(out) == ["SLF001", "SLF002", "SLF003", "SLF004", "SLF005", "MIX001"]
    code, out, _ = run(capsys, "health", str(KESTREL), "--format", "json", "--select", "left-waiting,sec004")
    assert codes_of(out) == ["RSP001", "SEC004"]
    code, out, _ = run(capsys, "health", str(KESTREL), "--format", "json", "--ignore", "security,responsiveness")
    assert not any(c.startswith(("SEC", "RSP")) for c in codes_of(out)) and "BRD001" in codes_of(out)


def test_select_errors_name_what_was_typed_and_what_is_accepted(capsys):
    code, _, err = run(capsys, "health", str(KESTREL), "--select", "respons")
    assert code == 2 and err.startswith("socialtui: --select: no rule matches 'respons'.\n")
    assert "categories (responsiveness, broadcast, deflection, self-centred, personal, security)" in err
    assert len(err.splitlines()) == 2
    code, _, err = run(capsys, "health", str(KESTREL), "--select", "l001")
    assert code == 2 and err == ("socialtui: --select: l001 is a composer lint check, not a health rule.\n"
                                 "  Lint a draft with `socialtui lint`; health rules are listed by `socialtui rules`.\n")


@pytest.mark.parametrize("argv, shown", [
    (["--select", "SEC", "--ignore", "sec"], "--select SEC with --ignore sec"),
    (["--ignore", "RSP,BRD,DFL,SLF,MIX,PRS,SEC"], "--ignore RSP,BRD,DFL,SLF,MIX,PRS,SEC"),
])
def test_a_selection_that_leaves_no_rule_is_bad_input_not_a_pass(capsys, argv, shown):
    """Before: no rule at all, overall n/a, exit 0 even with --fail-on warn: a cron job would
    see a healthy account whatever happened."""
    code, out, err = run(capsys, "health", str(KESTREL), "--fail-on", "warn", *argv)
    assert code == 2 and out == ""
    assert err == (f"socialtui: {shown} leaves no rule to evaluate.\n"
                   "  Ignore fewer rules, or select more; `socialtui rules` lists them.\n")


def test_rules_explain_takes_a_rule_or_lint_name_and_says_what_a_category_holds(capsys):
    code, out, _ = run(capsys, "rules", "explain", "Unattended-Stretch")
    assert code == 0 and out.startswith("RSP004 unattended-stretch  (responsiveness)")
    code, out, _ = run(capsys, "rules", "deflects")
    assert code == 0 and out.startswith("L001 deflects  (composer lint)")
    code, out, err = run(capsys, "rules", "explain", "self-centred")
    assert code == 2 and err == ("socialtui: 'self-centred' is a category, not one rule: SLF001, SLF002, SLF003, "
                                 "SLF004, SLF005, MIX001.\n  Explain one with: socialtui rules explain SLF001\n")


@pytest.mark.parametrize("window, problem", [
    ("-7d", "is negative: a window reaches back from --now"),
    ("99999999d", "is longer than 100 years"),  # before: "'99999999d': '99999999d' is longer ... (use e.g. ...)"
    ("7 weeks ago", "is not a duration"),
    ("0d", "is empty: a window of no time holds no messages to judge"),
])
def test_an_odd_window_is_one_sentence_and_an_example(capsys, window, problem):
    code, out, err = run(capsys, "health", str(KESTREL), f"--window={window}")
    assert code == 2 and out == ""
    assert err == f"socialtui: --window {window!r} {problem}.\n  Use e.g. --window 7d or --window 36h\n"


@pytest.mark.parametrize("window, start", [("7 days", "2026-11-13T18:00:00Z"), ("1.5d", "2026-11-19T06:00:00Z"),
                                           ("7d12h", "2026-11-13T06:00:00Z"), ("36500d", "1926-12-15T18:00:00Z")])
def test_windows_people_write_are_understood(capsys, window, start):
    code, out, _ = run(capsys, "health", str(KESTREL), "--window", window, "--format", "json")
    assert code == 1 and json.loads(out)["window"]["start"].startswith(start)


def test_help_says_what_now_defaults_to_for_a_dataset_and_for_the_store(capsys):
    import pytest

    from socialtui.cli import main

    for command in ("health", "queue"):
        with pytest.raises(SystemExit):
            main([command, "--help"])
        shown = " ".join(capsys.readouterr().out.split())
        assert "default: the dataset's as_of or newest message; for the store's account, the clock" in shown, command


@pytest.mark.parametrize("argv, told", [
    (["--select", ""], "--select: '' names no rule."),
    (["--ignore", ""], "--ignore: '' names no rule."),
    (["--select", " , "], "--select: ' , ' names no rule."),
    (["--select", "RSP001,,"], "--select: 'RSP001,,' has an empty entry between its commas."),
    (["--ignore", ",SEC"], "--ignore: ',SEC' has an empty entry between its commas."),
])
def test_an_empty_selection_is_refused_as_an_unknown_name_is(capsys, argv, told):
    """Before: --select "" (an unset shell variable) evaluated every rule, and --ignore "" left
    none out, both without a word."""
    code, out, err = run(capsys, "health", str(KESTREL), *argv)
    assert code == 2 and out == ""
    assert err.startswith(f"socialtui: {told}\n  Use codes (RSP001), prefixes (RSP, SEC), categories (")
    assert len(err.splitlines()) == 2


@pytest.mark.parametrize("command", [["health", str(KESTREL)], ["queue", str(KESTREL), "--limit", "20"]])
def test_on_a_terminal_text_output_fits_its_width_and_says_the_same(command, capsys, monkeypatch):
    """A terminal's own wrapping sent a long reason back to the margin; a pipe keeps whole lines."""
    main(command)
    piped = capsys.readouterr().out
    assert max(map(len, piped.splitlines())) > 80  # (else this test shows nothing)
    for module in ("socialtui.cli.health", "socialtui.cli.queue_cmd"):
        monkeypatch.setattr(f"{module}.terminal_width", lambda stream=None: 80)
    main(command)
    shown = capsys.readouterr().out
    assert max(map(len, shown.splitlines())) <= 80, [line for line in shown.splitlines() if len(line) > 80]
    assert shown.split() == piped.split() or command[0] == "queue"  # (the queue's preview is cut to fit)
    if command[0] == "queue":
        assert [w for w in shown.split() if w.startswith("(k0")] == [w for w in piped.split() if w.startswith("(k0")]
        assert shown.count("why: ") == piped.count("why: ") == 20
    else:  # a continued line starts under its own column, not at the margin
        assert all(line.startswith("  ") for line in shown.splitlines()[3:] if line and not line[0].isupper())


@pytest.mark.parametrize("command", [["rules"], ["rules", "explain", "SEC002"], ["rules", "explain", "L001"],
                                     ["lint", "--dataset", str(KESTREL), "--reply-to", "k0012", "Please call our hotline"]])
def test_rules_and_lint_text_fit_a_terminal_and_keep_their_words(command, capsys, monkeypatch):
    main(command)
    piped = capsys.readouterr().out
    for module in ("socialtui.cli.rules_cmd", "socialtui.cli.lint_cmd"):
        monkeypatch.setattr(f"{module}.terminal_width", lambda stream=None: 60)
    main(command)
    shown = capsys.readouterr().out
    assert max(map(len, shown.splitlines())) <= 60, [line for line in shown.splitlines() if len(line) > 60]
    assert "".join(shown.split()) == "".join(piped.split())  # (the same text, only the line breaks moved)


def test_wrapping_counts_terminal_cells_and_cuts_only_wide_words():
    from rich.cells import cell_len

    from socialtui.rules.report import figure_line, hang

    wrapped = hang("注文した電話がまだ届きません。いつ届きますか？ https://example.org/a/long/path/that/stays/whole", 4, 24)
    assert all(cell_len(line) <= 24 for line in wrapped.splitlines()[:-1]), wrapped
    assert wrapped.splitlines()[-1].strip() == "https://example.org/a/long/path/that/stays/whole"  # (copyable)
    assert "".join(wrapped.split()) == "注文した電話がまだ届きません。いつ届きますか？https://example.org/a/long/path/that/stays/whole"
    # a head that leaves under 20 columns puts the figure on a line of its own
    assert figure_line("RSP001  left-waiting         responsiveness  ", "warn ≥ 1, fail ≥ 10", 50, 8) == \
        "RSP001  left-waiting         responsiveness\n        warn ≥ 1, fail ≥ 10"


def test_a_wide_character_preview_is_cut_to_the_terminal_in_cells(tmp_path, capsys, monkeypatch):
    from rich.cells import cell_len

    (tmp_path / "account.toml").write_text('handle = "brand"\nas_of = "2026-11-20T18:00:00Z"\n')
    (tmp_path / "messages.jsonl").write_text(json.dumps(
        {"id": "m1", "kind": "mention", "direction": "in", "author": {"handle": "anna"},
         "text": "@brand 注文した電話がまだ届きません。いつ届きますか？🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉",
         "created_at": "2026-11-20T10:00:00Z"}) + "\n")
    monkeypatch.setattr("socialtui.cli.queue_cmd.terminal_width", lambda stream=None: 80)
    assert main(["queue", str(tmp_path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert max(cell_len(line) for line in lines) <= 80, lines
    assert any("注文" in line and line.endswith("…") for line in lines), lines
