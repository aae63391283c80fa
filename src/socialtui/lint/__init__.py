"""Composer lint (L001-L008): nudges while the agent types, reusing the rule classifiers.

Only L002 (the platform would refuse) and L005's suspicious links block sending;
everything else is advice the agent can overrule.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from socialtui.domain.dataset import Snapshot
from socialtui.domain.links import extract_links
from socialtui.domain.models import Agent, Message
from socialtui.domain.timeutil import format_duration
from socialtui.lint.length import LIMITS, UNITS, length
from socialtui.rules.text.complaints import is_complaint
from socialtui.rules.text.deflection import find_deflection
from socialtui.rules.text.links import analyse_link, is_own
from socialtui.rules.text.promotion import is_product_promotion, mentions
from socialtui.rules.text.similarity import ReplyIndex


@dataclass(frozen=True, slots=True)
class Finding:
    code: str
    message: str
    blocking: bool = False
    suggestion: str = ""


def build_reply_index(snap: Snapshot) -> ReplyIndex:
    """Outbound replies of the last 7 days, for L003."""
    since = snap.now - timedelta(days=7)
    sigs = [a.signature for a in snap.account.agents if a.signature]
    return ReplyIndex(((m.id, m.text) for m in snap.known
                       if m.direction == "out" and m.kind in ("reply", "dm") and m.created_at >= since), sigs)


def lint_draft(text: str, *, snapshot: Snapshot | None = None, reply_to: Message | None = None,
               agent: Agent | None = None, platform: str | None = None,
               reply_index: ReplyIndex | None = None) -> list[Finding]:
    account = snapshot.account if snapshot is not None else None
    platform = platform or (account.platform if account else "mastodon")
    findings: list[Finding] = []
    vocab = account.vocabulary if account else {}

    match = find_deflection(text, vocab.get("deflection", ()))
    if match and reply_to is not None:
        findings.append(Finding("L001", f"This reply {match.reason}.",
                                suggestion="Answer here, or escalate and promise a public follow-up."))

    n, limit = length(text, platform), LIMITS.get(platform, 500)
    if n > limit:
        findings.append(Finding("L002", f"{n} of {limit} {UNITS.get(platform, 'characters')}: "
                                        f"{platform} will refuse it.", True,
                                "Shorten it, or split the answer into a thread."))

    if snapshot is not None and reply_to is not None:
        index = reply_index or build_reply_index(snapshot)
        key, score = index.best_match(text)
        if key is not None and score >= 0.9:
            findings.append(Finding("L003", f"{score:.0%} like reply {key} sent in the last 7 days.",
                                    suggestion="Personalise it: use what this person actually asked."))

    if account is not None and account.agents and agent is not None and agent.signature \
            and agent.signature.casefold() not in text.casefold():
        findings.append(Finding("L004", f"Missing your signature {agent.signature}.",
                                suggestion=f"End the reply with {agent.signature}."))

    links = extract_links(text)
    if account is not None:
        bad = [f for link in links for f in analyse_link(link, account)]
        if bad:
            findings.append(Finding("L005", f"Suspicious link: {bad[0].reason}.", True,
                                    "Check the link; send only after confirming it is safe."))
        elif reply_to is not None and links and all(is_own(l.url, account) for l in links) \
                and is_complaint(reply_to.text, vocab.get("complaint", ())):
            findings.append(Finding("L005", "Only a link to your own site in answer to a complaint.",
                                    suggestion="Answer the complaint in words; add the link as an extra."))

    if snapshot is not None and reply_to is None:
        late = [c for c in snapshot.waiting if snapshot.now - c.waiting_since >= snapshot.account.sla]
        if late:
            oldest = max(snapshot.now - c.waiting_since for c in late)
            findings.append(Finding("L006", f"{len(late)} customers wait past the SLA (oldest "
                                            f"{format_duration(oldest)}) and this is a new post.",
                                    suggestion="Answer them first."))

    if account is not None and reply_to is not None and is_complaint(reply_to.text, vocab.get("complaint", ())) \
            and is_product_promotion(text, account, links):
        findings.append(Finding("L007", "Promotes a product in a reply to a complaint.",
                                suggestion="Solve the problem first; leave the sales pitch out."))

    if reply_to is not None and reply_to.kind != "dm" and platform in ("mastodon", "bluesky", "x", "other"):
        handle = reply_to.author.handle.lower()
        if reply_to.direction == "in" and handle not in mentions(text):
            findings.append(Finding("L008", f"Does not address @{reply_to.author.handle}.",
                                    suggestion=f"Start with @{reply_to.author.handle} so they are notified."))
    return findings
