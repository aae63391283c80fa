"""Async Mastodon API client: bearer auth with a redacted token, rate limits, retries, pagination.

Every failure surfaces as a :class:`~socialtui.errors.NetworkError` (or ``AuthError``)
that names the endpoint and says what to do next; the token never appears in a repr,
a log line or an exception message.
"""

from __future__ import annotations

import asyncio
import random
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from typing import Any, AsyncIterator, Awaitable, Callable, Iterable

import httpx
import orjson

from socialtui import __version__
from socialtui.errors import AuthError, NetworkError
from socialtui.sanitize import clean_line
from socialtui.sources.mastodon.auth import BearerAuth, Token

_LINK = re.compile(r'<([^>]+)>\s*;\s*rel="?([a-z]+)"?')
_CURSORS = ("max_id", "min_id", "since_id")

Params = Iterable[tuple[str, Any]] | dict[str, Any] | None


class RefusedError(NetworkError):
    """The server answered 4xx (not 401/429): the request was refused for good, not retried."""

    def __init__(self, message: str, hint: str | None, status_code: int) -> None:
        super().__init__(message, hint)
        self.status_code = status_code


@dataclass(slots=True)
class RetryPolicy:
    """How hard the client tries. Tests inject ``sleep`` and tiny delays."""

    attempts: int = 5
    base_delay: float = 0.5
    max_delay: float = 30.0
    max_wait: float = 900.0  # the longest rate-limit wait we sit through; longer waits end the sync
    reserve: int = 1  # requests kept in hand: at or below this many left, wait for the reset
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep
    # Told (seconds, why) before a wait of NOTICE_WAIT or more: a command line says so on stderr
    # instead of sitting silent for minutes.
    on_wait: Callable[[float, str], None] | None = None
    give_up_hint: str | None = None  # what to do when a wait is longer than max_wait (default: sync later)


NOTICE_WAIT = 5.0  # s: shorter waits (backoff after one 502) pass without a word


@dataclass(slots=True)
class ClientStatus:
    """What the app's status line shows about the connection."""

    requests: int = 0
    last_request: str | None = None
    last_request_at: datetime | None = None
    rate_remaining: int | None = None
    rate_reset: datetime | None = None
    backing_off_until: datetime | None = None
    last_error: str | None = None
    waits: list[float] = field(default_factory=list)

    def summary(self) -> str:
        parts = [f"{self.requests} requests"]
        if self.rate_remaining is not None:
            parts.append(f"{self.rate_remaining} left in the rate limit")
        if self.backing_off_until is not None:
            parts.append(f"waiting until {self.backing_off_until:%H:%M:%S} UTC")
        if self.last_error:
            parts.append(f"last error: {self.last_error}")
        return ", ".join(parts)


def parse_reset(value: str | None) -> datetime | None:
    """A reset time as epoch seconds (the mock, proxies), ISO-8601 (Mastodon) or an HTTP date."""
    if not value or not value.strip():
        return None
    v = value.strip()
    try:
        return datetime.fromtimestamp(float(v), timezone.utc)
    except (ValueError, OverflowError, OSError):
        pass
    try:
        dt = datetime.fromisoformat(v.replace("Z", "+00:00"))
    except ValueError:
        try:
            dt = parsedate_to_datetime(v)
        except (TypeError, ValueError):
            return None
    return dt if dt.tzinfo else dt.replace(tzinfo=timezone.utc)


def parse_links(header: str | None) -> dict[str, str]:
    """``Link: <url>; rel="next", <url>; rel="prev"`` -> {"next": url, "prev": url}."""
    return {rel: url for url, rel in _LINK.findall(header or "")}


def _pairs(params: Params) -> list[tuple[str, Any]]:
    if params is None:
        return []
    items = params.items() if isinstance(params, dict) else params
    return [(k, v) for k, v in items if v is not None]


class MastodonClient:
    """One instance, one token. ``status`` tells the UI what the connection is doing."""

    def __init__(self, base_url: str, token: Token | str | None, *, timeout: float = 20.0,
                 retry: RetryPolicy | None = None, transport: httpx.AsyncBaseTransport | None = None,
                 event_hooks: dict[str, list] | None = None) -> None:
        self.base_url = base_url.rstrip("/")
        self.retry = retry or RetryPolicy()
        self.status = ClientStatus()
        auth = BearerAuth(Token(token)) if token else None
        self._http = httpx.AsyncClient(
            base_url=self.base_url, auth=auth, timeout=timeout, transport=transport,
            headers={"User-Agent": f"socialtui/{__version__}", "Accept": "application/json"},
            event_hooks=event_hooks, follow_redirects=True)

    def __repr__(self) -> str:
        return f"MastodonClient({self.base_url!r})"

    async def aclose(self) -> None:
        await self._http.aclose()

    async def __aenter__(self) -> "MastodonClient":
        return self

    async def __aexit__(self, *exc) -> None:
        await self.aclose()

    # -- requests ----------------------------------------------------------------------
    async def request(self, method: str, path: str, *, params: Params = None, data: dict | None = None,
                      headers: dict | None = None) -> httpx.Response:
        """One API call: waits for the rate limit, retries 429, 5xx and timeouts (bounded, jittered)."""
        policy = self.retry
        endpoint = f"{method} {httpx.URL(path).path}"
        problem = ""
        for attempt in range(policy.attempts):
            await self._respect_rate_limit(endpoint)
            self.status.requests += 1
            self.status.last_request = endpoint
            self.status.last_request_at = datetime.now(timezone.utc)
            try:
                response = await self._http.request(method, path, params=_pairs(params) or None, data=data,
                                                    headers=headers)
            except httpx.TimeoutException:
                problem = "timed out"
            except httpx.TransportError as exc:
                problem = f"connection failed ({type(exc).__name__})"
            else:
                self._note_rate(response)
                code = response.status_code
                if code == 401:
                    self.status.last_error = "token revoked or expired"
                    raise AuthError(f"{self.base_url}: token revoked or expired ({endpoint} answered 401).",
                                    f"Run: socialtui login mastodon {self.base_url}")
                if code == 429:
                    wait = self._retry_after(response, attempt, endpoint)
                    problem = "rate limited (429)"
                    self.status.last_error = f"{problem}, waiting {wait:.0f}s"
                    if attempt + 1 < policy.attempts:
                        await self._wait(wait, "the instance answered 429 (rate limited)")
                    continue
                if code >= 500:
                    problem = f"server error {code}"
                elif code >= 400:
                    self.status.last_error = f"HTTP {code}"
                    raise RefusedError(f"{endpoint} on {self.base_url} failed: HTTP {code} {_error_text(response)}".strip(),
                                       _hint_for(code), code)
                else:
                    self.status.last_error = None
                    return response
            self.status.last_error = f"{endpoint}: {problem}"
            if attempt + 1 < policy.attempts:
                await self._wait(self.backoff_delay(attempt), f"{problem}, trying again")
        raise NetworkError(f"{endpoint} on {self.base_url} failed after {policy.attempts} attempts: {problem}.",
                           "Check the connection and the instance's status, then try again (the same command; "
                           "a reply is still sent only once).")

    def stream(self, url: str, *, read_timeout: float = 90.0):
        """A streaming GET (Server-Sent Events) with this client's token; ``url`` may be absolute.

        An async context manager giving the httpx response; no retries (the caller reconnects).
        """
        self.status.requests += 1
        return self._http.stream("GET", url, headers={"Accept": "text/event-stream"},
                                 timeout=httpx.Timeout(10.0, read=read_timeout))

    async def get_json(self, path: str, params: Params = None, *, expect: type = object) -> tuple[Any, httpx.Response]:
        """GET and decode; ``expect`` (list or dict) turns a wrong shape into a clear error."""
        response = await self.request("GET", path, params=params)
        return self.decode(response, f"GET {httpx.URL(path).path}", expect=expect), response

    async def post_json(self, path: str, data: dict, *, headers: dict | None = None) -> dict:
        response = await self.request("POST", path, data=data, headers=headers)
        return self.decode(response, f"POST {path}", expect=dict)

    def decode(self, response: httpx.Response, endpoint: str, *, expect: type = object) -> Any:
        try:
            value = orjson.loads(response.content)
        except orjson.JSONDecodeError:
            self.status.last_error = f"{endpoint}: malformed JSON"
            raise NetworkError(f"{endpoint} on {self.base_url} returned malformed JSON "
                               f"({len(response.content)} bytes, HTTP {response.status_code}).",
                               "The instance may be overloaded or behind a broken proxy; try again later.") from None
        if not isinstance(value, expect):
            raise NetworkError(f"{endpoint} on {self.base_url} returned {type(value).__name__}, "
                               f"expected {expect.__name__}.", "Is this a Mastodon instance?")
        return value

    async def paginate(self, path: str, params: Params = None, *, rel: str = "next", max_pages: int = 10_000,
                       stop: Callable[[list], bool] | None = None) -> AsyncIterator[list]:
        """Yield pages of a list endpoint, following the Link header.

        ``rel="next"`` walks to older items (max_id), ``rel="prev"`` to newer ones (min_id).
        Filters of the first request (``types[]``, ``limit``) are kept when a server drops
        them from its links.
        """
        first = _pairs(params)
        url, query = path, first
        for _ in range(max_pages):
            page, response = await self.get_json(url, query, expect=list)
            yield page
            link = parse_links(response.headers.get("link")).get(rel)
            if not page or not link or (stop is not None and stop(page)):
                return
            url, query = _follow(link, first, rel)

    # -- rate limits and backoff ---------------------------------------------------------
    def backoff_delay(self, attempt: int) -> float:
        """Exponential backoff with jitter (50-100 % of the step), capped at ``max_delay``."""
        p = self.retry
        return min(p.max_delay, p.base_delay * (2 ** attempt)) * (0.5 + random.random() / 2)  # nosec B311

    def _note_rate(self, response: httpx.Response) -> None:
        remaining = (response.headers.get("x-ratelimit-remaining") or "").strip()
        if remaining.isdigit():
            self.status.rate_remaining = int(remaining)
            self.status.rate_reset = parse_reset(response.headers.get("x-ratelimit-reset"))

    async def _respect_rate_limit(self, endpoint: str) -> None:
        s = self.status
        if s.rate_remaining is None or s.rate_remaining > self.retry.reserve or s.rate_reset is None:
            return
        wait = (s.rate_reset - datetime.now(timezone.utc)).total_seconds()
        if wait > self.retry.max_wait:
            raise NetworkError(f"{self.base_url}: rate limit used up until {s.rate_reset:%H:%M:%S} UTC "
                               f"(before {endpoint}).",
                               self.retry.give_up_hint or "Nothing is lost: run socialtui sync again after that time.")
        s.rate_remaining = None  # the wait covers it; the next response tells us the new budget
        if wait > 0:
            await self._wait(wait, f"the rate limit is used up until {s.rate_reset:%H:%M:%S} UTC")

    def _retry_after(self, response: httpx.Response, attempt: int, endpoint: str) -> float:
        value = (response.headers.get("retry-after") or "").strip()
        wait: float | None = None
        if value:
            try:
                wait = float(value)
            except ValueError:
                when = parse_reset(value)
                wait = (when - datetime.now(timezone.utc)).total_seconds() if when else None
        if wait is None:
            reset = parse_reset(response.headers.get("x-ratelimit-reset"))
            wait = (reset - datetime.now(timezone.utc)).total_seconds() if reset else self.backoff_delay(attempt)
        wait = max(0.0, wait)
        if wait > self.retry.max_wait:
            raise NetworkError(f"{endpoint} on {self.base_url}: rate limited for {wait:.0f}s.",
                               self.retry.give_up_hint or "Nothing is lost: run socialtui sync again later.")
        self.status.rate_remaining = None
        return wait

    async def _wait(self, seconds: float, why: str) -> None:
        self.status.waits.append(seconds)
        self.status.backing_off_until = datetime.now(timezone.utc) + timedelta(seconds=seconds)
        if self.retry.on_wait is not None and seconds >= NOTICE_WAIT:
            self.retry.on_wait(seconds, why)
        try:
            await self.retry.sleep(seconds)
        finally:
            self.status.backing_off_until = None


def _follow(link: str, first: list[tuple[str, Any]], rel: str) -> tuple[str, list[tuple[str, Any]]]:
    url = httpx.URL(link)
    linked = list(url.params.multi_items())
    have = {k for k, _ in linked}
    dropped = "min_id" if rel == "next" else "max_id"
    kept = [(k, v) for k, v in first if k not in have and k != dropped and (k not in _CURSORS or k == "since_id")]
    # Only the path is followed: a Link header naming another host must never receive our token.
    return url.path, linked + kept


def _error_text(response: httpx.Response) -> str:
    try:
        data = orjson.loads(response.content)
    except orjson.JSONDecodeError:
        return ""
    return clean_line(str(data.get("error", "")))[:200] if isinstance(data, dict) else ""


def _hint_for(code: int) -> str | None:
    if code == 403:
        return "The token lacks a permission; log in again: socialtui login mastodon URL"
    if code == 404:
        return "The item was deleted or is not visible to this account."
    if code == 422:
        return "The instance refused the content; check it and try again."
    return None
