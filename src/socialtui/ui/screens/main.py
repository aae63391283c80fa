"""The main screen: queue, thread, composer, health sidebar, status line. It owns the workflow."""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from datetime import datetime, timedelta

from rich.text import Text
from textual import work
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Static

from socialtui.domain.timeutil import format_duration, parse_duration
from socialtui.errors import SocialtuiError
from socialtui.lint.length import UNITS, remaining
from socialtui.ui.screens.alarm import alarm_screen
from socialtui.ui.screens.dialogs import ChoiceScreen, ConfirmScreen, InfoScreen, PromptScreen
from socialtui.ui.screens.help import help_screen
from socialtui.ui.screens.rule_detail import RuleScreen
from socialtui.ui.spark import waiting_per_day
from socialtui.ui.views import VIEWS, filter_rows
from socialtui.ui.widgets.composer import Composer
from socialtui.ui.widgets.health_sidebar import HealthSidebar, summary_line
from socialtui.ui.widgets.queue_view import QueueView
from socialtui.ui.widgets.status_line import StatusLine
from socialtui.ui.widgets.thread_view import ThreadView

NARROW = 110
SYNC_HEALTH_LIMIT = 50_000  # messages; above this the rules run in a worker thread


class MainScreen(Screen):
    DEFAULT_CSS = """
    MainScreen #alarm { display: none; height: auto; background: $error; color: $background; text-style: bold;
                        padding: 0 1; }
    MainScreen #alarm.-on { display: block; }
    MainScreen #panes { height: 1fr; }
    MainScreen QueueView { width: 2fr; min-width: 34; }
    MainScreen #middle { width: 3fr; }
    MainScreen ThreadView { height: 1fr; }
    MainScreen.-narrow HealthSidebar { display: none; }
    MainScreen.-narrow.-sidebar HealthSidebar { display: block; width: 100%; }
    MainScreen.-narrow.-sidebar #middle, MainScreen.-narrow.-sidebar QueueView { display: none; }
    MainScreen.-wide.-nosidebar HealthSidebar { display: none; }
    """
    BINDINGS = [
        Binding("r", "reply", "Reply", id="conv.reply"),
        Binding("c", "compose", "New post", id="conv.compose"),
        Binding("e", "done", "Done", id="conv.done"),
        Binding("s", "snooze", "Snooze", id="conv.snooze"),
        Binding("x", "escalate", "Escalate", id="conv.escalate"),
        Binding("a", "assign", "Assign/claim", show=False, id="conv.assign"),
        Binding("n", "note", "Note", show=False, id="conv.note"),
        Binding("t", "tag", "Tag", show=False, id="conv.tag"),
        Binding("u", "undo", "Undo", id="app.undo"),
        Binding("y", "why", "Why here?", id="queue.why"),
        Binding("slash", "search", "Search", id="queue.search"),
        Binding("v", "choose_view", "View", show=False, id="queue.view"),
        Binding("l", "cycle_language", "Language filter", show=False, id="queue.language"),
        Binding("1", "view('all')", "All", show=False, id="view.all"),
        Binding("2", "view('waiting')", "Waiting", show=False, id="view.waiting"),
        Binding("3", "view('past-sla')", "Past SLA", show=False, id="view.past_sla"),
        Binding("4", "view('mine')", "Mine", show=False, id="view.mine"),
        Binding("5", "view('escalated')", "Escalated", show=False, id="view.escalated"),
        Binding("6", "view('dm')", "DMs", show=False, id="view.dm"),
        Binding("h", "toggle_sidebar", "Health", id="app.sidebar"),
        Binding("H", "focus_health", "Health rules", show=False, id="app.health_focus"),
        Binding("exclamation_mark", "alarm", "Security checklist", show=False, id="app.alarm"),
        Binding("tab", "focus_next", "Next pane", show=False, id="app.focus_next"),
        Binding("shift+tab", "focus_previous", "Previous pane", show=False, id="app.focus_previous"),
        Binding("question_mark", "help", "Help", id="app.help"),
        Binding("escape", "back", "Back", show=False, id="app.back"),
        Binding("q", "back_or_quit", "Quit", id="app.quit"),
    ]

    def __init__(self, workspace, *, source_label: str) -> None:
        super().__init__()
        self.ws = workspace
        self.source_label = source_label
        self.view = "all"
        self.language: str | None = None
        self.search_ids: set[str] | None = None
        self.search_query = ""
        self.sidebar_open = True
        self._alarm_seen: tuple = ()
        self._lint_timer = None
        self._draft_timer = None
        self._last_minute = None
        self._status_note = ""

    # -- layout --------------------------------------------------------------------------
    def compose(self):
        yield Static(Text(""), id="alarm")
        with Horizontal(id="panes"):
            yield QueueView(id="queue")
            with Vertical(id="middle"):
                yield ThreadView(id="thread")
                yield Composer(id="composer")
            yield HealthSidebar(id="health")
        yield StatusLine(id="status")
        yield Footer()

    def on_mount(self) -> None:
        self._apply_width(self.size.width)
        self.refresh_all()
        self.query_one(QueueView).focus()
        self.set_interval(1.0, self._tick)

    def on_resize(self, event) -> None:
        self._apply_width(event.size.width)
        self._refresh_status()

    def _apply_width(self, width: int) -> None:
        narrow = width < NARROW
        self.set_class(narrow, "-narrow")
        self.set_class(not narrow, "-wide")

    # -- data ------------------------------------------------------------------------------
    @property
    def queue_view(self) -> QueueView:
        return self.query_one(QueueView)

    @property
    def current(self):
        return self.queue_view.current

    def refresh_all(self, keep: str | None = None) -> None:
        ws = self.ws
        snap = ws.snapshot()
        rows = filter_rows(ws.queue(), self.view, agent=ws.agent, language=self.language, ids=self.search_ids,
                           state=snap.state)
        presence = {v.get("conversation"): f"{name} replying" if v.get("activity") == "replying" else name
                    for name, v in ws.presence().items() if v.get("conversation")}
        self.queue_view.set_rows(rows, snap.now, snap.account.sla, drafts=ws.drafts().keys(), presence=presence,
                                 keep=keep)
        if len(snap.known) <= SYNC_HEALTH_LIMIT:
            self._show_health(ws.health(), waiting_per_day(snap))
        else:
            self._status_note = "evaluating health…"
            self._evaluate_health(snap)
        self._refresh_status()
        if not rows:
            self.query_one(ThreadView).clear("No conversations in this view. Press 1 for all, / to search again.")

    def _show_health(self, report, spark) -> None:
        self._status_note = ""
        self.query_one(HealthSidebar).show(report, spark)
        self._refresh_alarm(report)
        self._refresh_status()

    @work(thread=True, exclusive=True, group="health")
    def _evaluate_health(self, snap) -> None:
        """Large accounts: the rules run off the UI thread, so the queue paints first."""
        report = self.ws.health()
        spark = waiting_per_day(snap)
        self.app.call_from_thread(self._show_health, report, spark)

    def _refresh_status(self, note: str = "") -> None:
        ws = self.ws
        snap = ws.snapshot()
        waiting = snap.waiting
        past = [c for c in waiting if snap.now - c.waiting_since >= snap.account.sla]
        oldest = format_duration(max((snap.now - c.waiting_since for c in waiting), default=None)) if waiting else ""
        view = self.view + (f" lang={self.language}" if self.language else "") + \
            (f" search “{self.search_query}”" if self.search_ids is not None else "")
        report = ws.cached_health()
        health = summary_line(report) if report and self.has_class("-narrow") and not self.sidebar_open_narrow else None
        note = note or self._status_note
        self.query_one(StatusLine).show(waiting=len(waiting), past=len(past), oldest=oldest, source=self.source_label,
                                        agent=ws.agent.name if ws.agent else None, view=view, health=health, note=note)

    @property
    def sidebar_open_narrow(self) -> bool:
        return self.has_class("-sidebar")

    def _refresh_alarm(self, report) -> None:
        banner = self.query_one("#alarm", Static)
        failing = tuple(sorted((v.code, tuple(v.evidence)) for v in report.rules if v.critical and v.verdict == "fail"))
        if not failing:
            banner.remove_class("-on")
            return
        codes = ", ".join(code for code, _ in failing)
        banner.update(Text(f"‼ SECURITY ALERT: {codes} failing, the account may be hijacked. ! = checklist"))
        banner.add_class("-on")
        if failing != self._alarm_seen:
            self._alarm_seen = failing
            self.app.bell()

    def _tick(self) -> None:
        changed = self.ws.refresh_if_changed()
        minute = self.ws.now_fn().replace(second=0, microsecond=0)
        if changed or minute != self._last_minute:
            self._last_minute = minute
            if changed or self._last_minute is not None:
                self.refresh_all()

    # -- queue and thread ---------------------------------------------------------------
    def on_queue_view_highlighted(self, event: QueueView.Highlighted) -> None:
        row = event.row
        composer = self.query_one(Composer)
        if composer.is_open and row is not None and composer.conversation_id not in (row.id, None):
            self._save_draft_now()
            composer.close()
        if row is None:
            return
        snap = self.ws.snapshot()
        self.query_one(ThreadView).show(row.conversation, now=snap.now, account=snap.account,
                                        notes=self.ws.notes(row.id), state=snap.state.conversations.get(row.id),
                                        reason=row.reason)

    def on_queue_view_opened(self, event: QueueView.Opened) -> None:
        self.query_one(ThreadView).focus()

    # -- composing and sending -------------------------------------------------------
    def action_reply(self) -> None:
        row = self.current
        if row is None:
            self.notify("Nothing selected to reply to.", markup=False)
            return
        target = self.ws.reply_target(row.id)
        draft = self.ws.draft(row.id)
        if draft is None and target is not None and target.kind != "dm":
            draft = f"@{target.author.handle} "
        who = f"@{target.author.handle}" if target else row.id
        self.query_one(Composer).open(row.id, f"Reply to {who} in {row.id}", draft or "")
        self.ws.set_replying(row.id)
        self._lint_now()

    def action_compose(self) -> None:
        self.query_one(Composer).open(None, "New top-level post", self.ws.draft("new-post") or "")
        self._lint_now()

    def on_composer_changed(self, event: Composer.Changed) -> None:
        if self._lint_timer is not None:
            self._lint_timer.stop()
        self._lint_timer = self.set_timer(0.15, self._lint_now)
        if self._draft_timer is not None:
            self._draft_timer.stop()
        self._draft_timer = self.set_timer(0.8, self._save_draft_now)

    def _lint_now(self) -> None:
        composer = self.query_one(Composer)
        if not composer.is_open:
            return
        text = composer.text
        findings = self.ws.lint(composer.conversation_id, text) if text.strip() else []
        platform = self.ws.account.platform
        composer.show_findings(findings, remaining(self.ws.prepare(composer.conversation_id, text) if text.strip()
                                                   else "", platform), UNITS.get(platform, "characters"))

    def _save_draft_now(self) -> None:
        composer = self.query_one(Composer)
        if composer.is_open:
            try:
                self.ws.save_draft(composer.conversation_id or "new-post", composer.text)
            except SocialtuiError as exc:
                self.notify(str(exc), severity="error", markup=False)

    def on_composer_closed(self, event: Composer.Closed) -> None:
        self._save_draft_now()
        self.query_one(Composer).close()
        self.ws.set_replying(None)
        self.queue_view.focus()
        self.refresh_all()

    def on_composer_send_requested(self, event: Composer.SendRequested) -> None:
        self._confirm_and_send(event.text)

    @work(exclusive=True, group="send")
    async def _confirm_and_send(self, text: str) -> None:
        composer = self.query_one(Composer)
        cid = composer.conversation_id
        if not text.strip():
            self.notify("The reply is empty.", markup=False)
            return
        findings = self.ws.lint(cid, text)
        final = self.ws.prepare(cid, text)
        body = Text(final + "\n\n")
        for f in findings:
            body.append(f"{'⛔' if f.blocking else '⚠'} {f.code} {f.message}\n", "bold red" if f.blocking else "yellow")
        if any(f.code == "L002" for f in findings):
            self.notify("Too long for the platform: shorten it before sending.", severity="error", markup=False)
            return
        question = "Send anyway?" if findings else "Send this?"
        if any(f.blocking for f in findings):
            question = "This contains a suspicious link. Send it anyway?"
        if not await self.app.push_screen_wait(ConfirmScreen(question, body)):
            return
        # The agent confirmed these exact words; a blocking finding needs that confirmation passed on.
        token = self.ws.confirm_token(cid, text) if any(f.blocking for f in findings) else None
        try:
            sent = self.ws.send_reply(cid, text, confirm_token=token)
        except SocialtuiError as exc:
            self.notify(str(exc), severity="error", markup=False, timeout=10)
            return
        composer.close()
        self.ws.set_replying(None)
        self.notify(f"Sent {sent.id}.", markup=False)
        self.refresh_all(keep=cid)
        self.queue_view.focus()

    def on_composer_editor_requested(self, event: Composer.EditorRequested) -> None:
        editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
        with tempfile.NamedTemporaryFile("w+", suffix=".txt", delete=False, encoding="utf-8") as fh:
            fh.write(event.text)
            path = fh.name
        try:
            with self.app.suspend():
                subprocess.run([*shlex.split(editor), path], check=False)
            with open(path, encoding="utf-8") as fh:
                self.query_one(Composer).set_text(fh.read().rstrip("\n"))
        except (OSError, ValueError) as exc:
            self.notify(f"Could not run the editor {editor!r}: {exc}", severity="error", markup=False)
        finally:
            os.unlink(path)

    # -- workflow actions ------------------------------------------------------------------
    def _act(self, fn, *args) -> None:
        row = self.current
        if row is None:
            self.notify("Select a conversation first.", markup=False)
            return
        try:
            message = fn(row.id, *args)
        except SocialtuiError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        self.notify(message + "  (u to undo)", markup=False)
        self.refresh_all(keep=row.id)

    def action_done(self) -> None:
        self._act(self.ws.mark_done)

    def action_snooze(self) -> None:
        if self.current is None:
            return
        now = self.ws.now_fn()
        tomorrow = (now + timedelta(days=1)).replace(hour=9, minute=0, second=0, microsecond=0)
        monday = (now + timedelta(days=(7 - now.weekday()) or 7)).replace(hour=9, minute=0, second=0, microsecond=0)
        choices = [("1h", "1 hour"), ("4h", "4 hours"), (tomorrow.isoformat(), f"Tomorrow {tomorrow:%a %H:%M}"),
                   (monday.isoformat(), f"Next Monday {monday:%d %b %H:%M}"), ("custom", "Custom…")]

        def chosen(value: str | None) -> None:
            if value is None:
                return
            if value == "custom":
                self.app.push_screen(PromptScreen("Snooze for how long?", "e.g. 90m, 2h, 3d"), self._snooze_for)
            else:
                self._snooze_for(value)

        self.app.push_screen(ChoiceScreen("Snooze until…", choices), chosen)

    def _snooze_for(self, value: str | None) -> None:
        if not value:
            return
        try:
            until = datetime.fromisoformat(value) if "T" in value else self.ws.now_fn() + parse_duration(value)
        except ValueError:
            self.notify(f"{value!r} is not a duration like 90m, 2h or 3d.", severity="error", markup=False)
            return
        self._act(self.ws.snooze, until)

    def action_escalate(self) -> None:
        if self.current is None:
            return

        def got(value: str | None) -> None:
            if not value:
                return
            who, _, due = value.partition(",")
            try:
                delta = parse_duration(due.strip() or "24h")
            except ValueError:
                self.notify("Write it as: person or team, due (e.g. Billing, 4h).", severity="error", markup=False)
                return
            self._act(self.ws.escalate, who.strip(), self.ws.now_fn() + delta)

        self.app.push_screen(PromptScreen("Escalate to whom, and when is the public follow-up due?",
                                          "Billing team, 4h", help_text="name or team, then a comma and a duration"), got)

    def action_assign(self) -> None:
        if self.current is None:
            return
        names = [a.name for a in self.ws.account.agents] or ([self.ws.agent.name] if self.ws.agent else [])
        choices = [(n, n) for n in names] + [("", "Nobody (unassign)")]
        self.app.push_screen(ChoiceScreen("Assign to…", choices),
                             lambda v: v is not None and self._act(self.ws.assign, v or None))

    def action_note(self) -> None:
        if self.current is None:
            return
        self.app.push_screen(PromptScreen("Internal note (never sent)"),
                             lambda v: v and self._act(self.ws.add_note, v))

    def action_tag(self) -> None:
        if self.current is None:
            return
        self.app.push_screen(PromptScreen("Tag", "billing, vip, k7 …"),
                             lambda v: v and self._act(self.ws.tag, v.strip().lstrip("#")))

    def action_undo(self) -> None:
        message = self.ws.undo()
        self.notify(message or "Nothing to undo.", markup=False)
        self.refresh_all()

    def action_why(self) -> None:
        row = self.current
        if row is not None:
            self.app.push_screen(InfoScreen(f"Why {row.id} is #{row.position}", Text(row.reason)))

    # -- views and search ----------------------------------------------------------------
    def action_view(self, name: str) -> None:
        self.view = name
        self.refresh_all()

    def action_choose_view(self) -> None:
        self.app.push_screen(ChoiceScreen("Show…", [(k, v) for k, v in VIEWS.items()]),
                             lambda v: v and self.action_view(v))

    def action_cycle_language(self) -> None:
        langs = sorted({m.lang for m in self.ws.snapshot().in_window if m.direction == "in" and m.lang})
        order = [None, *langs]
        self.language = order[(order.index(self.language) + 1) % len(order)] if self.language in order else None
        self.refresh_all()

    def action_search(self) -> None:
        def got(query: str | None) -> None:
            if query is None:
                return
            if not query.strip():
                self.search_ids, self.search_query = None, ""
            else:
                self.search_ids, self.search_query = set(self.ws.search(query)), query.strip()
            self.refresh_all()

        self.app.push_screen(PromptScreen("Search text and handles", "K7, @anna, Lieferung …", self.search_query), got)

    # -- sidebar, rules, alarm, help ---------------------------------------------------------
    def action_toggle_sidebar(self) -> None:
        if self.has_class("-narrow"):
            self.toggle_class("-sidebar")
            if self.has_class("-sidebar"):
                self.query_one(HealthSidebar).focus_rules()
            else:
                self.queue_view.focus()
        else:
            self.toggle_class("-nosidebar")
        self._refresh_status()

    def action_focus_health(self) -> None:
        if self.has_class("-narrow") and not self.has_class("-sidebar"):
            self.add_class("-sidebar")
        self.remove_class("-nosidebar")
        self.query_one(HealthSidebar).focus_rules()

    def on_health_sidebar_rule_chosen(self, event: HealthSidebar.RuleChosen) -> None:
        self.show_rule(event.code)

    def show_rule(self, code: str) -> None:
        verdict = self.ws.health().get(code)
        if verdict is not None:
            self.app.push_screen(RuleScreen(verdict), self.jump_to_evidence)

    def jump_to_evidence(self, evidence_id: str | None) -> None:
        if not evidence_id:
            return
        snap = self.ws.snapshot()
        cid = evidence_id if evidence_id in snap.conversations else snap.conversation_of.get(evidence_id)
        if cid is None:
            self.notify(f"{evidence_id} is not in a conversation with customers.", markup=False)
            return
        if not self.queue_view.select_id(cid):
            self.view, self.language, self.search_ids = "all", None, None
            self.refresh_all(keep=cid)
            if not self.queue_view.select_id(cid):
                self.notify(f"{cid} has no customer messages, so it is not in the queue.", markup=False)
                return
        self.remove_class("-sidebar")
        self.queue_view.focus()

    def action_alarm(self) -> None:
        report = self.ws.health()
        if report.critical:
            self.app.push_screen(alarm_screen(report))
        else:
            self.notify("No security rule is failing.", markup=False)

    def action_help(self) -> None:
        self.app.push_screen(help_screen(self))

    def action_back(self) -> None:
        if self.has_class("-sidebar"):
            self.action_toggle_sidebar()
        elif self.search_ids is not None:
            self.search_ids, self.search_query = None, ""
            self.refresh_all()
        else:
            self.queue_view.focus()

    def action_back_or_quit(self) -> None:
        if self.has_class("-sidebar") or self.search_ids is not None:
            self.action_back()
        else:
            self._save_draft_now()
            self.app.exit()

    def check_action(self, action: str, parameters) -> bool | None:
        if action in ("done", "snooze", "escalate", "assign", "note", "tag", "reply", "why") and self.current is None:
            return None
        return True
