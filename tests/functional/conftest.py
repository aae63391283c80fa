"""Drive the real app headless with a fixed clock on the bundled kestrel dataset."""

from __future__ import annotations

import pytest

from socialtui.sources.dataset_dir import load_dataset
from socialtui.store import Store
from socialtui.ui.app import SocialApp
from socialtui.workspace import Workspace
from tests.conftest import AS_OF, KESTREL


def make_app(tmp_path, dataset=KESTREL, agent="Dana Kruger", keymap=None, theme="dark"):
    ds = load_dataset(dataset)
    store = Store(tmp_path / "data")
    ws = Workspace(ds, store, f"demo:{ds.account.handle}", now_fn=lambda: AS_OF,
                   agent=ds.account.agent(agent) if agent else None)
    return SocialApp(ws, source_label="demo data (kestrel)", theme=theme, keymap=keymap)


@pytest.fixture
def app_factory(tmp_path):
    return lambda **kw: make_app(tmp_path, **kw)


def screen_text(app) -> str:
    """What the terminal shows right now, as plain lines (no colours, no SVG escaping)."""
    update = app.screen._compositor.render_update(full=True)
    return "\n".join("".join(segment.text for segment in strip) for strip in update.strips)


def thread_text(app) -> str:
    """The thread pane's text in one line: wrapping (which the pane's width decides) and the
    message gutters taken out."""
    body = app.screen.query_one("#thread-body").content.plain
    return " ".join(body.replace("│", " ").replace("┃", " ").split())


async def wait_until(pilot, condition, seconds: float = 5.0, step: float = 0.05) -> bool:
    """Let the app run until ``condition()`` holds (workers finishing, timers firing), at most
    ``seconds``; the caller asserts what it expected, so a timeout fails with its own message."""
    for _ in range(max(1, int(seconds / step))):
        await pilot.pause(step)
        if condition():
            return True
    return False


async def open_palette(pilot, query: str) -> None:
    """Open the command palette and type ``query`` into it."""
    await pilot.pause()
    await pilot.press("ctrl+p")
    await pilot.pause()
    await pilot.press(*query)
    await pilot.pause(0.5)
