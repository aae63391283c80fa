"""The workflow commands: queue, lint, reply, export (exit codes and JSON shapes)."""

import json
import os
import stat

import pytest

from socialtui.cli import main
from socialtui.domain.timeutil import parse_timestamp
from socialtui.domain.workflow import ConversationState
from tests.conftest import AS_OF, FIXTURES, KESTREL

NOW = ["--now", "2026-11-20T18:00:00Z"]
ROW_KEYS = {"id", "position", "tier", "waiting_since", "last_message_id", "participants", "reason"}


def test_queue_json_order_and_reasons(capsys):
    assert main(["queue", str(KESTREL), "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["now"] == "2026-11-20T18:00:00Z"
    rows = doc["conversations"]
    assert all(set(r) == ROW_KEYS for r in rows)
    tiers = [r["tier"] for r in rows]
    order = ["hijack-report", "past-sla", "within-sla", "escalated", "snoozed", "answered", "done"]
    assert tiers == sorted(tiers, key=order.index)
    assert tiers[0] == "hijack-report" and "within-sla" in tiers
    past = [r for r in rows if r["tier"] == "past-sla"]
    assert [r["waiting_since"] for r in past] == sorted(r["waiting_since"] for r in past)
    assert all(r["reason"] and r["position"] == i for i, r in enumerate(rows, 1))
    assert "may be hacked" in rows[0]["reason"] and "past the 2h 00m SLA" in past[0]["reason"]
    assert main(["queue", str(KESTREL), "--limit", "3", "--format", "json"]) == 0
    assert len(json.loads(capsys.readouterr().out)["conversations"]) == 3


def test_queue_text_and_bad_input(capsys):
    assert main(["queue", "kestrel", "--limit", "2"]) == 0
    out = capsys.readouterr().out
    assert out.count("why: ") == 2 and "hijack-report" in out
    assert "(2 of 256 conversations shown: --limit 2)" in out
    assert main(["queue", "kestrel", "--limit", "0"]) == 0  # none shown is not "none there"
    out = capsys.readouterr().out
    assert "No conversations" not in out and "(0 of 256 conversations shown: --limit 0)" in out
    with pytest.raises(SystemExit) as exc:
        main(["queue", "kestrel", "--limit", "-1"])
    assert exc.value.code == 2
    assert main(["queue", str(FIXTURES / "no-such-dataset")]) == 2


def test_queue_on_the_store_account_uses_its_workflow_state(capsys):
    from socialtui.locations import data_dir
    from socialtui.sources.dataset_dir import load_dataset
    from socialtui.store import Store

    ds = load_dataset(KESTREL)
    store = Store(data_dir())
    store.put_account(ds.account)
    store.add_messages(ds.account.handle, ds.messages)
    store.set_state(ds.account.handle, "k0574", ConversationState("done", AS_OF))
    assert main(["queue", "--format", "json", *NOW]) == 0
    rows = {r["id"]: r for r in json.loads(capsys.readouterr().out)["conversations"]}
    assert rows["k0574"]["tier"] == "done"
    assert main(["queue", str(KESTREL), "--format", "json"]) == 0  # a dataset PATH: the data as it is
    rows = {r["id"]: r for r in json.loads(capsys.readouterr().out)["conversations"]}
    assert rows["k0574"]["tier"] == "past-sla"


def test_the_store_account_is_judged_at_the_clock_not_at_its_newest_message(capsys):
    """A synced account checked from cron: a customer waiting since the last message must show
    the wait until now (the newest stored message as "now" made every wait 0s)."""
    from datetime import datetime, timedelta, timezone

    from socialtui.locations import data_dir
    from socialtui.store import Store
    from tests.builders import dataset, msg

    asked = datetime.now(timezone.utc) - timedelta(hours=3)
    ds = dataset([msg("mention", "in", "@brand where is my order?", id="q", when=asked)])
    store = Store(data_dir())
    store.put_account(ds.account)
    store.add_messages(ds.account.handle, ds.messages)
    before = datetime.now(timezone.utc)
    assert main(["queue", "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert parse_timestamp(doc["now"]) >= before - timedelta(seconds=1)
    assert doc["conversations"][0]["tier"] == "past-sla" and "Waiting 3h" in doc["conversations"][0]["reason"]


def test_lint_exit_codes_and_json(capsys):
    assert main(["lint", "--format", "json", "Our K7 ships Monday."]) == 0
    assert json.loads(capsys.readouterr().out) == {"findings": []}
    assert main(["lint", "--format", "json", "Please call our hotline."]) == 1  # no dataset: Mastodon, text only
    (finding,) = json.loads(capsys.readouterr().out)["findings"]
    assert finding["code"] == "L001" and finding["blocking"] is False and finding["message"]
    assert main(["lint", "--dataset", str(KESTREL), "--reply-to", "k0574", "--format", "json",
                 "Bitte wenden Sie sich an unsere Hotline."]) == 1
    codes = {f["code"] for f in json.loads(capsys.readouterr().out)["findings"]}
    assert "L001" in codes and "L008" in codes
    assert main(["lint", "--dataset", str(KESTREL), "--reply-to", "k0574", "--agent", "Dana Kruger",
                 "--format", "json", "@yarapat20 Your repair ships Monday."]) == 1
    assert [f["code"] for f in json.loads(capsys.readouterr().out)["findings"]] == ["L004"]
    assert main(["lint", "--platform", "bluesky", "x" * 301]) == 1
    assert "L002 BLOCKS" in capsys.readouterr().out
    assert main(["lint", "--platform", "x", "x" * 280]) == 0
    assert main(["lint", "--reply-to", "k1"]) == 2
    assert main(["lint", "--agent", "Dana", "hello"]) == 2
    assert main(["lint", "--dataset", str(KESTREL), "--reply-to", "nope", "hi"]) == 2
    capsys.readouterr()


def test_reply_then_export_and_queue_state(tmp_path, capsys):
    data = ["--data-dir", str(tmp_path / "d")]
    assert main(["reply", "k0574", "Your repair is finished and ships Monday.", "--dataset", str(KESTREL),
                 "--yes", "--agent", "DK", *NOW, *data]) == 0
    assert "Sent as sent-" in capsys.readouterr().out
    assert main(["export", str(KESTREL), "--conversation", "k0574", "--format", "json", *data]) == 0
    doc = json.loads(capsys.readouterr().out)
    messages = doc["conversations"][0]["messages"]
    assert messages[-1]["text"] == "@yarapat20 Your repair is finished and ships Monday. ^DK"
    assert messages[-1]["sent_from_socialtui"] and messages[-1]["in_reply_to"] == "k0574"
    assert messages[-1]["client"] == "socialtui"
    # Without --yes and without a terminal to ask on, nothing is sent.
    assert main(["reply", "k0574", "Another answer", "--dataset", str(KESTREL), *NOW, *data]) == 2
    assert "confirmation needs a terminal" in capsys.readouterr().err
    assert main(["export", str(KESTREL), "--conversation", "k0574", "--format", "json", *data]) == 0
    assert len(json.loads(capsys.readouterr().out)["conversations"][0]["messages"]) == len(messages)


def test_reply_refuses_too_long_and_suspicious_links_unless_confirmed(tmp_path, capsys):
    data = ["--data-dir", str(tmp_path / "d"), "--dataset", str(KESTREL), *NOW]
    assert main(["reply", "k0574", "x" * 600, "--yes", *data]) == 1
    assert "will refuse it" in capsys.readouterr().err
    phishing = "Please log in at https://kestrel-mobi1e.example/verify-login"
    assert main(["reply", "k0574", phishing, "--yes", *data]) == 1
    assert "--confirm-link" in capsys.readouterr().err
    assert main(["export", str(KESTREL), "--conversation", "k0574", "--format", "json",
                 "--data-dir", str(tmp_path / "d")]) == 0
    assert not any(m["sent_from_socialtui"] for m in json.loads(capsys.readouterr().out)["conversations"][0]["messages"])
    assert main(["reply", "k0574", phishing, "--yes", "--confirm-link", *data]) == 0
    assert "Sent as" in capsys.readouterr().out


def test_reply_unknown_message_and_store_without_accounts(tmp_path, capsys):
    assert main(["reply", "nope", "hi", "--yes", "--dataset", str(KESTREL), *NOW]) == 2
    assert "No message 'nope'" in capsys.readouterr().err
    assert main(["reply", "k0574", "hi", "--yes"]) == 2
    assert "no account" in capsys.readouterr().err


def test_reply_appears_in_the_demo_workspace(tmp_path, capsys):
    from socialtui.sources.dataset_dir import load_dataset
    from socialtui.store import Store
    from socialtui.workspace import Workspace

    assert main(["reply", "k0574", "It ships Monday.", "--yes", "--dataset", "kestrel", *NOW]) == 0
    from socialtui.locations import data_dir

    ws = Workspace(load_dataset("kestrel"), Store(data_dir()), "demo:kestrelmobile", now_fn=lambda: AS_OF)
    assert next(r.tier for r in ws.queue() if r.id == "k0574") == "answered"


def test_export_markdown_with_notes_state_and_escaping(tmp_path, capsys):
    from socialtui.locations import data_dir
    from socialtui.sources.dataset_dir import load_dataset
    from socialtui.store import Store
    from socialtui.workspace import Workspace

    ws = Workspace(load_dataset(KESTREL), Store(data_dir()), "demo:kestrelmobile", now_fn=lambda: AS_OF)
    ws.add_note("k0574", "# not a heading [x](http://evil.example) <b>bold</b>")
    ws.escalate("k0574", "Repairs", AS_OF.replace(hour=20))
    out_file = tmp_path / "out.md"
    assert main(["export", str(KESTREL), "--conversation", "k0574", "--output", str(out_file)]) == 0
    text = out_file.read_text()
    assert stat.S_IMODE(os.stat(out_file).st_mode) == 0o600
    assert "Status: escalated (due 2026-11-20T20:00:00Z); escalated to Repairs" in text
    assert "\\# not a heading \\[x\\](http\\:\\//evil\\.example) \\<b\\>bold\\</b\\>" in text
    assert "\n#" not in text.replace("\n# Conversations", "").replace("\n## ", "")
    assert main(["export", str(FIXTURES / "hostile" / "valid"), "--conversation", "h-click"]) == 0
    out = capsys.readouterr().out
    assert "\\[@click=app\\.quit\\]" in out and "\x1b" not in out


def test_export_all_json_is_complete(capsys):
    assert main(["export", str(KESTREL), "--all", "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["account"] == "kestrelmobile" and doc["now"] == "2026-11-20T18:00:00Z"
    conv = doc["conversations"][0]
    assert {"id", "dm", "participants", "waiting_since", "state", "notes", "draft", "messages"} <= set(conv)
    assert {"id", "kind", "direction", "author", "text", "created_at"} <= set(conv["messages"][0])
    assert main(["export", str(KESTREL), "--conversation", "nope"]) == 2
    with pytest.raises(SystemExit):
        main(["export", str(KESTREL)])  # --conversation or --all is required


def test_the_same_reply_run_twice_is_posted_once_unless_again(tmp_path, capsys):
    data = ["--data-dir", str(tmp_path / "d"), "--dataset", str(KESTREL), *NOW]
    reply = ["reply", "k0574", "Your repair ships Monday.", "--yes", *data]
    assert main(reply) == 0
    capsys.readouterr()
    assert main(reply) == 1  # a rerun of the same command (shell history, a retried script)
    err = capsys.readouterr().err
    assert "Not sent: the same reply went to this conversation at 18:00 UTC (sent-" in err and "--again" in err
    assert main(["reply", "k0574", "Your repair ships Monday, tracking follows.", "--yes", *data]) == 0
    assert main([*reply, "--again"]) == 0
    capsys.readouterr()
    assert main(["export", str(KESTREL), "--conversation", "k0574", "--format", "json",
                 "--data-dir", str(tmp_path / "d")]) == 0
    sent = [m for m in json.loads(capsys.readouterr().out)["conversations"][0]["messages"] if m["sent_from_socialtui"]]
    # (all at the one --now instant: their order among themselves is not the point)
    assert sorted(m["text"] for m in sent) == ["@yarapat20 Your repair ships Monday, tracking follows.",
                                               "@yarapat20 Your repair ships Monday.",
                                               "@yarapat20 Your repair ships Monday."]


def test_a_reply_to_an_own_message_addresses_the_customer_it_answered(tmp_path, capsys):
    data = ["--data-dir", str(tmp_path / "d"), "--dataset", str(KESTREL), *NOW]
    assert main(["reply", "k0006", "Oder schreiben Sie uns hier, wir helfen gern.", "--yes", *data]) == 0
    out = capsys.readouterr().out
    assert "Reply to your own message k0006 in k0005, addressed to @leasch1:" in out
    assert "@leasch1 Oder schreiben Sie uns hier" in out
    assert main(["reply", "k0001", "Pre-orders open at 9.", "--yes", *data]) == 0
    out = capsys.readouterr().out
    assert "addressing nobody" in out and "\n  Pre-orders open at 9." in out
    # the customer the own message answered (its in_reply_to), not whoever wrote last before it
    assert main(["reply", "k0421", "Glad that helped!", "--yes", *data]) == 0
    assert "addressed to @lenaoka7:\n  @lenaoka7 Glad that helped!" in capsys.readouterr().out


def test_the_repeat_guard_compares_what_was_sent_not_the_instances_rendering(tmp_path):
    """Mastodon sends a mention of another instance's user back as "@anna": the guard keeps a
    digest of the words sent ("@anna@remote.social ..."), so a rerun is caught all the same."""
    from socialtui.domain.models import Author, Message
    from socialtui.store import Store
    from socialtui.workspace import Workspace
    from socialtui.workspace_sending import RepeatedReply
    from tests.builders import NOW, dataset, msg

    ds = dataset([msg("mention", "in", "@brand is my order lost?", id="q1", author="anna@remote.social")],
                 platform="mastodon")
    posted = []

    def sender(target, body, key):  # what the instance gives back: the remote mention shortened
        posted.append(body)
        return Message(f"s{len(posted)}", "reply", "out", Author("brand"), body.replace("@remote.social", ""),
                       NOW, in_reply_to=target.id)

    ws = Workspace(ds, Store(tmp_path / "data"), "brand", now_fn=lambda: NOW, live_sender=sender)
    ws.send_reply("q1", "It is on its way, tracking follows.")
    assert posted == ["@anna@remote.social It is on its way, tracking follows."]
    with pytest.raises(RepeatedReply, match="the same reply went to this conversation at "):
        ws.send_reply("q1", "It is on its way, tracking follows.")
    ws.send_reply("q1", "It is on its way, tracking follows.", again=True)
    ws.send_reply("q1", "And here is the tracking number: 123.")
    with pytest.raises(RepeatedReply):  # not only the last one sent: A, B, then A again
        ws.send_reply("q1", "It is on its way, tracking follows.")
    assert len(posted) == 3
    ws.store.set_meta(ws.scope, "last-sent:q1", [{"digest": "x", "at": "2026-11-20T18:00:00"}, "junk"])
    ws.send_reply("q1", "It is on its way, tracking follows.")  # a hand-edited record is no record
    assert len(posted) == 4


def test_an_own_dm_is_answered_to_the_customer_of_its_conversation(tmp_path):
    from socialtui.store import Store
    from socialtui.workspace import Workspace
    from tests.builders import NOW, at, dataset, msg

    ds = dataset([msg("dm", "in", "where is my parcel?", id="d1", author="cleo", conversation="c", when=at(3)),
                  msg("dm", "out", "It left today.", id="d2", conversation="c", when=at(2)),
                  msg("post", "out", "New colours!", id="p1", when=at(1))])
    ws = Workspace(ds, Store(tmp_path / "data"), "demo", now_fn=lambda: NOW)
    assert ws.addressee("dm:c", "d2").id == "d1"
    assert ws.addressee("p1", "p1") is None  # an own post nobody answered


@pytest.mark.parametrize("answer, sent", [("y", False), ("yes", False), ("", False), ("Y", True)])
def test_reply_sends_a_suspicious_link_only_on_a_capital_y_as_the_app_does(answer, sent, tmp_path, capsys,
                                                                             monkeypatch):
    import sys

    monkeypatch.setattr(sys.stdin, "isatty", lambda: True, raising=False)
    monkeypatch.setattr("builtins.input", lambda question: answer)
    data = ["--data-dir", str(tmp_path / "d"), "--dataset", str(KESTREL), *NOW]
    code = main(["reply", "k0574", "Log in at https://kestrel-mobi1e.example/verify-login", *data])
    out = capsys.readouterr().out
    assert ("Sent as" in out) is sent and code == (0 if sent else 1)


def test_health_json_reason_is_for_n_a_and_the_explanation_for_every_verdict(capsys):
    assert main(["health", str(KESTREL), *NOW, "--format", "json"]) in (0, 1)
    rules = json.loads(capsys.readouterr().out)["rules"]
    judged = [r for r in rules if r["verdict"] != "n/a"]
    assert judged and all(r["reason"] is None and r["explanation"] for r in judged)
    assert all(r["reason"] for r in rules if r["verdict"] == "n/a")


def test_reply_takes_its_text_after_the_options_too(tmp_path, capsys):
    data = ["--data-dir", str(tmp_path / "d")]
    assert main(["reply", "--dataset", str(KESTREL), "k0574", "--yes", "Your repair ships Monday.", *NOW, *data]) == 0
    assert "@yarapat20 Your repair ships Monday." in capsys.readouterr().out
    # two texts: refused (exit 2), saying to quote the text
    assert main(["reply", "--dataset", str(KESTREL), "k0574", "--yes", "one", "two", *NOW, *data]) == 2
    assert "the text must be one argument" in capsys.readouterr().err


def test_queue_limit_keeps_positions_and_reasons(capsys):
    """Before: with --limit every row was position 0 and its reason said "position 1 of 0
    hijack-report conversations" (the rows lost the queue they find their place in)."""
    argv = ["queue", str(KESTREL), *NOW, "--format", "json"]
    assert main(argv) == 0
    full = json.loads(capsys.readouterr().out)["conversations"]
    assert main([*argv, "--limit", "3"]) == 0
    rows = json.loads(capsys.readouterr().out)["conversations"]
    assert rows == full[:3] and [r["position"] for r in rows] == [1, 2, 3]
    assert main(["queue", str(KESTREL), *NOW, "--limit", "2"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("   1 hijack-report") and "\n   2 hijack-report" in out and " of 0 " not in out
    assert out.endswith("(2 of 256 conversations shown: --limit 2)\n")


@pytest.mark.parametrize("argv, told", [
    (["queue", "kestrel", "--limit", "-1"], "socialtui queue: argument --limit: expected a number of rows (0 or more), "
                                            "got '-1'"),
    (["queue", "kestrel", "--limit", "ten"], "socialtui queue: argument --limit: expected a number of rows (0 or "
                                             "more), got 'ten'"),
    (["health", "kestrel", "--fail-on", "error"], "socialtui health: argument --fail-on: invalid choice: 'error' "
                                                  "(choose from 'warn', 'fail', 'never')"),
    (["export", "kestrel"], "socialtui export: one of the arguments --conversation --all is required"),
    (["lint", "--platform", "\x1b[2Jmyspace", "hi"], "socialtui lint: argument --platform: invalid choice: "
                                                     "'\\x1b[2Jmyspace' (choose from 'mastodon', 'bluesky', 'x')"),
])
def test_a_command_line_mistake_is_two_lines_not_the_usage_block(argv, told, capsys):
    """Before: argparse's usage (four or five wrapped lines) came first, the mistake last."""
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 2
    command = told.split(":")[0]
    assert capsys.readouterr().err == f"{told}\n  See: {command} --help\n"


def test_an_unknown_id_says_which_command_lists_the_ids_of_that_dataset(tmp_path, capsys):
    """Before: lint said nothing on what to do; export named `socialtui queue --format json`,
    which without the dataset reads the store (empty here: "holds no account yet")."""
    assert main(["lint", "--dataset", "kestrel", "--reply-to", "nope", "Thanks!"]) == 2
    assert capsys.readouterr().err.endswith(
        "\n  Message ids are listed by `socialtui queue kestrel --format json` (last_message_id), and are the id "
        "fields of its messages.jsonl.\n")
    import shutil

    spaced = tmp_path / "my data"
    shutil.copytree(KESTREL, spaced)
    assert main(["export", str(spaced), "--conversation", "nope"]) == 2  # (a path, quoted for the shell)
    assert f"`socialtui queue '{spaced}' --format json`" in capsys.readouterr().err
    assert main(["export", "kestrel", "--conversation", "nope"]) == 2
    assert capsys.readouterr().err.endswith(
        "\n  Conversation ids are listed by `socialtui queue kestrel --format json` (id; a message id in one works "
        "too).\n")


@pytest.mark.parametrize("argv, told", [
    (["health", "kestrel", "--window", "-7d"], "--window '-7d' is negative: a window reaches back from --now."),
    (["queue", "kestrel", "--now", "-1d"], "--now '-1d': "),
    (["monitor", "--dataset", "kestrel", "--once", "--no-sync", "--interval", "-60s"],
     "--interval '-60s' is negative: it is the time between two cycles"),
])
def test_a_negative_duration_after_its_option_is_its_value_and_refused_by_name(argv, told, capsys):
    """Before: argparse took "-7d" for an option and said only "argument --window: expected one
    argument"."""
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"socialtui: {told}") and "expected one argument" not in err


def test_only_duration_and_time_options_take_a_value_starting_with_a_dash():
    from socialtui.cli import join_dash_values

    assert join_dash_values(["health", "--window", "-7d", "--now", "-1.5h"]) == \
        ["health", "--window=-7d", "--now=-1.5h"]
    assert join_dash_values(["health", "--window", "--format", "json"]) == ["health", "--window", "--format", "json"]
    assert join_dash_values(["lint", "--", "--now", "-1d"]) == ["lint", "--", "--now", "-1d"]
    assert join_dash_values(["lint", "--agent", "-1d"]) == ["lint", "--agent", "-1d"]


def test_an_interval_given_empty_is_not_the_default(capsys):
    """Before: --interval "" quietly ran at the config's (or the default) interval."""
    assert main(["monitor", "--dataset", "kestrel", "--once", "--no-sync", "--interval", ""]) == 2
    assert capsys.readouterr().err.startswith("socialtui: --interval '' is not a duration\n")


def test_reply_to_an_unknown_id_names_the_queue_of_the_same_dataset(capsys):
    """Before: the hint named `socialtui queue --format json`, which reads the store, not the
    dataset the reply was for."""
    assert main(["reply", "nope", "hi", "--yes", "--dataset", "kestrel", *NOW]) == 2
    assert capsys.readouterr().err.endswith(
        "\n  Message ids are listed by `socialtui queue kestrel --format json` (last_message_id).\n")


def test_rules_with_an_unknown_word_says_so_once(capsys):
    assert main(["rules", "frobnicate"]) == 2
    assert capsys.readouterr().err.startswith(
        "socialtui: rules: 'frobnicate' is neither list, explain nor a rule code or name.\n")


@pytest.mark.parametrize("argv, where", [(["k0574"], "standard input was"), (["k0574", "  "], "the text given is")])
def test_an_empty_reply_says_where_the_text_was_looked_for_and_how_to_give_it(argv, where, monkeypatch, capsys):
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert main(["reply", *argv, "--dataset", "kestrel", "--yes"]) == 2
    assert capsys.readouterr().err == (f"socialtui: Nothing to send: the reply is empty ({where} empty or only "
                                       "spaces).\n  Give the text after the id (socialtui reply k0574 \"Thanks, "
                                       "...\"), or pipe it in.\n")


def test_queue_and_health_of_a_dataset_show_what_the_demo_and_reply_left(tmp_path, capsys):
    """One data dir, one answer: a reply sent with `reply --dataset` answered the customer in export
    and in the app, and queue and health still counted them waiting past the SLA."""
    data = ["--data-dir", str(tmp_path / "d")]

    def tier_and_waiting():
        assert main(["queue", str(KESTREL), "--format", "json", *data]) == 0
        rows = {r["id"]: r for r in json.loads(capsys.readouterr().out)["conversations"]}
        assert main(["health", str(KESTREL), "--select", "RSP001", "--format", "json", *data]) == 1
        rsp001 = json.loads(capsys.readouterr().out)["rules"][0]
        return rows["k0574"]["tier"], rsp001["figure"]

    tier, waiting = tier_and_waiting()
    assert tier == "past-sla"
    assert not (tmp_path / "d").exists()  # (reading a dataset makes no data dir)
    assert main(["reply", "k0574", "Your repair ships Monday.", "--dataset", str(KESTREL), "--yes", *NOW, *data]) == 0
    capsys.readouterr()
    assert tier_and_waiting() == ("answered", waiting - 1)
    assert main(["reply", "k0574", "Tracking number follows.", "--dataset", str(KESTREL), "--yes",
                 "--now", "2026-11-21T09:00:00Z", *data]) == 0  # a reply after the dataset's as_of
    capsys.readouterr()
    assert main(["queue", str(KESTREL), "--format", "json", *data]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["now"] == "2026-11-21T09:00:00Z"  # judged when that reply was sent, as export does
