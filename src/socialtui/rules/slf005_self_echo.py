"""SLF005 self-echo."""

from socialtui.rules.base import Thresholds, counted, grade_high, make, not_applicable, rule
from socialtui.rules.facts import facts_for
from socialtui.rules.text.links import is_own
from socialtui.rules.text.promotion import mentions_account, names_brand
from socialtui.domain.links import extract_links

MINIMUM = 5


@rule("SLF005", "self-echo", "self-centred", warn=0.7, fail=0.9, unit="of reposts", rate=True,
      minimum="5 reposts")
def check(snap, t: Thresholds):
    """What it checks:
    The share of reposts whose original mentions the account's brand (brand terms, the
    handle or an own-domain link).

    Why it matters:
    Reposting only praise of yourself is self-promotion with someone else's name on it.

    Example:
    "Love my new Kestrel K7!" reposted, and nothing else.

    Suggested fix:
    Repost what helps your audience, not only what flatters the brand.

    Warns above 70 %, fails above 90 %.
    """
    minimum = int(t.options.get("minimum", MINIMUM))  # [rules.CODE] minimum = N
    acc = snap.account
    reposts = facts_for(snap).reposts
    if len(reposts) < minimum:
        return not_applicable("SLF005", t, f"only {counted(len(reposts), 'repost')} (need {minimum})")

    def about_brand(m):
        text = m.repost_of.text if m.repost_of else m.text
        return (names_brand(text, acc) or mentions_account(text, acc)
                or any(is_own(l.url, acc) for l in extract_links(text)))

    echo = [m for m in reposts if about_brand(m)]
    share = len(echo) / len(reposts)
    return make("SLF005", t, grade_high(share, t), figure=share,
                evidence=[m.id for m in sorted(echo, key=lambda m: (m.created_at, m.id), reverse=True)[:20]],
                reason=f"{len(echo)} of {len(reposts)} reposts are about the brand",
                suggestion="Repost things that are useful to your audience, not only praise of the brand.")
