"""Security rules SEC001-SEC004 on small hand-made datasets."""

import pytest

from socialtui.rules import registry
from socialtui.rules.base import REGISTRY, Thresholds
from socialtui.rules.sec004_hijack_reports import hijack_conversations
from tests.builders import NOW, at, dataset, msg

registry.all_rules()  # registers every rule module


def run(code, messages, **account_kw):
    spec = REGISTRY[code]
    return spec.check(dataset(messages, **account_kw).snapshot(NOW), Thresholds(spec.warn, spec.fail))


def test_security_rules_are_critical_documented_and_ok_without_data():
    for code in ("SEC001", "SEC002", "SEC003", "SEC004"):
        spec = REGISTRY[code]
        assert spec.critical and spec.category == "security"
        for section in ("What it checks", "Why it matters", "Example", "Suggested fix"):
            assert section in spec.doc
        v = run(code, [])
        assert v.verdict == "ok" and v.figure == 0 and v.critical


# SEC001 unknown-client

def test_sec001_fails_on_the_first_untrusted_client():
    msgs = [msg("post", "out", "hi", id="ok1", client="SocialTUI", when=at(3)),  # trusted, any case
            msg("post", "out", "hi", id="none", when=at(2)),  # platform did not say
            msg("dm", "out", "hello", id="bad", client="Unknown Poster 2.1", conversation="c1", when=at(1))]
    v = run("SEC001", msgs)
    assert v.verdict == "fail" and v.figure == 1 and v.evidence == ["bad"] and v.suggestion
    assert "Unknown Poster 2.1" in v.reason


def test_sec001_ignores_inbound_and_messages_outside_the_window():
    msgs = [msg("mention", "in", "@brand hi", client="Weird App", when=at(1)),
            msg("post", "out", "old", client="Evil App", when=at(24 * 8))]
    assert run("SEC001", msgs).verdict == "ok"


# SEC002 suspicious-link

def test_sec002_fails_on_a_lookalike_link_and_names_it():
    msgs = [msg("post", "out", "Our shop https://brand.example/shop", id="fine", when=at(3)),
            msg("dm", "out", "Verify now https://brand-support.example/verify", id="bad", conversation="c1", when=at(2)),
            msg("post", "out", "Read https://bit.ly/x", id="short", when=at(1))]
    v = run("SEC002", msgs)
    assert v.verdict == "fail" and v.figure == 2
    assert v.evidence == ["bad", "short"]  # the link with most findings first
    assert "brand-support.example" in v.reason and v.suggestion


def test_sec002_own_and_third_party_links_are_ok():
    msgs = [msg("post", "out", "New https://shop.brand.example/login", when=at(2)),
            msg("reply", "out", "See https://www.wikipedia.org/wiki/Coffee", when=at(1)),
            msg("mention", "in", "@brand look https://bit.ly/x", when=at(1))]  # inbound: not ours
    assert run("SEC002", msgs).verdict == "ok"


@pytest.mark.parametrize("text", [
    "Claim your prize: bit.ly/3xYzAb",
    "Please confirm at acme-sh0p.com/verify-login today",
    "Gewinnspiel! Jetzt bestätigen: brand-gewinn.example/verify",
    "Look: www.brand-support.example.",
])
def test_sec002_finds_links_written_without_a_scheme(text):
    v = run("SEC002", [msg("post", "out", text, id="bare", when=at(1))])
    assert v.verdict == "fail" and v.evidence == ["bare"], text


@pytest.mark.parametrize("text", [
    "Works on e.g. version 3.5, see file.txt for the list",
    "Write to care@brand.example or @anna@social.example for help",
    "Die Anleitung steht z.B. in handbuch.pdf, ab Version 6.2.1",
    "Our new shop: brand.example/shop",  # an own domain without a scheme is still fine
])
def test_sec002_prose_versions_mail_and_own_bare_links_are_ok(text):
    assert run("SEC002", [msg("post", "out", text, when=at(1))]).verdict == "ok", text


@pytest.mark.parametrize("url", [
    "https://kestrel-hilfe.example/konto-bestaetigen", "https://portal.example/passwort-zuruecksetzen",
    "https://accounts.other.example/ServiceLogin?continue=x", "https://other.example/login-verifizieren",
    "https://other.example/anmelden", "https://other.example/best%C3%A4tigen", "https://other.example/Bestätigung",
    "https://other.example/konto/verifizierung",
])
def test_sec002_german_and_service_login_credential_paths(url):
    v = run("SEC002", [msg("dm", "out", f"Bitte hier: {url}", id="de", conversation="c1", when=at(1))])
    assert v.verdict == "fail" and "login/verification" in v.reason, url


@pytest.mark.parametrize("url", [
    "https://blog.other.example/newsletter-anmelden", "https://news.other.example/passwortsicherheit-tipps",
    "https://wiki.other.example/Bestaetigungsfehler", "https://news.other.example/servicelogistik",
    "https://zeitung.other.example/anmeldung-zur-wahl", "https://brand.example/konto-bestaetigen",  # own domain
])
def test_sec002_german_words_that_only_contain_a_credential_word_are_ok(url):
    assert run("SEC002", [msg("post", "out", f"Lesenswert: {url}", when=at(1))]).verdict == "ok", url


@pytest.mark.parametrize("url", [
    "https://amzn.to/3xYz", "https://bitly.com/3xYz", "https://j.mp/3xYz", "https://a.co/d/3xYz", "https://t.ly/ab",
    "https://rb.gy/ab", "https://cutt.ly/ab", "https://shorturl.at/ab", "https://tiny.cc/ab", "https://is.gd/ab",
    "https://buff.ly/ab", "https://ow.ly/ab", "https://lnkd.in/ab",
])
def test_sec002_common_url_shorteners(url):
    v = run("SEC002", [msg("post", "out", f"Deal of the day {url}", id="s", when=at(1))])
    assert v.verdict == "fail" and v.details["kinds"] == ["shortener"] and "URL shortener" in v.reason, url


@pytest.mark.parametrize("url", [
    "https://youtu.be/dQw4w9WgXcQ",  # a platform's own share link only leads to that platform
    "https://www.amazon.example/dp/B0C1", "https://bitlyfans.example/x", "https://amzn.top.example/x",
])
def test_sec002_platform_share_links_and_names_like_shorteners_are_ok(url):
    assert run("SEC002", [msg("post", "out", f"Watch {url}", when=at(1))]).verdict == "ok", url


@pytest.mark.parametrize("url", [
    "https://other.example/sign_in", "https://other.example/log_in", "https://other.example/Log.In",
    "https://other.example/log-on", "https://other.example/signin", "https://other.example/search?q=sign+in",
    "https://other.example/verify_account", "https://other.example/verifyaccount", "https://other.example/reset-password",
    "https://other.example/forgot_password", "https://other.example/anmelden", "https://other.example/konto/bestaetigen",
    "https://other.example/konto_bestaetigen", "https://other.example/passwort_vergessen",
])
def test_sec002_login_paths_with_any_separator(url):
    # "/sign_in" and "/log_in" were missed: only "-" or nothing counted between the two words
    v = run("SEC002", [msg("dm", "out", f"Please / Bitte: {url}", id="p", conversation="c1", when=at(1))])
    assert v.verdict == "fail" and "login/verification" in v.reason, url


@pytest.mark.parametrize("url", [
    "https://blog.other.example/changelog-in-2026", "https://other.example/design_in_practice",
    "https://other.example/sign-language", "https://other.example/signing-day", "https://other.example/catalog.online",
    "https://katalog.other.example/blog/katalog-inhalt", "https://zeitung.other.example/anmeldung-zur-wahl",
])
def test_sec002_words_that_only_contain_login_are_ok(url):
    assert run("SEC002", [msg("post", "out", f"Read / Lesen: {url}", when=at(1))]).verdict == "ok", url


@pytest.mark.parametrize("url", [
    "https://kmb-support.example/help", "https://secure-kmb.co.uk/", "https://kmb.other.example/konto",
    "https://hilfe.kmb-service.example/", "https://kmb.example/",
])
def test_sec002_a_three_letter_brand_term_as_a_whole_part_of_a_foreign_domain(url):
    # brand terms under 4 characters were skipped entirely
    v = run("SEC002", [msg("post", "out", f"Hilfe / help: {url}", id="k", when=at(1))], brand_terms=("KMB",))
    assert v.verdict == "fail" and "brand name 'KMB'" in v.reason, url


@pytest.mark.parametrize("url", [
    "https://kmbx.example/", "https://lookmbook.example/", "https://www.okmb.example/", "https://hakmbo.example/news",
    "https://k7-update.example/",  # two characters are too common in names to tell anything
])
def test_sec002_a_short_brand_term_inside_a_longer_word_is_ok(url):
    v = run("SEC002", [msg("post", "out", f"Lesenswert / worth a read: {url}", when=at(1))], brand_terms=("KMB", "K7"))
    assert v.verdict == "ok", (url, v.reason)


@pytest.mark.parametrize("url", [
    "https://kestrel-mobile-support.example/", "https://kestrelmobile-hilfe.example/",
    "https://login.kestrel-mobile.example.evil.example/", "https://kestrel_mobile.example/",
])
def test_sec002_a_brand_name_of_two_words_inside_a_foreign_domain(url):
    # "Kestrel Mobile" never matched a domain name, which holds no spaces
    v = run("SEC002", [msg("post", "out", f"Hilfe / help: {url}", id="k", when=at(1))],
            brand_terms=("Kestrel Mobile",), own_domains=("kmobile.example",))
    assert v.verdict == "fail" and "Kestrel Mobile" in v.reason, (url, v.reason)


@pytest.mark.parametrize("url", ["https://kestrel-birds.example/", "https://mobile-deals.example/",
                                 "https://www.kestrel.example/mobile"])
def test_sec002_one_word_of_a_two_word_brand_name_is_ok(url):
    v = run("SEC002", [msg("post", "out", f"Lesenswert / worth a read: {url}", when=at(1))],
            brand_terms=("Kestrel Mobile",), own_domains=("kmobile.example",))
    assert v.verdict == "ok", (url, v.reason)


# SEC003 dm-burst

def burst(n, minutes_apart=3, text="Hi {i}! Your account needs verification: https://brand-login.example/verify"):
    return [msg("dm", "out", text.format(i=f"friend{i}"), id=f"d{i}", conversation=f"c{i}", client="socialtui",
                when=at(3, minutes_ago=-i * minutes_apart)) for i in range(n)]


@pytest.mark.parametrize("text", [
    "Check this https://bit.ly/x{i}",  # a few words and a link: too short to compare once the link was dropped
    "Guck mal: https://bit.ly/k{i}",
    "https://brand-support.example/claim/{i}",  # a bare link
])
def test_sec003_a_burst_of_short_dms_with_the_same_kind_of_link_fails(text):
    v = run("SEC003", burst(10, text=text))
    assert (v.verdict, v.figure) == ("fail", 10), v.reason


@pytest.mark.parametrize("text", ["You're welcome!", "You are very welcome", "Gern geschehen!", "Sehr gerne",
                                  "Have a nice day!", "Schönes Wochenende!"])
def test_sec003_ten_courtesies_in_an_hour_are_no_campaign(text):
    # a busy team answers thank-yous this way; a critical security alarm for it was a false alarm
    v = run("SEC003", burst(12, text=text))
    assert v.verdict == "ok", v.reason


def test_sec003_a_courtesy_with_a_link_still_counts():
    v = run("SEC003", burst(10, text="You're welcome! https://bit.ly/w{i}"))
    assert v.verdict == "fail"


def test_sec003_ten_near_identical_dms_within_an_hour():
    v = run("SEC003", burst(10))
    assert v.verdict == "fail" and v.figure == 10 and v.evidence[0] == "d0" and v.suggestion
    assert run("SEC003", burst(9)).verdict == "ok"


def test_sec003_spread_out_or_different_dms_are_not_a_burst():
    assert run("SEC003", burst(10, minutes_apart=7)).figure < 10  # 63 minutes
    varied = [msg("dm", "out", f"Answer {w}: the {w} fits the K{i} case", id=f"v{i}", conversation=f"c{i}",
                  when=at(2, minutes_ago=-i)) for i, w in enumerate(
                      "battery screen charger eSIM invoice trade-in repair warranty shipping colour".split())]
    assert run("SEC003", varied).verdict == "ok"


# SEC004 hijack-reports

def test_sec004_unanswered_report_fails():
    report = msg("mention", "in", "@brand were you hacked? weird DM from you", id="h1", when=at(5))
    v = run("SEC004", [report])
    assert v.verdict == "fail" and v.figure == 1 and v.evidence == ["h1"] and v.details["unanswered"] == 1


def test_sec004_warns_once_every_report_is_answered():
    de = msg("mention", "in", "@brand seid ihr gehackt? Seltsame Nachricht von euch", id="h2", author="jo", when=at(6))
    answer = msg("reply", "out", "Ja, wir haben das gesichert. Bitte nicht klicken. ^DK", id="a2", in_reply_to="h2", when=at(4))
    v = run("SEC004", [de, answer])
    assert v.verdict == "warn" and v.figure == 1 and v.details["unanswered"] == 0


def test_sec004_unanswered_reports_come_first_and_dms_count():
    answered = msg("mention", "in", "@brand is this really you?", id="h1", author="a", when=at(8))
    reply = msg("reply", "out", "We were hacked, fixed now", id="r1", in_reply_to="h1", when=at(7))
    dm = msg("dm", "in", "Weird DM from you with a login link", id="h2", author="b", conversation="d1", when=at(6))
    v = run("SEC004", [answered, reply, dm])
    assert v.verdict == "fail" and v.evidence == ["h2", "h1"] and v.details["unanswered"] == 1


def test_sec004_negatives_are_ok():
    msgs = [msg("mention", "in", "@brand my account was hacked, can you help?", when=at(3)),
            msg("mention", "in", "lol did a hacker write this ad 😂", when=at(2)),
            msg("mention", "in", "Did you see OtherCorp got hacked?", when=at(1)),
            msg("mention", "in", "Mein Konto wurde gehackt, was tun?", when=at(1))]
    assert run("SEC004", msgs).verdict == "ok"


@pytest.mark.parametrize("text", [
    "Were you hacked? I got a DM asking for my password",  # "my password" is what the DM wanted
    "lol your account just sent me a phishing link",  # a laugh does not make phishing a joke
    "Did someone hack your account?",
    "Sind Sie gehackt worden?",
    "Ihr wurdet gehackt, oder?",
    "Habt ihr mir gerade eine komische Nachricht geschickt?",
    "Hat man euch gehackt?",
])
def test_sec004_fails_on_more_ways_of_saying_the_account_is_compromised(text):
    # a DM, so the brand's own name ("@brand ... gehackt") is not what finds it
    v = run("SEC004", [msg("dm", "in", text, id="h1", conversation="d1", when=at(2))])
    assert v.verdict == "fail" and v.evidence == ["h1"], text


@pytest.mark.parametrize("text", [
    "I was hacked, can you help?",
    "I forgot my password, how do I reset it?",
    "Is this really you, support? My account was hacked and I need help",
    "lol your account is posting spam again 😂",  # a joke about the ads
    "haha your account got hacked by the marketing intern 😂",
    "Did someone hack Orbitel? Glad I stayed with you",
    "Ich wurde gehackt, habt ihr Tipps?",
    "Mein Konto wurde gehackt, könnt ihr helfen?",
    "Habt ihr mir gerade eine nette Nachricht geschickt? Danke!",
    "Hat man Orbitel gehackt?",
])
def test_sec004_own_trouble_jokes_and_other_companies_stay_ok(text):
    assert run("SEC004", [msg("mention", "in", f"@brand {text}", when=at(2))]).verdict == "ok", text


def test_hijack_conversations_for_the_queue():
    report = msg("mention", "in", "@brand your account is sending phishing", id="h1", when=at(2))
    other = msg("mention", "in", "@brand when does the shop open?", id="q1", when=at(2))
    snap = dataset([report, other]).snapshot(NOW)
    assert hijack_conversations(snap) == {snap.conversation_of["h1"]}


def test_hijack_reports_are_classified_once_per_threads_and_follow_the_window(monkeypatch):
    from datetime import timedelta

    from socialtui.rules import facts as facts_module
    from socialtui.rules.facts import facts_for

    ds = dataset([msg("mention", "in", "@brand were you hacked? weird DM from you", id="h1", when=at(24 * 6)),
                  msg("mention", "in", "@brand where is my order?", id="q1", when=at(2))]).in_order()
    first = ds.snapshot(NOW)
    assert set(facts_for(first).hijack_reports) == {"h1"}
    monkeypatch.setattr(facts_module, "report_finder", lambda *a: lambda text: pytest.fail("classified again"))
    later = ds.snapshot(NOW + timedelta(hours=1), reuse=first.threads)
    assert set(facts_for(later).hijack_reports) == {"h1"}
    gone = ds.snapshot(NOW + timedelta(days=2), reuse=first.threads)  # h1 left the 7-day window
    assert facts_for(gone).hijack_reports == {}


def test_sec001_without_a_trusted_list_learns_the_apps_used_before_the_window():
    # A live account nobody configured: SEC001 was "ok" for ever. It now takes the apps the
    # account posted from before the window as the team's and flags one first seen in it.
    history = [msg("reply", "out", f"answer {i}", client="Mastodon Web" if i % 2 else "Tusky", when=at(24 * 9 + i))
               for i in range(20)]
    usual = [msg("post", "out", "news", id="usual", client="tusky", when=at(5))]
    new_app = [msg("dm", "out", "verify your login", id="new", client="Poster Pro", conversation="c1", when=at(2))]
    v = run("SEC001", history + usual + new_app, trusted_clients=())
    assert v.verdict == "fail" and v.evidence == ["new"] and v.critical
    assert "did not use (at least 3 times) before the window: Poster Pro" in v.reason and "trusted_clients" in v.reason
    assert v.details["trusted_learned_from_history"] == ["mastodon web", "socialtui", "tusky"]
    assert run("SEC001", history + usual, trusted_clients=()).verdict == "ok"
    # a reply sent from socialtui is the team's own; one stray post before the window vouches for nobody
    ours = [msg("reply", "out", "answered here", client="socialtui", when=at(1))]
    assert run("SEC001", history + ours, trusted_clients=()).verdict == "ok"
    stray = [msg("post", "out", "test", client="Poster Pro", when=at(24 * 8))]
    assert run("SEC001", history + stray + new_app, trusted_clients=()).verdict == "fail"


def test_sec001_without_a_trusted_list_and_little_history_still_fails_an_app_nobody_vouches_for():
    # It was "ok" whatever posted: with no trusted list and under 20 earlier messages, a hijacker's
    # app went unflagged. The RULEBOOK fails on an app that is in no trusted list; the reason
    # says that the history is short.
    few = [msg("reply", "out", f"answer {i}", client="Tusky", when=at(24 * 9 + i)) for i in range(5)]
    rogue = msg("post", "out", "x", id="rogue", client="Poster Pro", when=at(1))
    v = run("SEC001", few + [rogue], trusted_clients=())
    assert v.verdict == "fail" and v.evidence == ["rogue"] and v.critical
    assert "Poster Pro" in v.reason and "only 5 earlier outbound messages name their app" in v.reason
    assert "trusted_clients" in v.reason and v.details["trusted_learned_from_history"] == ["socialtui", "tusky"]
    assert run("SEC001", [rogue], trusted_clients=()).verdict == "fail"  # no history at all
    # the app used before the window, socialtui, and messages naming no app are not strangers
    ours = [msg("post", "out", "news", client="Tusky 25.0", when=at(3)),
            msg("reply", "out", "answered here", client="socialtui", when=at(2)),
            msg("post", "out", "no app named", when=at(1))]
    v = run("SEC001", few + ours, trusted_clients=())
    assert v.verdict == "ok" and "only 5 earlier outbound messages" in v.reason and "trusted_clients" in v.reason
    assert run("SEC001", ours[1:], trusted_clients=()).verdict == "ok"


def test_sec001_an_app_update_is_not_an_unknown_app():
    # "Tusky 24.1" before the window and "Tusky 25.0" in it are one app; so are "SocialTUI (v2)"
    # and a trusted "socialtui".
    history = [msg("reply", "out", f"answer {i}", client="Tusky 24.1", when=at(24 * 9 + i)) for i in range(20)]
    update = [msg("post", "out", "news", client="Tusky 25.0", when=at(5))]
    assert run("SEC001", history + update, trusted_clients=()).verdict == "ok"
    assert run("SEC001", [msg("post", "out", "x", client="SocialTUI (v2)", when=at(1))]).verdict == "ok"
    v = run("SEC001", [msg("post", "out", "x", id="p", client="Poster 2.1", when=at(1))])
    assert v.verdict == "fail" and v.evidence == ["p"]
    assert run("SEC001", [msg("post", "out", "x", id="c", client="3CX", when=at(1))], trusted_clients=("CX",)).verdict == "fail"


def test_sec004_an_inbound_repost_of_a_report_is_not_a_second_unanswered_report():
    # Carl boosts Anna's warning: it is Anna's words, answered already; a repost is no customer
    # turn that an answer could close, so counting it would keep SEC004 failing for ever.
    report = msg("mention", "in", "@brand were you hacked? weird DM from you", id="h1", when=at(5))
    answer = msg("reply", "out", "@anna Yes, we have secured the account. ^DK", id="a1", in_reply_to="h1", when=at(4))
    boost = msg("repost", "in", "@brand were you hacked? weird DM from you", id="b1", author="carl",
                in_reply_to=None, repost_of=("anna", "@brand were you hacked? weird DM from you"), when=at(3))
    v = run("SEC004", [report, answer, boost])
    assert v.verdict == "warn" and v.figure == 1 and v.evidence == ["h1"], (v.verdict, v.evidence)
    de = msg("repost", "in", "@brand seid ihr gehackt?", id="b2", author="jo", repost_of=("eva", "@brand seid ihr gehackt?"),
             when=at(2))
    assert run("SEC004", [de]).verdict == "ok"
