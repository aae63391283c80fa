"""Queue order (RULEBOOK "Queue order"): every tier, the tie-breaks, and the reasons."""

from datetime import timedelta

from socialtui.domain.workflow import ConversationState, WorkflowState
from socialtui.queue import TIERS, build_queue
from tests.builders import NOW, at, dataset, msg


def _question(cid, hours_ago, author="anna", text="Where is my order?"):
    return msg("mention", "in", text, id=cid, author=author, when=at(hours_ago))


def _answer(cid, hours_ago, text="It ships Monday."):
    return msg("reply", "out", text, id=f"{cid}-a", in_reply_to=cid, when=at(hours_ago))


def _queue(messages, states=None, hijack=frozenset()):
    snap = dataset(messages).snapshot(NOW, WorkflowState(dict(states or {})))
    return build_queue(snap, set(hijack))


def _order(rows):
    return [(r.id, r.tier) for r in rows]


def test_every_tier_in_rulebook_order():
    messages = [
        _question("hijack", 1, "carl", "were you hacked? weird DM from you"),
        _question("late", 5), _question("fresh", 0.5, "ben"),
        _question("esc", 3, "dora"), _question("snz", 3, "emil"),
        _question("ans", 6, "fay"), _answer("ans", 5),
        _question("done", 4, "gus"),
        msg("post", "out", "Our new colours", id="own"),  # no customer in it: not in the queue
    ]
    states = {
        "esc": ConversationState("escalated", at(2), until=NOW + timedelta(hours=4), escalated_to="Tech"),
        "snz": ConversationState("snoozed", at(2), until=NOW + timedelta(hours=1)),
        "done": ConversationState("done", at(1)),
    }
    rows = _queue(messages, states, {"hijack"})
    assert _order(rows) == [("hijack", "hijack-report"), ("late", "past-sla"), ("fresh", "within-sla"),
                            ("esc", "escalated"), ("snz", "snoozed"), ("ans", "answered"), ("done", "done")]
    assert [r.position for r in rows] == list(range(1, 8))
    assert [r.tier for r in rows] == list(TIERS)


def test_within_a_tier_oldest_first_then_conversation_id():
    rows = _queue([_question("b", 5), _question("a", 5), _question("c", 9), _question("d", 3)])
    assert [r.id for r in rows] == ["c", "a", "b", "d"]


def test_sla_boundary_is_inclusive():
    rows = _queue([_question("edge", 2), _question("inside", 1.99)])
    assert _order(rows) == [("edge", "past-sla"), ("inside", "within-sla")]


def test_no_follower_boost_order_ignores_who_writes():
    rows = _queue([_question("celebrity", 1, "famous"), _question("someone", 3, "nobody")])
    assert [r.id for r in rows] == ["someone", "celebrity"]


def test_overdue_escalation_comes_back_among_past_sla_by_waiting_since():
    # Within one tier rows go by waiting-since (RULEBOOK): the overdue escalation's customer has
    # waited 12 h, longer than "old"; ordered by its due time (5 h ago) it sat behind a 10 h wait.
    messages = [_question("old", 10), _question("esc", 12, "dora"), _question("new", 3, "ben"),
                _question("future", 8, "emil")]
    states = {
        "esc": ConversationState("escalated", at(11.5), until=at(5), escalated_to="Billing"),
        "future": ConversationState("escalated", at(7), until=NOW + timedelta(hours=1), escalated_to="Tech"),
    }
    rows = _queue(messages, states)
    assert _order(rows) == [("esc", "past-sla"), ("old", "past-sla"), ("new", "past-sla"), ("future", "escalated")]
    assert rows[0].overdue_escalation
    assert "overdue by 5h 00m" in rows[0].reason and "Billing" in rows[0].reason and "waiting 12h" in rows[0].reason
    assert "Tech" in rows[3].reason and "due in 1h 00m" in rows[3].reason


def test_escalations_ordered_by_due_time():
    states = {"a": ConversationState("escalated", at(1), until=NOW + timedelta(hours=5), escalated_to="x"),
              "b": ConversationState("escalated", at(1), until=NOW + timedelta(hours=2), escalated_to="y")}
    rows = _queue([_question("a", 3), _question("b", 4)], states)
    assert _order(rows) == [("b", "escalated"), ("a", "escalated")]


def test_snoozes_by_wake_time_and_wake_up():
    states = {
        "late-wake": ConversationState("snoozed", at(3), until=NOW + timedelta(hours=5)),
        "early-wake": ConversationState("snoozed", at(3), until=NOW + timedelta(hours=1)),
        "woke": ConversationState("snoozed", at(3), until=at(0.5)),  # wake time passed: waits again
    }
    rows = _queue([_question("late-wake", 4), _question("early-wake", 6), _question("woke", 5)], states)
    assert _order(rows) == [("woke", "past-sla"), ("early-wake", "snoozed"), ("late-wake", "snoozed")]
    assert "Snoozed until 19:00" in rows[1].reason


def test_customer_writing_again_wakes_a_snooze_and_reopens_done():
    messages = [_question("s", 6), msg("reply", "in", "hello??", id="s2", in_reply_to="s", when=at(1)),
                _question("d", 6, "ben"), msg("reply", "in", "still broken", id="d2", author="ben",
                                                in_reply_to="d", when=at(0.5))]
    states = {"s": ConversationState("snoozed", at(2), until=NOW + timedelta(hours=9)),
              "d": ConversationState("done", at(2))}
    rows = _queue(messages, states)
    assert _order(rows) == [("d", "past-sla"), ("s", "past-sla")]  # same waiting-since: by id
    assert rows[1].last_message_id == "s2"


def test_hijack_report_stays_on_top_until_done():
    messages = [_question("late", 20), _question("h", 1, "carl", "is this really you?"), _answer("h", 0.5)]
    rows = _queue(messages, hijack={"h"})
    assert _order(rows)[0] == ("h", "hijack-report")
    rows = _queue(messages, {"h": ConversationState("done", at(0.2))}, hijack={"h"})
    assert _order(rows) == [("late", "past-sla"), ("h", "done")]


def test_hijack_set_is_computed_when_not_given():
    messages = [_question("late", 20), _question("h", 1, "carl", "Were you hacked? I got a weird DM from you")]
    rows = build_queue(dataset(messages).snapshot(NOW))
    assert rows[0].id == "h" and rows[0].tier == "hijack-report"
    assert "may be hacked (h)" in rows[0].reason and "security first" in rows[0].reason


def test_reasons_are_plain_and_specific():
    rows = _queue([_question("a", 5.2), _question("b", 3), _question("c", 0.25)])
    assert rows[0].reason == ("Waiting 5h 12m, past the 2h 00m SLA since 14:48; "
                              "position 1 of 2 past-SLA conversations (oldest first).")
    assert rows[1].reason.startswith("Waiting 3h 00m") and "position 2 of 2" in rows[1].reason
    assert "runs out in 1h 45m" in rows[2].reason and "position 1 of 1 within-SLA conversation " in rows[2].reason


def test_row_fields_for_json():
    messages = [_question("q", 3), msg("reply", "in", "any news?", id="q2", author="ben", in_reply_to="q", when=at(1))]
    row = _queue(messages)[0]
    assert row.waiting_since == at(3) and row.last_message_id == "q2" and row.participants == ["anna", "ben"]
    answered = _queue([_question("x", 3), _answer("x", 2)])[0]
    assert answered.tier == "answered" and answered.waiting_since is None


def test_conversations_without_customers_are_left_out():
    assert _queue([msg("post", "out", "hello world", id="p1")]) == []


def test_a_queue_on_reused_threads_is_the_queue_of_a_fresh_snapshot():
    """Workflow changes and clock ticks order the queue from what the threads remember; it must
    come out as if everything had been built again (the hijack tier included)."""
    from socialtui.sources.dataset_dir import load_dataset
    from tests.conftest import AS_OF, KESTREL

    ds = load_dataset(KESTREL).in_order()
    first = ds.snapshot(AS_OF)
    build_queue(first)
    some = [r.id for r in build_queue(first)[:6]]
    state = WorkflowState({some[0]: ConversationState(status="done", changed_at=AS_OF),
                           some[3]: ConversationState(status="snoozed", changed_at=AS_OF,
                                                      until=AS_OF + timedelta(hours=1))})
    for later in (timedelta(0), timedelta(minutes=30), timedelta(hours=2), timedelta(days=3)):
        now = AS_OF + later
        reused = ds.snapshot(now, state, reuse=first.threads)
        assert reused.threads is first.threads
        fresh = ds.snapshot(now, state)
        got = [(r.id, r.tier, r.waiting_since, r.hijack_reports, r.reason) for r in build_queue(reused)]
        assert got == [(r.id, r.tier, r.waiting_since, r.hijack_reports, r.reason) for r in build_queue(fresh)]
