"""Send a reply exactly once.

The order is what makes it safe:
1. an Idempotency-Key for the draft is written to the store *before* anything is sent;
2. the status is posted with that key (the client retries timeouts and 5xx with the
   same key, and Mastodon answers a repeated key with the status it already made);
3. the returned status is stored as an outbound message and the key is retired.
A crash or timeout between 1 and 3 leaves the key in the store; the next attempt
reuses it, so the reply is posted once and never lost. A definite refusal (4xx) retires
the key, so an edited draft is really sent next time.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import uuid

from socialtui.domain.models import Message
from socialtui.errors import NetworkError, UsageError
from socialtui.sanitize import clean_text
from socialtui.sources.mastodon.client import MastodonClient, RefusedError
from socialtui.sources.mastodon.mapping import MappingError, status_to_message

OUTBOX = "mastodon_outbox:"


def visibility_for(in_reply_to: Message | None) -> str:
    """A DM answer stays direct; otherwise the parent's visibility, or public."""
    if in_reply_to is None:
        return "public"
    if in_reply_to.kind == "dm":
        return "direct"
    parent = in_reply_to.extra.get("visibility")
    return parent if parent in ("public", "unlisted", "private") else "public"


def addressed(in_reply_to: Message | None, own_handle: str) -> list[str]:
    """Who the reply must mention: the author answered, and in a DM every participant
    (on Mastodon a direct status reaches only the accounts it mentions)."""
    if in_reply_to is None:
        return []
    people = [in_reply_to.author.handle]
    if in_reply_to.kind == "dm":
        people += list(in_reply_to.extra.get("participants") or []) + list(in_reply_to.extra.get("mentions") or [])
    own = own_handle.lower().lstrip("@")
    out: list[str] = []
    for handle in people:
        h = handle.lstrip("@")
        if h and h.lower() != own and h.lower().split("@")[0] != own and h not in out:
            out.append(h)
    return out


def with_mentions(text: str, handles: list[str]) -> str:
    """Prefix the mentions the text does not contain yet."""
    lowered = text.lower()
    missing = [f"@{h}" for h in handles if f"@{h.lower()}" not in lowered]
    return " ".join(missing + [text]) if missing else text


def idempotency_key(store, scope: str, draft_id: str) -> str:
    """The draft's key, created and persisted on first use (before any sending)."""
    name = OUTBOX + draft_id
    key = store.get_meta(scope, name)
    if not key:
        key = uuid.uuid4().hex
        store.set_meta(scope, name, key)
    return key


async def send_reply(store, scope: str, client: MastodonClient, in_reply_to: Message | None, text: str,
                     draft_id: str, *, own_id: str | None = None, key: str | None = None) -> Message:
    """Post ``text`` (a reply to ``in_reply_to``, or a new post) exactly once; returns the stored message.

    ``scope`` is the account's handle. ``key`` lets a caller that already keeps a
    persisted key per draft (the Workspace) pass it instead of the store's outbox key.
    """
    account = store.get_account(scope)
    if account is None:
        raise UsageError(f"No account @{scope} in the store.", "Run: socialtui login mastodon URL")
    own_id = own_id or str(account.extra.get("account_id") or "")
    body = with_mentions(clean_text(text).strip(), addressed(in_reply_to, account.handle))
    if not body:
        raise UsageError("Nothing to send: the reply is empty.")
    key = key or idempotency_key(store, scope, draft_id)
    data = {"status": body, "visibility": visibility_for(in_reply_to)}
    if in_reply_to is not None:
        data["in_reply_to_id"] = in_reply_to.id
    if in_reply_to is not None and in_reply_to.lang:
        data["language"] = in_reply_to.lang
    try:
        status = await client.post_json("/api/v1/statuses", data, headers={"Idempotency-Key": key})
    except RefusedError:
        store.set_meta(scope, OUTBOX + draft_id, None)  # refused for good: nothing was posted
        raise
    conversation = in_reply_to.conversation if in_reply_to is not None and in_reply_to.kind == "dm" else None
    participants = in_reply_to.extra.get("participants") if conversation else None
    try:
        message = status_to_message(status, own_id, conversation=conversation, participants=participants)
    except MappingError as exc:
        raise NetworkError(f"POST /api/v1/statuses on {client.base_url}: the reply was posted but the answer "
                           f"is unreadable ({exc}).", "Run socialtui sync to fetch it.") from None
    if not own_id and message.direction == "in":  # no account id recorded: the answer is ours by definition
        message.direction = "out"
    message.client = message.client or "socialtui"
    store.add_messages(scope, [message])
    store.add_sent(scope, message)
    store.set_meta(scope, OUTBOX + draft_id, None)
    return message


def make_sender(store, account):
    """A Workspace ``live_sender`` for a Mastodon account: (target, text, key) -> stored Message.

    The Workspace persists the key per draft before calling; this sends with it.
    """
    if account.platform != "mastodon" or not account.extra.get("instance"):
        return None

    def send(target: Message | None, text: str, key: str) -> Message:
        from socialtui.sources.mastodon.accounts import client_for

        async def go():
            async with client_for(store, account.handle) as client:
                return await send_reply(store, account.handle, client, target, text, key, key=key)

        # Its own thread and loop: the caller may already run inside an event loop (the app).
        with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
            return pool.submit(asyncio.run, go()).result()

    return send
