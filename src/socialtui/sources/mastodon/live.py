"""Keep a logged-in Mastodon account fresh while the app runs.

The app syncs incrementally (the same :func:`sync_account` as ``socialtui sync``) every
``every`` seconds, and at once when the server's user stream (Server-Sent Events on
``/api/v1/streaming/user``) says something happened: a mention, a reply, a direct
message. The stream only wakes the sync; what gets stored always comes through the one
sync path, with its cursors, rate-limit handling and exactly-once storage. When the
server offers no stream (404, streaming switched off) or the stream drops, polling
carries on alone and the stream is tried again later.

``state`` is one plain line for the status line: when the last sync ran and what it
found, a rate-limit wait, or what went wrong and what to do about it.
"""

from __future__ import annotations

import asyncio
from datetime import datetime, timezone
from typing import Callable

import httpx

from socialtui.errors import AuthError, SocialtuiError
from socialtui.sources.mastodon.accounts import client_for

WAKE_EVENTS = frozenset(("update", "notification", "conversation", "status.update"))
STREAM_RETRY = 60.0  # s before the stream is tried again after it dropped



def _stopping() -> bool:
    """This task was told to stop. A cancellation landing inside the HTTP client can be absorbed
    there (its connection clean-up catches it); the loops ask again, so a stopped sync stops."""
    task = asyncio.current_task()
    return task is not None and task.cancelling() > 0

class LiveSync:
    def __init__(self, store, handle: str, *, every: float = 60.0, stream: bool = True,
                 make_client: Callable = client_for, now: Callable[[], datetime] | None = None) -> None:
        self.store = store
        self.handle = handle
        self.every = every
        self.use_stream = stream
        self.make_client = make_client
        self.now = now or (lambda: datetime.now(timezone.utc))
        self._failure: tuple[str, str, str] | None = None  # the last sync's failure: (line, short form, cause)
        self._synced: tuple[datetime, str] | None = None  # when the last good sync ran, what it found
        self.streaming = False  # the user stream is connected right now
        self.stopped_reason: str | None = None  # set when syncing cannot go on (token revoked)
        self.syncs = 0
        self.syncing = False
        self._connection = None  # the running sync's ClientStatus (rate limit, back-off)

    @property
    def state(self) -> str:
        """The last outcome in one line. "live" or "every N s" is how it goes on now: the stream
        may have dropped since that sync."""
        if self._failure is not None:
            return self._failure[0]
        if self._synced is None:
            return "not synced yet in this session"
        at, found = self._synced
        how = "live" if self.streaming else f"every {self.every:.0f} s"
        return f"synced {at:%H:%M} ({how}): {found}"

    @property
    def failure(self) -> str | None:
        """A few words when the last sync failed or syncing stopped (the status line leads with
        them, where a narrow terminal still shows them), else None."""
        return None if self._failure is None else self._failure[1]

    @property
    def failure_cause(self) -> str | None:
        """What went wrong, without when: the same outage retried is the same cause."""
        return None if self._failure is None else self._failure[2]

    @property
    def line(self) -> str:
        """The status line's text: the last outcome, and what a running sync is doing now."""
        if not self.syncing:
            return self.state
        doing = "syncing…"
        status = self._connection
        if status is not None and status.backing_off_until is not None:
            error = status.last_error or ""
            why = "rate limited" if error.startswith("rate limited") or not error else f"retrying ({error})"
            doing = f"syncing: {why}, waiting until {status.backing_off_until:%H:%M:%S} UTC"
        return f"{self.state} · {doing}" if self.syncs else doing

    async def sync_once(self):
        """One incremental sync; never raises. Returns the SyncResult, or None when it failed."""
        from socialtui.sources.mastodon.sync import sync_account

        self.syncing = True
        try:
            async with self.make_client(self.store, self.handle) as client:
                self._connection = client.status
                result = await sync_account(self.store, self.handle, client, now=self.now())
                rate = client.status
        except AuthError as exc:
            self.stopped_reason = exc.message
            self._failure = (f"sync stopped: {exc.message} {exc.hint or ''}".strip(), "sync stopped: log in again",
                             exc.message)
            return None
        except SocialtuiError as exc:
            at = f"{self.now():%H:%M}"
            self._failure = (f"sync failed at {at}: {exc.message} Retrying in {self.every:.0f} s.",
                             f"sync failed at {at}, retrying", exc.message)
            return None
        finally:
            self.syncing = False
            self._connection = None
        self.syncs += 1
        found = f"{result.new_messages} new" if result.new_messages else "nothing new"
        if rate.rate_remaining is not None and rate.rate_remaining < 30:
            found += f", {rate.rate_remaining} requests left in the rate limit"
        if result.skipped:
            found += f", {result.skipped} unreadable items skipped"
        self._failure, self._synced = None, (self.now(), found)
        return result

    async def watch_stream(self, wake: asyncio.Event, *, sleep=asyncio.sleep) -> None:
        """Set ``wake`` on every stream event worth a sync; reconnects until told to stop.

        Returns when the server offers no user stream or the token is refused.
        """
        while self.use_stream and self.stopped_reason is None and not _stopping():
            try:
                async with self.make_client(self.store, self.handle) as client:
                    url = await self._stream_url(client)
                    async with client.stream(url) as response:
                        if response.status_code in (401, 403, 404, 410):
                            self.use_stream = False  # not offered (or not to us): polling only
                            return
                        if response.status_code != 200:
                            raise httpx.HTTPStatusError("stream refused", request=response.request,
                                                        response=response)
                        self.streaming = True
                        wake.set()  # catch up on anything between the last sync and now
                        async for line in response.aiter_lines():
                            if line.startswith("event:") and line[6:].strip() in WAKE_EVENTS:
                                wake.set()
            except (httpx.HTTPError, SocialtuiError, ValueError):
                pass  # dropped or unreachable: polling goes on, try the stream again later
            finally:
                self.streaming = False
            await sleep(STREAM_RETRY)

    async def _stream_url(self, client) -> str:
        """The instance's streaming base (it may live on another host), else the API host."""
        base = client.base_url
        try:
            info, _ = await client.get_json("/api/v1/instance", expect=dict)
            urls = info.get("urls") or {}
            base = (urls.get("streaming_api") if isinstance(urls, dict) else None) or base
        except SocialtuiError:
            pass
        base = str(base).replace("wss://", "https://", 1).replace("ws://", "http://", 1).rstrip("/")
        return f"{base}/api/v1/streaming/user"

    async def run(self, on_new: Callable, *, sleep=asyncio.sleep) -> None:
        """Sync now, then on every stream event or every ``every`` seconds; ``on_new(result)``
        after a sync that stored something. Stops when the token is refused."""
        wake = asyncio.Event()
        stream_task = asyncio.create_task(self.watch_stream(wake, sleep=sleep)) if self.use_stream else None
        try:
            while self.stopped_reason is None and not _stopping():
                wake.clear()
                result = await self.sync_once()
                if result is not None and result.new_messages:
                    await on_new(result)
                try:
                    await asyncio.wait_for(wake.wait(), timeout=self.every)
                except asyncio.TimeoutError:
                    pass
        finally:
            if stream_task is not None:
                stream_task.cancel()
                # not connected from now on, even while the cancelled stream still closes its
                # connection (a slow or loaded server can take seconds to answer that)
                self.streaming = False
