"""Mastodon account archive -> messages.

Field shapes relied on (the archive Mastodon offers under Preferences > Import and export):

- ``actor.json``: ``{"id": "https://social.example/users/kestrel", "preferredUsername":
  "kestrel", "name", "followers": "https://social.example/users/kestrel/followers"}``. The
  instance is the host of ``id``.
- ``outbox.json``: an ActivityPub ``OrderedCollection`` with ``orderedItems``:
  ``{"type": "Create", "published", "object": {"type": "Note" (or "Question"), "id":
  "https://social.example/users/kestrel/statuses/109...", "published", "inReplyTo": URL|null,
  "to": [...], "cc": [...], "conversation": "tag:...", "content": HTML, "contentMap":
  {"en": ...}, "tag": [{"type": "Mention", "name": "@anna@other.example"}]}}`` and
  ``{"type": "Announce", "id": ".../statuses/110.../activity", "published", "object":
  "https://other.example/users/fan/statuses/77"}`` (a boost).

Visibility comes from ``to``/``cc``: the Public collection (``...#Public``, ``as:Public``)
in ``to`` is public, in ``cc`` unlisted; the followers collection alone is followers-only;
neither is a direct message (kind ``dm``). A status on the own instance keeps the id the API
uses (the last path segment), so a later ``socialtui sync`` of the same account does not
duplicate it; anything on another server is named by its full URL. Boosts carry no text of
the boosted status, only its URL (kept in ``extra["url"]``).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from socialtui.domain.models import Author, Message, RepostOf
from socialtui.domain.timeutil import parse_timestamp
from socialtui.sanitize import clean_handle, clean_line, clean_url
from socialtui.sources.archives.common import (
    NOTHING_IMPORTED, RECORD_ERRORS, Archive, ArchiveError, FieldError, ParsedArchive, Progress, expect_list,
    need_time, no_progress, opt_dict, opt_str, record_error)
from socialtui.sources.mastodon.html import html_to_text

PUBLIC = frozenset({"https://www.w3.org/ns/activitystreams#Public", "as:Public", "Public"})
_STEP = 2000


class _Ids:
    """Message ids for status URLs: the API id on the own instance, else the URL."""

    def __init__(self, host: str) -> None:
        self.host = host

    def __call__(self, url: Any, label: str = "id") -> str | None:
        """The id for ``url``; None when there is none, a FieldError when it is not a URL string."""
        if url is None or url == "":
            return None
        if not isinstance(url, str):
            raise FieldError(label, f"a URL string, found {type(url).__name__}")
        url = clean_url(url.removesuffix("/activity"))
        parts = _split(url, label)
        if parts.netloc == self.host:
            return parts.path.rstrip("/").rsplit("/", 1)[-1] or url
        return url

    def author_of(self, url: str) -> str:
        """``https://other.example/@fan/77`` or ``.../users/fan/statuses/77`` -> ``fan@other.example``."""
        parts = _split(url, "object")
        path = [p for p in parts.path.split("/") if p]
        name = ""
        if path and path[0].startswith("@"):
            name = path[0][1:]
        elif len(path) >= 2 and path[0] == "users":
            name = path[1]
        if not name:
            return clean_handle(parts.netloc)
        return clean_handle(name if parts.netloc == self.host else f"{name}@{parts.netloc}")


def read_mastodon_archive(archive: Archive, progress: Progress = no_progress) -> ParsedArchive:
    """Parse the whole archive; raises ArchiveError naming the file on anything unexpected."""
    actor_file, outbox_file = archive.find("actor.json"), archive.find("outbox.json")
    if actor_file is None or outbox_file is None:
        other = archive.find("data/tweets.js", "data/tweet.js", "data/account.js")
        raise ArchiveError(
            f"{archive.path}: no actor.json or outbox.json in it, so this is not a Mastodon archive.",
            "It looks like an X/Twitter archive: use socialtui import x-archive PATH." if other else
            "Give the .zip from Preferences > Import and export > Request your archive, or its folder.")
    progress(f"reading {actor_file}", 0, None)
    actor = archive.json(actor_file)
    if not isinstance(actor, dict):
        raise ArchiveError(f"{archive.path}: {actor_file}: expected an object, found {type(actor).__name__}.",
                           NOTHING_IMPORTED)
    try:
        handle = clean_handle(opt_str(actor, "preferredUsername"))
        if not handle:
            raise ArchiveError(f"{archive.path}: {actor_file}: no preferredUsername in it.", NOTHING_IMPORTED)
        actor_id = clean_url(opt_str(actor, "id"))
        host = _split(actor_id, "id").netloc
        followers = clean_url(opt_str(actor, "followers")) or (f"{actor_id}/followers" if actor_id else None)
        me = Author(handle, clean_line(opt_str(actor, "name")))
    except FieldError as exc:
        raise ArchiveError(f"{archive.path}: {actor_file}: no usable {exc}.", NOTHING_IMPORTED) from None
    ids = _Ids(host)

    progress(f"reading {outbox_file}", 0, None)
    outbox = archive.json(outbox_file)
    items = expect_list(archive, outbox_file, outbox.get("orderedItems") if isinstance(outbox, dict) else outbox,
                        "an OrderedCollection with orderedItems")
    messages: list[Message] = []
    for i, act in enumerate(items):
        if i % _STEP == 0:
            progress(f"activities in {outbox_file}", i, len(items))
        try:
            m = _activity(act, me, ids, followers)
        except RECORD_ERRORS as exc:
            raise record_error(archive, outbox_file, f"activity number {i + 1}", exc) from None
        if m is not None:
            messages.append(m)
    progress(f"activities in {outbox_file}", len(items), len(items))
    _dm_conversations(messages)
    extra = {"archive_instance": f"https://{host}"} if host else {}
    return ParsedArchive("mastodon-archive", "mastodon", handle, me.name, messages, extra)


def _split(url: str, label: str):
    try:
        return urlsplit(url)
    except ValueError:
        raise FieldError(label, f"a URL, found {url[:80]!r}") from None


def _addresses(note: dict, key: str) -> set[str]:
    """``to``/``cc``: ActivityPub allows one address or a list of them."""
    value = note.get(key)
    if value is None:
        return set()
    if isinstance(value, str):
        return {value}
    if not isinstance(value, list):
        raise FieldError(f"object.{key}", f"a list of addresses, found {type(value).__name__}")
    return {a for a in value if isinstance(a, str)}


def _visibility(note: dict, followers: str | None) -> str:
    to, cc = _addresses(note, "to"), _addresses(note, "cc")
    if to & PUBLIC:
        return "public"
    if cc & PUBLIC:
        return "unlisted"
    if followers and followers in to | cc:
        return "private"
    return "direct"


def _activity(act: Any, me: Author, ids: _Ids, followers: str | None) -> Message | None:
    if not isinstance(act, dict):
        return None
    if act.get("type") == "Announce":
        target = act.get("object")
        target = target.get("id") if isinstance(target, dict) else target
        if target is not None and not isinstance(target, str):
            raise FieldError("object", f"a URL string, found {type(target).__name__}")
        target = clean_url(target or "")
        mid = ids(act.get("id")) or target
        if not mid:
            raise FieldError("id", "a status URL, found nothing")
        return Message(id=mid, kind="repost", direction="out", author=me, text="",
                       created_at=need_time(act.get("published"), "published", parse_timestamp),
                       repost_of=RepostOf(ids.author_of(target) if target else "unknown", ""),
                       extra={"url": target} if target else {})
    note = act.get("object")
    if act.get("type") != "Create" or not isinstance(note, dict) or note.get("type") not in ("Note", "Question"):
        return None  # follows, likes, deletes: not messages
    mid = ids(note.get("id"), "object.id")
    if not mid:
        raise FieldError("object.id", "a status URL, found nothing")
    text, links = html_to_text(opt_str(note, "content"))
    visibility = _visibility(note, followers)
    parent = ids(note.get("inReplyTo"), "object.inReplyTo")
    kind = "dm" if visibility == "direct" else ("reply" if parent else "post")
    tags = note.get("tag") or ()
    tags = [tags] if isinstance(tags, dict) else tags
    if not isinstance(tags, (list, tuple)):
        raise FieldError("object.tag", f"a list, found {type(tags).__name__}")
    mentions = [clean_handle(opt_str(t, "name", "object.tag.name")).removesuffix(f"@{ids.host}") for t in tags
                if isinstance(t, dict) and t.get("type") == "Mention"]
    conversation = note.get("conversation") or note.get("context")
    published = note.get("published") or act.get("published")
    return Message(
        id=mid, kind=kind, direction="out", author=me, text=text,
        created_at=need_time(published, "published", parse_timestamp), in_reply_to=parent,
        conversation=clean_line(conversation) if kind == "dm" and isinstance(conversation, str) else None,
        links=links, lang=clean_line(next(iter(opt_dict(note, "contentMap", "object.contentMap")), "")) or None,
        extra={"visibility": visibility, "mentions": [m for m in mentions if m],
               **({"url": clean_url(note["url"])} if isinstance(note.get("url"), str) else {})},
    )


def _dm_conversations(messages: list[Message]) -> None:
    """A direct message without a ``conversation`` joins the thread of its reply chain's root."""
    parent_of = {m.id: m.in_reply_to for m in messages}
    for m in messages:
        if m.kind == "dm" and not m.conversation:
            root, seen = m.id, {m.id}
            while parent_of.get(root) and parent_of[root] not in seen:
                root = parent_of[root]
                seen.add(root)
            m.conversation = root
