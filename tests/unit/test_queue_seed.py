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


def _stored_kestrel(tmp_path):
    store = Store(tmp_path / "data")
    ds = load_dataset(KESTREL)
    store.put_account(ds.account)
    store.add_messages(ds.account.handle, ds.messages)
    return store, ds.account.handle


def _unread(store, handle, now=AS_OF):
    """A workspace on the stored account before its messages are read (socialtui run, large account)."""
    from socialtui.domain.dataset import Dataset

    placeholder = Dataset(store.get_account(handle), [], f"store:{handle}")
    return Workspace(placeholder, store, handle, now_fn=lambda: now, loader=lambda progress: store.dataset(handle, progress))


def test_a_stored_accounts_seed_serves_before_its_messages_are_read(tmp_path):
    store, handle = _stored_kestrel(tmp_path)
    read = Workspace(store.dataset(handle), store, handle, now_fn=lambda: AS_OF)
    assert save_seed(read)
    unread = _unread(store, handle)
    seeded = seed_rows(unread)
    assert unread.loading and not unread.dataset.messages  # nothing was read for it
    assert seeded and _order(seeded) == _order(read.queue())
    unread.finish_loading()
    assert not unread.loading and _order(unread.queue()) == _order(read.queue())


def test_an_unread_seed_is_refused_when_the_store_changed_or_now_is_before_its_newest_message(tmp_path):
    from socialtui.domain.models import Author, Message

    store, handle = _stored_kestrel(tmp_path)
    save_seed(Workspace(store.dataset(handle), store, handle, now_fn=lambda: AS_OF))
    assert seed_rows(_unread(store, handle, now=AS_OF - timedelta(days=3))) is None  # some were not written yet
    store.add_messages(handle, [Message("late-1", "mention", "in", Author("newcomer"), "@kestrelmobile hi",
                                        AS_OF - timedelta(minutes=5))])
    assert seed_rows(_unread(store, handle)) is None  # a sync stored more: the last queue is not this one


def test_a_dataset_outside_the_store_never_gets_an_unread_seed(tmp_path):
    import orjson

    ws = _ws(tmp_path)
    save_seed(ws)
    doc = orjson.loads(seed_path(ws.store.root, ws.scope).read_bytes())
    assert "store" not in doc and doc["key"]


def test_only_accounts_beyond_the_smallest_layout_count_as_large(tmp_path, monkeypatch):
    import socialtui.store.messages as messages

    store, handle = _stored_kestrel(tmp_path)
    assert not store.is_large(handle) and not store.is_large("nobody")
    monkeypatch.setattr(messages, "MIN_SHARDS", 4)  # kestrel has 8 shards: beyond a 4-shard layout
    assert store.is_large(handle)


def test_an_unread_seed_is_not_used_when_the_store_index_is_damaged(tmp_path):
    store, handle = _stored_kestrel(tmp_path)
    save_seed(Workspace(store.dataset(handle), store, handle, now_fn=lambda: AS_OF))
    index = next((tmp_path / "data" / "accounts").rglob("index.json"))
    index.write_bytes(b"{broken")
    assert seed_rows(_unread(Store(tmp_path / "data"), handle)) is None  # no crash; the read names the file
