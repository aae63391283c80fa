"""Domain objects <-> plain JSON documents in the store."""

from __future__ import annotations

from collections import deque
from dataclasses import fields
from datetime import datetime
from itertools import repeat

from socialtui.domain.models import NO_EXTRA, Author, Link, Message, RepostOf
from socialtui.domain.timeutil import format_timestamp, parse_timestamp
from socialtui.domain.workflow import STATUSES, ConversationState


def _ts(dt: datetime | None) -> str | None:
    return None if dt is None else dt.isoformat()


def _dt(s: str | None) -> datetime | None:
    if not s:
        return None
    value = datetime.fromisoformat(s)
    if value.tzinfo is None:  # compared with aware times everywhere: refuse it here, not mid-session
        raise ValueError(f"time {s!r} has no UTC offset")
    return value


def message_to_doc(m: Message) -> dict:
    doc = {"id": m.id, "kind": m.kind, "direction": m.direction,
           "author": {"handle": m.author.handle, "name": m.author.name}, "text": m.text,
           "created_at": _ts(m.created_at)}
    if m.in_reply_to:
        doc["in_reply_to"] = m.in_reply_to
    if m.conversation is not None:
        doc["conversation"] = m.conversation
    if m.client:
        doc["client"] = m.client
    if m.links:
        doc["links"] = [{"url": l.url, "text": l.text} for l in m.links]
    if m.repost_of:
        doc["repost_of"] = {"author": m.repost_of.author, "text": m.repost_of.text}
    if m.lang:
        doc["lang"] = m.lang
    if m.extra:
        doc["extra"] = m.extra
    return doc


def doc_to_message(d: dict) -> Message:
    a = d["author"]
    rp = d.get("repost_of")
    return Message(
        id=d["id"], kind=d["kind"], direction=d["direction"], author=Author(a["handle"], a.get("name") or ""),
        text=d.get("text", ""), created_at=datetime.fromisoformat(d["created_at"]),
        in_reply_to=d.get("in_reply_to"), conversation=d.get("conversation"), client=d.get("client"),
        links=tuple(Link(l["url"], l.get("text", "")) for l in d.get("links", ())),
        repost_of=RepostOf(rp["author"], rp.get("text", "")) if rp else None, lang=d.get("lang"),
        extra=d.get("extra") or NO_EXTRA,
    )


def message_to_interface(m: Message) -> dict:
    """The INTERFACE.md line for a message (exports, datasets)."""
    doc = message_to_doc(m)
    doc["created_at"] = format_timestamp(m.created_at)
    doc.pop("extra", None)
    doc.update({k: v for k, v in m.extra.items() if k not in doc})
    return doc


def state_to_doc(s: ConversationState) -> dict:
    return {"status": s.status, "changed_at": _ts(s.changed_at), "until": _ts(s.until), "assignee": s.assignee,
            "escalated_to": s.escalated_to, "tags": list(s.tags)}


def doc_to_state(d: dict) -> ConversationState:
    """A stored state; ValueError for one no socialtui wrote (an unknown status, a name that is
    not text), which the store reports as a corrupt file."""
    status = d.get("status", "open")
    if status not in STATUSES:
        raise ValueError(f"unknown status {status!r}")
    people = (d.get("assignee"), d.get("escalated_to"))
    tags = d.get("tags") or ()
    if not isinstance(tags, (list, tuple)):
        raise ValueError("tags must be a list")
    tags = tuple(tags)
    if not all(p is None or isinstance(p, str) for p in people) or not all(isinstance(t, str) for t in tags):
        raise ValueError("assignee, escalated_to and tags must be text")
    return ConversationState(status=status, changed_at=_dt(d.get("changed_at")), until=_dt(d.get("until")),
                             assignee=people[0], escalated_to=people[1], tags=tags)




# -- message shards: columns, low-cardinality values stored once ----------------------------
# A shard holds thousands of messages; per-message dicts would repeat every key and every
# "reply"/"in"/"en". Columns parse faster with orjson and rebuild Messages with map().

def encode_shard(messages: list[Message], keys: list[str]) -> dict:
    """Messages (with their conversation keys) -> one shard document."""
    vocab: dict = {}
    authors: dict = {}
    key_table: dict = {}

    def code(table: dict, value) -> int:
        found = table.get(value)
        if found is None:
            found = table[value] = len(table)
        return found

    links, reposts, extras = {}, {}, {}
    for i, m in enumerate(messages):
        if m.links:
            links[str(i)] = [[link.url, link.text] for link in m.links]
        if m.repost_of:
            reposts[str(i)] = [m.repost_of.author, m.repost_of.text]
        if m.extra:
            extras[str(i)] = m.extra
    return {
        "count": len(messages),
        "id": [m.id for m in messages],
        "kind": [code(vocab, m.kind) for m in messages],
        "direction": [code(vocab, m.direction) for m in messages],
        "author": [code(authors, (m.author.handle, m.author.name)) for m in messages],
        "text": [m.text for m in messages],
        "created_at": [m.created_at.isoformat() for m in messages],
        "in_reply_to": [m.in_reply_to for m in messages],
        "conversation": [m.conversation for m in messages],
        "client": [code(vocab, m.client) for m in messages],
        "lang": [code(vocab, m.lang) for m in messages],
        "key": [code(key_table, k) for k in keys],
        "links": links, "repost_of": reposts, "extra": extras,
        "vocab": list(vocab), "authors": [list(a) for a in authors], "keys": list(key_table),
    }


# Most messages have no extras: they share one read-only empty mapping (64 MB less per
# million messages than a dict each; writing into it fails loudly instead of leaking).
# Message.__init__ costs 1.6 s per million (13 Python-level assignments each); filling the
# slots column by column through their descriptors does the same work in C (measured ~1 s
# less at 1M). The assert keeps this honest when Message gains a field.
_MESSAGE_FIELDS = ("id", "kind", "direction", "author", "text", "created_at", "in_reply_to", "conversation",
                   "client", "links", "repost_of", "lang", "extra")
assert _MESSAGE_FIELDS == tuple(f.name for f in fields(Message)), "update decode_shard for Message's fields"
_COLUMNS = ("id", "kind", "direction", "author", "text", "created_at", "in_reply_to", "conversation", "client",
            "lang", "key")
_MESSAGE_SETTERS = tuple(vars(Message)[name].__set__ for name in _MESSAGE_FIELDS)


def decode_shard(doc: dict, author_cache: dict) -> tuple[list[Message], list[str]]:
    """One shard document -> (messages, conversation keys), both in stored order."""
    n = doc["count"]
    short = [c for c in _COLUMNS if len(doc[c]) != n]
    if short:
        raise ValueError(f"columns {', '.join(short)} do not hold the {n} messages written")
    word = doc["vocab"].__getitem__
    table = []
    for handle, name in doc["authors"]:
        author = author_cache.get((handle, name))
        if author is None:
            author = author_cache[(handle, name)] = Author(handle, name)
        table.append(author)
    ids = doc["id"]
    # Replies point at ids of the same shard: share those strings instead of holding copies.
    same = dict(zip(ids, ids))
    parents = doc["in_reply_to"]
    links = [()] * n
    for i, items in doc["links"].items():
        links[int(i)] = tuple(Link(url, text) for url, text in items)
    reposts = [None] * n
    for i, (author, text) in doc["repost_of"].items():
        reposts[int(i)] = RepostOf(author, text)
    columns = (ids, map(word, doc["kind"]), map(word, doc["direction"]), map(table.__getitem__, doc["author"]),
               doc["text"], map(datetime.fromisoformat, doc["created_at"]), map(same.get, parents, parents),
               doc["conversation"], map(word, doc["client"]), links, reposts, map(word, doc["lang"]),
               repeat(NO_EXTRA, n))
    messages = list(map(object.__new__, repeat(Message, n)))
    for setter, values in zip(_MESSAGE_SETTERS, columns):
        deque(map(setter, messages, values), maxlen=0)
    for i, extra in doc["extra"].items():
        messages[int(i)].extra = extra
    return messages, list(map(doc["keys"].__getitem__, doc["key"]))


__all__ = ["message_to_doc", "doc_to_message", "message_to_interface", "state_to_doc", "doc_to_state", "encode_shard", "decode_shard",
           "parse_timestamp"]
