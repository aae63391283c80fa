"""Saved views (filters) over the queue."""

from __future__ import annotations

VIEWS = {
    "all": "All conversations",
    "waiting": "Waiting (incl. hijack reports)",
    "past-sla": "Past the SLA",
    "mine": "Assigned to me",
    "escalated": "Escalated",
    "dm": "Direct messages",
}
WAITING_TIERS = {"hijack-report", "past-sla", "within-sla"}


def filter_rows(rows, view: str, *, agent=None, language=None, ids=None, state=None, late_since=None):
    """The rows a view shows. ``late_since`` (now minus the SLA): a hijack report or an escalated
    conversation is in the past-SLA view while it waits since then or earlier, as the status line
    counts it."""
    if view == "all" and language is None and ids is None:
        return rows  # nothing to leave out (a pass over 100k rows on every refresh)
    out = []
    for r in rows:
        # An escalated conversation still waits for its public answer (RULEBOOK "waiting", and the
        # status line counts it): the waiting views show it too, in its place in the queue.
        owed = r.tier == "escalated" and r.waiting_since is not None
        if view == "waiting" and ((r.tier not in WAITING_TIERS and not owed)
                                  or (r.tier == "hijack-report" and r.conversation.waiting_since is None)):
            continue  # (an answered report keeps its place at the top of the queue, not among the waiting)
        if view == "past-sla" and r.tier != "past-sla":
            since = r.conversation.waiting_since if r.tier == "hijack-report" else r.waiting_since if owed else None
            if since is None or (late_since is not None and since > late_since):
                continue  # (an answered report keeps its place at the top of the queue, not in this view)
        if view == "escalated" and r.tier != "escalated" and not r.overdue_escalation \
                and not (r.state is not None and r.state.status == "escalated"):
            continue  # (an escalation of an answered conversation is still someone's to follow up)
        if view == "dm" and not r.conversation.is_dm:
            continue
        if view == "mine":
            st = state.conversations.get(r.id) if state else None
            if not (agent and st and st.assignee == agent.name):
                continue
        if language and not any(m.lang == language for m in r.conversation.messages if m.direction == "in"):
            continue
        if ids is not None and r.id not in ids:
            continue
        out.append(r)
    return out
