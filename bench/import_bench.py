"""Benchmark importing a big X archive through the CLI.

Target: an X archive with 100,000 tweets (plus 5,000 DMs) imports into an empty store in
<= 10 s, zip read and parse and store write included; re-importing it adds nothing.
Run: python bench/import_bench.py [N_TWEETS]
"""

from __future__ import annotations

import io
import json
import os
import random
import sys
import tempfile
import time
import zipfile
from contextlib import redirect_stderr, redirect_stdout
from datetime import datetime, timedelta, timezone
from pathlib import Path

from socialtui.cli import main as cli
from socialtui.store import Store

TARGET_S = 10.0
CLIENTS = ["Twitter Web App"] * 8 + ["Twitter for iPhone", "Kestrel Web"]


def build_archive(path: Path, n: int, n_dms: int = 5000) -> None:
    rnd = random.Random(7)
    start = datetime(2022, 1, 1, tzinfo=timezone.utc)
    tweets = []
    for i in range(n):
        when = start + timedelta(minutes=7 * i)
        t = {"id_str": str(10**15 + i), "created_at": when.strftime("%a %b %d %H:%M:%S +0000 %Y"), "lang": "en",
             "full_text": f"Update {i}: our network is fine &amp; fast https://t.co/x{i}",
             "source": f'<a href="https://x.example" rel="nofollow">{rnd.choice(CLIENTS)}</a>',
             "entities": {"urls": [{"url": f"https://t.co/x{i}", "expanded_url": f"https://kestrel-mobile.example/{i}",
                                    "display_url": f"kestrel-mobile.example/{i}"}],
                          "user_mentions": []}}
        if i % 3 == 1:
            t["in_reply_to_status_id_str"], t["full_text"] = str(rnd.randrange(10**9)), f"@user{i % 500} thanks!"
            t["in_reply_to_user_id_str"], t["in_reply_to_screen_name"] = str(i % 500), f"user{i % 500}"
        elif i % 10 == 2:
            t["full_text"] = f"RT @fan{i % 50}: Loving it {i}"
        tweets.append({"tweet": t})
    convs = []
    for c in range(n_dms // 5):
        msgs = [{"messageCreate": {"id": str(2 * 10**15 + c * 5 + k), "senderId": "42" if k % 2 else str(c % 500),
                                   "recipientId": str(c % 500) if k % 2 else "42", "text": f"message {k}",
                                   "createdAt": (start + timedelta(hours=c, minutes=k)).isoformat()}}
                for k in range(5)]
        convs.append({"dmConversation": {"conversationId": f"{c}-42", "messages": msgs}})
    account = [{"account": {"accountId": "42", "username": "kestrelmobile", "accountDisplayName": "Kestrel Mobile"}}]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("twitter/data/account.js", "window.YTD.account.part0 = " + json.dumps(account))
        z.writestr("twitter/data/tweets.js", "window.YTD.tweets.part0 = " + json.dumps(tweets, indent=2))
        z.writestr("twitter/data/direct-messages.js", "window.YTD.direct_messages.part0 = " + json.dumps(convs))


def timed_import(archive: Path, data_dir: Path) -> tuple[float, str]:
    out = io.StringIO()
    started = time.perf_counter()
    with redirect_stdout(out), redirect_stderr(io.StringIO()):
        code = cli(["import", "x-archive", str(archive), "--data-dir", str(data_dir)])
    elapsed = time.perf_counter() - started
    if code != 0:
        raise SystemExit(f"import failed with exit {code}: {out.getvalue()}")
    return elapsed, out.getvalue().splitlines()[0]


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    work = Path(tempfile.mkdtemp(prefix="socialtui-import-bench-"))
    archive = work / "archive.zip"
    build_archive(archive, n)
    print(f"archive: {n:,} tweets + 5,000 DMs, {os.path.getsize(archive) / 1024**2:.1f} MiB zipped")
    first, summary = timed_import(archive, work / "data")
    print(f"first import   {first:6.2f} s  target <= {TARGET_S:.0f} s  {'PASS' if first <= TARGET_S else 'FAIL'}  ({summary})")
    again, summary = timed_import(archive, work / "data")
    print(f"re-import      {again:6.2f} s  ({summary})")
    stored = len(Store(work / "data").message_ids("kestrelmobile"))
    print(f"messages in the store: {stored:,}")


if __name__ == "__main__":
    main()
