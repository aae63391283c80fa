"""Broken, foreign and hostile archives: a clear error (exit 2) naming the file, and the store unchanged."""

from __future__ import annotations

import stat
import zipfile
from pathlib import Path

import pytest

from socialtui.sources.archives import common
from tests.unit.test_import_mastodon import mastodon_files
from tests.unit.test_import_x import TWEETS, js, run_import, store, tweet, write_dir, write_zip, x_files


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file of the store except the lock, with its bytes."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and p.name != ".lock"}


@pytest.fixture
def imported(tmp_path, capsys):
    """A store that already holds one good import, and its bytes."""
    assert run_import("x-archive", write_dir(tmp_path / "good", x_files(TWEETS))) == 0
    capsys.readouterr()
    return snapshot(tmp_path / "data")


def refused(tmp_path, capsys, kind, path, *expected):
    assert run_import(kind, path) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    for text in expected:
        assert text in err, err
    return err


BROKEN = {
    "x without account.js": ("x-archive", {"data/tweets.js": js("tweets", [])}, "no data/account.js"),
    "truncated tweets.js": ("x-archive", {**x_files(TWEETS), "data/tweets.js": js("tweets", [])[:-1] + '[{"tweet": {"id_'},
                            "data/tweets.js is truncated or not valid JSON"),
    "tweets.js without the wrapper": ("x-archive", {**x_files(TWEETS), "data/tweets.js": "<html>"},
                                      "data/tweets.js does not start with"),
    "tweet without an id": ("x-archive", x_files([tweet(1, "ok"), {"tweet": {"full_text": "no id"}}]),
                            "tweet number 2 lacks a usable id_str"),
    "Mastodon zip given to x-archive": ("x-archive", mastodon_files(), "use socialtui import mastodon-archive"),
    "X zip given to mastodon-archive": ("mastodon-archive", x_files(TWEETS), "use socialtui import x-archive"),
    "mastodon without outbox": ("mastodon-archive", {"actor.json": "{}"}, "no actor.json or outbox.json"),
    "truncated outbox.json": ("mastodon-archive", {**mastodon_files(), "outbox.json": '{"orderedItems": [{"ty'},
                              "outbox.json is truncated or not valid JSON"),
    "outbox without items": ("mastodon-archive", {**mastodon_files(), "outbox.json": '{"type": "Collection"}'},
                             "outbox.json: expected an OrderedCollection"),
}


@pytest.mark.parametrize("case", list(BROKEN))
def test_broken_archive_is_refused_and_store_left_as_it_was(tmp_path, capsys, imported, case):
    kind, files, expected = BROKEN[case]
    refused(tmp_path, capsys, kind, write_zip(tmp_path / "broken.zip", files), expected, "broken.zip")
    assert snapshot(tmp_path / "data") == imported


def test_broken_folder_archive_names_the_file(tmp_path, capsys):
    folder = write_dir(tmp_path / "arch", {**x_files(TWEETS), "data/direct-messages.js": "window.YTD.x.part0 = [{"})
    refused(tmp_path, capsys, "x-archive", folder, "data/direct-messages.js is truncated")
    assert store(tmp_path).list_accounts() == []


def test_missing_path_and_not_a_zip(tmp_path, capsys):
    refused(tmp_path, capsys, "x-archive", tmp_path / "missing.zip", "no such file or folder")
    (tmp_path / "x.zip").write_text("not a zip at all")
    refused(tmp_path, capsys, "x-archive", tmp_path / "x.zip", "not a readable zip file")


@pytest.mark.parametrize("member", ["../../etc/passwd", "/etc/passwd", "data/../../escape.js", "C:/Windows/x.js"])
def test_zip_member_escaping_the_archive_is_refused(tmp_path, capsys, member):
    evil = write_zip(tmp_path / "evil.zip", {**x_files(TWEETS), member: "x"}, top=None)
    refused(tmp_path, capsys, "x-archive", evil, "points outside the archive", "not safe")
    assert store(tmp_path).list_accounts() == []


def test_symlink_member_in_a_zip_is_refused(tmp_path, capsys):
    evil = write_zip(tmp_path / "evil.zip", x_files(TWEETS), top=None)
    with zipfile.ZipFile(evil, "a") as z:
        info = zipfile.ZipInfo("data/direct-messages-group.js")
        info.external_attr = (stat.S_IFLNK | 0o777) << 16
        z.writestr(info, "/etc/passwd")
    refused(tmp_path, capsys, "x-archive", evil, "symbolic link")


def test_zip_bomb_is_refused_before_reading(tmp_path, capsys):
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in x_files(TWEETS).items():
            z.writestr(name, text)
        z.writestr("data/tweets-part1.js", b" " * (64 * 1024 * 1024))
    refused(tmp_path, capsys, "x-archive", bomb, "zip bomb", "tweets-part1.js")
    assert store(tmp_path).list_accounts() == []


def test_archive_too_big_in_total_is_refused(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(common, "MAX_TOTAL", 1000)
    refused(tmp_path, capsys, "x-archive", write_zip(tmp_path / "big.zip", x_files(TWEETS * 20)), "uncompressed")


def test_member_too_big_to_read_is_refused(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(common, "MAX_MEMBER", 200)
    refused(tmp_path, capsys, "x-archive", write_zip(tmp_path / "a.zip", x_files(TWEETS)), "data/tweets.js is",
            "into memory")
    refused(tmp_path, capsys, "x-archive", write_dir(tmp_path / "f", x_files(TWEETS)), "tweets.js", "into memory")


def test_symlink_out_of_a_folder_archive_is_refused(tmp_path, capsys):
    folder = write_dir(tmp_path / "arch", x_files(TWEETS))
    (tmp_path / "secret.txt").write_text("secret")
    (folder / "data" / "direct-messages-group.js").symlink_to(tmp_path / "secret.txt")
    refused(tmp_path, capsys, "x-archive", folder, "direct-messages-group.js", "outside the archive folder")
    assert store(tmp_path).list_accounts() == []


def test_symlinked_directory_out_of_a_folder_archive_is_refused(tmp_path, capsys):
    folder = write_dir(tmp_path / "arch", x_files(TWEETS))
    (tmp_path / "elsewhere").mkdir()
    (folder / "data" / "tweets_media").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    refused(tmp_path, capsys, "x-archive", folder, "tweets_media", "outside the archive folder")


def test_symlink_inside_a_folder_archive_is_fine(tmp_path, capsys):
    folder = write_dir(tmp_path / "arch", x_files(TWEETS))
    (folder / "data" / "copy.txt").symlink_to(folder / "data" / "account.js")
    assert run_import("x-archive", folder) == 0
