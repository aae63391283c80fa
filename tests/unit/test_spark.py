"""The sidebar's sparkline: how many conversations waited at the end of each of the last 7 days."""

from __future__ import annotations

from socialtui.ui.spark import waiting_per_day
from tests.builders import NOW, at, dataset, msg

DAY = 24


def test_each_day_counts_who_waited_then():
    msgs = [
        # silent for ten days, the customer last: waiting at every one of the seven instants
        msg("mention", "in", "@brand hello?", id="a0", when=at(hours_ago=10 * DAY)),
        # answered nine days ago: waiting at none
        msg("mention", "in", "@brand order?", id="b0", when=at(hours_ago=10 * DAY)),
        msg("reply", "out", "@anna shipped", id="b1", in_reply_to="b0", when=at(hours_ago=9 * DAY)),
        # asked three and a half days ago, answered one and a half days ago: waiting at -3 and -2 days
        msg("mention", "in", "@brand refund?", id="c0", when=at(hours_ago=3.5 * DAY)),
        msg("reply", "out", "@anna done", id="c1", in_reply_to="c0", when=at(hours_ago=1.5 * DAY)),
        # the brand posted long ago, a customer answered twelve hours ago: waiting now only
        msg("post", "out", "News", id="d0", when=at(hours_ago=12 * DAY)),
        msg("reply", "in", "@brand and mine?", id="d1", in_reply_to="d0", when=at(hours_ago=0.5 * DAY)),
    ]
    snap = dataset(msgs).snapshot(NOW)
    #                            -6d  -5d  -4d  -3d  -2d  -1d  now
    assert waiting_per_day(snap) == [1.0, 1.0, 1.0, 2.0, 2.0, 1.0, 2.0]


def test_the_last_point_honours_done_marks():
    from socialtui.domain.workflow import ConversationState, WorkflowState

    msgs = [msg("mention", "in", "@brand hi", id="a0", when=at(hours_ago=10 * DAY))]
    state = WorkflowState({"a0": ConversationState(status="done", changed_at=at(hours_ago=1))})
    assert waiting_per_day(dataset(msgs).snapshot(NOW, state)) == [1.0] * 6 + [0.0]
