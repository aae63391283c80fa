"""Domain objects <-> plain JSON documents in the store."""

from __future__ import annotations

from datetime import datetime

from socialtui.domain.models import Author, Link, Message, RepostOf
from socialtui.domain.timeutil import format_timestamp, parse_timestamp
from socialtui.domain.workflow import ConversationState


def _ts(dt: datetime | None) -> str | None:
    return None if dt is None else dt.isoformat()


def _dt(s: str | None) -> datetime | None:
    return None if not s else datetime.fromisoformat(s)


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
        extra=d.get("extra") or {},
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
    return ConversationState(status=d.get("status", "open"), changed_at=_dt(d.get("changed_at")),
                             until=_dt(d.get("until")), assignee=d.get("assignee"),
                             escalated_to=d.get("escalated_to"), tags=tuple(d.get("tags") or ()))


__all__ = ["message_to_doc", "doc_to_message", "message_to_interface", "state_to_doc", "doc_to_state",
           "parse_timestamp"]
