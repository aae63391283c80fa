"""Benchmark the app headless on synthetic data (100k conversations).

Targets: start to first painted queue <= 1.5 s (cold: the first session on these messages;
warm: a later one, whose queue comes from the seed the first saved); j/k <= 5 ms CPU per key and <= 16 ms
key-to-paint; opening a 200-message thread <= 100 ms; memory <= 500 MB. Ours, where the issue
sets none: done or undo (e, u) to the re-ordered queue on screen <= 100 ms.

"Painted" means the screen update reached the (headless) driver: the bench hooks
``App._display`` and still turns each update into terminal text, as a real terminal
would need. Keys go in through the driver like typed keys, at a held key's repeat
rate, without Pilot's idle waits (which alone take 40 ms per key). The app runs with tooltips and
notifications on, as ``socialtui`` runs it (``run_test`` turns both off by default, and without a
tooltip widget every key made Textual format an error message listing the screen's children).
The last part is what a user of a large stored account sees: ``socialtui run`` in a fresh
process (interpreter start and imports included), on a store holding the same messages and the
queue seed an import or sync leaves. The queue comes from the seed before any message is read;
the messages are read and threaded behind it. It is started three times (the first runs on until
the health sidebar is filled, for its memory); the target is judged on the median start.

Run: python bench/ui.py [N_CONVERSATIONS]
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synth import END, generate  # noqa: E402
from textual import events  # noqa: E402

from socialtui.domain.models import Author, Message  # noqa: E402
from socialtui.queue_seed import seed_path  # noqa: E402
from socialtui.store import Store  # noqa: E402
from socialtui.ui.app import SocialApp  # noqa: E402
from socialtui.ui.widgets.queue_view import QueueView  # noqa: E402
from socialtui.ui.widgets.thread_view import ThreadView  # noqa: E402
from socialtui.workspace import Workspace  # noqa: E402

KEY_REPEAT = 0.03  # s between keys: a held j on a typical terminal


def peak_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def report(label, value, unit, target, ok):
    print(f"{label:<44} {value:>9.1f} {unit:<3} target {target:<10} {'PASS' if ok else 'FAIL'}")


def long_thread() -> list[Message]:
    return [Message(f"long-{i}", "mention" if i == 0 else "reply", "in" if i % 2 == 0 else "out",
                    Author("longtalker") if i % 2 == 0 else Author("brand"),
                    f"message {i} in a long thread about order {i * 7}, with a few more words to wrap",
                    END - timedelta(hours=100) + timedelta(minutes=i), None if i == 0 else f"long-{i - 1}")
            for i in range(200)]


class Paints:
    """Times at which a screen update reached the driver, and when the queue first got rows.

    Waiting for a paint awaits an event set by the display hook: a bench that spun in a loop
    meanwhile would add its own CPU time to the app's and steal the GIL from its workers.
    """

    def __init__(self, app) -> None:
        self.times: list[float] = []
        self.rows_at: float | None = None  # when the queue view first got rows
        self.last_rows_at: float | None = None  # when it last got rows
        self._changed = asyncio.Event()
        original = app._display

        def display(screen, renderable):
            original(screen, renderable)
            if renderable is not None:
                renderable.render_segments(app.console)  # what a real terminal would be sent
                self.times.append(time.perf_counter())
                self._changed.set()

        app._display = display
        paints = self
        set_rows = QueueView.set_rows

        def recording_set_rows(view, rows, *args, **kw):
            set_rows(view, rows, *args, **kw)
            paints.last_rows_at = time.perf_counter()
            if rows and paints.rows_at is None:
                paints.rows_at = paints.last_rows_at
                paints._changed.set()

        QueueView.set_rows = recording_set_rows
        self._restore = lambda: setattr(QueueView, "set_rows", set_rows)

    def close(self) -> None:
        self._restore()

    async def after(self, t0: float, timeout: float = 5.0) -> float:
        """Time of the first paint at or after ``t0`` (nan when none came within ``timeout``)."""
        end = t0 + timeout
        while True:
            if self.times and self.times[-1] >= t0:
                return next(t for t in self.times if t >= t0)
            left = end - time.perf_counter()
            if left <= 0:
                return float("nan")
            self._changed.clear()
            try:
                await asyncio.wait_for(self._changed.wait(), left)
            except asyncio.TimeoutError:
                return float("nan")

    async def first_queue(self, timeout: float = 120.0) -> float:
        """Time of the first paint after the queue view got its rows."""
        end = time.perf_counter() + timeout
        while self.rows_at is None and time.perf_counter() < end:
            self._changed.clear()
            try:
                await asyncio.wait_for(self._changed.wait(), end - time.perf_counter())
            except asyncio.TimeoutError:
                break
        if self.rows_at is None:
            return float("nan")
        return await self.after(self.rows_at)


async def run(n: int) -> None:
    ds = generate(n)
    ds.messages.extend(long_thread())
    ds.ordered = False
    ds.in_order()  # as a loader hands it over
    data_mb = peak_mb()
    store_dir = tempfile.mkdtemp()
    ws = Workspace(ds, Store(store_dir), "bench", now_fn=lambda: END)
    build = {}
    queue_of = ws.queue

    def timed_queue():
        t = time.perf_counter()
        rows = queue_of()
        build.setdefault("queue", time.perf_counter() - t)
        return rows

    ws.queue = timed_queue
    start = time.perf_counter()
    app = SocialApp(ws, source_label="bench")
    paints = Paints(app)
    async with app.run_test(size=(160, 48), tooltips=True, notifications=True) as pilot:
        first = await paints.first_queue() - start
        report(f"cold start to first painted queue ({len(app.screen.queue_view.rows):,} rows)", first, "s",
               "<= 1.5 s", first <= 1.5)
        print(f"(of which the model built snapshot and queue in {build['queue']:.2f} s, the UI took the rest)")
        print(f"(the screen itself, saying what it loads, was painted {paints.times[0] - start:.2f} s after start)")
        queue = app.screen.queue_view
        # The rules run in a worker; measure keys once it and the sidebar's figures are done (the
        # first half second after the report, the worker still computes the sparkline).
        while app.screen._shown_report is None or any(w.is_running for w in app.workers):
            await pilot.pause(0.1)
        print(f"(health sidebar filled {time.perf_counter() - start:.1f} s after start, in a worker thread)")
        await pilot.pause(0.3)

        keys, to_paint = 200, []
        cpu0 = time.process_time()
        for i in range(keys):
            t0 = time.perf_counter()
            app._driver.send_message(events.Key("j" if i % 4 != 3 else "k", None))
            to_paint.append((await paints.after(t0)) - t0)
            await asyncio.sleep(max(0.0, KEY_REPEAT - (time.perf_counter() - t0)))
        await asyncio.sleep(0.2)  # let the thread pane catch up: its CPU counts too
        cpu = (time.process_time() - cpu0) / keys * 1000
        to_paint.sort()
        report("j/k CPU per key (held key, thread included)", cpu, "ms", "<= 5 ms", cpu <= 5)
        floor = subprocess.run([sys.executable, str(Path(__file__).with_name("textual_floor.py"))],
                               capture_output=True, text=True).stdout
        if "FLOOR_MS=" in floor:
            print(f"(Textual alone, a bare app of the same layout, on this machine now: "
                  f"{float(floor.split('FLOOR_MS=')[1]):.1f} ms per key; see bench/textual_floor.py)")
        median, p95 = to_paint[len(to_paint) // 2] * 1000, to_paint[int(len(to_paint) * 0.95)] * 1000
        report("j/k key-to-paint, median", median, "ms", "<= 16 ms", median <= 16)
        report("j/k key-to-paint, 95th percentile", p95, "ms", "<= 16 ms", p95 <= 16)

        thread = app.screen.query_one(ThreadView)
        other = queue.rows[0].id
        opens = []
        for _ in range(5):  # the first open, then again after looking at another conversation
            t = time.perf_counter()
            queue.select_id("long-0")
            app.screen._show_thread()  # at once, not after the resting delay
            opens.append((await paints.after(t)) - t)
            assert thread._shown is not None and thread._shown[0].id == "long-0"
            await pilot.pause(0.3)
            queue.select_id(other)
            app.screen._show_thread()
            await pilot.pause(0.3)
        first, median = opens[0], sorted(opens)[len(opens) // 2]
        report("open a 200-message thread, first time (to paint)", first * 1000, "ms", "<= 100 ms", first <= 0.1)
        report("open a 200-message thread, median of 5", median * 1000, "ms", "<= 100 ms", median <= 0.1)
        await workflow_keys(app, pilot, paints)
    paints.close()
    report("peak memory (VmHWM, data included)", peak_mb(), "MB", "<= 500 MB", peak_mb() <= 500)
    print(f"(the data alone: {data_mb:.0f} MB after generating, before any UI)")
    await warm_start(ds, store_dir)
    stored_account(ds)


async def workflow_keys(app, pilot, paints) -> None:
    """e (done) and u (undo) on a waiting conversation: key to the painted, re-ordered queue, and
    until the sidebar's figures are up to date (our own target: the issue sets none)."""
    queue = app.screen.queue_view
    queue.cursor = 3
    await pilot.pause(0.3)
    to_queue, settled = [], []
    for key in "eueueu":
        t0 = time.perf_counter()
        app._driver.send_message(events.Key(key, key))
        while paints.last_rows_at is None or paints.last_rows_at < t0:
            await asyncio.sleep(0.002)
        to_queue.append(await paints.after(paints.last_rows_at) - t0)
        while any(w.is_running for w in app.workers) or app.screen._status_note:
            await asyncio.sleep(0.01)
        settled.append(time.perf_counter() - t0)
        await pilot.pause(0.3)
    worst, median = max(to_queue), sorted(to_queue)[len(to_queue) // 2]
    report("done/undo key to painted queue, worst of 6", worst * 1000, "ms", "<= 100 ms", worst <= 0.1)
    report("done/undo key to painted queue, median", median * 1000, "ms", "<= 100 ms", median <= 0.1)
    print(f"(and to the sidebar's figures updated in a worker: median {sorted(settled)[3]:.2f} s)")


def stored_account(ds) -> None:
    """Store the messages as an import would (with its seed), then time ``socialtui run`` on them
    in a fresh process."""
    from socialtui.queue_seed import save_seed

    root = Path(tempfile.mkdtemp(prefix="socialtui-bench-run-"))
    store = Store(root)
    store.put_account(ds.account)
    store.add_messages(ds.account.handle, ds.messages)
    save_seed(Workspace(store.dataset(ds.account.handle), store, ds.account.handle, now_fn=lambda: END))
    del store
    print("socialtui run on the stored account, in a fresh process:")
    # As a user starts it from a shell: on a store whose files have settled (right after writing
    # its 200 MB the same start measured 0.5 s slower), from a small launcher process.
    os.sync()
    time.sleep(2)
    import threading

    busy = [t.name for t in threading.enumerate()
            if t is not threading.current_thread() and not t.name.startswith("asyncio_")]  # (idle executor threads)
    if busy:  # a worker of the sessions above still running would share the cores with the start
        print(f"(threads still running in the bench process: {', '.join(busy)})")
    starts = []
    for quick in ("", "quick", "quick"):  # the first runs on until health is in; two more starts after it
        out = subprocess.run([sys.executable, __file__, "--launch", str(root), ds.account.handle, quick],
                             check=True, stdout=subprocess.PIPE, text=True).stdout
        print(out, end="")
        starts.append(float(out.split("FIRST_PAINT=")[1].split()[0]))
    median = sorted(starts)[1]
    # A VM's neighbours move single starts by half a second either way: the median says more.
    report("start to first painted queue, median of 3 starts", median, "s", "<= 1.5 s", median <= 1.5)


async def run_store(root: str, handle: str, spawned: float, quick: bool = False) -> None:
    """The ``socialtui run`` path on a large stored account (see cli.demo.run_store); ``quick``:
    only until the first painted queue."""
    from socialtui.domain.dataset import Dataset

    store = Store(root)
    assert store.is_large(handle)
    ws = Workspace(Dataset(store.get_account(handle), [], f"store:{handle}"), store, handle, now_fn=lambda: END,
                   loader=lambda progress: store.dataset(handle, progress))
    app = SocialApp(ws, source_label="bench")
    paints = Paints(app)
    async with app.run_test(size=(160, 48), tooltips=True, notifications=True) as pilot:
        first = await paints.first_queue() - spawned
        seeded = len(app.screen.queue_view.rows)
        print(f"(start to first painted queue: {first:.2f} s, {seeded:,} rows, process start included)"
              f" FIRST_PAINT={first}")
        if quick:
            paints.close()
            return
        while app.screen._loading:
            await asyncio.sleep(0.05)
        print(f"(messages read and threaded, real queue in place {time.perf_counter() - spawned:.1f} s after start)")
        while ws.cached_health() is None:
            await pilot.pause(0.1)
        print(f"(health sidebar filled {time.perf_counter() - spawned:.1f} s after start)")
    paints.close()
    report("peak memory of that process (VmHWM)", peak_mb(), "MB", "<= 500 MB", peak_mb() <= 500)


async def warm_start(ds, store_dir: str) -> None:
    """A second session on the same store and messages: the queue comes from the seed the first
    one saved, while the conversations are threaded again in the background."""
    seed = seed_path(Path(store_dir), "bench")
    for _ in range(300):
        if seed.exists():
            break
        await asyncio.sleep(0.1)
    ws = Workspace(ds, Store(store_dir), "bench", now_fn=lambda: END)
    start = time.perf_counter()
    app = SocialApp(ws, source_label="bench")
    paints = Paints(app)
    async with app.run_test(size=(160, 48), tooltips=True, notifications=True):
        first = await paints.first_queue() - start
        report(f"warm start to first painted queue ({len(app.screen.queue_view.rows):,} rows)", first, "s",
               "<= 1.5 s", first <= 1.5)
        while app.screen._loading:
            await asyncio.sleep(0.05)
        print(f"(its conversations were threaded {time.perf_counter() - start:.1f} s after start, in a worker)")
        # Its workers (saving the seed, evaluating health) run on after the app is left, as threads
        # do: let them finish, or the fresh process measured next shares the two cores with them.
        while any(w.is_running for w in app.workers):
            await asyncio.sleep(0.1)
    paints.close()


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--launch":  # a small process: none of the bench data in it
        subprocess.run([sys.executable, __file__, "--run-store", sys.argv[2], sys.argv[3], repr(time.perf_counter()),
                        *sys.argv[4:5]], check=True)
    elif len(sys.argv) > 1 and sys.argv[1] == "--run-store":
        asyncio.run(run_store(sys.argv[2], sys.argv[3], float(sys.argv[4]), quick=sys.argv[5:6] == ["quick"]))
    else:
        asyncio.run(run(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000))
