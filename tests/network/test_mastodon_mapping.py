"""HTML -> text and API JSON -> Messages, on recorded Mastodon JSON (which, unlike the mock, names the app)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from socialtui.sources.mastodon.html import html_to_text
from socialtui.sources.mastodon.mapping import (MappingError, conversation_messages, notification_to_message,
                                                status_to_message)

RECORDED = json.loads((Path(__file__).parent / "recorded" / "statuses.json").read_text(encoding="utf-8"))
OWN = "109000000000000001"


def test_paragraphs_breaks_and_entities():
    text, links = html_to_text("<p>Hallo &amp; willkommen</p><p>Zeile 1<br>Zeile 2</p>")
    assert text == "Hallo & willkommen\n\nZeile 1\nZeile 2" and links == ()


def test_shortened_link_shows_the_full_address_and_keeps_what_the_web_shows():
    text, links = html_to_text(RECORDED["own_post_from_unknown_app"]["content"])
    assert "https://kestrel-mobi1e.example/verify/account/now?ref=giveaway" in text
    assert links[0].url == "https://kestrel-mobi1e.example/verify/account/now?ref=giveaway"
    assert links[0].text == "kestrel-mobi1e.example/verify/…"
    assert text.endswith("#giveaway") and len(links) == 1  # hashtags are not links


def test_mentions_are_text_not_links():
    text, links = html_to_text(RECORDED["customer_reply_de"]["content"])
    assert text == "@kestrel Mein Konto wurde gehackt,\nder Link oben ist nicht von euch!\n\nBitte löschen."
    assert links == ()


def test_link_text_naming_another_domain_is_kept_for_the_audit():
    text, links = html_to_text('<p>Log in at <a href="https://evil.example/login">kestrel.example</a></p>')
    assert text == "Log in at kestrel.example"
    assert links[0].url == "https://evil.example/login" and links[0].text == "kestrel.example"


def test_hostile_html_is_defused():
    text, links = html_to_text('<p>a\x1b]52;c;evil\x07b<script>alert(1)</script><style>p{}</style> '
                               '<a href="javascript:alert(1)">click</a> [@click=app.quit]x[/]</p>')
    assert "\x1b" not in text and "alert" not in text and "p{}" not in text
    assert "click" in text and all(not link.url.startswith("javascript") for link in links)


def test_lists_and_unclosed_tags():
    text, _ = html_to_text("<ul><li>one</li><li>two</li></ul><p>after <a href='https://x.example'>x")
    assert text == "- one\n- two\n\nafter x"


def test_own_post_records_the_posting_app():
    m = status_to_message(RECORDED["own_post_from_unknown_app"], OWN)
    assert (m.kind, m.direction, m.client, m.lang) == ("post", "out", "Unknown Poster 2.1", "en")
    assert m.extra["url"] == "https://social.example/@kestrel/113498712345678901"


def test_customer_reply_in_german_is_a_sanitized_reply():
    m = status_to_message(RECORDED["customer_reply_de"], OWN)
    assert (m.kind, m.direction, m.in_reply_to, m.lang) == ("reply", "in", "113498712345678901", "de")
    assert m.author.handle == "bernd@other.example" and "\u202e" not in m.author.name
    assert m.client is None and m.extra["mentions"] == ["kestrel"]


def test_own_reblog_is_a_repost_of_the_original():
    m = status_to_message(RECORDED["own_reblog"], OWN)
    assert m.kind == "repost" and m.direction == "out" and m.text == ""
    assert m.repost_of.author == "anna" and "fixed my phone" in m.repost_of.text


def test_own_reply_keeps_visibility_and_app():
    m = status_to_message(RECORDED["own_reply_from_socialtui"], OWN)
    assert (m.kind, m.direction, m.client) == ("reply", "out", "socialtui")
    assert m.extra["visibility"] == "unlisted" and m.text.startswith("@bernd Danke")


def test_customer_mention_is_a_mention_and_escape_codes_are_gone():
    m = status_to_message(RECORDED["customer_mention"], OWN)
    assert (m.kind, m.direction) == ("mention", "in") and "\x1b" not in m.text and "#4411" in m.text


def test_direct_status_is_a_dm_of_its_conversation():
    conv = {"id": "42", "accounts": [{"acct": "anna"}], "last_status": RECORDED["direct_message"]}
    [m] = conversation_messages(conv, [RECORDED["direct_message"]], OWN)
    assert (m.kind, m.conversation, m.client) == ("dm", "42", "Tusky")
    assert m.extra["participants"] == ["anna"] and m.conversation_key == "dm:42"


def test_notifications_keep_mentions_and_leave_direct_ones_to_conversations():
    assert notification_to_message({"type": "mention", "status": RECORDED["customer_mention"]}, OWN).kind == "mention"
    assert notification_to_message({"type": "mention", "status": RECORDED["direct_message"]}, OWN) is None
    assert notification_to_message({"type": "favourite", "status": RECORDED["own_post_from_unknown_app"]}, OWN) is None


@pytest.mark.parametrize("broken", [{}, {"id": "1"}, {"id": "1", "created_at": "yesterday", "account": {"id": "2"}},
                                    {"id": "1", "created_at": "2026-11-13T18:30:00Z", "account": None}])
def test_an_unusable_status_is_a_mapping_error(broken):
    with pytest.raises(MappingError):
        status_to_message(broken, OWN)
