"""Benchmark: ``socialtui health`` rule evaluation on synthetic data (not a test).

Targets (from the issue): 100k messages <= 2 s, 1M messages <= 15 s, and 10x the data
at most 12x the time. The timed part is what `socialtui health` does after loading:
build the snapshot (conversations, turns) and run every rule.

Run: python bench/health.py [SMALL_CONVERSATIONS [LARGE_CONVERSATIONS]]
     (defaults 10,000 and 100,000 conversations: about 100k and 1M messages)
     python bench/health.py --rules   also prints the slowest rules of the large run
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synth import END, generate  # noqa: E402

from socialtui.domain.perf import gc_paused  # noqa: E402
from socialtui.rules.engine import evaluate, resolve_thresholds  # noqa: E402
from socialtui.rules.registry import all_rules  # noqa: E402


def measure(n_conversations: int, per_rule: bool = False) -> tuple[int, float, list[tuple[float, str]]]:
    """(messages, seconds for snapshot + every rule, slowest rules when asked)."""
    ds = generate(n_conversations)
    start = time.perf_counter()
    report = evaluate(ds.snapshot(END))
    elapsed = time.perf_counter() - start
    assert len(report.rules) == len(all_rules())
    assert not [v.code for v in report.rules if (v.reason or "").startswith("internal error")]
    slow: list[tuple[float, str]] = []
    if per_rule:  # a second evaluation of a fresh snapshot (what the app and monitor do on refresh)
        snap = ds.snapshot(END)
        with gc_paused():
            t = time.perf_counter()
            _ = snap.conversations, snap.conversation_of, snap.waiting
            slow.append((time.perf_counter() - t, "conversations (domain)"))
            for spec in all_rules():
                t = time.perf_counter()
                spec.check(snap, resolve_thresholds(spec, snap.account))
                slow.append((time.perf_counter() - t, spec.code))
        slow.sort(reverse=True)
    return len(ds.messages), elapsed, slow


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def main(argv: list[str]) -> None:
    per_rule = "--rules" in argv
    nums = [int(a) for a in argv if a.isdigit()]
    small_c, big_c = (nums + [10_000, 100_000][len(nums):])[:2]
    small_n, small_t, _ = measure(small_c)
    target_small = 2.0 * small_n / 100_000
    print(f"{small_n:>10,} messages: {small_t:6.2f} s   target <= {target_small:.1f} s "
          f"(2 s per 100k)   {verdict(small_t <= target_small)}")
    big_n, big_t, slow = measure(big_c, per_rule)
    target_big = 15.0 * big_n / 1_000_000
    print(f"{big_n:>10,} messages: {big_t:6.2f} s   target <= {target_big:.1f} s "
          f"(15 s per 1M)   {verdict(big_t <= target_big)}")
    scale, ratio = big_n / small_n, big_t / small_t
    print(f"{scale:.1f}x the data cost {ratio:.1f}x the time   target <= {1.2 * scale:.1f}x   "
          f"{verdict(ratio <= 1.2 * scale)}")
    if slow:
        print("second evaluation of the large data, slowest parts:")
        for seconds, code in slow[:6]:
            print(f"  {code}  {seconds:6.2f} s")


if __name__ == "__main__":
    main(sys.argv[1:])
