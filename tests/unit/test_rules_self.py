"""SLF001..SLF005 and MIX001: an account that talks about itself, links to itself, repeats praise."""

from socialtui.domain.models import RuleOverride
from socialtui.rules.engine import evaluate
from tests.builders import NOW, at, dataset, msg


def judge(ds, code):
    return evaluate(ds.snapshot(NOW), select=[code]).rules[0]


PROMO = ["The new Brand Ultra is here! https://brand.example/ultra", "Brand: our autumn sale starts now",
         "Neu bei Brand: die Herbstkollektion https://brand.example/herbst"]
ENGAGING = ["Congrats @rivercafe on ten years! Lovely people.", "Good guide to repairing zips: https://ifixit.example/zips",
            "What did you cook this weekend?"]


def posts(texts):
    return [msg("post", "out", t, id=f"p{i:02}", when=at(100 - i)) for i, t in enumerate(texts)]


def test_slf001_minimum_and_what_counts_as_promotion():
    assert judge(dataset(posts(PROMO + ENGAGING[:1])), "SLF001").verdict == "n/a"
    v = judge(dataset(posts(PROMO + ENGAGING)), "SLF001")
    assert (v.verdict, v.figure) == ("ok", 0.5)
    assert set(v.evidence) == {"p00", "p01", "p02"}  # mentions and third-party links engage others


def test_slf001_boundaries_are_strict():
    three_of_five = posts(PROMO + ENGAGING[:2])
    assert judge(dataset(three_of_five), "SLF001").verdict == "ok"  # 60 %
    assert judge(dataset(posts(PROMO * 2 + ENGAGING[:2])), "SLF001").verdict == "warn"  # 6/8
    assert judge(dataset(posts(PROMO * 2 + ENGAGING[:1])), "SLF001").verdict == "fail"  # 6/7 = 85.7 %
    assert judge(dataset(posts(PROMO * 2)), "SLF001").verdict == "fail"


def test_slf001_the_account_mentioned_with_its_instance_is_not_someone_else():
    # An account logged in as "brand@mastodon.social" (its name is taken on another instance)
    # saw its own "@brand@mastodon.social" as engaging someone else.
    own = ["Brand Ultra is here, ask @brand@mastodon.social", "Neu von Brand: fragt @Brand@Mastodon.Social",
           "The Brand shop is open, questions to @brand", "Brand: Herbstaktion, Fragen an @brand@mastodon.social.",
           "Brand news, follow @brand@mastodon.social"]
    for handle, extra in (("brand@mastodon.social", {}), ("brand", {"instance": "https://mastodon.social"}), ("brand", {})):
        v = judge(dataset(posts(own), handle=handle, extra=extra), "SLF001")
        assert (v.verdict, v.figure) == ("fail", 1.0), (handle, extra, v.reason)
    # another account, with its instance, or the same name on another instance, is still someone else
    others = ["Brand Ultra, with thanks to @anna@social.example", "Neu bei Brand, danke @rivercafe@cafe.example",
              "Brand news for @brand@other.example fans", "Brand: Grüße an @jo@mastodon.social", own[0]]
    for handle, extra in (("brand@mastodon.social", {}), ("brand", {"instance": "https://mastodon.social"})):
        v = judge(dataset(posts(others), handle=handle, extra=extra), "SLF001")
        assert (v.verdict, v.figure, v.evidence) == ("ok", 0.2, ["p04"]), (handle, extra, v.reason)


def linked(n_link, n_plain):
    out = [msg("reply", "out", f"@c{i} see https://brand.example/help/{i}", id=f"l{i}", in_reply_to=f"x{i}",
               when=at(50 - i)) for i in range(n_link)]
    out += [msg("reply", "out", f"@d{i} the shop opens at nine", id=f"n{i}", in_reply_to=f"y{i}", when=at(20 - i))
            for i in range(n_plain)]
    return out


def test_slf002_link_share_boundaries():
    assert judge(dataset(linked(9, 0)), "SLF002").verdict == "n/a"
    assert judge(dataset(linked(7, 3)), "SLF002").verdict == "ok"  # 70 %
    assert judge(dataset(linked(8, 2)), "SLF002").verdict == "warn"
    assert judge(dataset(linked(9, 1)), "SLF002").verdict == "warn"  # 90 % is not above 90 %
    v = judge(dataset(linked(10, 0)), "SLF002")
    assert v.verdict == "fail" and v.figure == 1


def test_slf002_counts_links_without_a_scheme_but_not_prose():
    bare = [msg("reply", "out", f"@c{i} {t}", in_reply_to=f"x{i}", when=at(50 - i)) for i, t in enumerate(
        ["see brand.example/help", "mehr unter www.brand.example", "details: reviews.example/k7"] * 3)]
    prose = [msg("reply", "out", "@d1 e.g. version 3.5, see file.txt; z.B. care@brand.example", in_reply_to="y1",
                 when=at(10))]
    v = judge(dataset(bare + prose), "SLF002")
    assert v.figure == 0.9 and len(v.evidence) == 9


def test_slf003_own_domain_share():
    foreign = [msg("reply", "out", f"@e{i} good review: https://reviews.example/{i}", in_reply_to=f"z{i}", when=at(5))
               for i in range(2)]
    assert judge(dataset(linked(4, 0)), "SLF003").verdict == "n/a"  # 4 links
    assert judge(dataset(linked(8, 0) + foreign), "SLF003").verdict == "ok"  # 80 %
    assert judge(dataset(linked(9, 0) + foreign[:1]), "SLF003").verdict == "warn"  # 90 %
    v = judge(dataset(linked(20, 0) + foreign[:1]), "SLF003")
    assert v.verdict == "fail" and v.figure > 0.95
    relaxed = dataset(linked(20, 0), rules={"SLF003": RuleOverride(warn=1.0, fail=1.0)})
    assert judge(relaxed, "SLF003").verdict == "ok"


def reposts(n_brand, n_other):
    out = [msg("repost", "out", "", id=f"b{i}", repost_of=(f"fan{i}", "Love my Brand jacket!"), when=at(40 - i))
           for i in range(n_brand)]
    out += [msg("repost", "out", "", id=f"o{i}", repost_of=("news", "Town fair on Saturday"), when=at(60 - i))
            for i in range(n_other)]
    return out


def test_slf004_repost_share():
    own = linked(0, 5)
    assert judge(dataset(own + reposts(0, 4)), "SLF004").verdict == "n/a"  # 9 outbound
    assert judge(dataset(own + reposts(0, 5)), "SLF004").verdict == "ok"  # 50 %
    assert judge(dataset(own + reposts(0, 6)), "SLF004").verdict == "warn"
    assert judge(dataset(linked(0, 2) + reposts(0, 8)), "SLF004").verdict == "warn"  # 80 % is not above
    assert judge(dataset(linked(0, 1) + reposts(0, 9)), "SLF004").verdict == "fail"


def test_slf005_self_echo_en_de_and_handle():
    assert judge(dataset(reposts(4, 0)), "SLF005").verdict == "n/a"
    assert judge(dataset(reposts(7, 3)), "SLF005").verdict == "ok"  # 70 %
    assert judge(dataset(reposts(8, 2)), "SLF005").verdict == "warn"
    de = [msg("repost", "out", "", repost_of=("fan", "Danke @brand, super Service!"), when=at(3)) for _ in range(5)]
    v = judge(dataset(de), "SLF005")
    assert v.verdict == "fail" and v.figure == 1


COMPLAINTS = ["@brand my order is still not delivered", "@brand the zip broke after two days, I want a refund",
              "@brand meine Lieferung ist immer noch nicht da", "@brand die Jacke ist kaputt, Erstattung bitte"]


def complaints(n):
    return [msg("mention", "in", COMPLAINTS[i % 4], id=f"c{i:02}", author=f"u{i}", when=at(100 - i)) for i in range(n)]


def test_mix001_twenty_complaints_without_an_acknowledging_post_warn():
    assert judge(dataset(complaints(19)), "MIX001").verdict == "ok"
    v = judge(dataset(complaints(20) + posts(PROMO)), "MIX001")
    assert (v.verdict, v.figure) == ("warn", 20) and v.evidence[0] == "c00"


def test_mix001_an_acknowledgement_in_english_or_german_is_enough():
    for text in ["Status update: deliveries are delayed by two days, we're sorry.",
                 "Es tut uns leid: Verzögerung bei den Lieferungen bis Montag."]:
        ack = msg("post", "out", text, id="ack", when=at(2))
        assert judge(dataset(complaints(25) + [ack]), "MIX001").verdict == "ok"
    reply_ack = msg("reply", "out", "@u1 sorry, there is a delay", in_reply_to="c01", when=at(2))
    assert judge(dataset(complaints(25) + [reply_ack]), "MIX001").verdict == "warn"  # a reply is not a post


def test_mix001_sorry_for_the_delay_acknowledges_in_english_and_german():
    for text in ["Sorry for the delay, K7 orders leave the warehouse this week.",
                 "Entschuldigt bitte die Verspätung bei den Bestellungen."]:
        ack = msg("post", "out", text, id="ack", when=at(2))
        assert judge(dataset(complaints(25) + [ack]), "MIX001").verdict == "ok", text
    for text in ["No delay: the K7 ships today!", "Keine Verspätung: der K7 ist ab heute im Laden."]:  # good news
        post = msg("post", "out", text, id="good", when=at(2))
        assert judge(dataset(complaints(25) + [post]), "MIX001").verdict == "warn", text


NEW_COMPLAINTS = ["@brand my order hasn't arrived", "@brand the app isn't working", "@brand my K7 stopped working",
                  "@brand Mein Paket ist nicht angekommen", "@brand Meine Lieferung ist verspätet"]
NOT_COMPLAINTS = ["@brand my order arrived, thanks!", "@brand I stopped working from home, which plan fits?",
                  "@brand is it working with eSIM?", "@brand Das Paket ist angekommen, danke!",
                  "@brand Wann kommt die Lieferung an?"]


def test_mix001_counts_more_complaint_wording_and_not_thanks_or_questions():
    msgs = [msg("mention", "in", t, id=f"n{i:02}", author=f"n{i}", when=at(50 - i))
            for i, t in enumerate(NEW_COMPLAINTS * 4 + NOT_COMPLAINTS * 4)]
    v = judge(dataset(msgs), "MIX001")
    assert (v.verdict, v.figure) == ("warn", 20)
    assert set(v.evidence) == {f"n{i:02}" for i in range(20)}


def test_slf005_a_repost_mentioning_the_account_by_its_full_handle_is_about_the_brand():
    """Logged in as "kestrel@mastodon.social", a repost of "thanks @kestrel" or of
    "danke @kestrel@mastodon.social" praises the account, not someone else."""
    praise = ["thanks @kestrel, fixed in a day", "Danke @kestrel@mastodon.social, super Service!",
              "great help from @Kestrel@Mastodon.Social", "@kestrel ihr seid die Besten", "love @kestrel"]
    echo = [msg("repost", "out", "", id=f"r{i}", repost_of=(f"fan{i}", t), when=at(10 + i)) for i, t in enumerate(praise)]
    for handle, extra in (("kestrel@mastodon.social", {}), ("kestrel", {"instance": "https://mastodon.social"})):
        v = judge(dataset(echo, handle=handle, extra=extra, brand_terms=()), "SLF005")
        assert (v.verdict, v.figure) == ("fail", 1), (handle, v.reason)
    # the same name on another instance, or another account, is not the brand
    elsewhere = ["thanks @kestrel@birds.example", "Danke @falke@mastodon.social", "@jo great photo", "nice, @kestrel@x.example",
                 "Grüße an @anna"]
    other = [msg("repost", "out", "", id=f"o{i}", repost_of=(f"fan{i}", t), when=at(10 + i)) for i, t in enumerate(elsewhere)]
    v = judge(dataset(other, handle="kestrel@mastodon.social", brand_terms=()), "SLF005")
    assert (v.verdict, v.figure) == ("ok", 0), v.reason
