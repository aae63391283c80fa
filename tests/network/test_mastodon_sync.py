"""Sync against a real mastodon-mock server: first sync, incremental sync, idle cost, window, CLI."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from socialtui.cli import main


def _by_id(store, handle="kestrel"):
    return {m.id: m for m in store.messages(handle)}


def test_first_sync_stores_mentions_dms_own_posts_and_threads(login, api, run_sync):
    store = login()
    post = api.post("brand-token", "The K7 is coming")
    boosted = api.post("bernd-token", "Kestrel K7 review: great battery")
    repost = api.reblog("brand-token", boosted["id"])
    question = api.post("anna-token", "@kestrel when does it ship?", in_reply_to_id=post["id"])
    german = api.post("bernd-token", "@kestrel mein Paket ist nicht da", language="de")
    dm = api.post("anna-token", "@kestrel psst, private question", visibility="direct")
    # A reply to a stranger's post that we do not have: the thread root comes from /context.
    root = api.post("bernd-token", "Anyone else without signal today?")
    answer = api.post("anna-token", "@bernd same here @kestrel what is going on?", in_reply_to_id=root["id"])
    stages = []

    result = run_sync(store, progress=lambda stage, n: stages.append(stage))

    msgs = _by_id(store)
    assert msgs[post["id"]].kind == "post" and msgs[post["id"]].direction == "out"
    assert msgs[repost["id"]].kind == "repost" and msgs[repost["id"]].repost_of.author == "bernd"
    assert msgs[question["id"]].kind == "reply" and msgs[question["id"]].in_reply_to == post["id"]
    assert msgs[german["id"]].kind == "mention" and msgs[german["id"]].lang == "de"
    assert "Paket" in msgs[german["id"]].text
    conversations = api.get("brand-token", "/api/v1/conversations")
    assert msgs[dm["id"]].kind == "dm" and msgs[dm["id"]].conversation == str(conversations[0]["id"])
    assert msgs[dm["id"]].extra["participants"] == ["anna"]
    assert msgs[answer["id"]].in_reply_to == root["id"] and root["id"] in msgs
    assert result.first and result.new_messages == len(msgs) == 7 and result.context == 1
    assert {"own posts", "mentions", "direct messages", "threads", "stored"} <= set(stages)


def test_incremental_sync_fetches_only_new_items_and_idle_costs_three_requests(login, api, run_sync):
    store = login()
    api.post("anna-token", "@kestrel first")
    run_sync(store)
    new = api.post("bernd-token", "@kestrel one more thing")
    new_dm = api.post("anna-token", "@kestrel and privately", visibility="direct")
    sent = []
    second = run_sync(store, sent=sent)
    assert second.new_messages == 2 and {new["id"], new_dm["id"]} <= store.message_ids("kestrel")
    assert not second.first
    idle_requests = []
    idle = run_sync(store, sent=idle_requests)
    assert idle.new_messages == 0 and idle.requests == len(idle_requests) <= 3
    assert all(r.startswith("GET ") for r in idle_requests)


def test_incremental_sync_over_several_pages_walks_forward_not_back(login, api, run_sync):
    store = login()
    for i in range(5):
        api.post("anna-token", f"@kestrel old {i}")
    run_sync(store)
    fresh = {api.post("bernd-token", f"@kestrel new {i}")["id"] for i in range(45)}  # more than a page
    sent = []
    result = run_sync(store, sent=sent)
    assert result.new_messages == 45 and fresh <= store.message_ids("kestrel")
    notification_calls = [r for r in sent if r.endswith("/notifications")]
    assert 2 <= len(notification_calls) <= 3  # min_id pages upwards, then an empty page; no history walk


def test_first_sync_stops_at_the_window(login, api, run_sync):
    store = login()
    for i in range(3):
        api.post("anna-token", f"@kestrel hello {i}")
    later = datetime.now(timezone.utc) + timedelta(days=8)  # everything is older than the 7-day window
    result = run_sync(store, now=later)
    assert result.new_messages == 0 and store.message_ids("kestrel") == set()
    # The cursors still moved: the next sync does not walk back over what the window left out.
    again = run_sync(store)
    assert again.new_messages == 0


def test_sync_command_prints_progress_and_counts_for_every_account(server, api, login, capsys):
    login("brand-token")
    login("anna-token")
    api.post("bernd-token", "@kestrel @anna hello both")
    capsys.readouterr()
    assert main(["sync"]) == 0
    out, err = capsys.readouterr()
    assert "@kestrel: 1 new (1 mentions" in out and "@anna: 1 new" in out
    assert "@kestrel: mentions" in err  # the progress line
    assert main(["sync", "--account", "anna"]) == 0
    assert "@anna: 0 new" in capsys.readouterr().out
    assert main(["sync", "--account", "nobody"]) == 2
    assert "not a logged-in Mastodon account" in capsys.readouterr().err
