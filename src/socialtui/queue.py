"""The queue: every conversation with a customer in it, in RULEBOOK order, each with its reason.

Tiers, in order: hijack-report, past-sla, within-sla, escalated (by due time),
snoozed (by wake time), answered, done. Within a tier: waiting-since, oldest
first, then conversation id, so the order is total and reproducible.

An escalation whose promised follow-up is overdue comes back to the top: it joins
the past-SLA tier, placed by its due time among the others' waiting-since. No
follower-count boost: every customer is a person, not an audience size.
"""

from __future__ import annotations

import gc
from datetime import datetime, timedelta, timezone

from socialtui.domain.conversations import Conversation
from socialtui.domain.dataset import Snapshot
from socialtui.domain.timeutil import format_duration
from socialtui.domain.workflow import ConversationState

TIERS = ("hijack-report", "past-sla", "within-sla", "escalated", "snoozed", "answered", "done")
TIER_RANK = {t: i for i, t in enumerate(TIERS)}
TIER_NAMES = {"hijack-report": "hijack-report", "past-sla": "past-SLA", "within-sla": "within-SLA",
              "escalated": "escalated", "snoozed": "snoozed", "answered": "answered", "done": "done"}
_WAITING_TIERS = frozenset(("hijack-report", "past-sla", "within-sla", "escalated", "snoozed"))
_NEVER = datetime.max.replace(tzinfo=timezone.utc)


class QueueRow:
    """One conversation's place in the queue and the plain sentence saying why.

    The reason is written on first use: a 100k-row queue is built in a blink and
    only the rows someone looks at pay for their sentence.
    """

    __slots__ = ("conversation", "position", "tier", "waiting_since", "overdue_escalation", "state",
                 "hijack_reports", "_context", "_nth", "_reason")

    def __init__(self, conversation: Conversation, position: int, tier: str, waiting_since: datetime | None,
                 overdue_escalation: bool = False, state: ConversationState | None = None,
                 hijack_reports: tuple[str, ...] = (), reason: str | None = None) -> None:
        self.conversation = conversation
        self.position = position
        self.tier = tier
        self.waiting_since = waiting_since
        self.overdue_escalation = overdue_escalation
        self.state = state
        self.hijack_reports = hijack_reports
        self._context: tuple | None = None  # (snapshot, rows per tier), shared by every row of a queue
        self._nth = 0
        self._reason = reason

    @property
    def id(self) -> str:
        return self.conversation.id

    @property
    def last_message_id(self) -> str:
        return self.conversation.messages[-1].id

    @property
    def participants(self) -> list[str]:
        return self.conversation.participants

    @property
    def reason(self) -> str:
        if self._reason is None:
            context = self._context
            if context is None or context[0] is None:
                self._reason = ""
            else:
                self._reason = explain(self, context[0], self._nth, context[1][self.tier])
        return self._reason

    def __repr__(self) -> str:
        return f"QueueRow({self.position}, {self.tier!r}, {self.id!r})"


def _tier(conv: Conversation, since: datetime | None, state: ConversationState | None, now: datetime,
          sla: timedelta, hijacked: bool) -> tuple[str, bool]:
    """(tier, overdue escalation) for one conversation; ``since`` is its waiting_since."""
    if state is None:  # the common case, same answer as Conversation.is_waiting
        if hijacked:
            return "hijack-report", False
        if since is None:
            return "answered", False
        return ("past-sla" if now - since >= sla else "within-sla"), False
    waiting = conv.is_waiting(state, now)
    status = state.status
    if hijacked and (waiting or status != "done"):
        return "hijack-report", False
    if status == "escalated" and waiting:
        last_in = conv.last_inbound_at
        written_again = state.changed_at is not None and last_in is not None and last_in > state.changed_at
        if not written_again:
            overdue = state.until is not None and state.until < now
            return ("past-sla", True) if overdue else ("escalated", False)
    if waiting:
        return ("past-sla" if now - since >= sla else "within-sla"), False
    if status == "snoozed" and state.until is not None and state.until > now:
        return "snoozed", False
    if status == "done":
        return "done", False
    return "answered", False


def build_queue(snap: Snapshot, hijack_conversations: set[str] | None = None) -> list[QueueRow]:
    """Every conversation with at least one inbound message, in queue order, with reasons."""
    progress = snap.progress
    snap.threads  # threads them first, when not done yet (progress reports in this order)
    if hijack_conversations is None:
        from socialtui.rules.sec004_hijack_reports import hijack_conversations as find

        if progress is not None:
            progress.start("looking for reports that the account was hijacked")
        hijack_conversations = find(snap)
    if progress is not None:
        progress.start("ordering the queue")
    reports = _reports_by_conversation(snap, hijack_conversations)
    entries = []
    for cid, conv, waiting_since in _customer_conversations(snap):
        if cid in hijack_conversations:
            ids = reports.get(cid, ())
            entries.append((conv, waiting_since, True, ids, _first_report_at(snap, ids, conv)))
        else:
            entries.append((conv, waiting_since, False, (), None))
    return order_rows(entries, snap.state.conversations, snap.now, snap.account.sla, snap)


def _customer_conversations(snap: Snapshot) -> list[tuple[str, Conversation, datetime | None]]:
    """(id, conversation, waiting since) of every conversation with an inbound message. Remembered
    with the threads: a workflow change or a clock tick orders the queue again without walking
    100k conversations' turns (0.4 s of each rebuild)."""
    memo = snap.threads.memo
    found = memo.get("queue-conversations")
    if found is None:
        found = memo["queue-conversations"] = [(cid, conv, conv.waiting_since)
                                               for cid, conv in snap.conversations.items() if conv.turns]
    return found


def order_rows(entries, states: dict, now: datetime, sla: timedelta, snap: Snapshot | None = None) -> list[QueueRow]:
    """Queue rows in RULEBOOK order from ``(conversation, waiting_since, hijacked, report ids,
    first report time)`` entries; the conversation needs ``id``, ``is_waiting`` and
    ``last_inbound_at``. Reasons are written from ``snap`` (none without one)."""
    keyed = []
    append = keyed.append
    late = now - sla  # waiting since at or before this: past the SLA
    past, within, answered = TIER_RANK["past-sla"], TIER_RANK["within-sla"], TIER_RANK["answered"]
    states_get = states.get
    gc_was_on = gc.isenabled()
    gc.disable()  # 100k rows of new objects would otherwise trigger many useless collections
    try:
        for conv, waiting_since, hijacked, report_ids, first_report in entries:
            cid = conv.id
            state = states_get(cid) if states else None
            if state is None and not hijacked:  # the common case, decided without _tier
                if waiting_since is None:
                    append((answered, _NEVER, cid, QueueRow(conv, 0, "answered", None)))
                elif waiting_since <= late:
                    append((past, waiting_since, cid, QueueRow(conv, 0, "past-sla", waiting_since)))
                else:
                    append((within, waiting_since, cid, QueueRow(conv, 0, "within-sla", waiting_since)))
                continue
            tier, overdue = _tier(conv, waiting_since, state, now, sla, hijacked)
            since = waiting_since if tier in _WAITING_TIERS else None
            if tier == "hijack-report" and since is None:
                since = first_report
            row = QueueRow(conv, 0, tier, since, overdue, state, report_ids)
            primary = state.until if (overdue or tier == "escalated" or tier == "snoozed") else since
            # (tier, time, id) is unique per conversation, so the row itself is never compared.
            append((TIER_RANK[tier], _NEVER if primary is None else primary, cid, row))
        keyed.sort()
        rows = [k[3] for k in keyed]
        counts: dict[str, int] = {}
        context = (snap, counts)  # counts are filled in below, before any reason is asked for
        seen: dict[str, int] = {}
        for i, r in enumerate(rows, 1):
            tier = r.tier
            n = seen[tier] = seen.get(tier, 0) + 1
            r.position, r._nth, r._context = i, n, context
        counts.update(seen)
    finally:
        if gc_was_on:
            gc.enable()
    return rows


def _reports_by_conversation(snap: Snapshot, hijacked: set[str]) -> dict[str, tuple[str, ...]]:
    """Conversation id -> ids of its hijack reports (to name them in the reason)."""
    if not hijacked:
        return {}
    try:
        from socialtui.rules.facts import facts_for

        ids = facts_for(snap).hijack_reports
    except (ImportError, AttributeError):
        return {}
    out: dict[str, list[str]] = {}
    conv_of = snap.conversation_of
    for mid in ids:
        cid = conv_of.get(mid)
        if cid in hijacked:
            out.setdefault(cid, []).append(mid)
    return {cid: tuple(sorted(mids, key=lambda m: (snap.by_id[m].created_at, m))) for cid, mids in out.items()}


def _first_report_at(snap: Snapshot, report_ids: tuple[str, ...], conv: Conversation) -> datetime:
    if report_ids:
        return snap.by_id[report_ids[0]].created_at
    return next((t.start for t in conv.turns if t.start >= snap.window_start), conv.turns[-1].start)


def _clock(when: datetime, now: datetime) -> str:
    """14:03 today, else 'Thu 19 Nov 14:03' (UTC, as everywhere in the CLI)."""
    return f"{when:%H:%M}" if when.date() == now.date() else f"{when:%a %d %b %H:%M}"


def explain(row: QueueRow, snap: Snapshot, nth: int, of: int) -> str:
    """Why this row sits where it sits, in one plain sentence."""
    now, sla = snap.now, snap.account.sla
    state = row.state
    group = TIER_NAMES[row.tier]
    place = f"position {nth} of {of} {group} conversation{'s' if of != 1 else ''}"
    if row.tier == "hijack-report":
        which = f" ({', '.join(row.hijack_reports[:3])})" if row.hijack_reports else ""
        if row.conversation.waiting_since is None:
            return (f"Contains a report that this account may be hacked{which}, answered; it stays on top until "
                    f"marked done, since the incident may still be open; {place}.")
        return f"Contains a report that this account may be hacked{which}: security first; {place}."
    if row.overdue_escalation:
        who = state.escalated_to or "someone"
        return (f"Escalated to {who}, follow-up overdue by {format_duration(now - state.until)} "
                f"(due {_clock(state.until, now)}): back among the past-SLA conversations by due time; {place}.")
    if row.tier == "past-sla":
        waited = format_duration(now - row.waiting_since)
        return (f"Waiting {waited}, past the {format_duration(sla)} SLA since "
                f"{_clock(row.waiting_since + sla, now)}; {place} (oldest first).")
    if row.tier == "within-sla":
        left = sla - (now - row.waiting_since)
        return (f"Waiting {format_duration(now - row.waiting_since)}; the {format_duration(sla)} SLA runs out in "
                f"{format_duration(left)} (at {_clock(row.waiting_since + sla, now)}); {place} (oldest first).")
    if row.tier == "escalated":
        who = state.escalated_to or "someone"
        due = (f", follow-up due in {format_duration(state.until - now)} (at {_clock(state.until, now)})"
               if state.until is not None else "")
        return f"Escalated to {who}{due}; {place} (by due time)."
    if row.tier == "snoozed":
        return (f"Snoozed until {_clock(state.until, now)} ({format_duration(state.until - now)} from now), "
                f"or until the customer writes again; {place} (by wake time).")
    if row.tier == "done":
        return f"Marked done; it comes back if the customer writes again; {place}."
    return f"Answered: the latest message is from the account; {place}."
