"""Long builds tell a Progress how far they got, and telling it changes nothing they build."""

import io
import sys

import pytest

from socialtui.domain import conversations
from socialtui.domain.conversations import build_threads
from socialtui.domain.progress import Progress
from socialtui.sources.dataset_dir import load_dataset
from socialtui.store import Store
from tests.conftest import KESTREL


def test_the_progress_line_names_the_stage_and_the_share_done():
    p = Progress()
    assert p.line() == ""
    p.start("threading the conversations", 1_049_709, "messages")
    p.advance(420_000)
    assert p.line() == "threading the conversations: 420,000 of 1,049,709 messages (40 %)"
    p.start("ordering the queue")
    assert p.line() == "ordering the queue"


class Recording(Progress):
    """A Progress that keeps every step it was told."""

    __slots__ = ("seen", "stages")

    def __init__(self) -> None:
        super().__init__()
        self.seen: list[int] = []
        self.stages: list[tuple[str, int]] = []

    def start(self, stage: str, total: int = 0, unit: str = "") -> None:
        self.stages.append((stage, total))
        super().start(stage, total, unit)

    def advance(self, done: int) -> None:
        self.seen.append(done)
        super().advance(done)


def test_threading_reports_every_slice_and_builds_the_same_conversations(monkeypatch):
    monkeypatch.setattr(conversations, "PROGRESS_EVERY", 64)  # kestrel has a few hundred messages
    ds = load_dataset(KESTREL).in_order()
    p = Recording()
    seen = p.seen
    with_progress, ids_with = build_threads(ds.messages, presorted=True, progress=p)
    plain, ids_plain = build_threads(ds.messages, presorted=True)
    n = len(ds.messages)
    assert p.total == n and seen[0] == 0 and seen[-1] == n and seen == sorted(seen) and len(seen) > 3
    assert ids_with == ids_plain
    assert {c: [m.id for m in v.messages] for c, v in with_progress.items()} == \
        {c: [m.id for m in v.messages] for c, v in plain.items()}


def test_reading_a_stored_account_counts_its_shard_files(tmp_path):
    store = Store(tmp_path / "data")
    ds = load_dataset(KESTREL)
    store.put_account(ds.account)
    store.add_messages(ds.account.handle, ds.messages)
    p = Recording()
    read = Store(tmp_path / "data").dataset(ds.account.handle, p)
    assert len(read.messages) == len(ds.messages)
    assert p.seen == list(range(8))  # one step per shard file of the 8-shard layout
    assert p.stage == "putting the messages in time order"


def test_reading_a_dataset_file_counts_its_lines_and_only_big_files_are_read_later(tmp_path, monkeypatch):
    from socialtui.sources import dataset_dir

    p = Recording()
    ds = dataset_dir.load_dataset(KESTREL, p)
    lines = sum(1 for _ in open(KESTREL / "messages.jsonl", "rb"))
    assert p.stages == [("reading messages.jsonl", lines), ("putting the messages in time order", 0)]
    assert 0 < len(ds.messages) <= lines
    assert not dataset_dir.is_large_dataset(KESTREL) and not dataset_dir.is_large_dataset(tmp_path / "nothing")
    monkeypatch.setattr(dataset_dir, "LARGE_FILE", 1000)
    assert dataset_dir.is_large_dataset(KESTREL)
    assert dataset_dir.load_account_only(KESTREL).account.handle == "kestrelmobile"


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("command", [["health"], ["queue"], ["validate"]])
def test_a_command_on_a_terminal_says_what_it_reads_and_leaves_its_output_as_it_was(command, monkeypatch, capsys):
    """On a terminal stderr, health/queue/validate draw one progress line (a million messages: half
    a minute of reading, threading and rules) and erase it at the end; in a pipe, nothing."""
    from socialtui.cli import main

    argv = [*command, str(KESTREL), "--now", "2026-11-20T18:00:00Z"]
    assert main(argv) in (0, 1)
    quiet = capsys.readouterr()
    assert quiet.err == ""  # stderr is no terminal here: no progress at all
    terminal = FakeTerminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert main(argv) in (0, 1)
    assert capsys.readouterr().out == quiet.out  # the output is the same
    drawn = terminal.getvalue()
    lines = drawn.split("\r\x1b[K")
    stages = [line.split(":")[0] for line in lines if line]
    assert stages[:3] == ["reading messages.jsonl", "putting the messages in time order", "threading the conversations"]
    if command == ["health"]:
        assert stages[3:] == ["evaluating the rules"], stages  # (the threads first: it names the rules' stage)
    assert drawn.endswith("\r\x1b[K") and "\n" not in drawn  # one line, redrawn, erased at the end
    monkeypatch.setenv("TERM", "dumb")  # (it would print the erase codes as they are)
    dumb = FakeTerminal()
    monkeypatch.setattr(sys, "stderr", dumb)
    assert main(argv) in (0, 1)
    assert dumb.getvalue() == "" and capsys.readouterr().out == quiet.out
