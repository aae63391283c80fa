"""Pilot tests of what the app says and where q leads: messages a user acts on."""

from __future__ import annotations

import pytest
from textual.widgets import Static

from socialtui.store import Store
from socialtui.ui.widgets.composer import Composer
from socialtui.ui.widgets.queue_view import QueueView
from socialtui.ui.widgets.thread_view import ThreadView
from tests.functional.conftest import screen_text


def notes(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def test_q_goes_back_from_the_thread_and_quits_only_from_the_queue(app_factory):
    app = app_factory()
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        await pilot.press("tab")
        assert isinstance(app.focused, ThreadView)
        await pilot.press("q")
        await pilot.pause()
        assert app.is_running and isinstance(app.focused, QueueView)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0 and not app.is_running


async def test_a_sent_reply_names_whom_it_answered_and_an_empty_post_says_post(app_factory):
    app = app_factory()
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        queue = app.screen.query_one(QueueView)
        row = queue.current
        target = app.workspace.reply_target(row.id)
        await pilot.press("r", *"thanks for waiting", "ctrl+s")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause(0.2)
        assert any(n.startswith(f"Reply to @{target.author.handle} sent in {row.id} (sent-") for n in notes(app)), notes(app)
        await pilot.press("c", "ctrl+s")
        await pilot.pause()
        assert "The post is empty: write something first." in notes(app)


async def test_the_composer_counts_blocking_findings_first(app_factory):
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("r", *"please call our hotline or see https://kestre1-mobile.example/x")
        await pilot.pause(0.6)  # the lint runs after a short pause in typing
        lint = app.screen.query_one("#composer-lint", Static).content.plain
        first, *findings = lint.splitlines()
        assert "⛔ 1 blocking" in first and "to check" in first
        assert findings[0].startswith("⛔ L005")  # the suspicious link before the advice


async def test_an_empty_search_says_how_to_leave_it(app_factory):
    app = app_factory()
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        await pilot.press("slash", *"zzqq-no-such-thing", "enter")
        await pilot.pause(0.2)
        assert "esc clears the search" in screen_text(app)


async def test_a_second_agent_opening_the_same_conversation_is_warned(app_factory, tmp_path):
    app = app_factory()
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        cid = app.screen.query_one(QueueView).current.id
        Store(tmp_path / "data").set_presence(app.workspace.scope, "Mats Olsen", cid, "replying")
        await pilot.press("r")
        await pilot.pause()
        assert app.screen.query_one(Composer).is_open
        assert any(n.startswith("Mats Olsen is replying here right now") for n in notes(app))
        await pilot.press("escape", "j", "r")  # another conversation: nobody there
        await pilot.pause()
        assert sum("is replying here" in n for n in notes(app)) == 1


async def test_rule_details_in_seconds_read_as_durations(app_factory):
    from socialtui.ui.screens.rule_detail import detail_line

    assert detail_line("oldest_wait_seconds", 1238580, "conversations") == "oldest wait: 14d 8h"
    assert detail_line("p90", 3609.0, "minutes") == "p90: 3,609 minutes"
    assert detail_line("answered", 21, "%") == "answered: 21"


async def test_a_stranger_showing_the_accounts_own_handle_is_marked_not_you(tmp_path):
    from tests.conftest import FIXTURES
    from tests.functional.conftest import make_app, thread_text

    app = make_app(tmp_path, dataset=FIXTURES / "hostile" / "valid", agent=None)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        queue = app.screen.query_one(QueueView)
        for cid in ("h-rlo", "h-zwj"):  # handles with a direction override / zero-width characters
            assert queue.select_id(cid)
            app.screen._show_thread()
            await pilot.pause(0.2)
            shown = screen_text(app)
            assert "⚠@kestrelmob" in shown  # the queue row (its handle column cut to fit)
            body = thread_text(app)
            assert "Thread with ⚠ look-alike @kestrelmobile" in body and "⚠ NOT YOU: a stranger whose" in body
        assert queue.select_id(next(r.id for r in queue.rows if r.id not in ("h-rlo", "h-zwj")
                                    and "kestrelmobile" not in r.participants))
        app.screen._show_thread()
        await pilot.pause(0.2)
        assert "NOT YOU" not in app.screen.query_one(ThreadView).query_one("#thread-body").content.plain


async def test_a_reply_to_a_look_alike_of_the_own_handle_does_not_address_the_own_account(tmp_path):
    """h-rlo's author cleans to @kestrelmobile: the composer does not put @kestrelmobile in (it
    would mention the brand itself), says who this is, and L008 explains it."""
    from tests.conftest import FIXTURES
    from socialtui.ui.widgets.composer import Composer
    from tests.functional.conftest import make_app, wait_until

    app = make_app(tmp_path, dataset=FIXTURES / "hostile" / "valid", agent=None)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        assert app.screen.query_one(QueueView).select_id("h-rlo")
        await pilot.press("r")
        composer = app.screen.query_one(Composer)
        assert await wait_until(pilot, lambda: "look-alike of your own handle" in screen_text(app))
        assert composer.is_open and "@kestrelmobile" not in composer.text
        await pilot.press(*"Wer sind Sie?")
        assert await wait_until(pilot, lambda: "L008" in screen_text(app))
        assert "is not your account" in screen_text(app)


@pytest.mark.parametrize("damage, problem", [
    ('{"format":1,"conversations":{"1":{"conversation":"k1","status":7}}}', "unknown status 7"),
    ('{"format": 1, "conversations": ', "is corrupt or truncated"),  # cut off mid-write: notes unreadable too
])
async def test_a_state_file_damaged_under_a_running_session_is_reported_not_a_crash(damage, problem, app_factory,
                                                                                   tmp_path):
    app = app_factory()
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        await pilot.press("j", "e")  # something saved: the state file exists
        await pilot.pause(0.2)
        state = next((tmp_path / "data").glob("workspaces/*/state.json"))
        good = state.read_bytes()
        state.write_text(damage, encoding="utf-8")
        app.screen._tick()  # what the once-a-second timer does: another process changed the store
        await pilot.pause(0.2)
        assert app.is_running
        status = app.screen.query_one("#status", Static).content.plain
        assert "a saved file is damaged" in status
        assert any(problem in n and "state.json.bak" in n for n in notes(app))
        await pilot.press("j", "e")  # a change cannot be saved: said so, the session goes on
        await pilot.pause(0.2)
        assert app.is_running and sum(problem in n for n in notes(app)) >= 2
        state.write_bytes(good)  # the user copies the backup back
        app.screen._tick()
        await pilot.pause(0.2)
        assert "damaged" not in app.screen.query_one("#status", Static).content.plain


async def test_damaged_drafts_and_presence_files_do_not_stop_a_reply(app_factory, tmp_path):
    app = app_factory()
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        await pilot.press("r", *"a draft", "escape")
        await pilot.pause(0.2)
        scope_dir = next((tmp_path / "data").glob("workspaces/*"))
        for name in ("drafts.json", "presence.json"):
            (scope_dir / name).write_text('{"format": 1, "drafts": ', encoding="utf-8")  # cut off mid-write
        app.screen._tick()
        await pilot.pause(0.2)
        await pilot.press("j", "r", *"hello")  # reads the draft, tells the others: both files are damaged
        await pilot.pause(0.3)
        assert app.is_running and app.screen.query_one(Composer).is_open
        assert any("is corrupt or truncated" in n for n in notes(app))
        assert "a saved file is damaged" in app.screen.query_one("#status", Static).content.plain


async def _done_elsewhere(app, tmp_path, cid):
    """Another agent's instance on the same data dir marks ``cid`` done."""
    from socialtui.sources.dataset_dir import load_dataset
    from socialtui.workspace import Workspace
    from tests.conftest import AS_OF, KESTREL

    ds = load_dataset(KESTREL)
    Workspace(ds, Store(tmp_path / "data"), app.workspace.scope, now_fn=lambda: AS_OF,
              agent=ds.account.agent("Mats")).mark_done(cid)
    app.screen._tick()  # what the once-a-second timer does


async def _on_first_past_sla(pilot) -> QueueView:
    await pilot.pause()
    queue = pilot.app.screen.query_one(QueueView)
    queue.cursor = next(i for i, r in enumerate(queue.rows) if r.tier == "past-sla")
    await pilot.pause()
    return queue


async def test_a_conversation_done_elsewhere_leaves_the_cursor_on_the_next_waiting_one(app_factory, tmp_path):
    app = app_factory()
    async with app.run_test(size=(160, 48)) as pilot:
        queue = await _on_first_past_sla(pilot)
        index, cid = queue.cursor, queue.current.id
        await _done_elsewhere(app, tmp_path, cid)
        await pilot.pause(0.2)
        assert queue.cursor == index and queue.current.id != cid and queue.current.tier == "past-sla"
        assert any(n.startswith(f"{cid} was marked done elsewhere") for n in notes(app))


async def test_the_conversation_being_answered_keeps_the_cursor_when_done_elsewhere(app_factory, tmp_path):
    app = app_factory()
    async with app.run_test(size=(160, 48)) as pilot:
        queue = await _on_first_past_sla(pilot)
        cid = queue.current.id
        await pilot.press("r", *"on it")
        await _done_elsewhere(app, tmp_path, cid)
        await pilot.pause(0.2)
        assert queue.current.id == cid and queue.current.tier == "done"
        assert app.screen.query_one(Composer).is_open


def test_a_sent_reply_is_not_failed_by_a_drafts_file_it_cannot_clear(tmp_path):
    from socialtui.domain.models import Author, Message
    from socialtui.sources.dataset_dir import load_dataset
    from socialtui.workspace import Workspace
    from tests.conftest import AS_OF, KESTREL

    calls = []

    def sender(target, body, key):
        calls.append(key)
        return Message(f"remote-{len(calls)}", "reply", "out", Author("kestrelmobile"), body, AS_OF, target.id)

    ds = load_dataset(KESTREL)
    ws = Workspace(ds, Store(tmp_path / "data"), "demo:kestrelmobile", now_fn=lambda: AS_OF,
                   agent=ds.account.agents[0], live_sender=sender)
    cid = ws.queue()[0].id
    ws.save_draft(cid, "thanks, looking into it")
    next((tmp_path / "data").glob("workspaces/*/drafts.json")).write_text('{"format": 1, "drafts": ')
    sent = ws.send_reply(cid, "thanks, looking into it")  # no StoreError: the reply went out and is recorded
    assert len(calls) == 1 and sent.id == "remote-1" and ws.store_problem is not None


async def test_on_a_large_account_a_reply_is_recorded_and_the_queue_ordered_off_the_ui_thread(app_factory,
                                                                                              monkeypatch):
    import threading

    from socialtui.ui.screens import main
    from tests.functional.conftest import wait_until

    monkeypatch.setattr(main, "SYNC_HEALTH_LIMIT", 0)  # kestrel as if it held a million messages
    app = app_factory()
    ui_thread, seen = threading.get_ident(), []
    send, order = app.workspace.send_reply, app.workspace.queue

    def recording_send(*args, **kwargs):
        seen.append(("send", threading.get_ident() == ui_thread))
        return send(*args, **kwargs)

    def recording_queue():
        seen.append(("queue", threading.get_ident() == ui_thread))
        return order()

    async with app.run_test(size=(160, 48)) as pilot:
        assert await wait_until(pilot, lambda: app.screen.report is not None, 10)
        queue = app.screen.query_one(QueueView)
        row = queue.current
        monkeypatch.setattr(app.workspace, "send_reply", recording_send)
        monkeypatch.setattr(app.workspace, "queue", recording_queue)
        await pilot.press("r", *"thanks for waiting", "ctrl+s")
        await pilot.pause()
        await pilot.press("y")
        assert await wait_until(pilot, lambda: any("sent in" in n for n in notes(app)))
        assert ("send", False) in seen and ("queue", False) in seen[seen.index(("send", False)) + 1:]
        assert "thanks for waiting" in app.workspace.snapshot().conversations[row.id].last_message.text
        assert not app.screen.query_one(Composer).is_open


async def test_a_conversation_done_elsewhere_that_leaves_the_view_says_so(app_factory, tmp_path):
    """In the waiting view the conversation disappears under the cursor: the agent is told why."""
    app = app_factory()
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.press("2")  # the waiting view
        queue = await _on_first_past_sla(pilot)
        index, cid = queue.cursor, queue.current.id
        await _done_elsewhere(app, tmp_path, cid)
        await pilot.pause(0.2)
        assert queue.cursor == index and queue.current.id != cid and queue.position(cid) is None
        assert any(n.startswith(f"{cid} was marked done elsewhere and left this view") for n in notes(app))


async def test_pasted_escape_sequences_never_reach_the_terminal(app_factory):
    # A paste went into the composer as it came: drawn, "\x1b]0;…\x07" retitled the terminal.
    from textual import events
    from textual.widgets import Input, TextArea

    from socialtui.ui.widgets.composer import Composer

    app = app_factory()
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        app.post_message(events.Paste("see \x1b[31mred\x1b[0m\x1b]0;pwned\x07 there"))
        await pilot.pause(0.3)
        area = app.screen.query_one(Composer).query_one(TextArea)
        assert area.text == "see red there"  # once, and clean
        assert "\x1b" not in "".join(seg.text for y in range(area.size.height) for seg in area.render_line(y))
        assert any("left out of the pasted text" in n.message for n in app._notifications)
        app.post_message(events.Paste("plain words"))
        await pilot.pause(0.3)
        assert area.text == "see red thereplain words"
        app.clear_notifications()
        app.post_message(events.Paste("\rline two\r\nline three"))  # (a terminal pastes line ends as CR)
        await pilot.pause(0.3)
        assert area.text == "see red thereplain words\nline two\nline three"
        assert not app._notifications  # nothing was left out: no toast saying so
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("n")  # an internal note: a prompt with an Input
        await pilot.pause()
        app.post_message(events.Paste("note \x1b[2Jcleared"))
        await pilot.pause(0.3)
        assert app.screen.query_one(Input).value == "note cleared"


async def test_the_suspicious_link_rule_says_what_its_links_are_in_words(app_factory):
    """Its details listed codes ("kinds: credential-path, lookalike"), not what a reader knows."""
    from socialtui.ui.screens.rule_detail import RuleScreen
    from tests.functional.conftest import screen_text

    app = app_factory()
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        app.screen.show_rule("SEC002")
        await pilot.pause(0.3)
        assert isinstance(app.screen, RuleScreen)
        text = screen_text(app)
        assert "what the links are: login or password page on a foreign domain, look-alike of an own" in text, text
        assert "kinds:" not in text and "lookalike" not in text
