"""Fetch a Mastodon account's new activity into the store, incrementally (``socialtui sync``, the app, the monitor).

One sync reads, in this order:
1. the account's own statuses and reblogs,
2. ``mention`` notifications (public, unlisted and followers-only mentions and replies),
3. direct-message conversations whose last status is new,
4. thread context (``/statuses/:id/context``) for each new activity whose thread is not
   complete locally (its parent is neither stored nor fetched in this sync); a thread we
   already hold needs no context request.

Cursors (the newest notification, conversation and own-status id) are saved in the
store's meta only after the messages are stored, so an interrupted sync repeats work
but never skips any. Later syncs ask for what is newer than the cursors (``min_id``,
following ``prev`` links), so an idle sync costs three requests. The first sync walks
back one rule window (7 days unless the account says otherwise) and reports progress.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any, Callable

from socialtui.domain.models import Message
from socialtui.domain.timeutil import format_timestamp, parse_timestamp
from socialtui.errors import StoreError
from socialtui.sources.mastodon.client import MastodonClient
from socialtui.sources.mastodon.mapping import (MappingError, conversation_messages, notification_to_message,
                                                status_to_message)

Progress = Callable[[str, int], None]
CURSORS = "mastodon_cursors"
CONTEXT_CONCURRENCY = 4


@dataclass(slots=True)
class SyncResult:
    """What one account's sync did, for the CLI and the status line."""

    handle: str
    first: bool = False
    failed: bool = False  # the sync stopped on an error (in ``errors``); nothing was stored
    new_messages: int = 0
    mentions: int = 0
    direct: int = 0
    own: int = 0
    context: int = 0
    requests: int = 0
    skipped: int = 0
    errors: list[str] = field(default_factory=list)

    def summary(self) -> str:
        text = (f"@{self.handle}: {self.new_messages} new ({self.mentions} mentions and replies, "
                f"{self.direct} direct, {self.own} own, {self.context} from threads), {self.requests} requests")
        return text + (f", {self.skipped} unreadable items skipped" if self.skipped else "")


def _id(value: Any) -> int:
    return int(str(value))


def _newest(current: str | None, candidate: Any) -> str | None:
    if candidate is None:
        return current
    return str(candidate) if current is None or _id(candidate) > _id(current) else current


class _Run:
    """The state of one account's sync: the messages gathered and the progress told."""

    def __init__(self, store, handle: str, client: MastodonClient, own_id: str, cutoff: datetime,
                 cursors: dict, progress: Progress | None) -> None:
        self.handle, self.client, self.own_id, self.cutoff = handle, client, own_id, cutoff
        self.cursors, self.new_cursors = cursors, dict(cursors)
        self.known = store.message_ids(handle)
        self.batch: dict[str, Message] = {}
        self.dm_conversation: dict[str, dict] = {}  # status id -> its /conversations entry
        self.result = SyncResult(handle, first=not cursors)
        self._progress = progress

    def tell(self, stage: str) -> None:
        if self._progress is not None:
            self._progress(stage, len(self.batch))

    def add(self, message: Message, counter: str) -> None:
        if message.id not in self.batch and message.id not in self.known:
            self.batch[message.id] = message
            setattr(self.result, counter, getattr(self.result, counter) + 1)

    def have(self, message_id: str | None) -> bool:
        return message_id is None or message_id in self.known or message_id in self.batch

    def skip(self, endpoint: str, exc: MappingError) -> None:
        self.result.skipped += 1
        if len(self.result.errors) < 5:
            self.result.errors.append(f"{endpoint}: skipped an item ({exc})")

    def too_old(self, item: dict) -> bool:
        try:
            return parse_timestamp(item["created_at"]) < self.cutoff
        except (KeyError, TypeError, ValueError):
            return False

    async def walk(self, key: str, path: str, params: dict, stamp: Callable[[dict], dict | None]):
        """Yield the new items of a newest-first list endpoint and advance its cursor.

        First sync: newest first, back to the window start. Later: ``min_id`` upwards.
        """
        cursor = self.cursors.get(key)
        if cursor is None:
            pages = self.client.paginate(path, params, rel="next",
                                         stop=lambda page: any(self.too_old(stamp(i) or {}) for i in page))
        else:
            pages = self.client.paginate(path, {**params, "min_id": cursor}, rel="prev")
        async for page in pages:
            for item in page:
                if not isinstance(item, dict) or "id" not in item:
                    self.result.skipped += 1
                    continue
                if cursor is not None and _id(item["id"]) <= _id(cursor):
                    continue
                self.new_cursors[key] = _newest(self.new_cursors.get(key), item["id"])
                stamped = stamp(item)
                if cursor is None and stamped is not None and self.too_old(stamped):
                    continue
                yield item


async def sync_account(store, handle: str, client: MastodonClient, *, progress: Progress | None = None,
                       now: datetime | None = None) -> SyncResult:
    """Fetch what is new for ``handle`` into ``store``; returns counts (see :class:`SyncResult`)."""
    account = store.get_account(handle)
    if account is None:
        raise StoreError(f"No account @{handle} in the store.", "Run: socialtui login mastodon URL")
    requests_before = client.status.requests
    own_id = str(account.extra.get("account_id") or "")
    if not own_id:
        me, _ = await client.get_json("/api/v1/accounts/verify_credentials", expect=dict)
        own_id = str(me.get("id") or "")
        account.extra = {**account.extra, "account_id": own_id}
        store.put_account(account)
    window = account.window if isinstance(account.window, timedelta) else timedelta(days=7)
    run = _Run(store, handle, client, own_id, (now or datetime.now(timezone.utc)) - window,
               dict(store.get_meta(handle, CURSORS) or {}), progress)

    await _own_statuses(run)
    await _mentions(run)
    await _conversations(run)
    await _thread_context(run)

    run.result.new_messages = store.add_messages(handle, run.batch.values())
    store.set_meta(handle, CURSORS, run.new_cursors)
    store.set_meta(handle, "last_sync", format_timestamp(now or datetime.now(timezone.utc)))
    run.result.requests = client.status.requests - requests_before
    run.tell("stored")
    return run.result


async def _own_statuses(run: _Run) -> None:
    path = f"/api/v1/accounts/{run.own_id}/statuses"
    async for status in run.walk("statuses", path, {"limit": 40}, lambda s: s):
        if status.get("visibility") == "direct":
            continue  # direct messages arrive with their conversation id
        try:
            run.add(status_to_message(status, run.own_id), "own")
        except MappingError as exc:
            run.skip(f"GET {path}", exc)
    run.tell("own posts")


async def _mentions(run: _Run) -> None:
    params = {"types[]": "mention", "limit": 80}
    async for note in run.walk("notifications", "/api/v1/notifications", params, lambda n: n):
        try:
            message = notification_to_message(note, run.own_id)
        except MappingError as exc:
            run.skip("GET /api/v1/notifications", exc)
            continue
        if message is not None:
            run.add(message, "mentions")
        if len(run.batch) % 400 == 0:
            run.tell("mentions")
    run.tell("mentions")


async def _conversations(run: _Run) -> None:
    """Conversations come newest activity first; stop at the first one we have seen."""
    seen = run.cursors.get("conversations")
    stop_at = (lambda c: _id(c["last_status"]["id"]) <= _id(seen)) if seen else (lambda c: run.too_old(c["last_status"]))

    def done(page: list) -> bool:
        return any(isinstance(c, dict) and isinstance(c.get("last_status"), dict) and stop_at(c) for c in page)

    async for page in run.client.paginate("/api/v1/conversations", {"limit": 40}, stop=done):
        for conv in page:
            last = conv.get("last_status") if isinstance(conv, dict) else None
            if not isinstance(last, dict) or stop_at(conv):
                continue
            run.new_cursors["conversations"] = _newest(run.new_cursors.get("conversations"), last.get("id"))
            try:
                for message in conversation_messages(conv, [last], run.own_id):
                    run.add(message, "direct")
                    run.dm_conversation[message.id] = conv
            except MappingError as exc:
                run.skip("GET /api/v1/conversations", exc)
        run.tell("direct messages")


async def _thread_context(run: _Run) -> None:
    """Fetch ancestors and descendants where a new message's parent is missing locally."""
    wanted: dict[str, Message] = {}
    for message in list(run.batch.values()):
        if message.in_reply_to and not run.have(message.in_reply_to) and message.in_reply_to not in wanted:
            wanted[message.in_reply_to] = message
    limit = asyncio.Semaphore(CONTEXT_CONCURRENCY)

    async def fetch(message: Message):
        async with limit:
            if run.have(message.in_reply_to):
                return  # an earlier context answer brought the parent
            context, _ = await run.client.get_json(f"/api/v1/statuses/{message.id}/context", expect=dict)
        statuses = [s for key in ("ancestors", "descendants") for s in context.get(key) or [] if isinstance(s, dict)]
        conv = run.dm_conversation.get(message.id)
        try:
            if conv is not None:
                found = conversation_messages(conv, statuses, run.own_id)
            else:
                found = [status_to_message(s, run.own_id) for s in statuses if s.get("visibility") != "direct"]
        except MappingError as exc:
            run.skip(f"GET /api/v1/statuses/{message.id}/context", exc)
            return
        for m in found:
            run.add(m, "context")
        run.tell("threads")

    await asyncio.gather(*(fetch(m) for m in wanted.values()))


# The account-level entry points live beside; re-exported for the CLI and the monitor.
from socialtui.sources.mastodon.accounts import (client_for, mastodon_accounts, sync_accounts,  # noqa: E402
                                                 sync_all_accounts)

__all__ = ["SyncResult", "sync_account", "client_for", "mastodon_accounts", "sync_accounts", "sync_all_accounts"]
