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
    from socialtui.rules.text.topics import significant_terms, stem

    assert significant_terms("Wann kommt meine Lieferung? Ich warte schon seit Tagen") == {"liefer"}
    assert significant_terms("It still keeps getting worse, my battery drains") >= {stem("battery"), "drain"}
    assert not significant_terms("It still keeps getting worse") & {"keep", "gett", "still"}


def _one_term(*texts):
    """The terms every one of ``texts`` shares."""
    sets = [significant_terms(t) for t in texts]
    return set.intersection(*sets)


def test_english_delivery_forms_are_one_term():
    assert _one_term("When will you deliver?", "Still not delivered", "Is anyone delivering today?",
                     "Where is my delivery", "Two deliveries missing", "The courier delivers nothing") == {"deliver"}
    assert _one_term("Order shipped?", "Shipping is slow", "The ship date moved")
    assert _one_term("No reply yet", "Nobody replied", "Your replies are slow")


def test_german_delivery_and_availability_forms_are_one_term():
    assert _one_term("Wann liefert ihr endlich?", "Noch nicht geliefert", "Die Lieferung fehlt",
                     "Könnt ihr überhaupt liefern?", "Sie lieferten die falsche Farbe") == {"liefer"}
    assert _one_term("Ist das Modell verfügbar?", "Wie sieht die Verfügbarkeit aus?")
    assert _one_term("Schon bestellt", "Meine Bestellung fehlt", "Ich möchte bestellen")


def test_stemming_does_not_merge_different_words():
    # English: a short word, or one that only looks like a form of another, stays apart.
    assert not significant_terms("Best deli in town") & significant_terms("When do you deliver?")
    assert "news" in significant_terms("Any news about the K7?")
    assert not significant_terms("My router is down") & significant_terms("The route to the shop is closed")
    assert not significant_terms("Corner of the screen cracked") & significant_terms("corn syrup")
    assert not significant_terms("I have a concern") & significant_terms("The concert was great")
    # German: "-er" is no ending, a computer is no invoice.
    assert not significant_terms("Mein Rechner startet nicht") & significant_terms("Die Rechnung ist falsch")
    assert not significant_terms("Der Lieferant ist neu") & significant_terms("Die Lieferung ist da")
