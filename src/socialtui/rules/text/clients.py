"""Posting apps ("client" of a message) compared by name: case and version left out."""

from __future__ import annotations

import re

_VERSION = re.compile(r"(?<!\S)\(?v?\d+(?:[.\-]\w+)*\)?(?!\S)")  # (a whole word: "3CX" keeps its 3)


def app_name(client: str) -> str:
    """An app's name without case or version: "Tusky 24.1" and "tusky 25.0" are one app (an
    update is not a stranger); "Unknown Poster 2.1" is "unknown poster"."""
    name = " ".join(_VERSION.sub(" ", client).casefold().split())
    return name or client.casefold()
