"""Faults against a real server (429, 5xx, timeouts, malformed bodies, revoked tokens) and token secrecy."""

from __future__ import annotations

import asyncio
import io
from datetime import datetime, timedelta, timezone

import httpx
import pytest

from socialtui.cli import main
from socialtui.errors import AuthError, NetworkError
from socialtui.sources.mastodon.client import MastodonClient, RetryPolicy, Token, parse_links, parse_reset


def _fault(api, path, effect, count=1, method="GET"):
    api.fault({"match": {"methods": [method], "path": path}, "effect": effect, "count": count})


def test_429_and_502_are_survived(login, api, run_sync, sleeps):
    store = login()
    api.post("anna-token", "@kestrel hello")
    _fault(api, "/api/v1/notifications", {"type": "ratelimit"})
    _fault(api, "/api/v1/conversations", {"type": "status", "status": 502}, count=2)
    result = run_sync(store)
    assert result.new_messages == 1
    assert 300 in sleeps.waits  # Retry-After honoured
    assert len([w for w in sleeps.waits if w < 1]) == 2  # two short backoffs for the 502s


def test_429_without_retry_after_waits_for_the_reset_or_backs_off(login, api, run_sync, sleeps):
    store = login()
    reset = (datetime.now(timezone.utc) + timedelta(seconds=40)).isoformat()
    _fault(api, "/api/v1/notifications", {"type": "status", "status": 429, "headers": {"X-RateLimit-Reset": reset}})
    _fault(api, "/api/v1/conversations", {"type": "status", "status": 429})
    run_sync(store)
    assert any(35 < w <= 40 for w in sleeps.waits)  # ISO-8601 reset, as real servers send it
    assert any(w < 1 for w in sleeps.waits)  # no hint at all: the default backoff


def test_a_timeout_on_a_read_is_retried(login, api, run_sync):
    store = login()
    api.post("anna-token", "@kestrel slow day?")
    _fault(api, "/api/v1/notifications", {"type": "latency", "delay_ms": 400})
    from socialtui.sources.mastodon.sync import client_for, sync_account

    async def go():
        async with client_for(store, "kestrel", timeout=0.1, retry=RetryPolicy(base_delay=0.01)) as client:
            return await sync_account(store, "kestrel", client)

    assert asyncio.run(go()).new_messages == 1


def test_malformed_body_gives_a_clear_error_naming_the_endpoint(login, api, run_sync):
    store = login()
    _fault(api, "/api/v1/notifications", {"type": "malformed"})
    with pytest.raises(NetworkError, match=r"GET /api/v1/notifications on http://127\.0\.0\.1:\d+ returned malformed JSON"):
        run_sync(store)
    assert store.get_meta("kestrel", "mastodon_cursors") is None  # nothing half-done was recorded


def test_persistent_5xx_gives_up_with_a_clear_error(login, api, run_sync, fast_retry):
    store = login()
    _fault(api, "/api/v1/notifications", {"type": "status", "status": 503}, count=10)
    with pytest.raises(NetworkError, match="GET /api/v1/notifications .*failed after 3 attempts: server error 503"):
        run_sync(store, retry=fast_retry(attempts=3))


def test_a_revoked_token_says_log_in_again(login, api, run_sync):
    store = login()
    api.revoke("brand-token")
    with pytest.raises(AuthError) as caught:
        run_sync(store)
    assert "token revoked or expired" in str(caught.value)
    assert "socialtui login mastodon http://127.0.0.1" in str(caught.value)


def test_an_invalid_token_at_login_is_refused_clearly(server, capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("not-a-valid-token\n"))
    code = main(["login", "mastodon", server.base_url, "--token-stdin"])
    err = capsys.readouterr().err
    assert code == 4 and "did not accept this token (HTTP 401)" in err and "nothing was saved" in err
    assert "revoked" not in err and "whole token was pasted" in err
    assert "not-a-valid-token" not in err and "Traceback" not in err


def test_sync_command_reports_a_revoked_token_without_a_traceback(login, api, capsys):
    login()
    api.revoke("brand-token")
    capsys.readouterr()
    assert main(["sync"]) == 4
    err = capsys.readouterr().err
    assert "token revoked or expired" in err and "Traceback" not in err and "brand-token" not in err


def test_the_client_waits_before_using_up_the_rate_limit(sleeps):
    """Pacing needs a server that counts down; a scripted transport stands in for one."""
    reset = datetime.now(timezone.utc) + timedelta(seconds=20)

    def answer(request):
        return httpx.Response(200, json=[], headers={"X-RateLimit-Remaining": "1",
                                                     "X-RateLimit-Reset": reset.isoformat()})

    async def go():
        client = MastodonClient("https://social.example", Token("t"), transport=httpx.MockTransport(answer),
                                retry=RetryPolicy(sleep=sleeps))
        async with client:
            await client.get_json("/api/v1/notifications")
            assert client.status.rate_remaining == 1 and "1 left" in client.status.summary()
            await client.get_json("/api/v1/notifications")

    asyncio.run(go())
    assert len(sleeps.waits) == 1 and 15 < sleeps.waits[0] <= 20


def test_a_rate_limit_too_long_to_wait_ends_the_sync_clearly(sleeps):
    def answer(request):
        return httpx.Response(429, json={"error": "Too many requests"}, headers={"Retry-After": "7200"})

    async def go():
        async with MastodonClient("https://social.example", Token("t"), transport=httpx.MockTransport(answer),
                                  retry=RetryPolicy(sleep=sleeps)) as client:
            await client.get_json("/api/v1/notifications")

    with pytest.raises(NetworkError, match="rate limited for 7200s"):
        asyncio.run(go())


def test_the_token_never_shows(server, sleeps):
    secret = "s3cret-value"
    token = Token(secret)
    client = MastodonClient(server.base_url, token, timeout=0.05, retry=RetryPolicy(attempts=2, sleep=sleeps))
    shown = [repr(token), str(token), f"{token}", repr(client), str(client), repr(client._http.auth),
             repr(client.status), client.status.summary()]
    with pytest.raises(TypeError):
        import pickle
        pickle.dumps(token)

    async def fail():
        async with client:
            await client.get_json("/api/v1/accounts/verify_credentials")

    with pytest.raises(AuthError) as caught:
        asyncio.run(fail())
    shown += [str(caught.value), repr(caught.value)]
    assert all(secret not in s for s in shown)
    assert token == Token(secret) and token.reveal() == secret


def test_link_and_reset_parsing():
    links = parse_links('<https://m.example/api/v1/notifications?max_id=7>; rel="next", '
                        '<https://m.example/api/v1/notifications?min_id=9>; rel="prev"')
    assert links == {"next": "https://m.example/api/v1/notifications?max_id=7",
                     "prev": "https://m.example/api/v1/notifications?min_id=9"}
    assert parse_reset("1700000000") == datetime.fromtimestamp(1700000000, timezone.utc)
    assert parse_reset("2026-11-20T18:00:00.000Z") == datetime(2026, 11, 20, 18, tzinfo=timezone.utc)
    assert parse_reset("Fri, 20 Nov 2026 18:00:00 GMT") == datetime(2026, 11, 20, 18, tzinfo=timezone.utc)
    assert parse_reset("soon") is None and parse_reset("") is None


def test_sync_says_on_stderr_when_it_waits_for_the_rate_limit(login, api, capsys):
    login()
    api.post("anna-token", "@kestrel hello")
    _fault(api, "/api/v1/notifications", {"type": "status", "status": 429, "headers": {"Retry-After": "5"}})
    capsys.readouterr()
    assert main(["sync"]) == 0  # (waits the 5 s for real: the command's own sleep)
    err = capsys.readouterr().err
    assert "@kestrel: the instance answered 429 (rate limited): waiting 5s (until " in err
    assert "UTC). ctrl+c stops; nothing is lost." in err


def test_sync_gives_up_on_a_rate_limit_wait_longer_than_max_wait(login, api, capsys):
    login()
    _fault(api, "/api/v1/notifications", {"type": "ratelimit"})  # Retry-After: 300
    capsys.readouterr()
    assert main(["sync", "--max-wait", "60"]) == 4
    err = capsys.readouterr().err
    assert "rate limited for 300s" in err and "run socialtui sync again later" in err and "waiting" not in err
    assert "--max-wait SECONDS" in err
    assert main(["sync", "--max-wait", "0"]) == 2
    assert main(["sync", "--max-wait", "nan"]) == 2


def test_the_monitor_does_not_sit_out_a_long_rate_limit(login, api, tmp_path, capsys):
    """A 15-minute reset: the watch gives up this cycle's sync (and says so) instead of neither
    evaluating nor stopping for a quarter of an hour; it syncs again next cycle."""
    import time

    login()
    reset = (datetime.now(timezone.utc) + timedelta(minutes=15)).isoformat()
    _fault(api, "/api/v1/notifications", {"type": "status", "status": 429, "headers": {"X-RateLimit-Reset": reset}},
           count=5)
    started = time.monotonic()
    code = main(["monitor", "--once"])
    err = capsys.readouterr().err
    assert time.monotonic() - started < 30
    assert code == 4 and "errors=" in err and "next cycle" in err, err
