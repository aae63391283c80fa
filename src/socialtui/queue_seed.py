"""A warm start for large accounts: the queue's inputs, saved after each full build.

Threading a million messages takes seconds. What the queue needs per conversation is
small: when its customer started waiting, when they last wrote, who they are, a line
of preview, the language and its hijack reports. After the app has built the queue it
saves exactly that; at the next start, when the account's messages are the same, the
queue is ordered from the seed at once (with today's workflow state, clock and SLA),
while the conversations are threaded again in the background and then take over.

The seed is a cache: a missing, stale, damaged or foreign-version file is ignored and
rebuilt; writing it may fail (a full disk) without any harm.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import orjson

from socialtui.domain.conversations import waiting
from socialtui.domain.perf import gc_paused
from socialtui.queue import QueueRow, order_rows

VERSION = 1
PREVIEW_CHARS = 120  # wider than any queue pane shows; the seed parses twice as fast as at 240


class SeedMessage:
    """The one message a seed row shows: its preview and language."""

    __slots__ = ("text", "lang", "direction")

    def __init__(self, text: str, lang: str | None) -> None:
        self.text, self.lang, self.direction = text, lang, "in"


class SeedConversation:
    """What the queue shows and orders of a conversation, until the real one is built."""

    __slots__ = ("id", "is_dm", "waiting_since", "last_inbound_at", "participants", "_preview", "_lang")

    def __init__(self, cid: str, is_dm: bool, waiting_since: datetime | None, last_inbound_at: datetime | None,
                 participants: list[str], preview: str, lang: str | None) -> None:
        self.id, self.is_dm = cid, is_dm
        self.waiting_since, self.last_inbound_at = waiting_since, last_inbound_at
        self.participants = participants
        self._preview, self._lang = preview, lang

    @property
    def last_message(self) -> SeedMessage:
        """The one message it shows, made when a row is drawn or filtered (not for 100k rows at
        start: two objects a row that only the visible rows need)."""
        return SeedMessage(self._preview, self._lang)

    @property
    def messages(self) -> list[SeedMessage]:
        return [self.last_message]

    def is_waiting(self, state, now: datetime) -> bool:
        return waiting(self.waiting_since, self.last_inbound_at, state, now)


def _iso(when: datetime | None) -> str | None:
    return when.isoformat() if when is not None else None


def seed_document(rows: list[QueueRow], key: str, window_start: datetime, *, store_key: str | None = None,
                  newest: datetime | None = None) -> bytes:
    """The seed of a freshly built queue (rows holding real conversations); it knows the hijack
    reports from ``window_start`` on, so it serves only windows starting no earlier.

    ``store_key`` (see :func:`_store_key`) lets a later start use the seed before it has read
    the messages, at any instant from ``newest`` (the newest message) on."""
    out = []
    for r in rows:
        conv = r.conversation
        reports = []
        if r.hijack_reports:
            wanted = set(r.hijack_reports)
            reports = [[m.id, m.created_at.isoformat()] for m in conv.messages if m.id in wanted]
        lang = next((m.lang for m in reversed(conv.messages) if m.direction == "in" and m.lang), None)
        out.append([conv.id, conv.is_dm, _iso(conv.waiting_since), _iso(conv.last_inbound_at), conv.participants,
                    conv.last_message.text[:PREVIEW_CHARS], lang, reports])
    doc = {"version": VERSION, "key": key, "window_start": window_start.isoformat(), "rows": out}
    if store_key is not None and newest is not None:
        doc["store"], doc["newest"] = store_key, newest.isoformat()
    return orjson.dumps(doc)


def rows_from_seed(data: bytes, key: str | None, states: dict, now: datetime, sla, window_start: datetime,
                   store_key: str | None = None) -> list[QueueRow] | None:
    """Queue rows ordered from a seed, or None when it does not belong to ``key`` (or, before the
    messages are read, to ``store_key``) or is damaged."""
    with gc_paused():  # 100k rows of new objects: the collector would walk the whole account again and again
        return _rows_from_seed(data, key, states, now, sla, window_start, store_key)


def _belongs(doc, key: str | None, store_key: str | None, now: datetime) -> bool:
    if not isinstance(doc, dict) or doc.get("version") != VERSION:
        return False
    if key is not None and doc.get("key") == key:
        return True
    # Before the messages are read: the same stored messages, and every one of them known by now.
    return (store_key is not None and doc.get("store") == store_key
            and now >= datetime.fromisoformat(doc["newest"]))


def _rows_from_seed(data: bytes, key: str | None, states: dict, now: datetime, sla, window_start: datetime,
                    store_key: str | None) -> list[QueueRow] | None:
    try:
        doc = orjson.loads(data)
        if not _belongs(doc, key, store_key, now):
            return None
        if window_start < datetime.fromisoformat(doc["window_start"]):  # reports before it are not in it
            return None
        entries = []
        append, parse = entries.append, datetime.fromisoformat
        for cid, is_dm, since, last_in, people, preview, lang, reports in doc["rows"]:
            since = parse(since) if since else None
            conv = SeedConversation(cid, is_dm, since, parse(last_in) if last_in else None, people, preview, lang)
            if not reports:  # nearly every row: no hijack report to re-check against the window
                append((conv, since, False, (), None))
                continue
            current = [(mid, parse(at)) for mid, at in reports if parse(at) >= window_start]
            append((conv, since, bool(current), tuple(mid for mid, _ in current), current[0][1] if current else None))
        return order_rows(entries, states, now, sla)
    except (orjson.JSONDecodeError, KeyError, TypeError, ValueError):
        return None


def seed_path(root: Path, scope: str) -> Path:
    import hashlib

    return Path(root) / "cache" / f"queue-{hashlib.sha256(scope.encode()).hexdigest()[:16]}.json"


def _key(scope: str, dataset, count: int) -> str:
    """What the seed depends on: the scope, the messages known (count and the newest), and the
    account settings that decide hijack reports."""
    import hashlib

    last = dataset.messages[count - 1] if count else None
    acc = dataset.account
    parts = [VERSION, scope, dataset.source, count, last.id if last else "", _iso(last.created_at) if last else "",
             acc.handle, list(acc.brand_terms), list(acc.vocabulary.get("hijack", ())), acc.window.total_seconds()]
    return hashlib.sha256(orjson.dumps(parts)).hexdigest()


def _store_key(scope: str, account, revision: str, sent_ids) -> str:
    """What a seed depends on when the messages are not read yet: the scope, the store's messages
    revision, the replies sent from here, and the account settings that decide hijack reports."""
    import hashlib

    parts = [VERSION, scope, revision, list(sent_ids), account.handle, list(account.brand_terms),
             list(account.vocabulary.get("hijack", ())), account.window.total_seconds()]
    return hashlib.sha256(orjson.dumps(parts)).hexdigest()


def save_seed(ws) -> bool:
    """Keep a workspace's built queue for the next start; False when it could not be written."""
    from socialtui.errors import SocialtuiError
    from socialtui.store.storage import atomic_write

    snap = ws.snapshot()
    rows = ws.queue()
    dataset = snap.dataset
    store_key = newest = None
    if dataset.revision and dataset.messages and len(snap.known) == len(dataset.messages):
        store_key = _store_key(ws.scope, dataset.account, dataset.revision, ws.merged_sent_ids())
        newest = dataset.messages[-1].created_at
    try:
        atomic_write(seed_path(ws.store.root, ws.scope),
                     seed_document(rows, _key(ws.scope, dataset, len(snap.known)), snap.window_start,
                                   store_key=store_key, newest=newest))
    except (OSError, SocialtuiError):
        return False  # a cache: the next start is only slower
    return True


def seed_rows(ws) -> list[QueueRow] | None:
    """The queue ordered from the last session's seed, when the messages are the same; else None."""
    now = ws.now_fn()
    try:
        data = seed_path(ws.store.root, ws.scope).read_bytes()
    except OSError:
        return None
    account = ws.account
    if ws.loading:  # the messages are not read yet: recognise them by the store's revision
        if not ws.dataset.source.startswith("store:"):
            return None  # a dataset directory: only its messages say which seed is its own
        from socialtui.errors import SocialtuiError

        key = None
        try:
            store_key = _store_key(ws.scope, account, ws.store.messages_revision(account.handle),
                                   [m.id for m in ws.store.sent_messages(ws.scope)])
        except SocialtuiError:
            return None  # a damaged store file: the reading worker names it
    else:
        dataset = ws.merged_dataset()
        key, store_key = _key(ws.scope, dataset, dataset.count_known(now)), None
    return rows_from_seed(data, key, ws.store.workflow(ws.scope, ws.time_shift).conversations, now, account.sla,
                          now - account.window, store_key)


LARGE = 50_000  # messages; from here on threading takes long enough that a seed pays


def seed_store_account(store, handle: str) -> bool:
    """After ``import`` or ``sync`` stored new messages of a large account: thread it once now
    and save the queue seed, so that even the first ``socialtui run`` shows its queue at once."""
    from datetime import datetime, timezone

    from socialtui.workspace import Workspace

    dataset = store.dataset(handle)
    if len(dataset.messages) < LARGE:
        return False
    return save_seed(Workspace(dataset, store, handle, now_fn=lambda: datetime.now(timezone.utc)))
