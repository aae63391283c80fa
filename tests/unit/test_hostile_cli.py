"""Hostile datasets through the commands: a clear error or a safe display, never a crash."""

import json

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
