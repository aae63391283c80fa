"""DFL001 deflection-rate and DFL002 dead-ends, English and German, with the DM-move nuance."""


import pytest

from socialtui.domain.models import RuleOverride
from socialtui.rules.engine import evaluate
from tests.builders import NOW, at, dataset, msg

DEFLECT_EN = ["Please call our hotline.", "Please contact our customer service.", "Please use our contact form.",
              "Please DM us your order number."]
DEFLECT_DE = ["Bitte wenden Sie sich an unsere Hotline.", "Bitte nutzen Sie unser Kontaktformular.",
              "Bitte schreiben Sie uns eine DM."]
ANSWERS = ["Your order ships tomorrow from Hamburg.", "Das Update 6.2 kommt am Montag und behebt den Absturz.",
           "Restart your phone, then it pairs again.", "Ja, der Akku ist im Preis enthalten, beide Farben.",
           "The K7 is available in both colours from today."]


def judge(ds, code):
    return evaluate(ds.snapshot(NOW), select=[code]).rules[0]


def thread(i, reply_text, hours_ago=40, lang=None):
    q = msg("mention", "in", "@brand question about my phone", id=f"q{i}", author=f"k{i}", when=at(hours_ago + 1), lang=lang)
    return [q, msg("reply", "out", f"@k{i} {reply_text}", id=f"r{i}", in_reply_to=q.id, when=at(hours_ago), lang=lang)]


def replies(deflections, answers):
    out = []
    for i, text in enumerate(deflections + answers):
        out += thread(i, text, hours_ago=40 + i)
    return out


def test_dfl001_minimum_five_replies():
    v = judge(dataset(replies(DEFLECT_EN[:2], ANSWERS[:2])), "DFL001")
    assert v.verdict == "n/a" and "need 5" in v.reason


def test_dfl001_english_and_german_deflections_are_found():
    v = judge(dataset(replies(DEFLECT_EN + DEFLECT_DE, ANSWERS * 2)), "DFL001")
    assert v.details["deflections"] == 7 and v.verdict == "fail"
    assert judge(dataset(replies([], ANSWERS * 2)), "DFL001").figure == 0


def test_dfl001_boundaries_are_strict():
    three_of_twenty = replies(DEFLECT_EN[:3], ANSWERS * 3 + ANSWERS[:2])
    assert judge(dataset(three_of_twenty), "DFL001").verdict == "ok"  # 15 %
    assert judge(dataset(replies(DEFLECT_EN[:3], ANSWERS * 3)), "DFL001").verdict == "warn"  # 3/18
    three_of_ten = replies(DEFLECT_DE, ANSWERS + ANSWERS[:2])
    assert judge(dataset(three_of_ten), "DFL001").verdict == "warn"  # 30 % is not above 30 %
    v = judge(dataset(replies(DEFLECT_DE + DEFLECT_EN[:1], ANSWERS + ANSWERS[:1])), "DFL001")
    assert v.verdict == "fail" and v.evidence[0] == "r3"  # oldest first


def test_dfl001_an_answer_that_also_offers_the_hotline_is_not_a_deflection():
    helpful = "The 6.2.1 update arrives Monday and fixes the reboot. If it still happens, call our hotline."
    v = judge(dataset(replies([helpful], ANSWERS)), "DFL001")
    assert v.figure == 0


@pytest.mark.parametrize("text", [
    # when to call is not an answer
    "Please call our hotline on Monday.", "Call us between 8 am and 6 pm.", "Please call us tomorrow.",
    "Bitte wenden Sie sich am Montag an unseren Kundenservice.", "Ruft uns am Montag an.",
    # more wording
    "Please contact support.", "Drop us a DM.", "Please check the FAQ.",
    "Schick uns eine DM.", "Kontaktieren Sie bitte unseren Kundendienst.", "Melde dich bei unserem Kundenservice.",
    "Schau mal in unsere FAQ.", "Ruft uns an.",
])
def test_dfl001_counts_redirects_with_a_time_to_call_and_more_wording(text):
    v = judge(dataset(replies([text], ANSWERS[:4])), "DFL001")
    assert v.evidence == ["r0"], text


@pytest.mark.parametrize("text", [
    "It is back in stock on Monday. Questions? Call our hotline.",
    "We restock on Monday, just call us then to reserve one.",
    "The refund went out Tuesday; contact support if it is not there by Friday.",
    "I'll contact support for you and get back to you here.",  # escalating, not sending away
    "Das Ersatzteil ist am Montag da. Bei Fragen hilft unsere Hotline.",
    "Ab morgen ist es wieder lieferbar, ruf uns gern an.",
    "Unser Kundendienst hat das Gerät am 12.3. verschickt.",
    "Ich kontaktiere den Kundendienst für Sie.",
    "Ich habe den Kundenservice informiert.",
    "Wir haben den Kundenservice gebeten, sich zu melden.",
    "I have informed customer service.", "I will reach out to customer service and come back to you.",
])
def test_dfl001_an_answer_with_a_time_or_an_escalation_is_not_a_deflection(text):
    assert judge(dataset(replies([text], ANSWERS[:4])), "DFL001").figure == 0, text


def test_dfl002_a_time_to_call_is_still_a_dead_end():
    v = judge(dataset(thread(0, "Bitte rufen Sie uns am Montag zwischen 8 und 18 Uhr an.", hours_ago=30)), "DFL002")
    assert (v.verdict, v.evidence) == ("warn", ["r0"])  # (the deflecting reply: evidence names messages)


def test_dfl001_dm_move_counts_unless_a_public_follow_up_comes():
    base = replies(["Please DM us your order number."], ANSWERS)
    assert judge(dataset(base), "DFL001").evidence == ["r0"]
    dm_only = msg("dm", "out", "Thanks, found it: ships Monday", conversation="k0", when=at(30))
    assert judge(dataset(base + [dm_only]), "DFL001").evidence == ["r0"]  # private follow-up is not public
    public = msg("reply", "out", "@k0 found it, your order ships Monday", id="f0", in_reply_to="r0", when=at(20))
    assert judge(dataset(base + [public]), "DFL001").evidence == []


def test_dfl001_override_and_disable():
    ds = dataset(replies(DEFLECT_EN[:2], ANSWERS), rules={"DFL001": RuleOverride(warn=0.3, fail=0.5)})
    assert judge(ds, "DFL001").verdict == "ok"
    off = dataset(replies(DEFLECT_EN[:2], ANSWERS), rules={"DFL001": RuleOverride(enabled=False)})
    assert "DFL001" not in [v.code for v in evaluate(off.snapshot(NOW)).rules]


# DFL002 dead-ends ------------------------------------------------------------------
# Decision: a deflection younger than 24 h is not a dead end yet (there is still time for
# the follow-up); it counts once its 24 h have passed without an outbound follow-up.

def test_dfl002_counts_only_after_24h_without_follow_up():
    young = thread(0, "Please call our hotline.", hours_ago=23.9)
    assert judge(dataset(young), "DFL002").verdict == "ok"
    at_24 = thread(0, "Please call our hotline.", hours_ago=24)
    v = judge(dataset(at_24), "DFL002")
    assert (v.verdict, v.figure, v.evidence) == ("warn", 1, ["r0"])


def test_dfl002_a_follow_up_ends_the_dead_end():
    dead = thread(0, "Bitte wenden Sie sich an unseren Kundenservice.", hours_ago=50, lang="de")
    follow = msg("reply", "out", "@k0 Ihr Ersatzgerät ist unterwegs und kommt am Montag.", in_reply_to="r0", when=at(40))
    assert judge(dataset(dead + [follow]), "DFL002").verdict == "ok"
    customer_again = msg("reply", "in", "@brand und jetzt?", author="k0", in_reply_to="r0", when=at(45))
    assert judge(dataset(dead + [customer_again]), "DFL002").verdict == "warn"  # still ends with the deflection


def test_dfl002_five_dead_ends_fail_oldest_first():
    msgs = []
    for i in range(5):
        msgs += thread(i, DEFLECT_EN[i % 3], hours_ago=30 + 10 * i)
    v = judge(dataset(msgs), "DFL002")
    assert (v.verdict, v.figure) == ("fail", 5) and v.evidence[0] == "r4"
    assert judge(dataset(msgs[:8]), "DFL002").verdict == "warn"


def test_dfl002_no_deflection_is_ok_with_a_reason():
    v = judge(dataset(replies([], ANSWERS)), "DFL002")
    assert v.verdict == "ok" and v.figure == 0 and v.reason
