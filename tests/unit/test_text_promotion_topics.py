"""Self-promotion (SLF001), mentions, and significant terms (BRD003)."""

from socialtui.rules.text.promotion import is_self_promotion, mentions
from socialtui.rules.text.topics import significant_terms, topic_matches
from tests.builders import account, msg


def test_self_promotion():
    acc = account()
    assert is_self_promotion(msg("post", "out", "The new Brand phone! https://brand.example/x"), acc)
    assert is_self_promotion(msg("post", "out", "Das neue Brand-Handy ist da"), acc)
    assert is_self_promotion(msg("post", "out", "Shop now https://shop.brand.example/k7"), acc)  # own subdomain
    assert not is_self_promotion(msg("post", "out", "Thanks @farmcoop for the tip https://brand.example/x"), acc)
    assert not is_self_promotion(msg("post", "out", "Great read: https://news.example/a"), acc)
    assert not is_self_promotion(msg("post", "out", "Schönes Wochenende euch allen!"), acc)
    assert is_self_promotion(msg("post", "out", "Brand news from @brand"), acc)  # mentioning yourself engages nobody


def test_mentions():
    assert mentions("hi @Anna and @bob@social.example") == ["anna", "bob"]
    assert mentions("mail me at anna@example.org") == []


def test_terms_meet_across_word_forms():
    assert "avail" in significant_terms("When is it available?") & significant_terms("availability update")
    assert significant_terms("Wo bleibt die Lieferung?") & significant_terms("Noch nicht geliefert")


def test_terms_drop_stopwords_mentions_and_links():
    terms = significant_terms("@kestrelmobile hello, when will the https://x.example/abc be there? Bitte danke")
    assert terms == set()
    assert topic_matches("avail", "Is the K7 available yet?")
    assert not topic_matches("avail", "Where is my order?")


def test_everyday_verbs_are_not_topics_in_either_language():
    from socialtui.rules.text.topics import significant_terms

    assert significant_terms("Wann kommt meine Lieferung? Ich warte schon seit Tagen") == {"liefer"}
    assert significant_terms("It still keeps getting worse, my battery drains") >= {"battery", "drain"}
    assert not significant_terms("It still keeps getting worse") & {"keep", "gett", "still"}
