"""SEC001 unknown-client."""

from bisect import bisect_left

from socialtui.rules.base import Thresholds, make, rule
from socialtui.rules.facts import facts_for
from socialtui.rules.text.clients import app_name


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

    Without a trusted_clients list, the apps the account posted from at least 3 times
    before the window are taken as the team's, and socialtui itself; any other app posting
    in the window is flagged. With fewer than 20 such earlier messages the team's apps may
    not all be known yet: the verdict says so, but an app nobody vouches for still fails,
    as it is not in any trusted list.

    Suggested fix:
    If nobody on the team knows the app: revoke its access and all sessions, change the
    password, then review what it sent. If it is yours, add it to trusted_clients.

    Critical: fails on the first instance.
    """
    if snap.account.extra.get("clients_recorded") is False:  # security rules are never n/a (RULEBOOK)
        return make("SEC001", t, "ok", figure=0, reason="this data does not record which app posted each "
                    "message (a Mastodon archive), so no client can be judged; connect the account live for this check")
    trusted = {app_name(c) for c in snap.account.trusted_clients}
    learned = not trusted
    short = ""
    if learned:  # (a live account nobody configured yet: the apps it used before the window)
        before = _clients_before(snap)
        history = sum(before.values())
        if history < MIN_HISTORY:
            # (too few to know every app the team uses; still, an app nobody vouches for is in
            # no trusted list, and the RULEBOOK fails on the first such message)
            short = (f"; only {history} earlier outbound messages name their app, too few to know all the "
                     f"team's apps")
        # (an app counts as the team's after a few messages: one stray post does not vouch for it;
        # socialtui itself, which sends the replies written here, always does)
        trusted = {app for app, n in before.items() if n >= MIN_PER_APP} | {OWN_APP}
    bad = [m for m in facts_for(snap).outbound if m.client and app_name(m.client) not in trusted]
    if not bad:
        return make("SEC001", t, "ok", figure=0,
                    reason=f"every outbound message came from socialtui or an app the account used before the "
                           f"window (no trusted_clients configured{short}; list the team's apps in account.toml, "
                           f"trusted_clients)" if learned
                    else "every outbound message came from a trusted client")
    bad.sort(key=lambda m: (m.created_at, m.id))
    clients = sorted({m.client for m in bad})
    reason = (f"{len(bad)} outbound messages posted by apps this account did not use (at least {MIN_PER_APP} times) "
              f"before the window: "
              f"{', '.join(clients)} (no trusted_clients configured{short}: if an app is yours, list it there)"
              if learned else f"{len(bad)} outbound messages posted by untrusted apps: {', '.join(clients)}")
    return make("SEC001", t, "fail", figure=len(bad), evidence=[m.id for m in bad], reason=reason,
                suggestion="Revoke unknown apps and sessions, change the password, review what they sent.",
                details={"clients": clients, **({"trusted_learned_from_history": sorted(trusted)} if learned else {})})


MIN_HISTORY = 20  # outbound messages naming their app before the window: enough to know the team's apps
MIN_PER_APP = 3  # of them from one app, for it to count as the team's
OWN_APP = "socialtui"  # the client name replies sent from here carry


def _clients_before(snap) -> dict[str, int]:
    """App (case-folded) -> outbound messages it posted before the window."""
    known = snap.known
    end = bisect_left(known, snap.window_start, key=lambda m: m.created_at)
    counts: dict[str, int] = {}
    for m in known[:end]:
        if m.direction == "out" and m.client:
            key = app_name(m.client)
            counts[key] = counts.get(key, 0) + 1
    return counts
