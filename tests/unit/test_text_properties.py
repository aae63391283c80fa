"""Classifiers never raise, whatever the text (hostile, empty, control characters, emoji)."""

from hypothesis import given, settings, strategies as st

from socialtui.domain.models import Link
from socialtui.rules.text.complaints import acknowledges_problem, is_complaint
from socialtui.rules.text.deflection import find_deflection, is_dm_move
from socialtui.rules.text.hijack import find_hijack_report
from socialtui.rules.text.links import analyse_link, registrable_domain
from socialtui.rules.text.promotion import is_self_promotion, mentions
from socialtui.rules.text.similarity import ReplyIndex, near_duplicates, normalize, similarity
from socialtui.rules.text.topics import significant_terms
from tests.builders import account, msg

ACC = account(own_domains=("kestrel-mobile.example",), brand_terms=("Kestrel",))
INDEX = ReplyIndex([("r1", "Thanks for reaching out! We are looking into it.")])
URLISH = st.one_of(st.text(max_size=200), st.from_regex(r"https?://[^\s]{0,60}", fullmatch=True))


@given(st.text(max_size=400), st.lists(st.text(max_size=20), max_size=3))
@settings(max_examples=150, deadline=None)
def test_text_classifiers_never_raise(text, extra):
    find_deflection(text, extra)
    is_dm_move(text)
    find_hijack_report(text, "kestrelmobile", ("Kestrel",), extra)
    is_complaint(text, extra)
    acknowledges_problem(text, extra)
    significant_terms(text)
    mentions(text)
    is_self_promotion(msg("post", "out", text, links=()), ACC)
    assert 0.0 <= similarity(text, "Thanks for reaching out") <= 1.0
    normalize(text, ["^DK"], ["Anna"])
    INDEX.best_match(text)
    near_duplicates([("a", text), ("b", text + " x")])


@given(URLISH, st.text(max_size=60))
@settings(max_examples=150, deadline=None)
def test_link_analysis_never_raises(url, text):
    registrable_domain(url)
    for finding in analyse_link(Link(url, text), ACC):
        assert finding.kind and finding.reason
