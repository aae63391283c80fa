"""SEC001 unknown-client."""

from socialtui.rules.base import Thresholds, make, rule
from socialtui.rules.facts import facts_for


@rule("SEC001", "unknown-client", "security", warn=None, fail=1, unit="messages", critical=True)
def check(snap, t: Thresholds):
    """What it checks:
    Outbound messages posted by an application that is not in the account's
    `trusted_clients` list (where the platform reports the posting app).

    Why it matters:
    A hijacker rarely uses your team's tools. A post or DM from an app nobody on the
    team uses is the earliest sign that someone else holds the keys.

    Example:
    Twelve DMs sent by "Unknown Poster 2.1" on Friday at 15:10.

    Suggested fix:
    If nobody on the team knows the app: revoke its access and all sessions, change the
    password, then review what it sent. If it is yours, add it to trusted_clients.

    Critical: fails on the first instance.
    """
    if snap.account.extra.get("clients_recorded") is False:  # security rules are never n/a (RULEBOOK)
        return make("SEC001", t, "ok", figure=0, reason="this data does not record which app posted each "
                    "message (a Mastodon archive), so no client can be judged; connect the account live for this check")
    trusted = {c.casefold() for c in snap.account.trusted_clients}
    if not trusted:
        return make("SEC001", t, "ok", figure=0, reason="no trusted_clients configured, so no client can be judged")
    bad = [m for m in facts_for(snap).outbound if m.client and m.client.casefold() not in trusted]
    if not bad:
        return make("SEC001", t, "ok", figure=0, reason="every outbound message came from a trusted client")
    bad.sort(key=lambda m: (m.created_at, m.id))
    clients = sorted({m.client for m in bad})
    return make("SEC001", t, "fail", figure=len(bad), evidence=[m.id for m in bad][:50],
                reason=f"{len(bad)} outbound messages posted by untrusted apps: {', '.join(clients)}",
                suggestion="Revoke unknown apps and sessions, change the password, review what they sent.",
                details={"clients": clients})
