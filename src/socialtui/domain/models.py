"""Accounts and messages, exactly as INTERFACE.md defines the dataset."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from types import MappingProxyType
from typing import Any, Mapping

KINDS = ("post", "reply", "mention", "dm", "repost")
DIRECTIONS = ("in", "out")
PLATFORMS = ("mastodon", "bluesky", "x", "other")
# The extra fields of a message that has none: one shared read-only mapping, not an empty
# dict per message (80 bytes each, 80 MB for a million messages).
NO_EXTRA: Mapping[str, Any] = MappingProxyType({})


@dataclass(frozen=True, slots=True)
class Author:
    handle: str
    name: str = ""

    @property
    def label(self) -> str:
        return f"@{self.handle}"


@dataclass(frozen=True, slots=True)
class Link:
    url: str
    text: str = ""


@dataclass(frozen=True, slots=True)
class RepostOf:
    author: str
    text: str = ""


@dataclass(slots=True, eq=False)
class Message:
    """One message. Text fields are already sanitized (see ``socialtui.sanitize``)."""

    id: str
    kind: str
    direction: str
    author: Author
    text: str
    created_at: datetime
    in_reply_to: str | None = None
    conversation: str | None = None
    client: str | None = None
    links: tuple[Link, ...] = ()
    repost_of: RepostOf | None = None
    lang: str | None = None
    extra: Mapping[str, Any] = field(default_factory=lambda: NO_EXTRA)

    @property
    def inbound(self) -> bool:
        return self.direction == "in"

    @property
    def outbound(self) -> bool:
        return self.direction == "out"

    @property
    def conversation_key(self) -> str | None:
        """DM conversation id (``dm:`` + conversation) or None for threads."""
        if self.kind == "dm":
            return f"dm:{self.conversation}"
        return None

    def __repr__(self) -> str:  # short: messages appear in test failures
        return f"Message({self.id!r}, {self.kind}/{self.direction}, @{self.author.handle}, {self.created_at:%Y-%m-%d %H:%M})"


@dataclass(frozen=True, slots=True)
class Agent:
    name: str
    signature: str = ""


@dataclass(frozen=True, slots=True)
class RuleOverride:
    enabled: bool = True
    warn: float | None = None
    fail: float | None = None
    options: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Account:
    """The audited account and its settings (``account.toml``)."""

    handle: str
    name: str = ""
    platform: str = "other"
    own_domains: tuple[str, ...] = ()
    brand_terms: tuple[str, ...] = ()
    trusted_clients: tuple[str, ...] = ()
    sla: timedelta = timedelta(hours=2)
    window: timedelta = timedelta(days=7)
    as_of: datetime | None = None
    agents: tuple[Agent, ...] = ()
    rules: dict[str, RuleOverride] = field(default_factory=dict)
    # Per-account extra vocabulary for the text classifiers, e.g.
    # {"deflection": ["ring our care line"], "hijack": [...]}.
    vocabulary: dict[str, tuple[str, ...]] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)

    def rule(self, code: str) -> RuleOverride:
        return self.rules.get(code, RuleOverride())

    def signer(self, text: str) -> Agent | None:
        """The team member whose signature ``text`` carries, or None."""
        text = text.casefold()
        return next((a for a in self.agents if a.signature and a.signature.casefold() in text), None)

    def agent(self, name: str | None) -> Agent | None:
        if not name:
            return None
        wanted = name.casefold().lstrip("^")
        for a in self.agents:
            keys = {a.name.casefold(), a.name.casefold().split()[0], a.signature.casefold().lstrip("^~-")}
            if wanted in keys:
                return a
        return None
