"""Offline link analysis: registrable domains, own-domain matching, suspicious links (SEC002).

Registrable domains come from tldextract's bundled Public Suffix List; nothing is
fetched. tldextract returns no registrable domain for IP addresses and for reserved
TLDs such as ``.example``: then the last two labels are used, and IPs are kept apart.
"""

from __future__ import annotations

import ipaddress
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import unquote, urlsplit

from socialtui.domain.links import RESERVED_TLDS, is_product_name
from socialtui.domain.links import suffix_extractor as _extractor  # one suffix list for both
from socialtui.domain.models import Account, Link
from socialtui.rules.text.matching import TEXT_CACHE


# Link shorteners whose short address says nothing about where it leads. A platform's own
# share links (youtu.be, redd.it) are left out: they only ever lead to that platform.
SHORTENERS = frozenset({
    "bit.ly", "bitly.com", "j.mp", "t.co", "tinyurl.com", "goo.gl", "ow.ly", "is.gd", "buff.ly", "rebrand.ly",
    "cutt.ly", "shorturl.at", "t.ly", "tiny.cc", "rb.gy", "bl.ink", "s.id", "v.gd", "lnkd.in", "shorte.st", "adf.ly",
    "soo.gd", "clck.ru", "amzn.to", "amzn.eu", "a.co", "bit.do", "tr.im", "ift.tt", "dlvr.it", "trib.al", "surl.li",
})
# Words in a path or query that ask for credentials, English and German (matched on the
# percent-decoded path, umlauts spelled either way); whole words only, so "/authors/",
# "/confirmation-bias" or "/passwortsicherheit-tipps" on a news site stay ordinary, and a
# newsletter sign-up ("/newsletter-anmelden") is not a login. Two-word names may be written
# together or with any separator: "/login", "/log-in", "/log_in", "/log.in", "?q=log+in".
_SEP = r"[-_.+ ]?"
CREDENTIAL_PATH = re.compile(
    rf"(?i)(?<![a-z0-9])(?:log{_SEP}in|log{_SEP}on|sign{_SEP}in|verify|verification|confirm|password|passwd|"
    rf"credentials?|account{_SEP}(?:update|verify|recovery)|(?:update|secure|verify|confirm){_SEP}account|"
    rf"authenticate|auth|2fa|mfa|(?:reset|forgot|change){_SEP}password|unlock|wp-login|servicelogin|"
    r"passwort|kennwort|zugangsdaten|(?<!newsletter-)(?<!newsletter_)anmelden|einloggen|"
    r"best(?:ae|ä)tig(?:en|ung)|verifizier(?:en|ung)|entsperren|konto[-_]?(?:sperre|pruefen|prüfen|sichern))(?![a-z0-9äöü])"
)
# Characters that pass for others in a domain (skeleton mapping, after NFKC).
_CONFUSABLE = str.maketrans({
    "0": "o", "1": "l", "3": "e", "5": "s", "7": "t", "$": "s", "|": "l", "i": "l",
    "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "х": "x", "у": "y", "і": "l", "ӏ": "l", "ԁ": "d",
    "ο": "o", "α": "a", "ε": "e", "ι": "l", "κ": "k", "ν": "v", "ρ": "p", "τ": "t", "υ": "u",
})


# What each kind of finding is, in words (the rule screen lists a verdict's kinds this way).
KIND_WORDS = {
    "punycode": "international (punycode) domain", "ip": "raw IP address", "shortener": "URL shortener",
    "lookalike": "look-alike of an own domain or the brand", "userinfo": "a name hidden before the real host",
    "credential-path": "login or password page on a foreign domain",
    "mismatched-text": "link text naming another domain than the link",
}


@dataclass(frozen=True, slots=True)
class LinkFinding:
    """One reason a link looks unsafe: ``kind`` is punycode, ip, shortener, lookalike, userinfo,
    credential-path or mismatched-text; ``reason`` is a sentence for the user."""

    kind: str
    reason: str
    url: str


def host_of(url_or_host: str) -> str:
    """The lower-case host of a URL or bare host name ("" when there is none)."""
    s = url_or_host.strip()
    if "://" not in s:
        s = "//" + s
    try:
        host = urlsplit(s).hostname or ""
    except ValueError:
        return ""
    host = host.strip(".").lower()
    return host if re.fullmatch(r"[\w.:-]+", host) else ""


def is_ip(host: str) -> bool:
    """IPv4/IPv6 literals, and the decimal/hex integer forms browsers accept."""
    try:
        ipaddress.ip_address(host.strip("[]"))
        return True
    except ValueError:
        return bool(re.fullmatch(r"\d+", host)) or bool(re.fullmatch(r"0x[0-9a-f]+", host))


@lru_cache(maxsize=TEXT_CACHE)
def registrable_domain(url_or_host: str) -> str:
    """``https://shop.kestrel-mobile.example/x`` -> ``kestrel-mobile.example``; IPs as they are."""
    host = host_of(url_or_host)
    if not host or is_ip(host):
        return host
    top = _extractor()(host).top_domain_under_public_suffix
    if top:
        return top
    labels = host.split(".")
    return ".".join(labels[-2:])


def is_own(url: str, account: Account) -> bool:
    """The link points to one of the account's own domains or their subdomains (an own domain
    may be a host on a shared service: ``own_domains = ["kestrel.substack.com"]``)."""
    domain = registrable_domain(url)
    if not domain:
        return False
    if any(domain == d or domain.endswith("." + d) for d in account.own_domains):
        return True
    host = host_of(url)
    return any(host == d or host.endswith("." + d) for d in account.own_domains)


def _skeleton(s: str) -> str:
    s = unicodedata.normalize("NFKC", s).lower().translate(_CONFUSABLE)
    return s.replace("rn", "m").replace("vv", "w")


def _label(domain: str) -> str:
    """The part of a registrable domain before its suffix (``kestrel-mobile``), punycode decoded."""
    label = domain.split(".")[0]
    if label.startswith("xn--"):
        try:
            return label.encode("ascii").decode("idna")
        except UnicodeError:
            return label
    return label


def _max_edits(label: str) -> int:
    """Damerau-Levenshtein distance still counted as a look-alike: 2, or 1 for short names
    (two edits turn "harbor" into "harper", a different word)."""
    return 2 if len(label) >= 8 else 1


def damerau_levenshtein(a: str, b: str, limit: int = 3) -> int:
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] | None = None
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = ca != cb
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if prev2 is not None and i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return prev[-1]


def _lookalike(domain: str, account: Account) -> str | None:
    label = _label(domain)
    skel = _skeleton(label)
    for own in account.own_domains:
        own_label = _label(own)
        if skel == _skeleton(own_label) and label != own_label:
            return f"uses look-alike characters for {own}"
        if len(own_label) >= 5 and damerau_levenshtein(label, own_label) <= _max_edits(own_label):
            return f"is one or two letters away from {own}"
        if len(own_label) >= 5 and own_label in label:
            return f"contains the own domain name '{own_label}' inside a foreign domain"
    term = _brand_in(domain.replace(".", "-"), _label(domain), account)
    if term:
        return f"contains the brand name '{term}' inside a foreign domain"
    return None


def _brand_in(name: str, label: str, account: Account) -> str | None:
    """The brand term written in ``name`` (domain labels, compared by skeleton): one of 4 or more
    characters anywhere in it; a 3-character one ("KMB") only as a whole part of ``label`` between
    dots and hyphens ("kmb-login", "login.kmb", not "kmbx" or "lookmbook", where 3 letters are
    chance). Shorter terms are too common in names to tell anything."""
    skel = _skeleton(name)
    compact = _SEPARATORS.sub("", skel)  # "kestrel-mobile-help" holds the term "Kestrel Mobile"
    parts = set(re.split(r"[.-]", _skeleton(label)))
    for term in account.brand_terms:
        t = _SEPARATORS.sub("", _skeleton(term))  # (a name of several words is written without spaces)
        if (len(t) >= 4 and t in compact) or (len(t) == 3 and t in parts):
            return term
    return None


_SEPARATORS = re.compile(r"[\s._-]+")


def _own_in_front(host: str, domain: str, account: Account) -> str | None:
    """An own domain or name as a subdomain of a foreign one (kestrel-mobile.example.evil.example,
    kestrel-mobile-login.evil.example): read from the left, it looks like the own address."""
    front = host[: -len(domain)].rstrip(".") if host.endswith(domain) else ""
    if not front:
        return None
    for own in account.own_domains:
        own_label = _label(own)
        if own in front or (len(own_label) >= 5 and own_label in front):
            return f"has '{front}' in front of it, to pass for {own}"
    term = _brand_in(front.replace(".", "-"), front, account)
    if term:
        return f"has the brand name '{term}' in front of it, on a foreign domain"
    return None


def analyse_link(link: Link, account: Account) -> list[LinkFinding]:
    """Every reason ``link`` looks unsafe for this account; empty for ordinary links."""
    url = link.url
    host = host_of(url)
    findings: list[LinkFinding] = []
    if not host:
        return findings
    if is_own(url, account):
        return findings  # own domains and their subdomains are never suspicious
    domain = registrable_domain(url)
    if "xn--" in host or any(ord(ch) > 127 for ch in host):
        findings.append(LinkFinding("punycode", f"{host} is an internationalised (punycode) domain", url))
    if is_ip(host):
        findings.append(LinkFinding("ip", f"{host} is a raw IP address, not a domain", url))
    if domain in SHORTENERS or host in SHORTENERS:
        findings.append(LinkFinding("shortener", f"{host} is a URL shortener that hides the real target", url))
    try:
        parts = urlsplit(url if "://" in url else "//" + url)
    except ValueError:
        parts = None
    if parts is not None and "@" in parts.netloc:  # https://kestrel-mobile.example@evil.example/
        shown = parts.netloc.rsplit("@", 1)[0]
        findings.append(LinkFinding("userinfo", f"{host} is where it goes: '{shown}' before the @ only looks "
                                                f"like the address", url))
    if not is_ip(host):
        why = _lookalike(domain, account) or _own_in_front(host, domain, account)
        if why:
            findings.append(LinkFinding("lookalike", f"{domain} {why}", url))
        if parts is not None and CREDENTIAL_PATH.search(unquote(f"{parts.path}?{parts.query}")):
            findings.append(LinkFinding("credential-path", f"{domain} asks for a login/verification on a foreign domain", url))
    named = _domain_named_in(link.text)
    if named and registrable_domain(named) != domain:
        findings.append(LinkFinding("mismatched-text", f"link text names {named} but it goes to {domain}", url))
    return findings


def _domain_named_in(text: str) -> str | None:
    """A domain written in link text ("kestrel-mobile.example/help"), not "file.pdf", "v6.2" or "ASP.NET"."""
    for m in re.finditer(r"(?i)(?<![\w@.-])((?:[a-z0-9-]+\.)+[a-z]{2,})(?![\w-])", text or ""):
        if is_product_name(m.group(1)) and text[m.end():m.end() + 1] != "/":
            continue
        name = m.group(1).lower()
        tld = name.rsplit(".", 1)[-1]
        if tld in RESERVED_TLDS or _extractor()(name).suffix:
            return name
    return None
