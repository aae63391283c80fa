"""Deflection (DFL001/DFL002, lint L001): redirects without an answer, EN and DE."""

import pytest

from socialtui.rules.text.deflection import find_deflection, is_dm_move


@pytest.mark.parametrize("text", [
    "@anna Please call our hotline at 0800 555 0100.",
    "Please contact customer service via our contact form.",
    "Send us a DM with your order number.",
    "Please email us at care@brand.example",
    "Have you checked our FAQ?  Visit our FAQ for that.",
    "Please call our hotline, open Monday to Friday 8am-6pm.",  # opening hours are no answer
    "Please call our hotline today.",
])
def test_english_redirects_are_deflections(text):
    match = find_deflection(text)
    assert match is not None and match.lang == "en" and match.phrase in match.reason


@pytest.mark.parametrize("text", [
    "Bitte wenden Sie sich an unsere Hotline.",
    "Guten Morgen! Bitte rufen Sie uns an.",  # "Morgen" in a greeting is not a date
    "Unsere Hotline ist Mo-Fr 8-18 Uhr erreichbar.",
    "Wenden Sie sich bitte an unseren Kundenservice.",
    "Nutzen Sie bitte unser Kontaktformular.",
    "Bitte schicken Sie uns Ihr Anliegen per E-Mail an service@brand.example",
])
def test_german_redirects_are_deflections(text):
    match = find_deflection(text)
    assert match is not None and match.lang == "de"


def test_dm_moves_are_deflections_in_both_languages():
    assert find_deflection("Bitte schreiben Sie uns eine DM.") is not None
    assert find_deflection("Schreib uns gerne per Direktnachricht!") is not None
    assert find_deflection("Send us a DM please") is not None


@pytest.mark.parametrize("text", [
    # answers first, offers the hotline as a fallback (kestrel k0555)
    "The 6.2.1 update arrives Monday and fixes the nightly reboot. If it still happens after that, "
    "call 0800 555 0100 and we swap the phone. ^DK",
    "It ships on Friday; our hotline has the tracking details too.",
    "You can switch it off in Settings > Display. Or call our hotline.",
    "We've fixed the billing bug, sorry! DM us if it happens again.",
    "Das Update kommt am 23.11. und behebt den Fehler; danach hilft notfalls unsere Hotline.",
    "Wir haben den Fehler behoben. Falls noch etwas ist, rufen Sie uns an.",
    "Yes, the K6 supports eSIM: Settings > Network > Add eSIM.",
    "Ja, die Garantie gilt auch für gebrauchte Geräte.",
    "Thanks, glad it works now!",
])
def test_answers_are_not_deflections(text):
    assert find_deflection(text) is None


@pytest.mark.parametrize("text", [
    # the account did something with customer service; it sends nobody there
    "Ich habe den Kundenservice informiert.",
    "Wir haben den Kundenservice gebeten, sich zu melden.",
    "Wir haben unseren Kundenservice informiert, er meldet sich heute bei dir.",
    "Ich habe deine Nachricht an den Kundenservice weitergeleitet.",
    "Gerade haben wir den Kundenservice eingeschaltet.",
    "I have informed customer service.",
    "I'll reach out to customer service for you.",
    "We will reach out to our support team and get back to you here.",
])
def test_escalating_to_customer_service_is_not_a_deflection(text):
    assert find_deflection(text) is None


@pytest.mark.parametrize("text", [
    # ... while sending the customer there still is, whoever speaks
    "Bitte wenden Sie sich an den Kundenservice.",
    "Bitte kontaktiere den Kundenservice.",
    "Ich habe Sie an den Kundenservice verwiesen.",
    "Wir haben dich an unseren Kundendienst weitergeleitet.",
    "Ich habe Ihnen den Kundenservice empfohlen.",
    "Ich habe den Kundenservice informiert. Bitte wenden Sie sich trotzdem an den Kundenservice.",
    "Ich habe dir unsere Hotline rausgesucht.",
    "Please reach out to customer service.",
    "Reach out to our support team.",
])
def test_sending_the_customer_to_customer_service_stays_a_deflection(text):
    assert find_deflection(text) is not None


def test_a_long_explanation_besides_the_redirect_is_an_answer():
    long = ("The reboot comes from the battery optimiser that the last update switched on for every app; "
            "it closes the launcher at night and the phone restarts to recover it. Turning the optimiser off "
            "for the launcher stops it for good. If you prefer, call our hotline and we walk you through it.")
    assert find_deflection(long) is None
    assert find_deflection("If you prefer, call our hotline.") is not None


def test_is_dm_move():
    assert is_dm_move("Please DM us your address") and is_dm_move("Schreib uns per DM")
    assert is_dm_move("Bitte schreiben Sie uns eine Direktnachricht")
    assert not is_dm_move("We shipped it today") and not is_dm_move("Bitte rufen Sie uns an")


def test_account_vocabulary_extends_and_is_literal():
    assert find_deflection("Ring our care line, thanks") is None
    assert find_deflection("Ring our care line, thanks", extra=["ring our care line"]) is not None
    assert find_deflection("Klingeln Sie bei Tür 4", extra=["klingeln sie bei tür"]) is not None  # umlauts folded
    assert find_deflection("a+b (c) text", extra=["a+b (c)"]) is not None  # not a regex
    assert find_deflection("aab cc text", extra=["a+b (c)"]) is None


@pytest.mark.parametrize("text, lang", [
    ("Please call our hot\u00adline.", "en"),  # soft hyphen, pasted from a document
    ("Please c\u200ball our hotline.", "en"),  # zero-width space
    ("Bitte wenden Sie sich an unsere Hot\u00adline.", "de"),
    ("Bitte wen\u2060den Sie sich an unseren Kunden\ufeffservice.", "de"),  # word joiner, BOM
])
def test_invisible_characters_inside_words_do_not_hide_a_deflection(text, lang):
    match = find_deflection(text)
    assert match is not None and match.lang == lang


@pytest.mark.parametrize("text", ["I fixed the hot\u00adfix for you.", "Das Up\u00addate behebt den Fehler."])
def test_invisible_characters_do_not_make_an_answer_a_deflection(text):
    assert find_deflection(text) is None


@pytest.mark.parametrize("text, lang", [
    ("For this kind of request please email support@brand.example", "en"),
    ("Please email our customer service, they will sort it out.", "en"),
    ("You can find the answer in our FAQ: https://brand.example/faq", "en"),
    ("We can't help with this here, please contact your local store.", "en"),
    ("Please ask your carrier about the parcel.", "en"),
    ("Bitte kontaktiere den Support per E-Mail.", "de"),
    ("Dafür ist leider unser Kundendienst zuständig, bitte melde dich dort.", "de"),
    ("Bitte eröffne ein Ticket.", "de"),
    ("Erstellen Sie bitte ein Ticket im Kundenportal.", "de"),
    ("Bitte wende dich direkt an deinen Händler.", "de"),
])
def test_more_ways_of_sending_the_customer_elsewhere_are_deflections(text, lang):
    match = find_deflection(text)
    assert match is not None and match.lang == lang, text


@pytest.mark.parametrize("text", [
    "Thanks for calling our hotline earlier, glad it's sorted!",  # looks back at a call
    "Our hotline was down yesterday, sorry about that.",  # tells what happened to it
    "The hotline is down right now, we are on it.",
    "I asked the carrier, it arrives Monday.",
    "We will contact the shop and come back to you today.",
    "Your email to support@brand.example arrived, we are on it.",
    "Ich kontaktiere den Kundendienst für Sie.",
    "Wir kontaktieren den Support und melden uns morgen.",
    "Ich habe ein Ticket erstellt und melde mich morgen.",
    "Hast du schon deinen Händler gefragt? Wir klären das gerade.",
])
def test_mentioning_a_hotline_shop_or_ticket_while_helping_is_no_deflection(text):
    assert find_deflection(text) is None, text
