"""Mastodon's status HTML -> plain text, with links kept as (url, text) pairs.

Mastodon shortens long links with ``<span class="invisible">`` (the scheme and the
tail) and ``<span class="ellipsis">`` (the visible middle). The text shows the full
address, so a reader sees the real domain and can copy it; the Link keeps what the
web interface displays. Mentions and hashtags stay as ``@user`` / ``#tag`` text and
are not links. Remote servers send other HTML too: unknown tags only contribute
their text; script and style contribute nothing.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from socialtui.domain.models import Link
from socialtui.sanitize import clean_line, clean_text, clean_url

_BLOCKS = {"p", "blockquote", "pre", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "div"}
_SILENT = {"script", "style", "template"}
_SPACE = re.compile(r"[ \t\r\n\f]+")


class _Anchor:
    __slots__ = ("href", "visible", "shortened", "ellipsis", "is_tag")

    def __init__(self, href: str, classes: set[str]) -> None:
        self.href = href
        self.visible: list[str] = []
        self.shortened = False
        self.ellipsis = False
        self.is_tag = bool(classes & {"mention", "hashtag", "u-url"})


class _Converter(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.links: list[Link] = []
        self._anchor: _Anchor | None = None
        self._spans: list[str] = []  # per open <span>: "invisible", "ellipsis" or ""
        self._silent = 0
        self._pre = 0

    # -- structure -------------------------------------------------------------------
    def _break(self, lines: int) -> None:
        if not self.out:
            return
        tail = "".join(self.out[-3:])
        have = len(tail) - len(tail.rstrip("\n"))
        if have < lines:
            self.out.append("\n" * (lines - have))

    def handle_starttag(self, tag: str, attrs) -> None:
        a = {k: (v or "") for k, v in attrs}
        classes = set(a.get("class", "").split())
        if tag in _SILENT:
            self._silent += 1
        elif tag == "br":
            self.out.append("\n")
        elif tag in _BLOCKS:
            self._break(2 if tag != "div" else 1)
            self._pre += tag == "pre"
        elif tag == "li":
            self._break(1)
            self.out.append("- ")
        elif tag == "a" and self._anchor is None:
            self._anchor = _Anchor(a.get("href", ""), classes)
        elif tag == "span":
            kind = "invisible" if "invisible" in classes else "ellipsis" if "ellipsis" in classes else ""
            self._spans.append(kind)
            if self._anchor is not None and kind:
                self._anchor.shortened = True
                self._anchor.ellipsis |= kind == "ellipsis"

    def handle_startendtag(self, tag: str, attrs) -> None:
        if tag == "br":
            self.out.append("\n")
        elif tag not in _SILENT and tag != "span" and tag != "a":
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SILENT:
            self._silent = max(0, self._silent - 1)
        elif tag in _BLOCKS:
            self._pre -= tag == "pre" and self._pre > 0
            self._break(2 if tag != "div" else 1)
        elif tag == "span" and self._spans:
            if self._spans.pop() == "ellipsis" and self._anchor is not None:
                self._anchor.visible.append("…")
        elif tag == "a" and self._anchor is not None:
            self._close_anchor()

    def _close_anchor(self) -> None:
        anchor, self._anchor = self._anchor, None
        shown = "".join(anchor.visible)
        if anchor.is_tag or shown.startswith(("@", "#")):
            self.out.append(_SPACE.sub(" ", shown))
            return
        url = clean_url(anchor.href)
        if not url.lower().startswith(("https://", "http://")):  # javascript:, data: ... are not links
            self.out.append(shown)
            return
        self.links.append(Link(url, clean_line(shown)))
        self.out.append(url if anchor.shortened else _SPACE.sub(" ", shown))

    def handle_data(self, data: str) -> None:
        if self._silent:
            return
        if not self._pre:
            data = _SPACE.sub(" ", data)
        if self._anchor is not None:
            if "invisible" not in self._spans:
                self._anchor.visible.append(data)
            return
        self.out.append(data)

    def close(self) -> None:
        super().close()
        if self._anchor is not None:  # an unclosed <a> still yields its text
            self._close_anchor()


def html_to_text(html: str | None) -> tuple[str, tuple[Link, ...]]:
    """Return (plain text, links) for a status's ``content``; the text is sanitized."""
    conv = _Converter()
    conv.feed(html or "")
    conv.close()
    lines = [line.strip(" ") for line in "".join(conv.out).split("\n")]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    return clean_text(text), tuple(conv.links)
