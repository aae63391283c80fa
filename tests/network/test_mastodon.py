"""The Mastodon connector against a real HTTP server: login, sync, reply, faults."""

from __future__ import annotations

import asyncio
import io
import stat

import pytest

from socialtui.cli import main
from socialtui.errors import AuthError, NetworkError
from socialtui.sources.mastodon.client import MastodonClient, RetryPolicy, Token
from socialtui.sources.mastodon.send import send_status
from socialtui.sources.mastodon.sync import client_for, sync_account
from socialtui.store import Store


async def _no_sleep(seconds):
    _no_sleep.waits.append(seconds)


def fast_retry(**kw):
    _no_sleep.waits = []
    return RetryPolicy(sleep=_no_sleep, **kw)


def login(server, tmp_path, monkeypatch, token="brand-token"):
    monkeypatch.setattr("sys.stdin", io.StringIO(token + "\n"))
    data = tmp_path / "data"
    assert main(["login", "mastodon", server.base_url, "--token-stdin", "--data-dir", str(data)]) == 0
    return Store(data)


def run_sync(store, handle="kestrel", retry=None):
    async def go():
        client = client_for(store, handle, retry=retry or fast_retry())
        async with client:
            return await sync_account(store, handle, client)

    return asyncio.run(go())


def test_login_stores_account_and_private_token(server, tmp_path, monkeypatch, capsys):
    store = login(server, tmp_path, monkeypatch)
    assert "Logged in as @kestrel" in capsys.readouterr().out
    acc = store.get_account("kestrel")
    assert acc.platform == "mastodon" and acc.extra["instance"] == server.base_url
    token_files = list((tmp_path / "config" / "tokens").glob("*.token"))
    assert len(token_files) == 1 and stat.S_IMODE(token_files[0].stat().st_mode) == 0o600
    assert "brand-token" not in "".join(p.read_text(errors="ignore") for p in (tmp_path / "data").rglob("*.*"))


def test_first_and_incremental_sync(server, api, tmp_path, monkeypatch):
    store = login(server, tmp_path, monkeypatch)
    post = api.post("brand-token", "The K7 is coming")
    q = api.post("anna-token", "@kestrel when does it ship?", in_reply_to_id=post["id"])
    api.post("bernd-token", "@kestrel mein Paket ist nicht da", language="de")
    api.post("anna-token", "@kestrel psst, private question", visibility="direct")
    first = run_sync(store)
    msgs = {m.id: m for m in store.messages("kestrel")}
    assert msgs[q["id"]].kind == "reply" and msgs[q["id"]].in_reply_to == post["id"]
    assert msgs[post["id"]].kind == "post" and msgs[post["id"]].direction == "out"
    assert any(m.kind == "dm" and "private question" in m.text for m in msgs.values())
    assert any(m.author.handle == "bernd" and m.kind == "mention" for m in msgs.values())
    assert first.new_messages == len(msgs) == 4
    new = api.post("anna-token", "@kestrel one more thing")
    second = run_sync(store)
    assert second.new_messages == 1 and new["id"] in store.message_ids("kestrel")
    idle = run_sync(store)
    assert idle.new_messages == 0 and idle.requests <= 3


def test_reply_appears_once_even_when_the_first_attempt_times_out(server, api, tmp_path, monkeypatch):
    store = login(server, tmp_path, monkeypatch)
    q = api.post("anna-token", "@kestrel where is my order?")
    run_sync(store)
    target = next(m for m in store.messages("kestrel") if m.id == q["id"])
    api.fault({"match": {"methods": ["POST"], "path": "/api/v1/statuses"},
               "effect": {"type": "latency", "delay_ms": 1500}, "count": 1})

    async def go():
        retry = RetryPolicy(base_delay=4.0, max_delay=4.0)  # the retry comes after the slow first attempt ran
        client = MastodonClient(server.base_url, Token("brand-token"), timeout=0.5, retry=retry)
        async with client:
            acc = store.get_account("kestrel")
            sent = await send_status(client, acc.extra["account_id"], target, "@anna it ships today", "draft-key-1")
            return sent, client.status.requests

    sent, attempts = asyncio.run(go())
    assert attempts == 2  # the first attempt timed out on our side
    replies = [s for s in api.own_statuses() if s.get("in_reply_to_id") == q["id"]]
    assert len(replies) == 1 and replies[0]["id"] == sent.id
    assert sent.kind == "reply" and sent.in_reply_to == q["id"]


def test_dm_answer_stays_direct(server, api, tmp_path, monkeypatch):
    store = login(server, tmp_path, monkeypatch)
    api.post("anna-token", "@kestrel private: my address changed", visibility="direct")
    run_sync(store)
    dm = next(m for m in store.messages("kestrel") if m.kind == "dm")

    async def go():
        async with client_for(store, "kestrel", retry=fast_retry()) as client:
            return await send_status(client, store.get_account("kestrel").extra["account_id"], dm,
                                     "@anna thanks, updated", "k2")

    sent = asyncio.run(go())
    assert sent.kind == "dm" and sent.extra["visibility"] == "direct"


def test_429_and_502_are_survived(server, api, tmp_path, monkeypatch):
    store = login(server, tmp_path, monkeypatch)
    api.post("anna-token", "@kestrel hello")
    api.fault({"match": {"methods": ["GET"], "path": "/api/v1/notifications"}, "effect": {"type": "ratelimit"},
               "count": 1})
    api.fault({"match": {"methods": ["GET"], "path": "/api/v1/conversations"},
               "effect": {"type": "status", "status": 502}, "count": 2})
    result = run_sync(store)
    assert result.new_messages == 1
    assert 300 in _no_sleep.waits  # honoured Retry-After


def test_malformed_reply_names_the_endpoint(server, api, tmp_path, monkeypatch):
    store = login(server, tmp_path, monkeypatch)
    api.fault({"match": {"methods": ["GET"], "path": "/api/v1/notifications"}, "effect": {"type": "malformed"},
               "count": 1})
    with pytest.raises(NetworkError, match="GET /api/v1/notifications .*malformed JSON"):
        run_sync(store)


def test_persistent_5xx_gives_up_with_a_clear_error(server, api, tmp_path, monkeypatch):
    store = login(server, tmp_path, monkeypatch)
    api.fault({"match": {"methods": ["GET"], "path": "/api/v1/notifications"},
               "effect": {"type": "status", "status": 503}, "count": 10})
    with pytest.raises(NetworkError, match="failed after 3 attempts: server error 503"):
        run_sync(store, retry=fast_retry(attempts=3))


def test_revoked_token_says_log_in_again(server, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO("not-a-valid-token\n"))
    code = main(["login", "mastodon", server.base_url, "--token-stdin", "--data-dir", str(tmp_path / "d")])
    err = capsys.readouterr().err
    assert code == 4 and "revoked or has expired" in err and "socialtui login mastodon" in err
    assert "not-a-valid-token" not in err and "Traceback" not in err


def test_token_never_in_reprs():
    token = Token("s3cret-value")
    client = MastodonClient("http://127.0.0.1:9", token)
    assert "s3cret" not in repr(token) + str(token) + repr(client) + repr(client._http.auth)
    asyncio.run(client.aclose())


def test_mapping_records_the_posting_app():
    from socialtui.sources.mastodon.mapping import status_to_message

    status = {"id": "9", "created_at": "2026-11-13T18:30:00.000Z", "visibility": "public", "language": "en",
              "in_reply_to_id": None, "reblog": None, "application": {"name": "Unknown Poster 2.1"},
              "account": {"id": "1", "acct": "kestrel", "display_name": "Kestrel"},
              "content": '<p>Win a phone: <a href="https://kestrel-mobi1e.example/verify">'
                         '<span class="invisible">https://</span>kestrel-mobi1e.example/verify</a></p>'
                         '<p>\u001b]52;c;evil\u0007<br>bye</p>'}
    m = status_to_message(status, "1")
    assert m.kind == "post" and m.direction == "out" and m.client == "Unknown Poster 2.1"
    assert m.links[0].url == "https://kestrel-mobi1e.example/verify"
    assert m.links[0].text == "kestrel-mobi1e.example/verify"
    assert "\x1b" not in m.text and "bye" in m.text
