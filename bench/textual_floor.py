"""What a held j/k costs Textual itself on this machine: a bare app of the main screen's shape.

A banner, a queue on the Line API (a moving cursor line), a thread and a composer under it, a
sidebar, a status line and a footer, each a plain widget with no content to speak of. Keys go
in through the driver at a held key's repeat rate, as in bench/ui.py, and the CPU per key is
printed. bench/ui.py runs it in a fresh process beside its own j/k figure: shared machines
move both by a fifth between runs, so the floor says how fast this one was at the time.

Run: python bench/textual_floor.py
"""

from __future__ import annotations

import asyncio
import time

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.app import App
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.geometry import Size
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widgets import Footer, Static

KEYS = 400
KEY_REPEAT = 0.03
CURSOR = Style(reverse=True)


class Lines(ScrollView, can_focus=True):
    BINDINGS = [Binding("j", "down", "Down"), Binding("k", "up", "Up")]
    DEFAULT_CSS = "Lines { width: 1fr; height: 1fr; scrollbar-size-vertical: 0; }"
    cursor = reactive(0, repaint=False, init=False)

    def on_mount(self) -> None:
        self.virtual_size = Size(60, 3000)

    def render_line(self, y: int) -> Strip:
        row = y + self.scroll_offset.y
        return Strip([Segment(f"row {row}".ljust(self.size.width), CURSOR if row == self.cursor else None)])

    def watch_cursor(self, old: int, new: int) -> None:
        self.refresh_line(old)
        self.refresh_line(new)

    def action_down(self) -> None:
        self.cursor += 1

    def action_up(self) -> None:
        self.cursor -= 1


class Skeleton(App):
    CSS = "#side { width: 40; } #composer { height: 6; }"

    def compose(self):
        yield Static("banner")
        with Horizontal():
            yield Lines()
            with Vertical():
                yield Static("thread", id="thread")
                yield Static("composer", id="composer")
            yield Static("sidebar", id="side")
        yield Static("status")
        yield Footer()


async def measure() -> float:
    app = Skeleton()
    painted = asyncio.Event()
    display = app._display

    def hooked(screen, renderable):
        display(screen, renderable)
        if renderable is not None:
            renderable.render_segments(app.console)  # what a terminal would be sent, as bench/ui.py does
            painted.set()

    app._display = hooked
    async with app.run_test(size=(160, 48), tooltips=True, notifications=True) as pilot:
        app.query_one(Lines).focus()
        await pilot.pause(0.5)
        cpu0 = time.process_time()
        for i in range(KEYS):  # down and up in turn: the cursor stays on screen, no scrolling
            t0 = time.perf_counter()
            painted.clear()
            app._driver.send_message(events.Key("j" if i % 2 == 0 else "k", None))
            try:
                await asyncio.wait_for(painted.wait(), 1.0)
            except asyncio.TimeoutError:
                pass
            await asyncio.sleep(max(0.0, KEY_REPEAT - (time.perf_counter() - t0)))
        return (time.process_time() - cpu0) / KEYS * 1000


if __name__ == "__main__":
    print(f"FLOOR_MS={asyncio.run(measure()):.2f}")
