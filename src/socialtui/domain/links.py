"""Finding links in plain text (used when a message has no ``links`` field)."""

from __future__ import annotations

import re

from socialtui.domain.models import Link

# http(s) URLs, and bare www. hosts. Trailing punctuation is not part of a URL.
_URL = re.compile(r"(?i)\b(?:https?://|www\.)[^\s<>\"'`]+")
_TRAILING = ".,;:!?)]}>'\"»”’…"


def extract_links(text: str) -> tuple[Link, ...]:
    out: list[Link] = []
    for m in _URL.finditer(text or ""):
        url = m.group(0)
        while url and url[-1] in _TRAILING:
            # keep a closing parenthesis that belongs to the URL, e.g. wiki/Foo_(bar)
            if url[-1] == ")" and url.count("(") >= url.count(")"):
                break
            url = url[:-1]
        if len(url) > 8:
            out.append(Link(url if "://" in url else "https://" + url, ""))
    return tuple(out)
