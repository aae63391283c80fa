"""Classifications remembered with a snapshot's threads (rules.facts): reused on a clock
tick, narrowed to the later window, and never reused for another account setting."""

from dataclasses import replace
from datetime import timedelta

import pytest

from socialtui.domain.models import Agent
from socialtui.lint import build_reply_index
from socialtui.rules import facts as facts_module
from socialtui.rules.engine import evaluate, report_to_dict
from socialtui.rules.facts import facts_for
from socialtui.rules.text import similarity
from socialtui.sources.dataset_dir import load_dataset
from tests.builders import NOW, at, dataset, msg
from tests.conftest import AS_OF, KESTREL

LATER = (timedelta(minutes=1), timedelta(hours=5), timedelta(days=2), timedelta(days=6))


def _complaints_dataset():
    return dataset([msg("mention", "in", "@brand my K6 is broken", id="old", author="a", when=at(24 * 6 + 20)),
                    msg("mention", "in", "@brand the refund is still missing", id="new", author="b", when=at(3)),
                    msg("mention", "in", "@brand I am grumpy about the K7", id="grumpy", author="c", when=at(2)),
                    msg("mention", "in", "@brand nice phone", id="fine", author="d", when=at(1))]).in_order()


def _ids(messages):
    return [m.id for m in messages]


def test_a_tick_reuses_the_classification_and_drops_what_left_the_window(monkeypatch):
    ds = _complaints_dataset()
    first = ds.snapshot(NOW)
    assert _ids(facts_for(first).complaints) == ["old", "new"]
    monkeypatch.setattr(facts_module, "is_complaint", lambda *a: pytest.fail("classified again"))
    tick = ds.snapshot(NOW + timedelta(minutes=1), reuse=first.threads)
    assert tick.threads is first.threads and _ids(facts_for(tick).complaints) == ["old", "new"]
    day = ds.snapshot(NOW + timedelta(days=1), reuse=first.threads)  # "old" left the 7-day window
    assert _ids(facts_for(day).complaints) == ["new"]


def test_links_are_not_classified_again_on_a_tick_or_after_a_reply_sent(monkeypatch):
    """The (message, link) pairs are remembered with the threads: a later snapshot finds the
    own-link results instead of classifying every link anew (the pairs used to be new each time)."""
    from socialtui.domain.dataset import Dataset

    post = msg("post", "out", "News: https://brand.example/k7 and https://elsewhere.example/x", id="p",
               when=at(5))
    ds = dataset([post, msg("mention", "in", "@brand hi", id="q", when=at(4))],
                 own_domains=("brand.example",)).in_order()
    first = ds.snapshot(NOW)
    own = [m.id for m, _url in facts_for(first).own_outbound_links]
    assert own == ["p"]
    monkeypatch.setattr(facts_module, "is_own", lambda *a: pytest.fail("classified again"))
    tick = ds.snapshot(NOW + timedelta(minutes=1), reuse=first.threads)
    assert [m.id for m, _url in facts_for(tick).own_outbound_links] == own
    reply = msg("reply", "out", "@anna hello", id="r", in_reply_to="q", when=NOW + timedelta(minutes=2))
    grown = Dataset(ds.account, [*ds.messages, reply], ordered=True).snapshot(NOW + timedelta(minutes=3),
                                                                              reuse=tick.threads)
    assert grown.threads is not tick.threads and [m.id for m, _url in facts_for(grown).own_outbound_links] == own


def test_an_earlier_window_is_classified_afresh():
    ds = _complaints_dataset()
    later = ds.snapshot(NOW + timedelta(days=1))
    assert _ids(facts_for(later).complaints) == ["new"]
    earlier = ds.snapshot(NOW, reuse=later.threads)
    assert earlier.threads is later.threads and _ids(facts_for(earlier).complaints) == ["old", "new"]


def test_a_changed_vocabulary_is_classified_again():
    ds = _complaints_dataset()
    first = ds.snapshot(NOW)
    assert "grumpy" not in _ids(facts_for(first).complaints)
    ds.account.vocabulary = {"complaint": ("grumpy",)}
    again = ds.snapshot(NOW + timedelta(minutes=1), reuse=first.threads)
    assert again.threads is first.threads and _ids(facts_for(again).complaints) == ["old", "new", "grumpy"]


def test_deflection_vocabulary_and_dm_move_follow_up_are_part_of_the_memo():
    q = msg("mention", "in", "@brand my order?", id="q", when=at(5))
    ring = msg("reply", "out", "@anna ring our care line", id="ring", in_reply_to="q", when=at(4))
    q2 = msg("mention", "in", "@brand and mine?", id="q2", author="bob", when=at(3))
    dm = msg("reply", "out", "@bob please send us a DM", id="dm", in_reply_to="q2", when=at(2))
    public = msg("reply", "out", "@bob sorted: it ships on Monday", id="public", in_reply_to="dm", when=at(1))
    ds = dataset([q, ring, q2, dm, public]).in_order()
    first = ds.snapshot(NOW)
    assert facts_for(first).deflections == {}  # the DM move got a public follow-up
    ds.account.vocabulary = {"deflection": ("ring our care line",)}
    again = ds.snapshot(NOW + timedelta(minutes=1), reuse=first.threads)
    assert list(facts_for(again).deflections) == ["ring"]


def test_brd003_index_is_narrowed_to_the_later_window():
    surge = [msg("mention", "in", f"@brand is the K9 available? {i}", id=f"s{i}", author=f"p{i}",
                 when=at(24 * 6 + 12 - i / 10)) for i in range(12)]
    ds = dataset(surge + [msg("mention", "in", "@brand hello", id="x", when=at(1))]).in_order()
    first = ds.snapshot(NOW)
    assert evaluate(first, select=["BRD003"]).rules[0].verdict == "fail"
    gone = ds.snapshot(NOW + timedelta(days=1), reuse=first.threads)
    assert gone.threads is first.threads
    assert evaluate(gone, select=["BRD003"]).rules[0].verdict == "ok"


def _report(snap):
    return report_to_dict(evaluate(snap))


@pytest.mark.parametrize("later", LATER, ids=str)
def test_every_rule_on_reused_threads_matches_a_fresh_snapshot(later):
    ds = load_dataset(KESTREL)
    first = ds.snapshot(AS_OF)
    evaluate(first)
    reused = ds.snapshot(AS_OF + later, reuse=first.threads)
    assert reused.threads is first.threads
    assert _report(reused) == _report(ds.snapshot(AS_OF + later))


def _surge_on_zeta():
    return [msg("mention", "in", "@brand Zeta!", id=f"z{i}", author=f"p{i}", when=at(5, minutes_ago=i)) for i in range(12)]


def _third_person_report():
    return [msg("mention", "in", "zeta got hacked?", id="h1", when=at(2)),
            msg("mention", "in", "did newhandle get hacked?", id="h2", when=at(1))]


def _link_to(url):
    return [msg("post", "out", f"Deals {url}", id=f"p{i}", when=at(i + 1)) for i in range(5)]


def _signed_replies():
    sig = "Warm wishes from all of us at the customer care team, your Brand Helpers"
    bodies = ["Ships today.", "Refund sent.", "Try a reboot.", "Fixed now.", "Good question!", "It is in stock."]
    return [msg("reply", "out", f"@c{i} {body} {sig}", id=f"r{i}", when=at(i + 1)) for i, body in enumerate(bodies)]


# (messages, account change, the rule whose remembered classification must follow the change)
CHANGES = {
    "complaint vocabulary": (_complaints_dataset().messages, {"vocabulary": {"complaint": ("grumpy",)}}, "MIX001"),
    "hijack vocabulary": (_third_person_report(), {"vocabulary": {"hijack": ("got hacked",)}}, "SEC004"),
    "brand terms (hijack)": (_third_person_report(), {"brand_terms": ("Zeta",)}, "SEC004"),
    "handle (hijack)": (_third_person_report(), {"handle": "newhandle"}, "SEC004"),
    "brand terms (topics)": (_surge_on_zeta(), {"brand_terms": ("Zeta",)}, "BRD003"),
    "brand terms (links)": (_link_to("https://zeta-deals.example/x"), {"brand_terms": ("Zeta",)}, "SEC002"),
    "own domains (links)": (_link_to("https://brand-deals.example/x"), {"own_domains": ("brand-deals.example",)},
                            "SEC002"),
    "own domains (own site)": (_link_to("https://brand-deals.example/x"), {"own_domains": ("brand-deals.example",)},
                               "SLF003"),
    "signatures (templates)": (_signed_replies(), {"agents": (Agent("Bea", "your Brand Helpers"),)}, "PRS001"),
}


@pytest.mark.parametrize("name", CHANGES)
def test_a_changed_account_setting_is_never_served_from_the_memo(name):
    messages, change, code = CHANGES[name]
    ds = dataset(messages).in_order()
    first = ds.snapshot(NOW)
    before = evaluate(first).get(code)
    ds.account = replace(ds.account, **change)
    reused = ds.snapshot(NOW + timedelta(minutes=1), reuse=first.threads)
    assert reused.threads is first.threads
    fresh = evaluate(ds.snapshot(NOW + timedelta(minutes=1))).get(code)
    assert (fresh.verdict, fresh.figure) != (before.verdict, before.figure)  # the change matters to the rule
    assert report_to_dict(evaluate(reused)) == report_to_dict(evaluate(ds.snapshot(NOW + timedelta(minutes=1))))


def test_the_reply_index_is_rebuilt_without_normalising_again(monkeypatch):
    replies = [msg("reply", "out", f"@c{i} Thanks for reaching out! We are looking into it. ^DK", id=f"r{i}",
                   when=at(i + 1)) for i in range(5)]
    ds = dataset(replies, agents=(Agent("Dana Kim", "^DK"),)).in_order()
    first = ds.snapshot(NOW)
    draft = "Thanks for reaching out! We are looking into it."
    key, score = build_reply_index(first).best_match(draft)
    calls = []
    monkeypatch.setattr(similarity, "_normalize_cached", _counting(similarity._normalize_cached, calls))
    index = build_reply_index(ds.snapshot(NOW + timedelta(minutes=1), reuse=first.threads))
    assert index.best_match(draft) == (key, score) and score == 1.0
    assert len(calls) == 1  # the draft only


def _counting(fn, calls):
    def counted(*args):
        calls.append(args)
        return fn(*args)
    return counted


def test_the_reply_index_keeps_its_own_seven_days_whatever_the_rules_window():
    old = msg("reply", "out", "@a Your order ships on Monday morning", id="old", when=at(24 * 7 + 0.5))
    new = msg("reply", "out", "@b The update fixes the reboot loop", id="new", when=at(2))
    ds = dataset([old, new]).in_order()
    first = ds.snapshot(NOW)
    assert len(build_reply_index(first)) == 1  # "old" is more than 7 days old
    # An hour earlier "old" is within the composer's 7 days, though the rules look at one day.
    earlier = ds.snapshot(NOW - timedelta(hours=1), window=timedelta(days=1), reuse=first.threads)
    assert earlier.threads is first.threads
    assert len(build_reply_index(earlier)) == 2


@pytest.mark.parametrize("name", ["kestrel", "harbor"])
def test_replies_sent_here_keep_the_classifications_and_give_the_verdicts_of_a_fresh_build(name, tmp_path):
    """A reply sent from the app extends the threads (no re-threading) and carries the memo of
    per-message classifications over; the report must be exactly that of a fresh evaluation."""
    from socialtui.store import Store
    from socialtui.workspace import Workspace
    from tests.conftest import FIXTURES

    ds = load_dataset(FIXTURES / name)
    clock = [AS_OF]
    ws = Workspace(ds, Store(tmp_path / "data"), "demo", now_fn=lambda: clock[0])
    ws.health()  # the full evaluation whose memo is carried
    rows = ws.queue()
    snap = ws.snapshot()
    # a DM answer, public answers (one in a conversation with a DM move, if any), a new post
    dms = [r.id for r in rows if r.conversation.is_dm][:2]
    public = [r.id for r in rows if not r.conversation.is_dm and r.tier in ("past-sla", "within-sla")][:3]
    from socialtui.rules.text.deflection import is_dm_move

    # threads whose answer moved the customer to DMs (a public reply changes that verdict)
    moved = [cid for cid, c in snap.conversations.items() if not c.is_dm and any(
        m.direction == "out" and m.created_at >= snap.window_start and is_dm_move(m.text) for m in c.messages)][:3]
    assert dms and public
    for i, cid in enumerate([*dms, *public, *moved, None]):
        clock[0] = AS_OF + timedelta(minutes=i + 1)
        earlier = ws.snapshot().threads
        ws.send_reply(cid, "We fixed it: here is what happened, and a refund is on its way to you.")
        later = ws.snapshot().threads
        assert later is not earlier and later.memo, "the threads were extended and the memo carried"
        carried = report_to_dict(ws.health())
        fresh = Workspace(ds, Store(tmp_path / "data"), "demo", now_fn=lambda: clock[0])
        assert carried == report_to_dict(fresh.health()), f"after replying in {cid}"


def test_a_customer_message_arriving_carries_only_what_depends_on_each_message():
    from socialtui.domain.models import Author, Message
    from socialtui.rules.facts import _Classified, carry_memo

    hijack = _Classified(AS_OF, ["r"], None, True, alone=True)
    forms = _Classified(AS_OF, ["f"], None, True)  # (names of the conversation's people: not alone)
    memo = {("window", "in"): (AS_OF, []), ("window", "out"): (AS_OF, []), "waiting-candidates": [],
            ("hijack",): hijack, ("PRS001 forms",): forms}
    inbound = Message("x", "mention", "in", Author("anna"), "@brand hi", AS_OF)
    outbound = Message("y", "post", "out", Author("brand"), "hello", AS_OF)
    assert carry_memo(memo, [outbound, inbound]) == {("window", "in"): (AS_OF, [inbound]),
                                                     ("window", "out"): (AS_OF, [outbound]), ("hijack",): hijack}
    assert carry_memo(memo, [outbound]) == {("window", "in"): (AS_OF, []), ("window", "out"): (AS_OF, [outbound]),
                                            ("hijack",): hijack, ("PRS001 forms",): forms}  # no conversation lists


def _arrivals(ds, at_):
    """Customers' messages a sync brings, newer than all others, in English and German: an
    answered thread reopened, a hijack report, a complaint, a DM into a conversation so far
    only written by the account (its earlier DM becomes an answer to someone, before replies
    already classified)."""
    from socialtui.domain.models import Author, Message

    answered = next(m for m in reversed(ds.messages) if m.direction == "out" and m.kind == "reply"
                    and m.created_at <= AS_OF)
    first = at_ + timedelta(seconds=10)
    return [
        [Message("s-dm-out", "dm", "out", Author(ds.account.handle), "Your replacement K7 ships today.", first,
                 conversation="only-us"),
         Message("s-back", "reply", "in", Author("zed"), "@brand it broke again, the same fault", first,
                 in_reply_to=answered.id)],
        [Message("s-hack", "mention", "in", Author("amy"), "@brand were you hacked? I got a weird DM from you",
                 first + timedelta(minutes=1)),
         Message("s-de", "mention", "in", Author("jonas"), "@brand mein Display ist schon wieder kaputt, "
                 "das ist eine Frechheit", first + timedelta(minutes=1, seconds=5), lang="de"),
         Message("s-re", "reply", "out", Author(ds.account.handle), "@zed Thanks for reaching out! We are "
                 "looking into it.", first + timedelta(minutes=1, seconds=9), in_reply_to="s-back")],
        [Message("s-dm-in", "dm", "in", Author("cleo"), "thanks, but which tracking number?",
                 first + timedelta(minutes=2), conversation="only-us"),
         Message("s-ans", "reply", "out", Author(ds.account.handle), "@amy No: we checked, the account is safe.",
                 first + timedelta(minutes=2, seconds=5), in_reply_to="s-hack")],
    ]


@pytest.mark.parametrize("name", ["kestrel", "harbor"])
def test_customers_messages_arriving_keep_what_they_can_and_give_the_verdicts_of_a_fresh_build(name, tmp_path):
    """A sync of a large account brings messages newer than all: the threads grow instead of
    being built again, the classifications of single messages are kept (seconds at a million),
    and the report and the queue are exactly those of a fresh evaluation."""
    from socialtui.domain.dataset import Dataset
    from socialtui.queue import build_queue
    from socialtui.store import Store
    from socialtui.workspace import Workspace
    from tests.conftest import FIXTURES
    from tests.unit.test_queue_update import _seen

    ds = load_dataset(FIXTURES / name).in_order()
    messages = [m for m in ds.messages if m.created_at <= AS_OF]
    clock = [AS_OF]
    ws = Workspace(Dataset(ds.account, messages, ordered=True), Store(tmp_path / "data"), "demo",
                   now_fn=lambda: clock[0])
    ws.health()
    ws.queue()
    for i, batch in enumerate(_arrivals(ds, AS_OF)):
        clock[0] = batch[-1].created_at + timedelta(seconds=1)
        earlier = ws.snapshot().threads
        kept = {key for key, entry in earlier.memo.items() if getattr(entry, "alone", False)}
        messages = messages + batch
        ws.replace_dataset(Dataset(ds.account, messages, ordered=True))
        later = ws.snapshot().threads
        assert later.growth_since(earlier) is not None and kept <= later.memo.keys(), "grown, single-message results kept"
        fresh = Workspace(Dataset(ds.account, list(messages), ordered=True), Store(tmp_path / "data"), "demo",
                          now_fn=lambda: clock[0])
        assert report_to_dict(ws.health()) == report_to_dict(fresh.health()), f"after batch {i}"
        assert _seen(ws.queue()) == _seen(build_queue(fresh.snapshot())), f"queue after batch {i}"
        assert kept, "something was carried"
    assert next(r for r in ws.queue() if r.id == "s-hack").tier == "hijack-report"


def test_a_public_answer_after_a_dm_move_is_seen_after_a_reply_sent_here(tmp_path):
    """The DM move's deflection depends on a later public answer in its conversation: it is not
    carried over, so the verdict after the answer is the fresh one."""
    from socialtui.rules.text.deflection import is_dm_move
    from socialtui.store import Store
    from socialtui.workspace import Workspace

    move = "Please DM us your order number."
    assert is_dm_move(move)
    ds = dataset([msg("mention", "in", f"@brand my order {i} never arrived", id=f"q{i}", author=f"c{i}",
                      when=at(30 + i)) for i in range(6)]
                 + [msg("reply", "out", move, id=f"a{i}", in_reply_to=f"q{i}", when=at(20 + i)) for i in range(6)])
    clock = [NOW]
    ws = Workspace(ds, Store(tmp_path / "data"), "demo", now_fn=lambda: clock[0])
    before = ws.health().get("DFL001")
    for i in range(6):
        clock[0] = NOW + timedelta(minutes=i + 1)
        ws.send_reply(f"q{i}", "It arrives tomorrow: the courier had it at the wrong depot.")
    after = report_to_dict(ws.health())
    fresh = Workspace(ds, Store(tmp_path / "data"), "demo", now_fn=lambda: clock[0])
    assert after == report_to_dict(fresh.health())
    assert before.figure != ws.health().get("DFL001").figure  # the answers changed the verdict's figure


@pytest.mark.parametrize("lang", ["en", "de"])
def test_a_sync_normalises_again_only_the_replies_of_the_conversations_it_grew(lang, tmp_path, monkeypatch):
    """PRS001 strips the names of a conversation's people from its replies. A newcomer writing
    into one conversation changes that conversation's forms (here: the reply names them, and now
    matches the others); the other conversations' forms are kept, not normalised again."""
    from socialtui.domain.dataset import Dataset
    from socialtui.domain.models import Author, Message
    from socialtui.store import Store
    from socialtui.workspace import Workspace

    thanks = "We are looking into your order now, {}." if lang == "en" else \
        "Wir kümmern uns jetzt um Ihre Bestellung, {}."
    people = ["anna", "bert", "cleo", "dora", "emil"]
    messages = [m for i, who in enumerate(people) for m in (
        msg("mention", "in", f"@brand my order {i} is late", id=f"q{i}", author=who, when=at(40 - i), lang=lang),
        msg("reply", "out", "@" + who + " " + thanks.format(who.title()), id=f"a{i}", in_reply_to=f"q{i}",
            when=at(39 - i), lang=lang))]
    # a reply naming someone who has not written in that conversation (yet)
    messages += [msg("mention", "in", "@brand my son's phone is broken", id="q9", author="fritz", when=at(20)),
                 msg("reply", "out", "@fritz " + thanks.format("Otto Wilhelmsen"), id="a9", in_reply_to="q9", when=at(19))]
    clock = [NOW]
    ws = Workspace(Dataset(dataset([]).account, sorted(messages, key=lambda m: m.created_at), ordered=True),
                   Store(tmp_path / "data"), "demo", now_fn=lambda: clock[0])
    before = ws.health().get("PRS001")
    assert before.figure == pytest.approx(5 / 6)  # a9 still names Otto, who is not in its conversation
    otto = Message("q9-otto", "reply", "in", Author("otto", "Otto Wilhelmsen"), "@brand it is mine, thanks",
                   NOW + timedelta(minutes=1), in_reply_to="a9", lang=lang)
    normalised = []
    real = similarity.normalize
    monkeypatch.setattr("socialtui.rules.prs001_template_replies.normalize",
                        lambda text, *a: normalised.append(text) or real(text, *a))
    clock[0] = NOW + timedelta(minutes=2)
    earlier = ws.snapshot().threads
    ws.replace_dataset(Dataset(ws.dataset.account, ws.dataset.messages + [otto], ordered=True))
    after = ws.health().get("PRS001")
    assert ws.snapshot().threads.growth_since(earlier) is not None, "the threads grew, not built again"
    assert after.figure == pytest.approx(6 / 6) and "a9" in after.evidence
    assert {t for t in normalised if "Otto" in t or "otto" in t} and not any("Anna" in t for t in normalised), \
        "only the grown conversation's reply was normalised again"


def test_rsp001s_thank_you_count_is_carried_and_checked_against_each_conversations_last_message():
    # Dropped on every extension, RSP001 classified every late conversation again after each
    # reply sent or sync (~3 s at 100k); carried, each entry is checked against the last message.
    from socialtui.rules.facts import carry_memo

    memo = {"RSP001 only-thanks": {"q1": ("m9", True)}, "something else": object()}
    reply = msg("reply", "out", "@anna done", id="r1", in_reply_to="m9", when=at(0))
    question = msg("reply", "in", "@brand and the invoice?", id="m10", author="anna", in_reply_to="r1", when=at(0))
    for tail in ([reply], [reply, question]):
        carried = carry_memo(memo, tail)
        assert carried["RSP001 only-thanks"] == {"q1": ("m9", True)} and "something else" not in carried
        assert carried["RSP001 only-thanks"] is not memo["RSP001 only-thanks"]
