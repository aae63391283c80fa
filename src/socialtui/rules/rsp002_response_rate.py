"""RSP002 response-rate."""

from socialtui.rules.base import Thresholds, counted, grade_low, make, not_applicable, rule
from socialtui.rules.facts import facts_for

MINIMUM = 5


@rule("RSP002", "response-rate", "responsiveness", warn=0.9, fail=0.7, unit="answered", rate=True,
      minimum="5 customer turns older than the SLA")
def check(snap, t: Thresholds):
    """What it checks:
    Of the customer turns in the window that are at least one SLA old, the share that
    got an answer from the account.

    Why it matters:
    Social media is a dialogue. An account that answers two questions in three is
    holding a monologue with the rest.

    Example:
    52 turns are older than two hours; 31 were answered: 60 %, below the 70 % floor.

    Suggested fix:
    Answer every customer, even if only to say you are finding out. Check the unanswered
    turns in the evidence list.

    Warns below 90 %, fails below 70 %.
    """
    minimum = int(t.options.get("minimum", MINIMUM))  # [rules.CODE] minimum = N
    cutoff = snap.now - snap.account.sla
    due = [turn for turn in facts_for(snap).turns if turn.start <= cutoff]
    if len(due) < minimum:
        return not_applicable("RSP002", t, f"only {counted(len(due), 'customer turn is', 'customer turns are')} older than the SLA (need {minimum})")
    answered = sum(1 for turn in due if turn.answer is not None)
    rate = answered / len(due)
    missed = sorted((turn for turn in due if turn.answer is None), key=lambda x: (x.start, x.first.id))
    return make("RSP002", t, grade_low(rate, t), figure=rate, evidence=[x.first.id for x in missed],
                reason=f"{answered} of {len(due)} customer turns older than the SLA were answered",
                suggestion="Answer the unanswered customers in the evidence list, oldest first." if missed else "",
                details={"answered": answered, "turns": len(due)})
