"""Mastodon API JSON -> domain Messages (everything through the sanitizer)."""

from __future__ import annotations

from typing import Any

from socialtui.domain.models import Author, Message, RepostOf
from socialtui.domain.timeutil import parse_timestamp
from socialtui.sanitize import clean_handle, clean_line
from socialtui.sources.mastodon.html import html_to_text


def _author(account: dict) -> Author:
    return Author(clean_handle(account.get("acct") or account.get("username") or "unknown"),
                  clean_line(account.get("display_name") or ""))


def status_to_message(status: dict[str, Any], own_id: str, *, conversation: str | None = None) -> Message:
    """Map one status. ``conversation`` marks it as part of a direct-message conversation."""
    account = status.get("account") or {}
    outbound = str(account.get("id")) == str(own_id)
    direct = status.get("visibility") == "direct" or conversation is not None
    reblog = status.get("reblog")
    text, links = html_to_text(status.get("content") or "")
    in_reply_to = status.get("in_reply_to_id")
    repost_of = None
    if reblog:
        kind = "repost"
        rtext, _ = html_to_text(reblog.get("content") or "")
        repost_of = RepostOf(_author(reblog.get("account") or {}).handle, rtext)
        text, links = "", ()
    elif direct:
        kind = "dm"
    elif in_reply_to:
        kind = "reply"
    else:
        kind = "post" if outbound else "mention"
    app = status.get("application") or {}
    return Message(
        id=str(status["id"]), kind=kind, direction="out" if outbound else "in", author=_author(account),
        text=text, created_at=parse_timestamp(status["created_at"]),
        in_reply_to=str(in_reply_to) if in_reply_to and kind in ("reply", "dm") else None,
        conversation=str(conversation or status.get("in_reply_to_id") or status["id"]) if kind == "dm" else None,
        client=clean_line(app["name"]) if app.get("name") else None, links=links, repost_of=repost_of,
        lang=clean_line(status["language"]) if status.get("language") else None,
        extra={"visibility": status.get("visibility"), "url": status.get("url")},
    )
