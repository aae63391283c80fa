"""Mastodon account archive.

Field shapes relied on: ``actor.json`` (``preferredUsername``, ``name``, ``id`` URL whose host
is the instance) and ``outbox.json`` (an ActivityPub ``OrderedCollection`` whose
``orderedItems`` are ``Create`` activities with a ``Note`` object — ``id``, ``published``,
``inReplyTo``, ``content`` HTML, ``to``/``cc``, ``conversation`` — or ``Announce``
activities (reposts) whose ``object`` is the reposted note's URL).
"""

from __future__ import annotations

from urllib.parse import urlsplit

import orjson

from socialtui.domain.models import Author, Message, RepostOf
from socialtui.domain.timeutil import parse_timestamp
from socialtui.sanitize import clean_handle, clean_line
from socialtui.sources.archives.reader import Archive, ArchiveError
from socialtui.sources.mastodon.html import html_to_text

PUBLIC = "https://www.w3.org/ns/activitystreams#Public"


def _json(archive: Archive, name: str):
    try:
        return orjson.loads(archive.read(name))
    except orjson.JSONDecodeError as exc:
        raise ArchiveError(f"{archive.path}: {name} is truncated or not valid JSON ({exc.msg}).",
                           "Download the archive again; nothing was imported.") from None


def _short(url: str | None) -> str | None:
    return url.rstrip("/").rsplit("/", 1)[-1] if url else None


def read_mastodon_archive(archive: Archive):
    actor_file, outbox_file = archive.find("actor.json"), archive.find("outbox.json")
    if actor_file is None or outbox_file is None:
        raise ArchiveError(f"{archive.path}: no actor.json or outbox.json found.",
                           "This does not look like a Mastodon archive (an X archive? use x-archive).")
    actor = _json(archive, actor_file)
    handle = clean_handle(actor.get("preferredUsername", ""))
    if not handle:
        raise ArchiveError(f"{archive.path}: actor.json has no preferredUsername.")
    name = clean_line(actor.get("name") or "")
    instance = urlsplit(actor.get("id", "")).netloc
    outbox = _json(archive, outbox_file)
    items = outbox.get("orderedItems") if isinstance(outbox, dict) else None
    if not isinstance(items, list):
        raise ArchiveError(f"{archive.path}: outbox.json has no orderedItems list.")
    me = Author(handle, name)
    messages = []
    for act in items:
        if not isinstance(act, dict):
            continue
        kind = act.get("type")
        if kind == "Announce":
            target = act.get("object") if isinstance(act.get("object"), str) else ""
            author = urlsplit(target).path.strip("/").split("/")[0].lstrip("@") or urlsplit(target).netloc
            messages.append(Message(id=_short((act.get("id") or "").removesuffix("/activity")) or target, kind="repost", direction="out", author=me,
                                    text="", created_at=parse_timestamp(act["published"]),
                                    repost_of=RepostOf(clean_handle(author), target)))
            continue
        note = act.get("object")
        if kind != "Create" or not isinstance(note, dict) or note.get("type") != "Note":
            continue
        text, links = html_to_text(note.get("content") or "")
        recipients = set(note.get("to") or []) | set(note.get("cc") or [])
        followers = actor.get("followers")
        direct = PUBLIC not in recipients and (not followers or followers not in recipients)
        reply_to = _short(note.get("inReplyTo"))
        messages.append(Message(
            id=_short(note.get("id")) or str(len(messages)), kind="dm" if direct else ("reply" if reply_to else "post"),
            direction="out", author=me, text=text, created_at=parse_timestamp(note["published"]),
            in_reply_to=reply_to, conversation=(note.get("conversation") or reply_to or _short(note.get("id")))
            if direct else None, links=links,
            lang=next(iter((note.get("contentMap") or {}).keys()), None),
        ))
    return {"handle": handle, "name": name, "instance": f"https://{instance}" if instance else None}, messages
