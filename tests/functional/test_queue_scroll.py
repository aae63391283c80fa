"""A held j past the bottom of the queue: the view jumps by half a page (or a line if configured)."""

from __future__ import annotations

import pytest

from socialtui.store import Store
from socialtui.ui.app import SocialApp
from socialtui.ui.widgets.queue_view import QueueView
from socialtui.workspace import Workspace
from tests.builders import NOW, at, dataset, msg


def many_conversations(tmp_path, scroll: str) -> SocialApp:
    msgs = [msg("mention", "in", f"question number {i}", id=f"q{i}", author=f"user{i}", when=at(minutes_ago=5 + i))
            for i in range(80)]
    ws = Workspace(dataset(msgs), Store(tmp_path / "data"), "demo:brand", now_fn=lambda: NOW)
    return SocialApp(ws, source_label="test", scroll=scroll)


def visible(view: QueueView) -> range:
    top = view.scroll_offset.y
    return range(top, top + view.scrollable_content_region.height)


@pytest.mark.parametrize("scroll", ["half-page", "line"])
async def test_the_cursor_stays_in_sight_however_the_view_follows_it(tmp_path, scroll):
    app = many_conversations(tmp_path, scroll)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        view = app.screen.query_one(QueueView)
        height = view.scrollable_content_region.height
        await pilot.press(*["j"] * height)  # one row past the bottom edge
        await pilot.pause()
        assert view.cursor == height and view.cursor in visible(view)
        if scroll == "half-page":  # the cursor lands mid-view: the next half page needs no scrolling
            assert view.scroll_offset.y == height - height // 2
        else:
            assert view.scroll_offset.y == 1
        before = view.scroll_offset.y
        await pilot.press("k")
        await pilot.pause()
        assert view.scroll_offset.y == before  # going back up inside the view does not scroll
        await pilot.press("G")
        await pilot.pause()
        assert view.cursor == 79 and visible(view)[-1] == 79  # the end of the list ends the view
        await pilot.press("g")
        await pilot.pause()
        assert view.cursor == 0 and view.scroll_offset.y == 0


async def test_a_long_queue_is_indexed_in_the_background_and_jumps_land_on_the_row(tmp_path, monkeypatch):
    import socialtui.ui.widgets.queue_view as queue_view

    monkeypatch.setattr(queue_view, "INDEX_IN_WORKER", 10)  # these 80 rows count as a long queue
    app = many_conversations(tmp_path, "half-page")
    async with app.run_test(size=(80, 24)) as pilot:
        view = app.screen.query_one(QueueView)
        for _ in range(40):
            await pilot.pause(0.05)
            if view._index() is not None:
                break
        assert view._index() is not None and len(view._index()) == 80  # built without a jump asking
        target = view.rows[63].id
        assert view.select_id(target)
        await pilot.pause()
        assert view.current.id == target and view.cursor in visible(view)


async def test_the_status_line_says_which_row_the_resting_cursor_is_on(tmp_path):
    """The queue has no scrollbar: the status line tells the row once the cursor rests, and a
    held key does not repaint it on every step."""
    from tests.functional.conftest import screen_text, wait_until

    app = many_conversations(tmp_path, "half-page")
    async with app.run_test(size=(80, 24)) as pilot:  # (the position comes before what a narrow line cuts)
        await pilot.pause()
        view = app.screen.query_one(QueueView)
        assert view.styles.scrollbar_size_vertical == 0
        assert "row 1/80" in screen_text(app)
        shown = []
        status = app.screen.query_one("#status")
        original = status.show
        status.show = lambda **kw: (shown.append(kw["position"]), original(**kw))
        await pilot.press("G", "k")
        assert await wait_until(pilot, lambda: "row 79/80" in screen_text(app)), screen_text(app)
        shown.clear()
        for _ in range(5):  # a held key: moves in one burst
            view.action_cursor_up()
        assert shown == []  # the moves themselves leave the status line alone
        assert await wait_until(pilot, lambda: "row 74/80" in screen_text(app)), screen_text(app)
        assert shown[0] == "row 74/80"  # told once the cursor rests


async def test_a_held_key_draws_the_thread_once_where_the_cursor_rests(tmp_path):
    import asyncio

    from socialtui.ui.widgets.thread_view import ThreadView
    from tests.functional.conftest import wait_until

    app = many_conversations(tmp_path, "half-page")
    async with app.run_test(size=(100, 24)) as pilot:
        await pilot.pause(0.2)
        view, thread = app.screen.query_one(QueueView), app.screen.query_one(ThreadView)
        shown = []
        original = thread.show
        thread.show = lambda conversation, **kw: (shown.append(conversation.id), original(conversation, **kw))
        for _ in range(8):  # a key repeat every 20 ms, shorter than the resting delay
            view.action_cursor_down()
            await asyncio.sleep(0.02)
        assert shown == []
        assert await wait_until(pilot, lambda: shown)
        await pilot.pause(0.2)
        assert shown == [view.current.id] and view.cursor == 8
