"""Hostile datasets through the commands: a clear error or a safe display, never a crash."""

import json
import os
from pathlib import Path

import pytest

from socialtui.cli import main
from tests.conftest import FIXTURES

HOSTILE = FIXTURES / "hostile"


@pytest.mark.parametrize("args", [
    ["health", str(HOSTILE / "valid")],
    ["health", str(HOSTILE / "valid"), "--format", "markdown"],
    ["queue", str(HOSTILE / "valid")],
    ["export", str(HOSTILE / "valid"), "--all"],
    ["validate", str(HOSTILE / "valid")],
])
def test_commands_show_hostile_text_without_control_sequences(args, capsys):
    assert main(args) in (0, 1)
    out = capsys.readouterr()
    assert "\x1b" not in out.out and "\x07" not in out.out and "Traceback" not in out.err
    assert "\u202e" not in out.out


def test_queue_json_of_hostile_dataset_is_valid_json(capsys):
    assert main(["queue", str(HOSTILE / "valid"), "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    ids = [c["id"] for c in doc["conversations"]]
    assert "h-chain-0" in ids and "h-cycle-a" in ids


@pytest.mark.parametrize("name, expected", [
    ("broken-utf8", "UTF-8"),
    ("broken-duplicate-id", "unique id"),
    ("broken-no-offset", "offset"),
    ("broken-binary", "messages.jsonl:1"),
    ("broken-truncated", "JSON"),
    ("broken-account", "handle"),
])
@pytest.mark.parametrize("command", ["validate", "health", "queue"])
def test_broken_datasets_exit_2_with_a_named_problem(name, expected, command, capsys):
    assert main([command, str(HOSTILE / name)]) == 2
    err = capsys.readouterr().err
    assert expected in err and "Traceback" not in err


def test_empty_dataset_is_fine(capsys):
    assert main(["validate", str(HOSTILE / "empty")]) == 0
    assert "messages      0" in capsys.readouterr().out
    assert main(["health", str(HOSTILE / "empty"), "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["overall"] in ("ok", "n/a") and not doc["critical"]


@pytest.mark.parametrize("command", [["health"], ["queue"], ["export", "--all"]])
def test_empty_dataset_without_as_of_asks_for_now_instead_of_crashing(command, tmp_path, capsys):
    (tmp_path / "account.toml").write_text('handle = "brand"\nplatform = "mastodon"\n', encoding="utf-8")
    (tmp_path / "messages.jsonl").write_bytes(b"")
    assert main([command[0], str(tmp_path), *command[1:]]) == 2
    err = capsys.readouterr().err
    assert "no 'now' to evaluate at" in err and "--now" in err and "Traceback" not in err
    assert main([command[0], str(tmp_path), *command[1:], "--now", "2026-11-20T18:00:00Z"]) == 0


def test_an_empty_conversation_id_is_not_every_conversation(capsys):
    assert main(["export", "kestrel", "--conversation", ""]) == 2
    captured = capsys.readouterr()
    assert "No conversation or message ''" in captured.err and captured.out == ""


@pytest.mark.parametrize("command", [["lint"], ["reply", "--yes", "--dataset", "kestrel", "k0574"]])
def test_text_that_is_not_utf8_is_refused_before_anything_is_sent(command, monkeypatch, capsys):
    import io
    import sys

    from socialtui.store import Store

    # as an argument: Python hands the undecodable byte over as a lone surrogate
    assert main([*command, "Hi \udcff there"]) == 2
    err = capsys.readouterr().err
    assert "not valid UTF-8 (byte 0xff at character 4)" in err and "Traceback" not in err
    # on stdin
    fake = io.TextIOWrapper(io.BytesIO(b"Hi \xe2\x82 there"), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", fake)
    monkeypatch.setattr(fake, "isatty", lambda: False)
    assert main([*command, "-"]) == 2
    captured = capsys.readouterr()
    assert "not valid UTF-8 (byte 0xe2 at byte 4)" in captured.err and "Reply to" not in captured.out
    store = Store(os.environ["SOCIALTUI_DATA_DIR"])
    assert store.sent_messages("demo:kestrelmobile") == []


@pytest.mark.parametrize("text", ["", "  \n"])
def test_an_empty_draft_is_not_linted_as_fine(text, capsys):
    assert main(["lint", text]) == 2
    captured = capsys.readouterr()
    assert "Nothing to lint: the draft is empty." in captured.err and "No findings" not in captured.out


def test_a_data_dir_that_is_a_file_or_read_only_is_named(tmp_path, monkeypatch, capsys):
    from filelock import FileLock

    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x")
    monkeypatch.setenv("SOCIALTUI_DATA_DIR", str(blocker))
    assert main(["export", "kestrel", "--all"]) == 3
    err = capsys.readouterr().err
    assert f"Cannot use the data directory {blocker}: it is a file" in err and "--data-dir" in err
    monkeypatch.setenv("SOCIALTUI_DATA_DIR", str(tmp_path / "data"))

    def read_only(self, *args, **kwargs):
        raise OSError(30, "Read-only file system")

    monkeypatch.setattr(FileLock, "acquire", read_only)
    assert main(["reply", "--dataset", "kestrel", "k0574", "hello", "--yes"]) == 3
    err = capsys.readouterr().err
    assert "Cannot write to the data directory" in err and "Read-only file system" in err
    assert "--data-dir" in err and "Traceback" not in err


@pytest.mark.parametrize("content, problem", [
    ('{"format":1,"sent":{"1":{"id":"x"}}}', "'sent' table cannot be read"),
    ('{"format":1,"sent":{"1":{"id":"x","kind":"reply","direction":"out","author":{"handle":"b"},"text":"t",'
     '"created_at":"bad"}}}', "'sent' table cannot be read"),
    ('{"format":1,"meta":5}', "a table in it is not a set of entries"),
    ('{"format":1,"sent":{"1":5}}', "a table in it is not a set of entries"),
    ('{"format":"1"}', "not a socialtui store file (its format is '1'"),
    ('{"format":1,"conversations":{"1":{"conversation":"k1","status":7}}}', "unknown status 7"),
    ('{"format":1,"conversations":{"1":{"conversation":"k1","status":"done","changed_at":"2026-11-20T10:00:00"}}}',
     "has no UTC offset"),
    ('{"format":1,"notes":{"1":{"conversation":"k0574"}}}', "a note lacks its text or time"),
    ('{"format":1,"conversations":{"1":{"conversation":["k1"],"status":"done"}}}', "without a conversation id"),
    ('{"format":1,"conversations":{"1":{"conversation":"k1","status":"done","tags":"abc"}}}', "tags must be a list"),
])
def test_a_state_file_of_the_wrong_shape_is_named_not_a_traceback(content, problem, capsys):
    assert main(["reply", "--dataset", "kestrel", "k0574", "hello", "--yes"]) == 0
    state = next(Path(os.environ["SOCIALTUI_DATA_DIR"]).glob("workspaces/*/state.json"))
    state.write_text(content, encoding="utf-8")
    capsys.readouterr()
    assert main(["export", "kestrel", "--conversation", "k0574"]) == 3
    err = capsys.readouterr().err
    assert str(state) in err and problem in err and "Traceback" not in err
    assert state.read_text(encoding="utf-8") == content  # left untouched for the user to look at


@pytest.mark.parametrize("args, problem", [
    (["--window", "0d"], "is empty"),
    (["--window", "99999999d"], "longer than 100 years"),
    (["--now", "9999-12-31T23:59:59Z"], "year 9999 is outside 1900-9000"),
    (["--now", "yesterday"], "not an RFC 3339 time with offset"),
])
def test_durations_and_times_that_cannot_be_used_say_why(args, problem, capsys):
    assert main(["health", "kestrel", *args]) == 2
    assert problem in capsys.readouterr().err


@pytest.mark.parametrize("line", ['sla = "0m"', 'window = "0d"'])
def test_a_zero_sla_or_window_in_account_toml_is_refused(line, tmp_path, capsys):
    (tmp_path / "account.toml").write_text(f'handle = "brand"\n{line}\n', encoding="utf-8")
    (tmp_path / "messages.jsonl").write_bytes(b"")
    assert main(["health", str(tmp_path), "--now", "2026-11-20T18:00:00Z"]) == 2
    assert "longer than zero" in capsys.readouterr().err


def test_a_bad_monitor_interval_in_the_config_names_the_file(tmp_path, capsys):
    config = tmp_path / "config.toml"
    config.write_text('[monitor]\ninterval = "abc"\n', encoding="utf-8")
    assert main(["monitor", "--config", str(config), "--dataset", "kestrel", "--once", "--no-sync"]) == 2
    assert f"[monitor] interval = 'abc' in {config} is not a duration" in capsys.readouterr().err


@pytest.mark.parametrize("command", [["health", "kestrel"], ["queue", "kestrel"]])
def test_a_config_file_named_but_missing_is_an_error_not_the_defaults(command, tmp_path, capsys):
    missing = tmp_path / "typo-config.toml"
    assert main(["--config", str(missing), *command]) == 2
    err = capsys.readouterr().err
    assert f"No config file {missing}." in err and "leave --config out" in err


def test_a_broken_account_toml_does_not_block_the_other_accounts(capsys):
    from socialtui.store import Store
    from tests.builders import account, msg

    store = Store(os.environ["SOCIALTUI_DATA_DIR"])
    for handle in ("brandx", "brandm"):
        store.put_account(account(handle=handle))
        store.add_messages(handle, [msg("mention", "in", f"@{handle} hello?", id=f"{handle}-1")])
    broken = next(Path(os.environ["SOCIALTUI_DATA_DIR"]).glob("accounts/brandm/account.toml"))
    broken.write_text("handle = \n", encoding="utf-8")
    assert main(["health", "--account", "brandx", "--now", "2026-11-20T18:00:00Z", "--format", "json"]) in (0, 1)
    assert json.loads(capsys.readouterr().out)["account"] == "brandx"
    assert main(["health", "--now", "2026-11-20T18:00:00Z"]) == 2  # unnamed: the broken one is reported
    assert "brandm" in capsys.readouterr().err


@pytest.mark.parametrize("args", [["queue", str(HOSTILE / "valid")],
                                  ["export", str(HOSTILE / "valid"), "--all", "--format", "markdown"]])
def test_a_stranger_showing_the_accounts_own_handle_is_marked_in_text_output(args, capsys):
    assert main(args) == 0
    lines = [line for line in capsys.readouterr().out.splitlines() if "@kestrelmobile" in line
             and ("h-rlo" in line or "h-zwj" in line or line.startswith("With "))]
    assert lines and all("⚠look-alike @kestrelmobile" in line or "⚠look-alike **@kestrelmobile**" in line
                         for line in lines)


def test_a_theme_from_the_config_that_does_not_exist_names_the_file(tmp_path, capsys):
    config = tmp_path / "config.toml"
    config.write_text('theme = "nope"\n', encoding="utf-8")
    assert main(["--config", str(config), "demo"]) == 2
    assert f"{config}: theme = 'nope': No theme named 'nope'" in capsys.readouterr().err


def test_rules_with_a_code_alone_explains_it(capsys):
    assert main(["rules", "sec001"]) == 0
    assert capsys.readouterr().out.startswith("SEC001 unknown-client")
    assert main(["rules", "SECX"]) == 2
    assert "neither list, explain nor a rule code" in capsys.readouterr().err


@pytest.mark.parametrize("args", [
    ["queue", "kestrel"], ["queue", "kestrel", "--format", "json"], ["health", "kestrel"], ["rules"],
])
def test_output_to_a_full_disk_is_a_plain_error_with_its_own_exit_status(args, tmp_path):
    """The output of a command sent to /dev/full (as to a file on a full disk): a traceback
    before, from whichever print met the full disk, or nothing at all for a short output."""
    import subprocess
    import sys

    with open("/dev/full", "w") as full:
        done = subprocess.run([sys.executable, "-m", "socialtui", "--data-dir", str(tmp_path), *args],
                              stdout=full, stderr=subprocess.PIPE, text=True, timeout=60)
    assert done.returncode == 3, done.stderr
    assert done.stderr == ("socialtui: Cannot write the output: No space left on device.\n"
                           "  Free some space, or send it somewhere else (a file on another disk, a pipe).\n")


def test_a_reader_that_stops_early_is_not_an_error(tmp_path):
    import subprocess
    import sys

    shown = subprocess.run(f"{sys.executable} -m socialtui --data-dir {tmp_path} queue kestrel | head -1",
                           shell=True, capture_output=True, text=True, timeout=60)
    assert shown.stdout.startswith("   1 hijack-report") and shown.stderr == ""


@pytest.mark.parametrize("now, problem", [
    ("2026-13-01T00:00:00Z", "month 13 is out of range (01-12)"),
    ("2026-02-29T12:00:00Z", "day 29 is out of range for 2026-02 (01-28)"),
    ("2026-11-20T24:00:00Z", "hour 24 is out of range (00-23)"),
    ("2026-11-20T18:60:00+01:00", "minute 60 is out of range (00-59)"),
    ("2026-11-20T18:00:00+24:00", "the offset +24:00 is out of range (up to +23:59)"),
    ("2026-11-20T18:00:00", "it has no UTC offset (add Z for UTC, or e.g. +01:00)"),
    ("2026-11-20", "a date without a time and offset (add e.g. T18:00:00Z)"),
    ("7d", "a duration, not a point in time"),
    ("last friday", "not an RFC 3339 time with offset"),
])
def test_a_now_that_is_not_a_time_names_what_is_wrong_and_the_format(now, problem, capsys):
    """Before: month 13 or hour 24 was "not an RFC 3339 time with offset", as if the offset
    were missing."""
    assert main(["health", "kestrel", "--now", now]) == 2
    assert capsys.readouterr().err == (f"socialtui: --now {now!r}: {problem}\n"
                                       "  Use e.g. --now 2026-11-20T18:00:00Z (RFC 3339: date, T, time, offset)\n")


@pytest.mark.parametrize("argv, told, hint", [
    (["health", ""], "PATH is empty.", "leave PATH out to use the local store's account."),
    (["validate", ""], "PATH is empty.", ". is the current directory."),
    (["import", "x-archive", ""], "PATH is empty.", "Give the archive's .zip file or unpacked folder"),
    (["reply", "--dataset", "", "k0574", "hello", "--yes"], "--dataset is empty.", "socialtui reply --help"),
    (["lint", "--dataset", "kestrel", "--reply-to", "", "Thanks!"], "--reply-to is empty.", "--reply-to out"),
    (["monitor", "--once", "--no-sync", "--on-alert", " "], "--on-alert is empty (only spaces).", "--on-alert out"),
    (["export", "kestrel", "--all", "-o", ""], "--output is empty.", "--output out"),
    (["--data-dir", "", "queue"], "--data-dir is empty.", "--data-dir out"),
    (["queue", "kestrel", "--config", ""], "--config is empty.", "--config out"),
    (["health", "kestrel", "--account", ""], "--account is empty.", "--account out"),
])
def test_an_option_given_empty_is_refused_not_taken_as_left_out(argv, told, hint, capsys):
    """Before: an empty value (an unset shell variable) was the option left out: reply --dataset ""
    answered through the store's live account, --on-alert "" paged nobody, -o "" wrote to stdout."""
    assert main(argv) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.startswith(f"socialtui: {told}\n  ") and hint in err and len(err.splitlines()) == 2


def test_a_config_that_is_a_directory_or_not_utf8_says_so_plainly(tmp_path, capsys):
    """Before: "cannot read the config file ([Errno 21] Is a directory: '...')", with no next step."""
    assert main(["--config", str(tmp_path), "health", "kestrel"]) == 2
    assert capsys.readouterr().err == (f"socialtui: {tmp_path}: is a directory, not a config file.\n"
                                       f"  Name the file itself (e.g. {tmp_path / 'config.toml'}), or move the "
                                       "directory aside.\n")
    config = tmp_path / "config.toml"
    config.write_bytes(b'theme = "\xff"\n')
    assert main(["--config", str(config), "health", "kestrel"]) == 2
    assert capsys.readouterr().err == (f"socialtui: {config}: cannot read the config file: it is not UTF-8 text "
                                       "(byte 0xff at position 9).\n  Save it as UTF-8.\n")


@pytest.mark.parametrize("option, value", [("--reply-to", "k0001"), ("--agent", "Dana Kruger")])
def test_lint_options_that_need_the_dataset_show_how_to_give_it(option, value, capsys):
    assert main(["lint", option, value, "thanks, on it"]) == 2
    err = capsys.readouterr().err
    assert f"{option} needs --dataset PATH" in err and "For example: socialtui lint --dataset " in err
    assert value in err.splitlines()[1]


@pytest.mark.parametrize("argv", [["lint", "Thanks", "we", "are", "on", "it"], ["lint", "--", "--now", "-1d"],
                                  ["reply", "k0001", "hello", "there"]])
def test_a_text_given_as_several_arguments_is_told_to_be_quoted(argv, capsys):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "the text must be one argument" in err and "Put it in quotes" in err and "unrecognized" not in err


@pytest.mark.parametrize("argv, told", [(["reply", "k0001", "--yes", "Thanks", "we", "are"], "it came as 3"),
                                        (["reply", "k0001", "Thanks", "-v"], "unrecognized arguments: -v")])
def test_a_text_after_an_option_is_told_too_and_an_unknown_option_is_not_blamed_on_the_text(argv, told, capsys):
    try:
        status = main(argv)
    except SystemExit as exc:  # (argparse's own error ends it so)
        status = exc.code
    assert status == 2
    assert told in capsys.readouterr().err


@pytest.mark.parametrize("kind", ["fifo", "device", "huge"])
def test_an_account_toml_that_is_no_small_file_is_refused_without_reading_it(tmp_path, capsys, kind):
    """A FIFO there made validate wait forever; a link to /dev/zero filled the memory (4 GB in 10 s)."""
    import shutil

    from tests.conftest import KESTREL

    dataset = tmp_path / "kestrel"
    shutil.copytree(KESTREL, dataset)
    target = dataset / "account.toml"
    target.unlink()
    if kind == "fifo":
        os.mkfifo(target)
    elif kind == "device":
        target.symlink_to("/dev/zero")
    else:
        target.write_text('handle = "kestrelmobile"\n' + "# padding\n" * 200_000)
    assert main(["validate", str(dataset)]) == 2
    err = capsys.readouterr().err
    assert "account.toml" in err and ("not a regular file" if kind != "huge" else "over 1 MB") in err


def test_a_config_file_that_is_endless_is_refused(capsys):
    assert main(["--config", "/dev/zero", "rules"]) == 2
    err = capsys.readouterr().err
    assert "/dev/zero: cannot read the config file: it is over 1 MB" in err


def test_a_draft_on_stdin_is_read_up_to_a_megabyte(monkeypatch, capsys):
    import io
    import sys

    endless = io.TextIOWrapper(io.BufferedReader(io.BytesIO(b"a" * (3 << 20))), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", endless)
    monkeypatch.setattr(endless, "isatty", lambda: False)
    assert main(["lint", "-"]) == 2
    assert "over 1 MB" in capsys.readouterr().err


@pytest.mark.parametrize("name", ["SOCIALTUI_DATA_DIR", "SOCIALTUI_CONFIG_DIR"])
@pytest.mark.parametrize("value", ["", "   "])
def test_a_directory_variable_set_to_nothing_is_refused(monkeypatch, capsys, tmp_path, name, value):
    """SOCIALTUI_DATA_DIR="" (a cron line's unset variable) used the default store, and "   " made a
    directory of that name in the working directory."""
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    monkeypatch.setenv(name, value)
    assert main(["queue"]) == 2
    err = capsys.readouterr().err
    assert f"{name} is set but" in err and f"unset {name}" in err
    assert list(work.iterdir()) == []


def test_a_draft_is_linted_as_it_would_be_sent_without_its_escape_sequences(capsys, monkeypatch):
    """An OSC sequence inside "hotline" hid the deflection from L001; the sent text (cleaned) had it."""
    import io
    import sys

    draft = "please call our \x1b]52;c;aGk=\x07hotline"
    assert main(["lint", draft]) == 1
    out = capsys.readouterr().out
    assert out.startswith("L001 ") and "\x1b" not in out
    piped = io.TextIOWrapper(io.BytesIO(draft.encode()), encoding="utf-8")  # on stdin, the default
    monkeypatch.setattr(sys, "stdin", piped)
    monkeypatch.setattr(piped, "isatty", lambda: False)
    assert main(["lint", "-"]) == 1
    assert capsys.readouterr().out.startswith("L001 ")


def test_a_config_named_as_dev_null_is_an_empty_one(capsys):
    assert main(["--config", "/dev/null", "rules"]) == 0
