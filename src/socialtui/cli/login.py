"""``socialtui login mastodon INSTANCE_URL``: authorise an account (OAuth out-of-band or a pasted token)."""

from __future__ import annotations

import asyncio
import ipaddress
import re
import sys
from urllib.parse import urlencode, urlsplit

from socialtui.cli.common import get_data_dir
from socialtui.errors import AuthError, NetworkError, UsageError

OOB = "urn:ietf:wg:oauth:2.0:oob"
SCOPES = "read write"


def register(sub, parents) -> None:
    p = sub.add_parser("login", parents=parents, help="authorise a Mastodon account",
                       description="Register socialtui with the instance and authorise an account: open the printed "
                                   "URL, approve, paste the code. Or pipe an access token in with --token-stdin.")
    p.add_argument("platform", choices=("mastodon",))
    p.add_argument("instance", metavar="INSTANCE_URL", help="e.g. https://mastodon.social")
    p.add_argument("--token-stdin", action="store_true", help="read an access token from standard input")
    p.set_defaults(func=run)


_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
_LOOPBACK_NAMES = ("localhost",)
VALID_EXAMPLE = "https://mastodon.social (https://, a host name with a dot, optionally :port)"


def _bad_url(url: str, why: str) -> UsageError:
    return UsageError(f"{url!r} is not an instance URL: {why}.", f"Give one like {VALID_EXAMPLE}.")


def _is_loopback(host: str) -> bool:
    if host.lower().rstrip(".") in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _check_host(url: str, host: str) -> None:
    try:
        ipaddress.ip_address(host)
        return
    except ValueError:
        pass
    if host.lower().rstrip(".") in _LOOPBACK_NAMES:
        return
    try:
        ascii_host = host.rstrip(".").encode("idna").decode("ascii").lower()
    except UnicodeError:
        raise _bad_url(url, f"{host!r} is not a valid host name") from None
    labels = ascii_host.split(".")
    if not all(_LABEL.match(label) for label in labels):
        raise _bad_url(url, f"{host!r} is not a valid host name (letters, digits, hyphens and dots only)")
    if len(labels) < 2 or labels[-1].isdigit():
        raise _bad_url(url, f"{host!r} has no domain (such as .social or .org)")


def normalise_instance(url: str) -> str:
    """``scheme://host[:port]`` of a Mastodon instance, or a UsageError saying what a valid one is.

    Checked before any connection: a typo must not cost five retries. Cleartext ``http://``
    is only accepted for loopback hosts (a test server on this machine): anything else
    would send the token unencrypted.
    """
    original = url
    url = url.strip()
    if "://" not in url:
        url = "https://" + url
    try:
        parts = urlsplit(url)
    except ValueError:  # ("https://[::1", "https://host]": brackets that open or close no IPv6 address)
        why = "its brackets [ ] do not enclose an IPv6 address" if "[" in url or "]" in url else "it cannot be read as one"
        raise _bad_url(original, why) from None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise _bad_url(original, "it must start with https:// and name a host")
    if parts.username is not None or parts.password is not None:
        raise _bad_url(original, "it must not contain a user name or password")
    try:
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number in range
    except ValueError:
        raise _bad_url(original, "its port is not a number from 1 to 65535") from None
    host = parts.hostname or ""
    if not host:
        raise _bad_url(original, "it names no host")
    _check_host(original, host)
    scheme = parts.scheme.lower()
    if scheme == "http" and not _is_loopback(host):
        raise UsageError(f"{original!r} uses cleartext http://, which would send your token unencrypted.",
                         f"Use https://{parts.netloc} instead (http:// is only accepted for localhost).")
    return f"{scheme}://{parts.netloc}"


async def _oauth(instance: str) -> str:
    from socialtui.sources.mastodon.client import MastodonClient

    async with MastodonClient(instance, None) as client:
        resp = await client.request("POST", "/api/v1/apps", data={
            "client_name": "socialtui", "redirect_uris": OOB, "scopes": SCOPES})
        app = client.decode(resp, "POST /api/v1/apps")
        url = f"{instance}/oauth/authorize?" + urlencode({
            "client_id": app["client_id"], "redirect_uri": OOB, "response_type": "code", "scope": SCOPES})
        print("Open this address in a browser, approve socialtui, and paste the code shown:")
        print(f"  {url}")
        try:
            code = input("Code: ").strip()
        except EOFError:
            code = ""
        if not code:
            raise UsageError("No code entered; nothing was saved.")
        resp = await client.request("POST", "/oauth/token", data={
            "grant_type": "authorization_code", "code": code, "client_id": app["client_id"],
            "client_secret": app["client_secret"], "redirect_uri": OOB, "scope": SCOPES})
        answer = client.decode(resp, "POST /oauth/token", expect=dict)
        if not answer.get("access_token"):
            raise UsageError(f"{instance} did not accept the code.", "Run the login again and paste the new code.")
        return str(answer["access_token"])


async def verify_and_save(store, instance: str, raw_token: str) -> str:
    """Check the token with verify_credentials, then save it (secrets) and the account (store)."""
    from socialtui.domain.models import Account
    from socialtui.sanitize import clean_handle, clean_line
    from socialtui.secrets import save_token
    from socialtui.sources.mastodon.accounts import token_key
    from socialtui.sources.mastodon.client import MastodonClient, Token

    token = Token(raw_token)
    async with MastodonClient(instance, token) as client:
        try:
            me, _ = await client.get_json("/api/v1/accounts/verify_credentials", expect=dict)
        except AuthError:
            # (the client's words are for a token that worked before; this one never has)
            raise AuthError(f"Login failed, nothing was saved: {instance} did not accept this token (HTTP 401).",
                            "Check that the whole token was pasted and that it is for this instance, or create "
                            "a new one (Preferences > Development); or leave --token-stdin out to log in in "
                            "the browser.") from None
    username = clean_handle(me.get("username") or me.get("acct") or "")
    if not username or not me.get("id"):
        raise UsageError(f"{instance} did not say which account this token belongs to.", "Is this a Mastodon instance?")
    handle = username
    existing = store.get_account(handle)
    if existing is not None and existing.extra.get("instance") not in (None, instance):
        handle = f"{username}@{urlsplit(instance).netloc}"  # same name on another instance: keep both
        existing = store.get_account(handle)
    where = save_token(token_key(handle, instance), token)
    account = existing or Account(handle=handle, name=clean_line(me.get("display_name") or ""),
                                  platform="mastodon", trusted_clients=("socialtui",))
    account.platform = "mastodon"
    account.extra = {**account.extra, "instance": instance, "account_id": str(me["id"])}
    store.put_account(account)
    return f"Logged in as @{handle} on {instance}; token stored in {where}."


def run(args) -> int:
    from socialtui.store import Store

    instance = normalise_instance(args.instance)
    store = Store(get_data_dir(args))
    if args.token_stdin:
        raw = sys.stdin.read().strip()
        if not raw:
            raise UsageError("No token on standard input.", "Pipe it in: socialtui login mastodon URL --token-stdin < token.txt")
    try:
        if not args.token_stdin:
            raw = asyncio.run(_oauth(instance))
        message = asyncio.run(verify_and_save(store, instance, raw))
    except AuthError as exc:
        if not args.token_stdin:  # (the token came from the browser login, not from the user's hands)
            exc.hint = f"Run the login again: socialtui login mastodon {instance}"
        raise
    except NetworkError as exc:
        # The client's hint is written for syncing; here nothing was saved and the login is
        # what to retry. The exit status stays the project's network one (NetworkError, 4).
        again = f"socialtui login mastodon {instance}" + (" --token-stdin" if args.token_stdin else "")
        exc.message = f"Login failed, nothing was saved: {exc.message}"
        exc.hint = f"Check the instance address, your connection and the token, then run again: {again}"
        raise
    print(message)
    print("Next: socialtui sync")
    return 0
