"""Benchmark: first and idle sync of a busy Mastodon account against a local mastodon-mock.

Targets: first sync of 5,000 mention notifications and 500 DM conversations <= 30 s;
an idle incremental sync <= 3 requests. Run: /work/venv/bin/python bench/sync.py

Seeding 5,500 statuses through the HTTP API would take minutes (about 20 ms each), so
the bench writes them with the mock's own status factory in-process, which also
creates the mention notifications, exactly as ``POST /api/v1/statuses`` does.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path

NOTIFICATIONS = int(os.environ.get("BENCH_NOTIFICATIONS", 5000))
CONVERSATIONS = int(os.environ.get("BENCH_CONVERSATIONS", 500))
TARGET_FIRST_S, TARGET_IDLE_REQUESTS = 30.0, 3


def seed(server, customers: int) -> None:
    from sqlalchemy import select

    from mastodon_mock.db.models import Account
    from mastodon_mock.routers.statuses import _create_status_from_params

    factory = server._server.config.app.state.session_factory
    with factory() as db:
        accounts = {a.username: a for a in db.scalars(select(Account)).all()}
        brand = accounts["kestrel"]
        for i in range(50):
            _create_status_from_params(db, brand, {"status": f"Kestrel news {i}"})
        for i in range(NOTIFICATIONS):
            who = accounts[f"c{i % customers}"]
            _create_status_from_params(db, who, {"status": f"@kestrel question {i}: where is my order?"})
            if i % 1000 == 999:
                db.commit()
        for i in range(CONVERSATIONS):  # one participant set per customer -> one conversation each
            _create_status_from_params(db, accounts[f"c{i}"], {"status": f"@kestrel private {i}",
                                                               "visibility": "direct"})
        db.commit()


def main() -> int:
    from mastodon_mock.config import SeedAccount, SeedConfig
    from mastodon_mock.testing.server import MockServer

    tmp = Path(tempfile.mkdtemp(prefix="socialtui-bench-"))
    os.environ.update(SOCIALTUI_DATA_DIR=str(tmp / "data"), SOCIALTUI_CONFIG_DIR=str(tmp / "config"),
                      SOCIALTUI_KEYRING="0")
    from socialtui.cli.login import verify_and_save
    from socialtui.sources.mastodon.sync import client_for, sync_account
    from socialtui.store import Store

    customers = max(CONVERSATIONS, 50)
    accounts = [SeedAccount(username="kestrel", access_token="brand-token")]  # nosec B106
    accounts += [SeedAccount(username=f"c{i}") for i in range(customers)]
    with MockServer(seed=SeedConfig(accounts=accounts), startup_timeout=60) as server:
        t = time.perf_counter()
        seed(server, customers)
        print(f"seeded {NOTIFICATIONS} mentions, {CONVERSATIONS} conversations in {time.perf_counter() - t:.1f}s")
        store = Store(tmp / "data")
        asyncio.run(verify_and_save(store, server.base_url, "brand-token"))

        def sync(label: str):
            waited = []

            async def on_response(response):
                await response.aread()
                waited.append(response.elapsed.total_seconds())

            async def go():
                async with client_for(store, "kestrel", event_hooks={"response": [on_response]}) as client:
                    return await sync_account(store, "kestrel", client,
                                              progress=lambda stage, n: print(f"\r  {stage}: {n}".ljust(40),
                                                                              end="", file=sys.stderr))

            start = time.perf_counter()
            result = asyncio.run(go())
            took = time.perf_counter() - start
            print(file=sys.stderr)
            print(f"{label}: {took:.1f}s, {result.requests} requests, {result.new_messages} new "
                  f"(server time {sum(waited):.1f}s, ours {took - sum(waited):.1f}s)")
            return took, result

        first_s, first = sync("first sync")
        idle_s, idle = sync("idle sync")
    ok_first = first_s <= TARGET_FIRST_S and first.mentions == NOTIFICATIONS and first.direct == CONVERSATIONS
    ok_idle = idle.requests <= TARGET_IDLE_REQUESTS
    print(f"first sync {first_s:.1f}s (target <= {TARGET_FIRST_S:.0f}s): {'ok' if ok_first else 'MISSED'}; "
          f"{first.mentions} mentions, {first.direct} direct, {first.own} own")
    print(f"idle sync {idle.requests} requests (target <= {TARGET_IDLE_REQUESTS}): {'ok' if ok_idle else 'MISSED'}")
    return 0 if ok_first and ok_idle else 1


if __name__ == "__main__":
    sys.exit(main())
