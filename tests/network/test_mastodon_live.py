"""Background sync while the app runs: the user stream wakes a sync, polling without a stream,
a revoked token stops with a clear line, a failing server is retried; the app shows it all."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta, timezone

from socialtui.sources.mastodon.accounts import client_for
from socialtui.sources.mastodon.live import LiveSync


def _live(store, fast_retry, **kw) -> LiveSync:
    return LiveSync(store, "kestrel", make_client=lambda s, h: client_for(s, h, retry=fast_retry()), **kw)


async def _until(check, seconds: float = 8.0) -> bool:
    for _ in range(int(seconds / 0.05)):
        if check():
            return True
        await asyncio.sleep(0.05)
    return check()


async def test_the_user_stream_wakes_a_sync_as_soon_as_a_customer_writes(login, api, fast_retry):
    store = await asyncio.to_thread(login)
    live = _live(store, fast_retry, every=300)  # the timer alone would take five minutes
    got = []

    async def on_new(result):
        got.append(result.new_messages)

    task = asyncio.create_task(live.run(on_new))
    try:
        assert await _until(lambda: live.streaming and live.syncs >= 1)
        await asyncio.to_thread(api.post, "anna-token", "@kestrel is the K7 out yet?")
        assert await _until(lambda: got)
        assert "synced" in live.state and "(live)" in live.state
    finally:
        task.cancel()
    assert got == [1]
    assert any("K7" in m.text for m in store.messages("kestrel"))
    assert await _until(lambda: not live.streaming)
    # the stream is gone: the line says how it goes on now, not how the last sync was woken
    assert "synced" in live.state and "(every 300 s)" in live.state and "live" not in live.state


async def test_without_a_stream_it_polls(login, api, fast_retry):
    store = await asyncio.to_thread(login)
    api.fault({"match": {"methods": ["GET"], "path": "/api/v1/streaming/user"},
               "effect": {"type": "status", "status": 404}, "count": 100})
    live = _live(store, fast_retry, every=0.3)
    got = []

    async def on_new(result):
        got.append(result.new_messages)

    task = asyncio.create_task(live.run(on_new))
    try:
        assert await _until(lambda: live.syncs >= 1)
        await asyncio.to_thread(api.post, "anna-token", "@kestrel mein Paket ist nicht da")
        assert await _until(lambda: got)
    finally:
        task.cancel()
    assert not live.use_stream and not live.streaming
    assert "synced" in live.state and "(every 0 s)" in live.state


async def test_a_revoked_token_stops_the_sync_and_says_what_to_do(login, api, fast_retry):
    store = await asyncio.to_thread(login)
    await asyncio.to_thread(api.revoke, "brand-token")
    live = _live(store, fast_retry, every=0.1)

    async def on_new(result):
        raise AssertionError("nothing can be new with a revoked token")

    await asyncio.wait_for(live.run(on_new), timeout=10)  # returns by itself
    assert live.stopped_reason and "revoked or expired" in live.state and "socialtui login" in live.state


async def test_a_failing_server_is_retried_on_the_next_round(login, api, fast_retry):
    store = await asyncio.to_thread(login)
    api.fault({"match": {"methods": ["GET"], "path": "/api/v1/notifications"},
               "effect": {"type": "status", "status": 502}, "count": 5})
    live = _live(store, fast_retry, every=60, stream=False)
    assert await live.sync_once() is None
    assert "sync failed" in live.state and "Retrying in 60 s" in live.state
    await asyncio.to_thread(api.post, "anna-token", "@kestrel hello again")
    result = await live.sync_once()  # the fault is used up: the next round gets through
    assert result is not None and result.new_messages == 1 and "1 new" in live.state


async def test_the_app_shows_a_new_mention_without_a_restart(login, api, fast_retry, tmp_path):
    from socialtui.ui.app import SocialApp
    from socialtui.ui.widgets.queue_view import QueueView
    from socialtui.workspace import Workspace
    from tests.functional.conftest import screen_text

    store = await asyncio.to_thread(login)
    live = _live(store, fast_retry, every=300)
    await live.sync_once()  # what `socialtui sync` would have stored before
    ws = Workspace(store.dataset("kestrel"), store, "kestrel", now_fn=live.now)
    app = SocialApp(ws, source_label="@kestrel", live=live)
    async with app.run_test(size=(160, 48)) as pilot:
        assert await _until(lambda: live.streaming)
        queue = app.screen.query_one(QueueView)
        assert not queue.rows
        await asyncio.to_thread(api.post, "bernd-token", "@kestrel mein Display ist kaputt, was nun?")
        assert await _until(lambda: len(queue.rows) == 1)
        await pilot.pause(0.1)
        assert queue.rows[0].tier == "within-sla"
        text = screen_text(app)
        assert "@bernd" in text and "synced" in text


async def test_a_large_account_takes_in_a_sync_off_the_ui_thread(login, api, fast_retry, monkeypatch):
    """A million-message account: the new mention's conversation is threaded onto the others and
    the queue moved in a thread, not in the one that answers keys."""
    import threading

    from socialtui.ui.app import SocialApp
    from socialtui.ui.screens import main as main_screen
    from socialtui.ui.widgets.queue_view import QueueView
    from socialtui.workspace import Workspace

    monkeypatch.setattr(main_screen, "SYNC_HEALTH_LIMIT", 0)
    store = await asyncio.to_thread(login)
    live = _live(store, fast_retry, every=300)
    await live.sync_once()
    ws = Workspace(store.dataset("kestrel"), store, "kestrel", now_fn=live.now)
    ui_thread, built_in = threading.get_ident(), []  # (thread, rows) of each queue ordered anew
    build = ws.queue

    def tracked():
        rows = build()
        if not built_in or built_in[-1][1] is not rows:
            built_in.append((threading.get_ident(), rows))
        return rows

    monkeypatch.setattr(ws, "queue", tracked)
    app = SocialApp(ws, source_label="@kestrel", live=live)
    async with app.run_test(size=(160, 48)) as pilot:
        assert await _until(lambda: live.streaming)
        queue = app.screen.query_one(QueueView)
        await asyncio.to_thread(api.post, "bernd-token", "@kestrel my screen is broken again, what now?")
        assert await _until(lambda: len(queue.rows) == 1)
        await pilot.pause(0.1)
        first_with_it = next(thread for thread, rows in built_in if rows)
        assert first_with_it != ui_thread  # ordered in a thread; the UI then reads it
        assert queue.rows[0].tier == "within-sla" and any("bernd" in p for p in queue.rows[0].participants)


async def test_a_reply_from_the_app_is_posted_once_in_the_thread(login, api, fast_retry):
    from socialtui.sources.mastodon.send import make_sender
    from socialtui.ui.app import SocialApp
    from socialtui.ui.screens.dialogs import ConfirmScreen
    from socialtui.workspace import Workspace

    store = await asyncio.to_thread(login)
    question = await asyncio.to_thread(api.post, "anna-token", "@kestrel does the K7 support eSIM?")
    live = _live(store, fast_retry, every=300, stream=False)
    await live.sync_once()
    account = store.get_account("kestrel")
    ws = Workspace(store.dataset("kestrel"), store, "kestrel", now_fn=live.now, live_sender=make_sender(store, account))
    app = SocialApp(ws, source_label="@kestrel", live=live)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        await pilot.press("r")
        await pilot.press(*"Yes, the K7 supports eSIM and a physical SIM.")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        assert await _until(lambda: ws.store.sent_messages("kestrel"))
    replies = [s for s in await asyncio.to_thread(api.own_statuses) if s.get("in_reply_to_id") == question["id"]]
    assert len(replies) == 1 and "@anna" in replies[0]["content"] and "eSIM" in replies[0]["content"]


async def test_the_status_line_says_when_the_sync_waits_for_the_rate_limit(login, api):
    from socialtui.sources.mastodon.client import RetryPolicy

    store = await asyncio.to_thread(login)
    api.fault({"match": {"methods": ["GET"], "path": "/api/v1/notifications"}, "effect": {"type": "ratelimit"}, "count": 1})
    gate = asyncio.Event()

    async def held_sleep(seconds):
        await gate.wait()

    live = LiveSync(store, "kestrel", stream=False,
                    make_client=lambda s, h: client_for(s, h, retry=RetryPolicy(sleep=held_sleep, base_delay=0.001)))
    task = asyncio.create_task(live.sync_once())
    assert await _until(lambda: "waiting until" in live.line)
    assert "rate limited" in live.line and "UTC" in live.line
    gate.set()
    result = await asyncio.wait_for(task, 10)
    assert result is not None and "synced" in live.line and "waiting" not in live.line


async def test_at_80_columns_a_failing_sync_leads_the_status_line_and_is_announced(login, api, fast_retry):
    from socialtui.ui.app import SocialApp
    from socialtui.workspace import Workspace
    from tests.functional.conftest import screen_text

    store = await asyncio.to_thread(login)
    api.fault({"match": {"methods": ["GET"], "path": "/api/v1/notifications"},
               "effect": {"type": "status", "status": 502}, "count": 100})
    live = _live(store, fast_retry, every=300, stream=False)
    ws = Workspace(store.dataset("kestrel"), store, "kestrel", now_fn=live.now)
    app = SocialApp(ws, source_label="@kestrel", live=live)
    async with app.run_test(size=(80, 24)) as pilot:
        assert await _until(lambda: live.failure is not None)
        await pilot.pause(1.2)  # the next tick shows it
        status = str(app.screen.query_one("#status").render())
        assert status.startswith("0 waiting · 0 past SLA · ⚠ sync failed at") and "retrying" in status
        told = [n for n in app._notifications if n.title == "Sync failed"]
        assert len(told) == 1 and "Retrying in 300 s" in told[0].message
        await pilot.pause(1.2)
        assert len([n for n in app._notifications if n.title == "Sync failed"]) == 1  # once, not every tick
        live.now = lambda: datetime.now(timezone.utc) + timedelta(minutes=1)  # the next round, a minute on
        assert await live.sync_once() is None and "retrying" in live.failure
        await pilot.pause(1.2)
        assert len([n for n in app._notifications if n.title == "Sync failed"]) == 1  # the same outage
        assert "sync failed" in screen_text(app)


async def test_a_stop_absorbed_inside_the_http_client_still_stops_the_sync(tmp_path):
    # A cancellation that lands while the HTTP client cleans up a connection can be caught
    # there; the loop must still see that it was told to stop, not sync on forever.
    live = LiveSync(None, "kestrel", every=0.01, stream=False)
    calls = []

    async def absorbing_sync_once():
        calls.append(1)
        try:
            await asyncio.sleep(0.05)
        except asyncio.CancelledError:
            pass  # what an absorbed cancellation looks like from outside
        return None

    live.sync_once = absorbing_sync_once
    task = asyncio.create_task(live.run(lambda result: None))
    assert await _until(lambda: calls)
    task.cancel()
    assert await _until(task.done, 2.0)
    settled = len(calls)
    await asyncio.sleep(0.1)
    assert len(calls) == settled and not live.streaming
