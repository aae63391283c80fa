"""Benchmark the queue order and the composer lint.

Targets: build_queue on 100k conversations <= 0.3 s (hijack set given; the SEC004
facts are shared with the health report); one lint call on a 500-character draft with
a prebuilt reply index on the kestrel fixture <= 20 ms.
Run: python bench/queue_lint.py [N_CONVERSATIONS]
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synth import END, generate  # noqa: E402

from socialtui.lint import build_reply_index, lint_draft  # noqa: E402
from socialtui.queue import build_queue  # noqa: E402
from socialtui.sources.dataset_dir import load_dataset  # noqa: E402


def line(label, value, unit, target, ok):
    print(f"{label:<52} {value:>9.3f} {unit:<3} target {target:<10} {'PASS' if ok else 'FAIL'}")


def bench_queue(n: int) -> None:
    snap = generate(n).snapshot(END)
    convs = len(snap.conversations)
    best = min(_timed(lambda: build_queue(snap, set())) for _ in range(3))
    line(f"build_queue, {convs:,} conversations (hijack set given)", best, "s", "<= 0.3 s", best <= 0.3)
    first = _timed(lambda: build_queue(snap))
    line("build_queue, SEC004 facts computed first", first, "s", "(info)", True)
    rows = build_queue(snap, set())
    t = time.perf_counter()
    for r in rows[:50]:
        r.reason  # noqa: B018 - reasons are written on first use
    line("reasons for the first 50 rows", (time.perf_counter() - t) * 1000, "ms", "(info)", True)


def bench_lint() -> None:
    ds = load_dataset("kestrel")
    snap = ds.snapshot(ds.default_now())
    target = snap.by_id["k0574"]
    index = build_reply_index(snap)
    words = ("thanks for reaching out we are looking into it your repair ships monday bitte wenden sie sich an "
             "unsere hotline the K7 update fixes the reboot https://kestrel-mobile.example/status").split()
    times = []
    for i in range(300):
        rng = random.Random(i)
        draft = " ".join(rng.choice(words) for _ in range(100))[:500]
        times.append(_timed(lambda: lint_draft(draft, snapshot=snap, reply_to=target, reply_index=index)))
    times.sort()
    p50, p95 = times[len(times) // 2] * 1000, times[int(len(times) * 0.95)] * 1000
    line("lint_draft, 500 chars, kestrel, prebuilt index: p50", p50, "ms", "<= 20 ms", p50 <= 20)
    line("lint_draft, 500 chars, kestrel, prebuilt index: p95", p95, "ms", "<= 20 ms", p95 <= 20)


def _timed(fn) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


if __name__ == "__main__":
    bench_queue(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
    bench_lint()
