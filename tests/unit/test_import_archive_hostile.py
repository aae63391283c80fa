"""Hostile field values in archives: a clear error naming the file and the record, exit 2, store unchanged.

An adversarial tester found values of the wrong type (a string where an object belongs, a
number where text belongs, a null id, year 1) that gave tracebacks, garbled messages or
silently merged messages. Each case here is one of them or one of the same kind.
"""

from __future__ import annotations

import pytest

from socialtui.sources.archives.x_archive import tweet_time
from tests.unit.test_import_mastodon import ACTOR, ITEMS, ME, PUBLIC, mastodon_files, note
from tests.unit.test_import_safety import imported, refused, snapshot  # noqa: F401 (fixture)
from tests.unit.test_import_x import TWEETS, dm, js, run_import, store, tweet, write_dir, write_zip, x_files


def with_account(account) -> dict:
    return {**x_files(TWEETS), "data/account.js": js("account", [{"account": account}])}


def bad_tweet(**fields) -> dict:
    t = tweet(2, "second")
    t["tweet"].update(fields)
    return x_files([tweet(1, "first"), t])


def bad_note(**fields) -> dict:
    n = note(1, "<p>hello</p>")
    n["object"].update(fields)
    return mastodon_files([n])


def bad_activity(**fields) -> dict:
    n = note(1, "<p>hello</p>")
    n.update(fields)
    return mastodon_files([n])


def with_dms(conversations) -> dict:
    return x_files(TWEETS, dms=conversations)


def conversation(*messages, cid="42-7"):
    return {"dmConversation": {"conversationId": cid, "messages": list(messages)}}


GOOD_DM = dm("900", "7", "42", "hi", "2026-11-12T08:00:00.000Z")

X_HOSTILE = {
    # account.js
    "account is a string": (with_account("str"), "data/account.js", "expected an object in account, found str"),
    "account is a list": (with_account([{"username": "a"}]), "data/account.js",
                          "expected an object in account, found list"),
    "username is a list": (with_account({"username": ["kestrel"], "accountId": "42"}), "data/account.js",
                           "account.username (a string"),
    "accountId is an object": (with_account({"username": "kestrel", "accountId": {"a": 1}}), "data/account.js",
                               "account.accountId (a non-empty string or number"),
    "display name is a number": (with_account({"username": "kestrel", "accountDisplayName": 5}), "data/account.js",
                                 "account.accountDisplayName (a string"),
    # tweets.js: times
    "year 1 with an offset": (bad_tweet(created_at="Mon Jan 01 00:00:00 +0100 0001"), "data/tweets.js",
                              "tweet number 2 lacks a usable created_at (year 1 is outside 1900-9000)"),
    "year 9999": (bad_tweet(created_at="Fri Dec 31 23:59:59 -0100 9999"), "data/tweets.js",
                  "tweet number 2 lacks a usable created_at (year 9999 is outside 1900-9000)"),
    "created_at is a number": (bad_tweet(created_at=5), "data/tweets.js",
                               "tweet number 2 lacks a usable created_at (a timestamp string"),
    "created_at is garbage": (bad_tweet(created_at="yesterday"), "data/tweets.js",
                              "tweet number 2 lacks a usable created_at (not a time: 'yesterday')"),
    "created_at is missing": (bad_tweet(created_at=None), "data/tweets.js",
                              "tweet number 2 lacks a usable created_at"),
    # tweets.js: ids
    "id_str is null": (bad_tweet(id_str=None), "data/tweets.js", "tweet number 2 lacks a usable id_str"),
    "id_str is empty": (bad_tweet(id_str=""), "data/tweets.js", "tweet number 2 lacks a usable id_str"),
    "id_str is blank": (bad_tweet(id_str="  "), "data/tweets.js", "tweet number 2 lacks a usable id_str"),
    "id_str is a list": (bad_tweet(id_str=["2"]), "data/tweets.js", "tweet number 2 lacks a usable id_str"),
    "id_str is true": (bad_tweet(id_str=True), "data/tweets.js", "tweet number 2 lacks a usable id_str"),
    "reply id is an object": (bad_tweet(in_reply_to_status_id_str={"id": 1}), "data/tweets.js",
                              "tweet number 2 lacks a usable in_reply_to_status_id_str"),
    "reply user id is a list": (bad_tweet(in_reply_to_user_id_str=["7"], in_reply_to_screen_name="anna"),
                                "data/tweets.js", "tweet number 2 lacks a usable in_reply_to_user_id_str"),
    # tweets.js: other fields
    "tweet is a string": ({**x_files([tweet(1, "first")]), "data/tweets.js": js("tweets", [tweet(1, "a"),
                                                                                           {"tweet": "x"}])},
                          "data/tweets.js", "tweet number 2 lacks a usable tweet (an object, found str)"),
    "entry is a list": ({**x_files([]), "data/tweets.js": js("tweets", [[1, 2]])}, "data/tweets.js",
                        "tweet number 1 lacks a usable tweet (an object, found list)"),
    "full_text is a number": (bad_tweet(full_text=5), "data/tweets.js", "tweet number 2 lacks a usable full_text"),
    "source is a list": (bad_tweet(source=["web"]), "data/tweets.js", "tweet number 2 lacks a usable source"),
    "lang is an object": (bad_tweet(lang={"en": 1}), "data/tweets.js", "tweet number 2 lacks a usable lang"),
    "entities is a string": (bad_tweet(entities="none"), "data/tweets.js", "tweet number 2 lacks a usable entities"),
    "urls is an object": (bad_tweet(entities={"urls": {"url": "x"}}), "data/tweets.js",
                          "tweet number 2 lacks a usable entities.urls"),
    "expanded_url is a number": (bad_tweet(entities={"urls": [{"url": "https://t.co/a", "expanded_url": 5}]}),
                                 "data/tweets.js", "tweet number 2 lacks a usable urls.expanded_url"),
    "mention screen_name is a list": (bad_tweet(entities={"user_mentions": [{"id_str": "7", "screen_name": ["a"]}]}),
                                      "data/tweets.js", "tweet number 2 lacks a usable user_mentions.screen_name"),
    # direct-messages.js
    "conversation is a string": (with_dms([{"dmConversation": "x"}]), "data/direct-messages.js",
                                 "conversation number 1 lacks a usable dmConversation"),
    "conversation id is null": (with_dms([conversation(GOOD_DM, cid=None)]), "data/direct-messages.js",
                                "conversation number 1 lacks a usable conversationId"),
    "dm id is null": (with_dms([conversation(GOOD_DM, dm(None, "7", "42", "b", "2026-11-12T09:00:00Z"))]),
                      "data/direct-messages.js", "conversation number 1, message number 2 lacks a usable id"),
    "dm sender is missing": (with_dms([conversation(dm("901", None, "42", "b", "2026-11-12T09:00:00Z"))]),
                             "data/direct-messages.js", "message number 1 lacks a usable senderId"),
    "dm createdAt is year 1": (with_dms([conversation(dm("901", "7", "42", "b", "0001-01-01T00:00:00+01:00"))]),
                               "data/direct-messages.js", "lacks a usable createdAt (year 1 is outside 1900-9000)"),
    "dm text is a number": (with_dms([conversation(dm("901", "7", "42", 5, "2026-11-12T09:00:00Z"))]),
                            "data/direct-messages.js", "message number 1 lacks a usable text"),
    "dm messageCreate is a list": (with_dms([conversation({"messageCreate": [1]})]), "data/direct-messages.js",
                                   "message number 1 lacks a usable messageCreate"),
}

MASTODON_HOSTILE = {
    "content is a number": (bad_note(content=5), "outbox.json",
                            "activity number 1 lacks a usable content (a string, found a number)"),
    "content is a list": (bad_note(content=["<p>x</p>"]), "outbox.json", "activity number 1 lacks a usable content"),
    "published is a number": (bad_note(published=5), "outbox.json",
                              "activity number 1 lacks a usable published (a timestamp string"),
    "published is year 1": (bad_note(published="0001-01-01T00:00:00+01:00"), "outbox.json",
                            "activity number 1 lacks a usable published (year 1 is outside 1900-9000)"),
    "published is missing everywhere": (mastodon_files([{k: v for k, v in note(1, "x").items() if k != "published"}
                                                        | {"object": {**note(1, "x")["object"], "published": None}}]),
                                        "outbox.json", "activity number 1 lacks a usable published"),
    "published has no offset": (bad_note(published="2026-11-12T10:00:00"), "outbox.json",
                                "activity number 1 lacks a usable published (timestamp has no UTC offset)"),
    "note id is a number": (bad_note(id=5), "outbox.json", "activity number 1 lacks a usable object.id"),
    "note id is missing": (bad_note(id=None), "outbox.json", "activity number 1 lacks a usable object.id"),
    "inReplyTo is a number": (bad_note(inReplyTo=7), "outbox.json", "activity number 1 lacks a usable object.inReplyTo"),
    "to is a number": (bad_note(to=5), "outbox.json", "activity number 1 lacks a usable object.to"),
    "cc is an object": (bad_note(cc={"a": 1}), "outbox.json", "activity number 1 lacks a usable object.cc"),
    "tag is a string": (bad_note(tag="x"), "outbox.json", "activity number 1 lacks a usable object.tag"),
    "mention name is a number": (bad_note(tag=[{"type": "Mention", "name": 5}]), "outbox.json",
                                 "activity number 1 lacks a usable object.tag.name"),
    "contentMap is a list": (bad_note(contentMap=["en"]), "outbox.json",
                             "activity number 1 lacks a usable object.contentMap"),
    "id is not a URL": (bad_note(id="https://[broken/statuses/1"), "outbox.json",
                        "activity number 1 lacks a usable object.id"),
    "boost without any id": (mastodon_files([{"type": "Announce", "published": "2026-11-12T12:00:00Z"}]),
                             "outbox.json", "activity number 1 lacks a usable id"),
    "boost object is a number": (mastodon_files([{"type": "Announce", "id": f"{ME}/statuses/9/activity",
                                                  "published": "2026-11-12T12:00:00Z", "object": 5}]),
                                 "outbox.json", "activity number 1 lacks a usable object"),
    "boost published is a list": (mastodon_files([{"type": "Announce", "id": f"{ME}/statuses/9/activity",
                                                   "published": ["x"], "object": "https://o.example/@a/1"}]),
                                  "outbox.json", "activity number 1 lacks a usable published"),
    # actor.json
    "actor is a list": (mastodon_files(ITEMS, actor=[ACTOR]), "actor.json", "expected an object, found list"),
    "preferredUsername is a list": (mastodon_files(ITEMS, actor={**ACTOR, "preferredUsername": ["k"]}), "actor.json",
                                    "no usable preferredUsername (a string"),
    "followers is a list": (mastodon_files(ITEMS, actor={**ACTOR, "followers": [ME]}), "actor.json",
                            "no usable followers (a string"),
    "actor id is not a URL": (mastodon_files(ITEMS, actor={**ACTOR, "id": "https://[broken"}), "actor.json",
                              "no usable id (a URL"),
    "actor name is an object": (mastodon_files(ITEMS, actor={**ACTOR, "name": {"x": 1}}), "actor.json",
                                "no usable name (a string"),
}

CASES = {**{f"x: {k}": ("x-archive", *v) for k, v in X_HOSTILE.items()},
         **{f"mastodon: {k}": ("mastodon-archive", *v) for k, v in MASTODON_HOSTILE.items()}}


@pytest.mark.parametrize("case", list(CASES))
def test_hostile_value_is_refused_naming_file_and_record(tmp_path, capsys, imported, case):  # noqa: F811
    kind, files, name, expected = CASES[case]
    err = refused(tmp_path, capsys, kind, write_zip(tmp_path / "hostile.zip", files), name, expected,
                  "Nothing was imported")
    assert "can only concatenate" not in err and "object has no attribute" not in err
    assert snapshot(tmp_path / "data") == imported


@pytest.mark.parametrize("case", ["x: id_str is null", "x: year 1 with an offset", "mastodon: content is a number"])
def test_hostile_folder_archive_leaves_an_empty_store_empty(tmp_path, capsys, case):
    kind, files, name, expected = CASES[case]
    refused(tmp_path, capsys, kind, write_dir(tmp_path / "arch", files), name, expected)
    assert store(tmp_path).list_accounts() == []


def test_null_ids_no_longer_collapse_into_one_message(tmp_path, capsys):
    files = x_files([{"tweet": {**tweet(i, f"text {i}")["tweet"], "id_str": None}} for i in range(3)])
    refused(tmp_path, capsys, "x-archive", write_dir(tmp_path / "arch", files), "tweet number 1 lacks a usable id_str")
    assert store(tmp_path).list_accounts() == []


# -- what still imports ---------------------------------------------------------------------


def test_x_archive_with_numeric_ids_and_nulls_where_optional_imports(tmp_path, capsys):
    t1 = tweet(1, "plain")
    t2 = tweet(2, "a reply", reply="1")
    t2["tweet"].update(id_str=2, in_reply_to_status_id_str=1, entities=None, lang=None, source=None)
    t3 = tweet(3, "edge years", when="Mon Jan 01 00:00:00 +0000 1900")
    t4 = tweet(4, "edge years", when="Sun Dec 31 12:00:00 +0100 9000")
    files = x_files([t1, t2, t3, t4], dms=[conversation(GOOD_DM, {"joinConversation": {}}, cid=4207)])
    files["data/account.js"] = js("account", [{"account": {"accountId": 42, "username": "kestrelmobile",
                                                           "accountDisplayName": None}}])
    assert run_import("x-archive", write_zip(tmp_path / "x.zip", files)) == 0
    assert "@kestrelmobile: 5 new" in capsys.readouterr().out
    msgs = {m.id: m for m in store(tmp_path).messages("kestrelmobile")}
    assert set(msgs) == {"1", "2", "3", "4", "dm-900"}
    assert msgs["2"].in_reply_to == "1" and msgs["2"].kind == "reply"
    assert msgs["3"].created_at.year == 1900 and msgs["4"].created_at.year == 9000
    assert msgs["dm-900"].conversation == "4207"


def test_mastodon_archive_with_single_addresses_and_one_tag_object_imports(tmp_path, capsys):
    n1 = note(1, "<p>public</p>")
    n1["object"].update(to=PUBLIC, cc=None, tag={"type": "Mention", "name": "@anna@other.example"}, contentMap=None)
    n2 = note(2, "<p>no content</p>")
    n2["object"].update(content=None, published=None)  # the activity's published stands in
    boost = {"type": "Announce", "id": None, "published": "2026-11-12T12:00:00Z",
             "object": {"id": "https://other.example/@fan/77"}}
    assert run_import("mastodon-archive", write_zip(tmp_path / "m.zip", mastodon_files([n1, n2, boost]))) == 0
    assert "@kestrel: 3 new" in capsys.readouterr().out
    msgs = {m.id: m for m in store(tmp_path).messages("kestrel")}
    assert msgs["1"].extra["visibility"] == "public" and msgs["1"].extra["mentions"] == ["anna@other.example"]
    assert msgs["2"].text == "" and msgs["https://other.example/@fan/77"].kind == "repost"


def test_tweet_time_keeps_the_fast_path_and_checks_years():
    assert tweet_time("Thu Jan 26 08:15:54 +0200 2023").isoformat() == "2023-01-26T06:15:54+00:00"
    for year in ("0001", "1899", "9001", "9999"):
        with pytest.raises(ValueError, match=f"year {int(year)} is outside 1900-9000"):
            tweet_time(f"Mon Jan 01 00:00:00 +0100 {year}")



@pytest.mark.parametrize("kind", ["x-archive", "mastodon-archive"])
def test_an_empty_zip_file_is_called_empty(tmp_path, capsys, kind):
    """Before: "not a readable zip file (File is not a zip file)" for a 0-byte download."""
    from socialtui.cli import main

    empty = tmp_path / "archive.zip"
    empty.write_bytes(b"")
    assert main(["import", kind, str(empty)]) == 2
    assert capsys.readouterr().err.startswith(
        f"socialtui: {empty}: not a readable zip file: it is empty, 0 bytes (a download that did not finish?).\n")
