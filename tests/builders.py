"""Small hand-made datasets for unit tests."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from itertools import count

from socialtui.domain.dataset import Dataset
from socialtui.domain.links import extract_links
from socialtui.domain.models import Account, Author, Message, RepostOf

NOW = datetime(2026, 11, 20, 18, 0, tzinfo=timezone.utc)
_ids = count(1)


def at(hours_ago: float = 0, minutes_ago: float = 0) -> datetime:
    return NOW - timedelta(hours=hours_ago, minutes=minutes_ago)


def msg(kind: str, direction: str, text: str = "", *, id: str | None = None, author: str | None = None,
        when: datetime | None = None, in_reply_to: str | None = None, conversation: str | None = None,
        client: str | None = None, repost_of: tuple[str, str] | None = None, lang: str | None = None,
        links=None) -> Message:
    mid = id or f"t{next(_ids)}"
    handle = author or ("brand" if direction == "out" else "anna")
    return Message(
        id=mid, kind=kind, direction=direction, author=Author(handle), text=text,
        created_at=when or NOW, in_reply_to=in_reply_to, conversation=conversation, client=client,
        links=tuple(links) if links is not None else extract_links(text),
        repost_of=RepostOf(*repost_of) if repost_of else None, lang=lang,
    )


def account(**kw) -> Account:
    base = dict(handle="brand", name="Brand", platform="mastodon", own_domains=("brand.example",),
                brand_terms=("Brand",), trusted_clients=("socialtui",))
    base.update(kw)
    return Account(**base)


def dataset(messages, **account_kw) -> Dataset:
    return Dataset(account(**account_kw), list(messages), "test")
