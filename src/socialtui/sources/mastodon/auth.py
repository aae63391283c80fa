"""The access token and the httpx auth that carries it; neither ever shows the secret."""

from __future__ import annotations

import hmac

import httpx


class Token:
    """An access token whose repr and str never show the secret; ``reveal()`` is explicit."""

    __slots__ = ("_value",)

    def __init__(self, value: "str | Token") -> None:
        self._value = value.reveal() if isinstance(value, Token) else str(value).strip()

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "Token('***')"

    __str__ = __repr__

    def __bool__(self) -> bool:
        return bool(self._value)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Token) and hmac.compare_digest(self._value, other._value)

    def __hash__(self) -> int:
        return hash(("Token", self._value))

    def __reduce__(self):
        raise TypeError("a Token is never pickled (it would leave the secret in a cache or a log)")


class BearerAuth(httpx.Auth):
    """Adds ``Authorization: Bearer`` to each request without keeping the secret in a repr."""

    def __init__(self, token: Token) -> None:
        self._token = token

    def auth_flow(self, request: httpx.Request):
        request.headers["Authorization"] = f"Bearer {self._token.reveal()}"
        yield request

    def __repr__(self) -> str:
        return "BearerAuth(Token('***'))"


__all__ = ["BearerAuth", "Token"]
