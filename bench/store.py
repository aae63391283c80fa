"""Benchmark the local store on 100k conversations / ~1M messages.

Targets: open the store and answer the first query <= 1 s; persist one workflow change
<= 20 ms; resident memory <= 500 MB. The app's start-up loads the whole dataset, so the
full load is measured as well (in a fresh process, without the generator's memory).

Run: python bench/store.py [N_CONVERSATIONS]   (default 100000)
"""

from __future__ import annotations

import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synth import generate  # noqa: E402

from socialtui.domain.models import Message  # noqa: E402
from socialtui.domain.workflow import ConversationState  # noqa: E402
from socialtui.store import Store  # noqa: E402


def rss_mb() -> float:
    """Current resident memory (VmRSS); ru_maxrss (peak) where /proc is missing."""
    for line_ in Path("/proc/self/status").read_text().splitlines():
        if line_.startswith("VmRSS:"):
            return int(line_.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def peak_mb() -> float:
    for line_ in Path("/proc/self/status").read_text().splitlines():
        if line_.startswith("VmHWM:"):
            return int(line_.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def line(label: str, value: float, unit: str, target: str, ok: bool) -> None:
    print(f"{label:<52} {value:>9.3f} {unit:<3} target {target:<10} {'PASS' if ok else 'FAIL'}")


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    t = time.perf_counter()
    ds = generate(n)
    print(f"generated {n:,} conversations, {len(ds.messages):,} messages in {time.perf_counter() - t:.1f} s")
    root = Path(tempfile.mkdtemp(prefix="socialtui-bench-"))
    store = Store(root)
    store.put_account(ds.account)
    t = time.perf_counter()
    store.add_messages(ds.account.handle, ds.messages)
    shards = list((root / "accounts").rglob("shard-*.json"))
    size = sum(p.stat().st_size for p in shards) / 1e6
    print(f"stored them in {time.perf_counter() - t:.1f} s ({len(shards)} shards, {size:.0f} MB)")
    t = time.perf_counter()
    store.add_messages(ds.account.handle, [Message("new-1", "mention", "in", ds.messages[0].author, "@brand hi",
                                                   ds.messages[0].created_at)])
    print(f"(for information) adding one message to the stored account: {(time.perf_counter() - t) * 1000:.0f} ms")
    handle = ds.account.handle
    del ds, store
    # Read in fresh processes, so the generator's memory does not count.
    try:
        subprocess.run([sys.executable, __file__, "--open", str(root), handle], check=True)
        subprocess.run([sys.executable, __file__, "--load", str(root), handle], check=True)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def open_phase(root: Path, handle: str) -> None:
    t = time.perf_counter()
    store = Store(root)
    accounts = store.list_accounts()
    store.workflow(accounts[0])
    store.drafts(accounts[0])
    elapsed = time.perf_counter() - t
    line("open store + first query (accounts, state, drafts)", elapsed, "s", "<= 1 s", elapsed <= 1)
    times = []
    for i in range(200):
        t = time.perf_counter()
        store.set_state(handle, f"c{i}", ConversationState("done", assignee="Dana"))
        times.append(time.perf_counter() - t)
    times.sort()
    line("persist one workflow change (median of 200)", times[100] * 1000, "ms", "<= 20 ms", times[100] <= 0.02)
    line("persist one workflow change (95th pct, 200 states)", times[190] * 1000, "ms", "<= 20 ms", times[190] <= 0.02)
    times = []
    for i in range(50):
        t = time.perf_counter()
        store.save_draft(handle, "c1", "a draft " * 30 + str(i))
        times.append(time.perf_counter() - t)
    times.sort()
    line("persist a draft (median of 50)", times[25] * 1000, "ms", "<= 20 ms", times[25] <= 0.02)
    line("resident memory after open + changes", rss_mb(), "MB", "<= 500 MB", rss_mb() <= 500)


def load_phase(root: Path, handle: str) -> None:
    t = time.perf_counter()
    store = Store(root)
    ds = store.dataset(handle)
    elapsed = time.perf_counter() - t
    line(f"start-up: load all {len(ds.messages):,} messages (dataset)", elapsed, "s", "<= 1 s", elapsed <= 1)
    line("resident memory with the whole dataset loaded", rss_mb(), "MB", "<= 500 MB", rss_mb() <= 500)
    print(f"(for information) peak memory while loading: {peak_mb():.0f} MB")
    t = time.perf_counter()
    store.set_state(handle, "c42", ConversationState("snoozed"))
    ms = (time.perf_counter() - t) * 1000
    line("persist one workflow change with the dataset loaded", ms, "ms", "<= 20 ms", ms <= 20)
    t = time.perf_counter()
    ids = store.message_ids(handle)
    print(f"(for information) message index for sync ({len(ids):,} ids): {time.perf_counter() - t:.2f} s")
    t = time.perf_counter()
    store.dataset(handle)
    print(f"(for information) second dataset() in the same process: {time.perf_counter() - t:.2f} s")


if __name__ == "__main__":
    if len(sys.argv) > 3 and sys.argv[1] == "--open":
        open_phase(Path(sys.argv[2]), sys.argv[3])
    elif len(sys.argv) > 3 and sys.argv[1] == "--load":
        load_phase(Path(sys.argv[2]), sys.argv[3])
    else:
        main()
