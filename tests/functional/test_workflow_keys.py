"""Pilot tests of the workflow keys: escalate, assign, note, tag, drafts, evidence walk, checklist."""

from __future__ import annotations

from datetime import timedelta

import pytest
from textual.widgets import Static

from socialtui.ui.screens.checklist import ChecklistScreen
from socialtui.ui.screens.dialogs import PromptScreen
from socialtui.ui.screens.rule_detail import RuleScreen
from socialtui.ui.widgets.composer import Composer
from socialtui.ui.widgets.queue_view import QueueView
from tests.conftest import AS_OF
from tests.functional.conftest import screen_text, thread_text, wait_until


def queue(app) -> QueueView:
    return app.screen.query_one(QueueView)


async def _on_past_sla(pilot, tier: str = "past-sla") -> str:
    """Select the first conversation of ``tier``; its id."""
    q = queue(pilot.app)
    q.cursor = next(i for i, r in enumerate(q.rows) if r.tier == tier)
    await pilot.pause(0.1)
    return q.current.id


async def test_escalate_assign_note_tag_and_undo_each(app_factory):
    app = app_factory()
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        cid = await _on_past_sla(pilot)
        await pilot.press("x", *"Billing, 4h", "enter")
        await pilot.pause()
        state = app.workspace.state(cid)
        assert state.status == "escalated" and state.escalated_to == "Billing"
        assert state.until == AS_OF.replace(hour=22)
        assert queue(app).current.id != cid  # it moved down the queue; the cursor stayed for the next one
        assert next(r for r in queue(app).rows if r.id == cid).tier == "escalated"
        await pilot.press("5")  # the escalated view shows it with its marker
        await pilot.pause()
        assert "↑Billing" in screen_text(app)
        await pilot.press("1")
        await pilot.press("u")
        await pilot.pause()
        assert app.workspace.state(cid).status == "open"
        assert queue(app).current.id == cid  # undo goes back to the conversation it concerned

        await pilot.press("a", "enter")  # first choice: claim it myself
        await pilot.pause()
        assert app.workspace.state(cid).assignee == "Dana Kruger"
        assert "⚑Dana" in screen_text(app)

        await pilot.press("n", *"called them, refund is on its way", "enter")
        await pilot.pause(0.1)
        assert [n["text"] for n in app.workspace.notes(cid)] == ["called them, refund is on its way"]
        thread = app.screen.query_one("#thread-body", Static).content.plain
        assert "INTERNAL NOTE (never sent)" in thread
        assert not app.workspace.store.sent_messages(app.workspace.scope)  # a note is never sent
        await pilot.press("u")
        await pilot.pause()
        assert app.workspace.notes(cid) == []

        await pilot.press("t", *"vip", "enter")
        await pilot.pause()
        assert app.workspace.state(cid).tags == ("vip",)
        await pilot.press("t", *"-vip", "enter")
        await pilot.pause()
        assert app.workspace.state(cid).tags == ()
        await pilot.press("t", *"billing, k7", "enter")  # a comma list, as the prompt suggests
        await pilot.pause()
        assert app.workspace.state(cid).tags == ("billing", "k7")
        await pilot.press("u")  # several tags at once are one action and one undo
        await pilot.pause()
        assert app.workspace.state(cid).tags == ()


async def test_done_leaves_the_cursor_on_the_next_waiting_conversation(app_factory):
    app = app_factory()
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        cid = await _on_past_sla(pilot)
        index = queue(app).cursor
        following = queue(app).rows[index + 1].id
        await pilot.press("e")
        await pilot.pause()
        assert app.workspace.state(cid).status == "done"
        assert queue(app).cursor == index and queue(app).current.id == following


async def test_an_escalated_answered_conversation_is_in_the_escalated_view(app_factory):
    app = app_factory()
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        cid = await _on_past_sla(pilot, "answered")
        await pilot.press("x", *"Billing, 4h", "enter", "5")
        await pilot.pause()
        assert [r.id for r in queue(app).rows] == [cid]


async def test_snooze_custom_duration_and_bad_input(app_factory):
    app = app_factory()
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        cid = await _on_past_sla(pilot)
        await pilot.press("s", "end", "enter")  # last choice: custom
        await pilot.pause()
        await pilot.press(*"soon", "enter")  # not a duration: nothing changes, the prompt says why
        await pilot.pause()
        assert app.workspace.state(cid).status == "open"
        assert isinstance(app.screen, PromptScreen) and "'soon' is not a duration" in screen_text(app)
        await pilot.press(*["backspace"] * 4, *"0m", "enter")  # now is no snooze: the prompt stays to fix it
        await pilot.pause()
        assert isinstance(app.screen, PromptScreen) and "must end in the future" in screen_text(app)
        assert app.workspace.state(cid).status == "open"
        await pilot.press(*["backspace"] * 2, *"1 Tag", "enter")  # mended in place, in words
        await pilot.pause()
        assert not isinstance(app.screen, PromptScreen)
        assert app.workspace.state(cid).until == AS_OF + timedelta(days=1)
        await pilot.press("u", "s", "end", "enter", *"90m", "enter")
        await pilot.pause()
        assert app.workspace.state(cid).until == AS_OF.replace(hour=19, minute=30)


async def test_menus_move_with_j_and_k_and_a_bad_escalation_keeps_its_prompt(app_factory):
    app = app_factory()
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        cid = await _on_past_sla(pilot)
        await pilot.press("s", "j", "j", "k", "enter")  # the second choice: 4 hours
        await pilot.pause()
        assert app.workspace.state(cid).until == AS_OF.replace(hour=22)
        await pilot.press("u")
        await pilot.pause()
        await pilot.press("x", *", 4h", "enter")  # nobody named
        await pilot.pause()
        assert isinstance(app.screen, PromptScreen) and "Name the person or team first" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("x", *"Billing, soon", "enter")
        await pilot.pause()
        assert isinstance(app.screen, PromptScreen) and "'soon' is not a duration" in screen_text(app)
        await pilot.press(*["backspace"] * 4, *"0m", "enter")  # due now: it could only ever be overdue
        await pilot.pause()
        assert isinstance(app.screen, PromptScreen) and "due later than now" in screen_text(app)
        await pilot.press(*["backspace"] * 2, *"2 Stunden", "enter")
        await pilot.pause()
        state = app.workspace.state(cid)
        assert (state.status, state.escalated_to, state.until) == ("escalated", "Billing", AS_OF.replace(hour=20))
        assert queue(app).select_id(cid)  # (the cursor went on to the next waiting conversation)
        app.screen._show_thread()
        await pilot.pause(0.2)
        assert "escalated to Billing · follow-up due 2026-11-20T20:00:00Z" in thread_text(app)
        await pilot.press("exclamation_mark")
        await pilot.pause()
        await pilot.press("j", "space")
        await pilot.pause()
        assert isinstance(app.screen, ChecklistScreen) and app.screen.checked == {1}


async def test_draft_is_kept_when_moving_away_and_restored(app_factory):
    app = app_factory()
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        cid = await _on_past_sla(pilot)
        await pilot.press("r", *"half an answer")
        await pilot.pause(1.0)  # saved within a second of the last keystroke
        assert app.workspace.draft(cid).endswith("half an answer")
        await pilot.press("escape")
        await pilot.pause()
        assert not app.screen.query_one(Composer).is_open
        assert "✎" in screen_text(app)
        await pilot.press("j", "k")
        await pilot.pause(0.1)
        await pilot.press("r")
        assert app.screen.query_one(Composer).text.endswith("half an answer")


async def test_opening_and_closing_the_composer_without_typing_keeps_no_draft(app_factory):
    """r puts the customer's handle in; esc right after leaves no draft (and no ✎ on the row)."""
    app = app_factory()
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        cid = await _on_past_sla(pilot)
        await pilot.press("r")
        await pilot.pause()
        assert app.screen.query_one(Composer).text.startswith("@")
        await pilot.pause(1.0)  # past the draft timer
        await pilot.press("escape")
        await pilot.pause()
        assert app.workspace.draft(cid) is None
        assert not any(cid == r.id for r in queue(app).rows if r.id in app.workspace.drafts())
        await pilot.press("r", "space", *"ok")  # one word more is a draft
        await pilot.pause(1.0)
        await pilot.press("escape")
        await pilot.pause()
        assert app.workspace.draft(cid).endswith("ok")


async def test_views_filter_the_queue(app_factory):
    app = app_factory()
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        everything = len(queue(app).rows)
        await pilot.press("6")
        await pilot.pause()
        assert queue(app).rows and all(r.conversation.is_dm for r in queue(app).rows)
        await pilot.press("3")
        await pilot.pause()
        assert {r.tier for r in queue(app).rows} <= {"past-sla", "hijack-report"}
        await pilot.press("1")
        await pilot.pause()
        assert len(queue(app).rows) == everything


async def test_rule_screen_walks_evidence_with_n_and_brackets(app_factory):
    app = app_factory()
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        evidence = app.workspace.health().get("DFL002").evidence
        snap = app.workspace.snapshot()

        def conv(item):
            return item if item in snap.conversations else snap.conversation_of[item]

        app.screen.show_rule("DFL002")
        await pilot.pause()
        assert isinstance(app.screen, RuleScreen)
        await pilot.press("n")
        await pilot.pause()
        assert queue(app).current.id == conv(evidence[0])
        assert "evidence 1/" in app.screen.query_one("#status", Static).content.plain
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert queue(app).current.id == conv(evidence[1])
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert queue(app).current.id == conv(evidence[0])
        app.screen.show_rule("DFL002")
        await pilot.pause()
        await pilot.press("p")  # before the first: wraps to the last
        await pilot.pause()
        assert queue(app).current.id == conv(evidence[-1])


async def test_rule_screen_says_who_wrote_what_and_scrolls_its_text_at_80x24(app_factory):
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        verdict = app.workspace.health().get("RSP002")
        snap = app.workspace.snapshot()
        first = snap.conversations.get(verdict.evidence[0]) or \
            snap.conversations[snap.conversation_of[verdict.evidence[0]]]
        app.screen.show_rule("RSP002")
        await pilot.pause()
        shown = screen_text(app)
        evidence_line = next(line for line in shown.splitlines() if verdict.evidence[0] in line)
        # the id, then who wrote and the start of what they wrote, not a bare id
        author = next(m.author.handle for m in first.messages if m.id == verdict.evidence[0]) \
            if verdict.evidence[0] not in snap.conversations else first.last_message.author.handle
        assert f"@{author}" in evidence_line and " ago · " in evidence_line
        options = app.screen.query_one("OptionList")
        assert options.has_focus and options.highlighted == 0
        await pilot.press("j", "j", "k")
        assert options.highlighted == 1
        doc = app.screen.query_one("VerticalScroll")
        assert doc.max_scroll_y > 0  # at 80x24 the explanation does not fit
        await pilot.press("pagedown")
        await pilot.pause()
        assert doc.scroll_y > 0 and options.has_focus and options.highlighted == 1
        await pilot.press("pageup")
        await pilot.pause()
        assert doc.scroll_y == 0
        await pilot.press("enter")  # still jumps to the highlighted evidence
        await pilot.pause()
        item = verdict.evidence[1]
        assert queue(app).current.id == (item if item in snap.conversations else snap.conversation_of[item])


def test_evidence_lines_show_untrusted_text_literally():
    from socialtui.domain.conversations import build_threads
    from socialtui.ui.screens.rule_detail import describe_evidence
    from socialtui.sanitize import clean_text
    from tests.builders import NOW, at, msg

    # as a loader hands it over: escape sequences already stripped, markup left as typed
    root = msg("mention", "in", clean_text("[bold red]free[/] \x1b]8;;evil\x07 money"), id="m1", author="mallory",
               when=at(hours_ago=3))
    convs, conv_of = build_threads([root])

    class Snap:
        conversations, conversation_of, now = convs, conv_of, NOW

    line = describe_evidence(Snap, "m1")
    assert line.plain.startswith("◀ @mallory · 3h 00m ago · [bold red]free[/]") and "\x1b" not in line.plain
    assert not line.spans or all("red" not in str(span.style) for span in line.spans)
    assert describe_evidence(Snap, "m1") is not None and describe_evidence(Snap, "nope") is None


async def test_checklist_names_evidence_and_keeps_ticks(app_factory):
    app = app_factory()
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        await pilot.press("exclamation_mark")
        await pilot.pause()
        assert isinstance(app.screen, ChecklistScreen)
        hijack_reports = app.workspace.health().get("SEC004").evidence
        assert hijack_reports[0] in app.screen.body_text
        await pilot.press("space")
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("exclamation_mark")
        await pilot.pause()
        assert "[x] 1." in app.screen.body_text and "[ ] 2." in app.screen.body_text


async def test_harbor_has_no_alarm(tmp_path):
    from tests.conftest import HARBOR
    from tests.functional.conftest import make_app

    app = make_app(tmp_path, dataset=HARBOR, agent=None)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        assert "SECURITY ALERT" not in screen_text(app)
        await pilot.press("exclamation_mark")
        await pilot.pause()
        assert not isinstance(app.screen, ChecklistScreen)


async def test_another_agents_claim_and_replying_show_within_two_seconds(tmp_path):
    from socialtui.sources.dataset_dir import load_dataset
    from socialtui.store import Store
    from socialtui.workspace import Workspace
    from tests.conftest import KESTREL
    from tests.functional.conftest import make_app

    app = make_app(tmp_path, agent="Mats Olsen")
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        cid = queue(app).rows[8].id
        ds = load_dataset(KESTREL)
        dana = Workspace(ds, Store(tmp_path / "data"), app.workspace.scope, now_fn=lambda: AS_OF,
                         agent=ds.account.agent("Dana Kruger"))
        dana.claim(cid)
        dana.set_replying(cid)
        await pilot.pause(2.0)
        row = next(line for line in screen_text(app).splitlines() if "⚑Dana" in line)
        assert "✍Dana" in row


async def test_an_answer_from_another_agent_while_composing_is_told_and_confirmed(tmp_path):
    """Mats is writing to a customer when Dana's reply to them lands: he is told at once, and the
    confirmation says so before a second answer goes out."""
    from socialtui.sources.dataset_dir import load_dataset
    from socialtui.store import Store
    from socialtui.ui.screens.dialogs import ConfirmScreen
    from socialtui.workspace import Workspace
    from tests.conftest import KESTREL
    from tests.functional.conftest import make_app

    app = make_app(tmp_path, agent="Mats Olsen")
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        cid = await _on_past_sla(pilot)
        await pilot.press("r", *"Hi, let me check")
        ds = load_dataset(KESTREL)
        dana = Workspace(ds, Store(tmp_path / "data"), app.workspace.scope,
                         now_fn=lambda: AS_OF, agent=ds.account.agent("Dana Kruger"))
        dana.send_reply(cid, "Sorry for the wait, your order ships today.")
        await pilot.pause(2.0)  # the team refresh
        notes = [str(n.message) for n in app._notifications]
        assert any("was answered meanwhile by Dana Kruger" in n and "ships today" in n for n in notes)
        await pilot.press("ctrl+s")
        await pilot.pause(0.3)
        assert isinstance(app.screen, ConfirmScreen)
        assert "Someone answered this meanwhile" in screen_text(app)
        assert "Answered meanwhile by Dana Kruger" in screen_text(app)


async def test_messages_another_process_stored_show_within_two_seconds(tmp_path):
    """A second agent's sync, `socialtui sync` or the monitor stores a customer's message: this
    app shows it too, not only what its own sync found."""
    from socialtui.domain.models import Author, Message
    from socialtui.sources.dataset_dir import load_dataset
    from socialtui.store import Store
    from socialtui.ui.app import SocialApp
    from socialtui.workspace import Workspace
    from tests.conftest import KESTREL

    ds = load_dataset(KESTREL)
    store = Store(tmp_path / "data")
    store.put_account(ds.account)
    store.add_messages(ds.account.handle, ds.messages)
    handle = ds.account.handle
    ws = Workspace(store.dataset(handle), store, handle, now_fn=lambda: AS_OF)
    app = SocialApp(ws, source_label="store")
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        assert "elsewhere-1" not in {r.id for r in queue(app).rows}
        other = Store(tmp_path / "data")  # another process's view of the same data dir
        other.add_messages(handle, [Message("elsewhere-1", "mention", "in", Author("zoe"),
                                            "@kestrelmobile my K7 will not charge", AS_OF)])
        await pilot.pause(2.5)
        assert "elsewhere-1" in {r.id for r in queue(app).rows}


async def test_evidence_outside_the_queue_is_shown_in_place(app_factory):
    """SEC002's phishing messages went out as the account's own posts and DMs: nobody wrote back,
    so they are not in the queue; walking the evidence shows each message instead of a dead end."""
    from socialtui.ui.screens.dialogs import EvidenceScreen

    app = app_factory()
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        screen = app.screen
        evidence = screen.report.get("SEC002").evidence
        queued = {r.id for r in queue(app).rows}
        snap = app.workspace.snapshot()
        outside = [i for i, mid in enumerate(evidence) if snap.conversation_of.get(mid) not in queued]
        index = outside[0]
        screen.jump_to_evidence("SEC002", index)
        await pilot.pause()
        assert isinstance(app.screen, EvidenceScreen)
        body = app.screen.query(Static)[1].content.plain
        assert f"[{evidence[index]}]" in body and "not in the queue" in app.screen.title_text
        assert "] next evidence" in app.screen.query(Static)[-1].content.plain
        await pilot.press("right_square_bracket")  # ] walks on from the box itself
        await pilot.pause()
        assert screen.trail == ("SEC002", (index + 1) % len(evidence))
        if isinstance(app.screen, EvidenceScreen):
            await pilot.press("escape")
        await pilot.press("left_square_bracket")  # and [ from the main screen
        await pilot.pause()
        assert screen.trail == ("SEC002", index)
        if isinstance(app.screen, EvidenceScreen):
            await pilot.press("escape")
        await pilot.press("right_square_bracket")  # ] goes on through the list from the main screen
        await pilot.pause()
        assert screen.trail == ("SEC002", (index + 1) % len(evidence))


async def test_status_line_sparkline_and_rules_agree_on_who_is_waiting(app_factory):
    import re

    from socialtui.ui.spark import waiting_per_day

    app = app_factory()
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        await _on_past_sla(pilot)
        await pilot.press("e")  # one fewer waiting
        await _on_past_sla(pilot)
        await pilot.press("x", *"Billing, 4h", "enter")  # escalated: still waiting for the public answer
        await pilot.pause()
        snap = app.workspace.snapshot()
        shown = int(re.search(r"(\d+) waiting", screen_text(app)).group(1))
        assert shown == len(snap.waiting) == waiting_per_day(snap)[-1]


async def test_a_custom_snooze_typed_in_one_burst_is_applied(app_factory):
    from textual import events

    app = app_factory()
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        cid = await _on_past_sla(pilot)
        keys = [("s", "s"), ("end", None), ("enter", "\r"), ("3", "3"), ("h", "h"), ("enter", "\r")]
        for key, char in keys:  # s, the last choice (custom), then "3h" before the prompt was there
            app._driver.send_message(events.Key(key, char))
        from tests.functional.conftest import wait_until

        await wait_until(pilot, lambda: app.workspace.state(cid).status == "snoozed")
        state = app.workspace.state(cid)
        assert state.status == "snoozed" and state.until == AS_OF.replace(hour=21)


async def test_conversation_keys_do_nothing_while_the_health_view_covers_the_queue(app_factory):
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("H")  # narrow: the health view takes the screen
        await pilot.pause()
        assert app.screen.has_class("-sidebar")
        rules = app.screen.query_one("#health-rules")
        first = rules.highlighted
        await pilot.press("j", "j", "e", "x", "r")
        await pilot.pause()
        assert rules.highlighted == first + 2  # j moves through the rules
        assert not app.workspace.store.workflow(app.workspace.scope).conversations
        assert not app.screen.query_one(Composer).is_open



async def test_keys_that_cannot_act_say_why(app_factory):
    app = app_factory()
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        await pilot.press("right_square_bracket")  # no evidence walk
        await pilot.pause()
        assert any("walk a rule's evidence" in n.message for n in app._notifications)
        await pilot.press("slash", *"zzzq", "enter")
        await pilot.pause()
        assert not queue(app).rows
        for key in "esx":
            await pilot.press(key)
        await pilot.pause()
        told = [n.message for n in app._notifications if "matches the search" in n.message]
        assert len(told) == 3 and "“zzzq”: esc clears it" in told[0]
        assert "· search “zzzq”" in str(app.screen.query_one("#status").render())


async def test_a_hijack_report_is_not_snoozed_and_done_asks_first_while_unanswered(app_factory):
    from socialtui.ui.screens.dialogs import ConfirmScreen

    app = app_factory()
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        rows = queue(app).rows
        index = next(i for i, r in enumerate(rows) if r.tier == "hijack-report" and r.conversation.waiting_since)
        queue(app).cursor = index
        cid = rows[index].id
        await pilot.press("s")
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmScreen) and app.workspace.state(cid).status == "open"
        assert any("Not snoozed" in n.message and "may be hijacked" in n.message for n in app._notifications)
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen) and "without an answer" in app.screen.title_text
        await pilot.press("n")
        await pilot.pause()
        assert app.workspace.state(cid).status == "open"
        await pilot.press("e", "y")
        await pilot.pause()
        assert app.workspace.state(cid).status == "done"


async def test_the_view_picker_shows_where_you_are_and_a_done_names_the_customer(app_factory):
    from socialtui.ui.screens.dialogs import ChoiceScreen

    app = app_factory()
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        await pilot.press("2")  # the waiting view
        await pilot.press("v")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)
        assert "(now)" in screen_text(app) and "enter chooses · esc cancels" in screen_text(app)
        from socialtui.ui.widgets.choice_list import ChoiceList

        listed = app.screen.query_one(ChoiceList)
        assert listed.get_option_at_index(listed.highlighted).id == "waiting"  # the cursor starts there
        await pilot.press("escape")
        await _on_past_sla(pilot)
        row = queue(app).current
        await pilot.press("e")
        await pilot.pause()
        assert any(f"Marked {row.id} (@{row.participants[0]}) done" in n.message for n in app._notifications)


async def test_undo_of_a_conversation_the_view_leaves_out_says_how_to_see_it(app_factory):
    app = app_factory(keymap={"view.all": "0"})  # the hint names the key as remapped
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        q = queue(app)
        q.cursor = next(i for i, r in enumerate(q.rows) if r.tier == "past-sla" and not r.conversation.is_dm)
        await pilot.pause(0.1)
        cid = q.current.id
        await pilot.press("e")
        await pilot.pause()
        assert app.workspace.state(cid).status == "done"
        assert any("(u to undo)" in str(n.message) for n in app._notifications)
        await pilot.press("6")  # DMs only: the thread undone is not among them
        await pilot.pause()
        app.clear_notifications()
        await pilot.press("u")
        await pilot.pause()
        assert app.workspace.state(cid).status == "open"
        told = [str(n.message) for n in app._notifications]
        assert any("It is not in this list: 0 shows all conversations." in t for t in told), told
        await pilot.press("0")
        await pilot.pause()
        assert q.current.id == cid


async def test_hints_name_remapped_keys(app_factory):
    app = app_factory(keymap={"app.undo": "U", "app.alarm": "A"})
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert await wait_until(pilot, lambda: "press A: checklist" in screen_text(app))
        assert "press !" not in screen_text(app)
        await pilot.press("e")
        await pilot.pause()
        assert any("(U to undo)" in str(n.message) for n in app._notifications)


async def test_n_on_the_rule_screen_goes_on_from_the_item_j_moved_to(app_factory):
    # n ignored the highlighted item and always went to evidence 1 (or after the one visited last).
    app = app_factory()
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        evidence = app.workspace.health().get("DFL002").evidence
        snap = app.workspace.snapshot()
        app.screen.show_rule("DFL002")
        await pilot.pause()
        await pilot.press("j", "j", "n")
        await pilot.pause()
        item = evidence[3]
        assert queue(app).current.id == (item if item in snap.conversations else snap.conversation_of[item])
        assert "evidence 4/" in app.screen.query_one("#status", Static).content.plain


async def test_the_rule_screen_says_when_it_names_only_the_first_evidence_items(app_factory):
    app = app_factory()
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        verdict = app.workspace.health().get("RSP004")
        total = verdict.details["waiting_turns"]
        assert total > len(verdict.evidence) == 50
        app.screen.show_rule("RSP004")
        await pilot.pause()
        assert f"Evidence (first 50 of {total})" in screen_text(app)


async def test_the_rule_screen_names_the_keys_as_the_keymap_binds_them(app_factory):
    app = app_factory(keymap={"rule.next": "N", "rule.close": "x,escape"})
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        app.screen.show_rule("SEC003")
        await pilot.pause()
        shown = " ".join(screen_text(app).split())
        assert "N / p next / previous (] / [ in the queue)" in shown and "x close" in shown


async def test_an_escalated_conversation_stays_in_the_waiting_views_the_status_line_counts_it_in(app_factory):
    """Escalated, a conversation still waits for its public answer (RULEBOOK), and the status line
    kept counting it; the waiting and past-SLA views left it out (138 rows beside "139 past SLA")."""
    from socialtui.ui.widgets.status_line import StatusLine

    app = app_factory()
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause(0.3)
        status = lambda: app.screen.query_one(StatusLine).content.plain  # noqa: E731
        cid = await _on_past_sla(pilot)
        await pilot.press("x", *"Billing, 4h", "enter")
        await pilot.pause(0.3)
        assert "145 waiting" in status() and "139 past SLA" in status(), status()
        await pilot.press("3")
        await pilot.pause(0.3)
        assert len(queue(app).rows) == 139 and cid in [r.id for r in queue(app).rows]
        assert "/139 · view: past-sla" in status(), status()
        await pilot.press("2")
        await pilot.pause(0.3)
        rows = queue(app).rows
        assert cid in [r.id for r in rows] and rows[-1].id == cid  # (in its place: after the waiting tiers)
        # as many rows as the status line says wait (answered hijack reports made it 149 beside 145)
        assert len(rows) == 145 and "/145 · view: waiting" in status(), status()
        await pilot.press("1", "u")
        await pilot.pause(0.3)
        assert app.workspace.state(cid).status == "open"


async def test_why_here_in_a_view_names_the_row_in_that_view_and_what_the_status_line_counts_besides(app_factory):
    """In the past-SLA view "Why here" said "#8" (its place in the whole queue) beside "row 4/139",
    and "1 of 136 past-SLA conversations" beside the status line's 139."""
    from socialtui.ui.screens.dialogs import InfoScreen

    app = app_factory()
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause(0.3)
        cid = await _on_past_sla(pilot)
        position = queue(app).current.position
        await pilot.press("3")
        await pilot.pause(0.3)
        assert queue(app).current.id == cid
        row_in_view = queue(app).cursor + 1
        await pilot.press("y")
        await pilot.pause(0.3)
        assert isinstance(app.screen, InfoScreen)
        said = app.screen.body_text
        assert f"is #{position} in the queue (past-sla)" in app.screen.title_text
        assert f"In this list (view past-sla) it is row {row_in_view} of 139; #{position} is its place" in said, said
        assert "also counts 3 hijack reports (pinned on top) waiting that long" in said, said
        await pilot.press("escape", "1", "y")
        await pilot.pause(0.3)
        assert "In this list" not in app.screen.body_text  # the whole queue: the position says it all


@pytest.mark.parametrize("keys, prompt", [(["n"], "Internal note"), (["x"], "Escalate to whom"),
                                          (["t"], "Tag"), (["s", "end", "enter"], "Snooze for how long")])
async def test_enter_on_an_empty_prompt_says_what_to_type_and_keeps_it_open(app_factory, keys, prompt):
    """It closed, changing nothing and saying nothing."""
    from socialtui.ui.screens.dialogs import PromptScreen

    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.3)
        cid = await _on_past_sla(pilot)
        for key in keys:
            await pilot.press(key)
            await pilot.pause(0.2)
        assert isinstance(app.screen, PromptScreen) and app.screen.title_text.startswith(prompt)
        await pilot.press("enter")
        await pilot.pause(0.2)
        assert isinstance(app.screen, PromptScreen), "the prompt closed"
        told = app.screen.query_one(".prompt-problem").content.plain
        assert told.startswith("⚠ Type") and "(esc cancels)" in told, told
        await pilot.press("escape")
        await pilot.pause(0.2)
        assert not isinstance(app.screen, PromptScreen) and app.workspace.state(cid).status == "open"


@pytest.mark.parametrize("typed", ["99999d", "400d"])
async def test_a_snooze_longer_than_a_year_is_told_so(app_factory, typed):
    """99999d was "not a duration like 90m, 2h or 3d" (it is written like 3d); 400d was taken."""
    app = app_factory()
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        cid = await _on_past_sla(pilot)
        await pilot.press("s", "end", "enter", *typed, "enter")
        await pilot.pause()
        assert isinstance(app.screen, PromptScreen) and "A snooze ends within a year" in screen_text(app)
        assert "not a duration" not in screen_text(app)
        assert app.workspace.state(cid).status == "open"


def test_a_snooze_into_next_year_names_the_year():
    from datetime import datetime, timezone

    from socialtui.domain.timeutil import format_clock

    now = datetime(2026, 11, 20, 18, 0, tzinfo=timezone.utc)
    assert format_clock(now.replace(hour=19), now) == "19:00"
    assert format_clock(now.replace(day=25), now) == "Wed 25 Nov 18:00"
    assert format_clock(datetime(2027, 1, 4, 9, 0, tzinfo=timezone.utc), now) == "Mon 04 Jan 2027 09:00"


async def test_a_done_conversation_whose_customer_wrote_last_reads_done_not_a_wait(app_factory):
    app = app_factory()
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        cid = await _on_past_sla(pilot)
        await pilot.press("e")
        await pilot.pause()
        row = next(i for i, r in enumerate(queue(app).rows) if r.id == cid)
        assert queue(app).rows[row].conversation.waiting_since is not None  # (the customer wrote last)
        line = queue(app)._row_text(queue(app).rows[row], 100).plain
        assert line.split()[:2] == ["✓", "done"], line


async def test_g_and_shift_g_go_to_the_ends_of_the_thread_and_of_the_health_rules(app_factory):
    from textual.widgets import OptionList

    from socialtui.ui.widgets.thread_view import ThreadView

    app = app_factory()
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        q = queue(pilot.app)
        q.cursor = max(range(len(q.rows)), key=lambda i: len(q.rows[i].conversation.messages))
        await pilot.press("enter")  # the thread, focused
        await pilot.pause(0.3)
        thread = app.screen.query_one(ThreadView)
        assert app.screen.focused is thread and thread.max_scroll_y > 0
        await pilot.press("G")
        await pilot.pause()
        assert thread.scroll_y == thread.max_scroll_y
        await pilot.press("g")
        await pilot.pause()
        assert thread.scroll_y == 0
        await pilot.press("H")  # the health rules
        await pilot.pause()
        rules = app.screen.query_one("#health-rules", OptionList)
        await pilot.press("G")
        assert rules.highlighted == rules.option_count - 1
        await pilot.press("g")
        first = next(i for i in range(rules.option_count) if not rules.get_option_at_index(i).disabled)
        assert rules.highlighted == first  # (the first rule, under its category's heading)


async def test_the_rule_screen_footer_offers_the_evidence_keys_only_with_evidence(app_factory):
    from tests.conftest import HARBOR

    app = app_factory()
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        app.screen.show_rule("SEC002")  # 13 messages on kestrel
        await pilot.pause()
        assert isinstance(app.screen, RuleScreen)
        footer = screen_text(app).splitlines()[-1]
        assert "Jump to evidence" in footer and "Next evidence" in footer
        await pilot.press("enter")  # ⏎ jumps to the highlighted item
        await pilot.pause()
        assert not isinstance(app.screen, RuleScreen) and app.screen.trail is not None
    app = app_factory(dataset=HARBOR)  # the well-run account: rules with nothing to point at
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        bare = next(v.code for v in app.screen.report.rules if not v.evidence)
        app.screen.show_rule(bare)
        await pilot.pause()
        footer = screen_text(app).splitlines()[-1]
        assert "evidence" not in footer.lower() and "Close" in footer


async def test_an_escalation_due_too_far_ahead_is_told_so_not_called_no_duration(app_factory):
    app = app_factory()
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        cid = await _on_past_sla(pilot)
        await pilot.press("x", *"Billing, 99999d", "enter")
        await pilot.pause()
        assert isinstance(app.screen, PromptScreen) and "due too far ahead" in screen_text(app)
        assert app.workspace.state(cid).status == "open"


async def test_a_tag_the_prompt_cannot_take_keeps_the_prompt_and_its_text(app_factory):
    """"vip esim" closed the prompt with "a tag is one word": the text was lost, and the mended
    "vip, esim" typed next went to the queue (v opened the views, e marked the conversation done)."""
    app = app_factory()
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        cid = await _on_past_sla(pilot)
        await pilot.press("t", *"vip esim", "enter")
        await pilot.pause()
        assert isinstance(app.screen, PromptScreen) and "a tag is one word" in screen_text(app)
        assert app.screen.query_one("Input").value == "vip esim"
        await pilot.press("ctrl+a", *["delete"] * 8, *"vip, esim", "enter")
        await pilot.pause()
        assert not isinstance(app.screen, PromptScreen)
        assert app.workspace.state(cid).tags == ("esim", "vip") and app.workspace.state(cid).status == "open"
