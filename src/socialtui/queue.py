"""The queue: every conversation with a customer in it, in RULEBOOK order, each with its reason.

Tiers, in order: hijack-report, past-sla, within-sla, escalated (by due time),
snoozed (by wake time), answered, done. Within a tier: waiting-since, oldest
first, then conversation id. An overdue escalation joins the past-SLA tier. No
follower-count boost: every customer is a person, not an audience size.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from socialtui.domain.conversations import Conversation
from socialtui.domain.dataset import Snapshot
from socialtui.domain.timeutil import format_duration

TIERS = ("hijack-report", "past-sla", "within-sla", "escalated", "snoozed", "answered", "done")
TIER_RANK = {t: i for i, t in enumerate(TIERS)}
_FAR = datetime.max.replace(tzinfo=None)


@dataclass(slots=True)
class QueueRow:
    conversation: Conversation
    position: int
    tier: str
    waiting_since: datetime | None
    last_message_id: str
    participants: list[str]
    reason: str = ""
    overdue_escalation: bool = False

    @property
    def id(self) -> str:
        return self.conversation.id


def _tier(snap: Snapshot, conv: Conversation, hijack: set[str]) -> tuple[str, bool]:
    state = snap.state.conversations.get(conv.id)
    waiting = conv.is_waiting(state, snap.now)
    if conv.id in hijack and (waiting or state is None or state.status != "done"):
        return "hijack-report", False
    status = state.status if state else "open"
    if status == "escalated" and (state.changed_at is None or conv.last_inbound_at is None
                                  or conv.last_inbound_at <= state.changed_at):
        overdue = state.until is not None and state.until < snap.now
        return ("past-sla", True) if overdue else ("escalated", False)
    if waiting:
        return ("past-sla" if snap.now - conv.waiting_since >= snap.account.sla else "within-sla"), False
    if status == "snoozed" and state.until and state.until > snap.now:
        return "snoozed", False
    if status == "done":
        return "done", False
    return "answered", False


def _sort_key(row: QueueRow, snap: Snapshot):
    state = snap.state.conversations.get(row.id)
    if row.tier in ("escalated", "snoozed") or row.overdue_escalation:
        primary = state.until if state and state.until else None
    else:
        primary = row.waiting_since
    ts = primary.timestamp() if primary else float("inf")
    return (TIER_RANK[row.tier], ts, row.id)


def build_queue(snap: Snapshot, hijack_conversations: set[str] | None = None) -> list[QueueRow]:
    if hijack_conversations is None:
        from socialtui.rules.sec004_hijack_reports import hijack_conversations as find

        hijack_conversations = find(snap)
    rows = []
    for conv in snap.conversations.values():
        if not conv.has_inbound:
            continue
        tier, overdue = _tier(snap, conv, hijack_conversations)
        since = conv.waiting_since if tier in ("hijack-report", "past-sla", "within-sla") else None
        if tier == "hijack-report" and since is None:
            since = next((t.start for t in conv.turns if t.start >= snap.window_start), conv.turns[0].start)
        rows.append(QueueRow(conv, 0, tier, since, conv.last_message.id, conv.participants, "", overdue))
    rows.sort(key=lambda r: _sort_key(r, snap))
    counts: dict[str, int] = {}
    for r in rows:
        counts[r.tier] = counts.get(r.tier, 0) + 1
    seen: dict[str, int] = {}
    for i, r in enumerate(rows, 1):
        r.position = i
        seen[r.tier] = seen.get(r.tier, 0) + 1
        r.reason = explain(r, snap, seen[r.tier], counts[r.tier])
    return rows


def explain(row: QueueRow, snap: Snapshot, nth: int, of: int) -> str:
    """Why this row sits where it sits, in one plain sentence."""
    sla = format_duration(snap.account.sla)
    state = snap.state.conversations.get(row.id)
    place = f"#{row.position} overall, {nth} of {of} in this group"
    if row.tier == "hijack-report":
        return (f"A customer here reports that this account may be compromised: security comes first "
                f"({place}).")
    if row.overdue_escalation:
        return (f"Escalated to {state.escalated_to or 'someone'}, and the promised follow-up was due "
                f"{format_duration(snap.now - state.until)} ago: back with the past-SLA conversations ({place}).")
    if row.tier == "past-sla":
        return (f"Waiting {format_duration(snap.now - row.waiting_since)}, longer than the {sla} SLA; "
                f"oldest waits come first ({place}).")
    if row.tier == "within-sla":
        left = snap.account.sla - (snap.now - row.waiting_since)
        return (f"Waiting {format_duration(snap.now - row.waiting_since)}; the {sla} SLA runs out in "
                f"{format_duration(left)} ({place}).")
    if row.tier == "escalated":
        due = f", follow-up due in {format_duration(state.until - snap.now)}" if state and state.until else ""
        return f"Escalated to {state.escalated_to or 'someone'}{due}; ordered by due time ({place})."
    if row.tier == "snoozed":
        return (f"Snoozed until the wake time ({format_duration(state.until - snap.now)} from now), or until the "
                f"customer writes again ({place}).")
    if row.tier == "done":
        return f"Marked done; it comes back if the customer writes again ({place})."
    return f"Answered: the latest message is from the account ({place})."
