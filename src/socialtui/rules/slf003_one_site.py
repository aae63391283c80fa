"""SLF003 one-site."""

from socialtui.rules.base import Thresholds, counted, grade_high, make, not_applicable, rule
from socialtui.rules.facts import facts_for

MINIMUM = 5


@rule("SLF003", "one-site", "self-centred", warn=0.8, fail=0.95, unit="of links", rate=True,
      minimum="5 outbound links")
def check(snap, t: Thresholds):
    """What it checks:
    The share of outbound links that point to the account's own domains.

    Why it matters:
    Linking only to yourself says the account exists to drive traffic. Pointing to
    good sources elsewhere builds trust.

    Example:
    41 of 42 links go to kestrel-mobile.example.

    Suggested fix:
    Link to independent reviews, partners, community posts and helpful guides too.

    Warns above 80 %, fails above 95 %.
    """
    minimum = int(t.options.get("minimum", MINIMUM))  # [rules.CODE] minimum = N
    f = facts_for(snap)
    links = f.outbound_links
    if len(links) < minimum:
        return not_applicable("SLF003", t, f"only {counted(len(links), 'outbound link')} (need {minimum})")
    own = f.own_outbound_links
    share = len(own) / len(links)
    ids = list(dict.fromkeys(m.id for m, _ in sorted(own, key=lambda x: (x[0].created_at, x[0].id), reverse=True)))
    return make("SLF003", t, grade_high(share, t), figure=share, evidence=ids[:20],
                reason=f"{len(own)} of {len(links)} links point to the account's own domains",
                suggestion="Link to other good sources as well as your own site.")
