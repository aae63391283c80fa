"""X/Twitter archives built here (field shapes as in x_archive's docstring), imported end to end.

The builders at the top are shared with the Mastodon and safety tests.
"""

from __future__ import annotations

import io
import json
import zipfile
from datetime import datetime, timezone
from pathlib import Path

from socialtui.cli import main
from socialtui.cli.import_cmd import ProgressLine
from socialtui.store import Store

# -- builders -----------------------------------------------------------------------------


def tweet(i, text, reply=None, when="Thu Nov 12 08:15:54 +0000 2026", source="Twitter Web App", urls=(),
          mentions=(), lang="en", reply_user=None):
    t = {"id_str": str(i), "full_text": text, "created_at": when, "lang": lang,
         "source": f'<a href="https://mobile.x.example" rel="nofollow">{source}</a>',
         "entities": {"urls": list(urls), "user_mentions": list(mentions)}}
    if reply:
        t["in_reply_to_status_id_str"] = reply
    if reply_user:
        t["in_reply_to_user_id_str"], t["in_reply_to_screen_name"] = reply_user
    return {"tweet": t}


def url(short, expanded, shown):
    return {"url": short, "expanded_url": expanded, "display_url": shown}


def js(name, data):
    return f"window.YTD.{name}.part0 = " + json.dumps(data)


def x_files(tweets, dms=(), group_dms=None, tweets_name="data/tweets.js"):
    account = [{"account": {"accountId": "42", "username": "kestrelmobile", "accountDisplayName": "Kestrel Mobile"}}]
    files = {"data/account.js": js("account", account), tweets_name: js("tweets", tweets),
             "data/direct-messages.js": js("direct_messages", list(dms))}
    if group_dms is not None:
        files["data/direct-messages-group.js"] = js("direct_messages_group", group_dms)
    return files


def write_zip(path: Path, files: dict, top="twitter-2026-11-12"):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in files.items():
            z.writestr(f"{top}/{name}" if top else name, text)
    return path


def write_dir(path: Path, files: dict):
    for name, text in files.items():
        (path / name).parent.mkdir(parents=True, exist_ok=True)
        (path / name).write_text(text)
    return path


def run_import(kind, path):
    return main(["import", kind, str(path)])


def store(tmp_path) -> Store:
    return Store(tmp_path / "data")  # the conftest's SOCIALTUI_DATA_DIR


def dm(mid, sender, recipient, text, at, urls=()):
    return {"messageCreate": {"id": mid, "senderId": sender, "recipientId": recipient, "text": text,
                              "createdAt": at, "urls": list(urls)}}


# -- data ---------------------------------------------------------------------------------

TWEETS = [
    tweet(1, "Der neue K7 ist da &amp; lieferbar! https://t.co/abc", lang="de",
          urls=[url("https://t.co/abc", "https://shop.kestrel-mobile.example/k7", "kestrel-mobile.example/k7")]),
    tweet(2, "@anna it ships Monday", reply="99", reply_user=("7", "anna")),
    tweet(3, "RT @fan: Loving my Kestrel https://t.co/f", source="Kestrel Web",
          urls=[url("https://t.co/f", "https://fan.example/p", "fan.example/p")]),
    tweet(4, "Status page: https://t.co/s", source="Twitter Web App",
          urls=[url("https://t.co/s", "https://status.kestrel-mobile.example", "status.kestrel-mobile.example")]),
    tweet(5, "Evening update", when="Thu Nov 12 20:00:00 +0100 2026", source="Twitter for iPhone"),
    tweet(6, "Night update", source="Twitter Web App"),
]
DMS = [{"dmConversation": {"conversationId": "7-42", "messages": [
    dm("500", "7", "42", "hi, question about my order", "2026-11-12T09:00:00.000Z"),
    dm("501", "42", "7", "sure, see https://t.co/h", "2026-11-12T09:05:00.000Z",
       urls=[{"url": "https://t.co/h", "expanded": "https://help.kestrel-mobile.example/o",
              "display": "help.kestrel-mobile.example/o"}]),
]}}]
GROUP = [{"dmConversation": {"conversationId": "9000", "messages": [
    {"joinConversation": {"initiatingUserId": "8", "participantsSnapshot": ["8", "42"]}},
    dm("600", "8", None, "Hallo, wo bleibt meine Lieferung?", "2026-11-12T10:00:00.000Z"),
]}}]


# -- tests ------------------------------------------------------------------------------


def test_x_zip_imports_kinds_links_clients_and_dms(tmp_path, capsys):
    assert run_import("x-archive", write_zip(tmp_path / "a.zip", x_files(TWEETS, DMS, GROUP))) == 0
    out = capsys.readouterr().out
    assert "@kestrelmobile: 9 new, 0 already present" in out
    assert "Warning:" in out and "n/a" in out and "mentions and replies" in out
    msgs = {m.id: m for m in store(tmp_path).messages("kestrelmobile")}
    assert len(msgs) == 9
    first = msgs["1"]
    assert first.kind == "post" and first.direction == "out" and first.lang == "de"
    assert first.text == "Der neue K7 ist da & lieferbar! https://shop.kestrel-mobile.example/k7"
    assert [(l.url, l.text) for l in first.links] == [("https://shop.kestrel-mobile.example/k7",
                                                       "kestrel-mobile.example/k7")]
    assert first.client == "Twitter Web App" and first.created_at == datetime(2026, 11, 12, 8, 15, 54, tzinfo=timezone.utc)
    assert msgs["2"].kind == "reply" and msgs["2"].in_reply_to == "99"
    repost = msgs["3"]
    assert repost.kind == "repost" and repost.text == "" and repost.links == ()
    assert repost.repost_of.author == "fan" and repost.repost_of.text == "Loving my Kestrel https://fan.example/p"
    assert msgs["5"].created_at == datetime(2026, 11, 12, 19, 0, tzinfo=timezone.utc)
    inbound, answer, group = msgs["dm-500"], msgs["dm-501"], msgs["dm-600"]
    assert (inbound.kind, inbound.direction, inbound.conversation) == ("dm", "in", "7-42")
    assert inbound.author.handle == "anna"  # the id was named by the account's own reply to @anna
    assert answer.direction == "out" and answer.author.handle == "kestrelmobile"
    assert answer.text == "sure, see https://help.kestrel-mobile.example/o"
    assert group.author.handle == "id:8" and group.conversation == "9000" and group.direction == "in"


def test_x_import_proposes_settings_with_counts(tmp_path, capsys):
    assert run_import("x-archive", write_zip(tmp_path / "a.zip", x_files(TWEETS, DMS))) == 0
    out = capsys.readouterr().out
    acc = store(tmp_path).get_account("kestrelmobile")
    assert acc.platform == "x" and acc.own_domains == ("kestrel-mobile.example",)
    assert "fan.example" not in out  # a repost's links are someone else's
    assert "Kestrel Mobile" in acc.brand_terms and "Kestrel" in acc.brand_terms
    # four posts from the web app: trusted; one each from other apps: shown, not trusted
    assert acc.trusted_clients == ("Twitter Web App",)
    assert "Twitter Web App (4x)" in out and "NOT trusted" in out and "Twitter for iPhone (1x)" in out
    assert "account.toml" in out
    assert acc.extra["source"] == "x-archive" and acc.extra["inbound_complete"] is False


def test_older_tweet_js_and_split_parts_in_a_folder(tmp_path, capsys):
    files = x_files(TWEETS[:2], tweets_name="data/tweet.js")
    files["data/tweets-part1.js"] = js("tweets", [tweet(10, "from part one")])
    files["data/tweet-headers.js"] = js("tweet_headers", [{"tweet": {"tweet_id": "1"}}])
    assert run_import("x-archive", write_dir(tmp_path / "arch", files)) == 0
    assert {m.id for m in store(tmp_path).messages("kestrelmobile")} == {"1", "2", "10"}


def test_reimport_adds_nothing_and_newer_archive_adds_only_new(tmp_path, capsys):
    folder = write_dir(tmp_path / "arch", x_files(TWEETS, DMS))
    assert run_import("x-archive", folder) == 0
    capsys.readouterr()
    assert run_import("x-archive", folder) == 0
    assert "0 new, 8 already present" in capsys.readouterr().out
    newer = write_zip(tmp_path / "newer.zip", x_files(TWEETS + [tweet(7, "Another post")], DMS))
    assert run_import("x-archive", newer) == 0
    assert "1 new, 8 already present" in capsys.readouterr().out
    assert len(store(tmp_path).messages("kestrelmobile")) == 9


def test_user_settings_survive_a_reimport(tmp_path, capsys):
    folder = write_dir(tmp_path / "arch", x_files(TWEETS))
    assert run_import("x-archive", folder) == 0
    s = store(tmp_path)
    acc = s.get_account("kestrelmobile")
    acc.trusted_clients = ("Twitter Web App", "Kestrel Web")
    s.put_account(acc)
    assert run_import("x-archive", folder) == 0
    assert "existing settings were kept" in capsys.readouterr().out
    assert s.get_account("kestrelmobile").trusted_clients == ("Twitter Web App", "Kestrel Web")


def test_rules_needing_customers_say_na_and_other_commands_work(tmp_path, capsys):
    assert run_import("x-archive", write_zip(tmp_path / "a.zip", x_files(TWEETS, DMS))) == 0
    capsys.readouterr()
    code = main(["health", "--format", "json", "--now", "2026-11-13T00:00:00Z"])
    assert code in (0, 1)
    rules = {r["code"]: r for r in json.loads(capsys.readouterr().out)["rules"]}
    for code in ("RSP001", "RSP002", "RSP003"):
        assert rules[code]["verdict"] == "n/a" and "archive" in rules[code]["reason"]
    assert rules["SEC001"]["verdict"] == "fail"  # iPhone and Kestrel Web are not (yet) trusted
    assert rules["BRD002"]["verdict"] == "ok"  # the account's own behaviour is judged
    assert main(["queue", "--format", "json", "--now", "2026-11-13T00:00:00Z"]) == 0
    assert "conversations" in json.loads(capsys.readouterr().out)
    assert main(["export", "--all", "--format", "json", "--now", "2026-11-13T00:00:00Z"]) == 0


def test_progress_is_plain_lines_when_not_a_terminal(tmp_path, capsys):
    assert run_import("x-archive", write_zip(tmp_path / "a.zip", x_files(TWEETS))) == 0
    err = capsys.readouterr().err
    assert "\r" not in err and "\x1b" not in err
    assert "reading twitter-2026-11-12/data/tweets.js" in err and "writing to the store" in err


def test_progress_draws_a_bar_on_a_terminal():
    class Tty(io.StringIO):
        def isatty(self):
            return True

    stream = Tty()
    line = ProgressLine(stream)
    line("tweets in data/tweets.js", 0, 4)
    line("tweets in data/tweets.js", 4, 4)
    line.close()
    drawn = stream.getvalue()
    assert "\r" in drawn and "[########################]" in drawn and "100%" in drawn and drawn.endswith("\n")


def test_terminal_escapes_and_bidi_in_an_archive_are_removed(tmp_path, capsys):
    hostile = [tweet(1, "Hi \x1b]52;c;cGF5bG9hZA==\x07there \u202eevil \x1b[31mred",
                     source="<b>\x1b[2JEvil\u202e App</b>",
                     urls=[url("https://t.co/a", "https://kestrel-mobile.example/ a\x1b[0m", "x\x1b[0m")])]
    assert run_import("x-archive", write_dir(tmp_path / "arch", x_files(hostile))) == 0
    m = store(tmp_path).messages("kestrelmobile")[0]
    assert "\x1b" not in m.text and "\u202e" not in m.text and m.text.startswith("Hi there evil red")
    assert m.client == "Evil App" and m.links[0].url == "https://kestrel-mobile.example/a"
    assert "\x1b" not in capsys.readouterr().out


def test_the_app_model_opens_an_imported_account(tmp_path, capsys):
    from socialtui.workspace import Workspace

    assert run_import("x-archive", write_zip(tmp_path / "a.zip", x_files(TWEETS, DMS, GROUP))) == 0
    s = store(tmp_path)
    ws = Workspace(s.dataset("kestrelmobile"), s, "kestrelmobile",
                   now_fn=lambda: datetime(2026, 11, 13, tzinfo=timezone.utc))
    waiting = {row.conversation.id for row in ws.queue() if row.tier in ("past-sla", "within-sla")}
    assert "dm:9000" in waiting  # the unanswered German DM in the group conversation
    assert {v.code: v.verdict for v in ws.health().rules}["RSP001"] == "n/a"
