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

__all__ = ["Finding", "lint_draft", "build_reply_index", "WeekOfReplies", "L003_WINDOW"]

L003_WINDOW = timedelta(days=7)


class WeekOfReplies(ReplyIndex):
    """The L003 index of one snapshot's week, kept up to date for the next snapshots.

    Building it for a million messages took seconds (the composer's first lint after any
    change froze the screen). Snapshots of the same threads (a workflow change, the clock
    moving on) or of threads grown by newer messages (a reply sent) only move the week:
    replies older than it leave, the new ones are added, and the index holds what one built
    afresh would.
    """

    def __init__(self, signatures: tuple[str, ...]) -> None:
        super().__init__(signatures=signatures)
        self.now = None
        self.scanned = 0  # how many of the threads' known messages were looked at
        self.threads_seen = (None, -1)  # (lineage, generation) of the threads of the last snapshot
        self.last_seen = None  # the last of those known messages (their prefix is checked, not assumed)

    def follows(self, snap: Snapshot, signatures: tuple[str, ...]) -> bool:
        """This index can be moved on to ``snap`` (same replies so far, the clock not gone back)."""
        threads = snap.threads
        lineage, generation = self.threads_seen
        if not (signatures == self.signatures and self.now is not None and snap.now >= self.now
                and threads.lineage is lineage and threads.generation >= generation):
            return False
        known = snap.known
        return self.scanned == 0 or (len(known) >= self.scanned and known[self.scanned - 1] is self.last_seen)

    def move_to(self, snap: Snapshot, forms_of=None) -> None:
        """Index the replies ``snap`` knows beyond those seen, drop those before its week.
        ``forms_of(replies)``: their normalised forms (by default, normalised here)."""
        since = snap.now - L003_WINDOW
        known = snap.known
        replies = [m for m in known[self.scanned:] if _is_reply(m) and m.created_at >= since]
        signatures = self.signatures
        forms = forms_of(replies) if forms_of is not None else [normalize(m.text, signatures) for m in replies]
        for m, form in zip(replies, forms):
            self.add_normalized(m.id, form, m.created_at)
        while (first := self.oldest()) is not None and first[1] < since:
            self.drop_oldest()
        self.now, self.scanned, self.last_seen = snap.now, len(known), known[-1] if known else None
        self.threads_seen = (snap.threads.lineage, snap.threads.generation)


def _is_reply(m: Message) -> bool:
    return m.direction == "out" and m.kind in ("reply", "dm")


def build_reply_index(snap: Snapshot, reuse: WeekOfReplies | None = None) -> WeekOfReplies:
    """The account's replies (and DM answers) of the last 7 days, indexed for L003.

    ``reuse``: the index of an earlier snapshot, moved on to this one when it can be (see
    :class:`WeekOfReplies`; it is changed in place). Built afresh, the normalised forms are
    remembered with the snapshot's threads, so a rebuild does not normalise a reply again.
    """
    signatures = tuple(a.signature for a in snap.account.agents if a.signature)
    if reuse is not None and reuse.follows(snap, signatures):
        reuse.move_to(snap)
        return reuse
    index = WeekOfReplies(signatures)
    index.move_to(snap, lambda replies: facts_for(snap).classified(
        ("L003 forms", signatures), replies, lambda text: normalize(text, signatures), by=TEXT,
        start=snap.now - L003_WINDOW, alone=True))
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
