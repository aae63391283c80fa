"""Offline link analysis (SEC002, lint L005): each finding kind, and links that are fine."""

import pytest

from socialtui.domain.models import Link
from socialtui.rules.text.links import analyse_link, damerau_levenshtein, is_own, registrable_domain
from tests.builders import account

ACC = account(own_domains=("kestrel-mobile.example",), brand_terms=("Kestrel",))


def kinds(url, text=""):
    return {f.kind for f in analyse_link(Link(url, text), ACC)}


@pytest.mark.parametrize("url", [
    "https://kestrеl-mobile.example/",  # Cyrillic е
    "https://xn--kestrl-mobile-xyz.example/",
    "https://κestrel-mobile.example/",  # Greek kappa
])
def test_punycode_and_non_ascii_hosts(url):
    assert "punycode" in kinds(url)


@pytest.mark.parametrize("url", ["http://203.0.113.7/login", "http://[2001:db8::1]/x", "http://3232235777/"])
def test_raw_ip_hosts(url):
    assert "ip" in kinds(url)


@pytest.mark.parametrize("url", ["https://bit.ly/abc", "https://t.co/x1", "http://tinyurl.com/y", "https://cutt.ly/z"])
def test_shorteners(url):
    assert "shortener" in kinds(url)


@pytest.mark.parametrize("url, why", [
    ("https://kestrel-mobile-support.example/", "kestrel-mobile"),  # own name inside a foreign domain
    ("https://kestrel-care.example/", "Kestrel"),  # brand term inside a foreign domain
    ("https://kestrel-mobi1e.example/help", "kestrel-mobile"),  # confusable 1/l
    ("https://kestre1-rnobile.example/", "kestrel-mobile"),  # 1/l and rn/m
    ("https://kestrel-mobiel.example/", "kestrel-mobile"),  # transposition
    ("https://kestral-mobil.example/", "kestrel-mobile"),  # two edits
])
def test_lookalikes(url, why):
    findings = [f for f in analyse_link(Link(url), ACC) if f.kind == "lookalike"]
    assert findings and why in findings[0].reason and findings[0].url == url


def test_short_own_names_allow_only_one_edit():
    harbor = account(own_domains=("harbor.example",), brand_terms=())
    assert {f.kind for f in analyse_link(Link("https://harbr.example/"), harbor)} == {"lookalike"}
    assert analyse_link(Link("https://harper.example/"), harbor) == []


@pytest.mark.parametrize("url", [
    "https://random-shop.example/account/verify", "https://secure.example/login?next=/",
    "https://other.example/reset-password", "https://other.example/x?action=signin",
])
def test_credential_paths_on_foreign_domains(url):
    assert kinds(url) == {"credential-path"}


def test_link_text_naming_another_domain():
    assert kinds("https://evil.example/x", "kestrel-mobile.example/support") == {"mismatched-text"}
    assert kinds("https://www.bbc.co.uk/news/1", "bbc.co.uk/news") == set()
    assert kinds("https://news.example/a", "Read the release notes (file.pdf)") == set()
    # a product name in the link text is no address: "ASP.NET Core docs" may go anywhere
    assert kinds("https://learn.microsoft.com/aspnet/core", "ASP.NET Core docs") == set()
    assert kinds("https://docs.example/realtime", "Socket.IO guide") == set()
    assert kinds("https://evil.example/x", "asp.net") == {"mismatched-text"}  # the address, in lower case


@pytest.mark.parametrize("url, text", [
    ("https://kestrel-mobile.example/login", ""),  # own domain, even a login page
    ("https://shop.kestrel-mobile.example/verify", ""),  # own subdomain
    ("https://kestrel-mobile.example/security", "bit.ly/xyz"),  # own link, whatever its text says
    ("https://www.wikipedia.org/wiki/Falcon", ""),
    ("https://news.example/article", ""),
    ("https://www.theverge.com/authors/jane-doe", ""),  # "auth" inside a word is no login page
    ("https://blog.example/confirmation-bias-explained", ""),
    ("https://mastodon.social/@farmcoop/1234", "@farmcoop"),
])
def test_ordinary_links_are_fine(url, text):
    assert analyse_link(Link(url, text), ACC) == []


def test_registrable_domain_and_is_own():
    assert registrable_domain("https://a.b.shop.co.uk/x") == "shop.co.uk"
    assert registrable_domain("https://shop.kestrel-mobile.example/x") == "kestrel-mobile.example"
    assert registrable_domain("user.github.io") == "user.github.io"  # private suffixes count
    assert registrable_domain("http://203.0.113.7/") == "203.0.113.7"
    assert registrable_domain("not a url") == ""
    assert is_own("https://help.kestrel-mobile.example", ACC)
    assert not is_own("https://kestrel-mobile.example.evil.example", ACC)
    assert not is_own("https://notkestrel-mobile.example", ACC)


def test_damerau_levenshtein():
    assert damerau_levenshtein("kestrel", "kestrel") == 0
    assert damerau_levenshtein("mobile", "mobiel") == 1
    assert damerau_levenshtein("kestrel", "kettle") > 2


@pytest.mark.parametrize("url", [
    "https://kestrel-mobile.example.evil.example/x",  # the own domain as a subdomain of a foreign one
    "https://kestrel-mobile.example.secure-login.net/",
    "https://kestrel-mobile-hilfe.evil.example/",  # the own name in front
    "https://kestrel-support.evil.example/reset",  # the brand name in front
])
def test_the_own_address_in_front_of_a_foreign_domain_is_a_look_alike(url):
    assert "lookalike" in kinds(url)


@pytest.mark.parametrize("url", ["https://kestrel-mobile.example@evil.example/x",
                                 "https://support:pw@evil.example/", "https://user@kestrel-mobile.example.evil.example/"])
def test_an_address_before_an_at_sign_is_flagged(url):
    assert "userinfo" in kinds(url)


@pytest.mark.parametrize("url", ["https://shop.kestrel-mobile.example/k7", "https://docs.python.org/3/",
                                 "https://www.evil-free.example/kestrel-mobile"])  # (the path is not the address)
def test_own_subdomains_and_unrelated_hosts_are_not_look_alikes(url):
    assert not kinds(url) & {"lookalike", "userinfo"}


def test_an_own_domain_on_a_shared_host_is_own():
    acc = account(own_domains=("kestrel.substack.com",), brand_terms=("Kestrel",))
    assert is_own("https://kestrel.substack.com/p/k7", acc) and not analyse_link(Link("https://kestrel.substack.com/p/k7", ""), acc)
    assert not is_own("https://other.substack.com/p/k7", acc)


@pytest.mark.parametrize("text, urls", [
    ("Short link: bit.ly/3xYzAb!", ["https://bit.ly/3xYzAb"]),
    ("verify at acme-sh0p.com/verify-login now", ["https://acme-sh0p.com/verify-login"]),
    ("see www.example.com.", ["https://www.example.com"]),
    ("Mehr auf amazon.de/angebote, danke.", ["https://amazon.de/angebote"]),
    ("Besucht uns auf brand.example", ["https://brand.example"]),
    ("a.example/x, then https://b.example/y and (c.example/z)",
     ["https://a.example/x", "https://b.example/y", "https://c.example/z"]),  # in text order
    ("https://x.example/a.example/b", ["https://x.example/a.example/b"]),  # a path is not a second link
    ("Preise auf amazon.de vergleichen", ["https://amazon.de"]),
    ("Speed test: speedtest.net or Speedtest.net", ["https://speedtest.net", "https://Speedtest.net"]),
    ("We build it in ASP.NET Core, docs at asp.net/core", ["https://asp.net/core"]),
    ("Wir nutzen ASP.NET, mehr unter www.example.com", ["https://www.example.com"]),
    ("SHOP.EVIL.NET and EVIL.NET/LOGIN", ["https://SHOP.EVIL.NET", "https://EVIL.NET/LOGIN"]),  # shouted addresses
])
def test_links_without_a_scheme_are_extracted(text, urls):
    from socialtui.domain.links import extract_links

    assert [link.url for link in extract_links(text)] == urls


@pytest.mark.parametrize("text", [
    "e.g. this one", "z.B. heute", "Version 3.5 is out", "v1.2.3", "open file.txt please",
    "see readme.md and script.py", "docs/readme.md", "mail care@brand.example", "@anna@social.example hi",
    "@anna.bsky.social hi", "arrived today.Thanks", "Die Datei heisst rechnung.pdf", "ca. 3.5 Std.",
    # tech names in prose
    "We use ASP.NET for the backend", "ASP.NET Core 8 is out", "Die App läuft auf ASP.NET Core.",
    "VB.NET and ADO.NET still work", "Built with Node.js and Vue.js", "Socket.IO hält die Verbindung",
])
def test_prose_versions_files_and_addresses_are_not_links(text):
    from socialtui.domain.links import extract_links

    assert extract_links(text) == ()
