"""A real Mastodon-compatible HTTP server (mastodon-mock) on 127.0.0.1 for the connector tests."""

from __future__ import annotations

import httpx
import pytest

from mastodon_mock.config import SeedAccount, SeedConfig
from mastodon_mock.testing.server import MockServer

SEED = SeedConfig(accounts=[
    SeedAccount(username="kestrel", display_name="Kestrel Mobile", access_token="brand-token"),  # nosec B106
    SeedAccount(username="anna", display_name="Anna", access_token="anna-token"),  # nosec B106
    SeedAccount(username="bernd", display_name="Bernd", access_token="bernd-token"),  # nosec B106
])


@pytest.fixture
def server():
    with MockServer(seed=SEED) as srv:
        yield srv


class Api:
    """Acts as customers (and as the test's eyes on the server)."""

    def __init__(self, base: str) -> None:
        self.base = base

    def post(self, token: str, text: str, **data) -> dict:
        r = httpx.post(f"{self.base}/api/v1/statuses", data={"status": text, **data},
                       headers={"Authorization": f"Bearer {token}"})
        r.raise_for_status()
        return r.json()

    def fault(self, rule: dict) -> None:
        httpx.post(f"{self.base}/api/v1/_mock/faults", json=rule).raise_for_status()

    def clear_faults(self) -> None:
        httpx.delete(f"{self.base}/api/v1/_mock/faults")

    def own_statuses(self, token: str = "brand-token") -> list[dict]:
        me = httpx.get(f"{self.base}/api/v1/accounts/verify_credentials",
                       headers={"Authorization": f"Bearer {token}"}).json()
        return httpx.get(f"{self.base}/api/v1/accounts/{me['id']}/statuses",
                         headers={"Authorization": f"Bearer {token}"}).json()


@pytest.fixture
def api(server):
    return Api(server.base_url)


@pytest.fixture(autouse=True)
def _no_keyring(monkeypatch):
    monkeypatch.setenv("SOCIALTUI_KEYRING", "0")
