"""Composer lint L001-L008: each check positive and negative, English and German."""

from datetime import timedelta

import pytest

from socialtui.domain.models import Agent
from socialtui.lint import build_reply_index, lint_draft
from tests.builders import NOW, at, dataset, msg

BRAND = dict(brand_terms=("Brand", "B7"), own_domains=("brand.example",))


def codes(findings):
    return [f.code for f in findings]


def _snap(*messages, **account):
    return dataset(list(messages), **{**BRAND, **account}).snapshot(NOW)


QUESTION = msg("mention", "in", "@brand my B7 order hasn't arrived, where is it?", id="q1", author="anna", when=at(1))
FRAGE = msg("mention", "in", "@brand meine Bestellung ist immer noch nicht da, wo bleibt sie?", id="q2",
            author="jonas", when=at(1))
COMPLAINT = msg("mention", "in", "@brand my B7 screen is broken again, this is ridiculous", id="q3",
                author="cleo", when=at(1))
# QUESTION is a complaint too (the order hasn't arrived); this one only asks.
PLAIN = msg("mention", "in", "@brand does the B7 come in green?", id="q5", author="anna", when=at(1))


# L001 deflection ------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "@anna Please call our hotline.",
    "@anna Please DM us your order number.",
    "@anna Bitte wenden Sie sich an unseren Kundenservice.",
    "@anna Schreib uns gerne per DM.",
])
def test_l001_flags_deflections_en_de(text):
    findings = lint_draft(text, reply_to=QUESTION)
    l001 = [f for f in findings if f.code == "L001"]
    assert l001 and not l001[0].blocking and "escalate" in l001[0].suggestion
    start, end = l001[0].span
    assert 0 <= start < end <= len(text)


@pytest.mark.parametrize("text", [
    "@anna Your order left our warehouse today and arrives Monday.",
    "@anna Ihre Bestellung ist unterwegs und kommt am Montag an.",
])
def test_l001_answers_are_not_deflections(text):
    assert "L001" not in codes(lint_draft(text, reply_to=QUESTION))


# L002 length -------------------------------------------------------------------------
def test_l002_blocks_over_the_platform_limit():
    f = lint_draft("a" * 501)
    assert codes(f) == ["L002"] and f[0].blocking and "501 of 500 characters" in f[0].message
    assert lint_draft("a" * 500) == []
    assert codes(lint_draft("a" * 301, platform="bluesky")) == ["L002"]
    assert lint_draft("a" * 300, platform="bluesky") == []
    assert codes(lint_draft("a" * 281, platform="x")) == ["L002"]
    assert lint_draft("a" * 280, platform="x") == []


def test_l002_uses_the_accounts_platform():
    snap = _snap(QUESTION, platform="x")
    assert "L002" in codes(lint_draft("@anna " + "a" * 280, snapshot=snap, reply_to=QUESTION))


# L003 near-duplicate of a recent reply -------------------------------------------------
TEMPLATE = "Thanks for reaching out! We are looking into it and will get back to you soon."


def _with_sent(text, days_ago):
    old_q = msg("mention", "in", "@brand help", id="old", author="ben", when=NOW - timedelta(days=days_ago, hours=1))
    sent = msg("reply", "out", "@ben " + text, id="sent1", in_reply_to="old", when=NOW - timedelta(days=days_ago))
    return _snap(old_q, sent, QUESTION)


def test_l003_flags_a_copy_of_a_recent_reply():
    snap = _with_sent(TEMPLATE, 2)
    found = [f for f in lint_draft("@anna " + TEMPLATE, snapshot=snap, reply_to=QUESTION) if f.code == "L003"]
    assert found and "sent1" in found[0].message and not found[0].blocking


def test_l003_german_copy_and_negatives():
    vorlage = "Danke für Ihre Nachricht! Wir kümmern uns darum und melden uns bald bei Ihnen."
    snap = _with_sent(vorlage, 1)
    assert "L003" in codes(lint_draft("@jonas " + vorlage, snapshot=snap, reply_to=FRAGE))
    personal = "@jonas Ihre Bestellung 4711 steckt im Verteilzentrum Hamburg fest; Zustellung am Montag."
    assert "L003" not in codes(lint_draft(personal, snapshot=snap, reply_to=FRAGE))
    old = _with_sent(TEMPLATE, 8)  # older than 7 days: not counted
    assert "L003" not in codes(lint_draft("@anna " + TEMPLATE, snapshot=old, reply_to=QUESTION))


def test_l003_uses_a_prebuilt_index():
    snap = _with_sent(TEMPLATE, 2)
    index = build_reply_index(snap)
    assert "L003" in codes(lint_draft("@anna " + TEMPLATE, snapshot=snap, reply_to=QUESTION, reply_index=index))


def _index_state(index):
    """Everything an index answers from, in its order."""
    return (list(index._norm.items()), sorted(index._freq.items()),
            sorted((w, b[index._heads.get(w, 0):]) for w, b in index._buckets.items()), list(index._order),
            list(index._sent))


def test_l003_index_moved_on_with_the_clock_and_sent_replies_equals_one_built_afresh():
    """The composer keeps one index across snapshots (building it took seconds at a million
    messages): replies leave as the week moves on, the ones sent here join, in English and
    German, and it answers as an index built for that snapshot would."""
    from socialtui.domain.dataset import Dataset
    from socialtui.domain.workflow import WorkflowState

    texts = [TEMPLATE, "Danke für Ihre Nachricht! Wir kümmern uns darum und melden uns bald bei Ihnen.",
             "Your order 4711 left Hamburg today and arrives on Monday, sorry for the wait."]
    messages = []
    for n in range(30):  # a question and its answer every 7 hours over 9 days, templates among them
        when = NOW - timedelta(days=9) + timedelta(hours=7 * n)
        messages.append(msg("mention", "in", "@brand help", id=f"q{n}", author=f"c{n}", when=when))
        messages.append(msg("reply", "out", f"@c{n} {texts[n % 3]} ^DK", id=f"r{n}", in_reply_to=f"q{n}",
                            when=when + timedelta(minutes=20)))
    agents = (Agent("Dana Kim", "^DK"),)
    ds = dataset(messages, **BRAND, agents=agents).in_order()
    now = NOW - timedelta(days=1)
    snap = ds.snapshot(now, WorkflowState({}))
    index = build_reply_index(snap)
    oldest_at_start = index.oldest()
    for step in range(6):
        now += timedelta(hours=5)
        if step % 2:  # a reply sent from here, newer than every message: the threads grow
            sent = msg("reply", "out", f"@c{step} {texts[step % 3]} ^DK", id=f"sent{step}", in_reply_to=f"q{step}",
                       when=now)
            ds = Dataset(ds.account, sorted(ds.messages + [sent], key=lambda m: (m.created_at, m.id)), ordered=True)
        snap = ds.snapshot(now, WorkflowState({}), reuse=snap.threads)
        moved = build_reply_index(snap, index)
        assert moved is index  # moved on, not built again
        fresh = build_reply_index(Dataset(ds.account, ds.messages, ordered=True).snapshot(now, WorkflowState({})))
        assert _index_state(moved) == _index_state(fresh)
        assert moved.best_match("@zed " + TEMPLATE)[0] == fresh.best_match("@zed " + TEMPLATE)[0]
    assert index.oldest() != oldest_at_start and index.oldest()[1] >= now - timedelta(days=7)
    assert "sent5" in index._norm


def test_l003_index_is_not_moved_onto_a_sibling_branch_of_the_same_threads():
    """Two snapshots grown from the same threads by different replies share lineage and
    generation; the index moved onto one must not be taken for the other."""
    from socialtui.domain.dataset import Dataset

    snap = _with_sent(TEMPLATE, 2)
    index = build_reply_index(snap)
    base = list(snap.dataset.messages)

    def grown(mid, text):
        reply = msg("reply", "out", f"@anna {text}", id=mid, in_reply_to="q1", when=NOW + timedelta(minutes=1))
        return Dataset(snap.account, [*base, reply], ordered=True).snapshot(NOW + timedelta(minutes=2),
                                                                            reuse=snap.threads)

    one, other = grown("b1", TEMPLATE), grown("b2", "Your parcel left Hamburg today, sorry for the wait.")
    assert build_reply_index(one, index) is index and "b1" in index._norm
    rebuilt = build_reply_index(other, index)
    assert rebuilt is not index and "b1" not in rebuilt._norm and "b2" in rebuilt._norm


def test_l003_index_built_again_for_other_messages_or_an_earlier_clock():
    snap = _with_sent(TEMPLATE, 2)
    index = build_reply_index(snap)
    earlier = snap.dataset.snapshot(NOW - timedelta(hours=1), reuse=snap.threads)
    assert build_reply_index(earlier, index) is not index
    other = _with_sent(TEMPLATE, 3)  # threads of their own: nothing says these replies are the same
    rebuilt = build_reply_index(other, index)
    assert rebuilt is not index and "L003" in codes(lint_draft("@anna " + TEMPLATE, snapshot=other,
                                                               reply_to=QUESTION, reply_index=rebuilt))


# L004 signature ---------------------------------------------------------------------------
def test_l004_team_mode_needs_the_signature():
    dana = Agent("Dana Kruger", "^DK")
    snap = _snap(QUESTION, agents=(dana,))
    text = "@anna It ships Monday."
    found = [f for f in lint_draft(text, snapshot=snap, reply_to=QUESTION, agent=dana) if f.code == "L004"]
    assert found and "^DK" in found[0].suggestion
    assert "L004" not in codes(lint_draft(text + " ^DK", snapshot=snap, reply_to=QUESTION, agent=dana))
    # Not team mode: no agents configured, or nobody signed in.
    assert "L004" not in codes(lint_draft(text, snapshot=_snap(QUESTION), reply_to=QUESTION, agent=dana))
    assert "L004" not in codes(lint_draft(text, snapshot=snap, reply_to=QUESTION))


# L005 links -------------------------------------------------------------------------------
def test_l005_suspicious_link_blocks():
    snap = _snap(QUESTION)
    for bad in ("https://brand-support.example/verify-login", "https://bit.ly/x1", "http://192.168.1.4/a"):
        f = [x for x in lint_draft(f"@anna see {bad}", snapshot=snap, reply_to=QUESTION) if x.code == "L005"]
        assert f and f[0].blocking, bad
    assert "L005" not in codes(lint_draft("@anna Details: https://brand.example/k7/status", snapshot=_snap(PLAIN),
                                          reply_to=PLAIN))
    assert "L005" in codes(lint_draft("see https://bit.ly/abc"))  # shorteners even without a dataset


def test_l005_suspicious_link_without_a_scheme_blocks_too():
    snap = _snap(PLAIN)
    for bad in ("bit.ly/3xYzAb", "acme-sh0p.com/verify-login", "brand-hilfe.example/verify"):
        f = [x for x in lint_draft(f"@anna bitte hier: {bad}", snapshot=snap, reply_to=PLAIN) if x.code == "L005"]
        assert f and f[0].blocking, bad
    fine = "@anna e.g. version 3.5 fixes it, see file.txt or write to care@brand.example"
    assert "L005" not in codes(lint_draft(fine, snapshot=snap, reply_to=PLAIN))


def test_l005_own_link_only_in_answer_to_a_complaint_is_a_nudge():
    snap = _snap(COMPLAINT)
    f = [x for x in lint_draft("@cleo https://brand.example/help", snapshot=snap, reply_to=COMPLAINT)
         if x.code == "L005"]
    assert f and not f[0].blocking
    worded = "@cleo Sorry, that should not happen twice: we replace the screen for free, details at " \
             "https://brand.example/help and https://ifixit.example/b7"
    assert "L005" not in codes(lint_draft(worded, snapshot=snap, reply_to=COMPLAINT))


# L006 new post while customers wait ---------------------------------------------------------
def test_l006_new_post_while_customers_wait_past_sla():
    late = msg("mention", "in", "@brand hello?", id="late", author="ben", when=at(5))
    f = [x for x in lint_draft("Our new B7 colours are here!", snapshot=_snap(late)) if x.code == "L006"]
    assert f and "1 conversation wait" in f[0].message and "5h 00m" in f[0].message
    assert "L006" not in codes(lint_draft("Unsere neuen Farben sind da!", snapshot=_snap(QUESTION)))  # within SLA
    assert "L006" not in codes(lint_draft("@ben sorry for the wait", snapshot=_snap(late), reply_to=late))


# L007 promotion in a reply to a complaint ---------------------------------------------------
def test_l007_promotion_in_reply_to_complaint_en_de():
    snap = _snap(COMPLAINT)
    assert "L007" in codes(lint_draft("@cleo Have you seen the new B7 Pro? Order now!", snapshot=snap,
                                      reply_to=COMPLAINT))
    beschwerde = msg("mention", "in", "@brand Mein B7 ist schon wieder kaputt, total ärgerlich", id="q4",
                     author="lena", when=at(1))
    snap_de = _snap(beschwerde)
    assert "L007" in codes(lint_draft("@lena Das neue B7 Pro jetzt bestellen, mit Rabatt!", snapshot=snap_de,
                                      reply_to=beschwerde))
    assert "L007" not in codes(lint_draft("@lena Das tut uns leid. Wir tauschen das Display kostenlos.",
                                          snapshot=snap_de, reply_to=beschwerde))
    # Not a complaint: talking about the product is fine.
    assert "L007" not in codes(lint_draft("@anna The new B7 ships now!", snapshot=_snap(PLAIN),
                                          reply_to=PLAIN))


# L008 addressing ---------------------------------------------------------------------------
def test_l008_missing_handle_on_mastodon():
    f = [x for x in lint_draft("It ships Monday.", reply_to=QUESTION) if x.code == "L008"]
    assert f and "@anna" in f[0].suggestion
    assert "L008" not in codes(lint_draft("@anna It ships Monday.", reply_to=QUESTION))
    assert "L008" not in codes(lint_draft("@Anna@social.example Sie kommt Montag.", reply_to=QUESTION))
    assert "L008" not in codes(lint_draft("It ships Monday.", reply_to=QUESTION, platform="bluesky"))
    assert "L008" not in codes(lint_draft("Our new post"))


def test_l008_a_look_alike_of_the_own_handle_is_not_addressed_as_the_account():
    """An author whose handle cleaned to the account's own (hidden characters removed) is an
    impostor: addressing "them" would mention the brand itself, in any language."""
    impostor = msg("mention", "in", "who am I?", id="imp", author="brand", when=at(1))
    snap = _snap(impostor)
    for text in ("@brand Who are you?", "Wer sind Sie?"):
        f = [x for x in lint_draft(text, snapshot=snap, reply_to=impostor) if x.code == "L008"]
        assert f and "is not your account" in f[0].message and "report" in f[0].suggestion and not f[0].blocking
    assert "is not your account" not in " ".join(f.message for f in lint_draft("It ships.", snapshot=_snap(QUESTION),
                                                                                reply_to=QUESTION))


def test_only_l002_and_suspicious_links_block():
    snap = _snap(COMPLAINT)
    findings = lint_draft("Please call our hotline. Have you seen the new B7? Order now! https://brand.example/shop",
                          snapshot=snap, reply_to=COMPLAINT)
    assert {"L001", "L005", "L007", "L008"} <= set(codes(findings))
    assert not any(f.blocking for f in findings)
    assert all(f.message and f.suggestion for f in findings)


def test_lint_is_fast_with_a_prebuilt_index_on_kestrel():
    import time

    from socialtui.sources.dataset_dir import load_dataset
    from tests.conftest import KESTREL

    ds = load_dataset(KESTREL)
    snap = ds.snapshot(ds.default_now())
    target = snap.message("k0574")
    index = build_reply_index(snap)
    draft = ("Thanks for reaching out! We are looking into it, bitte wenden Sie sich an unsere Hotline. " * 6)[:500]
    lint_draft(draft, snapshot=snap, reply_to=target, reply_index=index)
    runs = 50
    start = time.perf_counter()
    for i in range(runs):
        lint_draft(draft[: 450 + i], snapshot=snap, reply_to=target, reply_index=index)
    per_call = (time.perf_counter() - start) / runs
    assert per_call < 0.05  # target 20 ms; generous here because CI machines are shared


def test_l008_a_handle_nobody_in_the_conversation_used_is_named():
    """A typo in the handle, or one pasted from another case, notifies a stranger (and on Mastodon a
    direct message is delivered to every account it mentions)."""
    other = msg("reply", "in", "@brand @cleo had the same problem", id="q1b", author="anna", when=at(1, 5),
                in_reply_to="q1")
    snap = _snap(QUESTION, other)
    for text in ("@anan It ships Monday.", "@anna @anan Sie kommt am Montag."):
        f = [x for x in lint_draft(text, snapshot=snap, reply_to=other) if x.code == "L008"]
        assert len(f) == 1 and "@anan is not in this conversation" in f[0].message, f
        assert "@anna" in f[0].suggestion and not f[0].blocking
        start, end = f[0].span
        assert text[start:end] == "@anan"
    # The customer, someone the thread mentions, the account itself, an instance part, an e-mail address:
    for text in ("@anna @cleo It ships Monday.", "@Anna@social.example @brand Sie kommt am Montag.",
                 "@anna write to support@kestrel.example"):
        assert "not in this conversation" not in " ".join(
            x.message for x in lint_draft(text, snapshot=snap, reply_to=other)), text
    # Without the conversation (no snapshot), nothing to compare with.
    assert "not in this conversation" not in " ".join(x.message for x in lint_draft("@anan hi", reply_to=QUESTION))


def test_l008_a_stranger_in_a_direct_message_is_told_as_a_delivery():
    dm = msg("dm", "in", "meine Kundennummer ist 4711", id="d1", author="jonas", when=at(1), conversation="c9")
    f = [x for x in lint_draft("@jonsa Danke, wir prüfen das.", snapshot=_snap(dm), reply_to=dm) if x.code == "L008"]
    assert f and "direct message goes to every account it mentions" in f[0].message
