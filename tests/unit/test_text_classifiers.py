import pytest
from hypothesis import given, settings, strategies as st

from socialtui.domain.models import Link
from socialtui.rules.text.complaints import acknowledges_problem, is_complaint
from socialtui.rules.text.deflection import find_deflection, is_dm_move
from socialtui.rules.text.hijack import find_hijack_report
from socialtui.rules.text.links import analyse_link, is_own, registrable_domain
from socialtui.rules.text.promotion import is_self_promotion, mentions
from socialtui.rules.text.similarity import ReplyIndex, near_duplicates, similarity
from socialtui.rules.text.topics import significant_terms
from tests.builders import account, msg


@pytest.mark.parametrize("text", [
    "@anna Please call our hotline at 0800 555 0100.",
    "Please contact customer service via our contact form.",
    "Send us a DM with your order number.",
    "Please email us at care@brand.example",
    "Bitte wenden Sie sich an unsere Hotline.",
    "Bitte schreiben Sie uns eine DM.",
    "Wenden Sie sich bitte an unseren Kundenservice.",
    "Nutzen Sie bitte unser Kontaktformular.",
])
def test_deflections_en_de(text):
    assert find_deflection(text) is not None


@pytest.mark.parametrize("text", [
    "The 6.2.1 update arrives Monday and fixes it. If it still happens, call 0800 555 0100 and we swap the phone.",
    "Das Update kommt am 23.11. und behebt den Fehler; danach hilft notfalls unsere Hotline.",
    "Yes, the K6 supports eSIM: Settings > Network > Add eSIM.",
    "Ja, die Garantie gilt auch für gebrauchte Geräte.",
    "Thanks, glad it works now!",
])
def test_answers_are_not_deflections(text):
    assert find_deflection(text) is None


def test_dm_move_and_account_vocabulary():
    assert is_dm_move("Please DM us your address") and is_dm_move("Schreib uns per DM")
    assert not is_dm_move("We shipped it today")
    assert find_deflection("Ring our care line, thanks") is None
    assert find_deflection("Ring our care line, thanks", extra=["ring our care line"]) is not None


@pytest.mark.parametrize("text", [
    "@brand were you hacked? I got a weird DM from you",
    "Is this really you? This looks like phishing.",
    "your account is sending phishing links",
    "Did you send this? The link looks wrong",
    "Seid ihr gehackt? Seltsame Nachricht von euch bekommen",
    "Ist das wirklich von euch? Komische DM mit Link",
    "Wurde euer Account gehackt?",
])
def test_hijack_reports_en_de(text):
    assert find_hijack_report(text) is not None


@pytest.mark.parametrize("text", [
    "My account got hacked last week, can I still use my warranty?",
    "lol did a hacker write this ad 😂",
    "Did you see Orbitel got hacked? Glad I switched",
    "Ich habe mein Passwort vergessen, wie setze ich es zurück?",
    "Mein Konto wurde gehackt, bitte helft mir beim Zurücksetzen",
    "Love the new phone!",
])
def test_not_hijack_reports(text):
    assert find_hijack_report(text) is None


def test_complaints_and_acknowledgements():
    assert is_complaint("order 123 still not delivered") and is_complaint("Mein Handy funktioniert nicht")
    assert not is_complaint("Loving my new phone")
    assert acknowledges_problem("We're sorry: deliveries are delayed this week")
    assert acknowledges_problem("Entschuldigung für die Verzögerung bei der Lieferung")
    assert not acknowledges_problem("Meet the K7: titanium frame")


def test_self_promotion():
    acc = account()
    assert is_self_promotion(msg("post", "out", "The new Brand phone! https://brand.example/x"), acc)
    assert not is_self_promotion(msg("post", "out", "Thanks @farmcoop for the tip https://brand.example/x"), acc)
    assert not is_self_promotion(msg("post", "out", "Great read: https://news.example/a"), acc)
    assert mentions("hi @Anna and @bob@social.example") == ["anna", "bob"]


def test_topics_meet_across_word_forms():
    assert "avail" in significant_terms("When is it available?") & significant_terms("availability update")
    assert significant_terms("Wo bleibt die Lieferung?") & significant_terms("Noch nicht geliefert")


def test_similarity_ignores_mentions_names_signatures():
    a = "@anna Thanks for reaching out! We are looking into it. ^DK"
    b = "@bob Thanks for reaching out! We are looking into it. ^MO"
    assert similarity(a, b) >= 0.9
    assert similarity(a, "@anna Your parcel left the warehouse this morning, tracking is in the email") < 0.5
    groups = near_duplicates([("1", a), ("2", b), ("3", "Completely different answer about eSIM settings today")])
    assert groups == [["1", "2"]] or groups == [["2", "1"]]


def test_reply_index_best_match():
    idx = ReplyIndex([("r1", "Thanks for reaching out! We are looking into it now."), ("r2", "Your order ships Monday")])
    key, score = idx.best_match("@zoe thanks for reaching out! we are looking into it now")
    assert key == "r1" and score >= 0.9
    assert idx.best_match("A totally new answer with details about batteries")[1] < 0.5


def test_near_duplicates_scales_linearly():
    import time

    items = [(str(i), f"Answer number {i} about topic {i % 97} with detail {i * 7919 % 10007}") for i in range(20000)]
    t = time.perf_counter()
    near_duplicates(items)
    assert time.perf_counter() - t < 10


ACC = account(own_domains=("kestrel-mobile.example",), brand_terms=("Kestrel",))


@pytest.mark.parametrize("url, kind", [
    ("https://kestrel-mobi1e.example/help", "lookalike"),
    ("https://kestrel-mobile-support.example/", "lookalike"),
    ("https://kestrеl-mobile.example/", "punycode"),  # Cyrillic е
    ("https://xn--kestrl-mobile-xyz.example/", "punycode"),
    ("http://203.0.113.7/login", "ip"),
    ("https://bit.ly/abc", "shortener"),
    ("https://random-shop.example/account/verify", "credential-path"),
])
def test_suspicious_links(url, kind):
    assert kind in {f.kind for f in analyse_link(Link(url), ACC)}


def test_link_text_naming_another_domain():
    f = analyse_link(Link("https://evil.example/x", "kestrel-mobile.example/support"), ACC)
    assert "mismatched-text" in {x.kind for x in f}


@pytest.mark.parametrize("url", [
    "https://kestrel-mobile.example/login", "https://shop.kestrel-mobile.example/verify",
    "https://www.wikipedia.org/wiki/Kestrel_(bird)", "https://news.example/article",
])
def test_ordinary_links_are_fine(url):
    assert analyse_link(Link(url), ACC) == []


def test_registrable_domain():
    assert registrable_domain("https://a.b.shop.co.uk/x") == "shop.co.uk"
    assert registrable_domain("https://shop.kestrel-mobile.example/x") == "kestrel-mobile.example"
    assert registrable_domain("http://203.0.113.7/") == "203.0.113.7"
    assert is_own("https://help.kestrel-mobile.example", ACC) and not is_own("https://kestrel-mobile.example.evil.example", ACC)


@given(st.text(max_size=400))
@settings(max_examples=200, deadline=None)
def test_classifiers_never_raise(text):
    find_deflection(text)
    find_hijack_report(text)
    is_complaint(text)
    significant_terms(text)
    analyse_link(Link(text), ACC)
