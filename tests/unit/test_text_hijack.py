"""Hijack reports (SEC004): this account may be compromised, EN and DE; tricky negatives."""

import re

import pytest

from socialtui.rules.text.hijack import find_hijack_report

BRAND = dict(account_handle="kestrelmobile", brand_terms=("Kestrel", "K7"))


@pytest.mark.parametrize("text", [
    "@brand were you hacked? I got a weird DM from you",
    "Is this really you? This looks like phishing.",
    "Is this DM really from you?",
    "your account is sending phishing links",
    "Got a strange link from your account, what is this?",
    "Weird DM from you with a login link",
    "you just sent me a weird link",
    "Did you send this? The link looks wrong",
    "Have you guys been hacked?",
    "Someone took over your account, it is posting scams",
    "your account sends phishing",  # the RULEBOOK's own example
    "Your account sends spam DMs",
    "your account posts scam links all day",
])
def test_english_reports(text):
    match = find_hijack_report(text, **BRAND)
    assert match is not None and match.lang == "en"


@pytest.mark.parametrize("text", [
    "Seid ihr gehackt? Seltsame Nachricht von euch bekommen",
    "Wurde euer Account gehackt?",
    "Euer Konto wurde wohl gekapert",
    "komische DM von euch, was soll das?",
    "Ist das wirklich von euch? Komische DM mit Link",
    "Kam die Nachricht wirklich von euch?",
    "Ihr habt mir einen komischen Link geschickt",
    "Wurden Sie gehackt?",
    "Euer Account schickt Spam",
    "Euer Konto sendet Phishing-Links",
])
def test_german_reports(text):
    match = find_hijack_report(text, **BRAND)
    assert match is not None and match.lang == "de"


def test_third_person_reports_name_the_account_or_brand():
    assert find_hijack_report("@kestrelmobile got hacked?", **BRAND) is not None
    assert find_hijack_report("Kestrel is sending phishing DMs to everyone", **BRAND) is not None
    assert find_hijack_report("Kestrel is sending phishing DMs to everyone") is None  # brand unknown


@pytest.mark.parametrize("text", [
    # the customer's own account trouble
    "@kestrelmobile my account got hacked last week, can I still use my warranty?",
    "My account was hacked, how do I get my number back?",
    "I forgot my password",
    "Mein Konto wurde gehackt, bitte helft mir beim Zurücksetzen",
    "@kestrelmobile ich habe mein Passwort vergessen, wie setze ich es zurück?",
    # jokes
    "lol did a hacker write this ad @kestrelmobile 😂",
    # news about other companies
    "Did you see Orbitel got hacked? Glad I switched to @kestrelmobile",
    "Habt ihr gesehen, dass Orbitel gehackt wurde?",
    # ordinary questions with "really"/"you"
    "Is this phone really waterproof?",
    "Is this really your best offer?",
    "Are you open on Sunday?",
    "Love the new phone!",
])
def test_not_reports(text):
    assert find_hijack_report(text, **BRAND) is None


def test_first_person_does_not_hide_a_report_about_messages_from_you():
    assert find_hijack_report("Were you hacked? I got a phishing DM from you and my password nearly went with it")


def test_account_vocabulary():
    assert find_hijack_report("the bird account went rogue") is None
    assert find_hijack_report("the bird account went rogue", extra=["went rogue"]) is not None


def test_every_report_phrase_carries_an_anchor_word_so_the_prefilter_never_hides_it():
    from socialtui.rules.text.hijack import ANCHORS, REPORT_DE, REPORT_EN

    for pattern in REPORT_EN + REPORT_DE:
        assert any(a in pattern for a in ANCHORS), pattern


def test_account_vocabulary_is_found_even_without_an_anchor_word():
    from socialtui.rules.text.hijack import find_hijack_report

    text = "your feed looks possessed today"
    assert find_hijack_report(text, "kestrel") is None
    assert find_hijack_report(text, "kestrel", extra=("feed looks possessed",)) is not None


def _quoted(doc: str) -> list[str]:
    return [" ".join(q.split()) for q in re.findall(r'"([^"]+)"', doc)]


NEWLY_RECOGNISED = ["did someone hack your account?", "Sind Sie gehackt worden?", "hat man euch gehackt?",
                    "habt ihr mir gerade eine komische Nachricht geschickt?"]


def test_sec004_explain_lists_only_phrases_it_recognises_and_the_new_ones(capsys):
    from socialtui.cli import main

    assert main(["rules", "explain", "SEC004"]) == 0
    checks = capsys.readouterr().out.split("What it checks:")[1].split("Why it matters:")[0]
    reports = _quoted(checks.split("customer's own")[0])
    assert set(NEWLY_RECOGNISED) <= set(reports)
    assert [r for r in reports if find_hijack_report(r, **BRAND) is None] == []


def test_hijack_module_doc_examples_are_recognised():
    import socialtui.rules.text.hijack as hijack

    doc = hijack.__doc__
    examples = _quoted(doc.split("- English:")[1].split("Not reports:")[0])
    assert set(NEWLY_RECOGNISED) <= set(examples)
    assert [e for e in examples if find_hijack_report(e, **BRAND) is None] == []
    not_reports = _quoted(doc.split("Not reports:")[1].split("Extend per account")[0])
    assert [n for n in not_reports if find_hijack_report(n, **BRAND) is not None] == []
