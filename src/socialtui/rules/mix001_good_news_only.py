"""MIX001 good-news-only."""

from socialtui.rules.base import Thresholds, make, rule
from socialtui.rules.facts import facts_for


@rule("MIX001", "good-news-only", "self-centred", warn=20, fail=None, unit="complaints")
def check(snap, t: Thresholds):
    """What it checks:
    At least 20 customer complaints in the window (delays, breakage, refunds, "still
    not delivered", "funktioniert nicht"), yet no own top-level post acknowledges a
    problem (a delay, outage, recall, fix, apology or status update).

    Why it matters:
    Posting only good news while customers complain looks evasive. Owning a problem in
    public earns more trust than another award announcement.

    Example:
    31 complaints about the delayed K7 and a week of product teasers.

    Suggested fix:
    Post a plain status update: what went wrong, what you are doing, when to expect more.

    Warns at 20 complaints without an acknowledging post.
    """
    f = facts_for(snap)
    n = len(f.complaints)
    acks = f.acknowledging_posts
    limit = t.warn if t.warn is not None else 20
    ids = [m.id for m in sorted(f.complaints, key=lambda m: (m.created_at, m.id))]
    if n >= limit and not acks:
        return make("MIX001", t, "warn", figure=n, evidence=ids,
                    reason=f"{n} complaints in the window and no own post acknowledges a problem",
                    suggestion="Post a status update that owns the problem and says what happens next.")
    reason = (f"{len(acks)} own posts acknowledge a problem" if acks else f"{n} complaints, below {limit:g}")
    return make("MIX001", t, "ok", figure=n, evidence=[m.id for m in acks][:20], reason=reason)
