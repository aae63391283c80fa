"""Load a dataset directory (``account.toml`` + ``messages.jsonl``) per INTERFACE.md.

Every contract breach becomes a :class:`DatasetError` naming file, line, field,
what was expected and what was found. Unknown fields are kept in ``extra``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator

import orjson

from socialtui.domain.dataset import Dataset
from socialtui.domain.links import extract_links
from socialtui.domain.models import DIRECTIONS, KINDS, NO_EXTRA, Author, Link, Message, RepostOf
from socialtui.domain.perf import gc_paused
from socialtui.domain.timeutil import FIRST_YEAR, LAST_YEAR, parse_timestamp
from socialtui.errors import DatasetError, DatasetProblems, shown
from socialtui.sanitize import clean_handle, clean_line, clean_text, clean_url
from socialtui.sources.account_toml import load_account, missing

KNOWN_FIELDS = frozenset(
    {"id", "kind", "direction", "author", "text", "created_at", "in_reply_to", "conversation",
     "client", "links", "repost_of", "lang"}
)
MAX_REPORTED = 20


_CANONICAL = {word: word for word in KINDS + DIRECTIONS}
# A post is the account's own, a mention someone else's (INTERFACE.md): the other direction is a
# mislabelled message, which would count as the brand's broadcast or as a waiting customer.
_CONTRADICTIONS = {("post", "in"): '"out" for a post (the account\'s own; someone else\'s is a "mention")',
                   ("mention", "out"): '"in" for a mention (someone else\'s; the account\'s own is a "post")'}


def parse_message(obj: Any, file: str, line: int | None, shared: dict | None = None) -> Message:
    """One message from its JSON object; ``shared`` (one dict per load) lets messages of the
    same author share one Author and repeated words (client, language) one string."""
    def bad(field: str | None, expected: str, found: str) -> DatasetError:
        return DatasetError(file, line, field, expected, found)

    if not isinstance(obj, dict):
        raise bad(None, "a JSON object", type(obj).__name__)
    for key in ("id", "kind", "direction", "author", "text", "created_at"):
        if key not in obj:
            raise bad(key, "a value (required)", "nothing")
    mid = obj["id"]
    if not isinstance(mid, str) or not mid.strip():
        raise bad("id", "a non-empty string", shown(mid))
    kind = obj["kind"]
    if kind not in KINDS:
        raise bad("kind", " | ".join(KINDS), shown(kind))
    direction = obj["direction"]
    if direction not in DIRECTIONS:
        raise bad("direction", "in | out", shown(direction))
    if (kind, direction) in _CONTRADICTIONS:
        raise bad("direction", _CONTRADICTIONS[kind, direction], shown(direction))
    author = obj["author"]
    if not isinstance(author, dict) or not isinstance(author.get("handle"), str) or not clean_handle(author["handle"]):
        raise bad("author", '{"handle": "...", "name": "..."}', shown(author))
    name = author.get("name", "")
    if name is not None and not isinstance(name, str):
        raise bad("author.name", "a string", shown(name))
    text = obj["text"]
    if not isinstance(text, str):
        raise bad("text", "a string", shown(text))
    created = obj["created_at"]
    try:
        created_at = parse_timestamp(created)
    except (ValueError, TypeError) as exc:
        expected = "RFC 3339 with offset, e.g. 2026-11-13T15:02:00Z"
        if "year" in str(exc):  # well formed, but out of range: say so rather than "not RFC 3339"
            expected = f"a year within {FIRST_YEAR}-{LAST_YEAR}"
        raise bad("created_at", expected, shown(created)) from None
    in_reply_to = obj.get("in_reply_to")
    if in_reply_to is not None and (not isinstance(in_reply_to, str) or not in_reply_to):
        raise bad("in_reply_to", "a message id string", shown(in_reply_to))
    if kind == "reply" and not in_reply_to:
        raise bad("in_reply_to", "the parent's id (required for kind 'reply')", "nothing")
    conversation = obj.get("conversation")
    if conversation is not None and not isinstance(conversation, (str, int)):
        raise bad("conversation", "a conversation id string", shown(conversation))
    if kind == "dm" and (conversation is None or str(conversation) == ""):
        raise bad("conversation", "a DM conversation id (required for kind 'dm')", "nothing")
    client = obj.get("client")
    if client is not None and not isinstance(client, str):
        raise bad("client", "a string", shown(client))
    repost_of = None
    if kind == "repost" or obj.get("repost_of") is not None:
        rp = obj.get("repost_of")
        if not isinstance(rp, dict) or not isinstance(rp.get("author"), str):
            raise bad("repost_of", '{"author": "handle", "text": "..."} (required for kind \'repost\')', shown(rp))
        rtext = rp.get("text", "")
        if not isinstance(rtext, str):
            raise bad("repost_of.text", "a string", shown(rtext))
        repost_of = RepostOf(clean_handle(rp["author"]), clean_text(rtext))
    clean = clean_text(text)
    raw_links = obj.get("links")
    if raw_links is None:
        links = extract_links(clean)
    else:
        if not isinstance(raw_links, list):
            raise bad("links", '[{"url": "...", "text": "..."}]', shown(raw_links))
        parsed = []
        for i, link in enumerate(raw_links):
            if not isinstance(link, dict) or not isinstance(link.get("url"), str):
                raise bad(f"links[{i}]", '{"url": "...", "text": "..."}', shown(link))
            ltext = link.get("text", "")
            parsed.append(Link(clean_url(link["url"]), clean_line(ltext if isinstance(ltext, str) else "")))
        links = tuple(parsed)
    lang = obj.get("lang")
    if lang is not None and not isinstance(lang, str):
        raise bad("lang", "a BCP 47 tag string", shown(lang))
    extra = {k: v for k, v in obj.items() if k not in KNOWN_FIELDS}
    shared = {} if shared is None else shared
    who = (author["handle"], name or "")
    writer = shared.get(who)
    if writer is None:
        writer = shared[who] = Author(clean_handle(who[0]), clean_line(who[1]))
    client = clean_line(client) if client else None
    lang = clean_line(lang) if lang else None
    return Message(
        id=clean_line(mid),
        kind=_CANONICAL[kind],
        direction=_CANONICAL[direction],
        author=writer,
        text=clean,
        created_at=created_at,
        in_reply_to=clean_line(in_reply_to) if in_reply_to else None,
        conversation=clean_line(str(conversation)) if conversation is not None else None,
        client=client and shared.setdefault(client, client),
        links=links,
        repost_of=repost_of,
        lang=lang and shared.setdefault(lang, lang),
        extra=extra or NO_EXTRA,
    )


def iter_lines(path: Path) -> Iterator[tuple[int, bytes]]:
    with path.open("rb") as fh:
        for n, raw in enumerate(fh, start=1):
            yield n, raw


def load_messages(path: Path, progress=None) -> list[Message]:
    file = str(path)
    if not path.exists():
        raise DatasetError(file, None, None, "a messages.jsonl file", missing(path),
                           "A dataset directory holds account.toml and messages.jsonl.")
    if not path.is_file():
        raise DatasetError(file, None, None, "a regular file", "a directory or special file")
    try:
        lines = list(iter_lines(path))
    except OSError as exc:
        raise DatasetError(file, None, None, "a readable file", exc.strerror or str(exc)) from None
    with gc_paused():
        return _parse_lines(lines, file, progress)


def _parse_lines(lines, file: str, progress=None) -> list[Message]:
    problems: list[DatasetError] = []
    total = 0
    seen: dict[str, int] = {}
    messages: list[Message] = []
    shared: dict = {}
    if progress is not None:
        progress.start(f"reading {Path(file).name}", len(lines), "lines")
    for n, raw in lines:
        if progress is not None and not n & 0xFFFF:  # every 65,536 lines
            progress.advance(n)
        if n == 1 and raw.startswith(b"\xef\xbb\xbf"):  # a BOM, as a Windows editor or export writes
            raw = raw[3:]
        if not raw.strip():
            continue
        try:
            try:
                raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise DatasetError(file, n, None, "UTF-8 text", f"invalid byte 0x{raw[exc.start]:02x} at column {exc.start + 1}") from None
            try:
                obj = orjson.loads(raw)
            except orjson.JSONDecodeError as exc:
                raise DatasetError(file, n, None, "one JSON object per line", f"invalid JSON ({exc.msg})") from None
            msg = parse_message(obj, file, n, shared)
            if msg.id in seen:
                raw_id = obj.get("id") if isinstance(obj, dict) else None
                how = (f" once its control characters are removed (it was {ascii(raw_id)})"
                       if isinstance(raw_id, str) and raw_id != msg.id else "")
                raise DatasetError(file, n, "id", "a unique id",
                                   f"{shown(msg.id)}, already used on line {seen[msg.id]}{how}")
            seen[msg.id] = n
            messages.append(msg)
        except DatasetError as err:
            total += 1
            if len(problems) < MAX_REPORTED:
                problems.append(err)
    if problems:
        raise DatasetProblems(problems, total)
    return messages


def resolve_dataset_path(name_or_path: str | Path) -> Path:
    """A bundled dataset name (``kestrel``) or a directory path."""
    from socialtui.locations import bundled_fixtures_dir

    p = Path(name_or_path).expanduser()
    if p.is_dir():
        return p
    bundled = bundled_fixtures_dir() / str(name_or_path)
    if bundled.is_dir() and (bundled / "account.toml").exists():
        return bundled
    if p.exists():
        raise DatasetError(str(p), None, None, "a dataset directory (account.toml + messages.jsonl)", "a file")
    found = missing(p)  # (a link that loops or leads nowhere is named so)
    raise DatasetError(str(p), None, None, "a dataset directory or a bundled dataset name (kestrel, harbor)",
                       "nothing at that path" if found == "no such file" else found)


LARGE_FILE = 16_000_000  # bytes of messages.jsonl (~60k messages): worth reading behind the painted app


def is_large_dataset(path: str | Path) -> bool:
    try:
        return (resolve_dataset_path(path) / "messages.jsonl").stat().st_size > LARGE_FILE
    except (OSError, DatasetError):
        return False  # the eager load names the problem


def load_account_only(path: str | Path) -> Dataset:
    """The dataset's account and no messages (what an app shows until ``load_dataset`` is done)."""
    root = resolve_dataset_path(path)
    return Dataset(load_account(root / "account.toml"), [], str(root))


def load_dataset(path: str | Path, progress=None) -> Dataset:
    """``progress`` (a :class:`~socialtui.domain.progress.Progress`) is told how reading goes."""
    root = resolve_dataset_path(path)
    account = load_account(root / "account.toml")
    messages = load_messages(root / "messages.jsonl", progress)
    if progress is not None:
        progress.start("putting the messages in time order")
    return Dataset(account, messages, str(root)).in_order()
