"""Benchmark the app headless on synthetic data (100k conversations).

Targets: start to first painted queue <= 1.5 s; j/k <= 5 ms CPU per key and <= 16 ms
key-to-paint; opening a 200-message thread <= 100 ms; memory <= 500 MB.
Run: python bench/ui.py [N_CONVERSATIONS]
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synth import END, generate  # noqa: E402

from socialtui.domain.models import Author, Message  # noqa: E402
from socialtui.store import Store  # noqa: E402
from socialtui.ui.app import SocialApp  # noqa: E402
from socialtui.ui.widgets.queue_view import QueueView  # noqa: E402
from socialtui.workspace import Workspace  # noqa: E402


def peak_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def report(label, value, unit, target, ok):
    print(f"{label:<40} {value:>9.1f} {unit:<3} target {target:<10} {'PASS' if ok else 'FAIL'}")


async def run(n: int) -> None:
    ds = generate(n)
    long_thread = [Message(f"long-{i}", "mention" if i == 0 else "reply", "in" if i % 2 == 0 else "out",
                           Author("longtalker") if i % 2 == 0 else Author("brand"), f"message {i} in a long thread",
                           END - timedelta(hours=100) + timedelta(minutes=i), None if i == 0 else f"long-{i - 1}")
                   for i in range(200)]
    ds.messages.extend(long_thread)
    ws = Workspace(ds, Store(tempfile.mkdtemp()), "bench", now_fn=lambda: END)
    start = time.perf_counter()
    app = SocialApp(ws, source_label="bench")
    async with app.run_test(size=(160, 48)) as pilot:
        queue = app.screen.query_one(QueueView)
        while not queue.rows:
            await pilot.pause(0.01)
        await pilot.pause()
        first = time.perf_counter() - start
        report(f"start to first painted queue ({len(queue.rows):,} rows)", first, "s", "<= 1.5 s", first <= 1.5)
        keys = 200
        cpu0, wall0 = time.process_time(), time.perf_counter()
        for i in range(keys):
            await pilot.press("j" if i % 4 != 3 else "k")
        cpu = (time.process_time() - cpu0) / keys * 1000
        wall = (time.perf_counter() - wall0) / keys * 1000
        report("j/k CPU per key", cpu, "ms", "<= 5 ms", cpu <= 5)
        report("j/k key-to-paint", wall, "ms", "<= 16 ms", wall <= 16)
        t = time.perf_counter()
        queue.select_id("long-0")
        await pilot.pause()
        opened = (time.perf_counter() - t) * 1000
        report("open a 200-message thread", opened, "ms", "<= 100 ms", opened <= 100)
    report("peak memory", peak_mb(), "MB", "<= 500 MB", peak_mb() <= 500)


if __name__ == "__main__":
    asyncio.run(run(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000))
