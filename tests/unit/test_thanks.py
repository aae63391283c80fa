"""A thank-you after an answer: recognised (EN and DE) and named in the queue's reason."""

import pytest

from socialtui.queue import build_queue
from socialtui.rules.text.thanks import is_thanks
from tests.builders import NOW, at, dataset, msg


@pytest.mark.parametrize("text", [
    "thanks, that helped!", "@brand Thanks, that worked!", "thank you so much 🙏", "thx", "Perfect, works now. Cheers!",
    "danke, hat geklappt!", "Vielen Dank, funktioniert wieder!", "Super, danke!", "Merci, passt jetzt",
    "ty", "Thanks for the quick reply!", "Danke für die schnelle Hilfe", "Thank you, problem solved 👍",
    # (a second review's misses: set phrases, formal address, solved in other words)
    "Herzlichen Dank", "Tausend Dank", "Vielen lieben Dank", "Dank euch", "Danke für Ihre Hilfe",
    "Vielen Dank für Ihre schnelle Antwort", "Danke dir", "Danke, das hat geholfen", "Danke, jetzt klappt es",
    "Jetzt geht's wieder, danke", "Danke, hat sich erledigt", "Danke, ist angekommen", "Merci vielmals",
    "Thanks, that's great!", "you're the best", "Got it, thanks!", "Thanks a million", "Thanks, have a nice day!",
    "Thanks for letting me know", "Thanks for sorting that out", "that did the trick", "Works perfectly now", "tysm",
])
def test_thanks_in_english_and_german(text):
    assert is_thanks(text)


@pytest.mark.parametrize("text", [
    "thanks, but it still reboots", "Thanks! When will it ship?", "thanks for nothing", "no thanks",
    "thanks for the reply. I want a refund.", "thanks, that didn't help", "where is my order?",
    "Danke für nichts.", "danke, aber die Lieferung ist immer noch nicht da", "Danke, leider geht es immer noch nicht",
    "Danke. Das Display ist trotzdem kaputt",
    "Thank you. My phone still charges slowly, the screen flickers at night and the update failed twice today",
    # (from a review: requests with a sign-off, thanks in advance, questions without "?", more to
    # ask, sarcasm, not solved yet or leaving, a name)
    "Please resend the invoice. Thanks", "Thanks. Please call me back", "Bitte schickt mir die Rechnung. Danke",
    "Danke, ruft mich bitte zurück", "thanks in advance, order 55169", "Danke im Voraus, Bestellnummer 55169",
    "Thanks! When will it ship", "Danke. Wann kommt die Lieferung", "thank you! one more thing: my second order",
    "ty, also need the receipt", "Super, danke! Und die zweite Bestellung", "Great, thanks a lot 🙄",
    "oh great thanks for ruining my weekend", "wow thanks for wasting my time", "Danke für gar nix",
    "thanks, I'll try that and let you know", "Danke, ich warte dann weiter", "thx, same problem on my second K6",
    "Thanks. Cancelling my order then", "Danke, ich kündige", "Alles klar, dann storniere ich",
    "thanks, escalating this to my lawyer", "Ty said he would call me back", "thanks, done!",
    # (a second review: requests made of words that go with thanks, sour faces, links, a full-width ？)
    "Thanks. Fix it.", "Help! Thanks", "Problem again, thanks", "Answer this, thanks", "Reply to this, thanks",
    "Thanks for the reply. Fix this now", "Hilfe, danke", "Danke, Problem wieder", "Danke. Team, Hilfe!",
    "Thanks :(", "Thanks :/", "Thanks 🙃", "thanks https://i.imgur.com/abc", "Thanks, fix it？", "great",
    "Perfect timing, my phone broke",
])
def test_thanks_that_still_ask_or_complain_are_not_thanks(text):
    assert not is_thanks(text)


def _reason(messages, cid):
    rows = build_queue(dataset(messages).snapshot(NOW), set())
    return next(r for r in rows if r.id == cid).reason


def test_the_queue_says_when_a_waiting_conversation_only_thanks_for_an_answer():
    # 39 of the demo's 136 past-SLA rows were customers saying thanks after an answer: they wait
    # by the rulebook (the latest message is inbound), so the reason tells the agent why and what to do.
    thanked = [msg("mention", "in", "@brand where is my order?", id="q", author="anna", when=at(9)),
               msg("reply", "out", "@anna It ships today.", id="a", in_reply_to="q", when=at(8)),
               msg("reply", "in", "@brand danke, hat geklappt!", id="t", author="anna", in_reply_to="a", when=at(7))]
    reason = _reason(thanked, "q")
    assert reason.startswith("Waiting 7h") and "only thanks for an answer (“@brand danke, hat geklappt!”)" in reason
    assert "mark it done" in reason


def test_no_thanks_note_without_an_answer_or_when_the_customer_still_asks():
    unanswered = [msg("mention", "in", "@brand thanks in advance", id="q", author="anna", when=at(9))]
    assert "thanks for an answer" not in _reason(unanswered, "q")
    still = [msg("mention", "in", "@brand where is my order?", id="q", author="anna", when=at(9)),
             msg("reply", "out", "@anna It ships today.", id="a", in_reply_to="q", when=at(8)),
             msg("reply", "in", "@brand thanks, but it has not arrived", id="t", author="anna", in_reply_to="a",
                 when=at(7))]
    assert "thanks for an answer" not in _reason(still, "q")


def test_thanks_after_a_suspicious_outbound_message_is_no_reason_to_close():
    # A customer thanking the hijacker's "verify your login" DM is likely a phishing victim: the
    # queue must not suggest marking that conversation done.
    phished = [msg("dm", "in", "hi, question about my bill", id="d0", author="anna", conversation="c1", when=at(30)),
               msg("dm", "out", "Verify your login: https://brand-support.example/verify", id="d1", conversation="c1",
                   client="Unknown Poster", when=at(20)),
               msg("dm", "in", "thanks, that worked!", id="d2", author="anna", conversation="c1", when=at(19))]
    assert "thanks for an answer" not in _reason(phished, "dm:c1")
    own_link = [msg("dm", "in", "hi, question about my bill", id="d0", author="anna", conversation="c1", when=at(30)),
                msg("dm", "out", "See https://brand.example/bills", id="d1", conversation="c1", when=at(20)),
                msg("dm", "in", "thanks, that worked!", id="d2", author="anna", conversation="c1", when=at(19))]
    assert "thanks for an answer" in _reason(own_link, "dm:c1")


def test_without_trusted_clients_only_socialtui_or_no_app_vouches_for_the_answer():
    # SEC001 learns the team's apps from history; the thanks note does not guess: an answer from
    # a named app the account does not list could be the hijacker's.
    def convo(client):
        return [msg("mention", "in", "@brand where is my order?", id="q", author="anna", when=at(9)),
                msg("reply", "out", "@anna It ships today.", id="a", in_reply_to="q", when=at(8), client=client),
                msg("reply", "in", "@brand thank you so much!", id="t", author="anna", in_reply_to="a", when=at(7))]

    def reason(client):
        rows = build_queue(dataset(convo(client), trusted_clients=()).snapshot(NOW), set())
        return next(r for r in rows if r.id == "q").reason

    assert "thanks for an answer" not in reason("Unknown Poster 2.1")
    assert "thanks for an answer" in reason(None) and "thanks for an answer" in reason("socialtui")
