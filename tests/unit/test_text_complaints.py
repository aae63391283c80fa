"""Complaints (MIX001) and problem acknowledgements in own posts, EN and DE."""

import pytest

from socialtui.rules.text.complaints import acknowledges_problem, is_complaint


@pytest.mark.parametrize("text", [
    "order 123 still not delivered", "My K7 arrived broken", "The app doesn't work since the update",
    "I want a refund", "Delayed again?!", "waiting for weeks now", "So frustrated with this",
    "Mein Handy funktioniert nicht", "Immer noch nicht geliefert!", "Display kaputt nach zwei Tagen",
    "Schon wieder Verspätung", "Ich warte seit drei Wochen", "wo bleibt die Lieferung vom K7?",
])
def test_complaints(text):
    assert is_complaint(text)


@pytest.mark.parametrize("text", [
    "Loving my new phone", "Thanks, it works great now", "When does the store open?",
    "Die Lieferung kam heute, danke!", "Tolles Gerät, alles bestens",
])
def test_not_complaints(text):
    assert not is_complaint(text)


def test_complaint_vocabulary_per_account():
    assert not is_complaint("the hinge squeaks")
    assert is_complaint("the hinge squeaks", extra=["squeaks"])


@pytest.mark.parametrize("text", [
    "We're sorry: deliveries are delayed this week", "Status update on the K7 outage",
    "We have a fix for the reboot bug", "Recall notice for K6 chargers",
    "Entschuldigung für die Verzögerung bei der Lieferung", "Störung im Netz behoben", "Es tut uns leid!",
])
def test_acknowledgements(text):
    assert acknowledges_problem(text)


@pytest.mark.parametrize("text", ["Meet the K7: titanium frame", "Neu: das K7 in Blau", "Weekend sale!"])
def test_not_acknowledgements(text):
    assert not acknowledges_problem(text)
    assert acknowledges_problem(text, extra=[text.split()[0]])


@pytest.mark.parametrize("text", [
    "Fixed: the K7 app no longer crashes on start.",
    "Sorry, the K7 is late: new stock arrives next week.",
    "Update: login problems are resolved.",
    "Sorry to everyone waiting for K7 orders.",
    "Service notice: maintenance tonight 22-24h.",
    "Rückrufaktion für das Ladegerät K7-C: bitte nicht mehr verwenden.",
    "Lieferverzug beim K7: wir liefern ab 12.12.",
    "Die Auslieferung verzögert sich um eine Woche.",
    "Wir haben ein Problem mit dem Login, wir arbeiten dran.",
])
def test_more_ways_a_post_owns_up_to_a_problem(text):
    assert acknowledges_problem(text), text


@pytest.mark.parametrize("text", [
    "Low-maintenance leather, fixed price!", "No problem with the rain: the K7 is waterproof",
    "Kein Problem mit Regen: die K7 ist wasserdicht", "Black Friday: 20 % auf alles",
])
def test_words_of_a_problem_in_an_advert_are_no_acknowledgement(text):
    assert not acknowledges_problem(text), text
