"""Benchmark: rule evaluation on synthetic data. Targets: 100k messages <= 2 s, 1M <= 15 s, 10x data <= 12x time.

Run: python bench/health.py   (prints figures against the targets; not a test)
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synth import END, generate  # noqa: E402

from socialtui.rules.engine import evaluate  # noqa: E402


def measure(n_conversations: int) -> tuple[int, float]:
    ds = generate(n_conversations)
    t = time.perf_counter()
    report = evaluate(ds.snapshot(END))
    elapsed = time.perf_counter() - t
    assert report.rules
    return len(ds.messages), elapsed


def main() -> None:
    small_n, small_t = measure(int(sys.argv[1]) if len(sys.argv) > 1 else 16_500)
    print(f"{small_n:>9,} messages: {small_t:6.2f} s   target <= 2 s   {'PASS' if small_t <= 2 else 'FAIL'}")
    big_n, big_t = measure(int(sys.argv[2]) if len(sys.argv) > 2 else 165_000)
    print(f"{big_n:>9,} messages: {big_t:6.2f} s   target <= 15 s  {'PASS' if big_t <= 15 else 'FAIL'}")
    ratio = big_t / small_t
    scale = big_n / small_n
    print(f"{scale:.1f}x the data cost {ratio:.1f}x the time   target <= {1.2 * scale:.0f}x   "
          f"{'PASS' if ratio <= 1.2 * scale else 'FAIL'}")


if __name__ == "__main__":
    main()
