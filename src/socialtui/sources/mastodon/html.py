"""Mastodon's status HTML -> plain text, keeping links as (url, text) pairs."""

from __future__ import annotations

from html.parser import HTMLParser

from socialtui.domain.models import Link
from socialtui.sanitize import clean_line, clean_text, clean_url


class _Converter(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.links: list[Link] = []
        self._href: str | None = None
        self._link_text: list[str] = []
        self._skip = 0  # inside <span class="invisible">

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "br":
            self.parts.append("\n")
        elif tag == "p" and self.parts:
            self.parts.append("\n\n")
        elif tag == "a":
            self._href, self._link_text = a.get("href"), []
        elif tag == "span" and "invisible" in (a.get("class") or "").split():
            self._skip += 1
        elif tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag == "a" and self._href is not None:
            text = "".join(self._link_text)
            classes_mention = text.startswith(("@", "#"))
            if not classes_mention:
                self.links.append(Link(clean_url(self._href), clean_line(text)))
            self._href = None
        elif tag == "span" and self._skip:
            self._skip -= 1
        elif tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if self._href is not None:
            self._link_text.append(data if not self._skip else "")
            if self._skip:
                return
        if not self._skip:
            self.parts.append(data)


def html_to_text(html: str) -> tuple[str, tuple[Link, ...]]:
    conv = _Converter()
    conv.feed(html or "")
    conv.close()
    text = clean_text("".join(conv.parts)).strip()
    # Links shown with an ellipsis ("example.org/very-lo…") keep their full href.
    return text, tuple(conv.links)
