"""Composer lint (L001-L008): nudges while the agent types, reusing the rule classifiers.

Only L002 (the platform would refuse) and L005's suspicious links block sending;
everything else is advice the agent can overrule. Each check lives in
:mod:`socialtui.lint.checks`; this module runs them in code order.
"""

from __future__ import annotations

from datetime import timedelta

from socialtui.domain.dataset import Snapshot
from socialtui.domain.models import Agent, Message
from socialtui.lint.checks import CHECKS, Draft, Finding
from socialtui.lint.length import LIMITS
from socialtui.rules.facts import TEXT, facts_for
from socialtui.rules.text.similarity import ReplyIndex, normalize

__all__ = ["Finding", "lint_draft", "build_reply_index", "L003_WINDOW"]

L003_WINDOW = timedelta(days=7)


def build_reply_index(snap: Snapshot) -> ReplyIndex:
    """The account's replies (and DM answers) of the last 7 days, indexed once for L003.

    Their normalised forms are remembered with the snapshot's threads: the index is rebuilt
    for every new snapshot (a workflow change, the clock moving on), without normalising a
    reply again.
    """
    since = snap.now - L003_WINDOW
    signatures = tuple(a.signature for a in snap.account.agents if a.signature)
    replies = [m for m in snap.known if m.direction == "out" and m.kind in ("reply", "dm") and m.created_at >= since]
    forms = facts_for(snap).classified(("L003 forms", signatures), replies, lambda text: normalize(text, signatures),
                                       by=TEXT, start=since)
    index = ReplyIndex(signatures=signatures)
    for m, form in zip(replies, forms):
        index.add_normalized(m.id, form)
    return index


def lint_draft(text: str, *, snapshot: Snapshot | None = None, reply_to: Message | None = None,
               agent: Agent | None = None, platform: str | None = None,
               reply_index: ReplyIndex | None = None) -> list[Finding]:
    """Findings for a draft, in code order.

    ``snapshot`` gives the context (account, sent replies, waiting customers); without
    it only the text itself is judged, with Mastodon's limits unless ``platform`` says
    otherwise. ``reply_to`` is the message the draft answers (None: a new post).
    Pass a prebuilt ``reply_index`` (:func:`build_reply_index`) when linting per keystroke.
    """
    account = snapshot.account if snapshot is not None else None
    if platform is None:
        platform = account.platform if account is not None and account.platform in LIMITS else "mastodon"
    if snapshot is not None and reply_to is not None and reply_index is None:
        reply_index = build_reply_index(snapshot)
    draft = Draft(text, snapshot, account, reply_to, agent, platform, reply_index)
    findings: list[Finding] = []
    for check in CHECKS:
        findings.extend(check(draft))
    return findings
