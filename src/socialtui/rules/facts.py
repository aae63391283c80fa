"""Per-snapshot facts shared by several rules, computed once and cached.

Classifying every outbound reply for deflection, or every inbound message for
complaints, is the expensive part of an evaluation; rules read it from here.
"""

from __future__ import annotations

from datetime import timedelta
from functools import cached_property

from socialtui.domain.conversations import Turn
from socialtui.domain.dataset import Snapshot
from socialtui.domain.models import Message
from socialtui.rules.text.complaints import acknowledges_problem, is_complaint
from socialtui.rules.text.deflection import find_deflection, is_dm_move
from socialtui.rules.text.hijack import report_finder
from socialtui.rules.text.links import is_own


class Facts:
    def __init__(self, snap: Snapshot) -> None:
        self.snap = snap
        self.account = snap.account
        self.vocab = snap.account.vocabulary

    @cached_property
    def outbound(self) -> list[Message]:
        return [m for m in self.snap.in_window if m.direction == "out"]

    @cached_property
    def inbound(self) -> list[Message]:
        return [m for m in self.snap.in_window if m.direction == "in"]

    @cached_property
    def own_posts(self) -> list[Message]:
        return [m for m in self.outbound if m.kind == "post"]

    @cached_property
    def out_replies(self) -> list[Message]:
        """Outbound answers to someone: replies, and DMs in a conversation with inbound messages."""
        return [m for m in self.outbound if m.kind == "reply" or (m.kind == "dm" and self._dm_has_inbound(m))]

    def _dm_has_inbound(self, m: Message) -> bool:
        # A DM's conversation id is known without the message -> conversation index.
        conv = self.snap.conversations.get(f"dm:{m.conversation}")
        return conv is not None and conv.has_inbound

    @cached_property
    def reposts(self) -> list[Message]:
        return [m for m in self.outbound if m.kind == "repost"]

    @cached_property
    def turns(self) -> list[Turn]:
        """Customer turns that started in the window."""
        start = self.snap.window_start
        out = []
        for conv in self.snap.conversations.values():
            for t in conv.turns:
                if t.start >= start:
                    out.append(t)
        return out

    @cached_property
    def deflections(self) -> dict[str, str]:
        """Outbound reply id -> reason, for replies that deflect (DM-move nuance applied)."""
        out = {}
        extra = self.vocab.get("deflection", ())
        for m in self.out_replies:
            match = find_deflection(m.text, extra)
            if match is None:
                continue
            if is_dm_move(m.text) and self._public_follow_up(self.snap.conversation_of.get(m.id), m):
                continue
            out[m.id] = match.reason
        return out

    def _public_follow_up(self, conv_id: str | None, after: Message) -> bool:
        conv = self.snap.conversations.get(conv_id or "")
        if conv is None:
            return False
        return any(
            m.direction == "out" and m.kind != "dm" and m.created_at > after.created_at and m.id != after.id
            and find_deflection(m.text) is None
            for m in conv.messages
        )

    @cached_property
    def complaints(self) -> list[Message]:
        extra = self.vocab.get("complaint", ())
        return [m for m in self.inbound if m.kind != "repost" and is_complaint(m.text, extra)]

    @cached_property
    def acknowledging_posts(self) -> list[Message]:
        extra = self.vocab.get("ack", ())
        return [m for m in self.own_posts if acknowledges_problem(m.text, extra)]

    @cached_property
    def hijack_reports(self) -> dict[str, str]:
        """Inbound message id -> reason, for reports that this account may be compromised.

        Remembered with the snapshot's threads: a later snapshot with the same messages (the
        clock moved on, the window start with it) only drops the reports that left the window.
        """
        acc = self.account
        extra = tuple(self.vocab.get("hijack", ()))
        key = ("hijack", acc.handle, tuple(acc.brand_terms), extra)
        memo = self.snap.threads.memo
        start = self.snap.window_start
        cached = memo.get(key)
        if cached is None or cached[0] > start:
            find = report_finder(acc.handle, tuple(acc.brand_terms), extra)
            hits = {}
            for m in self.inbound:
                match = find(m.text)
                if match:
                    hits[m.id] = (m.created_at, match.reason)
            cached = memo[key] = (start, hits)
        return {mid: reason for mid, (at, reason) in cached[1].items() if at >= start}

    @cached_property
    def outbound_links(self) -> list[tuple[Message, str]]:
        return [(m, link.url) for m in self.outbound if m.kind != "repost" for link in m.links]

    def own_link(self, url: str) -> bool:
        return is_own(url, self.account)

    @property
    def sla(self) -> timedelta:
        return self.account.sla


_CACHE_ATTR = "_socialtui_facts"  # workspace.FACTS_ATTR drops it from replaced snapshots


def facts_for(snap: Snapshot) -> Facts:
    """The Facts of a snapshot, built on first use."""
    f = snap.__dict__.get(_CACHE_ATTR)
    if f is None:
        f = Facts(snap)
        snap.__dict__[_CACHE_ATTR] = f
    return f
