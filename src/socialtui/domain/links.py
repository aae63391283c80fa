"""Finding links in plain text (used when a message has no ``links`` field)."""

from __future__ import annotations

import re
from functools import lru_cache

from socialtui.domain.models import Link

# http(s) URLs, bare www. hosts, and bare host names ("bit.ly/3xYzAb", "acme-shop.com/verify"),
# the last not after "@" (e-mail addresses, handles) or inside a longer name or path.
# Trailing punctuation is not part of a URL.
_URL = re.compile(r"(?i)\b(?:https?://|www\.)[^\s<>\"'`]+")
_BARE = re.compile(
    r"(?i)(?<![\w@./:-])(?P<host>(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,63})(?![\w-])(?P<path>/[^\s<>\"'`]*)?"
)
# Most texts have no dot between two word characters outside their URLs: they skip _BARE.
_HOST_HINT = re.compile(r"[A-Za-z0-9]\.[A-Za-z]")
_TRAILING = ".,;:!?)]}>'\"»”’…"
# A bare host name without a path is a link only under these suffixes: prose is full of
# "file.md", "script.py": words whose last part is also a top-level domain.
_BARE_TLDS = frozenset({
    "com", "net", "org", "info", "biz", "eu", "de", "at", "ch", "uk", "nl", "fr", "es", "se", "dk", "fi", "ie",
    "ca", "au", "io", "co", "shop", "store", "online", "example",
})
RESERVED_TLDS = frozenset({"example", "test", "invalid", "localhost"})
# Suffixes that end tech names in prose: the .NET family ("ASP.NET Core", "VB.NET", "ADO.NET")
# and "Socket.IO". Written with a capital suffix they are names; people write addresses in
# lower case ("speedtest.net", "Speedtest.net"), which stay links, as any host with a path does.
_NAME_SUFFIXES = frozenset({"net", "io"})


@lru_cache(maxsize=1)
def suffix_extractor():
    """tldextract over its bundled Public Suffix List (nothing is fetched), imported on first
    use: it pulls in requests and urllib3 (~0.1 s) that the app's first paint does not need."""
    import tldextract

    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, include_psl_private_domains=True)


@lru_cache(maxsize=4_096)
def _is_bare_host(host: str, has_path: bool) -> bool:
    """``host`` (lower case) ends in a real public suffix and has a name in front of it."""
    tld = host.rsplit(".", 1)[-1]
    if not has_path and tld not in _BARE_TLDS:
        return False
    if tld in RESERVED_TLDS:
        return True
    parts = suffix_extractor()(host)
    return bool(parts.suffix and parts.domain)


def is_product_name(host: str) -> bool:
    """``host`` as written ("ASP.NET", "Socket.IO") names a product, not an address
    ("WWW.EXAMPLE.NET", with more than one dot, is an address in capitals)."""
    name, _, tld = host.rpartition(".")
    return "." not in name and tld.lower() in _NAME_SUFFIXES and not tld.islower()


def extract_links(text: str) -> tuple[Link, ...]:
    text = text or ""
    found = [(m.start(), m.group(0), None) for m in _URL.finditer(text)]
    # blank the URLs out (same length, so positions stay) before looking for bare host names
    rest = _URL.sub(lambda m: " " * len(m.group(0)), text) if found else text
    if _HOST_HINT.search(rest):
        for m in _BARE.finditer(rest):
            host, has_path = m.group("host"), len(m.group("path") or "") > 1
            if _is_bare_host(host.lower(), has_path) and (has_path or not is_product_name(host)):
                found.append((m.start(), m.group(0), m))
        found.sort(key=lambda f: f[0])
    out: list[Link] = []
    for _, url, bare in found:
        while url and url[-1] in _TRAILING:
            # keep a closing parenthesis that belongs to the URL, e.g. wiki/Foo_(bar)
            if url[-1] == ")" and url.count("(") >= url.count(")"):
                break
            url = url[:-1]
        if bare is not None or (len(url) > 8 if "://" in url else "." in url[4:]):
            out.append(Link(url if "://" in url else "https://" + url, ""))
    return tuple(out)
