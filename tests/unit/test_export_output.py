"""`socialtui export --output FILE`: the file is replaced whole or left as it was, and a path
that cannot be written is one plain message with exit status 3 (output not written)."""

import errno
import os
import stat

import pytest

from socialtui.cli import main
from tests.conftest import KESTREL

ONE = ["export", str(KESTREL), "--conversation", "k0574"]


def test_an_existing_export_is_replaced_whole_and_made_private(tmp_path, capsys):
    (tmp_path / "exports").mkdir()
    out = tmp_path / "exports" / "out.md"
    out.write_text("the old export\n")
    os.chmod(out, 0o644)
    assert main([*ONE, "--output", str(out)]) == 0
    assert out.read_text().startswith("# Conversations of @kestrelmobile")
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600  # before: 0644 kept, as "created private" only
    assert sorted(p.name for p in out.parent.iterdir()) == ["out.md"]  # no temp file left beside it


def test_a_failed_write_leaves_the_previous_export_intact(tmp_path, monkeypatch, capsys):
    """Before: the file was truncated first, so a full disk left an empty or half export."""
    (tmp_path / "exports").mkdir()
    out = tmp_path / "exports" / "out.md"
    out.write_text("the old export\n")

    def full(fd, *args):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    assert main([*ONE, "--output", str(out)]) == 3
    assert out.read_text() == "the old export\n"
    assert sorted(p.name for p in out.parent.iterdir()) == ["out.md"]
    err = capsys.readouterr().err
    assert err == (f"socialtui: Could not write {out}: the disk is full. A file already there is left as it was.\n"
                   "  Free some space, or write to another disk.\n")


def test_a_symlinked_export_updates_its_target(tmp_path, capsys):
    target = tmp_path / "real.md"
    target.write_text("old\n")
    link = tmp_path / "link.md"
    link.symlink_to(target)
    assert main([*ONE, "--output", str(link)]) == 0
    assert link.is_symlink() and target.read_text().startswith("# Conversations")


def test_a_device_is_written_to_not_replaced(tmp_path, capsys):
    assert main([*ONE, "--output", os.devnull]) == 0
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)


@pytest.mark.parametrize("where, problem, hint", [
    ("dir", "it is a directory.", "Name a file, e.g. --output {path}/export.md"),
    ("missing/x.md", "there is no directory {tmp}/missing.", "Create it first, or pick a file in an existing "
                                                             "directory."),
])
def test_an_output_path_that_cannot_be_written_is_exit_3_with_what_to_do(tmp_path, capsys, where, problem, hint):
    (tmp_path / "dir").mkdir()
    path = str(tmp_path / where)
    assert main([*ONE, "--output", path]) == 3  # before: exit 2 and "Pick a writable file." for all
    err = capsys.readouterr().err
    assert err == (f"socialtui: Could not write {path}: {problem.format(tmp=tmp_path)}\n"
                   f"  {hint.format(path=path)}\n")


def test_a_read_only_directory_is_exit_3(tmp_path, monkeypatch, capsys):
    import tempfile

    def refused(*args, **kwargs):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))

    monkeypatch.setattr(tempfile, "mkstemp", refused)  # (tests run as root, which a chmod does not stop)
    path = str(tmp_path / "x.md")
    assert main([*ONE, "--output", path]) == 3
    err = capsys.readouterr().err
    assert err == (f"socialtui: Could not write {path}: no permission to write there. A file already there is left "
                   "as it was.\n  Pick a file in a directory you can write to.\n")


@pytest.mark.parametrize("name", ["messages.jsonl", "account.toml"])
def test_an_export_over_the_dataset_it_reads_is_refused(tmp_path, capsys, name):
    import shutil

    dataset = tmp_path / "kestrel"
    shutil.copytree(KESTREL, dataset)
    before = (dataset / name).read_bytes()
    (tmp_path / "link").symlink_to(dataset / name)  # (through a link too)
    for output in (dataset / name, tmp_path / "link"):
        assert main(["export", str(dataset), "--all", "--output", str(output)]) == 2
        err = capsys.readouterr().err
        assert f"the dataset's own {name}" in err and "overwrite the data it is made from" in err
    assert (dataset / name).read_bytes() == before
    assert main(["export", str(dataset), "--all", "--output", str(dataset / "export.md")]) == 0  # beside it is fine


def test_an_export_into_the_store_is_refused(tmp_path, capsys):
    store = os.environ["SOCIALTUI_DATA_DIR"]
    os.makedirs(store, exist_ok=True)
    assert main([*ONE, "--output", os.path.join(store, "export.md")]) == 2
    assert "inside the local store" in capsys.readouterr().err
    assert not os.path.exists(os.path.join(store, "export.md"))
