"""The logged-in Mastodon accounts: a client for each, and syncing all of them."""

from __future__ import annotations

import asyncio
from typing import Callable

from socialtui.errors import AuthError, SocialtuiError
from socialtui.sources.mastodon.client import MastodonClient, RetryPolicy


def token_key(handle: str, instance: str) -> str:
    """The name a token is saved under (secrets): one per account and instance."""
    return f"{handle}@{instance}"


def client_for(store, handle: str, *, retry: RetryPolicy | None = None, timeout: float = 20.0,
               event_hooks: dict | None = None) -> MastodonClient:
    """A client for a logged-in account, with its token from the secrets store."""
    from socialtui.secrets import load_token

    account = store.get_account(handle)
    instance = account.extra.get("instance") if account else None
    if not instance:
        raise SocialtuiError(f"@{handle} is not a logged-in Mastodon account.",
                             "Log in with: socialtui login mastodon https://your.instance")
    token = load_token(token_key(handle, instance))
    if token is None:
        raise AuthError(f"No token stored for @{handle} on {instance}.", f"Run: socialtui login mastodon {instance}")
    return MastodonClient(instance, token, retry=retry, timeout=timeout, event_hooks=event_hooks)


def mastodon_accounts(store, only: str | None = None) -> list[str]:
    """Handles of the logged-in Mastodon accounts (or just ``only``)."""
    wanted = only.lstrip("@") if only else None
    out = []
    for handle in store.list_accounts():
        account = store.get_account(handle)
        if account and account.platform == "mastodon" and account.extra.get("instance"):
            if wanted is None or handle == wanted:
                out.append(handle)
    return out


def sync_accounts(store, only: str | None = None, progress=None, retry: Callable[[str], RetryPolicy] | None = None) -> list:
    """Sync every logged-in account (or one); a failing account never stops the others.

    Returns one SyncResult per account; a failed account's result has ``errors`` set.
    ``retry(handle)`` gives the retry policy for an account's client (default: the client's).
    """
    from socialtui.sources.mastodon.sync import SyncResult, sync_account

    async def run():
        results = []
        for handle in mastodon_accounts(store, only):
            try:
                async with client_for(store, handle, retry=retry(handle) if retry else None) as client:
                    results.append(await sync_account(
                        store, handle, client,
                        progress=(lambda stage, n, h=handle: progress(h, stage, n)) if progress else None))
            except SocialtuiError as exc:
                failed = SyncResult(handle, failed=True)
                failed.errors.append(str(exc))
                results.append(failed)
        return results

    return asyncio.run(run())


def sync_all_accounts(store, only: str | None = None, progress=None,
                      retry: Callable[[str], RetryPolicy] | None = None) -> tuple[int, list[str]]:
    """For the monitor: (new messages, error lines) over all logged-in accounts."""
    results = sync_accounts(store, only, progress, retry)
    return sum(r.new_messages for r in results), [f"@{r.handle}: {e}" for r in results for e in r.errors]
