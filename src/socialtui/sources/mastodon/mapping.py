"""Mastodon API JSON -> domain Messages; every string goes through the sanitizer.

Kinds, seen from the logged-in account (``own_id``):
own top-level status -> post, own status answering something -> reply, own reblog ->
repost (``repost_of`` names the original), someone else's status -> reply when it
answers something, else mention; anything ``direct`` -> dm, with the conversation id
from ``/api/v1/conversations`` when known.
"""

from __future__ import annotations

from typing import Any

from socialtui.domain.models import Author, Message, RepostOf
from socialtui.domain.timeutil import parse_timestamp
from socialtui.sanitize import clean_handle, clean_line, clean_url
from socialtui.sources.mastodon.html import html_to_text


class MappingError(ValueError):
    """One item of an API answer lacks what a Message needs (skipped, counted, reported)."""


def _author(account: dict[str, Any]) -> Author:
    handle = clean_handle(account.get("acct") or account.get("username") or "")
    return Author(handle or "unknown", clean_line(account.get("display_name") or ""))


def _accts(items: Any) -> list[str]:
    if not isinstance(items, list):
        return []
    return [h for h in (clean_handle(i.get("acct") or "") for i in items if isinstance(i, dict)) if h]


def status_to_message(status: dict[str, Any], own_id: str, *, conversation: str | None = None,
                      participants: list[str] | None = None) -> Message:
    """Map one status. ``conversation`` (a DM conversation id) marks it as a direct message."""
    try:
        sid = str(status["id"])
        created = parse_timestamp(status["created_at"])
        account = status["account"]
        outbound = str(account["id"]) == str(own_id)
    except (KeyError, TypeError, ValueError) as exc:
        raise MappingError(f"status without a usable {exc}") from None
    reblog = status.get("reblog") if isinstance(status.get("reblog"), dict) else None
    text, links = html_to_text(status.get("content"))
    parent = status.get("in_reply_to_id")
    parent = str(parent) if parent else None
    visibility = clean_line(status.get("visibility") or "public")
    repost_of = None
    if reblog:
        kind = "repost"
        original, _ = html_to_text(reblog.get("content"))
        repost_of = RepostOf(_author(reblog.get("account") or {}).handle, original)
        text, links, parent = "", (), None
    elif visibility == "direct" or conversation is not None:
        kind = "dm"
    elif parent:
        kind = "reply"
    else:
        kind = "post" if outbound else "mention"
    app = status.get("application") if isinstance(status.get("application"), dict) else {}
    extra: dict[str, Any] = {"visibility": visibility, "mentions": _accts(status.get("mentions"))}
    if status.get("url"):
        extra["url"] = clean_url(status["url"])
    if kind == "dm" and participants:
        extra["participants"] = participants
    return Message(
        id=sid, kind=kind, direction="out" if outbound else "in", author=_author(account), text=text,
        created_at=created, in_reply_to=parent if kind in ("reply", "dm") else None,
        # Without a conversation id (a DM seen outside /conversations) its thread root stands in.
        conversation=clean_line(conversation or parent or sid) if kind == "dm" else None,
        client=clean_line(app.get("name") or "") or None, links=links, repost_of=repost_of,
        lang=clean_line(status.get("language") or "") or None, extra=extra,
    )


def notification_to_message(notification: dict[str, Any], own_id: str) -> Message | None:
    """A ``mention`` notification's status; direct ones come with their conversation instead."""
    if notification.get("type") != "mention" or not isinstance(notification.get("status"), dict):
        return None
    status = notification["status"]
    if status.get("visibility") == "direct":
        return None
    return status_to_message(status, own_id)


def conversation_messages(conversation: dict[str, Any], statuses: list[dict[str, Any]],
                          own_id: str) -> list[Message]:
    """The statuses of one DM conversation (its last status plus thread context) as dms."""
    try:
        cid = str(conversation["id"])
    except (KeyError, TypeError):
        raise MappingError("conversation without an id") from None
    people = _accts(conversation.get("accounts"))
    return [status_to_message(s, own_id, conversation=cid, participants=people) for s in statuses]
