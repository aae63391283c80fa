"""Health side of the main screen (mixed in): the report on show, its evaluation off the UI
thread for large accounts, the alarm, rule explanations and walking a rule's evidence."""

from __future__ import annotations

import gc

from textual import work
from textual.widgets import Static

from socialtui.ui.screens.checklist import ChecklistScreen
from socialtui.ui.screens.rule_detail import RuleScreen, describe_evidence
from socialtui.ui.spark import waiting_per_day
from socialtui.ui.widgets.alarm_banner import AlarmBanner
from socialtui.ui.widgets.health_sidebar import HealthSidebar, summary_line


class HealthMixin:
    @property
    def report(self):
        """The health report on show; None while a large account's first evaluation runs.

        Evidence walks, the rule screen, the alarm and the palette use this one, never a fresh
        evaluation in the UI thread (seconds at a million messages)."""
        return self.ws.cached_health() or self._shown_report

    def _show_health(self, report, spark) -> None:
        self._shown_report, self._shown_spark = report, spark
        self._status_note = ""
        self.query_one(HealthSidebar).show(report, spark)
        self.query_one("#health-summary", Static).update(
            summary_line(report, self.app.key_for("app.sidebar"), self.app.key_for("app.help")))
        self._refresh_alarm(report)
        self._refresh_status()

    def _show_health_progress(self) -> None:
        """A large account's first evaluation takes seconds: the sidebar (or its one-line summary
        on a narrow screen) says how far it got, a line per tick."""
        line = self.ws.health_progress.line()
        if line:
            self.query_one(HealthSidebar).show_progress(line)
            self.query_one("#health-summary", Static).update(f"Health: {line}…")

    @work(thread=True, exclusive=True, group="health", description="evaluate health")
    def _evaluate_health(self) -> None:
        """Large accounts: the rules run off the UI thread, so the queue paints first."""
        from socialtui.ui.screens.main import HEALTH_EVERY  # (main imports this module)

        ws = self.ws
        changes = ws.changes
        quick = ws.quick_health(HEALTH_EVERY)  # only the workflow changed: only its rules run again
        shown = self._shown_spark
        full = quick is None or not shown
        if not full:
            report, since = quick
            # so do the sparkline's: the past days go by the messages, today by the waiting count
            spark = [*shown[:-1], float(len(ws.snapshot().waiting))]
        else:
            # What died since the last freeze goes first (a few thousand objects: milliseconds): the
            # freeze below would keep it for good.
            gc.collect()
            since = ws.snapshot().now
            report = ws.health()
            spark = waiting_per_day(ws.snapshot())
        self._health_basis = (changes, since)
        # A full evaluation leaves many long-lived objects (facts, classifier caches): keep the
        # cyclic GC from walking them on every full collection (pauses of 100+ ms while keys are held).
        # Not after a quick one (a done, an undo): it leaves ~10k objects, and every freeze also keeps
        # the UI's objects alive at that moment that die later in cycles (Textual's restyles leave
        # such garbage): measured, 0.35 MB kept for good per freeze, two freezes per done or undo.
        if full:
            gc.freeze()
        self.app.call_from_thread(self._show_health, report, spark)
        ws.prepare_lint()  # the composer's index of the week's replies, before anyone types
        if full:
            gc.freeze()

    def _refresh_alarm(self, report) -> None:
        failing = tuple(sorted((v.code, tuple(v.evidence)) for v in report.rules if v.critical and v.verdict == "fail"))
        self.query_one(AlarmBanner).show([code for code, _ in failing], self.app.key_for("app.alarm"))
        if failing and failing != self._alarm_seen:
            self.app.bell()  # once per new alarm, not on every refresh
        self._alarm_seen = failing

    def on_health_sidebar_rule_chosen(self, event: HealthSidebar.RuleChosen) -> None:
        self.show_rule(event.code)

    def show_rule(self, code: str) -> None:
        """Open the rule screen; choosing an evidence item walks to it in the queue."""
        verdict = self.report.get(code) if self.report else None
        if verdict is None:
            self.notify("The health rules are still being evaluated; try again in a moment.", markup=False)
            return
        visited = self.trail[1] if self.trail and self.trail[0] == code else None
        snap = self.ws.snapshot()
        self.app.push_screen(RuleScreen(verdict, visited, lambda item: describe_evidence(snap, item)),
                             lambda index: index is not None and self.jump_to_evidence(code, index))

    def jump_to_evidence(self, code: str, index: int) -> None:
        verdict = self.report.get(code) if self.report else None
        evidence = verdict.evidence if verdict else []
        if not evidence:
            return
        index %= len(evidence)
        self.trail = (code, index)
        item = evidence[index]
        snap = self.ws.snapshot()
        cid = item if item in snap.conversations else snap.conversation_of.get(item)
        self._thread_focus = (cid, item) if cid is not None and cid != item else None
        if cid is None or not self._select_anywhere(cid):
            conv = snap.conversations.get(cid) if cid else None
            if conv is None:
                self.notify(f"{item} is not among the messages known now.", markup=False)
            else:  # e.g. an own post or DM a hijacker sent: no customer in it, so not in the queue
                from socialtui.ui.screens.dialogs import EvidenceScreen
                from socialtui.ui.widgets.thread_view import render_thread

                self.app.push_screen(EvidenceScreen(
                    f"{item} ({code} evidence {index + 1} of {len(evidence)}): not in the queue, no customer wrote in it",
                    render_thread(conv, now=snap.now, account=snap.account, width=66)),
                    lambda step: step is not None and self.jump_to_evidence(code, index + step))
        else:
            self._show_thread()  # at once, on the evidence message
        self.remove_class("-sidebar")
        self.queue_view.focus()
        self._refresh_status()

    def _select_anywhere(self, cid: str) -> bool:
        """Select ``cid``, leaving filters and search when it is not in the current view."""
        if self.queue_view.select_id(cid):
            return True
        self.view, self.language, self.search_ids, self.search_query = "all", None, None, ""
        self.refresh_all(keep=cid)
        return self.queue_view.select_id(cid)

    def action_evidence(self, delta: int) -> None:
        if self.trail is not None:
            self.jump_to_evidence(self.trail[0], self.trail[1] + delta)

    def action_alarm(self) -> None:
        report = self.report
        if report is None:
            self.notify("The security rules are still being evaluated; try again in a moment.", markup=False)
            return
        if not report.critical:
            self.notify("No security rule is failing.", markup=False)
            return
        key = "alarm:" + ",".join(code for code, _ in self._alarm_seen)
        checked = frozenset(self.ws.store.get_meta(self.ws.scope, key) or ())
        self.app.push_screen(ChecklistScreen(report, checked),
                             lambda ticked: self.ws.store.set_meta(self.ws.scope, key, sorted(ticked or ())))

    def on_alarm_banner_checklist_requested(self, event: AlarmBanner.ChecklistRequested) -> None:
        self.action_alarm()
