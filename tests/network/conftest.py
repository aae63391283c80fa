"""A real Mastodon-compatible HTTP server (mastodon-mock) on 127.0.0.1 for the connector tests.

One server per test session, reset to its seed (and cleared of faults) before each
test: starting uvicorn per test would cost more than the tests themselves.
"""

from __future__ import annotations

import asyncio
import io

import httpx
import pytest

from mastodon_mock.config import SeedAccount, SeedConfig
from mastodon_mock.testing.server import MockServer

from socialtui.sources.mastodon.client import RetryPolicy

SEED = SeedConfig(accounts=[
    SeedAccount(username="kestrel", display_name="Kestrel Mobile", access_token="brand-token"),  # nosec B106
    SeedAccount(username="anna", display_name="Anna", access_token="anna-token"),  # nosec B106
    SeedAccount(username="bernd", display_name="Bernd", access_token="bernd-token"),  # nosec B106
])


@pytest.fixture(scope="session")
def _session_server():
    with MockServer(seed=SEED) as srv:
        yield srv


@pytest.fixture
def server(_session_server):
    # MockServer.reset() imports httpx2, which is not installed; the endpoint is the same.
    httpx.post(f"{_session_server.base_url}/api/v1/_mock/reset").raise_for_status()
    httpx.delete(f"{_session_server.base_url}/api/v1/_mock/faults").raise_for_status()
    return _session_server


class Api:
    """Acts as the customers (and is the test's eyes on the server)."""

    def __init__(self, base: str) -> None:
        self.base = base

    def _auth(self, token: str) -> dict:
        return {"Authorization": f"Bearer {token}"}

    def post(self, token: str, text: str, **data) -> dict:
        r = httpx.post(f"{self.base}/api/v1/statuses", data={"status": text, **data}, headers=self._auth(token))
        r.raise_for_status()
        return r.json()

    def reblog(self, token: str, status_id: str) -> dict:
        r = httpx.post(f"{self.base}/api/v1/statuses/{status_id}/reblog", headers=self._auth(token))
        r.raise_for_status()
        return r.json()

    def get(self, token: str, path: str, **params):
        r = httpx.get(f"{self.base}{path}", params=params, headers=self._auth(token))
        r.raise_for_status()
        return r.json()

    def fault(self, rule: dict) -> None:
        httpx.post(f"{self.base}/api/v1/_mock/faults", json=rule).raise_for_status()

    def own_statuses(self, token: str = "brand-token") -> list[dict]:
        me = self.get(token, "/api/v1/accounts/verify_credentials")
        return self.get(token, f"/api/v1/accounts/{me['id']}/statuses", limit=40)

    def revoke(self, token: str) -> None:
        httpx.post(f"{self.base}/oauth/revoke", data={"token": token}).raise_for_status()


@pytest.fixture
def api(server):
    return Api(server.base_url)


@pytest.fixture(autouse=True)
def _no_keyring(monkeypatch):
    """The real keyring is never used by tests; the 0600 file fallback is."""
    monkeypatch.setenv("SOCIALTUI_KEYRING", "0")


class Sleeps:
    """An injected sleep that records the waits instead of waiting."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


@pytest.fixture
def sleeps():
    return Sleeps()


@pytest.fixture
def fast_retry(sleeps):
    def make(**kw) -> RetryPolicy:
        return RetryPolicy(sleep=sleeps, base_delay=0.001, **kw)
    return make


@pytest.fixture
def login(server, tmp_path, monkeypatch):
    """Log in through the CLI with --token-stdin; returns the Store."""
    from socialtui.cli import main
    from socialtui.store import Store

    def do(token: str = "brand-token") -> Store:
        monkeypatch.setattr("sys.stdin", io.StringIO(token + "\n"))
        assert main(["login", "mastodon", server.base_url, "--token-stdin"]) == 0
        return Store(tmp_path / "data")

    return do


@pytest.fixture
def run_sync(fast_retry):
    """Sync one account with tiny retry delays; ``sent`` collects every HTTP request (event hook)."""
    from socialtui.sources.mastodon.sync import client_for, sync_account

    def do(store, handle: str = "kestrel", retry=None, sent: list | None = None, **kw):
        sent = sent if sent is not None else []

        async def count(request):
            sent.append(f"{request.method} {request.url.path}")

        async def go():
            async with client_for(store, handle, retry=retry or fast_retry(),
                                  event_hooks={"request": [count]}) as client:
                return await sync_account(store, handle, client, **kw)

        return asyncio.run(go())

    return do
