"""Rules on small hand-made datasets: boundaries, n/a, overrides."""

from datetime import timedelta

from socialtui.domain.models import RuleOverride
from socialtui.rules.engine import evaluate
from tests.builders import NOW, at, dataset, msg


def verdict(ds, code):
    report = evaluate(ds.snapshot(NOW), select=[code])
    return report.rules[0]


def waiting(n, hours=3):
    return [msg("mention", "in", f"@brand question {i}", id=f"w{i}", author=f"p{i}", when=at(hours)) for i in range(n)]


def test_rsp001_boundaries():
    assert verdict(dataset([]), "RSP001").verdict == "ok"
    assert verdict(dataset(waiting(1)), "RSP001").verdict == "warn"
    assert verdict(dataset(waiting(9)), "RSP001").verdict == "warn"
    assert verdict(dataset(waiting(10)), "RSP001").verdict == "fail"
    assert verdict(dataset(waiting(1, hours=8.5)), "RSP001").verdict == "fail"  # older than 4 x SLA
    assert verdict(dataset(waiting(1, hours=1.5)), "RSP001").verdict == "ok"  # within the SLA
    v = verdict(dataset(waiting(3) + [msg("mention", "in", "old", id="w-old", when=at(5))]), "RSP001")
    assert v.evidence[0] == "w-old"


def answered(n, minutes=30, **kw):
    out = []
    for i in range(n):
        q = msg("mention", "in", f"@brand question {i}", id=f"q{i}", author=f"p{i}", when=at(10 + i))
        out += [q, msg("reply", "out", f"@p{i} answer {i} about item {i * 7}", id=f"a{i}", in_reply_to=f"q{i}",
                       when=q.created_at + timedelta(minutes=minutes), **kw)]
    return out


def test_rsp002_and_rsp003_minimum_and_grades():
    v = verdict(dataset(answered(4)), "RSP002")
    assert v.verdict == "n/a" and "need 5" in v.reason
    assert verdict(dataset(answered(5)), "RSP002").verdict == "ok"
    assert verdict(dataset(answered(5, minutes=90)), "RSP003").verdict == "warn"
    assert verdict(dataset(answered(5, minutes=121)), "RSP003").verdict == "fail"
    v = verdict(dataset(answered(7) + waiting(3)), "RSP002")
    assert v.figure == 0.7 and v.verdict == "warn"  # 70 % is not below 70 %


def test_rsp004_weekend_gap():
    msgs = [msg("mention", "in", "@brand help", id="m1", when=at(60)), msg("post", "out", "hello", id="p1", when=at(10))]
    v = verdict(dataset(msgs), "RSP004")
    assert v.verdict == "fail" and 47 < v.figure < 49  # from 58h ago (SLA passed) to the post 10h ago
    assert verdict(dataset([msg("mention", "in", "@brand help", id="m1", when=at(5))]), "RSP004").verdict == "ok"


def test_brd002_strict_comparison():
    posts = lambda n: [msg("post", "out", f"post {i}", id=f"p{i}", when=at(20 - i)) for i in range(n)]  # noqa: E731
    assert verdict(dataset(posts(8)), "BRD002").verdict == "ok"
    assert verdict(dataset(posts(9)), "BRD002").verdict == "warn"
    assert verdict(dataset(posts(16)), "BRD002").verdict == "fail"


def test_dfl001_german_deflections_and_override():
    msgs = []
    for i in range(6):
        q = msg("mention", "in", "@brand Frage", id=f"q{i}", author=f"k{i}", when=at(20 + i), lang="de")
        text = "Bitte wenden Sie sich an unsere Hotline." if i < 2 else f"Das Ersatzteil {i} ist unterwegs und kommt morgen."
        msgs += [q, msg("reply", "out", text, id=f"r{i}", in_reply_to=q.id, when=at(19 + i), lang="de")]
    v = verdict(dataset(msgs), "DFL001")
    assert v.verdict == "fail" and sorted(v.evidence) == ["r0", "r1"]
    relaxed = dataset(msgs, rules={"DFL001": RuleOverride(warn=0.4, fail=0.5)})
    assert verdict(relaxed, "DFL001").verdict == "ok"
    off = dataset(msgs, rules={"DFL001": RuleOverride(enabled=False)})
    assert [v.code for v in evaluate(off.snapshot(NOW)).rules if v.code.startswith("DFL")] == ["DFL002"]


def test_dm_move_with_public_follow_up_is_not_a_deflection():
    q = msg("mention", "in", "@brand my order?", id="q", when=at(30))
    dm = msg("reply", "out", "Please DM us your order number", id="r1", in_reply_to="q", when=at(29))
    follow = msg("reply", "out", "Update: your order ships tomorrow", id="r2", in_reply_to="r1", when=at(20))
    extra = answered(5)
    assert verdict(dataset([q, dm] + extra), "DFL001").evidence == ["r1"]
    assert verdict(dataset([q, dm, follow] + extra), "DFL001").evidence == []


def test_prs002_needs_signatures():
    from socialtui.domain.models import Agent

    v = verdict(dataset(answered(6)), "PRS002")
    assert v.verdict == "n/a" and "signatures" in v.reason
    team = dataset(answered(6), agents=(Agent("Dana", "^DK"),))
    assert verdict(team, "PRS002").verdict == "fail"


def test_sec004_fail_then_warn_when_answered():
    report = msg("mention", "in", "@brand were you hacked? weird DM from you", id="h1", when=at(5))
    assert verdict(dataset([report]), "SEC004").verdict == "fail"
    answer = msg("reply", "out", "Yes, secured now, do not click", id="h2", in_reply_to="h1", when=at(4))
    assert verdict(dataset([report, answer]), "SEC004").verdict == "warn"
    assert verdict(dataset([msg("mention", "in", "lol did a hacker write this ad", when=at(2))]), "SEC004").verdict == "ok"


def test_sec001_and_sec003():
    dms = [msg("dm", "out", "Verify your account now: https://brand-login.example/verify", id=f"d{i}",
               conversation=f"c{i}", client="socialtui", when=at(3, minutes_ago=i * 3)) for i in range(10)]
    assert verdict(dataset(dms), "SEC003").verdict == "fail"
    assert verdict(dataset(dms[:9]), "SEC003").verdict == "ok"
    assert verdict(dataset(dms), "SEC001").verdict == "ok"
    rogue = msg("post", "out", "hi", id="x", client="Evil App", when=at(1))
    assert verdict(dataset([rogue]), "SEC001").evidence == ["x"]


def test_overall_and_critical():
    report = evaluate(dataset([]).snapshot(NOW))
    assert report.overall == "ok" and not report.critical
    report = evaluate(dataset([msg("post", "out", "hi", client="Evil", when=at(1))]).snapshot(NOW))
    assert report.overall == "fail" and report.critical
