"""Send a reply exactly once: an Idempotency-Key per draft, the remote status stored after."""

from __future__ import annotations

import asyncio
import concurrent.futures

from socialtui.domain.models import Message
from socialtui.sources.mastodon.client import MastodonClient
from socialtui.sources.mastodon.mapping import status_to_message


async def send_status(client: MastodonClient, own_id: str, in_reply_to: Message | None, text: str,
                      idempotency_key: str) -> Message:
    data = {"status": text}
    visibility = "public"
    if in_reply_to is not None:
        data["in_reply_to_id"] = in_reply_to.id
        if in_reply_to.kind == "dm":
            visibility = "direct"  # a DM answer stays private
        elif in_reply_to.extra.get("visibility") in ("unlisted", "private"):
            visibility = in_reply_to.extra["visibility"]
    data["visibility"] = visibility
    # The same key on every retry: a timeout after the server posted returns the same status.
    response = await client.request("POST", "/api/v1/statuses", data=data,
                                    headers={"Idempotency-Key": idempotency_key})
    status = client.decode(response, "POST /api/v1/statuses")
    conv = in_reply_to.conversation if in_reply_to is not None and in_reply_to.kind == "dm" else None
    return status_to_message(status, own_id, conversation=conv)


def make_sender(store, account):
    """A Workspace ``live_sender`` for a Mastodon account: (target, text, key) -> stored Message."""
    if account.platform != "mastodon" or not account.extra.get("instance"):
        return None
    from socialtui.sources.mastodon.sync import client_for

    def send(target: Message | None, text: str, key: str) -> Message:
        async def go():
            async with client_for(store, account.handle) as client:
                return await send_status(client, str(account.extra.get("account_id", "")), target, text, key)

        # Runs in its own thread: the caller may already be inside an event loop (the app).
        with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
            message = pool.submit(asyncio.run, go()).result()
        store.add_messages(account.handle, [message])
        return message

    return send
