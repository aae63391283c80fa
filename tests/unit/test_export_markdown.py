"""The Markdown export holds strangers' words as text: rendered by a GFM renderer (links found
in bare text included), a message adds no heading, list, link, emphasis, code or HTML, and
reads back exactly as written. Only what would start Markdown is escaped."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from socialtui.cli.export_cmd import _quoted, md_escape

markdown_it = pytest.importorskip("markdown_it")
pytest.importorskip("linkify_it")

GFM = markdown_it.MarkdownIt("gfm-like", {"linkify": True, "html": True})


def quoted_html(text: str) -> str:
    """The message as the export writes it (each line quoted), rendered."""
    return GFM.render("\n".join(_quoted(text, "")))


def shown(html: str) -> str:
    import html as html_module

    inner = re.sub(r"</?(blockquote|p|br ?/?)>", "", html)
    return html_module.unescape(re.sub(r"\s+", " ", inner)).strip()


HOSTILE = [
    "# heading", "## h2", "- item", "+ item", "* item", "1. first", "2) second", "text\n===", "text\n---",
    "[x](http://evil.example)", "![img](http://evil.example/a.png)", "<b>bold</b>", "<script>x</script>",
    "**bold** _em_ `code` ~~gone~~", "see https://kestrel-mobi1e.example/login now", "www.evil.example",
    "a | b\n--- | ---\nc | d", "&amp; &lt;", "```\ncode\n```", "> quote", "$x^2$", "[@click=app.quit]",
    "<https://evil.example>", "[ref]: https://evil.example", "\\*not\\*",
    # links GFM finds in bare text, and what would start a block
    "evil.com/login", "paypal.com", "mail support@evil.com now", "mailto:x@evil.com", "xmpp:a@b.com",
    "//evil.com", "//a.1", "x //10.0.0.1/login", "a//b.1", "x.www.evil.com", "ｗｗｗ.evil.com", "www\u200b.evil.com", "HTTPS://EVIL.COM", "1+.ba",
    "    four spaces: code", "\tcode", "a\r# b", "a\r\n- b", "---", "***", "- - -", "10) x", "#", "1.",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_markdown_stays_text(text):
    html = quoted_html(text)
    assert set(re.findall(r"</?([a-z0-9]+)", html)) <= {"blockquote", "p", "br"}, html
    assert shown(html) == re.sub(r"\s+", " ", text).strip()


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.sampled_from(list("abcom1. #-+=*_`~[]()<>!&|$:/@\\w\n\r\t'\"") + ["www", ".com", "http"]),
                max_size=30).map("".join))
def test_any_text_is_shown_as_written_and_adds_no_structure(text):
    html = quoted_html(text)
    assert set(re.findall(r"</?([a-z0-9]+)", html)) <= {"blockquote", "p", "br"}, html
    assert shown(html) == re.sub(r"\s+", " ", text).strip()


def test_ordinary_punctuation_is_left_alone():
    for text in ("Don't worry: it ships Monday. Thanks! (Order 123)", "It takes 1.5 hours, -5 degrees =)",
                 "+1 from me #hashtag", "@anna see you at 10:30."):
        assert md_escape(text) == text
