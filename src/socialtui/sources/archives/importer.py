"""Import a parsed archive into the store, and propose the account's settings from it.

Everything is parsed before the store is touched; the store then gets the messages (it
skips ids it already holds, so re-importing adds nothing twice) and the account.

An archive holds the account's own side only, so the account is marked
``extra["inbound_complete"] = False``: rules that judge how customers were answered read
that flag and say n/a instead of a misleading ok.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from socialtui.domain.models import Account
from socialtui.domain.perf import gc_paused
from socialtui.rules.text.links import registrable_domain
from socialtui.sources.archives.common import Archive, ParsedArchive, Progress, no_progress

ARCHIVE_KINDS = ("x-archive", "mastodon-archive")

LIMITS = {
    "x-archive": "An X archive holds the account's own tweets and its DMs, but not the mentions and replies "
                 "customers sent. Rules that judge waiting, response rate and response time (RSP001-RSP005), "
                 "and those comparing customers' messages (BRD003, MIX001), say n/a for this account.",
    "mastodon-archive": "A Mastodon archive holds only what the account itself sent: mentions, replies and "
                        "direct messages from customers are not in it, nor the app each post came from. Rules "
                        "that judge waiting, response rate and response time (RSP001-RSP005), and those "
                        "comparing customers' messages (BRD003, MIX001), say n/a for this account.",
}

# Sites everyone links to: never proposed as the account's own, however often linked.
_SHARED_HOSTS = frozenset({
    "twitter.com", "x.com", "t.co", "youtube.com", "youtu.be", "instagram.com", "facebook.com", "linkedin.com",
    "bit.ly", "google.com", "github.com", "wikipedia.org", "tiktok.com", "reddit.com", "medium.com",
    "joinmastodon.org", "threads.net", "bsky.app", "apple.com", "amazon.com",
})
_GENERIC = frozenset({"official", "support", "help", "team", "service", "care", "news", "the", "und", "and",
                      "hilfe", "kundenservice", "info"})
OFTEN_SHARE = 0.2  # linked in at least this share of the account's own messages ...
OFTEN_COUNT = 5  # ... and at least this many times: proposed even without the name in it
TRUSTED_SHARE = 0.01  # a client is proposed as trusted when it posted this share ...
TRUSTED_COUNT = 3  # ... and at least this many messages; rarer ones are shown, not trusted


@dataclass(slots=True)
class Proposal:
    """Settings read from the data, with the counts that justify them."""

    domains: list[tuple[str, int, str]] = field(default_factory=list)  # (domain, messages, why)
    other_domains: list[tuple[str, int]] = field(default_factory=list)
    brand_terms: list[str] = field(default_factory=list)
    trusted: list[tuple[str, int]] = field(default_factory=list)
    rare: list[tuple[str, int]] = field(default_factory=list)


@dataclass(slots=True)
class ImportResult:
    handle: str
    total: int
    new: int
    proposal: Proposal
    applied: bool  # False when account.toml existed: the user's settings were kept
    account: Account
    notes: list[str] = field(default_factory=list)


_HOST = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://(?:[^/?#@]*@)?(\[[^\]]*\]|[^/?#:]*)")


def _host(url: str) -> str:
    m = _HOST.match(url)
    return m.group(1).lower().rstrip(".") if m else ""


def _keys(handle: str, name: str) -> set[str]:
    words = {w for w in re.split(r"[^\w]+", name.casefold()) if len(w) >= 4 and w not in _GENERIC}
    h = re.sub(r"[^a-z0-9]", "", handle.split("@")[0].casefold())
    return words | ({h} if len(h) >= 4 else set())


def propose(parsed: ParsedArchive) -> Proposal:
    """Own domains, brand terms and trusted clients as the data suggests them."""
    own = [m for m in parsed.messages if m.direction == "out" and m.kind != "repost"]
    # The public-suffix lookup is slow; big archives link few distinct hosts, so look each up once.
    domain_of: dict[str, str] = {}
    counts: Counter[str] = Counter()
    for m in own:
        domains = set()
        for link in m.links:
            host = _host(link.url)
            if host not in domain_of:
                domain_of[host] = registrable_domain(host) if host else ""
            domains.add(domain_of[host])
        counts.update(d for d in domains if d)
    keys = _keys(parsed.handle, parsed.name)
    p = Proposal()
    for domain, n in counts.most_common():
        bare = domain.replace("-", "").replace(".", "")
        if domain in _SHARED_HOSTS:
            p.other_domains.append((domain, n))
        elif any(k in bare for k in keys):
            p.domains.append((domain, n, "has the account's name in it"))
        elif own and n >= OFTEN_COUNT and n / len(own) >= OFTEN_SHARE:
            p.domains.append((domain, n, f"linked in {n / len(own):.0%} of the account's messages"))
        else:
            p.other_domains.append((domain, n))
    terms = [parsed.name.strip()] if len(parsed.name.strip()) >= 3 else []
    first = parsed.name.split()[0] if parsed.name.split() else ""
    if len(first) >= 4 and first.casefold() not in _GENERIC and first not in terms:
        terms.append(first)
    if parsed.handle.casefold() not in {t.casefold().replace(" ", "") for t in terms}:
        terms.append(parsed.handle)
    p.brand_terms = terms
    clients = Counter(m.client for m in parsed.messages if m.direction == "out" and m.client)
    with_client = sum(clients.values())
    for client, n in clients.most_common():
        trusted = n >= TRUSTED_COUNT and n >= TRUSTED_SHARE * with_client
        (p.trusted if trusted else p.rare).append((client, n))
    return p


def _target_handle(store, parsed: ParsedArchive) -> str:
    """The parsed handle, unless another platform's account already has it in the store."""
    existing = store.get_account(parsed.handle)
    if existing is None or existing.platform == parsed.platform:
        mine = parsed.extra.get("archive_instance")
        theirs = existing and (existing.extra.get("instance") or existing.extra.get("archive_instance"))
        if not (mine and theirs and mine != theirs):
            return parsed.handle
    host = (parsed.extra.get("archive_instance") or "https://x.com").split("//", 1)[-1]
    return f"{parsed.handle}@{host}"


def import_archive(store, path, kind: str, progress: Progress = no_progress) -> ImportResult:
    """Read the archive at ``path`` completely, then add what is new to the store."""
    from socialtui.sources.archives.mastodon_archive import read_mastodon_archive
    from socialtui.sources.archives.x_archive import read_x_archive

    archive = Archive(path)
    with gc_paused():  # hundreds of thousands of small objects, none of them garbage
        parsed = (read_x_archive if kind == "x-archive" else read_mastodon_archive)(archive, progress)
    parsed.messages = list({m.id: m for m in parsed.messages}.values())  # split parts may overlap
    proposal = propose(parsed)
    handle = _target_handle(store, parsed)
    account = store.get_account(handle)
    applied = account is None
    notes = []
    if account is None:
        account = Account(handle=handle, name=parsed.name, platform=parsed.platform,
                          own_domains=tuple(d for d, _, _ in proposal.domains[:3]),
                          brand_terms=tuple(proposal.brand_terms),
                          trusted_clients=tuple(c for c, _ in proposal.trusted))
    live = bool(account.extra.get("instance"))
    extra = {**parsed.extra, "source": account.extra.get("source", kind) if live else kind}
    if live:
        notes.append(f"@{handle} is also synced live, so its customers' messages are kept; "
                     "the archive only adds older messages of its own.")
    else:
        extra["inbound_complete"] = False
    if kind == "mastodon-archive":
        extra["clients_recorded"] = False
    account.extra = {**account.extra, **extra}
    if handle != parsed.handle:
        notes.append(f"The store already has a different @{parsed.handle}; this archive goes to @{handle}.")
    progress("writing to the store", 0, len(parsed.messages))
    new = store.add_messages(handle, parsed.messages)
    store.put_account(account)
    progress("writing to the store", len(parsed.messages), len(parsed.messages))
    return ImportResult(handle, len(parsed.messages), new, proposal, applied, account, notes)
