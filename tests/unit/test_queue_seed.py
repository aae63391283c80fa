"""Warm start: the queue ordered from the last session's seed equals the real queue, follows
today's workflow state and clock, and is ignored when the messages changed or the file is damaged."""

from datetime import datetime, timedelta, timezone

from socialtui.queue_seed import save_seed, seed_path, seed_rows
from socialtui.sources.dataset_dir import load_dataset
from socialtui.store import Store
from socialtui.workspace import Workspace
from tests.conftest import AS_OF, KESTREL


def _ws(tmp_path, now=AS_OF, dataset=None):
    return Workspace(dataset or load_dataset(KESTREL), Store(tmp_path / "data"), "demo:kestrelmobile",
                     now_fn=lambda: now)


def _order(rows):
    return [(r.id, r.tier, r.waiting_since, r.hijack_reports) for r in rows]


def test_seed_gives_the_same_queue_as_threading_everything(tmp_path):
    ws = _ws(tmp_path)
    assert save_seed(ws)
    seeded = seed_rows(_ws(tmp_path))
    assert seeded and _order(seeded) == _order(ws.queue())
    assert seeded[0].tier == "hijack-report" and seeded[0].conversation.last_message.text


def test_seed_follows_todays_state_and_clock(tmp_path):
    save_seed(_ws(tmp_path))
    later = _ws(tmp_path, now=AS_OF + timedelta(hours=1))
    first_waiting = next(r.id for r in later.queue() if r.tier == "past-sla")
    later.mark_done(first_waiting)
    fresh = _ws(tmp_path, now=AS_OF + timedelta(hours=1))
    assert _order(seed_rows(fresh)) == _order(fresh.queue())


def test_seed_is_ignored_when_messages_changed_or_the_file_is_damaged(tmp_path):
    ws = _ws(tmp_path)
    save_seed(ws)
    ds = load_dataset(KESTREL)
    ds.messages.pop()  # one message fewer: another account state
    assert seed_rows(_ws(tmp_path, dataset=ds)) is None
    path = seed_path(ws.store.root, ws.scope)
    path.write_bytes(path.read_bytes()[:1000])
    assert seed_rows(_ws(tmp_path)) is None
    path.write_bytes(b"\x00\xff binary")
    assert seed_rows(_ws(tmp_path)) is None


def test_a_large_stored_account_gets_its_seed_before_the_first_start(tmp_path, monkeypatch):
    import socialtui.queue_seed as queue_seed

    store = Store(tmp_path / "data")
    ds = load_dataset(KESTREL)
    store.put_account(ds.account)
    store.add_messages(ds.account.handle, ds.messages)
    assert not queue_seed.seed_store_account(store, ds.account.handle)  # small: nothing to gain
    monkeypatch.setattr(queue_seed, "LARGE", 10)
    assert queue_seed.seed_store_account(store, ds.account.handle)  # saved at the wall clock's now
    later = datetime.now(timezone.utc) + timedelta(minutes=5)
    ws = Workspace(store.dataset(ds.account.handle), store, ds.account.handle, now_fn=lambda: later)
    assert _order(seed_rows(ws)) == _order(ws.queue())
    earlier = Workspace(store.dataset(ds.account.handle), store, ds.account.handle, now_fn=lambda: AS_OF)
    assert seed_rows(earlier) is None  # an earlier window may hold reports the seed never saw
