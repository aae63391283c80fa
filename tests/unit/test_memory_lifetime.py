"""What a long session replaces must leave memory: a large account's app freezes the cyclic
collector out of its million objects (``gc.freeze``), so anything freed only by that collector
(a reference cycle) stays for the rest of the session. These tests run with the collector
off: what they check must go by reference counting alone.
"""

import gc
import weakref
from datetime import timedelta

import pytest

from socialtui.domain.dataset import Dataset
from socialtui.queue import order_rows
from socialtui.store import Store
from socialtui.workspace import Workspace
from tests.builders import NOW, at, dataset, msg


@pytest.fixture
def no_cyclic_gc():
    was = gc.isenabled()
    gc.collect()
    gc.disable()
    yield
    if was:
        gc.enable()


class _Conv:
    """A conversation as the seed's queue has it (order_rows needs no more), weakly referable."""

    __slots__ = ("id", "is_dm", "waiting_since", "last_inbound_at", "__weakref__")

    def __init__(self, cid, since):
        self.id, self.is_dm, self.waiting_since, self.last_inbound_at = cid, False, since, since

    def is_waiting(self, state, now):
        return self.waiting_since is not None


def test_a_replaced_queue_is_freed_with_its_conversations(no_cyclic_gc):
    convs = [_Conv(f"c{i}", NOW - timedelta(minutes=i)) for i in range(50)]
    rows = order_rows([(c, c.waiting_since, False, (), None) for c in convs], {}, NOW, timedelta(hours=2))
    assert [r.id for r in rows][:3] == ["c49", "c48", "c47"]  # (oldest wait first)
    assert rows[0].position == 1 and rows[-1].position == 50
    alive = weakref.ref(convs[0])
    del convs
    kept = rows[1]  # a row kept elsewhere (a message naming it) keeps its last position
    assert kept.position == 2
    del rows
    assert alive() is None, "the queue's rows hold each other in a cycle: frozen, it never leaves"
    assert kept.position == 2


def test_new_messages_do_not_keep_the_old_threads_alive(tmp_path, no_cyclic_gc):
    """A sync that brings messages builds the threads again; the old ones (a million messages'
    worth of conversations on a large account) must go, not wait for the next change."""
    first = dataset([msg("mention", "in", "@brand where is my order?", id="q1", author="anna", when=at(5))])
    ws = Workspace(first, Store(tmp_path / "store"), "demo:brand", now_fn=lambda: NOW)
    ws.queue()
    ws.health()
    old = weakref.ref(ws.snapshot().threads)
    later = Dataset(first.account, first.messages + [
        msg("mention", "in", "@brand hallo, noch eine Frage", id="q2", author="jonas", when=at(2))], first.source)
    ws.replace_dataset(later)
    assert [r.id for r in ws.queue()] == ["q1", "q2"]
    ws.health()
    assert old() is None
