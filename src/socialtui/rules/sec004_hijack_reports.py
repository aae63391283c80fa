"""SEC004 hijack-reports."""

from socialtui.rules.base import Thresholds, make, rule
from socialtui.rules.facts import facts_for


def hijack_conversations(snap) -> set[str]:
    """Conversation ids containing a hijack report in the window (the queue's top tier)."""
    conv_of = snap.conversation_of
    return {conv_of[mid] for mid in facts_for(snap).hijack_reports if mid in conv_of}


def unanswered_reports(snap, reports) -> list[str]:
    """The ids among ``reports`` (hijack reports) that no later outbound message answered: the
    customer turn each belongs to has no answer (a later "ok thanks" leaves an answered report
    answered)."""
    conv_of = snap.conversation_of
    unanswered = []
    for mid in reports:
        conv = snap.conversations.get(conv_of.get(mid, ""))
        report = snap.message(mid) if conv else None
        turn = next((x for x in conv.turns if x.contains(report)), None) if report else None
        if turn is None or turn.answer is None:
            unanswered.append(mid)
    return unanswered


@rule("SEC004", "hijack-reports", "security", warn=None, fail=1, unit="reports", critical=True)
def check(snap, t: Thresholds):
    """What it checks:
    Customers telling the account it may be compromised: "were you hacked?", "did
    someone hack your account?", "your account sends phishing", "is this really you?",
    "seid ihr gehackt?", "Sind Sie gehackt worden?", "hat man euch gehackt?", "seltsame
    Nachricht von euch", "habt ihr mir gerade eine komische Nachricht geschickt?". A
    customer's own account trouble, jokes and news about other companies are not
    reports.

    Why it matters:
    Customers often notice a hijack before the team does. Their warning sitting
    unanswered over a weekend is how a hijack runs for days.

    Example:
    Three people ask "is this DM really from you?" on Friday evening; nobody answers
    until Monday.

    Suggested fix:
    Check the account's recent outbound activity and sessions now, then answer every
    reporter publicly.

    Critical: fails while any report is unanswered; warns once all are answered (the
    incident may still be open).
    """
    reports = facts_for(snap).hijack_reports
    if not reports:
        return make("SEC004", t, "ok", figure=0, reason="no customer reported that the account may be compromised")
    unanswered = unanswered_reports(snap, reports)
    # the reports come in time order (created_at, id): a stable sort puts the unanswered first
    missing = set(unanswered)
    ordered = sorted(reports, key=lambda i: i not in missing)
    verdict = "fail" if unanswered else "warn"
    reason = (f"{len(unanswered)} of {len(reports)} reports that the account may be hacked are unanswered"
              if unanswered else f"all {len(reports)} hijack reports were answered; the incident may still be open")
    return make("SEC004", t, verdict, figure=len(reports), evidence=ordered, reason=reason,
                suggestion="Check recent outbound activity and sessions, then answer every reporter publicly.",
                details={"unanswered": len(unanswered)})
