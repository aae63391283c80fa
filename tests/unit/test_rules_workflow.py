"""Which rules read the workflow state (done, snoozed, escalated), and re-evaluating just those.

After a done or a snooze the app runs only the rules marked ``reads_workflow`` again; a rule
that depends on the state without the mark would keep a stale verdict on screen. The first
test finds such a rule by evaluating everything with and without a busy workflow state.
"""

from datetime import timedelta

import pytest

from socialtui.domain.workflow import ConversationState, WorkflowState
from socialtui.queue import build_queue
from socialtui.rules.engine import all_rules, evaluate, reevaluate, report_to_dict, verdict_to_dict
from socialtui.sources.dataset_dir import load_dataset
from tests.conftest import AS_OF, HARBOR, KESTREL


def _busy_state(ds) -> WorkflowState:
    """Every conversation in the queue handled one way or another (done, snoozed, escalated, woken)."""
    rows = build_queue(ds.snapshot(AS_OF))
    states = {}
    for i, r in enumerate(rows):
        states[r.id] = [ConversationState("done", AS_OF),
                        ConversationState("snoozed", AS_OF, until=AS_OF + timedelta(hours=3)),
                        ConversationState("escalated", AS_OF, until=AS_OF + timedelta(hours=1), escalated_to="Tech"),
                        ConversationState("snoozed", AS_OF - timedelta(hours=5),
                                          until=AS_OF - timedelta(hours=1))][i % 4]
    assert len(states) >= 4
    return WorkflowState(states)


@pytest.mark.parametrize("path", [KESTREL, HARBOR], ids=["kestrel", "harbor"])
def test_only_rules_marked_reads_workflow_change_with_the_workflow_state(path):
    ds = load_dataset(path).in_order()
    plain = {v.code: verdict_to_dict(v) for v in evaluate(ds.snapshot(AS_OF)).rules}
    busy = {v.code: verdict_to_dict(v) for v in evaluate(ds.snapshot(AS_OF, _busy_state(ds))).rules}
    marked = {spec.code for spec in all_rules() if spec.reads_workflow}
    changed = {code for code in plain if plain[code] != busy[code]}
    assert changed <= marked, f"these rules read the workflow state but are not marked: {changed - marked}"
    if path == KESTREL:
        assert "RSP001" in changed  # (the comparison can see a difference)


def test_reevaluating_after_a_workflow_change_gives_the_full_report():
    ds = load_dataset(KESTREL).in_order()
    before = ds.snapshot(AS_OF)
    report = evaluate(before)
    after = ds.snapshot(AS_OF, _busy_state(ds), reuse=before.threads)
    quick = reevaluate(after, report)
    assert report_to_dict(quick) == report_to_dict(evaluate(ds.snapshot(AS_OF, _busy_state(ds))))
    assert quick.get("RSP001").figure < report.get("RSP001").figure
