"""Datasets are put in (created_at, id) order once; ties on the timestamp go by id."""

from __future__ import annotations

from datetime import timedelta
from operator import attrgetter

from hypothesis import given
from hypothesis import strategies as st

from socialtui.domain.dataset import sort_in_time
from tests.builders import NOW, msg


@given(st.lists(st.tuples(st.integers(0, 5), st.integers(0, 30)), max_size=60, unique_by=lambda p: p[1]))
def test_order_is_time_then_id(pairs):
    messages = [msg("mention", "in", "hi", id=f"m{n:02d}", when=NOW + timedelta(seconds=t)) for t, n in pairs]
    want = sorted(messages, key=attrgetter("created_at", "id"))
    sort_in_time(messages)
    assert messages == want


def test_a_run_of_equal_timestamps_at_either_end():
    messages = [msg("mention", "in", "", id=i, when=NOW + timedelta(seconds=t))
                for i, t in [("c", 0), ("a", 0), ("z", 5), ("b", 0), ("y", 9), ("x", 9)]]
    sort_in_time(messages)
    assert [m.id for m in messages] == ["a", "b", "c", "z", "x", "y"]
