"""Import small archives built here (documented field shapes) end to end through the CLI."""

from __future__ import annotations

import json
import zipfile

import pytest

from socialtui.cli import main
from socialtui.store import Store


def tweet(i, text, reply=None, when="Thu Nov 12 08:15:54 +0000 2026", source="Twitter Web App", urls=()):
    return {"tweet": {"id_str": str(i), "full_text": text, "created_at": when, "in_reply_to_status_id_str": reply,
                      "lang": "en", "source": f'<a href="https://x.example" rel="nofollow">{source}</a>',
                      "entities": {"urls": list(urls)}}}


def x_files(tweets, dms=()):
    account = [{"account": {"accountId": "42", "username": "kestrelmobile", "accountDisplayName": "Kestrel Mobile"}}]
    return {
        "data/account.js": "window.YTD.account.part0 = " + json.dumps(account),
        "data/tweets.js": "window.YTD.tweets.part0 = " + json.dumps(tweets),
        "data/direct-messages.js": "window.YTD.direct_messages.part0 = " + json.dumps(list(dms)),
    }


def write_zip(path, files):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in files.items():
            z.writestr(f"twitter-2026/{name}", text)
    return path


def write_dir(path, files):
    for name, text in files.items():
        (path / name).parent.mkdir(parents=True, exist_ok=True)
        (path / name).write_text(text)
    return path


TWEETS = [
    tweet(1, "The new K7! https://t.co/abc", urls=[{"url": "https://t.co/abc", "expanded_url":
                                                   "https://kestrel-mobile.example/k7", "display_url": "kestrel-mobile.example/k7"}]),
    tweet(2, "@anna it ships Monday", reply="99"),
    tweet(3, "RT @fan: Loving my Kestrel", source="Kestrel Web"),
]
DMS = [{"dmConversation": {"conversationId": "42-7", "messages": [
    {"messageCreate": {"id": "500", "senderId": "7", "recipientId": "42", "text": "hi, question",
                       "createdAt": "2026-11-12T09:00:00.000Z"}},
    {"messageCreate": {"id": "501", "senderId": "42", "recipientId": "7", "text": "sure, ask away",
                       "createdAt": "2026-11-12T09:05:00.000Z"}}]}}]


def run_import(tmp_path, kind, path):
    return main(["import", kind, str(path), "--data-dir", str(tmp_path / "store")])


def test_x_archive_zip_end_to_end(tmp_path, capsys):
    assert run_import(tmp_path, "x-archive", write_zip(tmp_path / "a.zip", x_files(TWEETS, DMS))) == 0
    out = capsys.readouterr().out
    assert "5 new messages" in out and "cannot judge" in out
    store = Store(tmp_path / "store")
    msgs = {m.id: m for m in store.messages("kestrelmobile")}
    assert msgs["1"].kind == "post" and msgs["1"].links[0].url == "https://kestrel-mobile.example/k7"
    assert "https://kestrel-mobile.example/k7" in msgs["1"].text
    assert msgs["2"].kind == "reply" and msgs["2"].in_reply_to == "99"
    assert msgs["3"].kind == "repost" and msgs["3"].repost_of.author == "fan" and msgs["3"].client == "Kestrel Web"
    assert msgs["dm-500"].direction == "in" and msgs["dm-501"].direction == "out"
    acc = store.get_account("kestrelmobile")
    assert acc.own_domains == ("kestrel-mobile.example",) and "Twitter Web App" in acc.trusted_clients
    assert acc.extra["inbound_complete"] is False


def test_reimport_adds_nothing_and_newer_archive_adds_only_new(tmp_path, capsys):
    folder = write_dir(tmp_path / "arch", x_files(TWEETS))
    assert run_import(tmp_path, "x-archive", folder) == 0
    assert run_import(tmp_path, "x-archive", folder) == 0
    assert "0 new messages, 3 already present" in capsys.readouterr().out
    write_dir(folder, x_files(TWEETS + [tweet(4, "Another post")]))
    assert run_import(tmp_path, "x-archive", folder) == 0
    assert "1 new messages, 3 already present" in capsys.readouterr().out


def test_rules_needing_customers_say_na_after_an_archive(tmp_path, capsys):
    assert run_import(tmp_path, "x-archive", write_zip(tmp_path / "a.zip", x_files(TWEETS))) == 0
    capsys.readouterr()
    assert main(["health", "--data-dir", str(tmp_path / "store"), "--format", "json",
                 "--now", "2026-11-13T00:00:00Z"]) in (0, 1)
    rules = {r["code"]: r for r in json.loads(capsys.readouterr().out)["rules"]}
    assert rules["RSP002"]["verdict"] == "n/a" and "archive" in rules["RSP002"]["reason"]
    assert rules["SEC001"]["verdict"] in ("ok", "fail")


def test_mastodon_archive(tmp_path, capsys):
    actor = {"id": "https://social.example/users/kestrel", "preferredUsername": "kestrel", "name": "Kestrel",
             "followers": "https://social.example/users/kestrel/followers"}
    public = ["https://www.w3.org/ns/activitystreams#Public"]
    outbox = {"type": "OrderedCollection", "orderedItems": [
        {"type": "Create", "published": "2026-11-12T10:00:00Z", "object": {
            "type": "Note", "id": "https://social.example/users/kestrel/statuses/1", "published": "2026-11-12T10:00:00Z",
            "to": public, "cc": [], "inReplyTo": None,
            "content": '<p>Hello <a href="https://kestrel-mobile.example/k7">kestrel-mobile.example/k7</a></p>'}},
        {"type": "Create", "published": "2026-11-12T11:00:00Z", "object": {
            "type": "Note", "id": "https://social.example/users/kestrel/statuses/2", "published": "2026-11-12T11:00:00Z",
            "to": ["https://other.example/users/anna"], "cc": [], "inReplyTo": "https://other.example/statuses/9",
            "conversation": "tag:social.example,2026:c1", "content": "<p>@anna sure</p>"}},
        {"type": "Announce", "id": "https://social.example/users/kestrel/statuses/3/activity",
         "published": "2026-11-12T12:00:00Z", "object": "https://other.example/@fan/77"},
    ]}
    folder = write_dir(tmp_path / "m", {"actor.json": json.dumps(actor), "outbox.json": json.dumps(outbox)})
    assert run_import(tmp_path, "mastodon-archive", folder) == 0
    msgs = {m.id: m for m in Store(tmp_path / "store").messages("kestrel")}
    assert msgs["1"].kind == "post" and msgs["1"].links[0].url == "https://kestrel-mobile.example/k7"
    assert msgs["2"].kind == "dm" and msgs["2"].conversation == "tag:social.example,2026:c1"
    assert msgs["3"].kind == "repost" and msgs["3"].repost_of.author == "fan"


@pytest.mark.parametrize("files, kind, expected", [
    ({"data/tweets.js": "window.YTD.tweets.part0 = []"}, "x-archive", "no data/account.js"),
    ({**x_files(TWEETS), "data/tweets.js": "window.YTD.tweets.part0 = [{\"tweet\": {\"id_"}, "x-archive",
     "truncated"),
    ({"actor.json": "{}", "outbox.json": "{}"}, "x-archive", "mastodon-archive"),
    (x_files(TWEETS), "mastodon-archive", "use x-archive"),
])
def test_broken_archives_are_refused_and_store_untouched(tmp_path, capsys, files, kind, expected):
    code = run_import(tmp_path, kind, write_zip(tmp_path / "b.zip", files))
    assert code == 2 and expected in capsys.readouterr().err
    assert Store(tmp_path / "store").list_accounts() == []


def test_zip_with_escaping_path_and_zip_bomb(tmp_path, capsys):
    evil = tmp_path / "evil.zip"
    with zipfile.ZipFile(evil, "w") as z:
        z.writestr("../../etc/passwd", "x")
    assert run_import(tmp_path, "x-archive", evil) == 2
    assert "outside the archive" in capsys.readouterr().err
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("data/tweets.js", b"0" * (60 * 1024 * 1024))
    assert run_import(tmp_path, "x-archive", bomb) == 2
    assert "zip bomb" in capsys.readouterr().err


def test_symlink_out_of_folder_is_refused(tmp_path, capsys):
    folder = write_dir(tmp_path / "arch", x_files(TWEETS))
    (tmp_path / "secret.txt").write_text("secret")
    (folder / "data" / "leak.js").symlink_to(tmp_path / "secret.txt")
    assert run_import(tmp_path, "x-archive", folder) == 2
    assert "outside the archive folder" in capsys.readouterr().err


def test_not_an_archive(tmp_path, capsys):
    (tmp_path / "x.zip").write_text("not a zip")
    assert run_import(tmp_path, "x-archive", tmp_path / "x.zip") == 2
    assert "not a readable zip" in capsys.readouterr().err
    assert run_import(tmp_path, "x-archive", tmp_path / "missing.zip") == 2
