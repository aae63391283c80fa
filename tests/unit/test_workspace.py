"""Workspace: workflow actions persist and undo, sending is exactly once, other processes are seen."""

from datetime import timedelta

import pytest

from socialtui.domain.models import Agent
from socialtui.errors import UsageError
from socialtui.store import Store
from socialtui.workspace import ConfirmationNeeded, SendRefused, Workspace
from tests.builders import NOW, at, dataset, msg

DANA = Agent("Dana Kruger", "^DK")


def _dataset():
    return dataset([
        msg("mention", "in", "@brand where is my order?", id="q1", author="anna", when=at(5)),
        msg("mention", "in", "@brand Mein Display ist kaputt", id="q2", author="jonas", when=at(1)),
        msg("dm", "in", "hi, a question about my invoice", id="d1", author="cleo", conversation="c9", when=at(3)),
        msg("post", "out", "Our autumn colours", id="p1", when=at(30)),
    ], agents=(DANA, Agent("Rui Alves", "^RA")))


@pytest.fixture
def make(tmp_path):
    def make(agent=DANA, live_sender=None, now=NOW):
        return Workspace(_dataset(), Store(tmp_path / "store"), "demo:brand", now_fn=lambda: now, agent=agent,
                         live_sender=live_sender)
    return make


def tier(ws, cid):
    return next(r.tier for r in ws.queue() if r.id == cid)


def test_actions_persist_across_a_new_workspace(make):
    ws = make()
    ws.mark_done("q1")
    ws.snooze("q2", NOW + timedelta(hours=3))
    ws.escalate("dm:c9", "Billing", NOW + timedelta(hours=4))
    ws.tag("dm:c9", "#invoice")
    ws.claim("q2")
    ws.add_note("q1", "Called the courier; parcel is in Hamburg.")
    again = make(agent=None)
    state = again.snapshot().state
    assert state.get("q1").status == "done" and tier(again, "q1") == "done"
    assert state.get("q2").status == "snoozed" and state.get("q2").assignee == "Dana Kruger"
    assert tier(again, "q2") == "snoozed"
    assert state.get("dm:c9").escalated_to == "Billing" and state.get("dm:c9").tags == ("invoice",)
    assert [n["text"] for n in again.notes("q1")] == ["Called the courier; parcel is in Hamburg."]
    assert again.notes("q1")[0]["author"] == "Dana Kruger"


def test_undo_reverts_each_action_in_turn(make):
    ws = make()
    ws.mark_done("q1")
    ws.assign("q1", "Rui Alves")
    ws.tag("q1", "vip")
    ws.add_note("q1", "first")
    ws.add_note("q1", "second")  # same instant as the first: undo must remove only this one
    assert ws.undo() == "Undone: Added a note to q1"
    assert [n["text"] for n in ws.notes("q1")] == ["first"]
    ws.undo()
    assert ws.notes("q1") == []
    assert ws.undo() == "Undone: Tagged q1 #vip" and ws.state("q1").tags == ()
    ws.undo()
    assert ws.state("q1").assignee is None and ws.state("q1").status == "done"
    ws.undo()
    assert ws.state("q1").status == "open" and tier(ws, "q1") == "past-sla"
    assert ws.undo() is None
    assert make().state("q1").status == "open"  # the undo persisted too


def test_assign_none_unassigns_and_reopen(make):
    ws = make()
    ws.claim("q1")
    ws.assign("q1", None)
    assert ws.state("q1").assignee is None
    ws.escalate("q1", "Tech", NOW + timedelta(hours=1))
    ws.reopen("q1")
    assert ws.state("q1").status == "open" and ws.state("q1").escalated_to is None
    with pytest.raises(UsageError):
        make(agent=None).claim("q1")
    with pytest.raises(UsageError):
        ws.snooze("q1", NOW - timedelta(minutes=1))
    with pytest.raises(UsageError):
        ws.mark_done("no-such-conversation")


def test_send_reply_demo_leaves_the_waiting_tiers_and_clears_the_draft(make):
    ws = make()
    ws.save_draft("q1", "It left our warehouse today and arrives Monday.")
    assert tier(ws, "q1") == "past-sla"
    sent = ws.send_reply("q1", ws.draft("q1"))
    assert sent.text == "@anna It left our warehouse today and arrives Monday. ^DK"
    assert (sent.direction, sent.kind, sent.in_reply_to, sent.client, sent.created_at) == \
           ("out", "reply", "q1", "socialtui", NOW)
    assert tier(ws, "q1") == "answered" and ws.draft("q1") is None
    again = make()
    assert tier(again, "q1") == "answered" and again.snapshot().message(sent.id).text == sent.text


def test_pasted_invisible_and_control_characters_are_not_sent(make):
    """A reply pasted from a web page, a document or a terminal: zero-width spaces, a BOM, soft
    hyphens, escape sequences and bidi overrides go; an emoji's zero-width joiner and German text stay."""
    pasted = "\ufeffIhre Bestel\u200blung kommt\x1b[31m mor\u00adgen\x07 \u202e!\u2060 \U0001f469\u200d\U0001f4bb"
    sent = make().send_reply("q1", pasted)
    assert sent.text == "@anna Ihre Bestellung kommt morgen ! \U0001f469\u200d\U0001f4bb ^DK"
    defused = make().send_reply("q2", "like @\u200bbrand_support said")  # a mention that notifies nobody
    assert "@\u200bbrand_support" in defused.text


def test_dm_reply_on_mastodon_is_addressed_and_stays_a_dm(make):
    sent = make().send_reply("dm:c9", "The invoice is corrected; a new one is in your inbox.")
    assert sent.kind == "dm" and sent.conversation == "c9" and sent.text.startswith("@cleo ")


def test_send_refuses_too_long_and_asks_to_confirm_suspicious_links(make):
    ws = make()
    with pytest.raises(SendRefused, match="will refuse it"):
        ws.send_reply("q1", "a" * 600)
    text = "Please log in at https://brand-support.example/verify-login"
    with pytest.raises(ConfirmationNeeded) as exc:
        ws.send_reply("q1", text)
    assert tier(ws, "q1") == "past-sla"  # nothing was sent
    with pytest.raises(ConfirmationNeeded):
        ws.send_reply("q1", text + " now", confirm_token=exc.value.token)  # a token confirms one text only
    assert exc.value.token == ws.confirm_token("q1", text)
    assert ws.send_reply("q1", text, confirm_token=exc.value.token).text.startswith("@anna Please log in")


def test_live_sender_called_exactly_once_with_a_stable_key(make):
    calls = []

    def flaky(target, body, key):
        calls.append((target.id, body, key))
        if len(calls) == 1:
            raise TimeoutError("the network dropped")
        return msg("reply", "out", body, id="remote-77", in_reply_to=target.id, when=NOW)

    ws = make(live_sender=flaky)
    with pytest.raises(TimeoutError):
        ws.send_reply("q2", "Wir tauschen das Display kostenlos aus.")
    sent = ws.send_reply("q2", "Wir tauschen das Display kostenlos aus.")
    assert len(calls) == 2 and calls[0][2] == calls[1][2]  # the retry reuses the idempotency key
    assert sent.id == "remote-77" and tier(ws, "q2") == "answered"
    ws.send_reply("q1", "It arrives Monday.")
    assert len(calls) == 3 and calls[2][2] != calls[0][2]  # a new draft gets a new key


def test_reply_to_a_specific_message(make):
    ws = make()
    sent = ws.send_reply(None, "Thanks, that helps!", reply_to_id="q2")
    assert sent.in_reply_to == "q2" and sent.text.startswith("@jonas ")
    with pytest.raises(UsageError):
        ws.reply_target(None, "nope")


def test_new_post_is_linted_and_recorded_as_post(make):
    ws = make()
    assert "L006" in [f.code for f in ws.lint(None, "Our new colours are here!")]
    post = ws.send_reply(None, "Our new colours are here!")
    assert post.kind == "post" and post.in_reply_to is None


def test_lint_checks_what_will_be_sent(make):
    ws = make()
    codes = [f.code for f in ws.lint("q1", "It arrives Monday.")]
    assert "L008" not in codes and "L004" not in codes  # handle and signature are added on sending
    assert "L001" in [f.code for f in ws.lint("q2", "Bitte wenden Sie sich an unsere Hotline.")]


def test_refresh_sees_other_processes_and_snapshot_is_cached(make):
    mine, other = make(), make(agent=Agent("Rui Alves", "^RA"))
    first = mine.snapshot()
    assert mine.snapshot() is first and not mine.refresh_if_changed()
    other.mark_done("q2")
    assert mine.refresh_if_changed()
    assert mine.state("q2").status == "done" and mine.snapshot() is not first
    other.set_replying("q1")
    mine.set_replying("q2")
    assert mine.presence()["Rui Alves"]["conversation"] == "q1" and "Dana Kruger" not in mine.presence()
    assert other.presence()["Dana Kruger"]["activity"] == "replying"
    other.set_replying(None)
    assert "Rui Alves" not in mine.presence()


def test_search_over_text_handles_and_ids(make):
    ws = make()
    assert ws.search("display") == ["q2"]
    assert ws.search("@cleo") == ["dm:c9"]
    assert ws.search("Q1") == ["q1"]
    assert ws.search("  ") == []


def test_searching_an_at_handle_finds_that_handle_not_one_that_contains_it(tmp_path):
    # "@anna" found @hannahfra3 too: the @ said "a handle", the search ignored it.
    ds = dataset([
        msg("mention", "in", "@brand hello", id="a1", author="anna_k", when=at(5)),
        msg("mention", "in", "@brand moin", id="h1", author="hannahfra3", when=at(4)),
        msg("mention", "in", "@brand my friend @anna had this too", id="m1", author="jonas", when=at(3)),
        msg("mention", "in", "@brand ask @hannahfra3", id="m2", author="lea", when=at(2)),
    ])
    ws = Workspace(ds, Store(tmp_path / "s"), "demo:brand", now_fn=lambda: NOW)
    assert sorted(ws.search("@anna")) == ["a1", "m1"]
    assert sorted(ws.search("@ANNA_K")) == ["a1"]
    assert sorted(ws.search("anna")) == ["a1", "h1", "m1", "m2"]  # without the @: anywhere


def test_an_at_instance_search_finds_remote_handles(tmp_path):
    ds = dataset([msg("mention", "in", "@brand hi", id="r1", author="anna@example.social", when=at(5)),
                  msg("mention", "in", "@brand hallo", id="r2", author="jonas", when=at(4))])
    ws = Workspace(ds, Store(tmp_path / "s"), "demo:brand", now_fn=lambda: NOW)
    assert ws.search("@example.social") == ["r1"] and ws.search("@anna") == ["r1"]
    other = dataset([msg("mention", "in", "@brand hi", id="v1", author="hannah@annaville.social", when=at(5))])
    assert Workspace(other, Store(tmp_path / "t"), "demo:brand", now_fn=lambda: NOW).search("@anna") == []


def test_snooze_wakes_when_the_customer_writes_again(tmp_path):
    store = Store(tmp_path / "s")
    ws = Workspace(_dataset(), store, "demo:brand", now_fn=lambda: NOW)
    ws.snooze("q1", NOW + timedelta(hours=8))
    later = dataset(list(_dataset().messages) + [
        msg("reply", "in", "hello??", id="q1b", author="anna", in_reply_to="q1", when=NOW + timedelta(minutes=30))])
    woken = Workspace(later, store, "demo:brand", now_fn=lambda: NOW + timedelta(hours=1))
    assert tier(woken, "q1") == "past-sla"


def test_health_and_queue_are_cached_per_snapshot(make):
    ws = make()
    assert ws.cached_health() is None
    report = ws.health()
    assert ws.health() is report and ws.cached_health() is report and ws.queue() is ws.queue()
    rows = ws.queue()
    ws.mark_done("q1")
    assert ws.cached_health() is None and ws.queue() is not rows
    assert ws.health() is not report


def test_workflow_changes_keep_the_conversations_and_a_sent_reply_rebuilds_them(make):
    ws = make()
    before = ws.snapshot().conversations
    ws.mark_done("q1")
    assert ws.snapshot().conversations is before  # a workflow change does not re-thread
    assert tier(ws, "q1") == "done"
    ws.send_reply("q2", "Das tut uns leid, wir schicken Ihnen ein Ersatzgerät.")
    after = ws.snapshot().conversations
    assert after is not before
    assert after["q2"].last_message.direction == "out"
    assert tier(ws, "q2") == "answered"


def test_a_sent_reply_moves_its_row_without_ordering_the_queue_again(tmp_path, monkeypatch):
    """On a large account ordering every row took seconds after each reply: the queue moves the
    answered conversation's row."""
    import socialtui.queue as queue_module

    clock = [NOW]
    ws = Workspace(_dataset(), Store(tmp_path / "store"), "demo:brand", now_fn=lambda: clock[0], agent=DANA)
    assert [(r.id, r.tier) for r in ws.queue()] == [("q1", "past-sla"), ("dm:c9", "past-sla"), ("q2", "within-sla")]

    def no_full_build(*args, **kwargs):
        raise AssertionError("the whole queue was ordered again")

    monkeypatch.setattr(queue_module, "build_queue", no_full_build)
    ws.send_reply("q1", "It left our warehouse today and arrives Monday.")
    assert [(r.id, r.tier) for r in ws.queue()] == [("dm:c9", "past-sla"), ("q2", "within-sla"), ("q1", "answered")]
    clock[0] += timedelta(seconds=5)  # (two replies sent at one instant are ordered by their random ids)
    ws.send_reply("dm:c9", "The invoice is corrected; a new one is in your inbox.")
    rows = ws.queue()
    assert [(r.id, r.tier) for r in rows] == [("q2", "within-sla"), ("dm:c9", "answered"), ("q1", "answered")]
    assert [r.position for r in rows] == [1, 2, 3]


def test_a_done_during_a_sync_taken_in_by_a_worker_is_not_undone(tmp_path, monkeypatch):
    """A worker takes in a sync (new dataset, threads, queue) while the agent marks a conversation
    done: the worker's snapshot, read before the done, must not be the one that stays."""
    import threading
    import time

    from socialtui.domain.dataset import Dataset

    ws = Workspace(_dataset(), Store(tmp_path / "store"), "demo:brand", now_fn=lambda: NOW, agent=DANA)
    ws.queue()
    extended = Dataset._extended

    def slow(self, reuse, now):
        if threading.current_thread() is worker:
            time.sleep(0.3)  # threading a million messages takes about that long and more
        return extended(self, reuse, now)

    monkeypatch.setattr(Dataset, "_extended", slow)
    grown = Dataset(ws.dataset.account, [*ws.dataset.messages, msg("mention", "in", "@brand hello?", id="q3",
                                                                   author="zoe", when=NOW)], ordered=True)
    worker = threading.Thread(target=lambda: (ws.replace_dataset(grown), ws.queue()))
    worker.start()
    time.sleep(0.1)  # the worker is building
    ws.mark_done("q1")
    worker.join()
    assert ws.state("q1").status == "done" and tier(ws, "q1") == "done" and tier(ws, "q3") == "within-sla"
    assert [r.position for r in ws.queue()] == list(range(1, len(ws.queue()) + 1))


def test_two_agents_keep_their_own_drafts_and_send_keys_of_one_conversation(make):
    from socialtui.domain.models import Author, Message
    from socialtui.errors import NetworkError

    dana, rui = make(), make(agent=Agent("Rui Alves", "^RA"))
    dana.save_draft("q1", "Dana's words")
    rui.save_draft("q1", "Rui's words")
    assert dana.draft("q1") == "Dana's words" and rui.draft("q1") == "Rui's words"
    assert dana.drafts() == {"q1": "Dana's words"} and rui.drafts() == {"q1": "Rui's words"}
    keys, down = [], [True]

    def sender(target, body, key):
        keys.append(key)
        if down[0]:  # Dana's send: the outcome is unknown, her key stays for the retry
            down[0] = False
            raise NetworkError("timed out")
        return Message(f"remote-{len(keys)}", "reply", "out", Author("brand"), body, NOW, target.id)

    with pytest.raises(NetworkError):
        make(live_sender=sender).send_reply("q1", dana.draft("q1"))
    make(agent=Agent("Rui Alves", "^RA"), live_sender=sender).send_reply("q1", rui.draft("q1"))
    assert keys[1] != keys[0]  # Rui's reply is not taken for a retry of Dana's
    make(live_sender=sender).send_reply("q1", dana.draft("q1"))
    assert keys[2] == keys[0]  # Dana's retry is
    assert dana.draft("q1") is None and rui.draft("q1") is None


def test_a_pending_send_key_from_before_team_mode_goes_on(make):
    from socialtui.domain.models import Author, Message
    from socialtui.errors import NetworkError

    keys = []

    def failing(target, body, key):
        keys.append(key)
        raise NetworkError("timed out")

    def working(target, body, key):
        keys.append(key)
        return Message("remote-1", "reply", "out", Author("brand"), body, NOW, target.id)

    with pytest.raises(NetworkError):
        make(agent=None, live_sender=failing).send_reply("q1", "on its way")
    make(live_sender=working).send_reply("q1", "on its way")
    assert keys[1] == keys[0]


def test_a_draft_kept_without_an_agent_is_taken_over_and_forgotten_once_sent(make):
    solo = make(agent=None)
    solo.save_draft("q1", "written before team mode")
    dana = make()
    assert dana.draft("q1") == "written before team mode" and dana.drafts() == {"q1": "written before team mode"}
    dana.send_reply("q1", dana.draft("q1"))
    assert make().draft("q1") is None and make(agent=None).draft("q1") is None


def test_actions_that_would_change_nothing_say_so_instead(make):
    ws = make()
    with pytest.raises(UsageError, match="q1 is open already: nothing to reopen"):
        ws.reopen("q1")
    with pytest.raises(UsageError, match="a tag is one word, and 'a b' has a space") as caught:
        ws.tag("q1", "a b")
    assert "a-b" in str(caught.value)
    ws.tag("q1", "vip")
    with pytest.raises(UsageError, match="q1 has no tag #vlp") as caught:
        ws.untag("q1", "vlp")
    assert "#vip" in str(caught.value)
    assert ws.undo() == "Undone: Tagged q1 #vip" and ws.undo() is None  # the refusals left no undo step


@pytest.mark.parametrize("report", ["@brand were you hacked? I got a weird DM from you",
                                    "@brand seid ihr gehackt? Ich habe eine seltsame Nachricht von euch"])
def test_a_hijack_report_is_not_snoozed_it_stays_on_top_until_done(report, tmp_path):
    ds = dataset([msg("mention", "in", report, id="h1", author="amy", when=at(1)),
                  msg("mention", "in", "@brand where is my parcel?", id="q1", author="bob", when=at(2))])
    ws = Workspace(ds, Store(tmp_path / "store"), "demo:brand", now_fn=lambda: NOW)
    assert tier(ws, "h1") == "hijack-report"
    with pytest.raises(UsageError, match="Not snoozed: h1 holds a report that this account may be hijacked"):
        ws.snooze("h1", NOW + timedelta(hours=4))
    assert ws.state("h1").status == "open"
    ws.snooze("q1", NOW + timedelta(hours=4))  # an ordinary conversation is
    assert tier(ws, "q1") == "snoozed"


def test_an_answered_hijack_report_is_not_called_unanswered_after_a_thank_you(tmp_path):
    ds = dataset([msg("mention", "in", "@brand were you hacked? I got a weird DM from you", id="h1", author="amy",
                      when=at(3)),
                  msg("reply", "out", "@amy Thanks, we secured the account.", id="a1", in_reply_to="h1", when=at(2)),
                  msg("reply", "in", "@brand ok thanks", id="t1", author="amy", in_reply_to="a1", when=at(1))])
    ws = Workspace(ds, Store(tmp_path / "store"), "demo:brand", now_fn=lambda: NOW)
    assert tier(ws, "h1") == "hijack-report" and ws.unanswered_hijack_reports("h1") == []
    ws.mark_done("h1")
    with pytest.raises(UsageError, match="Not snoozed: h1 is done, and a snooze would bring its report"):
        ws.snooze("h1", NOW + timedelta(hours=1))
    fresh = Workspace(dataset([msg("mention", "in", "@brand seid ihr gehackt?", id="h2", author="jo", when=at(1))]),
                      Store(tmp_path / "store2"), "demo:brand", now_fn=lambda: NOW)
    assert fresh.unanswered_hijack_reports("h2") == ["h2"]


def test_a_demo_reply_moves_with_its_dataset_when_the_next_session_shifts_it_further(tmp_path):
    """Each demo start moves the dataset to the present; a reply sent yesterday must move with
    it, or the restarted demo shows it before the question and the customer waiting again."""
    store = Store(tmp_path / "store")

    def session(days_later: int) -> Workspace:
        shift = timedelta(days=10 + days_later)  # the dataset moved to that start's present
        return Workspace(_dataset().shifted(shift), store, "demo:brand", now_fn=lambda: NOW + shift, agent=DANA,
                         time_shift=shift)

    first = session(0)
    sent = first.send_reply("q1", "Your order ships today.")
    assert tier(first, "q1") == "answered"
    later = session(3)
    again = later.snapshot().message(sent.id)
    assert again.created_at == sent.created_at + timedelta(days=3)  # still after the question
    assert tier(later, "q1") == "answered"
    # on the dataset's own timeline (queue, health and export of the directory): right after the question
    stored = store.sent_messages("demo:brand", timedelta(0))[0]
    assert stored.created_at == NOW and next(m for m in _dataset().messages if m.id == "q1").created_at < NOW


def test_replies_of_a_stored_account_keep_their_time(tmp_path):
    store = Store(tmp_path / "store")
    ws = Workspace(_dataset(), store, "brand", now_fn=lambda: NOW, agent=DANA)
    sent = ws.send_reply("q1", "Your order ships today.")
    assert store.sent_messages("brand")[0].created_at == sent.created_at == NOW


def test_marking_several_done_is_one_action_and_one_undo(make):
    from socialtui.errors import UsageError

    ws = make()
    ws.snooze("q2", NOW + timedelta(hours=3))
    message = ws.mark_all_done(["q1", "q2", "q1", "nope"], "that only say thanks")
    assert message == "Marked 2 conversations that only say thanks done"
    assert ws.state("q1").status == "done" and ws.state("q2").status == "done"
    assert ws.undo() == f"Undone: {message}"
    assert ws.state("q1").status == "open" and ws.state("q2").status == "snoozed"  # each as it was
    with pytest.raises(UsageError):
        ws.mark_all_done(["nope"], "that only say thanks")


def test_two_processes_sending_one_draft_at_once_post_it_once(tmp_path):
    """Each with its own Store (its own lock handles), as two `socialtui reply` runs have: both
    read no send key at once, and both posted before the send was serialised."""
    import threading

    from socialtui.workspace_sending import RepeatedReply

    posted, outcomes, start = [], [], threading.Barrier(2)

    def slow_sender(target, body, key):
        posted.append(key)
        threading.Event().wait(0.3)  # the post is on its way while the other process looks
        return msg("reply", "out", body, id=f"remote-{len(posted)}", in_reply_to=target.id, when=NOW)

    def run():
        ws = Workspace(_dataset(), Store(tmp_path / "store"), "demo:brand", now_fn=lambda: NOW,
                       agent=DANA, live_sender=slow_sender)
        start.wait()
        try:
            outcomes.append(ws.send_reply("q1", "It arrives on Monday.").id)
        except RepeatedReply as exc:
            outcomes.append(str(exc))

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert len(posted) == 1, posted
    assert sorted(outcomes)[0].startswith("Not sent: the same reply went to this conversation at 18:00 UTC (remote-1).")
    assert "remote-1" in outcomes


def test_a_send_that_cannot_get_its_turn_says_so_and_posts_nothing(make, tmp_path):
    from filelock import FileLock

    from socialtui.errors import StoreLockedError

    posted = []
    ws = make(live_sender=lambda target, body, key: posted.append(key) or msg(
        "reply", "out", body, id="remote-1", in_reply_to=target.id, when=NOW))
    ws.store.sending = lambda scope, timeout=120.0, _s=ws.store.sending: _s(scope, timeout=0.2)
    holder = FileLock(str(ws.store._scope_dir("demo:brand") / ".sending.lock"))
    with holder:
        with pytest.raises(StoreLockedError, match="another socialtui process has been sending"):
            ws.send_reply("q1", "It arrives on Monday.")
    assert posted == []
    assert ws.send_reply("q1", "It arrives on Monday.").id == "remote-1" and len(posted) == 1  # its turn came


def test_a_tag_list_adds_and_removes_in_one_action_with_one_undo(make):
    """"-vip, -billing" said #vip was missing while listing it; "new, -billing" added "#-billing"."""
    ws = make()
    ws.tag("q1", "vip, billing")
    assert ws.untag("q1", "vip, billing") == "Removed #vip #billing from q1" and ws.state("q1").tags == ()
    ws.undo()
    assert ws.state("q1").tags == ("billing", "vip")
    assert ws.tag("q1", "new, -billing") == "Tagged q1 #new; removed #billing from q1"
    assert ws.state("q1").tags == ("new", "vip")
    assert ws.undo() == "Undone: Tagged q1 #new; removed #billing from q1" and ws.state("q1").tags == ("billing", "vip")
    with pytest.raises(UsageError, match="q1 has no tag #gone; nothing was changed"):
        ws.tag("q1", "extra, -gone")
    assert ws.state("q1").tags == ("billing", "vip")


def test_a_tag_list_that_changes_nothing_is_told_and_leaves_no_undo_step(make):
    ws = make()
    ws.tag("q1", "vip")
    for spec in ("vip", "x, -x"):
        with pytest.raises(UsageError, match="q1's tags stay as they are: #vip"):
            ws.tag("q1", spec)
    assert ws.undo() == "Undone: Tagged q1 #vip" and ws.undo() is None


def test_search_finds_a_tag_with_or_without_its_hash(make):
    """A tag was written and never found again: / vip and / #vip found nothing."""
    ws = make()
    assert ws.search("#vip") == [] and ws.search("vip") == []
    ws.tag("q2", "VIP, billing")
    assert ws.search("#vip") == ["q2"] and ws.search("vip") == ["q2"] and ws.search("#VIP") == ["q2"]
    assert ws.search("#vi") == []  # a tag whole, not a piece of one
    ws.untag("q2", "VIP")
    assert ws.search("#vip") == []


def test_a_demos_marks_move_with_its_dataset_from_one_session_to_the_next(tmp_path):
    """A demo moves its dataset to the present at every start. Its marks were kept at the clock's
    times: the next day every message had moved past "done" (the conversations came back as
    waiting), and `queue PATH`, judging at the dataset's own time, saw yesterday's snoozes as two
    weeks ahead. Kept on the dataset's timeline, as its sent replies are, they move with it."""
    store = Store(tmp_path / "store")

    def session(shift):
        return Workspace(_dataset().shifted(shift), store, "demo:brand", now_fn=lambda: NOW + shift,
                         time_shift=shift)

    first = session(timedelta(days=13))
    first.mark_done("q1")
    first.snooze("q2", NOW + timedelta(days=13, hours=2))
    later = session(timedelta(days=14, hours=6))  # the next day
    assert tier(later, "q1") == "done" and tier(later, "q2") == "snoozed"
    assert later.state("q2").until == NOW + timedelta(days=14, hours=8)  # two hours into this session, as set
    fixed = Workspace(_dataset(), store, "demo:brand", now_fn=lambda: NOW, time_shift=timedelta(0))  # --now
    assert tier(fixed, "q1") == "done" and fixed.state("q2").until == NOW + timedelta(hours=2)
    old = Workspace(_dataset(), store, "demo:brand", now_fn=lambda: NOW)  # (a store account's: no shift)
    assert old.state("q2").until == NOW + timedelta(hours=2)  # read as kept: the dataset's own time
