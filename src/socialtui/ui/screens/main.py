"""The main screen: queue, thread, composer, health sidebar, status line. It owns the workflow.

Replying lives in :mod:`main_replying`, the workflow keys in :mod:`main_workflow`; this
file holds the layout, what the panes show, the health side and navigation.
"""

from __future__ import annotations

import asyncio
import gc
from datetime import timedelta

from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.widgets import Footer, Input, Static, TextArea

from socialtui.domain.timeutil import format_duration
from socialtui.ui.screens.help import help_screen
from socialtui.ui.screens.main_health import HealthMixin
from socialtui.ui.screens.main_live import LiveMixin
from socialtui.ui.screens.main_loading import LoadingMixin
from socialtui.ui.screens.main_replying import ReplyingMixin
from socialtui.ui.screens.main_workflow import CONVERSATION_ACTIONS, WorkflowMixin
from socialtui.ui.format import one_line
from socialtui.ui.keymap import DeclaredKeyOrder
from socialtui.ui.spark import waiting_per_day
from socialtui.ui.views import filter_rows
from socialtui.ui.widgets.alarm_banner import AlarmBanner
from socialtui.ui.widgets.composer import Composer
from socialtui.ui.widgets.health_sidebar import HealthSidebar
from socialtui.ui.widgets.queue_view import QueueView
from socialtui.ui.widgets.status_line import StatusLine
from socialtui.ui.widgets.thread_view import ThreadView

NARROW = 110  # columns; below this the sidebar folds into one line
SHORT = 32  # lines; below this the composer's text box is lower and its findings get more room
# Letter keys that still act while a reply is open and the keys go elsewhere: they only open a
# window over it (help, the security checklist); the others would act on the conversation, move
# the queue under the reply, or leave the app with a word typed into the thread.
KEPT_WHILE_COMPOSING = frozenset({"help", "alarm"})
SYNC_HEALTH_LIMIT = 50_000  # messages; above this the rules run in a worker thread
HEALTH_EVERY = timedelta(minutes=5)  # large accounts: re-evaluate on the clock this often (any change: at once)
THREAD_DELAY = 0.06  # s; held j/k paints the queue at once and the thread when the cursor rests (terminals
# repeat a held key every 30-40 ms: a shorter delay drew a thread between most repeats)
# Still waiting for an answer (RULEBOOK: an escalation waits for its promised public answer too).
WAITING_TIERS = ("hijack-report", "past-sla", "within-sla", "escalated")


# Key names Textual gives printable characters ("/" is "slash"): typed as text in a field.
PRINTABLE_NAMES = frozenset({"slash", "question_mark", "exclamation_mark", "full_stop", "comma", "minus", "plus",
                             "left_square_bracket", "right_square_bracket", "number_sign", "space"})

class MainScreen(DeclaredKeyOrder, LoadingMixin, ReplyingMixin, WorkflowMixin, LiveMixin, HealthMixin, Screen):
    BINDINGS = [
        Binding("r", "reply", "Reply", id="conv.reply"),
        Binding("c", "compose", "New post", id="conv.compose"),
        Binding("e", "done", "Done", id="conv.done"),
        Binding("o", "reopen", "Reopen", show=False, id="conv.reopen"),
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
        Binding("1", "view('all')", "View all", show=False, id="view.all"),
        Binding("2", "view('waiting')", "View waiting", show=False, id="view.waiting"),
        Binding("3", "view('past-sla')", "View past SLA", show=False, id="view.past_sla"),
        Binding("4", "view('mine')", "View mine", show=False, id="view.mine"),
        Binding("5", "view('escalated')", "View escalated", show=False, id="view.escalated"),
        Binding("6", "view('dm')", "View DMs", show=False, id="view.dm"),
        Binding("right_square_bracket", "evidence(1)", "Next evidence", show=False, id="evidence.next"),
        Binding("left_square_bracket", "evidence(-1)", "Previous evidence", show=False, id="evidence.previous"),
        Binding("h", "toggle_sidebar", "Health", id="app.sidebar"),
        Binding("H", "focus_health", "Health rules", show=False, id="app.health_focus"),
        Binding("exclamation_mark", "alarm", "Security checklist", show=False, id="app.alarm"),
        Binding("tab", "focus_next", "Next pane", show=False, id="app.focus_next"),
        Binding("shift+tab", "focus_previous", "Previous pane", show=False, id="app.focus_previous"),
        Binding("question_mark", "help", "Help", id="app.help"),
        Binding("escape", "back", "Back (on the queue: dismiss notices)", show=False, id="app.back"),
        Binding("q", "back_or_quit", "Back / quit", id="app.quit"),
    ]

    def __init__(self, workspace, *, source_label: str) -> None:
        super().__init__()
        self.ws = workspace
        self.source_label = source_label
        self.view = "all"
        self.language: str | None = None
        self.search_ids: set[str] | None = None
        self.search_query = ""
        self.trail: tuple[str, int] | None = None  # (rule code, evidence index) being walked
        self._alarm_seen: tuple = ()
        self._counts: tuple = (None, None)
        self._health_basis: tuple | None = None
        self._shown_report = None
        self._shown_spark: list[float] | None = None  # the sparkline's figures on show
        self._loading = False  # a large account's conversations are being built (keys wait)
        self._tick_timer = None  # (workspace changes, now) of the last worker evaluation
        self._thread_timer = None  # an asyncio handle: the thread is shown when it fires
        self._letters = None  # actions bound to printable keys only (_letter_actions)
        self._panes: dict[type, object] = {}  # see _pane
        self._thread_focus: tuple[str, str] | None = None  # (conversation, message) an evidence jump shows
        self._progress_timer = None  # updates the loading line while a large account loads
        self._progress_shown = ""
        self._last_minute = None
        self._status_note = ""
        self._undone_elsewhere = None  # a conversation undone while the list left it out: the next
        # change of view or search selects it
        self._status_position = ""  # the row position the status line shows
        self._keys: dict[str, str] | None = None  # see _key_actions
        self._store_problem_shown: str | None = None
        self._init_replying()

    # -- layout --------------------------------------------------------------------------
    def compose(self):
        yield AlarmBanner(id="alarm")
        with Horizontal(id="panes"):
            yield QueueView(id="queue")
            with Vertical(id="middle"):
                yield ThreadView(id="thread")
                yield Composer(id="composer")
            yield HealthSidebar(id="health")
        yield Static("", id="health-summary", markup=False)
        yield StatusLine(id="status")
        yield Footer()

    def on_mount(self) -> None:
        self._apply_size(self.size.width, self.size.height)
        self._last_minute = self._minute()
        self.queue_view.scroll_mode = getattr(self.app, "scroll_mode", "half-page")
        self.queue_view.focus()
        messages = len(self.ws.dataset.messages)
        if not self.ws.loading and (self.ws.is_built() or messages <= SYNC_HEALTH_LIMIT):
            self._model_ready()
        else:  # a large account: paint the screen now, read and thread the messages off the UI thread
            self._start_loading()

    def _model_ready(self) -> None:
        self._loading = False
        if self._progress_timer is not None:
            self._progress_timer.stop()
            self._progress_timer = None
        self.refresh_all()
        # The loaded account is millions of long-lived objects: keep the cyclic GC from walking
        # them again and again (full collections cost 100+ ms at 100k conversations).
        gc.freeze()
        self.refresh_bindings()
        if self._tick_timer is None:
            self._tick_timer = self.set_interval(1.0, self._tick)
            self._start_live()

    def on_unmount(self) -> None:
        self._stop_thread_timer()  # a thread shown after the panes are gone would find no queue
        gc.unfreeze()  # the account's objects may be collected again once the screen is gone

    def on_descendant_focus(self, event) -> None:
        if isinstance(event.widget, (Input, TextArea)):
            self.refresh_bindings()  # typing: the letter keys leave the footer (check_action)

    def on_descendant_blur(self, event) -> None:
        if isinstance(event.widget, (Input, TextArea)):
            self.refresh_bindings()

    def on_resize(self, event) -> None:
        self._apply_size(event.size.width, event.size.height)

    def _apply_size(self, width: int, height: int) -> None:
        self.set_class(height < SHORT, "-short")  # a lower composer: its findings need the lines
        narrow = width < NARROW
        self.set_class(narrow, "-narrow")
        self.set_class(not narrow, "-wide")

    # -- data ------------------------------------------------------------------------------
    def _pane(self, kind):
        """The screen's one widget of ``kind``, looked up once: the queue and the composer are asked
        for on every key, and a DOM query each time showed up in a held key's profile."""
        found = self._panes.get(kind)
        if found is None or not found.is_attached:
            found = self._panes[kind] = self.query_one(kind)
        return found

    @property
    def queue_view(self) -> QueueView:
        return self._pane(QueueView)

    @property
    def queue_view_present(self) -> bool:
        """False while the app closes: the panes are removed before the screen's last calls run."""
        try:
            self.queue_view
        except NoMatches:
            return False
        return True

    @property
    def current(self):
        """The selected row, or None (nothing selected, or the app is closing)."""
        try:
            queue = self.queue_view
        except NoMatches:
            return None
        return queue.current

    def refresh_all(self, keep: str | None = None, at: int | None = None) -> None:
        """Rebuild what every pane shows from the workspace (after any change). The cursor stays
        on conversation ``keep`` (default: the selected one), or goes to row ``at``."""
        ws = self.ws
        snap = ws.snapshot()
        all_rows = ws.queue()
        rows = filter_rows(all_rows, self.view, agent=ws.agent, language=self.language, ids=self.search_ids,
                           state=snap.state, late_since=snap.now - snap.account.sla)
        presence = self._replying_elsewhere()
        self.queue_view.own_handle = snap.account.handle
        self.queue_view.account = snap.account
        self.queue_view.set_rows(rows, snap.now, snap.account.sla, drafts=ws.drafts().keys(), presence=presence,
                                 keep=keep, at=at)
        self._count_waiting(all_rows, snap)
        report = ws.cached_health()
        if report is not None or len(snap.known) <= SYNC_HEALTH_LIMIT:
            self._show_health(report or ws.health(), waiting_per_day(snap))
        elif self._health_basis is not None and self._health_basis[0] == ws.changes \
                and snap.now - self._health_basis[1] < HEALTH_EVERY:
            pass  # a large account and only the clock moved: the sidebar keeps its recent figures
        else:
            self._status_note = "evaluating health…"
            self.call_after_refresh(self._evaluate_health)  # after the queue is painted, not competing with it
        self._refresh_status()
        if not rows:
            hint = ""
            if self.view == "mine" and ws.agent is None:
                hint = " This view lists the conversations assigned to you: start with --agent NAME to have one."
            key = self.app.key_for
            how = (f"{key('app.back')} clears the search, {key('queue.search')} searches again"
                   if self.search_ids is not None else f"press {key('view.all')} for all, {key('queue.search')} to search")
            self.query_one(ThreadView).clear(f"No conversations in this view: {how}.{hint}")

    def _count_waiting(self, rows, snap) -> None:
        """Waiting, past SLA and oldest wait, from the queue (one pass, cached per queue)."""
        if self._counts[0] is rows:
            return
        waits = []
        for r in rows:  # the waiting tiers head the queue: the rest is not looked at
            if r.tier not in WAITING_TIERS:
                break
            # a past/within-SLA row's waiting_since is its conversation's; a hijack row may show when
            # the report came instead
            since = r.waiting_since if r.tier != "hijack-report" else r.conversation.waiting_since
            if since is not None:
                waits.append(snap.now - since)
        sla = snap.account.sla
        self._counts = (rows, (len(waits), sum(w >= sla for w in waits), max(waits, default=None)))

    def _refresh_status(self) -> None:
        waiting, past, oldest = self._counts[1] or (0, 0, None)
        view = "view: " + self.view + (f" lang={self.language}" if self.language else "")
        search = one_line(self.search_query, 30) if self.search_ids is not None else ""
        note = self._status_note
        self._report_store_problem()
        if self.ws.store_problem is not None:
            note = "⚠ a saved file is damaged: changes may not be kept (see the message)" + (" · " + note if note else "")
        trouble = self._sync_trouble()
        if trouble:
            note = trouble + (" · " + note if note else "")
        if self.trail is not None:
            code, index = self.trail
            count = len(self.report.get(code).evidence) if self.report else 0
            note = (note + " · " if note else "") + f"evidence {index + 1}/{count} of {code}: ] next, [ previous"
        self._status_position = self._position_text()
        self.query_one(StatusLine).show(waiting=waiting, past=past, oldest=format_duration(oldest) if oldest else "",
                                        source=self._source_text(), agent=self.ws.agent.name if self.ws.agent else None,
                                        view=view, note=note, position=self._status_position, search=search)

    def _position_text(self) -> str:
        """Where the cursor is in the view ("row 3/145"): the queue has no scrollbar."""
        queue = self.queue_view
        return f"row {queue.cursor + 1:,}/{len(queue.rows):,}" if queue.rows else ""

    def _refresh_after_others(self) -> None:
        """Another agent (or process) changed the workflow. The cursor stays on its conversation,
        unless that one was taken out of the waiting tiers (marked done, snoozed, answered) while
        this agent was only looking at it: then the cursor stays on the same screen line, on the
        next waiting conversation, as after this agent's own done, and says why."""
        view, row = self.queue_view, self.current
        index, top = view.cursor, view.scroll_offset.y
        self.refresh_all()
        moved = self.current
        self.tell_answered_meanwhile()
        writing = self.composer.is_open and row is not None and self.composer.conversation_id == row.id
        if row is None or writing or row.tier not in WAITING_TIERS:
            return
        if moved is not None and moved.id == row.id:
            if moved.tier not in WAITING_TIERS:
                self.stay_at(index, top)
                self.notify(f"{row.id} was marked {moved.tier} elsewhere; the cursor stays in the waiting "
                            "conversations.", markup=False)
        else:  # it left this view (the waiting view, a search): say why
            now = next((r for r in self.ws.queue() if r.id == row.id), None)
            if now is not None and now.tier not in WAITING_TIERS:
                where = (f"the cursor is on {self.current.id}" if self.current is not None
                         else "this view is empty now")
                self.notify(f"{row.id} was marked {now.tier} elsewhere and left this view; {where}.", markup=False)

    def _report_store_problem(self) -> None:
        """Once per problem: what is damaged and how to recover (the session goes on with the
        state last read; writes fail with the same message)."""
        problem = self.ws.store_problem
        if problem is not None and str(problem) != self._store_problem_shown:
            self._store_problem_shown = str(problem)
            self.notify(str(problem), title="Cannot read what was saved", severity="error", markup=False, timeout=20)

    def _replying_elsewhere(self) -> dict[str, str]:
        """Conversation id -> the colleague writing in it right now (announcements expire)."""
        return {v.get("conversation"): name for name, v in self.ws.presence().items()
                if v.get("conversation") and v.get("activity") == "replying"}

    def _refresh_presence(self) -> None:
        """A colleague's "is replying" goes when they stop, or when their app was killed and its
        announcement expired: no store change says so, so the tick looks while one is shown (a
        new one comes with a store change, through refresh_all)."""
        if self.queue_view.presence:
            self.queue_view.set_presence(self._replying_elsewhere())

    def _minute(self):
        return self.ws.now_fn().replace(second=0, microsecond=0)

    def _tick(self) -> None:
        """Team mode and the clock: others' claims and replies show within a second or two, and
        so do messages another process stored (a second agent's sync, `socialtui sync`, the
        monitor): this app's own sync is not the only one that finds them."""
        minute = self._minute()
        if self._shown_report is None:
            self._show_health_progress()
        self._take_in_stored_elsewhere()
        self._refresh_presence()
        if self.ws.refresh_if_changed():
            self._last_minute = minute
            self._refresh_after_others()
        elif minute != self._last_minute:
            self._last_minute = minute
            self.refresh_all()
        elif getattr(self.app, "live", None) is not None:
            self._refresh_status()  # the sync's state line

    # -- queue and thread ---------------------------------------------------------------
    def on_queue_view_highlighted(self, event: QueueView.Highlighted) -> None:
        event.stop()  # handled here: a held key sends one a key, no need to offer it to the app
        row = event.row
        if self._thread_focus is not None and (row is None or row.id != self._thread_focus[0]):
            self._thread_focus = None  # an evidence message is only scrolled to in its own conversation
        if row is not self.current:
            # Stale: keys typed ahead (j j r in one burst) moved on, or the rows were replaced,
            # before this message arrived; a newer one follows. Acting on it would close a
            # composer that was just opened on the row the cursor really is on.
            return
        composer = self.composer
        if composer.is_open and row is not None and composer.conversation_id not in (row.id, None):
            self._leave_composer()
        if row is None:
            self._stop_thread_timer()
        elif event.by_key:
            self._show_thread_soon()
        else:
            self._show_thread()

    def _show_thread_soon(self) -> None:
        """Show the thread once the cursor has rested THREAD_DELAY. A held key moves a plain
        asyncio timer on (cancel and call_later: microseconds); a Textual timer for every key, or one
        firing to reschedule itself, cost a task, a callback and a signature lookup each time."""
        if self._thread_timer is not None:
            self._thread_timer.cancel()
        self._thread_timer = asyncio.get_running_loop().call_later(THREAD_DELAY, self._thread_rested)

    def _thread_rested(self) -> None:
        self._thread_timer = None
        if self.is_attached:  # (from the event loop: the thread is drawn through the screen's own queue)
            self.call_next(self._show_thread)

    def _stop_thread_timer(self) -> None:
        if self._thread_timer is not None:
            self._thread_timer.cancel()
            self._thread_timer = None

    def _show_thread(self) -> None:
        self._stop_thread_timer()
        row = self.current
        if row is None and not self.queue_view_present:
            return  # queued just before the app closed: the panes are already gone
        if not self._loading and self._status_position != self._position_text():
            self._refresh_status()  # the cursor rests: say where (not per key; not before the counts are in)
        if row is None:
            return
        if self._loading:  # a row from the last session's queue: its messages are not loaded yet
            self.query_one(ThreadView).clear(self._loading_line())
            return
        snap = self.ws.snapshot()
        focus = self._thread_focus
        self.query_one(ThreadView).show(row.conversation, now=snap.now, account=snap.account,
                                        notes=self.ws.notes(row.id), state=snap.state.conversations.get(row.id),
                                        reason=row.reason, focus=focus[1] if focus and focus[0] == row.id else None)

    def on_queue_view_opened(self, event: QueueView.Opened) -> None:
        if not self._loading:
            self.query_one(ThreadView).focus()

    # -- sidebar, rules, evidence, alarm, help ------------------------------------------------
    def action_toggle_sidebar(self) -> None:
        if self.has_class("-narrow"):
            self.toggle_class("-sidebar")
            if self.has_class("-sidebar"):
                self.query_one(HealthSidebar).focus_rules()
            else:
                self.queue_view.focus()
        else:
            self.toggle_class("-nosidebar")

    def action_focus_health(self) -> None:
        if self.has_class("-narrow"):
            self.add_class("-sidebar")
        self.remove_class("-nosidebar")
        self.query_one(HealthSidebar).focus_rules()

    def action_help(self) -> None:
        self.app.push_screen(help_screen(self))

    def action_back(self) -> None:
        if self._composing_elsewhere and not self.has_class("-sidebar"):
            self.composer.focus_text()  # (from the thread it answers: back to the reply, where esc closes it)
            return
        if self.has_class("-sidebar"):
            self.action_toggle_sidebar()
        elif self.trail is not None:
            self.trail = None
            self._refresh_status()
        elif self.search_ids is not None:
            self.search_ids, self.search_query = None, ""
            self.refresh_all(keep=self._take_undone())
        elif self.focused is not self.queue_view:
            self.queue_view.focus()
        else:  # on the queue, nothing left to step back from: the notices go (an error's stays 20 s)
            self.app.clear_notifications()

    def action_focus_next(self) -> None:
        """tab: the next pane (queue, thread, health rules when shown); with the composer open, between
        the reply and the thread it answers only (the queue's keys would act on the conversation)."""
        if not self._between_reply_and_thread():
            self.focus_next()

    def action_focus_previous(self) -> None:
        if not self._between_reply_and_thread():
            self.focus_previous()

    def _between_reply_and_thread(self) -> bool:
        if not self.composer.is_open:
            return False
        if isinstance(self.focused, TextArea):
            self.query_one(ThreadView).focus()
        else:
            self.composer.focus_text()
        return True

    @property
    def _composing_elsewhere(self) -> bool:
        """A reply is open but the keys go elsewhere (tab to the thread, a click): its letters must
        not act on the conversation ("e" in a word typed on would mark it done)."""
        return self.composer.is_open and not isinstance(self.focused, (Input, TextArea))

    def action_back_or_quit(self) -> None:
        """q: back to the queue from wherever the agent is (a pane, the health view, a search, an
        evidence walk); it quits only from the queue itself, as esc would do nothing more there."""
        in_pane = self.focused is not None and self.focused is not self.queue_view
        if in_pane or self.has_class("-sidebar") or self.search_ids is not None or self.trail is not None:
            self.action_back()
        else:
            self.app.exit()  # (which keeps the composer's draft: SocialApp.exit)

    def on_key(self, event) -> None:
        """A conversation or evidence key that cannot act now says why (Textual leaves a disabled
        binding's key silent): the view is empty, the health view covers the queue, no rule's
        evidence is being walked."""
        if self._loading or (self.trail is not None and self.current is not None and not self._queue_covered()):
            return
        action = self._key_actions().get(event.key)
        if action is None or isinstance(self.focused, (Input, TextArea)):
            return
        why = self.why_not(action)
        if why:
            self.notify(why, markup=False)

    def _reply_holds(self, action: str) -> bool:
        """A reply is open, and this letter key's ``action`` waits until it is closed."""
        return self.composer.is_open and action not in KEPT_WHILE_COMPOSING

    def why_not(self, action: str) -> str | None:
        """Why ``action`` (a name, or a call such as "view('all')") cannot act now, for a key pressed
        or a palette command chosen (Textual leaves a refused action silent); None when it can."""
        action = action.split("(")[0]
        if action in self._letter_actions() and self._reply_holds(action):
            key = self.app.key_for
            return (f"A reply is open: {key('app.focus_next')} or {key('app.back')} goes back to it, and "
                    f"{key('composer.close')} there closes it (the draft is kept). Then this acts again.")
        if action in CONVERSATION_ACTIONS and self._queue_covered():
            return "The health view covers the queue: h closes it, then the key acts on the selected conversation."
        if action in CONVERSATION_ACTIONS and self.current is None:
            return self._why_nothing_selected()
        if action == "evidence" and self.trail is None:
            return ("] and [ walk a rule's evidence: open a rule in the health sidebar (H, then enter), and "
                    "enter on one of its items.")
        return None

    def _letter_actions(self) -> frozenset[str]:
        """This screen's actions bound only to printable characters (r, /, 1 ...), built once."""
        if self._letters is None:
            keys: dict[str, list[str]] = {}
            try:
                for key, bindings in self._bindings.key_to_bindings.items():
                    for b in bindings:
                        keys.setdefault(b.action.split("(")[0], []).append(key)
            except AttributeError:  # (a Textual without this map: offer everything, as before)
                pass
            printable = lambda key: len(key) == 1 or key in PRINTABLE_NAMES  # noqa: E731
            self._letters = frozenset(a for a, ks in keys.items() if all(printable(k) for k in ks))
        return self._letters

    def _key_actions(self) -> dict[str, str]:
        """This screen's keys (as remapped) -> their action's name, built on the first key."""
        if self._keys is None:  # (not from active_bindings: those leave out what check_action hides now)
            bindings = self._bindings.copy()
            if self.app._keymap:
                bindings.apply_keymap(self.app._keymap)
            keys: dict[str, str] = {}
            for key, found in bindings.key_to_bindings.items():
                for b in found:
                    keys.setdefault(key, b.action.split("(")[0])
            self._keys = keys
        return self._keys

    def _why_nothing_selected(self) -> str:
        if self.search_ids is not None:
            return (f"No conversation matches the search “{one_line(self.search_query, 30)}”: "
                    f"{self.app.key_for('app.back')} clears it.")
        if self.view != "all" or self.language:
            return (f"This view is empty, so that key has nothing to act on: {self.app.key_for('view.all')} shows all "
                    "conversations.")
        return "There is no conversation to act on yet."

    def _queue_covered(self) -> bool:
        """In a narrow terminal the health view covers the queue: conversation keys would act on
        a conversation the agent cannot see."""
        return self.has_class("-narrow") and self.has_class("-sidebar")

    def check_action(self, action: str, parameters) -> bool | None:
        """Hide what does not apply: conversation keys without a selection, evidence keys off a trail,
        everything but help and quit while a large account loads."""
        if self._loading:
            return True if action in ("help", "back_or_quit", "back") else None
        if action in self._letter_actions() and (isinstance(self.focused, (Input, TextArea))
                                                 or self._reply_holds(action)):
            return False  # while typing, its letter is text: the footer leaves it out (None would dim it)
        if action in CONVERSATION_ACTIONS and self._queue_covered():
            return False  # the footer is the health view's: its keys, not ones for a queue out of sight
        if action in CONVERSATION_ACTIONS and self.current is None:
            return None
        if action == "evidence" and self.trail is None:
            return None
        return True
