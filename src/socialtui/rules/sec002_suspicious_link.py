"""SEC002 suspicious-link."""

from socialtui.rules.base import Thresholds, make, rule
from socialtui.rules.facts import facts_for
from socialtui.rules.text.links import analyse_link


@rule("SEC002", "suspicious-link", "security", warn=None, fail=1, unit="messages", critical=True)
def check(snap, t: Thresholds):
    """What it checks:
    Outbound links that are punycode/internationalised domains, raw IP addresses, URL
    shorteners, look-alikes of an own domain or brand (brand name inside a foreign
    domain, one or two letters off, look-alike characters), a login/verify/confirm/
    password page on a foreign domain, or link text naming a different domain than the
    link goes to. All checks run offline.

    Why it matters:
    Phishing from a hijacked brand account works because followers trust it. A
    look-alike "verify your account" link is the classic payload.

    Example:
    https://kestrel-mobi1e.example/verify-login in a DM "from" the brand.

    Suggested fix:
    Delete the message, warn followers publicly not to enter anything on that page, and
    secure the account.

    Critical: fails on the first instance.
    """
    acc = snap.account
    facts = facts_for(snap)
    # Remembered with the threads: a clock tick does not analyse every link again.
    found = facts.classified(("SEC002", tuple(acc.own_domains), tuple(acc.brand_terms)), facts.outbound,
                             lambda m: _findings(m, acc), alone=True)
    hits = [(m, findings) for m, findings in zip(facts.outbound, found) if findings]
    if not hits:
        return make("SEC002", t, "ok", figure=0, reason="no suspicious outbound link")
    hits.sort(key=lambda h: (-len(h[1]), h[0].created_at, h[0].id))
    first = hits[0][1][0]
    return make("SEC002", t, "fail", figure=len(hits), evidence=[m.id for m, _ in hits],
                reason=f"{len(hits)} outbound messages carry suspicious links, e.g. {first.reason}",
                suggestion="Delete these messages, warn followers publicly, and secure the account.",
                details={"kinds": sorted({f.kind for _, fs in hits for f in fs})})


def _findings(m, acc) -> tuple:
    """Every reason one of the message's links looks unsafe (reposts quote someone else)."""
    if m.kind == "repost":
        return ()
    return tuple(f for link in m.links for f in analyse_link(link, acc))
