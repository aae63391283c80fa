"""Import an archive into the store: parse everything first, write once at the end."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from socialtui.domain.models import Account
from socialtui.rules.text.links import registrable_domain
from socialtui.sources.archives.reader import Archive

ARCHIVE_LIMITS = ("An archive holds only the account's own side (and DMs): customers' mentions and replies are "
                  "not in it, so the waiting, response-rate and response-time rules cannot judge and say n/a.")


@dataclass(slots=True)
class ImportResult:
    handle: str
    total: int
    new: int
    proposed_domains: list[tuple[str, int]] = field(default_factory=list)
    clients: list[tuple[str, int]] = field(default_factory=list)


def propose_domains(messages, handle: str, name: str) -> list[tuple[str, int]]:
    """Most linked domains that look like the account's own (they contain its handle or name)."""
    counts = Counter(registrable_domain(l.url) for m in messages if m.direction == "out" for l in m.links)
    keys = {handle.lower().replace("_", "")} | {w.lower() for w in name.split() if len(w) > 3}
    return [(d, n) for d, n in counts.most_common(20) if d and any(k in d.replace("-", "") for k in keys)]


def import_archive(store, path, kind: str, progress=None) -> ImportResult:
    from socialtui.sources.archives.mastodon_archive import read_mastodon_archive
    from socialtui.sources.archives.x_archive import read_x_archive

    say = progress or (lambda stage: None)
    say("reading archive")
    archive = Archive(path)
    info, messages = (read_x_archive if kind == "x-archive" else read_mastodon_archive)(archive)
    say(f"parsed {len(messages)} messages")
    handle = info["handle"]
    domains = propose_domains(messages, handle, info.get("name") or "")
    clients = Counter(m.client for m in messages if m.client and m.direction == "out").most_common()
    account = store.get_account(handle)
    if account is None:
        account = Account(handle=handle, name=info.get("name") or "", platform="x" if kind == "x-archive" else "mastodon",
                          own_domains=tuple(d for d, _ in domains[:3]), brand_terms=tuple(
                              w for w in (info.get("name") or handle).split()[:1] if len(w) > 2),
                          trusted_clients=tuple(c for c, _ in clients))
    account.extra = {**account.extra, "source": kind, "inbound_complete": False,
                     **({"archive_instance": info["instance"]} if info.get("instance") else {})}
    store.put_account(account)
    say("writing to the store")
    new = store.add_messages(handle, messages)
    return ImportResult(handle, len(messages), new, domains, clients)
