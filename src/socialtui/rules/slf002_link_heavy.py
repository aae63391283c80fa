"""SLF002 link-heavy."""

from socialtui.rules.base import Thresholds, counted, grade_high, make, not_applicable, rule
from socialtui.rules.facts import facts_for

MINIMUM = 10


@rule("SLF002", "link-heavy", "self-centred", warn=0.7, fail=0.9, unit="carry a link", rate=True,
      minimum="10 outbound posts and replies")
def check(snap, t: Thresholds):
    """What it checks:
    The share of outbound posts and replies that carry a link.

    Why it matters:
    A feed of links is a feed of ads: people follow accounts that say something, not
    ones that only point elsewhere. Replies that are just a link feel like a brush-off.

    Example:
    "See kestrel-mobile.example/help" as the whole answer, again and again.

    Suggested fix:
    Write the answer in the message; add a link only when it helps.

    Warns above 70 %, fails above 90 %.
    """
    minimum = int(t.options.get("minimum", MINIMUM))  # [rules.CODE] minimum = N
    msgs = [m for m in facts_for(snap).outbound if m.kind in ("post", "reply")]
    if len(msgs) < minimum:
        return not_applicable("SLF002", t, f"only {counted(len(msgs), 'outbound post or reply', 'outbound posts and replies')} (need {minimum})")
    linked = [m for m in msgs if m.links]
    share = len(linked) / len(msgs)
    return make("SLF002", t, grade_high(share, t), figure=share,
                evidence=[m.id for m in sorted(linked, key=lambda m: (m.created_at, m.id), reverse=True)[:20]],
                reason=f"{len(linked)} of {len(msgs)} posts and replies carry a link",
                suggestion="Say it in words; link only where the link adds something.")
