"""PRS001 template-replies and PRS002 unsigned."""

from socialtui.domain.models import Agent, RuleOverride
from socialtui.rules.engine import evaluate
from tests.builders import NOW, at, dataset, msg

PERSONAL = ["your parcel left Leipzig this morning and arrives Tuesday",
            "the blue strap fits the 42 mm model as well, just not the older 38 mm",
            "ja, die Mühle lässt sich auf Espresso einstellen, Stufe drei ist ein guter Start",
            "we refunded the shipping fee, it shows on your card in two days",
            "the store in Bremen has it in stock until Saturday",
            "das Abo kannst du jederzeit pausieren, unter Konto und dann Lieferungen",
            "press and hold both buttons for ten seconds, then the reset starts",
            "the decaf is Swiss Water processed, no chemicals involved"]
TEMPLATE_EN = "Thanks for reaching out! We are looking into it and will get back to you."
TEMPLATE_DE = "Danke für Ihre Nachricht! Wir kümmern uns darum und melden uns bei Ihnen."


def judge(ds, code):
    return evaluate(ds.snapshot(NOW), select=[code]).rules[0]


def replies(texts, signature=""):
    out = []
    for i, text in enumerate(texts):
        q = msg("mention", "in", "@brand quick question", id=f"q{i}", author=f"cust{i}", when=at(60 - i))
        out += [q, msg("reply", "out", f"@cust{i} {text} {signature}".strip(), id=f"r{i}", in_reply_to=q.id,
                       when=at(59 - i))]
    return out


def test_prs001_minimum_five_replies():
    v = judge(dataset(replies(PERSONAL[:4])), "PRS001")
    assert v.verdict == "n/a" and "need 5" in v.reason


def test_prs001_personal_replies_are_ok():
    v = judge(dataset(replies(PERSONAL)), "PRS001")
    assert (v.verdict, v.figure) == ("ok", 0)


def test_prs001_copies_differing_only_in_mentions_names_and_signatures():
    texts = [f"Hi Anna, {TEMPLATE_EN} ^DK", f"Hello Ben, {TEMPLATE_EN} ^MO"] + PERSONAL[:6]
    ds = dataset(replies(texts), agents=(Agent("Dana Kim", "^DK"), Agent("Mats Olsen", "^MO")))
    v = judge(ds, "PRS001")
    assert v.figure == 0.25 and v.verdict == "warn" and v.evidence == ["r0", "r1"]


def test_prs001_boundaries_and_german_templates():
    assert judge(dataset(replies([TEMPLATE_EN] * 2 + PERSONAL[:8])), "PRS001").verdict == "ok"  # 20 %
    assert judge(dataset(replies([TEMPLATE_DE] * 5 + PERSONAL[:5])), "PRS001").verdict == "warn"  # 50 %
    v = judge(dataset(replies([TEMPLATE_DE] * 3 + [TEMPLATE_EN] * 3 + PERSONAL[:4])), "PRS001")
    assert v.verdict == "fail" and v.details["groups"] == 2


CHAIN_EN = ["Your replacement phone left our warehouse today and tracking follows by mail",
            "Your replacement phone left our warehouse on monday and tracking follows by mail",
            "Your replacement phone left our depot on monday and tracking follows by mail"]  # ~ the 2nd, not the 1st
CHAIN_DE = ["Ihr Ersatzgerät hat heute unser Lager verlassen, die Sendungsnummer kommt per Mail",
            "Ihr Ersatzgerät hat am Montag unser Lager verlassen, die Sendungsnummer kommt per Mail",
            "Ihr Ersatzgerät hat am Montag unser Depot verlassen, die Sendungsnummer kommt per Mail"]


def test_prs001_a_reply_close_to_any_other_reply_counts_also_at_the_end_of_a_chain():
    for chain in (CHAIN_EN, CHAIN_DE):
        v = judge(dataset(replies(chain + PERSONAL[:3])), "PRS001")
        assert v.figure == 0.5 and v.evidence == ["r0", "r1", "r2"] and v.details["groups"] == 1, chain[0]


def test_prs001_chaining_does_not_glue_replies_that_are_only_alike():
    # the depot reply is close to neither warehouse reply alone: nothing chains it in
    texts = [CHAIN_EN[0], CHAIN_EN[2], CHAIN_DE[0], CHAIN_DE[2]] + PERSONAL[:4]
    assert judge(dataset(replies(texts)), "PRS001").figure == 0


def team(**kw):
    return dict(agents=(Agent("Dana Kim", "^DK"), Agent("Mats Olsen", "^MO")), **kw)


def test_prs002_needs_configured_signatures():
    v = judge(dataset(replies(PERSONAL)), "PRS002")
    assert v.verdict == "n/a" and "no team signatures configured" in v.reason
    v = judge(dataset(replies(PERSONAL[:4], "^DK"), **team()), "PRS002")
    assert v.verdict == "n/a" and "need 5" in v.reason


def mixed(n_signed, n_unsigned):
    """Replies 0..n_signed-1 signed ^DK, the rest unsigned."""
    out = replies(PERSONAL[:n_signed] + ["thanks, noted"] * n_unsigned)
    return [m if m.direction == "in" or int(m.id[1:]) >= n_signed else
            msg("reply", "out", m.text + " ^DK", id=m.id, in_reply_to=m.in_reply_to, when=m.created_at)
            for m in out]


def test_prs002_boundaries():
    assert judge(dataset(mixed(9, 1), **team()), "PRS002").verdict == "ok"  # 10 % is not above 10 %
    assert judge(dataset(mixed(8, 2), **team()), "PRS002").verdict == "warn"
    v = judge(dataset(mixed(4, 4), **team()), "PRS002")
    assert (v.verdict, v.figure) == ("warn", 0.5)  # 50 % is not above 50 %
    v = judge(dataset(mixed(2, 4), **team()), "PRS002")
    assert v.verdict == "fail" and set(v.evidence) == {"r2", "r3", "r4", "r5"}


def test_prs002_override():
    ds = dataset(replies(PERSONAL[:5]), **team(rules={"PRS002": RuleOverride(warn=0.9, fail=1.0)}))
    assert judge(ds, "PRS002").verdict == "warn"


def test_prs001_courtesies_answering_thanks_are_no_template_replies():
    """Ten "You're welcome" to ten thank-yous are manners; a canned answer to a question is not."""
    courtesies = ["You're welcome!", "You are very welcome :)", "Gern geschehen!", "Sehr gerne!",
                  "Have a great weekend!", "Schönes Wochenende!", "No problem!", "Kein Problem!",
                  "You're welcome!", "Gern geschehen!"]
    v = judge(dataset(replies(courtesies)), "PRS001")
    assert (v.verdict, v.figure) == ("ok", 0), v.reason
    canned = ["You're welcome! We are looking into your order and will get back to you."] * 5 + PERSONAL[:3]
    v = judge(dataset(replies(canned)), "PRS001")
    assert v.verdict == "fail" and v.figure == 5 / 8, v.reason
    v = judge(dataset(replies([TEMPLATE_DE] * 4 + ["Gern geschehen!"] * 4)), "PRS001")
    assert v.figure == 0.5, v.reason  # the German template counts, its courtesies do not
