"""Fetch new activity of a Mastodon account into the store, incrementally.

Cursors (newest notification, conversation and own-status ids) live in the store's
meta for the account, so an idle sync costs three requests. The first sync goes
back one rule window (7 days by default) and reports progress.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Callable

from socialtui.domain.timeutil import format_timestamp, parse_timestamp
from socialtui.errors import SocialtuiError
from socialtui.sources.mastodon.client import MastodonClient, RetryPolicy
from socialtui.sources.mastodon.mapping import status_to_message

Progress = Callable[[str, int], None]


@dataclass(slots=True)
class SyncResult:
    handle: str
    new_messages: int = 0
    fetched: int = 0
    requests: int = 0
    errors: list[str] = field(default_factory=list)


def _newer(a: str | None, b: str | None) -> str | None:
    if a is None:
        return b
    if b is None:
        return a
    return a if int(a) >= int(b) else b


def _older_than(items: list[dict], cutoff: datetime) -> bool:
    return any(parse_timestamp(i["created_at"]) < cutoff for i in items if i.get("created_at"))


async def sync_account(store, handle: str, client: MastodonClient, *, progress: Progress | None = None,
                       now: datetime | None = None) -> SyncResult:
    account = store.get_account(handle)
    own_id = str(account.extra.get("account_id") or "")
    if not own_id:
        me, _ = await client.get_json("/api/v1/accounts/verify_credentials")
        own_id = str(me["id"])
    now = now or datetime.now(timezone.utc)
    cutoff = now - account.window
    say = progress or (lambda stage, n: None)
    result = SyncResult(handle)
    cursors = store.get_meta(handle, "mastodon_cursors") or {}
    messages = {}
    known = store.message_ids(handle)

    def add(m):
        if m.id not in messages:
            messages[m.id] = m
            result.fetched += 1

    # 1. Mentions (and replies to us) from notifications.
    seen_n = cursors.get("notifications")
    newest = seen_n
    params = {"types[]": "mention", "limit": 40}
    if seen_n:
        params["since_id"] = seen_n
    need_context = []
    async for page in client.paginate("/api/v1/notifications", params,
                                      stop=lambda p: seen_n is None and _older_than(p, cutoff)):
        for n in page:
            if seen_n and int(n["id"]) <= int(seen_n):
                continue
            newest = _newer(newest, str(n["id"]))
            status = n.get("status")
            if not status or (seen_n is None and parse_timestamp(status["created_at"]) < cutoff):
                continue
            if status.get("visibility") == "direct":
                continue  # DMs come with their conversation below
            m = status_to_message(status, own_id)
            add(m)
            if m.in_reply_to and m.in_reply_to not in known:
                need_context.append(m.id)
        say("mentions", result.fetched)
    # 2. Thread context for replies whose parents we do not have yet.
    for sid in dict.fromkeys(need_context):
        ctx, _ = await client.get_json(f"/api/v1/statuses/{sid}/context")
        for s in ctx.get("ancestors", []) + ctx.get("descendants", []):
            if s.get("visibility") != "direct":
                add(status_to_message(s, own_id))
        say("threads", result.fetched)
    # 3. Direct-message conversations with new activity.
    seen_c = cursors.get("conversations")
    newest_c = seen_c
    async for page in client.paginate("/api/v1/conversations", {"limit": 40},
                                      stop=lambda p: any(seen_c and c.get("last_status") and
                                                         int(c["last_status"]["id"]) <= int(seen_c) for c in p)):
        for conv in page:
            last = conv.get("last_status")
            if not last or (seen_c and int(last["id"]) <= int(seen_c)):
                continue
            if seen_c is None and parse_timestamp(last["created_at"]) < cutoff:
                continue
            newest_c = _newer(newest_c, str(last["id"]))
            ctx, _ = await client.get_json(f"/api/v1/statuses/{last['id']}/context")
            for s in ctx.get("ancestors", []) + [last] + ctx.get("descendants", []):
                add(status_to_message(s, own_id, conversation=str(conv["id"])))
        say("direct messages", result.fetched)
    # 4. The account's own statuses and reposts.
    seen_s = cursors.get("statuses")
    newest_s = seen_s
    params = {"limit": 40}
    if seen_s:
        params["since_id"] = seen_s
    async for page in client.paginate(f"/api/v1/accounts/{own_id}/statuses", params,
                                      stop=lambda p: seen_s is None and _older_than(p, cutoff)):
        for s in page:
            if seen_s and int(s["id"]) <= int(seen_s):
                continue
            newest_s = _newer(newest_s, str(s["id"]))
            if seen_s is None and parse_timestamp(s["created_at"]) < cutoff:
                continue
            if s.get("visibility") == "direct":
                continue
            add(status_to_message(s, own_id))
        say("own posts", result.fetched)
    result.new_messages = store.add_messages(handle, messages.values())
    store.set_meta(handle, "mastodon_cursors",
                   {"notifications": newest, "conversations": newest_c, "statuses": newest_s})
    store.set_meta(handle, "last_sync", format_timestamp(now))
    result.requests = client.status.requests
    return result


def client_for(store, handle: str, *, retry: RetryPolicy | None = None) -> MastodonClient:
    from socialtui.secrets import load_token

    account = store.get_account(handle)
    instance = account.extra.get("instance") if account else None
    if not instance:
        raise SocialtuiError(f"@{handle} is not a Mastodon account (no instance recorded).",
                             "Log in with: socialtui login mastodon https://your.instance")
    token = load_token(f"{handle}@{instance}")
    if token is None:
        raise SocialtuiError(f"No token stored for @{handle} on {instance}.",
                             f"Run: socialtui login mastodon {instance}")
    return MastodonClient(instance, token, retry=retry)


def mastodon_accounts(store, only: str | None = None) -> list[str]:
    out = []
    for handle in store.list_accounts():
        acc = store.get_account(handle)
        if acc and acc.platform == "mastodon" and acc.extra.get("instance"):
            if only is None or handle == only.lstrip("@"):
                out.append(handle)
    return out


def sync_all_accounts(store, only: str | None = None, progress: Progress | None = None) -> tuple[int, list[str]]:
    """For the monitor and the CLI: sync every logged-in account; errors are collected, not raised."""

    async def run():
        total, errors = 0, []
        for handle in mastodon_accounts(store, only):
            try:
                client = client_for(store, handle)
                async with client:
                    res = await sync_account(store, handle, client, progress=progress)
                total += res.new_messages
            except SocialtuiError as exc:
                errors.append(f"@{handle}: {exc.message}")
        return total, errors

    return asyncio.run(run())
