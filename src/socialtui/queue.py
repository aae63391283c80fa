"""The queue: every conversation with a customer in it, in RULEBOOK order, each with its reason.

Tiers, in order: hijack-report, past-sla, within-sla, escalated (by due time),
snoozed (by wake time), answered, done. Within a tier: waiting-since, oldest
first, then conversation id, so the order is total and reproducible.

An escalation whose promised follow-up is overdue comes back to the top: it joins
the past-SLA tier, placed like the others by how long its customer has waited. No
follower-count boost: every customer is a person, not an audience size.
"""

from __future__ import annotations

import gc
import weakref
from bisect import bisect_left
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from urllib.parse import urlsplit

from socialtui.domain.conversations import Conversation
from socialtui.domain.dataset import Snapshot
from socialtui.domain.perf import gc_paused
from socialtui.domain.timeutil import format_clock, format_duration
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
    only the rows someone looks at pay for their sentence. So is the position: the
    rows of a queue share one :class:`_Placing`, which finds it when asked.
    """

    __slots__ = ("conversation", "tier", "waiting_since", "overdue_escalation", "state", "hijack_reports",
                 "_placing", "_position", "_reason", "_reason_for")

    def __init__(self, conversation: Conversation, tier: str, waiting_since: datetime | None,
                 overdue_escalation: bool = False, state: ConversationState | None = None,
                 hijack_reports: tuple[str, ...] = ()) -> None:
        self.conversation = conversation
        self.tier = tier
        self.waiting_since = waiting_since
        self.overdue_escalation = overdue_escalation
        self.state = state
        self.hijack_reports = hijack_reports
        self._placing: _Placing | None = None
        self._position = 0  # the last one known (a row no longer in its queue keeps it)
        self._reason: str | None = None
        self._reason_for: object = None  # the snapshot the reason was written at

    @property
    def id(self) -> str:
        return self.conversation.id

    @property
    def position(self) -> int:
        placing = self._placing
        if placing is not None:
            self._position = placing.position_of(self, self._position)
        return self._position

    @property
    def last_message_id(self) -> str:
        return self.conversation.messages[-1].id

    @property
    def participants(self) -> list[str]:
        return self.conversation.participants

    @property
    def reason(self) -> str:
        placing = self._placing
        snap = None if placing is None else placing.snap
        if snap is None:
            return ""
        if self._reason is None or self._reason_for is not snap:
            nth, of = placing.in_tier(self)
            self._reason, self._reason_for = explain(self, snap, nth, of), snap
        return self._reason

    def __repr__(self) -> str:
        return f"QueueRow({self.position}, {self.tier!r}, {self.id!r})"


class Rows(list):
    """A queue's rows: a list its placing can refer to weakly (see :class:`_Placing`)."""

    __slots__ = ("__weakref__",)


_NO_ROWS: list = []


class _Placing:
    """What the rows of one queue share: the snapshot their reasons are written at, and their
    order. A row's position and its place within its tier are looked up when asked (an index
    built on first use), so re-ordering a few rows does not renumber a hundred thousand.

    A queue moved row by row (:func:`update_queue`) takes over its predecessor's placing.

    The rows are held by a weak reference: rows -> row -> placing -> rows was a cycle, which
    only the cyclic collector frees, and the app freezes it (``gc.freeze``) once a large
    account is loaded. Every queue replaced after that (the seed's first of all: 45 MB at
    100k conversations) stayed in memory, with the conversations its rows held."""

    __slots__ = ("snap", "_rows", "_index", "_tiers")

    def __init__(self, snap: Snapshot | None, rows: list[QueueRow]) -> None:
        self.snap, self._rows = snap, weakref.ref(rows)
        self._index: dict[str, int] | None = None
        self._tiers: dict[str, tuple[int, int]] | None = None

    @property
    def rows(self) -> list[QueueRow]:
        """The queue's rows; empty once nothing holds the queue any more (a row kept elsewhere,
        the one a message names, keeps its last position)."""
        return self._rows() or _NO_ROWS

    def moved(self, snap: Snapshot | None, rows: list[QueueRow]) -> None:
        self.snap, self._rows, self._index, self._tiers = snap, weakref.ref(rows), None, None

    def index(self) -> dict[str, int]:
        """Conversation id -> row index."""
        if self._index is None:
            self._index = {r.conversation.id: i for i, r in enumerate(self.rows)}
        return self._index

    def position_of(self, row: QueueRow, default: int) -> int:
        rows = self.rows
        if rows is _NO_ROWS:  # the queue is gone: its index with it
            self._index = self._tiers = None
            return default
        i = self.index().get(row.conversation.id)
        return default if i is None or rows[i] is not row else i + 1

    def tier_range(self, tier: str) -> tuple[int, int]:
        """(index of the tier's first row, how many rows it has)."""
        if self._tiers is None:  # the rows are sorted by tier: each tier is one run of them
            rank = _rank_of_row
            starts = [bisect_left(self.rows, k, key=rank) for k in range(len(TIERS) + 1)]
            self._tiers = {t: (starts[k], starts[k + 1] - starts[k]) for k, t in enumerate(TIERS)}
        return self._tiers[tier]

    def in_tier(self, row: QueueRow) -> tuple[int, int]:
        """(the row's place in its tier, counting from 1; how many rows the tier has)."""
        start, count = self.tier_range(row.tier)
        return self.position_of(row, start + 1) - start, count


def _rank_of_row(row: QueueRow) -> int:
    return TIER_RANK[row.tier]


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
        hijack_conversations = hijacked_in(snap)
    if progress is not None:
        progress.start("ordering the queue")
    with gc_paused():  # 100k rows and their entries, no cycles: the collector only rescans (-0.3 s)
        entries = _entries(snap, _customer_conversations(snap), hijack_conversations)
        return order_rows(entries, snap.state.conversations, snap.now, snap.account.sla, snap)


def hijacked_in(snap: Snapshot) -> set[str]:
    """The conversations with a hijack report in the window (they head the queue)."""
    from socialtui.rules.sec004_hijack_reports import hijack_conversations

    if snap.progress is not None:
        snap.progress.start("looking for reports that the account was hijacked")
    with gc_paused():  # (classifying half a million messages: see build_queue)
        return hijack_conversations(snap)


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
    gc_was_on = gc.isenabled()
    gc.disable()  # 100k rows of new objects would otherwise trigger many useless collections
    try:
        keyed = _keyed(entries, states, now, sla)
        keyed.sort()
        rows = Rows([k[3] for k in keyed])
        _place(rows, snap)
    finally:
        if gc_was_on:
            gc.enable()
    return rows


def _keyed(entries, states: dict, now: datetime, sla: timedelta) -> list[tuple]:
    """``(tier rank, time, conversation id, row)`` per entry (see order_rows), not yet sorted."""
    keyed = []
    append = keyed.append
    late = now - sla  # waiting since at or before this: past the SLA
    past, within, answered = TIER_RANK["past-sla"], TIER_RANK["within-sla"], TIER_RANK["answered"]
    states_get = states.get
    for conv, waiting_since, hijacked, report_ids, first_report in entries:
        cid = conv.id
        state = states_get(cid) if states else None
        if state is None and not hijacked:  # the common case, decided without _tier
            if waiting_since is None:
                append((answered, _NEVER, cid, QueueRow(conv, "answered", None)))
            elif waiting_since <= late:
                append((past, waiting_since, cid, QueueRow(conv, "past-sla", waiting_since)))
            else:
                append((within, waiting_since, cid, QueueRow(conv, "within-sla", waiting_since)))
            continue
        tier, overdue = _tier(conv, waiting_since, state, now, sla, hijacked)
        since = waiting_since if tier in _WAITING_TIERS else None
        if tier == "hijack-report" and since is None:
            since = first_report
        row = QueueRow(conv, tier, since, overdue, state, report_ids)
        # (tier, time, id) is unique per conversation, so the row itself is never compared.
        append(_row_key(row) + (row,))
    return keyed


def _row_key(row: QueueRow) -> tuple:
    """The (tier rank, time, conversation id) a row is ordered by (see the module docstring)."""
    tier = row.tier
    # (an overdue escalation is a past-SLA row like the others: by waiting-since, RULEBOOK)
    primary = row.state.until if (tier == "escalated" or tier == "snoozed") else row.waiting_since
    return TIER_RANK[tier], _NEVER if primary is None else primary, row.conversation.id


def _place(rows: list[QueueRow], snap: Snapshot | None) -> None:
    """Give the rows of a freshly built queue the placing they share (see :class:`_Placing`)."""
    placing = _Placing(snap, rows)
    for r in rows:
        r._placing = placing


def update_queue(rows: list[QueueRow], hijacked_before: set[str], before: Snapshot, snap: Snapshot,
                 hijacked: set[str]) -> list[QueueRow] | None:
    """The queue of ``snap`` from ``rows``, the queue of ``before``, moving only the rows that
    changed: a workflow change, a row crossing the SLA line, a snooze waking, an escalation
    falling due, a hijack report leaving the window, a conversation a reply sent from here joined
    (threads extended from those of ``before``). Building 100k rows anew took most of a
    second on every done, undo or clock tick; this takes milliseconds. The rows that stay are
    taken over (their queue, the one of ``before``, is being replaced).

    None when the whole queue must be built (other messages, an earlier now, another SLA, or
    so many changes that sorting everything again is cheaper).
    """
    threads, earlier = snap.__dict__.get("threads"), before.__dict__.get("threads")
    placing = rows[0]._placing if rows else None
    grew = None if threads is None else threads.growth_since(earlier)
    if threads is None or (threads is not earlier and grew is None) or snap.now < before.now \
            or snap.account.sla != before.account.sla or placing is None or placing.rows is not rows:
        return None
    old_states, states = before.state.conversations, snap.state.conversations
    dirty = {cid for cid in old_states.keys() | states.keys() if old_states.get(cid) != states.get(cid)}
    if grew is not None:  # a reply sent from here (or messages newer than all): their conversations move
        dirty |= grew.conversations
    now = snap.now
    if now != before.now:
        dirty |= _due(placing, now - snap.account.sla, now)
        if snap.window_start != before.window_start:
            # Reports can only leave a window moving forward over the same messages (so the new
            # hijack set is part of the old one): the conversations that had them are placed again.
            dirty |= hijacked_before
    if len(dirty) > max(64, len(rows) // 10):
        return None
    gc_was_on = gc.isenabled()
    gc.disable()
    try:
        conversations = threads.conversations
        changed = [(cid, conv, conv.waiting_since) for cid in dirty
                   if (conv := conversations.get(cid)) is not None and conv.turns]  # (no customer: not queued)
        moved = _keyed(_entries(snap, changed, hijacked & dirty), states, now, snap.account.sla)
        moved.sort()
        kept = _without(rows, placing, dirty)
        out = Rows()
        start = 0
        for key in moved:  # each moved row goes in where its key belongs among the kept ones
            at = bisect_left(kept, key[:3], lo=start, key=_row_key)
            out.extend(kept[start:at])
            out.append(key[3])
            key[3]._placing = placing
            start = at
        out.extend(kept[start:])
        placing.moved(snap, out)
    finally:
        if gc_was_on:
            gc.enable()
    return out


def _due(placing: _Placing, late: datetime, now: datetime) -> set[str]:
    """Rows whose tier the clock changed by ``now``: waiting past the SLA line (``late``), a
    snooze woken, an escalation's follow-up due. Each tier is sorted by that very time, so they
    are the first rows of their tier."""
    rows = placing.rows
    found: set[str] = set()
    for tier, passed in (("within-sla", lambda r: r.waiting_since <= late),
                         ("snoozed", lambda r: r.state.until <= now),
                         ("escalated", lambda r: r.state.until is not None and r.state.until < now)):
        start, count = placing.tier_range(tier)
        for r in rows[start:start + count]:
            if not passed(r):
                break
            found.add(r.conversation.id)
    return found


def _entries(snap: Snapshot, customer_conversations, hijacked: set[str]) -> list[tuple]:
    """order_rows entries from ``(id, conversation, waiting since)`` of conversations with a
    customer in them; ``hijacked``: those among them with a hijack report in the window."""
    reports = _reports_by_conversation(snap, hijacked)
    entries = []
    for cid, conv, waiting_since in customer_conversations:
        if cid in hijacked:
            ids = reports.get(cid, ())
            entries.append((conv, waiting_since, True, ids, _first_report_at(snap, ids, conv)))
        else:
            entries.append((conv, waiting_since, False, (), None))
    return entries


def _without(rows: list[QueueRow], placing: _Placing, cids: set[str]) -> list[QueueRow]:
    """``rows`` less the rows of ``cids`` (found by the placing's index when it has one)."""
    index = placing._index
    if index is None:
        return [r for r in rows if r.conversation.id not in cids]
    kept = list(rows)
    for i in sorted((index[c] for c in cids if c in index), reverse=True):
        del kept[i]
    return kept


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
    return {cid: tuple(mids) for cid, mids in out.items()}  # in time order, as the reports are


def _first_report_at(snap: Snapshot, report_ids: tuple[str, ...], conv: Conversation) -> datetime:
    if report_ids:
        first = snap.message(report_ids[0])
        if first is not None:
            return first.created_at
    return next((t.start for t in conv.turns if t.start >= snap.window_start), conv.turns[-1].start)


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
                f"(due {format_clock(state.until, now)}): back among the past-SLA conversations, waiting "
                f"{format_duration(now - row.waiting_since)}; {place} (oldest first).")
    if row.tier == "past-sla":
        waited = format_duration(now - row.waiting_since)
        return (f"Waiting {waited}, past the {format_duration(sla)} SLA since "
                f"{format_clock(row.waiting_since + sla, now)}; {place} (oldest first).{_thanks_note(row.conversation, snap.account)}")
    if row.tier == "within-sla":
        left = sla - (now - row.waiting_since)
        return (f"Waiting {format_duration(now - row.waiting_since)}; the {format_duration(sla)} SLA runs out in "
                f"{format_duration(left)} (at {format_clock(row.waiting_since + sla, now)}); {place} (oldest first)."
                f"{_thanks_note(row.conversation, snap.account)}")
    if row.tier == "escalated":
        who = state.escalated_to or "someone"
        due = (f", follow-up due in {format_duration(state.until - now)} (at {format_clock(state.until, now)})"
               if state.until is not None else "")
        return f"Escalated to {who}{due}; {place} (by due time)."
    if row.tier == "snoozed":
        return (f"Snoozed until {format_clock(state.until, now)} ({format_duration(state.until - now)} from now), "
                f"or until the customer writes again; {place} (by wake time).")
    if row.tier == "done":
        return f"Marked done; it comes back if the customer writes again; {place}."
    return f"Answered: the latest message is from the account; {place}."


def only_thanks(conv: Conversation, account=None):
    """The last message of the waiting turn when all that turn says is thanks for an answer the
    account gave before it ("thanks, that helped!"), else None. The rulebook still counts such a
    conversation as waiting: the agent decides, and one key closes it. Not when that answer
    could be a hijacker's (a link to a foreign site, an app the account does not list in
    trusted_clients): thanking a "verify your login" DM is a victim's message, not a closed
    case. Cheap (the queue asks it of every row it draws, at start too): no rule module, no
    public-suffix list."""
    turns = getattr(conv, "turns", None)  # (a row from the last session's seed has no messages yet)
    turn = turns[-1] if turns else None
    if turn is None or turn.answer is not None:
        return None
    from socialtui.rules.text.thanks import is_thanks  # (here: the app's start does not need it)

    if not is_thanks(turn.last.text):
        return None
    start = turn.start
    answer = next((m for m in reversed(conv.messages) if m.direction == "out" and m.created_at <= start), None)
    if answer is None or (account is not None and not _trustworthy(answer, account)):
        return None
    if turn.first is not turn.last and not all(is_thanks(m.text) for m in turn.messages_in(conv)):
        return None
    return turn.last


@lru_cache(maxsize=8)
def _trusted_apps(clients: tuple[str, ...]) -> frozenset[str]:
    from socialtui.rules.text.clients import app_name

    return frozenset(app_name(c) for c in clients) | {"socialtui"}


def _trustworthy(message, account) -> bool:
    """Sent by an app the account trusts (socialtui itself, or one in trusted_clients: without
    that list only messages that name no app), linking only to the account's own domains."""
    if message.client:
        from socialtui.rules.text.clients import app_name

        if app_name(message.client) not in _trusted_apps(tuple(account.trusted_clients)):
            return False
    for link in message.links:
        try:
            host = (urlsplit(link.url).hostname or "").rstrip(".")
        except ValueError:
            return False
        if not any(host == d or host.endswith("." + d) for d in account.own_domains):
            return False
    return True


def thanks_row(row: QueueRow, account) -> bool:
    """A row marked thx: waiting (past or within the SLA, not a returning escalation) and all its
    customer said since the answer is thanks (:func:`only_thanks`)."""
    return row.tier in ("past-sla", "within-sla") and not row.overdue_escalation \
        and only_thanks(row.conversation, account) is not None


def _thanks_note(conv: Conversation, account) -> str:
    """" Its last message only thanks ...", for a row :func:`only_thanks` finds."""
    from socialtui.sanitize import clean_line

    thanks = only_thanks(conv, account)
    if thanks is None:
        return ""
    quote = clean_line(thanks.text)
    quote = quote if len(quote) <= 60 else quote[:59] + "…"
    return (f" Its last message only thanks for an answer (\u201c{quote}\u201d): "
            "if nothing is left to do, mark it done.")
