"""L002 counting per platform: graphemes, URL weights, X's weighted characters."""

import pytest

from socialtui.lint import lint_draft
from socialtui.lint.length import graphemes, length, remaining

FAMILY = "\U0001F468\u200d\U0001F469\u200d\U0001F467"  # one family emoji, five code points
FLAG_DE = "\U0001F1E9\U0001F1EA"
THUMB_DARK = "\U0001F44D\U0001F3FF"
E_ACUTE_COMBINING = "e\u0301"


@pytest.mark.parametrize("text,expected", [
    ("hello", 5), ("Grüße", 5), (FAMILY, 1), (FLAG_DE, 1), (FLAG_DE * 2, 2), (THUMB_DARK, 1),
    (E_ACUTE_COMBINING * 3, 3), ("\u2764\ufe0f", 1), ("1\ufe0f\u20e3", 1), ("a\r\nb", 3), ("日本語", 3),
])
def test_graphemes(text, expected):
    assert graphemes(text) == expected


def test_mastodon_counts_urls_as_23_and_remote_mentions_by_local_part():
    url = "https://example.org/" + "x" * 200
    assert length(url, "mastodon") == 23
    assert length("@anna@social.example hi", "mastodon") == len("@anna hi")
    assert length(FAMILY * 10, "mastodon") == 10


def test_bluesky_counts_graphemes_not_code_points():
    text = FAMILY * 300
    assert length(text, "bluesky") == 300 and len(text) == 1500
    assert "L002" not in [f.code for f in lint_draft(text, platform="bluesky")]
    assert "L002" in [f.code for f in lint_draft(text + "!", platform="bluesky")]


def test_x_weighs_cjk_and_emoji_double_and_urls_23():
    assert length("a" * 10, "x") == 10
    assert length("日本語", "x") == 6
    assert length(FAMILY, "x") == 2
    assert length("Grüße", "x") == 5
    assert length("see https://example.org/" + "p" * 100, "x") == 4 + 23
    assert [f.code for f in lint_draft("日" * 141, platform="x")] == ["L002"]
    assert lint_draft("日" * 140, platform="x") == []


def test_remaining_goes_negative_over_the_limit():
    assert remaining("a" * 10, "mastodon") == 490
    assert remaining("a" * 290, "x") == -10


def test_l002_message_is_specific_and_blocking():
    f = lint_draft("ü" * 305, platform="bluesky")[0]
    assert f.blocking and f.message == "305 of 300 graphemes: Bluesky will refuse it (5 over)."


@pytest.mark.parametrize("platform", ["mastodon", "bluesky", "x"])
def test_counting_never_crashes_and_stays_sane(platform):
    from hypothesis import given, settings
    from hypothesis import strategies as st

    @settings(max_examples=150, deadline=None)
    @given(st.text(max_size=200))
    def check(text):
        n = length(text, platform)
        assert 0 <= n
        if platform == "bluesky":
            assert n <= len(text)
        assert all(f.code == "L002" or f.code in {"L001", "L005"} for f in lint_draft(text, platform=platform))

    check()
