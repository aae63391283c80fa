"""Pilot tests: press keys like a person, then check what the app did and shows."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.widgets import Static

from socialtui.ui.screens.checklist import ChecklistScreen
from socialtui.ui.screens.dialogs import ConfirmScreen, InfoScreen
from socialtui.ui.widgets.composer import Composer
from socialtui.ui.widgets.queue_view import QueueView
from tests.conftest import AS_OF
from tests.functional.conftest import open_palette, screen_text, wait_until


def thread_text(app) -> str:
    body = app.screen.query_one("#thread-body", Static).content
    return body.plain if isinstance(body, Text) else str(body)


def queue(app) -> QueueView:
    return app.screen.query_one(QueueView)


async def test_navigate_and_see_thread(app_factory):
    app = app_factory()
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        q = queue(app)
        assert q.cursor == 0 and q.current.tier == "hijack-report"
        await pilot.press("j", "j", "k")
        await pilot.pause(0.1)
        assert q.cursor == 1
        assert f"[{q.current.conversation.messages[0].id}]" in thread_text(app)
        await pilot.press("G")
        assert q.cursor == len(q.rows) - 1
        await pilot.press("g")
        assert q.cursor == 0


async def test_keys_typed_ahead_open_the_composer_on_the_row_they_reached(app_factory):
    """j j r arriving in one burst (a fast typist, or keys bunched up over SSH): the composer
    opens on the row the cursor reached and stays open, whatever order the highlights land in."""
    from textual import events

    app = app_factory()
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        for key in ("j", "j", "r"):  # straight to the driver, no idle wait between them
            app._driver.send_message(events.Key(key, None))
        await pilot.pause(0.3)
        composer = app.screen.query_one(Composer)
        assert queue(app).cursor == 2
        assert composer.is_open and composer.conversation_id == queue(app).current.id
        await pilot.press(*"thanks")
        assert "thanks" in composer.text and queue(app).cursor == 2  # typed into the reply, not as keys


async def test_text_typed_right_after_r_goes_into_the_reply_not_to_the_queue(app_factory):
    from textual import events

    app = app_factory()
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        first = queue(app).current.id
        for key in ("r", "e", "x", "a"):  # r, then "exa" before the composer had focus: not done/escalate/assign
            app._driver.send_message(events.Key(key, key))
        await pilot.pause(0.3)
        composer = app.screen.query_one(Composer)
        assert composer.is_open and composer.text.endswith("exa")
        assert not app.workspace.store.workflow(app.workspace.scope).conversations  # nothing marked
        assert queue(app).current.id == first
        assert type(app.screen).__name__ == "MainScreen"  # x did not open the escalate prompt, nor a the assign one


async def test_a_search_typed_in_one_burst_is_applied(app_factory):
    from textual import events

    app = app_factory()
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        for key, char in [("slash", "/"), *[(c, c) for c in "refund"], ("enter", "\r")]:
            app._driver.send_message(events.Key(key, char))
        await pilot.pause(0.5)
        screen = app.screen
        assert screen.search_query == "refund" and screen.search_ids
        assert not app.workspace.store.workflow(app.workspace.scope).conversations  # e, f, d ran nothing


async def test_reply_confirm_send_moves_conversation_and_updates_sidebar(app_factory):
    app = app_factory()
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        q = queue(app)
        past = next(i for i, r in enumerate(q.rows) if r.tier == "past-sla")
        q.cursor = past
        cid = q.current.id
        before = app.workspace.health().get("RSP001").figure
        await pilot.press("r")
        composer = app.screen.query_one(Composer)
        assert composer.is_open and composer.text.startswith("@")
        await pilot.press(*"Your parcel left today, tracking is in the email.")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
        row = next(r for r in queue(app).rows if r.id == cid)
        assert row.tier == "answered"
        assert app.workspace.health().get("RSP001").figure == before - 1
        sent = app.workspace.store.sent_messages(app.workspace.scope)
        assert sent and sent[0].text.endswith("^DK")  # the agent's signature was added


async def test_live_lint_flags_a_german_deflection(app_factory):
    app = app_factory()
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        q = queue(app)
        q.cursor = next(i for i, r in enumerate(q.rows) if r.tier == "past-sla")
        await pilot.press("r")
        await pilot.press(*"Bitte wenden Sie sich an unsere Hotline.")
        await pilot.pause(0.4)
        lint = app.screen.query_one("#composer-lint", Static).content.plain
        assert "L001" in lint and "characters left" in lint


async def test_done_and_undo(app_factory):
    app = app_factory()
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        q = queue(app)
        q.cursor = next(i for i, r in enumerate(q.rows) if r.tier == "past-sla")
        cid = q.current.id
        await pilot.press("e")
        await pilot.pause()
        assert next(r for r in queue(app).rows if r.id == cid).tier == "done"
        await pilot.press("u")
        await pilot.pause()
        assert next(r for r in queue(app).rows if r.id == cid).tier == "past-sla"


async def test_snooze_for_an_hour(app_factory):
    app = app_factory()
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        q = queue(app)
        q.cursor = next(i for i, r in enumerate(q.rows) if r.tier == "past-sla")
        cid = q.current.id
        await pilot.press("s")
        await pilot.pause()
        await pilot.press("enter")  # first choice: 1 hour
        await pilot.pause()
        row = next(r for r in queue(app).rows if r.id == cid)
        assert row.tier == "snoozed"
        assert app.workspace.state(cid).until == AS_OF.replace(hour=19)


async def test_jump_from_rule_to_evidence(app_factory):
    app = app_factory()
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        app.screen.show_rule("DFL002")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        first = app.workspace.health().get("DFL002").evidence[0]  # (a message: the deflecting reply)
        assert queue(app).current.id == app.workspace.snapshot().conversation_of[first]


async def test_search_filters_queue(app_factory):
    app = app_factory()
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        queue(app).cursor = 40  # far down the queue: the results start from their first row anyway
        await pilot.press("slash")
        await pilot.press(*"Lieferung")
        await pilot.press("enter")
        await pilot.pause()
        rows = queue(app).rows
        assert rows and all(any("lieferung" in m.text.lower() for m in r.conversation.messages) for r in rows)
        assert len(rows) > 1 and queue(app).cursor == 0
        await pilot.press("escape")
        await pilot.pause()
        assert len(queue(app).rows) > len(rows)


async def test_help_lists_live_bindings(app_factory):
    app = app_factory()
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, InfoScreen)
        text = _rendered(app.screen.body, 160)
        assert "Reply" in text and "conv.reply" in text and "Snooze" in text
        assert "Page Left" not in text and "Scroll Left" not in text  # Textual's own, not the app's keys
        # In an 80-column dialog a long description wraps under itself: the key column stays
        # empty on its second line, and the binding's id stays on the key's line.
        narrow = _rendered(app.screen.body, 66).splitlines()
        back = next(i for i, line in enumerate(narrow) if line.startswith("esc ") and "Back" in line)
        under = narrow[back].index("Back")  # (the key column is as wide as its longest key)
        assert under < 17, narrow[back]
        assert "(app.back)" in narrow[back] and narrow[back + 1][:under].isspace() \
            and narrow[back + 1][under:].startswith("notices)"), narrow[back:back + 2]
        assert not any(line.lstrip().startswith("(") for line in narrow), narrow
        # A narrower dialog (a 60-column terminal) has no room for an id column: each id follows
        # its description, which keeps its width instead of a word a line.
        slim = _rendered(app.screen.body, 54).splitlines()
        assert any(line.startswith("r ") and "Reply (conv.reply)" in line for line in slim), slim
        back = next(i for i, line in enumerate(slim) if line.startswith("esc ") and "Back" in line)
        assert "Back (on the queue: dismiss notices)" in slim[back], slim[back:back + 2]
        # every marker a queue row can show is in the legend, the words in the wait column too
        for marker in ("⚠", "●", "◐", "○", "↑", "z", "↩", "✓", "hijack", "replied", "⚠@name", "DM", "✎", "thx"):
            assert any(line.startswith(marker + " ") for line in text.splitlines()), marker


def _rendered(renderable, width: int) -> str:
    import io

    from rich.console import Console

    console = Console(width=width, file=io.StringIO(), record=True, color_system=None)
    console.print(renderable)
    return console.export_text()


async def test_command_palette_runs_an_action(app_factory):
    app = app_factory()
    async with app.run_test(size=(160, 48)) as pilot:
        await open_palette(pilot, "Security checklist")
        await pilot.press("enter")
        await pilot.pause(0.5)
        assert isinstance(app.screen, ChecklistScreen)
        assert "Revoke every session" in app.screen.body_text


async def test_the_palette_shows_each_commands_key_and_offers_our_themes(app_factory):
    """Each entry names the key that does the same (the palette teaches shortcuts); "theme" lists
    the app's themes (themes/*.toml), not Textual's own, and picking one switches to it."""
    app = app_factory()
    app.config_path = Path("/home/dana/.config/socialtui/config.toml")
    async with app.run_test(size=(160, 48), notifications=True) as pilot:
        await open_palette(pilot, "Reply to the selected")
        assert "key: r" in screen_text(app)
        await pilot.press(*["backspace"] * len("Reply to the selected"), *"Search text")
        await pilot.pause(0.5)
        assert "key: /" in screen_text(app) and "slash" not in screen_text(app)  # as the footer names it
        await pilot.press(*["backspace"] * len("Search text"), *"theme")
        await pilot.pause(0.5)
        shown = screen_text(app)
        assert "Theme: high-contrast" in shown and "Theme: light" in shown
        assert "dracula" not in shown and "catppuccin" not in shown
        await pilot.press(*": light", "enter")
        await pilot.pause(0.5)
        assert app.theme == app.own_themes["light"].name
        # (it lasts for this session, and the toast says how to keep it)
        assert any('put theme = "light" at the top of /home/dana/.config/socialtui/config.toml' in n.message
                   for n in app._notifications)


async def test_every_part_of_a_queue_row_has_the_themes_colours(app_factory):
    """The handle column had no style of its own: drawn in the terminal's default colours, it
    showed as a dark patch in the light theme on a dark terminal (and the reverse)."""
    app = app_factory(theme="light")
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        view = queue(app)
        for y in (1, 2):  # rows that are not the cursor's
            segments = [seg for seg in view.render_line(y) if seg.text.strip()]
            assert segments and all(seg.style is not None and seg.style.bgcolor is not None for seg in segments)


async def test_a_rule_without_enough_data_says_why_in_the_sidebar(app_factory):
    """n/a alone told nothing: the sidebar says what is missing (the rule screen has all of it)."""
    from textual.widgets import OptionList

    from tests.conftest import FIXTURES

    app = app_factory(dataset=FIXTURES / "hostile" / "valid")
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        report = app.screen.report
        na = next(v for v in report.rules if v.verdict == "n/a" and v.figure is None)
        options = app.screen.query_one("#health-rules", OptionList)
        figure = options.get_option(na.code).figure.plain
        assert figure.strip() == na.reason[:41].strip() or na.reason[:30] in figure


async def test_remapped_key(app_factory):
    app = app_factory(keymap={"queue.down": "ctrl+n,down"})
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        queue(app).focus()
        await pilot.press("ctrl+n")
        assert queue(app).cursor == 1
        await pilot.press("j")  # no longer its key
        assert queue(app).cursor == 1


async def test_80x24_collapses_sidebar_to_summary(app_factory):
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.screen.has_class("-narrow")
        summary = app.screen.query_one("#health-summary", Static)
        assert summary.display and summary.content.plain.startswith("Health ✗ FAIL")
        assert "h: open · ?: all keys" in screen_text(app)  # the help key, which the footer cannot fit
        assert not app.screen.query_one("#health").display
        # at 80 columns the failing codes and the key to press are both on screen
        assert "SECURITY ALERT: SEC001 SEC002 SEC003 SEC004 failing · press !: checklist" in screen_text(app)
        await pilot.press("h")
        await pilot.pause()
        assert app.screen.query_one("#health").display and not summary.display
        assert app.screen.query_one("#health").region.width == 80  # the whole width (it kept 46 columns)


async def test_hostile_text_is_shown_literally(tmp_path):
    from tests.conftest import FIXTURES
    from tests.functional.conftest import make_app

    app = make_app(tmp_path, dataset=FIXTURES / "hostile" / "valid", agent=None)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        q = queue(app)
        assert q.select_id("h-click")
        await pilot.pause(0.1)
        assert "[@click=app.quit]press me[/]" in thread_text(app)
        assert "[@click=app.quit]press me[/]" in screen_text(app)  # rendered literally, not run as markup
        await pilot.click("#thread", offset=(10, 8))  # clicking the text runs nothing
        for cid in ("h-close", "h-open", "h-osc52", "h-big", "h-lines", "h-links", "h-chain-0"):
            assert q.select_id(cid), cid
            await pilot.pause(0.1)
            assert "\x1b" not in screen_text(app)
        assert app.is_running
        assert "\x1b" not in thread_text(app)


async def test_suspicious_link_needs_and_gets_confirmation(app_factory):
    app = app_factory()
    async with app.run_test(size=(160, 48), notifications=True) as pilot:
        await pilot.pause()
        q = queue(app)
        q.cursor = next(i for i, r in enumerate(q.rows) if r.tier == "past-sla")
        cid = q.current.id
        await pilot.press("r")
        await pilot.press(*"See https://bit.ly/k7-help for the steps")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen) and "suspicious link" in app.screen.title_text
        assert "Y (shift+y) = send anyway   n / esc = back" in screen_text(app)
        footer = screen_text(app).splitlines()[-1]
        assert "Y Send anyway" in footer and "y Yes" not in footer  # (y does not send here)
        await pilot.press("y")  # not enough for a blocking finding
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        # (said in the dialog, not in a toast over it)
        assert "y is not enough here: press Y (shift+y) to send it anyway" in screen_text(app)
        assert not app._notifications
        await pilot.press("Y")
        await pilot.pause()
        assert next(r for r in queue(app).rows if r.id == cid).tier == "answered"


async def test_long_thread_paints_its_newest_messages_first_then_the_whole_thread(tmp_path):
    from socialtui.store import Store
    from socialtui.ui.app import SocialApp
    from socialtui.ui.widgets.thread_view import FIRST_PAINT_MESSAGES
    from socialtui.workspace import Workspace
    from tests.builders import NOW, at, dataset, msg

    n = FIRST_PAINT_MESSAGES + 20
    msgs = [msg("mention" if i == 0 else "reply", "in" if i % 2 == 0 else "out", f"message number {i}",
                id=f"long-{i}", in_reply_to=None if i == 0 else f"long-{i - 1}", when=at(minutes_ago=10 * (n - i)))
            for i in range(n)]
    ws = Workspace(dataset(msgs), Store(tmp_path / "data"), "demo:brand", now_fn=lambda: NOW)
    ws.add_note("long-0", "early internal note")
    app = SocialApp(ws, source_label="test")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        first = thread_text(app)  # the first paint may be either step; after a pause it is whole
        await pilot.pause(0.2)
        whole = thread_text(app)
        assert "[long-0]" in whole and f"[long-{n - 1}]" in whole and "early internal note" in whole
        assert "(loading)" not in whole and "not shown" not in whole
        assert f"[long-{n - 1}]" in first


def test_first_paint_of_a_long_thread_shows_the_newest_messages_and_says_more_are_coming():
    from socialtui.ui.widgets.thread_view import render_thread
    from tests.builders import NOW, account, at, dataset, msg

    msgs = [msg("mention" if i == 0 else "reply", "in", f"m{i}", id=f"x{i}", in_reply_to=None if i == 0 else f"x{i - 1}",
                when=at(minutes_ago=100 - i)) for i in range(50)]
    conv = dataset(msgs).snapshot(NOW).conversations["x0"]
    note = {"at": at(minutes_ago=100).isoformat(), "author": "Dana", "text": "old note"}
    text = render_thread(conv, now=NOW, account=account(), notes=[note], limit=10).plain
    assert "… 40 earlier messages (loading)" in text
    assert "[x49]" in text and "[x39]" not in text and "old note" not in text
    full = render_thread(conv, now=NOW, account=account(), notes=[note]).plain
    assert "[x0]" in full and "old note" in full and "loading" not in full


async def test_large_account_health_runs_in_a_worker_and_a_clock_tick_does_not_rerun_it(tmp_path, monkeypatch):
    from datetime import timedelta

    from socialtui.sources.dataset_dir import load_dataset
    from socialtui.store import Store
    from socialtui.ui.app import SocialApp
    from socialtui.ui.screens import main as main_screen
    from socialtui.workspace import Workspace
    from tests.conftest import KESTREL

    monkeypatch.setattr(main_screen, "SYNC_HEALTH_LIMIT", 0)  # treat the demo like a million-message account
    clock = [AS_OF]
    ws = Workspace(load_dataset(KESTREL), Store(tmp_path / "data"), "demo:kestrelmobile", now_fn=lambda: clock[0])
    runs = []
    health = ws.health
    monkeypatch.setattr(ws, "health", lambda: runs.append(1) or health())
    # Each freeze also keeps for good what is alive then and dies later in a cycle (Textual's restyles
    # leave such garbage): measured 0.35 MB a freeze, two per done or undo, for as long as the app ran.
    import gc

    freezes = []
    monkeypatch.setattr(gc, "freeze", lambda freeze=gc.freeze: freezes.append(1) or freeze())
    app = SocialApp(ws, source_label="test")
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_until(pilot, lambda: app.screen.report is not None and "FAIL" in screen_text(app))
        assert app.screen.report is not None and len(runs) == 1
        assert "FAIL" in screen_text(app)  # the sidebar shows the worker's verdicts (painted after the report lands)
        clock[0] += timedelta(minutes=2)
        app.screen._tick()
        await pilot.pause(0.3)
        assert len(runs) == 1  # only the clock moved: the figures stay
        waiting = app.screen.report.get("RSP001").figure
        await wait_until(pilot, lambda: not any(w.is_running for w in app.workers))
        assert freezes  # (the full evaluation's many facts are frozen out of the collector's walks)
        freezes.clear()
        queue(app).cursor = next(i for i, r in enumerate(queue(app).rows) if r.tier == "past-sla")
        await pilot.press("e")  # a workflow change: the rules reading the workflow run again, at once
        await wait_until(pilot, lambda: app.screen.report.get("RSP001").figure == waiting - 1)
        assert len(runs) == 1  # the others keep their verdicts: no full evaluation of the messages
        assert f"{waiting - 1} conversations wait past" in app.screen.report.get("RSP001").reason
        assert not freezes, "a done froze the collector's young objects (and the UI's dying ones) again"
        clock[0] += timedelta(minutes=6)  # later than HEALTH_EVERY after the full evaluation
        app.screen._tick()
        await wait_until(pilot, lambda: len(runs) == 2)
        assert app.screen.report.now == clock[0]  # all of it evaluated at the new time
        assert freezes  # (a full evaluation's many facts are frozen out of the collector's walks)


async def test_a_large_account_indexes_the_weeks_replies_before_the_composer_needs_them(tmp_path, monkeypatch):
    """Built on the first keystroke, the L003 index held a million-message account's screen for
    seconds: the health worker builds it once the sidebar is filled, and typing uses it."""
    import socialtui.lint as lint
    from socialtui.sources.dataset_dir import load_dataset
    from socialtui.store import Store
    from socialtui.ui.app import SocialApp
    from socialtui.ui.screens import main as main_screen
    from socialtui.workspace import Workspace
    from tests.conftest import KESTREL

    monkeypatch.setattr(main_screen, "SYNC_HEALTH_LIMIT", 0)
    ws = Workspace(load_dataset(KESTREL), Store(tmp_path / "data"), "demo:kestrelmobile", now_fn=lambda: AS_OF)
    builds = []
    build = lint.build_reply_index
    monkeypatch.setattr(lint, "build_reply_index", lambda snap, reuse=None: builds.append(1) or build(snap, reuse))
    app = SocialApp(ws, source_label="test")
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_until(pilot, lambda: app.screen.report is not None and builds)
        await wait_until(pilot, lambda: not any(w.is_running for w in app.workers))
        assert len(builds) == 1  # by the worker, nobody typed yet
        queue(app).cursor = next(i for i, r in enumerate(queue(app).rows) if r.tier == "past-sla")
        await pilot.press("r", *"Thanks for reaching out! We are looking into it.")
        await pilot.pause(0.6)  # the lint's resting delay
        assert len(builds) == 1 and app.screen.composer.is_open


def _held_large_kestrel(tmp_path, monkeypatch, *, seed: bool = False):
    """Kestrel treated as a million-message account whose threading waits for ``release``.

    With ``seed`` a previous session's queue seed is saved first; returns (app, ws, release,
    that session's queue ids)."""
    import threading

    from socialtui.queue_seed import save_seed
    from socialtui.sources.dataset_dir import load_dataset
    from socialtui.store import Store
    from socialtui.ui.app import SocialApp
    from socialtui.ui.screens import main as main_screen
    from socialtui.workspace import Workspace
    from tests.conftest import KESTREL

    monkeypatch.setattr(main_screen, "SYNC_HEALTH_LIMIT", 0)
    store = Store(tmp_path / "data")
    expected = []
    if seed:
        earlier = Workspace(load_dataset(KESTREL), store, "demo:kestrelmobile", now_fn=lambda: AS_OF)
        expected = [r.id for r in earlier.queue()]
        save_seed(earlier)  # what the last session left
    ws = Workspace(load_dataset(KESTREL), store, "demo:kestrelmobile", now_fn=lambda: AS_OF)
    release = threading.Event()
    build = ws.queue
    monkeypatch.setattr(ws, "queue", lambda: release.wait(10) and build())
    return SocialApp(ws, source_label="test"), ws, release, expected


async def test_a_large_account_paints_at_once_and_fills_the_queue_when_threaded(tmp_path, monkeypatch):
    app, ws, release, _ = _held_large_kestrel(tmp_path, monkeypatch)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause(0.2)
        assert "Loading" in thread_text(app) and "messages" in thread_text(app)
        await pilot.press("e", "r", "s")  # nothing to act on yet: ignored, no crash, nothing stored
        assert not queue(app).rows and not ws.store.workflow(ws.scope).conversations
        release.set()
        await wait_until(pilot, lambda: queue(app).rows)
        assert queue(app).rows[0].tier == "hijack-report"
        await pilot.press("e")  # keys work once the queue is there
        await pilot.pause()
        assert ws.store.workflow(ws.scope).conversations


async def test_a_large_account_starts_with_the_last_sessions_queue_while_it_loads(tmp_path, monkeypatch):
    app, ws, release, expected = _held_large_kestrel(tmp_path, monkeypatch, seed=True)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause(0.2)
        assert [r.id for r in queue(app).rows] == expected  # painted before any threading
        await pilot.press("j", "j")  # moving is fine; the thread says it is loading
        await pilot.pause(0.2)
        assert queue(app).cursor == 2 and "Loading" in thread_text(app)
        release.set()
        await wait_until(pilot, lambda: not app.screen._loading)
        await pilot.pause(0.2)
        assert queue(app).cursor == 2 and queue(app).current.id == expected[2]  # same place, real rows now
        assert f"[{queue(app).current.conversation.messages[0].id}]" in thread_text(app)


def _stored_unread_kestrel(tmp_path, *, seed: bool = True, loader=None):
    """``socialtui run`` on a large stored account: the app starts before the messages are read;
    ``release`` lets the read go on. Returns (app, ws, release, the last session's queue ids)."""
    import threading

    from socialtui.domain.dataset import Dataset
    from socialtui.queue_seed import save_seed
    from socialtui.sources.dataset_dir import load_dataset
    from socialtui.store import Store
    from socialtui.ui.app import SocialApp
    from socialtui.workspace import Workspace
    from tests.conftest import KESTREL

    store = Store(tmp_path / "data")
    ds = load_dataset(KESTREL)
    store.put_account(ds.account)
    store.add_messages(ds.account.handle, ds.messages)
    handle = ds.account.handle
    expected = []
    if seed:
        earlier = Workspace(store.dataset(handle), store, handle, now_fn=lambda: AS_OF)
        expected = [r.id for r in earlier.queue()]
        save_seed(earlier)
    release = threading.Event()

    def read(progress):
        release.wait(10)
        return (loader or store.dataset)(handle, progress)

    ws = Workspace(Dataset(store.get_account(handle), [], f"store:{handle}"), store, handle,
                   now_fn=lambda: AS_OF, loader=read)
    return SocialApp(ws, source_label="test"), ws, release, expected


async def test_a_large_stored_account_shows_the_last_queue_before_its_messages_are_read(tmp_path):
    app, ws, release, expected = _stored_unread_kestrel(tmp_path)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause(0.2)
        assert ws.loading and [r.id for r in queue(app).rows] == expected  # nothing read yet
        assert "Reading the account's messages" in thread_text(app) and "from the last session" in thread_text(app)
        await pilot.press("j", "e")  # moving works; acting waits for the real conversations
        await pilot.pause(0.1)
        assert queue(app).cursor == 1 and not ws.store.workflow(ws.scope).conversations
        release.set()
        await wait_until(pilot, lambda: not app.screen._loading)
        await pilot.pause(0.2)
        assert not ws.loading and [r.id for r in queue(app).rows] == expected
        assert queue(app).current.id == expected[1]
        await pilot.press("e")
        await pilot.pause()
        assert ws.store.workflow(ws.scope).get(expected[1]).status == "done"


async def test_a_stored_account_without_a_usable_seed_fills_the_queue_once_read(tmp_path):
    app, ws, release, _ = _stored_unread_kestrel(tmp_path, seed=False)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause(0.2)
        assert not queue(app).rows and "the queue appears when they are ordered" in thread_text(app)
        release.set()
        await wait_until(pilot, lambda: queue(app).rows)
        assert queue(app).rows[0].tier == "hijack-report"


async def test_a_damaged_store_read_behind_the_app_ends_it_with_the_stores_message(tmp_path):
    from socialtui.errors import StoreError

    def damaged(handle, progress):
        raise StoreError("shard-0003.json is damaged (ValueError: bad).", "Copy shard-0003.json.bak over it.")

    app, ws, release, _ = _stored_unread_kestrel(tmp_path, loader=damaged)
    release.set()
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_until(pilot, lambda: app.load_error is not None)
        await pilot.pause(0.2)
    assert isinstance(app.load_error, StoreError) and app.return_code == 2


async def test_the_loading_pane_says_what_the_reading_worker_is_doing(tmp_path):
    import threading

    go_on = threading.Event()

    def partly_read(handle, progress):
        progress.start("reading the stored messages", 8, "files")
        progress.advance(3)
        go_on.wait(10)
        return ws.store.dataset(handle, progress)

    app, ws, release, _ = _stored_unread_kestrel(tmp_path, loader=partly_read)
    release.set()
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_until(pilot, lambda: "3 of 8 files" in thread_text(app), 2)
        assert "Now reading the stored messages: 3 of 8 files (37 %)" in thread_text(app)
        go_on.set()
        await wait_until(pilot, lambda: not app.screen._loading)
        await pilot.pause(0.3)
        assert "Now " not in thread_text(app) and queue(app).rows


async def test_a_large_dataset_directory_is_read_behind_the_painted_app(tmp_path):
    """socialtui demo --dataset BIG: the app paints first, reads messages.jsonl in a worker."""
    from socialtui.sources.dataset_dir import load_account_only, load_dataset
    from socialtui.store import Store
    from socialtui.ui.app import SocialApp
    from socialtui.workspace import Workspace
    from tests.conftest import KESTREL

    stages = []

    def read(progress):
        dataset = load_dataset(KESTREL, progress)
        stages.append(progress.stage)
        return dataset

    ws = Workspace(load_account_only(KESTREL), Store(tmp_path / "data"), "demo:kestrelmobile",
                   now_fn=lambda: AS_OF, loader=read)
    app = SocialApp(ws, source_label="test")
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_until(pilot, lambda: not app.screen._loading)
        assert queue(app).rows and queue(app).rows[0].tier == "hijack-report"
        assert stages == ["putting the messages in time order"]


async def test_a_broken_large_dataset_ends_the_app_with_the_line_and_field_to_fix(tmp_path):
    import shutil

    from socialtui.sources.dataset_dir import DatasetProblems, load_account_only, load_dataset
    from socialtui.store import Store
    from socialtui.ui.app import SocialApp
    from socialtui.workspace import Workspace
    from tests.conftest import KESTREL

    broken = tmp_path / "broken"
    shutil.copytree(KESTREL, broken)
    with open(broken / "messages.jsonl", "a", encoding="utf-8") as fh:
        fh.write('{"id": "x1", "kind": "reply", "direction": "in", "author": {"handle": "a"}, "text": "hi",'
                 ' "created_at": "2026-11-13 15:02"}\n')
    ws = Workspace(load_account_only(broken), Store(tmp_path / "data"), "demo:kestrelmobile",
                   now_fn=lambda: AS_OF, loader=lambda progress: load_dataset(broken, progress))
    app = SocialApp(ws, source_label="test")
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_until(pilot, lambda: app.load_error is not None)
        await pilot.pause(0.2)
    assert isinstance(app.load_error, DatasetProblems) and app.return_code == 2
    assert "created_at" in str(app.load_error) and "messages.jsonl" in str(app.load_error)


async def _half_reply_then_editor(app, monkeypatch):
    """r, a few words, ctrl+e with the terminal hand-over stubbed: (whether the composer is still
    open, its text, whether the app came back from the hand-over, the notifications shown)."""
    from contextlib import contextmanager

    resumed = []

    @contextmanager
    def suspend():
        yield
        resumed.append(True)  # only reached when nothing escaped the block

    monkeypatch.setattr(app, "suspend", suspend)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        await pilot.press("r", *"half a reply", "ctrl+e")
        await pilot.pause(0.2)
        composer = app.screen.query_one(Composer)
        return composer.is_open, composer.text, resumed == [True], [str(n.message) for n in app._notifications]


async def test_a_missing_editor_is_reported_and_the_app_comes_back(app_factory, monkeypatch):
    monkeypatch.setenv("EDITOR", "/nonexistent/editor")
    monkeypatch.delenv("VISUAL", raising=False)
    is_open, text, resumed, notes = await _half_reply_then_editor(app_factory(), monkeypatch)
    assert resumed and is_open and text.endswith("half a reply")
    assert any("Could not run the editor" in n for n in notes)


def _editor_script(tmp_path, monkeypatch, body: str) -> None:
    """$EDITOR: a shell script running ``body`` on the file it is given ($1)."""
    editor = tmp_path / "editor"
    editor.write_text(f"#!/bin/sh\n{body}\n")
    editor.chmod(0o755)
    monkeypatch.setenv("EDITOR", str(editor))
    monkeypatch.delenv("VISUAL", raising=False)


async def test_an_editor_saving_other_than_utf8_keeps_the_draft(app_factory, monkeypatch, tmp_path):
    _editor_script(tmp_path, monkeypatch, "printf 'caf\\351' > \"$1\"")
    is_open, text, resumed, notes = await _half_reply_then_editor(app_factory(), monkeypatch)
    assert resumed and is_open and text.endswith("half a reply")
    assert any("not UTF-8" in n for n in notes)


async def test_an_editor_that_fails_leaves_the_reply_as_it_was(app_factory, monkeypatch, tmp_path):
    """EDITOR=false said nothing, and an edit given up with vim's :cq after :w was taken."""
    _editor_script(tmp_path, monkeypatch, "printf 'not this' > \"$1\"\nexit 1")
    is_open, text, resumed, notes = await _half_reply_then_editor(app_factory(), monkeypatch)
    assert resumed and is_open and text.endswith("half a reply") and "not this" not in text
    assert any("ended with status 1" in n for n in notes)


async def test_tab_and_shift_tab_move_between_the_panes(app_factory):
    app = app_factory()
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        seen = []
        for key in ("tab", "tab", "tab", "shift+tab"):
            await pilot.press(key)
            seen.append(app.focused.id)
        assert seen == ["thread", "health-rules", "queue", "health-rules"]


async def test_a_sent_reply_with_a_look_alike_link_is_flagged_and_counted(app_factory):
    app = app_factory()
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        before = app.workspace.health().get("SEC002").figure
        q = queue(app)
        q.cursor = next(i for i, r in enumerate(q.rows) if r.tier == "past-sla")
        await pilot.pause(0.1)
        await pilot.press("r", *"see https://kestrel-mobi1e.example/login now", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("Y")  # a suspicious link needs the deliberate capital Y
        await pilot.pause()
        sent = app.workspace.store.sent_messages(app.workspace.scope)
        assert sent and [link.url for link in sent[-1].links] == ["https://kestrel-mobi1e.example/login"]
        assert app.workspace.health().get("SEC002").figure == before + 1
        q.select_id(app.workspace.snapshot().conversation_of[sent[-1].id])
        app.screen._show_thread()
        await pilot.pause()
        assert "kestrel-mobi1e.example" in thread_text(app) and "⚠" in thread_text(app)


async def test_an_evidence_jump_shows_the_message_the_rule_names(tmp_path):
    from socialtui.store import Store
    from socialtui.ui.app import SocialApp
    from socialtui.ui.widgets.thread_view import ThreadView
    from socialtui.workspace import Workspace
    from tests.builders import NOW, at, dataset, msg

    n = 60  # far taller than the pane: the deflection early on is out of sight at the end
    msgs = [msg("mention" if i == 0 else "reply", "in" if i % 2 == 0 else "out",
                "Please call our hotline." if i == 3 else f"message number {i} about the order",
                id=f"t-{i}", in_reply_to=None if i == 0 else f"t-{i - 1}", when=at(minutes_ago=10 * (n - i)))
            for i in range(n)]
    ws = Workspace(dataset(msgs), Store(tmp_path / "data"), "demo:brand", now_fn=lambda: NOW)
    app = SocialApp(ws, source_label="test")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: "[t-59]" in screen_text(app))
        assert "[t-59]" in screen_text(app) and "[t-3]" not in screen_text(app)  # newest first in sight
        verdict = app.screen.report.get("DFL001")
        assert "t-3" in verdict.evidence
        app.screen.jump_to_evidence("DFL001", verdict.evidence.index("t-3"))
        await wait_until(pilot, lambda: "[t-3]" in screen_text(app))
        thread = app.screen.query_one(ThreadView)
        assert "[t-3]" in screen_text(app) and 0 < thread.scroll_offset.y < thread.max_scroll_y
        await pilot.pause(0.3)  # the resting-cursor redraw keeps it there
        assert "[t-3]" in screen_text(app)


async def test_a_thread_due_as_the_app_closes_is_dropped_not_a_crash(app_factory):
    # A held key leaves the thread to be shown once the cursor rests; when the app closes in
    # that moment the panes go first, and the late call must find nothing to do.
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        screen._show_thread_soon()  # as a key does: the thread waits for the cursor to rest
        assert screen._thread_timer is not None
        await queue(app).remove()
        screen._show_thread()  # what the pending call does once the queue is gone
        assert screen._thread_timer is None


async def _burst(app, keys, gaps):
    """Keys straight to the driver in uneven bunches, as a fast typist's keys come over SSH."""
    import asyncio

    from textual import events

    i = 0
    for n, gap in gaps:
        for key, char in keys[i:i + n]:
            app._driver.send_message(events.Key(key, char))
        i += n
        await asyncio.sleep(gap)
    for key, char in keys[i:]:
        app._driver.send_message(events.Key(key, char))


def _keys(text):
    return [(c if c != " " else "space", c) for c in text]


async def test_words_typed_while_the_composer_opens_come_out_in_their_order(app_factory):
    # The first letters reach the queue before the composer has the focus and take the long way
    # round; the next ones went straight to the composer and used to overtake them ("ecSurity").
    text = "Security update: https://kestrel-mobile.example/x"
    for gaps in ([(2, 0.003), (1, 0), (3, 0.01)], [(1, 0), (4, 0.001), (2, 0.02), (1, 0.003)]):
        app = app_factory()
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await _burst(app, [("c", "c"), *_keys(text)], gaps)
            await pilot.pause(0.5)
            assert app.screen.query_one(Composer).text == text


async def test_backspaces_typed_ahead_delete_where_they_were_typed(app_factory):
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("c", *"BASE TEXT 0123456789")
        await pilot.pause(0.2)
        await pilot.press("escape")  # the draft is kept
        await pilot.pause(0.2)
        await _burst(app, [("c", "c"), *[("backspace", "\x08")] * 4, *_keys("Hello")], [(3, 0.002), (2, 0)])
        await pilot.pause(0.5)
        assert app.screen.query_one(Composer).text == "BASE TEXT 012345Hello"


async def test_ctrl_q_in_the_composer_keeps_the_draft(app_factory):
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("r", *"half an answer")
        await pilot.press("ctrl+q")  # Textual's quit key: straight out, past the composer's own keys
        await pilot.pause()
    assert any("half an answer" in text for text in app.workspace.store.drafts(app.workspace.scope).values())


async def test_the_past_sla_view_holds_as_many_rows_as_the_status_line_counts(app_factory):
    # Answered hijack reports keep their place on top of the queue, but they wait for nobody:
    # the past-SLA view showed them too (142 rows beside "138 past SLA").
    app = app_factory()
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        assert any(r.tier == "hijack-report" and r.conversation.waiting_since is None for r in queue(app).rows)
        await pilot.press("3")
        await pilot.pause()
        past = app.screen._counts[1][1]
        assert app.screen.view == "past-sla" and len(queue(app).rows) == past
        assert f"{past} past SLA" in screen_text(app)


async def test_the_length_counter_counts_the_handle_and_signature_from_the_start(app_factory):
    # An empty reply showed 500 left and the first key 483: the handle and signature sending adds
    # were counted only once something was typed.
    import re

    from tests.functional.conftest import wait_until

    def left():
        found = re.search(r"(\d+) characters left", app.screen.query_one("#composer-lint", Static).content.plain)
        return int(found.group(1)) if found else None

    app = app_factory()
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        q = queue(app)
        q.cursor = next(i for i, r in enumerate(q.rows) if r.conversation.is_dm)
        handle = next(m.author.handle for m in q.current.conversation.messages if m.direction == "in")
        await pilot.press("r")  # a DM: the composer starts empty, the mention is added on sending
        assert await wait_until(pilot, lambda: left() is not None)
        empty = left()
        assert app.screen.composer.text == "" and empty <= 500 - len(f"@{handle} ^DK")
        await pilot.press("a")
        assert await wait_until(pilot, lambda: left() == empty - 1)


async def test_while_typing_the_footer_offers_no_letter_keys(app_factory):
    app = app_factory()
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        assert "/ Search" in screen_text(app).splitlines()[-1]
        await pilot.press("r")
        await pilot.pause()
        footer = screen_text(app).splitlines()[-1]
        assert "^s Send" in footer and "/ Search" not in footer  # "/" types a slash now
        await pilot.press("escape")
        await pilot.pause()
        assert "/ Search" in screen_text(app).splitlines()[-1]


async def test_the_send_question_names_remapped_keys(app_factory):
    app = app_factory(keymap={"confirm.yes": "o", "confirm.no": "N,escape"})
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        q = queue(app)
        q.cursor = next(i for i, r in enumerate(q.rows) if r.tier == "past-sla")
        cid = q.current.id
        await pilot.press("r", *"Your parcel left today.", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "o = yes   N / esc = no" in screen_text(app)
        await pilot.press("o")
        await pilot.pause()
        assert next(r for r in queue(app).rows if r.id == cid).tier == "answered"
async def test_ctrl_q_right_after_a_burst_of_typing_keeps_every_key(app_factory):
    # A fast typist's last keys were still on their way to the composer when ctrl+q saved the
    # draft: the end of the answer (or all of it) was lost about one time in three.
    text = "half an answer, typed fast"
    for gaps in ([(2, 0.003), (5, 0)], [(1, 0), (30, 0)], [(3, 0.01), (4, 0.001)]):
        app = app_factory()
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await _burst(app, [("r", "r"), *_keys(text), ("ctrl+q", None)], gaps)
            await pilot.pause(1.0)
        drafts = app.workspace.store.drafts(app.workspace.scope).values()
        assert any(d.rstrip().endswith(text) for d in drafts), (gaps, list(drafts))


async def test_a_reply_over_the_limit_says_by_how_much_not_a_negative_count_left(app_factory):
    from textual.widgets import TextArea

    app = app_factory()
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        app.screen.query_one(Composer).query_one(TextArea).load_text("word " * 200)
        await pilot.pause(0.5)
        lint = app.screen.query_one("#composer-lint", Static).content.plain
        assert "characters over the limit: shorten it" in lint and "L002" in lint
        assert "-" not in lint.split("characters")[0]


async def test_j_k_space_and_g_scroll_the_help_screen_at_80x24(app_factory):
    from textual.containers import VerticalScroll

    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        view = app.screen.query_one(VerticalScroll)
        assert view.max_scroll_y > 0  # (the keys do not fit at 80x24)
        await pilot.press("j", "j", "j")
        await pilot.pause()
        assert view.scroll_y == 3
        await pilot.press("k")
        await pilot.pause()
        assert view.scroll_y == 2
        await pilot.press("G")
        await pilot.pause()
        assert view.scroll_y == view.max_scroll_y
        await pilot.press("g")
        await pilot.pause()
        assert view.scroll_y == 0
        await pilot.press("space")
        await pilot.pause()
        assert view.scroll_y > 3
        hint = app.screen.query(Static).last().content.plain
        assert hint == "j / k scroll · esc / q / ⏎ to close"


async def test_a_remapped_key_keeps_its_place_in_the_footer_at_80_columns(app_factory):
    # Textual binds a remapped key anew at the end of the list: Reply went to the end of the
    # footer, and at 80 columns off the screen.
    app = app_factory(keymap={"conv.reply": "R"})
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        footer = screen_text(app).splitlines()[-1]
        assert "R Reply" in footer, footer
        assert footer.index("R Reply") < footer.index("New post")
        await pilot.press("R")
        await pilot.pause()
        assert app.screen.query_one(Composer).is_open


async def test_the_palette_screenshot_is_saved_where_the_toast_says(app_factory, tmp_path, monkeypatch):
    # Textual's screenshot went to ~/Downloads, which a server account often lacks, and said
    # nothing; its file name carried "·" and "@" from the title.
    import platformdirs

    monkeypatch.setattr(platformdirs, "user_downloads_dir", lambda: str(tmp_path / "no-such-folder"))
    monkeypatch.chdir(tmp_path)
    app = app_factory()
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.pause()
        saved = app.save_screen_picture()
        await pilot.pause()
        assert saved is not None and saved.parent == tmp_path and saved.read_text().startswith("<svg")
        assert saved.name.startswith("socialtui-kestrelmobile-") and saved.suffix == ".svg"
        assert any(f"Screenshot saved as\n{saved.name}\nin {saved.parent}" in n.message for n in app._notifications)
        again = app.save_screen_picture()  # (within the same second, most likely: beside the first)
        assert again is not None and again.parent == tmp_path and again != saved
        from pathlib import Path

        gone = tmp_path / "gone"  # (nowhere to write: the tests may run as root, past any chmod)
        monkeypatch.setattr(Path, "cwd", classmethod(lambda cls: gone))
        monkeypatch.setattr("tempfile.gettempdir", lambda: str(gone))
        assert app.save_screen_picture() is None
        await pilot.pause()
        assert any("Could not save the screenshot" in n.message and "folder you can write to" in n.message
                   for n in app._notifications)


async def test_rows_that_only_say_thanks_are_marked_and_explained(app_factory):
    # 39 of the demo's past-SLA rows are customers saying thanks after an answer: marked "thx" in
    # the queue, the legend says what it means, and e closes one.
    from socialtui.queue import only_thanks

    app = app_factory()
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        q = queue(app)
        marked = [i for i, r in enumerate(q.rows) if only_thanks(r.conversation, app.workspace.account) is not None]
        assert len(marked) == 39
        q.cursor = marked[0]
        await pilot.pause(0.3)
        line = "".join(seg.text for seg in q.render_line(marked[0] - q.scroll_offset.y))
        assert " thx " in line
        plain = next(i for i, r in enumerate(q.rows) if r.tier == "past-sla" and i not in marked)
        assert " thx " not in "".join(seg.text for seg in q.render_line(plain - q.scroll_offset.y))
        cid = q.current.id
        await pilot.press("e")
        await pilot.pause()
        assert app.workspace.state(cid).status == "done"
        await pilot.press("question_mark")
        await pilot.pause()
        assert "thx" in app.screen.body_text and "thanks" in app.screen.body_text


async def test_every_thx_row_is_marked_done_at_once_and_one_undo_takes_all_back(app_factory):
    from socialtui.queue import only_thanks

    app = app_factory()
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        thx = [r.id for r in queue(app).rows if only_thanks(r.conversation, app.workspace.account) is not None]
        assert len(thx) == 39
        await open_palette(pilot, "only says thanks")
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert isinstance(app.screen, ConfirmScreen) and "Mark 39 conversations" in app.screen.title_text
        await pilot.press("y")
        await pilot.pause(0.5)
        assert all(app.workspace.state(cid).status == "done" for cid in thx)
        assert not any(only_thanks(r.conversation, app.workspace.account) and r.tier == "past-sla"
                       for r in queue(app).rows)
        assert f"{145 - 39} waiting" in screen_text(app)
        await pilot.press("u")
        await pilot.pause(0.5)
        assert all(app.workspace.state(cid).status == "open" for cid in thx)
        assert "145 waiting" in screen_text(app)


async def test_the_search_stays_on_the_status_line_at_80_columns(app_factory):
    # The search came last but one, after the view: at 80 columns the line was cut before it, and a
    # queue of 14 rows out of 256 did not say why.
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("slash", *"refund", "enter")
        await pilot.pause()
        status = screen_text(app).splitlines()[-2]
        assert "search “refund”" in status, status
        await pilot.press("escape")
        await pilot.pause()
        assert "search" not in screen_text(app).splitlines()[-2]


async def test_a_large_accounts_first_evaluation_shows_how_far_it_got(tmp_path, monkeypatch):
    """At a million messages the first evaluation takes seconds: the sidebar says which rule of how
    many it is at, not only "evaluating"."""
    import dataclasses
    import threading

    from socialtui.rules import engine
    from socialtui.sources.dataset_dir import load_dataset
    from socialtui.store import Store
    from socialtui.ui.app import SocialApp
    from socialtui.ui.screens import main as main_screen
    from socialtui.ui.widgets.health_sidebar import HealthSidebar
    from socialtui.workspace import Workspace
    from tests.conftest import KESTREL

    monkeypatch.setattr(main_screen, "SYNC_HEALTH_LIMIT", 0)
    release, reached = threading.Event(), threading.Event()
    selected = engine.selected_rules

    def slow_ninth(*args, **kwargs):
        specs = selected(*args, **kwargs)
        check = specs[8].check

        def held(snap, t):
            reached.set()
            release.wait(10)
            return check(snap, t)
        specs[8] = dataclasses.replace(specs[8], check=held)
        return specs

    monkeypatch.setattr(engine, "selected_rules", slow_ninth)
    ws = Workspace(load_dataset(KESTREL), Store(tmp_path / "data"), "demo:kestrelmobile", now_fn=lambda: AS_OF)
    app = SocialApp(ws, source_label="test")
    try:
        async with app.run_test(size=(160, 48)) as pilot:
            assert await wait_until(pilot, reached.is_set)
            total = len(selected(account=ws.account))
            app.screen._tick()
            await pilot.pause()
            overall = app.screen.query_one(HealthSidebar).query_one("#health-overall").content.plain
            assert overall == f"Health: evaluating the rules: 8 of {total} rules ({800 // total} %)…"
            release.set()
            assert await wait_until(pilot, lambda: app.screen.report is not None)
            await pilot.pause()
            overall = app.screen.query_one(HealthSidebar).query_one("#health-overall").content.plain
            assert "evaluating" not in overall and "FAIL" in overall
    finally:
        release.set()
