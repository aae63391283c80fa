"""X/Twitter account archive -> messages.

Field shapes relied on (archives downloaded since 2019; every file is JavaScript of the form
``window.YTD.<name>.part0 = <JSON>``):

- ``data/tweets.js`` (older archives: ``data/tweet.js``; big accounts add ``tweets-part1.js``,
  ``tweets-part2.js`` ...): ``[{"tweet": {"id_str", "full_text", "created_at":
  "Thu Jan 26 08:15:54 +0000 2023", "in_reply_to_status_id_str", "in_reply_to_user_id_str",
  "in_reply_to_screen_name", "lang", "source": "<a href=...>Twitter Web App</a>",
  "entities": {"urls": [{"url": "https://t.co/..", "expanded_url", "display_url"}],
  "user_mentions": [{"id_str", "screen_name", "name"}]}}}, ...]``. ``full_text`` is
  HTML-escaped (``&amp;``); a retweet's text starts with ``RT @user:``.
- ``data/account.js``: ``[{"account": {"accountId", "username", "accountDisplayName"}}]``.
- ``data/direct-messages.js`` and ``data/direct-messages-group.js``: ``[{"dmConversation":
  {"conversationId", "messages": [{"messageCreate": {"id", "senderId", "recipientId",
  "text", "createdAt": "2023-01-26T08:15:54.000Z", "urls": [{"url", "expanded",
  "display"}]}}, {"joinConversation": ...}, ...]}}]``. Only ``messageCreate`` entries are
  messages. Senders are ids only; a sender is named by the handle the account's own tweets
  used for that id (replies and mentions), else ``id:<senderId>``.
"""

from __future__ import annotations

import html
import re
from datetime import datetime, timedelta, timezone

from socialtui.domain.models import Author, Link, Message, RepostOf
from socialtui.domain.timeutil import parse_timestamp
from socialtui.sanitize import clean_handle
from socialtui.sanitize import clean_line as _clean_line
from socialtui.sanitize import clean_text as _clean_text
from socialtui.sanitize import clean_url as _clean_url
from socialtui.sources.archives.common import (
    NOTHING_IMPORTED, Archive, ArchiveError, ParsedArchive, Progress, expect_list, fast_clean, no_progress)

clean_text, clean_line, clean_url = fast_clean(_clean_text), fast_clean(_clean_line), fast_clean(_clean_url)

_WRAPPER = re.compile(rb"\s*window\.YTD\.[\w.]+\s*=\s*")
_TWEET_FILE = re.compile(r"tweets?(-part\d+)?\.js")
_SOURCE = re.compile(r">([^<]+)<")
_RT = re.compile(r"RT @(\w+):\s?(.*)", re.S)
_MONTHS = {m: i for i, m in enumerate("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(), 1)}
_ZONES: dict[str, timezone] = {"+0000": timezone.utc}
_STEP = 2000  # progress every this many items


def tweet_time(value: str) -> datetime:
    """``Thu Jan 26 08:15:54 +0000 2023`` (fast path; strptime is the slow part of big archives)."""
    try:
        _, mon, day, clock, zone, year = value.split(" ")
        h, m, s = clock.split(":")
        tz = _ZONES.get(zone)
        if tz is None:
            sign = -1 if zone[0] == "-" else 1
            tz = _ZONES[zone] = timezone(sign * timedelta(hours=int(zone[1:3]), minutes=int(zone[3:5])))
        dt = datetime(int(year), _MONTHS[mon], int(day), int(h), int(m), int(s), tzinfo=tz)
        return dt if tz is timezone.utc else dt.astimezone(timezone.utc)
    except (AttributeError, ValueError, KeyError, IndexError):
        return parse_timestamp(value)


def read_x_archive(archive: Archive, progress: Progress = no_progress) -> ParsedArchive:
    """Parse the whole archive; raises ArchiveError naming the file on anything unexpected."""
    account_file = archive.find("data/account.js")
    tweet_files = [n for n in archive.find_all(lambda b: _TWEET_FILE.fullmatch(b) is not None)
                   if n == "data/" + n.rsplit("/", 1)[-1] or n.endswith("/data/" + n.rsplit("/", 1)[-1])]
    if account_file is None or not tweet_files:
        other = archive.find("outbox.json", "actor.json")
        raise ArchiveError(
            f"{archive.path}: no data/account.js or data/tweets.js in it, so this is not an X/Twitter archive.",
            "It looks like a Mastodon archive: use socialtui import mastodon-archive PATH." if other else
            "Give the .zip X sent you (Settings > Your account > Download an archive), or its unpacked folder.")
    progress(f"reading {account_file}", 0, None)
    accounts = expect_list(archive, account_file, archive.json(account_file, _WRAPPER), "a list")
    acc = accounts[0].get("account") if accounts and isinstance(accounts[0], dict) else None
    handle = clean_handle((acc or {}).get("username") or "")
    if not handle:
        raise ArchiveError(f"{archive.path}: {account_file}: no account.username in it.", NOTHING_IMPORTED)
    own_id = str(acc.get("accountId") or "")
    me = Author(handle, clean_line(acc.get("accountDisplayName") or ""))

    messages: list[Message] = []
    names: dict[str, Author] = {}  # user id -> handle, learnt from the account's own tweets
    for tf in tweet_files:
        progress(f"reading {tf}", 0, None)
        entries = expect_list(archive, tf, archive.json(tf, _WRAPPER), "a list of tweets")
        total = len(entries)
        for i, entry in enumerate(entries):
            if i % _STEP == 0:
                progress(f"tweets in {tf}", i, total)
            t = entry.get("tweet", entry) if isinstance(entry, dict) else None
            try:
                messages.append(_tweet(t, me, names))
            except (KeyError, TypeError, ValueError, AttributeError) as exc:
                raise ArchiveError(f"{archive.path}: {tf}: tweet number {i + 1} lacks a usable {exc}.",
                                   NOTHING_IMPORTED) from None
        progress(f"tweets in {tf}", total, total)
    for dm_name in ("direct-messages.js", "direct-messages-group.js"):
        f = archive.find("data/" + dm_name)
        if f:
            progress(f"reading {f}", 0, None)
            entries = expect_list(archive, f, archive.json(f, _WRAPPER), "a list of conversations")
            try:
                messages.extend(_dms(entries, own_id, me, names))
            except (KeyError, TypeError, ValueError, AttributeError) as exc:
                raise ArchiveError(f"{archive.path}: {f}: a message lacks a usable {exc}.",
                                   NOTHING_IMPORTED) from None
    return ParsedArchive("x-archive", "x", handle, me.name, messages, {"account_id": own_id})


def _with_urls(text: str, urls, short: str, long: str, shown: str) -> tuple[str, tuple[Link, ...]]:
    """Replace t.co addresses by the real ones; the links keep what X displayed."""
    links = []
    for u in urls or ():
        if isinstance(u, dict) and u.get(short) and u.get(long):
            text = text.replace(u[short], u[long])
            links.append(Link(clean_url(u[long]), clean_line(u.get(shown) or "")))
    return text, tuple(links)


def _tweet(t: dict, me: Author, names: dict[str, Author]) -> Message:
    entities = t.get("entities") or {}
    for u in entities.get("user_mentions") or ():
        if isinstance(u, dict) and u.get("id_str") and u.get("screen_name"):
            names[u["id_str"]] = Author(clean_handle(u["screen_name"]), clean_line(u.get("name") or ""))
    if t.get("in_reply_to_user_id_str") and t.get("in_reply_to_screen_name"):
        names.setdefault(t["in_reply_to_user_id_str"], Author(clean_handle(t["in_reply_to_screen_name"])))
    text, links = _with_urls(html.unescape(t.get("full_text") or t.get("text") or ""),
                             entities.get("urls"), "url", "expanded_url", "display_url")
    source = _SOURCE.search(t.get("source") or "")
    client = clean_line(source.group(1)) if source else None
    rt = _RT.match(text)
    parent = t.get("in_reply_to_status_id_str")
    if rt:
        # As the live connectors do: a repost has no text of its own; the original's is in repost_of.
        kind, text, links, parent = "repost", "", (), None
    else:
        kind = "reply" if parent else "post"
    return Message(
        id=str(t["id_str"]), kind=kind, direction="out", author=me, text=clean_text(text),
        created_at=tweet_time(t["created_at"]), in_reply_to=str(parent) if parent else None,
        client=client or None, links=links,
        repost_of=RepostOf(clean_handle(rt.group(1)), clean_text(rt.group(2))) if rt else None,
        lang=clean_line(t["lang"]) if t.get("lang") else None,
    )


def _dms(entries: list, own_id: str, me: Author, names: dict[str, Author]):
    for entry in entries:
        conv = entry["dmConversation"]
        cid = clean_line(conv["conversationId"])
        for item in conv.get("messages") or ():
            mc = item.get("messageCreate") if isinstance(item, dict) else None
            if not mc:
                continue  # joins, leaves, renames in group conversations
            sender = str(mc["senderId"])
            out = sender == own_id
            text, links = _with_urls(html.unescape(mc.get("text") or ""), mc.get("urls"), "url", "expanded", "display")
            yield Message(
                id=f"dm-{mc['id']}", kind="dm", direction="out" if out else "in",
                author=me if out else names.get(sender) or Author(clean_handle(f"id:{sender}")),
                text=clean_text(text), created_at=parse_timestamp(mc["createdAt"]),
                conversation=cid, links=links, extra={"sender_id": clean_line(sender)},
            )
