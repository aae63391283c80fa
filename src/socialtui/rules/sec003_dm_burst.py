"""SEC003 dm-burst."""

import re
from datetime import timedelta

from socialtui.domain.links import extract_links
from socialtui.rules.base import Thresholds, make, rule
from socialtui.rules.facts import TEXT, facts_for
from socialtui.rules.text.links import registrable_domain
from socialtui.rules.text.similarity import near_duplicates, normalize

HOUR = timedelta(hours=1)
def burst_form(text: str) -> str:
    """What makes two DMs the same message of a campaign: the text as templates compare it, plus
    the domains it links to. A link is kept (as its domain): a hijacked account's burst is often a
    few words and a link ("check this https://bit.ly/x7"), which without it is too short to
    compare. (A courtesy without a link, "You're welcome", is never compared: see similarity.)"""
    base = normalize(text)
    domains = sorted({registrable_domain(link.url) for link in extract_links(text)} - {""})
    if not domains:
        return base
    return " ".join([base, *("link to " + re.sub(r"[^a-z0-9]", "", d.lower()) for d in domains)]).strip()


@rule("SEC003", "dm-burst", "security", warn=None, fail=10, unit="DMs per hour", critical=True)
def check(snap, t: Thresholds):
    """What it checks:
    Ten or more outbound DMs with near-identical text sent within one hour.

    Why it matters:
    People do not answer customers with the same DM ten times an hour; spam and
    phishing campaigns from hijacked accounts do.

    Example:
    "Your account needs verification: https://..." sent to 14 followers in 20 minutes.

    Suggested fix:
    Treat it as a hijack: secure the account, then tell the recipients not to click.

    DMs are compared as template replies are (names, numbers and greetings aside), with the
    domains they link to kept: ten "check this https://bit.ly/..." are one campaign. A
    courtesy without a link ("You're welcome", "Gern geschehen") is never one.

    Critical: fails at 10 near-identical DMs in an hour.
    """
    dms = [m for m in facts_for(snap).outbound if m.kind == "dm"]
    limit = int(t.fail or 10)
    by_id = {m.id: m for m in dms}
    worst: list = []
    # Normalised forms remembered with the threads: a clock tick does not normalise them again.
    forms = facts_for(snap).classified(("SEC003 forms", 2), dms, burst_form, by=TEXT, alone=True)
    for group in near_duplicates([(m.id, form) for m, form in zip(dms, forms)], 0.9, normalized=True):
        msgs = sorted((by_id[i] for i in group), key=lambda m: (m.created_at, m.id))
        lo = 0
        for hi, m in enumerate(msgs):
            while m.created_at - msgs[lo].created_at > HOUR:
                lo += 1
            if hi - lo + 1 > len(worst):
                worst = msgs[lo : hi + 1]
    n = len(worst)
    if n >= limit:
        return make("SEC003", t, "fail", figure=n, evidence=[m.id for m in worst],
                    reason=f"{n} near-identical DMs sent within one hour",
                    suggestion="Secure the account now and warn the recipients not to open the link.")
    return make("SEC003", t, "ok", figure=n, reason="no burst of near-identical DMs")
