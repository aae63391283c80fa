"""X/Twitter account archive.

Field shapes relied on (as in archives downloaded since 2019):
- ``data/tweets.js`` (older: ``data/tweet.js``; big accounts: ``tweets-part1.js`` ...):
  ``window.YTD.tweets.part0 = [{"tweet": {"id_str", "full_text", "created_at":
  "Thu Jan 26 08:15:54 +0000 2023", "in_reply_to_status_id_str", "lang", "source":
  "<a href=...>Twitter Web App</a>", "entities": {"urls": [{"url", "expanded_url",
  "display_url"}]}}}, ...]``
- ``data/account.js``: ``[{"account": {"accountId", "username", "accountDisplayName"}}]``
- ``data/direct-messages.js`` and ``data/direct-messages-group.js``: ``[{"dmConversation":
  {"conversationId", "messages": [{"messageCreate": {"id", "senderId", "recipientId",
  "text", "createdAt": ISO, "urls": [...]}}]}}]``
"""

from __future__ import annotations

import re
from datetime import datetime

import orjson

from socialtui.domain.models import Author, Link, Message, RepostOf
from socialtui.domain.timeutil import parse_timestamp
from socialtui.sanitize import clean_handle, clean_line, clean_text, clean_url
from socialtui.sources.archives.reader import Archive, ArchiveError

_WRAPPER = re.compile(rb"^\s*window\.YTD\.[\w.]+\s*=\s*")
_SOURCE = re.compile(r">([^<]+)<")
_RT = re.compile(r"^RT @([\w]+):\s?(.*)$", re.S)


def load_js(archive: Archive, name: str) -> list:
    raw = archive.read(name)
    body = _WRAPPER.sub(b"", raw, count=1).strip().rstrip(b";")
    try:
        data = orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        raise ArchiveError(f"{archive.path}: {name} is truncated or not valid JSON ({exc.msg}).",
                           "Download the archive again; nothing was imported.") from None
    if not isinstance(data, list):
        raise ArchiveError(f"{archive.path}: {name} does not hold a list.", "Is this an X archive?")
    return data


def _tweet_time(value: str) -> datetime:
    try:
        return datetime.strptime(value, "%a %b %d %H:%M:%S %z %Y")
    except (TypeError, ValueError):
        return parse_timestamp(value)


def read_x_archive(archive: Archive):
    account_file = archive.find("data/account.js", "account.js")
    tweet_files = archive.find_all(lambda n: re.fullmatch(r"tweets?(-part\d+)?\.js", n) is not None)
    if account_file is None or not tweet_files:
        raise ArchiveError(f"{archive.path}: no data/account.js or data/tweets.js found.",
                           "This does not look like an X/Twitter archive (a Mastodon archive? use mastodon-archive).")
    acc = load_js(archive, account_file)[0].get("account", {})
    handle = clean_handle(acc.get("username", ""))
    if not handle:
        raise ArchiveError(f"{archive.path}: {account_file} has no username.")
    own_id = str(acc.get("accountId", ""))
    name = clean_line(acc.get("accountDisplayName", ""))
    messages: list[Message] = []
    for tf in tweet_files:
        for entry in load_js(archive, tf):
            t = entry.get("tweet", entry)
            try:
                messages.append(_tweet(t, handle, name))
            except (KeyError, TypeError, ValueError) as exc:
                raise ArchiveError(f"{archive.path}: {tf}: a tweet is missing {exc}.", "Nothing was imported.") from None
    for dm_name in ("direct-messages.js", "direct-messages-group.js"):
        f = archive.find("data/" + dm_name, dm_name)
        if f:
            messages.extend(_dms(load_js(archive, f), own_id, handle, name))
    return {"handle": handle, "name": name, "account_id": own_id}, messages


def _tweet(t: dict, handle: str, name: str) -> Message:
    text = t.get("full_text", t.get("text", ""))
    links = []
    for u in (t.get("entities") or {}).get("urls", []):
        if u.get("url") and u.get("expanded_url"):
            text = text.replace(u["url"], u["expanded_url"])
            links.append(Link(clean_url(u["expanded_url"]), clean_line(u.get("display_url", ""))))
    source = _SOURCE.search(t.get("source") or "")
    rt = _RT.match(text)
    reply_to = t.get("in_reply_to_status_id_str")
    kind = "repost" if rt else ("reply" if reply_to else "post")
    return Message(
        id=str(t["id_str"]), kind=kind, direction="out", author=Author(handle, name),
        text="" if rt else clean_text(text), created_at=_tweet_time(t["created_at"]),
        in_reply_to=str(reply_to) if reply_to and kind == "reply" else None,
        client=clean_line(source.group(1)) if source else None, links=tuple(links),
        repost_of=RepostOf(clean_handle(rt.group(1)), clean_text(rt.group(2))) if rt else None,
        lang=clean_line(t["lang"]) if t.get("lang") else None,
    )


def _dms(entries: list, own_id: str, handle: str, name: str):
    for entry in entries:
        conv = entry.get("dmConversation", {})
        cid = str(conv.get("conversationId", ""))
        for item in conv.get("messages", []):
            mc = item.get("messageCreate")
            if not mc:
                continue
            sender = str(mc.get("senderId", ""))
            out = sender == own_id
            links = tuple(Link(clean_url(u["expanded"]), clean_line(u.get("display", "")))
                          for u in mc.get("urls", []) if u.get("expanded"))
            yield Message(
                id=f"dm-{mc['id']}", kind="dm", direction="out" if out else "in",
                author=Author(handle, name) if out else Author(f"id{sender}"),
                text=clean_text(mc.get("text", "")), created_at=parse_timestamp(mc["createdAt"]),
                conversation=cid, links=links,
            )
