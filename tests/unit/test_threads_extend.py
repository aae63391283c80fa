"""A reply sent from here extends the threads instead of threading every message again."""

from __future__ import annotations

from datetime import timedelta

import pytest

from socialtui.domain.conversations import build_threads
from socialtui.domain.dataset import Dataset
from socialtui.sources.dataset_dir import load_dataset
from tests.builders import NOW, at, dataset, msg
from tests.conftest import HARBOR, KESTREL


def shape(conversations):
    """What a thread build decides: each conversation's messages and its turns."""
    return {cid: ([m.id for m in c.messages],
                  [([m.id for m in t.messages_in(c)], t.answer.id if t.answer else None) for t in c.turns])
            for cid, c in conversations.items()}


@pytest.mark.parametrize("path", [KESTREL, HARBOR])
def test_extending_by_the_newest_messages_equals_a_full_build(path):
    ds = load_dataset(path).in_order()
    checked = 0
    for cut in (1, 5, 40):
        head, tail = ds.messages[:-cut], ds.messages[-cut:]
        if tail[0].created_at == head[-1].created_at:
            continue  # not newer than all: the full build's case
        old = Dataset(ds.account, head, ordered=True).snapshot(ds.default_now())
        new = Dataset(ds.account, ds.messages, ordered=True).snapshot(ds.default_now(), reuse=old.threads)
        full, conv_of = build_threads(ds.messages, presorted=True)
        assert shape(new.conversations) == shape(full) and new.conversation_of == conv_of
        assert "threads" in new.__dict__  # taken from the extension, not built when first asked
        checked += 1
    assert checked >= 2


def test_a_sent_reply_extends_and_the_old_snapshot_is_left_alone():
    q = msg("mention", "in", "@brand where is my order?", id="q", when=at(hours_ago=3))
    first = dataset([q]).in_order()
    old = first.snapshot(NOW)
    before = shape(old.conversations)
    reply = msg("reply", "out", "@anna on its way", id="r", in_reply_to="q", when=at(hours_ago=1))
    new = Dataset(first.account, [q, reply], ordered=True).snapshot(NOW, reuse=old.threads)
    assert new.conversations["q"].turns[0].answer is reply
    assert not new.is_waiting(new.conversations["q"]) and old.is_waiting(old.conversations["q"])
    assert shape(old.conversations) == before  # a worker may still be evaluating the old one


@pytest.mark.parametrize("late", [
    msg("reply", "in", "@brand hello?", id="x", in_reply_to="nowhere", when=NOW - timedelta(minutes=1)),
    msg("reply", "in", "@brand again", id="q", in_reply_to="q", when=NOW - timedelta(minutes=1)),
])
def test_what_the_extension_cannot_place_is_threaded_in_full(late):
    q = msg("mention", "in", "@brand hi", id="q", when=at(hours_ago=3))
    first = dataset([q]).in_order()
    old = first.snapshot(NOW)
    new = Dataset(first.account, [q, late], ordered=True).snapshot(NOW, reuse=old.threads)
    assert "threads" not in new.__dict__  # built in full on first use
    full, _ = build_threads([q, late], presorted=True)
    assert shape(new.conversations) == shape(full)


def test_a_missing_parent_arriving_late_is_threaded_in_full():
    """A reply to a message not known yet names its thread after that id; when the message
    arrives (newer than all, clock skew or hostile data), the two threads are one, as a full
    build makes them."""
    root = msg("mention", "in", "@brand hi", id="root", when=at(hours_ago=5))
    orphan = msg("reply", "in", "@brand and?", id="orph", author="ben", in_reply_to="X", when=at(hours_ago=4))
    first = dataset([root, orphan]).in_order()
    old = first.snapshot(NOW)
    assert set(old.conversations) == {"root", "X"}
    late = msg("reply", "out", "@anna here it is", id="X", in_reply_to="root", when=at(hours_ago=1))
    new = Dataset(first.account, [root, orphan, late], ordered=True).snapshot(NOW, reuse=old.threads)
    full, conv_of = build_threads([root, orphan, late])
    assert shape(new.conversations) == shape(full) and set(new.conversations) == {"root"}

