"""The eight composer checks. Each takes a :class:`Draft` and yields findings.

Every check reuses the rulebook's classifiers (rules/text): what the sidebar counts
after sending is exactly what the composer warns about before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Iterator

from socialtui.domain.dataset import Snapshot
from socialtui.domain.links import extract_links
from socialtui.domain.models import Account, Agent, Message
from socialtui.domain.timeutil import format_duration
from socialtui.lint.length import PLATFORM_NAMES, UNITS, length, limit
from socialtui.rules.text.complaints import is_complaint
from socialtui.rules.text.deflection import find_deflection
from socialtui.rules.text.links import analyse_link, host_of, is_own
from socialtui.rules.text.promotion import is_product_promotion, mentions
from socialtui.rules.text.similarity import ReplyIndex
from socialtui.sanitize import is_look_alike

DUPLICATE_THRESHOLD = 0.9
# Platforms where a reply reaches its addressee only through the @handle in the text
# (Mastodon notifies, and delivers a direct message, to mentioned accounts only).
NEEDS_HANDLE = frozenset(("mastodon", "other"))
_STANDALONE = Account(handle="")


@dataclass(frozen=True, slots=True)
class Finding:
    """One lint finding: what is wrong, whether it blocks sending, and how to fix it."""

    code: str
    message: str
    blocking: bool = False
    suggestion: str = ""
    span: tuple[int, int] | None = None  # where in the draft, when it is one place


@dataclass(slots=True)
class Draft:
    text: str
    snapshot: Snapshot | None
    account: Account | None
    reply_to: Message | None
    agent: Agent | None
    platform: str
    reply_index: ReplyIndex | None

    def vocabulary(self, name: str) -> tuple[str, ...]:
        return tuple(self.account.vocabulary.get(name, ())) if self.account is not None else ()

    @property
    def answers_complaint(self) -> bool:
        return (self.reply_to is not None and self.reply_to.direction == "in"
                and is_complaint(self.reply_to.text, self.vocabulary("complaint")))


def _span(text: str, phrase: str) -> tuple[int, int] | None:
    m = re.search(re.escape(phrase), text, re.IGNORECASE)
    return (m.start(), m.end()) if m else None


def deflects(d: Draft) -> Iterator[Finding]:
    """L001: sends the customer elsewhere without answering."""
    match = find_deflection(d.text, d.vocabulary("deflection"))
    if match is not None:
        yield Finding("L001", f"This {'reply' if d.reply_to is not None else 'draft'} {match.reason}.",
                      suggestion="Answer here, or escalate internally and promise a public follow-up "
                                 "with a time (\u201cI've asked our repair team and will reply here by 16:00\u201d).",
                      span=_span(d.text, match.phrase))


def too_long(d: Draft) -> Iterator[Finding]:
    """L002: longer than the platform allows (blocking: the platform would refuse it)."""
    n, most = length(d.text, d.platform), limit(d.platform)
    if n > most:
        yield Finding("L002", f"{n} of {most} {UNITS.get(d.platform, 'characters')}: "
                              f"{PLATFORM_NAMES.get(d.platform, d.platform)} will refuse it ({n - most} over).",
                      True, "Shorten it, or split the answer into two replies.")


def duplicates(d: Draft) -> Iterator[Finding]:
    """L003: nearly the same as a reply sent in the last 7 days."""
    if d.reply_to is None or d.reply_index is None:
        return
    key, score = d.reply_index.best_match(d.text)
    if key is None or score < DUPLICATE_THRESHOLD:
        return
    sent = d.snapshot.message(key) if d.snapshot is not None else None
    when = f" on {sent.created_at:%a %d %b}" if sent is not None else ""
    yield Finding("L003", f"{score:.0%} the same as reply {key} sent{when}: it reads like a template.",
                  suggestion="Personalise it: answer what this person actually asked, in your own words.")


def unsigned(d: Draft) -> Iterator[Finding]:
    """L004: team mode, and the agent's signature is missing."""
    if d.account is None or not d.account.agents or d.agent is None or not d.agent.signature:
        return
    if d.agent.signature.casefold() not in d.text.casefold():
        yield Finding("L004", f"Missing your signature {d.agent.signature}: customers cannot tell who answered.",
                      suggestion=f"End the reply with {d.agent.signature}.")


def risky_links(d: Draft) -> Iterator[Finding]:
    """L005: a suspicious link (blocking), or only an own-domain link in answer to a complaint."""
    links = extract_links(d.text)
    if not links:
        return
    account = d.account or _STANDALONE
    for link in links:
        found = analyse_link(link, account)
        if d.account is None:  # without the account, "foreign" cannot be judged
            found = [f for f in found if f.kind not in ("credential-path", "lookalike")]
        if found:
            yield Finding("L005", f"Suspicious link {host_of(link.url)}: {found[0].reason}.", True,
                          "Check where it really goes; send only after confirming it is safe.",
                          span=_span(d.text, link.url))
            return
    if d.account is not None and all(is_own(link.url, d.account) for link in links) and d.answers_complaint:
        yield Finding("L005", "The only link goes to your own site, in answer to a complaint.",
                      suggestion="Answer the complaint in words first; add the link as an extra.")


def customers_waiting(d: Draft) -> Iterator[Finding]:
    """L006: a new top-level post while customers wait past the SLA."""
    if d.snapshot is None or d.reply_to is not None:
        return
    snap = d.snapshot
    sla = snap.account.sla
    late = [c.waiting_since for c in snap.waiting if snap.now - c.waiting_since >= sla]
    if late:
        n = len(late)
        yield Finding("L006", f"A new post while {n} conversation{'s' if n != 1 else ''} wait past the "
                              f"{format_duration(sla)} SLA (the oldest for {format_duration(snap.now - min(late))}).",
                      suggestion="Answer the waiting customers first, or post later.")


def promotes(d: Draft) -> Iterator[Finding]:
    """L007: a sales pitch in a reply to a complaint."""
    if d.account is None or not d.answers_complaint:
        return
    if is_product_promotion(d.text, d.account, extract_links(d.text)):
        yield Finding("L007", "Promotes a product in a reply to a complaint.",
                      suggestion="Solve the problem first; leave the sales pitch out.")


def unaddressed(d: Draft) -> Iterator[Finding]:
    """L008: does not @-address the person it replies to, where the platform needs that."""
    target = d.reply_to
    if target is None or target.direction != "in" or not target.author.handle:
        return
    handle = target.author.handle
    own = d.account.handle if d.account is not None else ""
    if is_look_alike(handle, own):  # (on every platform: whoever it is, it is not this account)
        # (short: at 80x24 the composer shows about five lines of findings)
        yield Finding("L008", f"@{handle} is not your account, only looks like it (hidden characters removed). "
                              f"A reply cannot notify them, and @{own} in it would address you.",
                      suggestion="Check whether they impersonate you and report it; answer without the handle, if at all.")
        return
    strangers = _strangers(d)
    if strangers:
        names = ", ".join(f"@{h}" for h in strangers[:3]) + (f" and {len(strangers) - 3} more" if len(strangers) > 3 else "")
        where = ("this direct message goes to every account it mentions"
                 if d.reply_to.kind == "dm" else "they get a notification of this reply")
        yield Finding("L008", f"{names} {'is' if len(strangers) == 1 else 'are'} not in this conversation: "
                              f"{where}.",
                      suggestion=f"Check the spelling; the customer is @{handle}.",
                      span=_mention_span(d.text, strangers[0]))
        return  # (the suggestion names the customer: a second finding saying so would crowd the composer)
    if d.platform not in NEEDS_HANDLE:
        return
    if handle.split("@")[0].lower() not in mentions(d.text):
        yield Finding("L008", f"Does not address @{handle}: without the handle they get no notification.",
                      suggestion=f"Start with @{handle} (inserted automatically when you send).")


def _mention_span(text: str, handle: str) -> tuple[int, int] | None:
    m = re.search(r"(?<![\w@])@" + re.escape(handle) + r"(?![\w.-])", text, re.IGNORECASE)
    return (m.start(), m.end()) if m else None


def _strangers(d: Draft) -> list[str]:
    """@handles of the draft that nobody in the reply's conversation has written or mentioned, nor
    is the account (a typo, or a handle pasted from another case: on Mastodon the mention notifies
    that stranger, and a direct message is delivered to them). Empty without the conversation."""
    typed = mentions(d.text)
    if not typed or d.snapshot is None or d.reply_to is None:
        return []
    cid = d.snapshot.conversation_of.get(d.reply_to.id)
    conv = d.snapshot.conversations.get(cid) if cid is not None else None
    if conv is None:
        return []
    known = {d.account.handle.lstrip("@").split("@")[0].lower()} if d.account is not None else set()
    for m in conv.messages:
        known.add(m.author.handle.split("@")[0].lower())
        known.update(mentions(m.text))
    return list(dict.fromkeys(h for h in typed if h not in known))


CHECKS: tuple[Callable[[Draft], Iterator[Finding]], ...] = (
    deflects, too_long, duplicates, unsigned, risky_links, customers_waiting, promotes, unaddressed,
)
