"""Async Mastodon API client with rate-limit handling, retries and redacted tokens."""

from __future__ import annotations

import asyncio
import random
import re
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Awaitable, Callable

import httpx
import orjson

from socialtui import __version__
from socialtui.errors import AuthError, NetworkError

_LINK = re.compile(r'<([^>]+)>;\s*rel="([^"]+)"')


class Token:
    """An access token whose repr and str never show the secret."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value.strip()

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "Token(***)"

    __str__ = __repr__

    def __bool__(self) -> bool:
        return bool(self._value)


class BearerAuth(httpx.Auth):
    def __init__(self, token: Token) -> None:
        self._token = token

    def auth_flow(self, request):
        request.headers["Authorization"] = f"Bearer {self._token.reveal()}"
        yield request

    def __repr__(self) -> str:
        return "BearerAuth(***)"


@dataclass(slots=True)
class RetryPolicy:
    attempts: int = 5
    base_delay: float = 1.0
    max_delay: float = 60.0
    max_wait: float = 900.0  # longest rate-limit wait we sit through before giving up
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep


@dataclass(slots=True)
class ClientStatus:
    """What the status line shows about the connection."""

    requests: int = 0
    rate_remaining: int | None = None
    rate_reset: datetime | None = None
    backing_off_until: float | None = None
    last_error: str | None = None
    last_endpoint: str | None = None
    history: list[str] = field(default_factory=list)

    def summary(self) -> str:
        parts = [f"{self.requests} requests"]
        if self.rate_remaining is not None:
            parts.append(f"{self.rate_remaining} left in rate limit")
        if self.backing_off_until and self.backing_off_until > time.time():
            parts.append(f"backing off {self.backing_off_until - time.time():.0f}s")
        if self.last_error:
            parts.append(f"last error: {self.last_error}")
        return ", ".join(parts)


def parse_reset(value: str | None) -> datetime | None:
    """X-RateLimit-Reset as ISO-8601 (real servers) or epoch seconds (some proxies and the mock)."""
    if not value:
        return None
    v = value.strip()
    try:
        return datetime.fromtimestamp(float(v), timezone.utc)
    except ValueError:
        pass
    try:
        dt = datetime.fromisoformat(v.replace("Z", "+00:00"))
        return dt if dt.tzinfo else dt.replace(tzinfo=timezone.utc)
    except ValueError:
        return None


def parse_links(header: str | None) -> dict[str, str]:
    return {rel: url for url, rel in _LINK.findall(header or "")}


class MastodonClient:
    def __init__(self, base_url: str, token: Token | None, *, timeout: float = 20.0,
                 retry: RetryPolicy | None = None, transport: httpx.AsyncBaseTransport | None = None) -> None:
        self.base_url = base_url.rstrip("/")
        self.retry = retry or RetryPolicy()
        self.status = ClientStatus()
        self._http = httpx.AsyncClient(
            base_url=self.base_url, auth=BearerAuth(token) if token else None, timeout=timeout,
            headers={"User-Agent": f"socialtui/{__version__}"}, transport=transport, follow_redirects=True)

    def __repr__(self) -> str:
        return f"MastodonClient({self.base_url!r})"

    async def aclose(self) -> None:
        await self._http.aclose()

    async def __aenter__(self):
        return self

    async def __aexit__(self, *exc):
        await self.aclose()

    async def request(self, method: str, path: str, *, params=None, data=None, headers=None) -> httpx.Response:
        """One API call with rate-limit waits and bounded, jittered retries on 429, 5xx and timeouts."""
        policy = self.retry
        endpoint = f"{method} {path.split('?')[0]}"
        self.status.last_endpoint = endpoint
        last_problem = ""
        for attempt in range(policy.attempts):
            await self._respect_rate_limit()
            try:
                self.status.requests += 1
                response = await self._http.request(method, path, params=params, data=data, headers=headers)
            except httpx.TimeoutException:
                last_problem = "timed out"
            except httpx.TransportError as exc:
                last_problem = f"connection failed ({type(exc).__name__})"
            else:
                self._note_rate(response)
                if response.status_code == 401:
                    raise AuthError(f"{self.base_url}: the token was revoked or has expired ({endpoint}).",
                                    f"Run: socialtui login mastodon {self.base_url}")
                if response.status_code == 429:
                    wait = self._retry_after(response, attempt)
                    last_problem = f"rate limited (429), retry in {wait:.0f}s"
                    self.status.last_error = last_problem
                    await self._backoff(wait)
                    continue
                if response.status_code >= 500:
                    last_problem = f"server error {response.status_code}"
                else:
                    if response.status_code >= 400:
                        raise NetworkError(f"{endpoint} on {self.base_url} failed: HTTP {response.status_code} "
                                           f"{_error_text(response)}")
                    self.status.last_error = None
                    return response
            self.status.last_error = last_problem
            if attempt + 1 < policy.attempts:
                await self._backoff(self._backoff_delay(attempt))
        raise NetworkError(f"{endpoint} on {self.base_url} failed after {policy.attempts} attempts: {last_problem}.",
                           "Check the connection and the server's status page, then run socialtui sync again.")

    async def get_json(self, path: str, params=None) -> tuple[Any, httpx.Response]:
        response = await self.request("GET", path, params=params)
        return self.decode(response, f"GET {path}"), response

    def decode(self, response: httpx.Response, endpoint: str):
        try:
            return orjson.loads(response.content)
        except orjson.JSONDecodeError:
            raise NetworkError(f"{endpoint} on {self.base_url} returned malformed JSON "
                               f"({len(response.content)} bytes).", "The server may be overloaded; retry later.") from None

    async def paginate(self, path: str, params: dict | None = None, *, max_pages: int = 1000,
                       stop: Callable[[list], bool] | None = None):
        """Yield pages following the Link header's ``next`` (older items)."""
        url, query = path, dict(params or {})
        for _ in range(max_pages):
            page, response = await self.get_json(url, query)
            if not isinstance(page, list):
                raise NetworkError(f"GET {path} on {self.base_url}: expected a list, got {type(page).__name__}.")
            yield page
            nxt = parse_links(response.headers.get("link")).get("next")
            if not page or not nxt or (stop and stop(page)):
                return
            url, query = nxt, None

    # -- internals ---------------------------------------------------------------------
    def _note_rate(self, response: httpx.Response) -> None:
        remaining = response.headers.get("x-ratelimit-remaining")
        if remaining is not None and remaining.isdigit():
            self.status.rate_remaining = int(remaining)
        self.status.rate_reset = parse_reset(response.headers.get("x-ratelimit-reset")) or self.status.rate_reset

    async def _respect_rate_limit(self) -> None:
        s = self.status
        if s.rate_remaining == 0 and s.rate_reset is not None:
            wait = (s.rate_reset - datetime.now(timezone.utc)).total_seconds()
            if wait > self.retry.max_wait:
                raise NetworkError(f"{self.base_url}: rate limit exhausted until {s.rate_reset:%H:%M:%S} UTC.",
                                   "socialtui will continue on the next sync after that time.")
            if wait > 0:
                await self._backoff(wait)
            s.rate_remaining = None

    def _retry_after(self, response: httpx.Response, attempt: int) -> float:
        value = response.headers.get("retry-after")
        if value:
            try:
                wait = float(value)
            except ValueError:
                reset = parse_reset(value)
                wait = (reset - datetime.now(timezone.utc)).total_seconds() if reset else 0
        else:
            reset = parse_reset(response.headers.get("x-ratelimit-reset"))
            wait = (reset - datetime.now(timezone.utc)).total_seconds() if reset else self._backoff_delay(attempt)
        wait = max(0.0, wait)
        if wait > self.retry.max_wait:
            raise NetworkError(f"{self.base_url}: rate limited for {wait:.0f}s.",
                               "socialtui will pick up where it stopped on the next sync.")
        self.status.rate_remaining = None  # the wait below covers it
        return wait

    def _backoff_delay(self, attempt: int) -> float:
        p = self.retry
        return min(p.max_delay, p.base_delay * (2 ** attempt)) * (0.5 + random.random() / 2)

    async def _backoff(self, seconds: float) -> None:
        self.status.backing_off_until = time.time() + seconds
        try:
            await self.retry.sleep(seconds)
        finally:
            self.status.backing_off_until = None


def _error_text(response: httpx.Response) -> str:
    try:
        data = orjson.loads(response.content)
        return str(data.get("error", ""))[:200] if isinstance(data, dict) else ""
    except orjson.JSONDecodeError:
        return ""
