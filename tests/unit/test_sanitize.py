import json
import unicodedata

from hypothesis import given, settings, strategies as st

from socialtui.sanitize import clean_handle, clean_line, clean_text, clean_url
from socialtui.sources.dataset_dir import parse_message


def _no_controls(s: str) -> bool:
    for ch in s:
        if ch in "\n\t":
            continue
        cat = unicodedata.category(ch)
        if cat == "Cc":
            return False
        if ch in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069":
            return False
    return True


def test_osc52_clipboard_write_and_title_set_are_removed():
    assert clean_text("a\x1b]52;c;SGVsbG8=\x07b") == "ab"
    assert clean_text("a\x1b]0;pwned\x1b\\b") == "ab"
    assert clean_text("see \x1b]8;;https://evil.example\x07here\x1b]8;;\x07") == "see here"


def test_csi_cursor_moves_and_c1_csi_are_removed():
    assert clean_text("x\x1b[2J\x1b[10;10Hy\x9b31mz") == "xyz"


def test_newlines_and_tabs_survive_nul_and_bell_do_not():
    assert clean_text("a\r\nb\tc\x00d\x07") == "a\nb\tcd"


def test_bidi_override_cannot_reverse_a_handle():
    assert clean_handle("@\u202eknab") == "knab"
    assert clean_handle("ki\u200dm") == "kim"


def test_markup_is_kept_as_literal_text():
    # Markup safety is the renderer's job; the sanitizer must not eat brackets.
    assert clean_text("[@click=app.quit]hi[/]") == "[@click=app.quit]hi[/]"


def test_emoji_zwj_sequence_stays_in_text():
    family = "\U0001F468\u200d\U0001F469\u200d\U0001F467"
    assert clean_text(family) == family


def test_url_loses_whitespace_and_invisibles():
    assert clean_url(" https://exa\u200bmple.org/a b ") == "https://example.org/ab"


def test_line_collapses_newlines():
    assert clean_line("Dana\nKruger") == "Dana Kruger"


@given(st.text())
@settings(max_examples=300, deadline=None)
def test_property_sanitized_text_never_has_controls_or_bidi(s):
    out = clean_text(s)
    assert _no_controls(out)
    assert "\x1b" not in out
    assert clean_text(out) == out  # idempotent


@given(st.text(), st.text())
@settings(max_examples=200, deadline=None)
def test_property_handles_are_single_line_and_invisible_free(h, noise):
    out = clean_handle(h + noise)
    assert "\n" not in out and "\u200b" not in out and _no_controls(out)


@given(st.dictionaries(st.sampled_from(["id", "kind", "direction", "author", "text", "created_at",
                                        "in_reply_to", "conversation", "links", "repost_of"]),
                       st.one_of(st.none(), st.text(), st.integers(), st.lists(st.text()),
                                 st.dictionaries(st.text(), st.text()))))
@settings(max_examples=300, deadline=None)
def test_property_loader_accepts_or_reports_never_crashes(obj):
    from socialtui.errors import DatasetError

    try:
        m = parse_message(json.loads(json.dumps(obj)), "messages.jsonl", 1)
    except DatasetError as err:
        assert "messages.jsonl:1" in str(err)
    else:
        assert _no_controls(m.text)


def test_panes_draw_a_joined_emoji_sequence_as_its_separate_emoji():
    from rich.cells import cell_len

    from socialtui.ui.format import display_text, one_line

    family = "\U0001F468\u200d\U0001F469\u200d\U0001F467 thanks!"
    shown = one_line(family, 40)
    assert "\u200d" not in shown and shown.startswith("\U0001F468\U0001F469\U0001F467")
    assert cell_len(display_text(family)) == 6 + len(" thanks!")  # what Rich measures is what is drawn
    assert display_text("plain") == "plain"
