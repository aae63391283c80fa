"""RSP001..RSP005 on hand-made datasets: boundaries as the RULEBOOK writes them, n/a, evidence order."""

from datetime import timedelta

from socialtui.domain.models import RuleOverride
from socialtui.domain.workflow import ConversationState, WorkflowState
from socialtui.rules.engine import evaluate
from tests.builders import NOW, at, dataset, msg


def judge(ds, code, state=None):
    return evaluate(ds.snapshot(NOW, state), select=[code]).rules[0]


def asked(i, hours_ago, text="@brand where is my parcel?", **kw):
    return msg("mention", "in", text, id=f"q{i}", author=f"p{i}", when=at(hours_ago), **kw)


def answer(q, minutes, text=None, **kw):
    return msg("reply", "out", text or f"@{q.author.handle} it left the depot this morning, item {q.id}",
               id=f"a-{q.id}", in_reply_to=q.id, when=q.created_at + timedelta(minutes=minutes), **kw)


# RSP001 left-waiting ---------------------------------------------------------------

def test_rsp001_sla_and_4x_sla_boundaries_are_inclusive():
    # RULEBOOK: "older than the SLA" means at least one SLA ago; "older than 4 x SLA" reads the same
    assert judge(dataset([asked(0, 1.99)]), "RSP001").verdict == "ok"
    assert judge(dataset([asked(0, 2)]), "RSP001").verdict == "warn"  # exactly one SLA old counts
    assert judge(dataset([asked(0, 7.99)]), "RSP001").verdict == "warn"
    v = judge(dataset([asked(0, 8)]), "RSP001")  # exactly 4 x SLA old fails
    assert v.verdict == "fail" and v.details["over_4x_sla"] == 1
    assert "1 for 4 x the SLA or longer, which fails the rule" in v.reason


def test_rsp001_the_4x_factor_is_configurable():
    six = {"RSP001": RuleOverride(options={"sla_multiple": 6})}
    assert judge(dataset([asked(0, 11.9)], rules=six), "RSP001").verdict == "warn"
    v = judge(dataset([asked(0, 12)], rules=six), "RSP001")
    assert v.verdict == "fail" and v.details["sla_multiple"] == 6 and "6 x the SLA" in v.reason


def test_rsp001_counts_conversations_and_lists_oldest_first():
    msgs = [asked(i, 3 + i * 0.1) for i in range(9)]
    v = judge(dataset(msgs), "RSP001")
    assert (v.verdict, v.figure) == ("warn", 9)
    assert v.evidence[0] == "q8" and v.evidence[-1] == "q0"
    assert judge(dataset(msgs + [asked(9, 2.5)]), "RSP001").verdict == "fail"  # 10 conversations


def test_rsp001_answered_done_and_sla_override():
    q = asked(0, 5)
    assert judge(dataset([q, answer(q, 30)]), "RSP001").verdict == "ok"
    done = WorkflowState(conversations={"q0": ConversationState(status="done", changed_at=at(1))})
    assert judge(dataset([q]), "RSP001", done).verdict == "ok"
    assert judge(dataset([q], sla=timedelta(hours=6)), "RSP001").verdict == "ok"
    assert judge(dataset([q], rules={"RSP001": RuleOverride(warn=2)}), "RSP001").verdict == "ok"


def test_rsp001_german_and_dm_waiting_count_the_same():
    dm = msg("dm", "in", "Hallo, wo bleibt meine Lieferung?", id="d1", conversation="x", when=at(3), lang="de")
    v = judge(dataset([dm]), "RSP001")
    assert v.verdict == "warn" and v.evidence == ["d1"]  # (INTERFACE: evidence names message ids)


# RSP002 response-rate --------------------------------------------------------------

def turns(n_answered, n_missed, hours_ago=10):
    out = []
    for i in range(n_answered + n_missed):
        q = asked(i, hours_ago + i * 0.1)
        out.append(q)
        if i < n_answered:
            out.append(answer(q, 20))
    return out


def test_rsp002_minimum_five_turns_older_than_the_sla():
    v = judge(dataset(turns(4, 0)), "RSP002")
    assert v.verdict == "n/a" and "need 5" in v.reason
    young = turns(5, 0, hours_ago=10)[:-2] + [asked(99, 1)]  # the young turn is not due yet
    assert judge(dataset(young), "RSP002").verdict == "n/a"
    assert judge(dataset(turns(4, 0), rules={"RSP002": RuleOverride(options={"minimum": 3})}), "RSP002").judged


def test_rsp002_boundaries_are_strict_below():
    assert judge(dataset(turns(9, 1)), "RSP002").verdict == "ok"  # 90 % is not below 90 %
    assert judge(dataset(turns(8, 1)), "RSP002").verdict == "warn"  # 88.9 %
    v = judge(dataset(turns(8, 2)), "RSP002")
    assert (v.verdict, v.figure) == ("warn", 0.8)
    assert judge(dataset(turns(7, 3)), "RSP002").verdict == "warn"  # 70 % is not below 70 %
    v = judge(dataset(turns(6, 4)), "RSP002")
    assert v.verdict == "fail" and v.evidence[0] == "q9"  # oldest unanswered first


def test_rsp002_ignores_turns_before_the_window():
    old = [asked(50 + i, 24 * 8 + i) for i in range(10)]
    assert judge(dataset(turns(5, 0) + old), "RSP002").verdict == "ok"


# RSP003 response-time --------------------------------------------------------------

def timed(minutes_list):
    out = []
    for i, minutes in enumerate(minutes_list):
        q = asked(i, 30 + i)
        out += [q, answer(q, minutes)]
    return out


def test_rsp003_median_boundaries_are_strict_and_p90_reported():
    assert judge(dataset(timed([60] * 5)), "RSP003").verdict == "ok"  # 1 h is not above 1 h
    assert judge(dataset(timed([61] * 5)), "RSP003").verdict == "warn"
    assert judge(dataset(timed([120] * 5)), "RSP003").verdict == "warn"
    v = judge(dataset(timed([10, 20, 121, 130, 600])), "RSP003")
    assert (v.verdict, v.figure) == ("fail", 121)
    assert v.details["p90"] == 600 and v.evidence[0] == "q4"  # slowest first


def test_rsp003_needs_five_answered_turns():
    v = judge(dataset(timed([5] * 4) + [asked(50, 40)]), "RSP003")
    assert v.verdict == "n/a" and "4 answered" in v.reason


def test_rsp003_threshold_override_in_minutes():
    ds = dataset(timed([90] * 5), rules={"RSP003": RuleOverride(warn=120, fail=240)})
    assert judge(ds, "RSP003").verdict == "ok"


# RSP004 unattended-stretch ---------------------------------------------------------

def test_rsp004_outbound_splits_the_stretch():
    q = asked(0, 40)  # overdue from 38 h ago
    quiet = judge(dataset([q]), "RSP004")
    assert quiet.verdict == "fail" and 37.9 < quiet.figure < 38.1 and quiet.evidence == ["q0"]
    post = msg("post", "out", "Our shop opens at nine", id="p1", when=at(20))
    v = judge(dataset([q, post]), "RSP004")
    assert v.verdict == "warn" and 19.9 < v.figure < 20.1  # 20 h after the post beats 18 h before it
    assert v.details["start"] == "2026-11-19T22:00:00Z"


def test_rsp004_boundaries_and_answers_end_the_overdue_time():
    assert judge(dataset([asked(0, 14)]), "RSP004").verdict == "ok"  # exactly 12 h overdue: not above
    assert judge(dataset([asked(0, 14.1)]), "RSP004").verdict == "warn"
    assert judge(dataset([asked(0, 38)]), "RSP004").verdict == "warn"  # exactly 36 h
    q = asked(0, 40)
    assert judge(dataset([q, answer(q, 60 * 3)]), "RSP004").figure == 1  # answered an hour past the SLA


def test_rsp004_overlapping_turns_merge_and_window_clips():
    msgs = [asked(0, 30), asked(1, 20), asked(2, 24 * 10)]  # the last is overdue since before the window
    v = judge(dataset(msgs), "RSP004")
    assert v.verdict == "fail" and v.figure == 168  # the whole 7-day window
    assert v.evidence[0] == "q2"  # waiting longest first


# RSP005 ignored-replies ------------------------------------------------------------

def own_posts(n_ignored, n_answered):
    out = []
    for i in range(n_ignored + n_answered):
        post = msg("post", "out", f"Our autumn menu, part {i}", id=f"p{i}", when=at(50 + i))
        r = msg("reply", "in", "Is the pumpkin one vegan?", id=f"r{i}", author=f"c{i}", in_reply_to=f"p{i}",
                when=at(49 + i))
        out += [post, r]
        if i >= n_ignored:
            out.append(msg("reply", "out", f"@c{i} yes, oat milk {i}", id=f"o{i}", in_reply_to=f"r{i}", when=at(48 + i)))
    return out


def test_rsp005_minimum_four_posts_with_replies():
    v = judge(dataset(own_posts(1, 2) + [msg("post", "out", "no replies", when=at(3))]), "RSP005")
    assert v.verdict == "n/a" and "need 4" in v.reason


def test_rsp005_boundaries_are_strict():
    assert judge(dataset(own_posts(1, 3)), "RSP005").verdict == "ok"  # 25 %
    assert judge(dataset(own_posts(2, 2)), "RSP005").verdict == "warn"  # 50 % is not above 50 %
    v = judge(dataset(own_posts(3, 1)), "RSP005")
    assert (v.verdict, v.figure) == ("fail", 0.75) and set(v.evidence) == {"p0", "p1", "p2"}


def test_rsp001_says_how_many_of_the_waiting_only_thank_for_an_answer():
    # They wait by the rulebook (the figure counts them), but the suggestion names the quick win.
    def thanked(i, text, lang):
        q = msg("mention", "in", "@brand where is my order?", id=f"q{i}", author=f"c{i}", when=at(9), lang=lang)
        a = msg("reply", "out", f"@c{i} It ships today.", id=f"a{i}", in_reply_to=f"q{i}", when=at(8))
        return [q, a, msg("reply", "in", f"@brand {text}", id=f"t{i}", author=f"c{i}", in_reply_to=f"a{i}",
                          when=at(7), lang=lang)]
    messages = thanked(0, "thanks, that helped!", "en") + thanked(1, "danke, hat geklappt!", "de") + \
        thanked(2, "danke, aber wo ist die Rechnung", "de") + [asked(3, 5)]
    v = judge(dataset(messages), "RSP001")
    assert v.figure == 4 and v.details["only_thanks"] == 2
    assert "2 of them only thank you for an answer" in v.suggestion
    plain = judge(dataset(thanked(2, "thanks, but it still reboots", "en") + [asked(3, 5)]), "RSP001")
    assert plain.details["only_thanks"] == 0 and "thank you" not in plain.suggestion


def test_rsp001_does_not_count_a_thanks_in_a_hijack_report_or_an_escalation():
    # The suggestion said "mark those done" of a hijack report's conversation (no thx marker there).
    report = [msg("mention", "in", "@brand were you hacked? weird DM from you", id="h0", author="carl", when=at(9)),
              msg("reply", "out", "@carl We are looking into it.", id="h1", in_reply_to="h0", when=at(8)),
              msg("reply", "in", "@brand thanks!", id="h2", author="carl", in_reply_to="h1", when=at(7))]
    escalated = [msg("mention", "in", "@brand where is my order?", id="e0", author="dora", when=at(9)),
                 msg("reply", "out", "@dora It ships today.", id="e1", in_reply_to="e0", when=at(8)),
                 msg("reply", "in", "@brand thanks, that helped!", id="e2", author="dora", in_reply_to="e1", when=at(7))]
    state = WorkflowState({"e0": ConversationState("escalated", at(6.5), until=NOW + timedelta(hours=3),
                                                   escalated_to="Billing")})
    v = judge(dataset(report + escalated), "RSP001", state)
    assert v.details["only_thanks"] == 0 and "thank you" not in v.suggestion


def test_rsp001s_remembered_thank_you_is_worked_out_again_when_the_customer_wrote_since():
    from socialtui.rules.rsp001_left_waiting import _only_thanks

    q = msg("mention", "in", "@brand where is my order?", id="q0", author="c0", when=at(9))
    a = msg("reply", "out", "@c0 It ships today.", id="a0", in_reply_to="q0", when=at(8))
    t = msg("reply", "in", "@brand thanks, but where is the invoice", id="t0", author="c0", in_reply_to="a0", when=at(7))
    snap = dataset([q, a, t]).snapshot(NOW)
    snap.threads.memo["RSP001 only-thanks"] = {"q0": ("an-earlier-message", True)}  # (carried from before t0)
    assert _only_thanks(snap, list(snap.waiting)) == 0
    assert snap.threads.memo["RSP001 only-thanks"]["q0"] == ("t0", False)
