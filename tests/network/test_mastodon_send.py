"""Replies against a real mastodon-mock server: exactly once, visibility, mentions, the CLI path."""

from __future__ import annotations

import asyncio
import time

import pytest

from socialtui.cli import main
from socialtui.errors import NetworkError
from socialtui.sources.mastodon.client import MastodonClient, RetryPolicy, Token
from socialtui.sources.mastodon.send import OUTBOX, send_reply
from socialtui.sources.mastodon.sync import client_for


def _target(store, status_id):
    return next(m for m in store.messages("kestrel") if m.id == status_id)


def _replies_on_server(api, parent_id):
    return [s for s in api.own_statuses() if s.get("in_reply_to_id") == parent_id]


def _send(store, client, target, text, draft_id):
    async def go():
        async with client:
            return await send_reply(store, "kestrel", client, target, text, draft_id)
    return asyncio.run(go())


def test_a_reply_is_posted_once_even_when_the_first_attempt_times_out(server, api, login, run_sync):
    store = login()
    q = api.post("anna-token", "@kestrel where is my order?")
    run_sync(store)
    # The server takes 0.6 s; we give up after 0.2 s and retry (same key) after it has finished.
    api.fault({"match": {"methods": ["POST"], "path": "/api/v1/statuses"},
               "effect": {"type": "latency", "delay_ms": 600}, "count": 1})
    client = MastodonClient(server.base_url, Token("brand-token"), timeout=0.2,
                            retry=RetryPolicy(base_delay=0.8, max_delay=0.8))
    sent = _send(store, client, _target(store, q["id"]), "it ships today", "draft-1")
    assert client.status.requests == 2
    replies = _replies_on_server(api, q["id"])
    assert len(replies) == 1 and replies[0]["id"] == sent.id
    assert sent.kind == "reply" and sent.direction == "out" and sent.in_reply_to == q["id"]
    assert sent.text.startswith("@anna ")  # the addressed account is mentioned
    assert sent.id in store.message_ids("kestrel") and sent.id in {m.id for m in store.sent_messages("kestrel")}
    assert store.get_meta("kestrel", OUTBOX + "draft-1") is None  # the key is retired after storing


def test_a_crash_mid_send_never_posts_twice_and_never_loses_the_reply(server, api, login, run_sync):
    store = login()
    q = api.post("bernd-token", "@kestrel Rechnung falsch?", language="de")
    run_sync(store)
    api.fault({"match": {"methods": ["POST"], "path": "/api/v1/statuses"},
               "effect": {"type": "latency", "delay_ms": 500}, "count": 1})
    impatient = MastodonClient(server.base_url, Token("brand-token"), timeout=0.1, retry=RetryPolicy(attempts=1))
    with pytest.raises(NetworkError, match="POST /api/v1/statuses .*timed out"):
        _send(store, impatient, _target(store, q["id"]), "wir prüfen das", "draft-2")
    key = store.get_meta("kestrel", OUTBOX + "draft-2")
    assert key  # persisted before sending, still there after the failure
    time.sleep(0.6)  # the first attempt completes on the server meanwhile (the "crash" did post)
    sent = _send(store, client_for(store, "kestrel"), _target(store, q["id"]), "wir prüfen das", "draft-2")
    replies = _replies_on_server(api, q["id"])
    assert len(replies) == 1 and replies[0]["id"] == sent.id and sent.lang == "de"


def test_a_dm_answer_stays_direct_and_reaches_the_customer(server, api, login, run_sync):
    store = login()
    dm = api.post("anna-token", "@kestrel private: my address changed", visibility="direct")
    run_sync(store)
    target = _target(store, dm["id"])
    sent = _send(store, client_for(store, "kestrel"), target, "thanks, updated", "draft-3")
    assert sent.kind == "dm" and sent.extra["visibility"] == "direct" and sent.conversation == target.conversation
    assert "@anna" in sent.text  # a direct status reaches only the accounts it mentions
    anna_sees = api.get("anna-token", "/api/v1/conversations")
    assert anna_sees[0]["last_status"]["id"] == sent.id


def test_a_reply_keeps_the_parents_visibility(server, api, login, run_sync):
    store = login()
    q = api.post("anna-token", "@kestrel quiet question", visibility="unlisted")
    run_sync(store)
    sent = _send(store, client_for(store, "kestrel"), _target(store, q["id"]), "@anna quiet answer", "draft-4")
    assert sent.extra["visibility"] == "unlisted" and sent.text.count("@anna") == 1


def test_a_refused_reply_retires_its_key_so_an_edit_is_really_sent(server, api, login, run_sync):
    store = login()
    q = api.post("anna-token", "@kestrel hi")
    run_sync(store)
    api.fault({"match": {"methods": ["POST"], "path": "/api/v1/statuses"},
               "effect": {"type": "status", "status": 422}, "count": 1})
    with pytest.raises(NetworkError, match="HTTP 422"):
        _send(store, client_for(store, "kestrel"), _target(store, q["id"]), "first try", "draft-5")
    assert store.get_meta("kestrel", OUTBOX + "draft-5") is None
    sent = _send(store, client_for(store, "kestrel"), _target(store, q["id"]), "second try", "draft-5")
    assert "second try" in sent.text


def test_reply_command_sends_through_the_live_account(server, api, login, run_sync, capsys):
    store = login()
    q = api.post("anna-token", "@kestrel is the shop open?")
    run_sync(store)
    capsys.readouterr()
    assert main(["reply", q["id"], "yes, until 8pm", "--yes"]) == 0
    replies = _replies_on_server(api, q["id"])
    assert len(replies) == 1 and "yes, until 8pm" in replies[0]["content"]
    assert f"Sent as {replies[0]['id']}" in capsys.readouterr().out
