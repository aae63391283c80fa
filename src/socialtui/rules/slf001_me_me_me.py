"""SLF001 me-me-me."""

from socialtui.rules.base import Thresholds, counted, grade_high, make, not_applicable, rule
from socialtui.rules.facts import facts_for
from socialtui.rules.text.promotion import is_self_promotion

MINIMUM = 5


@rule("SLF001", "me-me-me", "self-centred", warn=0.6, fail=0.85, unit="of posts", rate=True,
      minimum="5 own top-level posts")
def check(snap, t: Thresholds):
    """What it checks:
    The share of the account's own top-level posts that promote the account (brand
    terms or links to its own domains) and engage nobody else: no other account
    mentioned, no link to anyone else's site.

    Why it matters:
    Feeds that only talk about themselves are the first ones people unfollow. Social
    means adding something for the community, not only your products.

    Example:
    "The new K7 is here! kestrel-mobile.example/k7" twenty times a week.

    Suggested fix:
    Mix in posts that credit customers, partners and useful third-party sources.

    Warns above 60 %, fails above 85 %.
    """
    minimum = int(t.options.get("minimum", MINIMUM))  # [rules.CODE] minimum = N
    posts = facts_for(snap).own_posts
    if len(posts) < minimum:
        return not_applicable("SLF001", t, f"only {counted(len(posts), 'own post')} in the window (need {minimum})")
    promo = [m for m in posts if is_self_promotion(m, snap.account)]
    share = len(promo) / len(posts)
    return make("SLF001", t, grade_high(share, t), figure=share,
                evidence=[m.id for m in sorted(promo, key=lambda m: (m.created_at, m.id), reverse=True)[:20]],
                reason=f"{len(promo)} of {len(posts)} posts are about the account only",
                suggestion="Share and credit others: customers, partners, useful third-party links.")
