import errno
import json
import os
import stat
import subprocess
import sys
import textwrap

import pytest

from socialtui.domain.workflow import ConversationState
from socialtui.errors import StoreError, StoreLockedError
from socialtui.store import Store, slug
from socialtui.store import messages as shards_module
from tests.builders import NOW, account, at, msg


def _state_file(root):
    return next((root / "workspaces").glob("*/state.json"))


def test_accounts_and_messages_round_trip_and_dedup(tmp_path):
    store = Store(tmp_path)
    store.put_account(account(handle="brand", brand_terms=("Brand", "B7")))
    msgs = [msg("mention", "in", "@brand hi", id="m1", when=at(2)),
            msg("reply", "out", "hello https://brand.example/x", id="m2", in_reply_to="m1", when=at(1),
                client="socialtui", lang="en"),
            msg("dm", "in", "Grüße, wo bleibt mein Paket?", id="m3", conversation="c9", when=at(1), lang="de"),
            msg("repost", "out", "", id="m4", repost_of=("anna", "nice"))]
    msgs[0].extra = {"visibility": "public"}
    assert store.add_messages("brand", msgs) == 4
    assert store.add_messages("brand", msgs) == 0
    assert store.add_messages("brand", msgs + [msgs[0]]) == 0
    again = Store(tmp_path)
    assert again.list_accounts() == ["brand"]
    ds = again.dataset("brand")
    assert ds.account.brand_terms == ("Brand", "B7")
    by_id = {m.id: m for m in ds.messages}
    assert len(ds.messages) == 4
    assert by_id["m2"].in_reply_to == "m1" and by_id["m2"].client == "socialtui" and by_id["m2"].lang == "en"
    assert by_id["m2"].links[0].url == "https://brand.example/x"
    assert by_id["m3"].conversation == "c9" and by_id["m3"].text == "Grüße, wo bleibt mein Paket?"
    assert by_id["m1"].created_at == at(2) and by_id["m1"].extra == {"visibility": "public"}
    assert by_id["m4"].repost_of.author == "anna" and by_id["m2"].extra == {} and not by_id["m2"].extra
    assert again.message_ids("brand") == {"m1", "m2", "m3", "m4"}


def test_missing_account_is_a_clear_error(tmp_path):
    with pytest.raises(StoreError, match="No account @nobody"):
        Store(tmp_path).dataset("nobody")


def test_replies_live_with_their_conversation(tmp_path):
    s = Store(tmp_path)
    s.add_messages("b", [msg("mention", "in", "q", id="root"), msg("reply", "out", "a", id="r1", in_reply_to="root")])
    s.add_messages("b", [msg("reply", "in", "q2", id="r2", in_reply_to="r1"),
                         msg("dm", "in", "psst", id="d1", conversation="c7")])
    fresh = Store(tmp_path)
    assert {m.id for m in fresh.conversation_messages("b", "root")} == {"root", "r1", "r2"}
    assert [m.id for m in fresh.conversation_messages("b", "dm:c7")] == ["d1"]


def test_shards_split_as_the_account_grows_without_loss(tmp_path, monkeypatch):
    monkeypatch.setattr(shards_module, "SHARD_TARGET", 4)
    monkeypatch.setattr(shards_module, "MIN_SHARDS", 2)
    s = Store(tmp_path)
    ids = []
    for batch in range(6):
        new = [msg("mention", "in", f"q{batch}-{i}", id=f"m{batch}-{i}") for i in range(5)]
        ids += [m.id for m in new]
        assert s.add_messages("b", new) == 5
    index = json.loads((tmp_path / "accounts/b/messages/index.json").read_text())
    assert index["shards"] == 8
    fresh = Store(tmp_path).messages("b")
    assert sorted(m.id for m in fresh) == sorted(ids)


def test_interrupted_split_loses_and_duplicates_nothing(tmp_path, monkeypatch):
    monkeypatch.setattr(shards_module, "SHARD_TARGET", 4)
    monkeypatch.setattr(shards_module, "MIN_SHARDS", 2)
    s = Store(tmp_path)
    first = [msg("mention", "in", "q", id=f"a{i}") for i in range(8)]
    s.add_messages("b", first)
    real_write = shards_module.atomic_write
    calls = []

    def fail_after_index(path, data, **kw):
        calls.append(path.name)
        if "index.json" in calls[:-1] and path.name.startswith("shard-"):
            raise StoreError("simulated crash")
        return real_write(path, data, **kw)

    monkeypatch.setattr(shards_module, "atomic_write", fail_after_index)
    with pytest.raises(StoreError):
        s.add_messages("b", [msg("mention", "in", "q", id="b0")])
    monkeypatch.setattr(shards_module, "atomic_write", real_write)
    after = sorted(m.id for m in Store(tmp_path).messages("b"))
    assert after == sorted([m.id for m in first] + ["b0"])


def test_workflow_drafts_notes_sent_meta_presence_persist(tmp_path):
    s = Store(tmp_path)
    s.set_state("demo:k", "c1", ConversationState("snoozed", changed_at=NOW, until=at(-1), tags=("vip",)))
    s.save_draft("demo:k", "c1", "half a reply")
    s.save_draft("demo:k", "c2", "halbe Antwort, äöü")
    s.add_note("demo:k", "c1", "Dana", "called them", at=NOW)
    s.add_sent("demo:k", msg("reply", "out", "sent", id="s1", in_reply_to="c1"))
    s.add_sent("demo:k", msg("reply", "out", "sent", id="s1", in_reply_to="c1"))
    s.set_meta("demo:k", "cursor", {"since": "42"})
    s.set_presence("demo:k", "Dana", "c1", "replying")
    t = Store(tmp_path)
    st = t.workflow("demo:k").get("c1")
    assert st.status == "snoozed" and st.until == at(-1) and st.tags == ("vip",)
    assert t.get_draft("demo:k", "c1") == "half a reply"
    assert t.drafts("demo:k") == {"c1": "half a reply", "c2": "halbe Antwort, äöü"}
    assert [n["text"] for n in t.notes("demo:k", "c1")] == ["called them"]
    assert [m.id for m in t.sent_messages("demo:k")] == ["s1"]
    assert t.get_meta("demo:k", "cursor") == {"since": "42"} and t.get_meta("demo:k", "nope", 7) == 7
    assert t.presence("demo:k")["Dana"]["conversation"] == "c1"
    assert t.workflow("other").conversations == {} and t.get_draft("other", "c1") is None
    t.delete_draft("demo:k", "c1")
    t.delete_note("demo:k", "c1", NOW.isoformat())
    u = Store(tmp_path)
    assert u.get_draft("demo:k", "c1") is None and u.notes("demo:k", "c1") == []


def test_revision_changes_when_another_store_writes(tmp_path):
    mine, theirs = Store(tmp_path), Store(tmp_path)
    before = mine.revision("team")
    assert mine.revision("team") == before
    theirs.set_state("team", "c1", ConversationState("done"))
    after_state = mine.revision("team")
    assert after_state != before
    theirs.save_draft("team", "c1", "x")
    assert mine.revision("team") != after_state
    assert mine.workflow("team").get("c1").status == "done"


@pytest.mark.parametrize("fault", ["replace", "write"])
def test_failed_write_leaves_previous_file_intact(tmp_path, monkeypatch, fault):
    s = Store(tmp_path)
    s.set_state("x", "c1", ConversationState("done"))
    state_file = _state_file(tmp_path)
    before = state_file.read_bytes()

    def full_disk(*a, **k):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, fault, full_disk)
    with pytest.raises(StoreError, match="disk is full") as info:
        s.set_state("x", "c2", ConversationState("done"))
    monkeypatch.undo()
    assert "Nothing was lost" in str(info.value) and "Free some space" in str(info.value)
    assert state_file.read_bytes() == before
    assert not [p for p in state_file.parent.iterdir() if p.name.endswith(".tmp")]
    assert set(Store(tmp_path).workflow("x").conversations) == {"c1"}
    assert set(s.workflow("x").conversations) == {"c1"}


def test_failed_message_write_keeps_messages_and_memory_consistent(tmp_path, monkeypatch):
    s = Store(tmp_path)
    s.add_messages("b", [msg("mention", "in", "q", id="m1")])

    def io_error(*a, **k):
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(os, "replace", io_error)
    with pytest.raises(StoreError, match="previous data is intact"):
        s.add_messages("b", [msg("mention", "in", "q", id="m2")])
    monkeypatch.undo()
    assert s.message_ids("b") == {"m1"}
    assert s.add_messages("b", [msg("mention", "in", "q", id="m2")]) == 1


def test_corrupt_file_is_named_untouched_and_its_backup_recovers(tmp_path):
    s = Store(tmp_path)
    s.set_state("x", "c1", ConversationState("done"))
    s.set_state("x", "c2", ConversationState("done"))
    state_file = _state_file(tmp_path)
    state_file.write_bytes(b'{"conversations": {"1": {"conv')
    with pytest.raises(StoreError, match="corrupt or truncated") as info:
        Store(tmp_path).workflow("x")
    assert str(state_file) in str(info.value) and "left untouched" in str(info.value)
    assert "state.json.bak" in str(info.value)
    assert state_file.read_bytes() == b'{"conversations": {"1": {"conv'
    with pytest.raises(StoreError):  # a write refuses too, rather than overwrite it
        Store(tmp_path).set_state("x", "c3", ConversationState("done"))
    assert state_file.read_bytes() == b'{"conversations": {"1": {"conv'
    state_file.write_bytes(state_file.with_name("state.json.bak").read_bytes())
    assert set(Store(tmp_path).workflow("x").conversations) == {"c1"}


def test_truncated_shard_and_empty_drafts_are_named(tmp_path):
    s = Store(tmp_path)
    s.add_messages("b", [msg("mention", "in", "q", id="m1")])
    s.save_draft("x", "c", "t")
    shard = next((tmp_path / "accounts/b/messages").glob("shard-*.json"))
    shard.write_bytes(shard.read_bytes()[:40])
    with pytest.raises(StoreError, match="corrupt or truncated") as info:
        Store(tmp_path).messages("b")
    assert shard.name in str(info.value)
    drafts = next((tmp_path / "workspaces").glob("*/drafts.json"))
    drafts.write_bytes(b"")
    with pytest.raises(StoreError, match="is empty"):
        Store(tmp_path).get_draft("x", "c")


@pytest.mark.parametrize("name", ["state.json", "drafts.json", "shard"])
def test_file_from_newer_version_is_refused(tmp_path, name):
    s = Store(tmp_path)
    s.set_state("x", "c1", ConversationState("done"))
    s.save_draft("x", "c1", "t")
    s.add_messages("x", [msg("mention", "in", "q", id="m1")])
    if name == "shard":
        path = next((tmp_path / "accounts/x/messages").glob("shard-*.json"))
    else:
        path = next((tmp_path / "workspaces").glob(f"*/{name}"))
    data = json.loads(path.read_text())
    data["format"] = 99
    path.write_text(json.dumps(data))
    fresh = Store(tmp_path)
    with pytest.raises(StoreError, match="newer socialtui") as info:
        fresh.messages("x") if name == "shard" else (fresh.workflow("x"), fresh.drafts("x"))
    assert "Upgrade" in str(info.value) and str(path) in str(info.value)


def test_files_are_private(tmp_path):
    s = Store(tmp_path / "data")
    s.put_account(account())
    s.put_account(account())
    s.add_messages("brand", [msg("mention", "in", "q", id="m1")])
    s.save_draft("brand", "c1", "x")
    s.set_state("brand", "c1", ConversationState("done"))
    s.set_state("brand", "c1", ConversationState("open"))
    seen = set()
    for path in (tmp_path / "data").rglob("*"):
        seen.add(path.name)
        if path.name == ".lock":
            continue
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode == (0o700 if path.is_dir() else 0o600), path
    assert {"account.toml.bak", "state.json.bak"} <= seen


CLAIMS = """
import sys
from socialtui.domain.workflow import ConversationState
from socialtui.store import Store
store = Store(sys.argv[1])
for i in range(200):
    store.set_state("team", f"{sys.argv[2]}{i}", ConversationState("open", assignee=sys.argv[2]))
"""


def test_two_processes_lose_no_update(tmp_path):
    procs = [subprocess.Popen([sys.executable, "-c", CLAIMS, str(tmp_path), who]) for who in ("a", "b")]
    assert [p.wait(120) for p in procs] == [0, 0]
    states = Store(tmp_path).workflow("team").conversations
    assert len(states) == 400
    assert states["a199"].assignee == "a" and states["b0"].assignee == "b"


def test_lock_held_by_another_process_gives_clear_error(tmp_path):
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import sys, time
        from filelock import FileLock
        with FileLock({str(tmp_path / '.lock')!r}):
            print("held", flush=True)
            sys.stdin.readline()
        """)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        s = Store(tmp_path, lock_timeout=0.2)
        with pytest.raises(StoreLockedError, match="Another socialtui process holds the store lock"):
            s.save_draft("x", "c", "t")
        assert s.get_draft("x", "c") is None  # reads need no lock
    finally:
        holder.communicate("\n", timeout=10)


def test_symlinked_data_dir_works(tmp_path):
    real = tmp_path / "real"
    real.mkdir()
    (tmp_path / "link").symlink_to(real)
    linked = Store(tmp_path / "link")
    linked.save_draft("x", "c", "hello")
    linked.add_messages("b", [msg("mention", "in", "q", id="m1")])
    assert Store(real).get_draft("x", "c") == "hello"
    assert Store(real).message_ids("b") == {"m1"}


@pytest.mark.parametrize("scope", ["../../etc", "/abs/path", "demo:kestrel", "a/b", "..", "", ".", "a\x00b"])
def test_scope_slugs_cannot_escape(scope, tmp_path):
    name = slug(scope)
    assert "/" not in name and "\x00" not in name and name not in ("", ".", "..")
    root = tmp_path / "root"
    s = Store(root)
    s.save_draft(scope, "c", "x")
    s.set_state(scope, "c", ConversationState("done"))
    assert all(root in p.parents for p in tmp_path.rglob("*.json"))
    assert slug("demo:kestrel") != slug("demo_kestrel")


def test_first_layout_is_migrated(tmp_path):
    old = tmp_path / "accounts/b/messages"
    old.mkdir(parents=True)
    docs = {"1": {"id": "m1", "kind": "mention", "direction": "in", "author": {"handle": "anna", "name": ""},
                  "text": "hi", "created_at": NOW.isoformat()}}
    (old / "shard-007.json").write_text(json.dumps({"messages": docs, "_socialtui": {"1": {"format": 1}}}))
    assert Store(tmp_path).message_ids("b") == {"m1"}
    assert (old / "shard-007.json.migrated").exists()


def test_shard_with_a_short_column_is_named_not_half_loaded(tmp_path):
    s = Store(tmp_path)
    s.add_messages("b", [msg("mention", "in", "q", id="m1"), msg("mention", "in", "r", id="m2")])
    shard = None
    for path in (tmp_path / "accounts/b/messages").glob("shard-*.json"):
        data = json.loads(path.read_text())
        if data["count"]:
            data["text"] = data["text"][:-1]
            path.write_text(json.dumps(data))
            shard = path
            break
    with pytest.raises(StoreError, match="damaged") as info:
        Store(tmp_path).messages("b")
    # written once, the shard has no previous version: the hint must not send the user to one
    assert shard.name in str(info.value) and ".bak" not in str(info.value)
    assert "Restore it from a backup, or move it aside" in str(info.value)


def test_a_damaged_shard_names_its_previous_version_when_there_is_one(tmp_path):
    s = Store(tmp_path)
    s.add_messages("b", [msg("mention", "in", "q", id="m1")])
    s.add_messages("b", [msg("reply", "in", "r", id="m2", in_reply_to="m1")])  # the shard's second write keeps the first
    shard = next(p for p in (tmp_path / "accounts/b/messages").glob("shard-*.json")
                 if json.loads(p.read_text())["count"] == 2)
    data = json.loads(shard.read_text())
    data["text"] = data["text"][:-1]
    shard.write_text(json.dumps(data))
    with pytest.raises(StoreError, match="damaged") as info:
        Store(tmp_path).messages("b")
    assert f"The previous good version is {shard}.bak" in str(info.value)
    assert (tmp_path / "accounts/b/messages" / (shard.name + ".bak")).is_file()


def test_the_lock_file_is_private_like_the_store_files(tmp_path):
    import stat

    from socialtui.domain.workflow import ConversationState
    from socialtui.store import Store

    store = Store(tmp_path / "data")
    store.set_state("demo:x", "c1", ConversationState("done"))
    assert stat.S_IMODE((tmp_path / "data" / ".lock").stat().st_mode) == 0o600
