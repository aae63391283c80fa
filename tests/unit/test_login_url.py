"""``socialtui login mastodon URL``: the instance URL is checked before any connection."""

from __future__ import annotations

import io

import pytest

from socialtui.cli import main
from socialtui.cli.login import normalise_instance
from socialtui.errors import UsageError


@pytest.mark.parametrize("url, expected", [
    ("https://mastodon.social", "https://mastodon.social"),
    ("mastodon.social", "https://mastodon.social"),
    ("https://mastodon.social/", "https://mastodon.social"),
    ("https://mastodon.social/@kestrel", "https://mastodon.social"),
    ("HTTPS://chaos.social:8443", "https://chaos.social:8443"),
    ("https://bücher.example", "https://bücher.example"),
    ("http://127.0.0.1:3111", "http://127.0.0.1:3111"),
    ("http://localhost:3000", "http://localhost:3000"),
    ("http://[::1]:3000", "http://[::1]:3000"),
    ("https://192.0.2.10", "https://192.0.2.10"),
])
def test_valid_instance_urls(url, expected):
    assert normalise_instance(url) == expected


@pytest.mark.parametrize("url", [
    "notaurl", "https://exa mple.com", "https://", "ftp://mastodon.social", "https://a..b",
    "https://-bad.example", "https://mastodon.social:99999", "https://mastodon.social:port",
    "https://user:pw@mastodon.social", "https://1.2.3", "https://under_score.example",
    "https://mastodon.example]", "https://[::1", "mastodon.social\x1b]0;title\x07",  # (urlsplit raised)
])
def test_malformed_instance_urls_are_usage_errors_saying_what_is_valid(url):
    with pytest.raises(UsageError) as caught:
        normalise_instance(url)
    assert "is not an instance URL" in caught.value.message
    assert "https://mastodon.social" in caught.value.hint


@pytest.mark.parametrize("url", ["http://mastodon.social", "http://192.0.2.10:3000", "http://localhost.example"])
def test_cleartext_http_is_refused_except_on_loopback(url):
    with pytest.raises(UsageError) as caught:
        normalise_instance(url)
    assert "cleartext http://" in caught.value.message and "https://" in caught.value.hint


class NoConnections:
    def __init__(self, *a, **kw):
        raise AssertionError("login tried to connect")


@pytest.mark.parametrize("url", ["notaurl", "https://exa mple.com", "http://mastodon.social"])
def test_cli_fails_at_once_with_exit_2_without_connecting(url, monkeypatch, capsys):
    monkeypatch.setattr("socialtui.sources.mastodon.client.MastodonClient", NoConnections)
    monkeypatch.setattr("sys.stdin", io.StringIO("some-token\n"))
    assert main(["login", "mastodon", url, "--token-stdin"]) == 2
    err = capsys.readouterr().err
    assert "https://" in err and "socialtui sync" not in err and "Traceback" not in err


def test_a_url_python_cannot_split_is_told_by_what_is_wrong_with_it():
    with pytest.raises(UsageError) as caught:
        normalise_instance("https://[::1")
    assert "brackets" in caught.value.message
