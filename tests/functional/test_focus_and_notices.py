"""Pilot tests of what tells the user where they are: the cursor after a bulk action, the
focused pane without colour, the footer per pane, notices and esc, undo after a send."""

from __future__ import annotations

import pytest

from socialtui.queue import thanks_row
from socialtui.ui.screens.dialogs import ConfirmScreen
from socialtui.ui.widgets.queue_view import QueueView
from tests.functional.conftest import open_palette, screen_text


def queue(app) -> QueueView:
    return app.screen.query_one(QueueView)


async def _done_thanks(pilot) -> None:
    await open_palette(pilot, "only says thanks")
    await pilot.press("enter")
    await pilot.pause(0.3)
    assert isinstance(pilot.app.screen, ConfirmScreen)
    await pilot.press("y")
    await pilot.pause(0.5)


def _visible_rows(app) -> list[str]:
    """The ids of the queue rows on screen, top to bottom."""
    q = queue(app)
    top = q.scroll_offset.y
    return [r.id for r in q.rows[top:top + q.size.height]]


async def test_marking_every_thx_row_done_keeps_the_cursor_on_its_conversation(app_factory):
    """The palette's bulk done: the conversation under the cursor, not itself marked, stays selected
    (rows above it left, so its row number changed) and stays on screen."""
    app = app_factory()
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        q, account = queue(app), app.workspace.account
        rows = q.rows
        # a conversation that is not thx, with thx rows above it, further down than one screen
        index = next(i for i, r in enumerate(rows) if i > q.size.height and not thanks_row(r, account)
                     and sum(thanks_row(x, account) for x in rows[:i]) >= 3)
        q.cursor = index
        await pilot.pause(0.2)
        cid = q.current.id
        await _done_thanks(pilot)
        assert queue(app).current.id == cid
        assert cid in _visible_rows(app)
        assert f"row {queue(app).cursor + 1}/" in screen_text(app)


async def test_marking_every_thx_row_done_from_a_thx_row_goes_on_to_the_next_row(app_factory):
    """On a thx row itself, the cursor goes on to the conversation that followed it (as after e)."""
    app = app_factory()
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        q, account = queue(app), app.workspace.account
        rows = q.rows
        index = next(i for i, r in enumerate(rows) if i > 3 and thanks_row(r, account)
                     and sum(thanks_row(x, account) for x in rows[:i]) >= 2)
        following = next(r.id for r in rows[index + 1:] if not thanks_row(r, account))
        q.cursor = index
        await pilot.pause(0.2)
        await _done_thanks(pilot)
        assert queue(app).current.id == following
        assert following in _visible_rows(app)


def _screen_cells(app, region):
    """(text, style) of every cell run inside ``region`` on the screen, line by line."""
    strips = app.screen._compositor.render_strips()
    out = []
    for y in range(region.y, region.bottom):
        line = strips[y].crop(region.x, region.right)
        out.append([(seg.text, seg.style) for seg in line if seg.text])
    return out


async def test_without_colour_the_focused_pane_is_marked(app_factory, monkeypatch):
    """NO_COLOR: the selected row is in reverse video only while the queue has the keys; with the
    thread focused, the thread has a bar down its left edge and the row is underlined instead."""
    monkeypatch.setenv("NO_COLOR", "1")
    from socialtui.ui.widgets.thread_view import ThreadView

    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.3)
        q = queue(app)
        thread = app.screen.query_one(ThreadView)

        def cursor_line():
            """The selected row's handle and preview (its tier mark has a style of its own)."""
            cells = _screen_cells(app, q.region)[q.cursor - q.scroll_offset.y]
            start = next(i for i, (text, _) in enumerate(cells) if "@" in text)
            return cells[start:]

        def thread_bar() -> bool:
            return all(cells and cells[0][0].startswith("▊") for cells in _screen_cells(app, thread.region))

        assert q.has_focus
        assert all(style is not None and style.reverse for text, style in cursor_line() if text.strip())
        assert not thread_bar()
        await pilot.press("enter")  # open: the thread gets the keys
        await pilot.pause(0.3)
        assert thread.has_focus
        assert thread_bar()
        line = cursor_line()
        assert not any(style is not None and style.reverse for text, style in line if text.strip())
        assert all(style is not None and style.underline for text, style in line if text.strip())
        await pilot.press("escape")
        await pilot.pause(0.3)
        assert q.has_focus and not thread_bar()
        assert all(style is not None and style.reverse for text, style in cursor_line() if text.strip())


def _footer(app) -> str:
    lines = screen_text(app).splitlines()
    return lines[app.screen.query_one("Footer").region.y]


async def test_the_footer_shows_the_keys_of_the_focused_pane(app_factory):
    """Queue: open; thread: no open; health rules: enter explains the rule (the rule list's own,
    hidden enter had left it out); composer: send and close, not the queue's letters."""
    app = app_factory()
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause(0.3)
        assert "Open" in _footer(app) and "Reply" in _footer(app)
        await pilot.press("enter")
        await pilot.pause(0.2)
        assert "Open" not in _footer(app) and "Reply" in _footer(app)
        await pilot.press("escape", "H")
        await pilot.pause(0.2)
        assert "Explain rule" in _footer(app)
        await pilot.press("escape", "r")
        await pilot.pause(0.2)
        footer = _footer(app)
        assert "Send" in footer and "Close composer" in footer and "Done" not in footer and "Explain" not in footer


async def test_the_health_view_of_a_narrow_terminal_shows_its_own_keys(app_factory):
    """80x24: h puts the health rules over the queue. The footer names what works there (enter
    explains, h closes), not the conversation keys that cannot act on a queue out of sight."""
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.3)
        await pilot.press("h")
        await pilot.pause(0.3)
        footer = _footer(app)
        assert "Explain rule" in footer and "Health" in footer, footer
        assert "Reply" not in footer and "Done" not in footer and "Snooze" not in footer, footer
        await pilot.press("e")  # a conversation key still says why it does nothing here
        await pilot.pause(0.2)
        assert any("covers the queue" in n.message for n in app._notifications)
        await pilot.press("h")
        await pilot.pause(0.3)
        assert "Reply" in _footer(app) and "Explain rule" not in _footer(app)


async def test_esc_on_the_queue_dismisses_the_notices(app_factory):
    """Esc steps back first (thread to queue: the notice stays); on the queue, with nothing left
    to step back from, it dismisses the notices instead of leaving them over the thread."""
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.3)

        def toasts() -> list[str]:  # (run_test draws no toasts: the notices they would show)
            return [n.message for n in app._notifications]

        q = queue(app)
        q.cursor = next(i for i, r in enumerate(q.rows) if r.tier == "past-sla")
        await pilot.pause(0.2)
        await pilot.press("e")
        await pilot.pause(0.3)
        assert any("to undo" in t for t in toasts())
        await pilot.press("enter")  # into the thread
        await pilot.pause(0.2)
        await pilot.press("escape")  # back to the queue: the notice is still there
        await pilot.pause(0.2)
        assert queue(app).has_focus and any("to undo" in t for t in toasts())
        await pilot.press("escape")
        await pilot.pause(0.5)
        assert not toasts()
        await pilot.press("question_mark")
        await pilot.pause(0.2)
        assert "dismiss" in app.screen.body_text  # the help names it


async def test_u_right_after_a_send_says_the_reply_stays_sent_before_it_undoes_anything(app_factory):
    """A sent reply cannot be taken back. The notice says so; u right after it does not quietly
    undo an older change somewhere else (the done before the reply) as if that were the send:
    it says why, and a second u undoes that change."""
    app = app_factory()
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause(0.3)
        q = queue(app)
        past = [i for i, r in enumerate(q.rows) if r.tier == "past-sla" and not thanks_row(r, app.workspace.account)]
        q.cursor = past[0]
        await pilot.pause(0.2)
        done_id = q.current.id
        await pilot.press("e")  # done: the cursor goes on to the next conversation
        await pilot.pause(0.3)
        answered = queue(app).current.id
        await pilot.press("r", *"Your parcel left today, tracking is in the email.", "ctrl+s")
        await pilot.pause(0.3)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause(0.5)
        sent_notice = list(app._notifications)[-1]
        assert f"sent in {answered}" in sent_notice.message and "cannot be undone" in sent_notice.message
        await pilot.press("u")
        await pilot.pause(0.3)
        assert app.workspace.state(done_id).status == "done"  # not undone behind the agent's back
        told = list(app._notifications)[-1].message
        assert "cannot be undone" in told and f"u again undoes your last change, in {done_id}" in told, told
        await pilot.press("u")
        await pilot.pause(0.3)
        assert app.workspace.state(done_id).status == "open"
        assert queue(app).current.id == done_id


def _contrast_of(app, wanted: str) -> list[float]:
    """WCAG contrast of every drawn run of text containing ``wanted``, with the colours the
    terminal gets (the app's line filters applied: dim becomes a colour)."""
    from textual.color import Color

    from socialtui.ui.widgets.queue_view import _contrast

    background = Color.parse(app.current_theme.background)
    found = []
    for strip in app.screen._compositor.render_strips():
        segments = list(strip)
        for line_filter in app._filters:
            if line_filter.enabled:
                segments = line_filter.apply(segments, background)
        for seg in segments:
            if wanted in seg.text and seg.style is not None and seg.style.color and seg.style.bgcolor:
                fg, bg = seg.style.color, seg.style.bgcolor
                found.append(_contrast(bg, fg) if not seg.style.reverse else _contrast(fg, bg))
    return found


async def test_high_contrast_headings_and_placeholders_reach_wcag_aa(app_factory, monkeypatch):
    """The sidebar's category headings and a prompt's placeholder are drawn in Textual's
    "disabled text" colour: 38 % white, 3.3:1 on black in the high-contrast theme."""
    monkeypatch.delenv("NO_COLOR", raising=False)
    app = app_factory(theme="high-contrast")
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause(0.3)
        for heading in ("Security", "Responsiveness"):
            ratios = _contrast_of(app, heading)
            assert ratios and min(ratios) >= 4.5, (heading, ratios)
        await pilot.press("H")  # focused, the list's background changes
        await pilot.pause(0.2)
        ratios = _contrast_of(app, "Security")
        assert ratios and min(ratios) >= 4.5, ratios
        await pilot.press("escape", "slash")
        await pilot.pause(0.3)
        ratios = _contrast_of(app, "Lieferung")  # the search prompt's placeholder
        assert ratios and min(ratios) >= 4.5, ratios


async def test_c_in_the_health_view_of_a_narrow_terminal_opens_a_composer_you_can_see(app_factory):
    """80x24: the health view covers the queue, the thread and the composer. c (a new post needs
    no conversation) closes it first: it opened the composer out of sight and took the keys."""
    from socialtui.ui.widgets.composer import Composer

    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.3)
        await pilot.press("h")
        await pilot.pause(0.3)
        await pilot.press("c")
        await pilot.pause(0.3)
        composer = app.screen.query_one(Composer)
        assert composer.is_open and not app.screen.has_class("-sidebar")
        assert composer.region.height > 0 and "New top-level post" in screen_text(app)


@pytest.mark.parametrize("size", [(80, 24), (160, 48)])
async def test_tab_from_an_open_reply_goes_to_its_thread_and_its_letters_do_not_act(app_factory, size):
    """Tab out of the composer left it on screen with the queue's keys live: the next word typed
    marked the conversation done ("e") or opened prompts. With a reply open, tab goes between the
    reply and its thread only, and the letter keys say the reply is open instead of acting."""
    from textual.widgets import TextArea

    from socialtui.ui.widgets.composer import Composer
    from socialtui.ui.widgets.thread_view import ThreadView

    app = app_factory()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        cid = app.screen.current.id
        await pilot.press("r", *"abc", "tab")
        await pilot.pause()
        composer = app.screen.query_one(Composer)
        assert isinstance(app.screen.focused, ThreadView)
        await pilot.press(*"def", "x", "a", "s", "t", "q")
        await pilot.pause()
        assert composer.is_open and composer.conversation_id == cid and app.is_running
        assert not app.workspace.store.workflow(app.workspace.scope).conversations  # nothing marked
        assert type(app.screen).__name__ == "MainScreen"  # no prompt opened
        assert any("A reply is open" in n.message for n in app._notifications)
        footer = screen_text(app).splitlines()[-1]
        assert " Done" not in footer and "Escalate" not in footer
        await pilot.press("question_mark")  # help still opens over it (and the checklist, !)
        await pilot.pause()
        assert type(app.screen).__name__ == "InfoScreen"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen.focused, ThreadView) and composer.is_open
        await pilot.press("escape")  # from the thread it answers, esc goes back to the reply
        await pilot.pause()
        assert isinstance(app.screen.focused, TextArea) and composer.is_open
        await pilot.press("tab")
        await pilot.pause()
        assert isinstance(app.screen.focused, ThreadView)
        await pilot.press("tab")
        await pilot.pause()
        assert isinstance(app.screen.focused, TextArea)
        await pilot.press(*"ghi")
        assert composer.text.endswith("abcghi")
        await pilot.press("shift+tab", "shift+tab")
        assert isinstance(app.screen.focused, TextArea)
        await pilot.press("escape")  # closed: the keys act again
        await pilot.pause()
        assert not composer.is_open
        app.screen.queue_view.focus()
        await pilot.press("e")
        await pilot.pause()
        assert app.workspace.state(cid).status == "done"


@pytest.mark.parametrize("size, below", [((80, 24), 3), ((160, 48), 2)])
async def test_a_notice_leaves_the_status_line_readable(app_factory, size, below):
    """Right after an action its changed counts are read: the notice sat on top of them
    ("144 waiting · 138 past SLA ● · evidenc▌ cannot be undone here")."""
    app = app_factory()
    async with app.run_test(size=size, notifications=True) as pilot:
        await pilot.pause()
        status = screen_text(app).splitlines()[-2]
        await pilot.press("j", "e")
        await pilot.pause(0.5)
        assert app._notifications, "no notice to look at"
        lines = screen_text(app).splitlines()
        assert "Marked" in "\n".join(lines[:-below])  # the notice, above the bottom lines
        assert lines[-2].split("·")[0].strip().endswith("waiting"), lines[-2]
        # nothing of the notice (its edge ▌, its words) on the status line or the health summary
        assert not any("▌" in line or "undo" in line for line in lines[-below:-1]), lines[-below:]
        assert lines[-2].split("·")[:2] == status.split("·")[:2]  # (a hijack report: the counts stay)


async def test_a_notice_shows_once_when_a_dialog_opens_over_it(app_factory):
    """Every screen draws the notices: at another height than the main screen's they showed twice,
    one copy over the status line."""
    app = app_factory()
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("j", "e")
        await pilot.pause(0.3)
        await pilot.press("question_mark")
        await pilot.pause(0.5)
        text = screen_text(app)
        assert text.count("Marked ") == 1, text
        assert "Marked" not in "\n".join(text.splitlines()[-3:])


async def test_the_footer_has_the_queue_keys_again_once_a_reply_closes_out_of_focus(app_factory):
    app = app_factory()
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        await pilot.press("r", *"abc", "tab")
        await pilot.pause()
        app.screen.queue_view.focus()  # (a click on the queue)
        await pilot.pause()
        assert " Done" not in screen_text(app).splitlines()[-1]
        await pilot.press("j")  # another conversation: the reply closes, its draft kept
        await pilot.pause()
        assert not app.screen.composer.is_open
        assert " Done" in screen_text(app).splitlines()[-1]


async def test_a_palette_command_that_cannot_act_says_why_and_quit_quits(app_factory):
    """With a reply open, "Mark done" from the palette closed it and did nothing, without a word;
    "Quit" from the thread only went back to the queue."""
    app = app_factory()
    async with app.run_test(size=(160, 48), notifications=True) as pilot:
        await pilot.pause()
        cid = app.screen.current.id
        await pilot.press("r", *"abc")
        await open_palette(pilot, "Mark done")
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert app.workspace.state(cid).status == "open"
        assert any("A reply is open" in n.message for n in app._notifications)
        await pilot.press("tab")  # the thread
        await open_palette(pilot, "Quit")
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert not app.is_running
    assert app.workspace.draft(cid).endswith("abc")  # (kept)
