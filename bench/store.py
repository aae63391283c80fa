"""Benchmark the local store on 100k conversations / ~1M messages.

Targets: open the store and answer the first query <= 1 s; persist one workflow change
<= 20 ms; resident memory <= 500 MB. Run: python bench/store.py [N_CONVERSATIONS]
"""

from __future__ import annotations

import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synth import generate  # noqa: E402

from socialtui.domain.workflow import ConversationState  # noqa: E402
from socialtui.store import Store  # noqa: E402


def rss_mb() -> float:
    """Peak resident memory of this process (VmHWM; ru_maxrss survives exec on Linux)."""
    for line_ in Path("/proc/self/status").read_text().splitlines():
        if line_.startswith("VmHWM:"):
            return int(line_.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def line(label, value, unit, target, ok):
    print(f"{label:<44} {value:>9.3f} {unit:<3} target {target:<10} {'PASS' if ok else 'FAIL'}")


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 165_000
    ds = generate(n)
    root = Path(tempfile.mkdtemp(prefix="socialtui-bench-"))
    store = Store(root)
    store.put_account(ds.account)
    t = time.perf_counter()
    store.add_messages(ds.account.handle, ds.messages)
    print(f"wrote {len(ds.messages):,} messages in {time.perf_counter() - t:.1f} s "
          f"({len(list((root / 'accounts').rglob('shard-*.json')))} shards)")
    del ds
    import subprocess

    # Measure reading in a fresh process, so the generator's memory does not count.
    subprocess.run([sys.executable, __file__, "--read", str(root)], check=True)


def read_phase(root: Path) -> None:
    t = time.perf_counter()
    fresh = Store(root)
    accounts = fresh.list_accounts()
    fresh.workflow(accounts[0])
    elapsed = time.perf_counter() - t
    line("open store + first query (accounts, state)", elapsed, "s", "<= 1 s", elapsed <= 1)
    times = []
    for i in range(50):
        t = time.perf_counter()
        fresh.set_state(accounts[0], f"c{i}", ConversationState("done"))
        times.append(time.perf_counter() - t)
    times.sort()
    line("persist one workflow change (median of 50)", times[25] * 1000, "ms", "<= 20 ms", times[25] <= 0.02)
    t = time.perf_counter()
    fresh.save_draft(accounts[0], "c1", "a draft " * 30)
    line("persist a draft", (time.perf_counter() - t) * 1000, "ms", "<= 20 ms", time.perf_counter() - t <= 0.02)
    line("resident memory after open + changes", rss_mb(), "MB", "<= 500 MB", rss_mb() <= 500)
    t = time.perf_counter()
    msgs = fresh.messages(accounts[0])
    print(f"(for information) loading all {len(msgs):,} messages: {time.perf_counter() - t:.2f} s, "
          f"peak memory then {rss_mb():.0f} MB")


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--read":
        read_phase(Path(sys.argv[2]))
    else:
        main()
