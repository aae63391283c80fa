"""Mastodon archives built here (field shapes as in mastodon_archive's docstring), imported end to end."""

from __future__ import annotations

import json

from socialtui.cli import main
from tests.unit.test_import_x import run_import, store, write_dir, write_zip

ME = "https://social.example/users/kestrel"
PUBLIC = "https://www.w3.org/ns/activitystreams#Public"
FOLLOWERS = ME + "/followers"
ACTOR = {"id": ME, "type": "Person", "preferredUsername": "kestrel", "name": "Kestrel Mobile",
         "followers": FOLLOWERS, "url": "https://social.example/@kestrel"}


def note(n, content, *, to=(PUBLIC,), cc=(FOLLOWERS,), reply=None, conversation=None, when="2026-11-12T10:00:00Z",
         lang="en", mentions=()):
    obj = {"id": f"{ME}/statuses/{n}", "type": "Note", "published": when, "to": list(to), "cc": list(cc),
           "inReplyTo": reply, "content": content, "contentMap": {lang: content},
           "url": f"https://social.example/@kestrel/{n}",
           "tag": [{"type": "Mention", "href": "https://x", "name": m} for m in mentions]}
    if conversation:
        obj["conversation"] = conversation
    return {"id": f"{ME}/statuses/{n}/activity", "type": "Create", "actor": ME, "published": when, "object": obj}


def boost(n, target, when="2026-11-12T12:00:00Z"):
    return {"id": f"{ME}/statuses/{n}/activity", "type": "Announce", "actor": ME, "published": when,
            "to": [PUBLIC], "object": target}


ITEMS = [
    note(1, '<p>Der neue K7 ist da: <a href="https://kestrel-mobile.example/k7" rel="nofollow">'
            '<span class="invisible">https://</span><span>kestrel-mobile.example/k7</span></a></p>', lang="de"),
    note(2, "<p>@anna sure, it ships Monday</p>", to=("https://other.example/users/anna",), cc=(PUBLIC,),
         reply="https://other.example/users/anna/statuses/9", mentions=("@anna@other.example",)),
    note(3, "<p>Followers only &amp; friends</p>", to=(FOLLOWERS,), cc=()),
    note(4, "<p>@anna your order number?</p>", to=("https://other.example/users/anna",), cc=(),
         conversation="tag:social.example,2026:objectId=1:objectType=Conversation", mentions=("@anna@other.example",)),
    note(5, "<p>@bob hello</p>", to=("https://social.example/users/bob",), cc=(),
         reply="https://remote.example/users/bob/statuses/40"),
    note(6, "<p>@bob and one more</p>", to=("https://social.example/users/bob",), cc=(), reply=f"{ME}/statuses/5"),
    boost(7, "https://other.example/@fan/77"),
    boost(8, "https://social.example/users/neighbour/statuses/78"),
    {"id": "https://social.example/like/1", "type": "Like", "object": "https://other.example/@fan/77"},
]


def mastodon_files(items=ITEMS, actor=ACTOR):
    return {"actor.json": json.dumps(actor),
            "outbox.json": json.dumps({"type": "OrderedCollection", "totalItems": len(items), "orderedItems": items}),
            "likes.json": json.dumps({"type": "OrderedCollection", "orderedItems": []})}


def test_mastodon_zip_maps_visibility_kinds_and_links(tmp_path, capsys):
    assert run_import("mastodon-archive", write_zip(tmp_path / "m.zip", mastodon_files(), top="archive-2026")) == 0
    out = capsys.readouterr().out
    assert "@kestrel: 8 new, 0 already present" in out
    assert "Warning:" in out and "from customers are not in it" in out
    msgs = {m.id: m for m in store(tmp_path).messages("kestrel")}
    assert set(msgs) == {"1", "2", "3", "4", "5", "6", "7", "8"}
    first = msgs["1"]
    assert first.kind == "post" and first.lang == "de" and first.direction == "out"
    assert first.text == "Der neue K7 ist da: https://kestrel-mobile.example/k7"
    assert [l.url for l in first.links] == ["https://kestrel-mobile.example/k7"]
    reply = msgs["2"]  # unlisted: Public in cc, so not a DM
    assert reply.kind == "reply" and reply.in_reply_to == "https://other.example/users/anna/statuses/9"
    assert reply.extra["visibility"] == "unlisted" and reply.extra["mentions"] == ["anna@other.example"]
    assert msgs["3"].kind == "post" and msgs["3"].extra["visibility"] == "private"
    assert msgs["3"].text == "Followers only & friends"


def test_direct_messages_and_their_conversations(tmp_path, capsys):
    assert run_import("mastodon-archive", write_dir(tmp_path / "m", mastodon_files())) == 0
    msgs = {m.id: m for m in store(tmp_path).messages("kestrel")}
    assert msgs["4"].kind == "dm" and msgs["4"].conversation.startswith("tag:social.example")
    # no conversation field: the reply chain's root (a status on another server) stands in
    assert msgs["5"].kind == "dm" and msgs["6"].kind == "dm"
    assert msgs["5"].conversation == msgs["6"].conversation == "https://remote.example/users/bob/statuses/40"
    assert msgs["6"].in_reply_to == "5"  # own instance: the API's id, as sync would store it


def test_boosts_name_the_original_author(tmp_path, capsys):
    assert run_import("mastodon-archive", write_dir(tmp_path / "m", mastodon_files())) == 0
    msgs = {m.id: m for m in store(tmp_path).messages("kestrel")}
    assert msgs["7"].kind == "repost" and msgs["7"].repost_of.author == "fan@other.example"
    assert msgs["7"].extra["url"] == "https://other.example/@fan/77"
    assert msgs["8"].repost_of.author == "neighbour"  # same instance: the local handle


def test_mastodon_account_settings_and_flags(tmp_path, capsys):
    assert run_import("mastodon-archive", write_dir(tmp_path / "m", mastodon_files())) == 0
    out = capsys.readouterr().out
    acc = store(tmp_path).get_account("kestrel")
    assert acc.platform == "mastodon" and acc.name == "Kestrel Mobile"
    assert acc.own_domains == ("kestrel-mobile.example",) and acc.trusted_clients == ()
    assert acc.extra["source"] == "mastodon-archive" and acc.extra["inbound_complete"] is False
    assert acc.extra["clients_recorded"] is False and acc.extra["archive_instance"] == "https://social.example"
    assert "instance" not in acc.extra  # not a logged-in account: sync must not try it
    assert "does not say which app posted" in out


def test_mastodon_reimport_and_newer_archive(tmp_path, capsys):
    folder = write_dir(tmp_path / "m", mastodon_files())
    assert run_import("mastodon-archive", folder) == 0
    assert run_import("mastodon-archive", folder) == 0
    assert "0 new, 8 already present" in capsys.readouterr().out
    newer = write_zip(tmp_path / "n.zip", mastodon_files(ITEMS + [note(9, "<p>Neu</p>", when="2026-11-13T08:00:00Z")]))
    assert run_import("mastodon-archive", newer) == 0
    assert "1 new, 8 already present" in capsys.readouterr().out


def test_same_name_on_another_platform_gets_its_own_account(tmp_path, capsys):
    from tests.unit.test_import_x import TWEETS, x_files

    x = x_files(TWEETS)
    x["data/account.js"] = x["data/account.js"].replace("kestrelmobile", "kestrel")
    assert run_import("x-archive", write_dir(tmp_path / "x", x)) == 0
    assert run_import("mastodon-archive", write_dir(tmp_path / "m", mastodon_files())) == 0
    assert "goes to @kestrel@social.example" in capsys.readouterr().out
    s = store(tmp_path)
    assert sorted(s.list_accounts()) == ["kestrel", "kestrel@social.example"]
    assert s.get_account("kestrel").platform == "x"
    assert len(s.messages("kestrel@social.example")) == 8


def test_health_says_na_for_rules_needing_customers(tmp_path, capsys):
    assert run_import("mastodon-archive", write_dir(tmp_path / "m", mastodon_files())) == 0
    capsys.readouterr()
    assert main(["health", "--format", "json", "--now", "2026-11-13T00:00:00Z"]) in (0, 1)
    rules = {r["code"]: r for r in json.loads(capsys.readouterr().out)["rules"]}
    assert {rules[c]["verdict"] for c in ("RSP001", "RSP002", "RSP003", "RSP004", "RSP005", "BRD003")} == {"n/a"}
    assert rules["SEC001"]["verdict"] == "ok" and "does not record which app" in rules["SEC001"]["explanation"]
