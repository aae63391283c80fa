"""The queue moved row by row (queue.update_queue) must be the queue built from scratch.

A workflow change or a clock tick re-orders the rows that changed instead of building the
whole queue again; any difference in order, tier, waiting time or reason would be a row in
the wrong place on the agent's screen.
"""

from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from socialtui.domain.dataset import Dataset
from socialtui.domain.workflow import ConversationState, WorkflowState
from socialtui.queue import build_queue, hijacked_in, update_queue
from socialtui.sources.dataset_dir import load_dataset
from tests.builders import NOW, at, dataset, msg
from tests.conftest import AS_OF, HARBOR, KESTREL

_DATASETS = {}


def _dataset(path):
    if path not in _DATASETS:
        _DATASETS[path] = load_dataset(path).in_order()
    return _DATASETS[path]


def _seen(rows):
    return [(r.id, r.position, r.tier, r.waiting_since, r.overdue_escalation, r.state, r.hijack_reports, r.reason)
            for r in rows]


def _step(ds, before, rows, hijacked, now, states):
    """The queue after one change, both ways; returns (snapshot, rows, hijack set, moved?)."""
    snap = ds.snapshot(now, WorkflowState(dict(states)), reuse=before.threads)
    new_hijacked = hijacked_in(snap)
    moved = update_queue(rows, hijacked, before, snap, new_hijacked)
    fresh = build_queue(ds.snapshot(now, WorkflowState(dict(states))))
    got = moved if moved is not None else build_queue(snap, new_hijacked)
    assert _seen(got) == _seen(fresh)
    return snap, got, new_hijacked, moved is not None


_CHANGE = st.one_of(
    st.tuples(st.just("state"), st.integers(0, 10_000),
              st.sampled_from(["done", "open", "snoozed", "escalated", "assigned", "snoozed-past"]),
              st.integers(1, 600)),
    st.tuples(st.just("clock"), st.integers(0, 6 * 60), st.just(""), st.just(0)),
)


@pytest.mark.parametrize("path", [KESTREL, HARBOR], ids=["kestrel", "harbor"])
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(changes=st.lists(_CHANGE, min_size=1, max_size=12))
def test_moving_rows_gives_the_queue_built_from_scratch(path, changes):
    ds = _dataset(path)
    now = AS_OF
    states: dict[str, ConversationState] = {}
    before = ds.snapshot(now, WorkflowState({}))
    rows = build_queue(before, hijacked := hijacked_in(before))
    ids = [r.id for r in rows]
    for kind, n, status, minutes in changes:
        if kind == "clock":
            now += timedelta(minutes=n)
        else:
            cid = ids[n % len(ids)]
            until = now + timedelta(minutes=minutes) if status in ("snoozed", "escalated") else None
            if status == "snoozed-past":  # a snooze that has already run out
                status, until = "snoozed", now - timedelta(minutes=minutes)
            if status == "assigned":
                states[cid] = (states.get(cid) or ConversationState()).with_(assignee="Dana Kim", changed_at=now)
            else:
                states[cid] = ConversationState(status, now, until=until, escalated_to="Billing" if
                                                status == "escalated" else None)
        before, rows, hijacked, _ = _step(ds, before, rows, hijacked, now, states)


def test_small_changes_move_rows_instead_of_building_the_queue():
    """The fast path is taken for the changes it is for (else the test above proves nothing)."""
    ds = _dataset(KESTREL)
    before = ds.snapshot(AS_OF, WorkflowState({}))
    rows = build_queue(before, hijacked := hijacked_in(before))
    waiting = [r.id for r in rows if r.tier in ("past-sla", "within-sla")]
    states = {waiting[0]: ConversationState("done", AS_OF)}
    before, rows, hijacked, moved = _step(ds, before, rows, hijacked, AS_OF, states)
    assert moved and rows[-1].id == waiting[0] and rows[-1].tier == "done"
    states[waiting[1]] = ConversationState("snoozed", AS_OF, until=AS_OF + timedelta(hours=1))
    before, rows, hijacked, moved = _step(ds, before, rows, hijacked, AS_OF + timedelta(minutes=1), states)
    assert moved and next(r for r in rows if r.id == waiting[1]).tier == "snoozed"
    # An hour and a half later the snooze has run out: the conversation is waiting again.
    before, rows, hijacked, moved = _step(ds, before, rows, hijacked, AS_OF + timedelta(minutes=91), states)
    assert moved and next(r for r in rows if r.id == waiting[1]).tier in ("past-sla", "within-sla")


def test_a_row_crossing_the_sla_line_moves_up_on_a_clock_tick():
    ds = dataset([msg("mention", "in", "where is my parcel?", id="old", when=at(1.5)),
                  msg("mention", "in", "is the K7 out?", id="new", author="ben", when=at(0.5)),
                  msg("mention", "in", "refund please", id="late", author="carl", when=at(5))]).in_order()
    before = ds.snapshot(NOW, WorkflowState({}))
    rows = build_queue(before, set())
    assert [(r.id, r.tier) for r in rows] == [("late", "past-sla"), ("old", "within-sla"), ("new", "within-sla")]
    snap = ds.snapshot(NOW + timedelta(minutes=31), WorkflowState({}), reuse=before.threads)
    moved = update_queue(rows, set(), before, snap, set())
    assert [(r.id, r.tier, r.position) for r in moved] == [("late", "past-sla", 1), ("old", "past-sla", 2),
                                                           ("new", "within-sla", 3)]
    assert "Waiting 2h 01m, past the 2h 00m SLA" in moved[1].reason


def test_other_messages_or_an_earlier_clock_build_the_queue_again():
    ds = _dataset(KESTREL)
    before = ds.snapshot(AS_OF, WorkflowState({}))
    rows = build_queue(before, hijacked := hijacked_in(before))
    earlier = ds.snapshot(AS_OF - timedelta(minutes=5), WorkflowState({}), reuse=before.threads)
    assert update_queue(rows, hijacked, before, earlier, hijacked_in(earlier)) is None
    other = ds.snapshot(AS_OF, WorkflowState({}))  # threads of its own: other messages, as far as it knows
    assert update_queue(rows, hijacked, before, other, hijacked_in(other)) is None


def test_a_hijack_report_leaving_the_window_leaves_the_reason():
    """Two reports in one conversation; a week later the first one is out of the window, and the
    moved queue names only the second, as a fresh one does."""
    week = 7 * 24
    ds = dataset([msg("mention", "in", "were you hacked? weird DM from you", id="r1", author="carl",
                      when=at(week - 0.2)),
                  msg("reply", "in", "is this really you? got a strange DM from you", id="r2", author="dora",
                      in_reply_to="r1", when=at(week - 1)),
                  msg("mention", "in", "where is my parcel?", id="q", when=at(1))]).in_order()
    before = ds.snapshot(NOW, WorkflowState({}))
    rows = build_queue(before, hijacked := hijacked_in(before))
    assert rows[0].id == "r1" and rows[0].hijack_reports == ("r1", "r2")
    later = NOW + timedelta(minutes=30)
    snap = ds.snapshot(later, WorkflowState({}), reuse=before.threads)
    moved = update_queue(rows, hijacked, before, snap, hijacked_in(snap))
    fresh = build_queue(ds.snapshot(later, WorkflowState({})))
    assert moved is not None and moved[0].hijack_reports == ("r2",)
    assert _seen(moved) == _seen(fresh)


def _answer(row, when, n):
    """The account's answer to a queued conversation's last customer message, sent at ``when``."""
    conv = row.conversation
    last_in = next(m for m in reversed(conv.messages) if m.direction == "in")
    if last_in.kind == "dm":
        return msg("dm", "out", "on its way", id=f"sent-{n}", author="brand", conversation=last_in.conversation,
                   when=when)
    return msg("reply", "out", f"@{last_in.author.handle} on its way", id=f"sent-{n}", author="brand",
               in_reply_to=last_in.id, when=when)


@pytest.mark.parametrize("path", [KESTREL, HARBOR], ids=["kestrel", "harbor"])
def test_a_reply_sent_moves_its_row_as_a_fresh_queue_places_it(path):
    """Each reply extends the threads; the queue moves the answered rows (DMs among them) instead
    of ordering every row again, and equals the queue built from scratch after each one."""
    ds = _dataset(path)
    messages, now = list(ds.messages), AS_OF
    before = Dataset(ds.account, messages, ordered=True).snapshot(now, WorkflowState({}))
    rows = build_queue(before, hijacked := hijacked_in(before))
    waiting = [r for r in rows if r.tier in ("past-sla", "within-sla")]
    # a hijack report (it stays on top, answered), then waiting rows, and a DM waiting or not
    # (Harbor has two conversations waiting, neither a DM)
    picks = [r for r in rows if r.tier == "hijack-report"][:1] + waiting[:3]
    picks.append(next(r for r in rows if r.conversation.is_dm and r not in picks))
    assert len(waiting) >= 2
    for n, row in enumerate(picks):
        now += timedelta(minutes=1)
        messages = sorted(messages + [_answer(row, now, n)], key=lambda m: (m.created_at, m.id))
        snap = Dataset(ds.account, messages, ordered=True).snapshot(now, WorkflowState({}), reuse=before.threads)
        assert snap.threads.growth_since(before.threads) is not None  # extended, not threaded again
        moved = update_queue(rows, hijacked, before, snap, hijacked)
        assert moved is not None
        fresh = build_queue(Dataset(ds.account, messages, ordered=True).snapshot(now, WorkflowState({})))
        assert _seen(moved) == _seen(fresh)
        assert next(r for r in moved if r.id == row.id).tier == ("hijack-report" if row.tier == "hijack-report"
                                                                 else "answered")
        before, rows = snap, moved


def test_a_customer_message_newer_than_all_moves_its_row_and_may_head_the_queue():
    """Messages a sync brings after all others extend the threads too: an inbound one can be a
    hijack report, so the workspace looks for reports again and the row goes to the top."""
    q = msg("mention", "in", "@brand where is my parcel?", id="q", when=at(3))
    p = msg("mention", "in", "@brand is the K7 out?", id="p", author="ben", when=at(1))
    messages = [q, p]
    before = dataset(messages).in_order().snapshot(NOW, WorkflowState({}))
    rows = build_queue(before, set())
    report = msg("reply", "in", "@brand were you hacked? I got a weird DM from you", id="r", author="ben",
                 in_reply_to="p", when=NOW)
    grown = Dataset(before.account, messages + [report], ordered=True)
    snap = grown.snapshot(NOW, WorkflowState({}), reuse=before.threads)
    growth = snap.threads.growth_since(before.threads)
    assert growth is not None and growth.inbound and growth.conversations == {"p"}
    moved = update_queue(rows, set(), before, snap, hijacked_in(snap))
    fresh = build_queue(Dataset(before.account, messages + [report], ordered=True).snapshot(NOW, WorkflowState({})))
    assert moved is not None and _seen(moved) == _seen(fresh) and moved[0].id == "p"
    assert moved[0].tier == "hijack-report"
