"""RSP001 left-waiting."""

from socialtui.domain.timeutil import format_duration
from socialtui.rules.base import Thresholds, grade_high, make, rule


SLA_MULTIPLE = 4  # any wait of at least this many SLAs fails the rule

@rule("RSP001", "left-waiting", "responsiveness", warn=1, fail=10, unit="conversations", reads_workflow=True)
def check(snap, t: Thresholds):
    """What it checks:
    Conversations whose latest message is from a customer, not marked done, and whose
    oldest unanswered message is older than the SLA (default 2 hours).

    Why it matters:
    A customer who writes to the brand expects a reply. Every hour of silence tells
    them, and everyone reading along, that nobody is listening.

    Example:
    Nine people asked when the K7 ships; their questions are four to twenty hours old.

    Suggested fix:
    Work the queue from the top: the oldest waiting conversations come first. Answer,
    or say when you will have an answer.

    Warns at 1 conversation, fails at 10 or when any has waited 4 x the SLA or longer
    (`sla_multiple = 4` in its [rules.RSP001] table sets that factor).
    """
    sla = snap.account.sla
    multiple = float(t.options.get("sla_multiple", SLA_MULTIPLE))
    late = [c for c in snap.waiting if snap.now - c.waiting_since >= sla]
    late.sort(key=lambda c: (c.waiting_since, c.id))
    n = len(late)
    verdict = grade_high(n, t, warn_inclusive=True, fail_inclusive=True)
    # "older than 4 x SLA", read like "older than the SLA": at least that long ago (RULEBOOK)
    very_late = [c for c in late if snap.now - c.waiting_since >= multiple * sla]
    if very_late:
        verdict = "fail"
    oldest = snap.now - late[0].waiting_since if late else None
    reason = (f"{n} conversation{'s wait' if n != 1 else ' waits'} past the {format_duration(sla)} SLA; the oldest for {format_duration(oldest)}"
              if n else f"nobody waits longer than the {format_duration(sla)} SLA")
    if very_late:
        reason += f"; {len(very_late)} for {multiple:g} x the SLA or longer, which fails the rule"
    thanking = _only_thanks(snap, late)
    suggestion = "Answer the oldest waiting conversations first (top of the queue)." if n else ""
    if thanking:
        suggestion += (f" {thanking} of them only thank you for an answer (marked thx in the queue): "
                       "mark those done.")
    return make("RSP001", t, verdict, figure=n, evidence=[c.turns[-1].first.id for c in late], reason=reason,
                suggestion=suggestion,
                details={"oldest_wait_seconds": int(oldest.total_seconds()) if oldest else None,
                         "over_4x_sla": len(very_late), "sla_multiple": multiple, "only_thanks": thanking})


def _only_thanks(snap, late) -> int:
    """How many of the ``late`` conversations only thank for an answer (still waiting by the
    rulebook). Remembered per conversation with the threads, checked against its last message:
    RSP001 runs again on every workflow change."""
    from socialtui.queue import only_thanks
    from socialtui.rules.sec004_hijack_reports import hijack_conversations

    memo = snap.threads.memo.setdefault("RSP001 only-thanks", {})
    account, found, states = snap.account, 0, snap.state.conversations
    hijacked = hijack_conversations(snap)
    for c in late:  # (as the queue marks them: not a hijack report's, nor an escalation's)
        if c.id in hijacked or ((state := states.get(c.id)) is not None and state.status == "escalated"):
            continue
        last = c.turns[-1].last.id
        hit = memo.get(c.id)
        if hit is None or hit[0] != last:
            hit = memo[c.id] = (last, only_thanks(c, account) is not None)
        found += hit[1]
    return found
