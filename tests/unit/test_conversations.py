from datetime import timedelta

from socialtui.domain.workflow import ConversationState, WorkflowState
from tests.builders import NOW, at, dataset, msg


def test_thread_root_is_followed_through_replies_and_missing_parent_is_root():
    ds = dataset([
        msg("reply", "in", "where is my order?", id="a", in_reply_to="gone", when=at(5)),
        msg("reply", "out", "@anna it ships today", id="b", in_reply_to="a", when=at(4)),
        msg("reply", "in", "thanks!", id="c", in_reply_to="b", when=at(3)),
    ])
    snap = ds.snapshot(NOW)
    assert set(snap.conversations) == {"gone"}
    conv = snap.conversations["gone"]
    assert [m.id for m in conv.messages] == ["a", "b", "c"]
    assert len(conv.turns) == 2
    assert conv.turns[0].response_time == timedelta(hours=1)
    assert conv.waiting_since == at(3)
    assert snap.is_waiting(conv)


def test_dm_conversation_and_consecutive_inbound_form_one_turn():
    ds = dataset([
        msg("dm", "in", "hi", id="d1", conversation="42", when=at(3)),
        msg("dm", "in", "hello?", id="d2", conversation="42", when=at(2)),
        msg("dm", "out", "hi Anna, how can I help?", id="d3", conversation="42", when=at(1)),
    ])
    conv = ds.snapshot(NOW).conversations["dm:42"]
    assert conv.is_dm
    assert len(conv.turns) == 1
    assert conv.turns[0].answer.id == "d3"
    assert conv.turns[0].response_time == timedelta(hours=2)
    assert conv.waiting_since is None


def test_future_messages_are_ignored_at_now():
    ds = dataset([
        msg("mention", "in", "@brand help", id="m1", when=at(3)),
        msg("reply", "out", "on it", id="m2", in_reply_to="m1", when=NOW + timedelta(hours=1)),
    ])
    snap = ds.snapshot(NOW)
    assert snap.is_waiting(snap.conversations["m1"])
    later = ds.snapshot(NOW + timedelta(hours=2))
    assert not later.is_waiting(later.conversations["m1"])


def test_done_holds_until_the_customer_writes_again_and_snooze_wakes():
    m1 = msg("mention", "in", "@brand help", id="m1", when=at(3))
    ds = dataset([m1])
    done = WorkflowState({"m1": ConversationState("done", changed_at=at(2))})
    snap = ds.snapshot(NOW, done)
    assert not snap.is_waiting(snap.conversations["m1"])
    ds2 = dataset([m1, msg("reply", "in", "still broken", id="m2", in_reply_to="m1", when=at(1))])
    snap2 = ds2.snapshot(NOW, done)
    assert snap2.is_waiting(snap2.conversations["m1"])
    snoozed = WorkflowState({"m1": ConversationState("snoozed", changed_at=at(2), until=at(1))})
    assert ds.snapshot(NOW, snoozed).waiting  # woke an hour ago
    asleep = WorkflowState({"m1": ConversationState("snoozed", changed_at=at(2), until=NOW + timedelta(hours=1))})
    assert not ds.snapshot(NOW, asleep).waiting


def test_deep_chain_and_cycle_do_not_recurse():
    chain = [msg("mention", "in", "start", id="c0", when=at(10))]
    for i in range(1, 12000):
        chain.append(msg("reply", "in", "x", id=f"c{i}", in_reply_to=f"c{i-1}", when=at(9)))
    chain.append(msg("reply", "in", "loop a", id="y1", in_reply_to="y2", when=at(2)))
    chain.append(msg("reply", "in", "loop b", id="y2", in_reply_to="y1", when=at(1)))
    convs = dataset(chain).snapshot(NOW).conversations
    assert len(convs["c0"].messages) == 12000
    assert [m.id for m in convs["y1"].messages] == ["y1", "y2"]


def test_reply_stamped_before_its_parent_still_joins_its_thread_in_time_order():
    # clock skew: the answer "b" carries a time before the question it answers
    ds = dataset([
        msg("mention", "in", "@brand is the K7 out?", id="a", when=at(3)),
        msg("reply", "out", "@anna next week", id="b", in_reply_to="a", when=at(4)),
        msg("reply", "in", "thanks", id="c", in_reply_to="b", when=at(2)),
        msg("mention", "in", "@brand unrelated", id="z", when=at(1)),
    ])
    snap = ds.snapshot(NOW)
    assert set(snap.conversations) == {"a", "z"}
    conv = snap.conversations["a"]
    assert [m.id for m in conv.messages] == ["b", "a", "c"]  # time order, as always
    assert [[m.id for m in t.messages_in(conv)] for t in conv.turns] == [["a", "c"]]
    assert conv.waiting_since == at(3)
    assert snap.conversation_of == {"a": "a", "b": "a", "c": "a", "z": "z"}


def test_snapshot_reuses_threads_until_a_message_arrives():
    ds = dataset([
        msg("mention", "in", "@brand hello", id="m1", when=at(3)),
        msg("reply", "out", "hi", id="m2", in_reply_to="m1", when=NOW + timedelta(hours=1)),
    ]).in_order()
    first = ds.snapshot(NOW)
    later = ds.snapshot(NOW + timedelta(minutes=30), reuse=first.threads)
    assert later.conversations is first.conversations  # nothing new: not rebuilt
    assert later.is_waiting(later.conversations["m1"])
    after_reply = ds.snapshot(NOW + timedelta(hours=2), reuse=first.threads)
    assert after_reply.conversations is not first.conversations
    assert not after_reply.is_waiting(after_reply.conversations["m1"])


def test_a_turn_holds_the_customers_run_up_to_the_answer_and_no_repost_or_answer():
    ds = dataset([
        msg("mention", "in", "@brand my order?", id="q1", when=at(6)),
        msg("repost", "in", "", id="rp", in_reply_to="q1", when=at(5, 30)),
        msg("reply", "in", "hello??", id="q2", in_reply_to="q1", when=at(5)),
        msg("reply", "out", "@anna on its way", id="a1", in_reply_to="q2", when=at(4)),
        msg("reply", "in", "thanks, and the invoice?", id="q3", in_reply_to="a1", when=at(3)),
    ])
    snap = ds.snapshot(NOW)
    conv = snap.conversations["q1"]
    first, second = conv.turns
    assert (first.first.id, first.last.id, first.answer.id) == ("q1", "q2", "a1")
    assert [m.id for m in first.messages_in(conv)] == ["q1", "q2"]
    assert [first.contains(snap.message(i)) for i in ("q1", "rp", "q2", "a1", "q3")] == [True, False, True, False, False]
    assert second.contains(snap.message("q3")) and second.answer is None
    assert conv.last_inbound_at == at(3) and conv.waiting_since == at(3)
    assert snap.message("q2").text == "hello??" and snap.message("nope") is None
