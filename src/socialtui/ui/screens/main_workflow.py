"""Workflow keys of the main screen: done, reopen, snooze, escalate, assign/claim, note, tag,
undo, why, saved views, language filter and search. Every change is undoable with ``u``.

A mixin of :class:`MainScreen` (it uses ``self.ws``, ``self.current``, ``refresh_all``).
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Callable

from rich.text import Text

from socialtui.domain.timeutil import DurationTooLong, parse_duration, parse_timestamp
from socialtui.errors import SocialtuiError
from socialtui.ui.screens.dialogs import ChoiceScreen, ConfirmScreen, InfoScreen, PromptScreen
from socialtui.ui.format import one_line
from socialtui.ui.views import VIEWS, filter_rows
from socialtui.workspace import MAX_SNOOZE

CONVERSATION_ACTIONS = frozenset({"done", "reopen", "snooze", "escalate", "assign", "note", "tag", "reply", "why"})


_TOO_LONG = "A snooze ends within a year: give a shorter duration, or mark it done (it comes back when they write)."
_TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}T")  # (not "3 Tage": a German duration has a capital T too)

class WorkflowMixin:
    def _act(self, fn, *args, advance: bool = False) -> None:
        """Run a workflow action on the selected conversation. ``advance``: the action takes it
        out of the way (done, snooze, escalate), so the cursor stays where it was, on the next
        conversation, instead of following it down the queue."""
        row = self.current
        if row is None:
            self.notify("Select a conversation first.", markup=False)
            return
        index, top = self.queue_view.cursor, self.queue_view.scroll_offset.y
        try:
            message = fn(row.id, *args)
        except SocialtuiError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        self._sent_last = None  # (u undoes this change now)
        if row.participants:  # "Marked k0354 done" says little: whose conversation it was
            message = message.replace(row.id, f"{row.id} (@{row.participants[0]})", 1)
        self.notify(f"{message}  ({self.app.key_for('app.undo')} to undo)", markup=False)
        if advance:
            self.refresh_all(at=index)  # (not looking for the row: it moved, perhaps to the end)
            self.stay_at(index, top)
        else:
            self.refresh_all(keep=row.id)

    def stay_at(self, index: int, top: int) -> None:
        """Put the cursor back on row ``index`` (or the last row) after the rows changed, with the
        list scrolled as it was, so the next conversation sits on the same screen line."""
        view = self.queue_view
        if view.rows:
            view.scroll_to(y=top, animate=False, immediate=True)
            view.cursor = min(index, len(view.rows) - 1)

    def action_done(self) -> None:
        row = self.current
        if row is not None and row.tier == "hijack-report" and self.ws.unanswered_hijack_reports(row.id):
            # the one kind of conversation whose silent "done" hides an alarm: ask first
            who = "@" + (row.participants[0] if row.participants else "someone")
            body = Text(f"{who} reports that this account may be hijacked, and nobody has answered yet. Done takes "
                        "it off the top of the queue; SEC004 keeps failing until the report is answered.")
            self.app.push_screen(ConfirmScreen("Mark this hijack report done without an answer?", body),
                                 lambda yes: yes and self._act(self.ws.mark_done, advance=True))
            return
        self._act(self.ws.mark_done, advance=True)

    def action_done_thanks(self) -> None:
        """Every listed conversation marked thx (all the customer said since the answer is thanks),
        done at once after a question; one undo takes them all back."""
        from socialtui.queue import thanks_row

        account = self.ws.account
        rows = [r for r in self.queue_view.rows if thanks_row(r, account)]
        if not rows:
            self.notify("No conversation in this list only says thanks (thx).", markup=False)
            return
        who = ", ".join("@" + (r.participants[0] if r.participants else "?") for r in rows[:5])
        more = f" and {len(rows) - 5} more" if len(rows) > 5 else ""
        body = Text(f"{who}{more}: all they wrote since your answer is thanks. "
                    f"{self.app.key_for('app.undo')} takes all of them back at once.")

        def done(yes: bool) -> None:
            if not yes:
                return
            try:
                message = self.ws.mark_all_done([r.id for r in rows], "that only say thanks")
            except SocialtuiError as exc:
                self.notify(str(exc), severity="error", markup=False)
                return
            self._sent_last = None
            self.notify(f"{message}  ({self.app.key_for('app.undo')} to undo)", markup=False)
            self._refresh_keeping_unmarked({r.id for r in rows})

        self.app.push_screen(ConfirmScreen(f"Mark {len(rows)} conversation{'s' if len(rows) != 1 else ''} "
                                           "that only say thanks done?", body), done)

    def _refresh_keeping_unmarked(self, marked: set[str]) -> None:
        """After a bulk action on ``marked``: the cursor stays on the selected conversation if it
        was not one of them, else goes on to the next row that was not (the one before, at the
        end), on the same screen line. Rows above it left the list, so its row number changed:
        staying at the same row number selected some other conversation further down."""
        view = self.queue_view
        shown, index, top = view.rows, view.cursor, view.scroll_offset.y
        after = next((i for i in range(index, len(shown)) if shown[i].id not in marked), None)
        before = next((i for i in range(min(index, len(shown)) - 1, -1, -1) if shown[i].id not in marked), None)
        kept = after if after is not None else before
        if kept is None:  # (every listed conversation was marked)
            self.refresh_all(at=0)
            return
        line = min(max(0, kept - top), max(0, view.size.height - 1))  # where it was on screen
        self.refresh_all(keep=shown[kept].id)
        self.stay_at(view.cursor, max(0, view.cursor - line))

    def action_reopen(self) -> None:
        self._act(self.ws.reopen)

    def action_snooze(self) -> None:
        if self.current is None:
            return
        refused = self.ws.why_not_snoozed(self.current.id) if self.current.tier in ("hijack-report", "done") else None
        if refused is not None:  # said before the agent picks a time
            self.notify(str(refused), severity="error", markup=False)
            return
        now = self.ws.now_fn()
        tomorrow = (now + timedelta(days=1)).replace(hour=9, minute=0, second=0, microsecond=0)
        monday = (now + timedelta(days=(7 - now.weekday()) or 7)).replace(hour=9, minute=0, second=0, microsecond=0)
        choices = [("1h", "1 hour"), ("4h", "4 hours"), (tomorrow.isoformat(), f"Tomorrow {tomorrow:%a %H:%M}"),
                   (monday.isoformat(), f"Next Monday {monday:%d %b %H:%M}"), ("custom", "Custom duration…")]

        def chosen(value: str | None) -> None:
            if value == "custom":
                self.app.push_screen(PromptScreen("Snooze for how long?", "e.g. 90m, 2h, 3d",
                                                  check=lambda v: _problem(self._snooze_until, v),
                                                  required="Type how long, such as 90m, 2h or 3d"), self._snooze_for)
            elif value:
                self._snooze_for(value)

        self.app.push_screen(ChoiceScreen("Snooze until… (or until they write again)", choices), chosen)

    def _snooze_until(self, value: str) -> datetime:
        """When a snooze given as ``value`` ends; ValueError saying what to write instead."""
        try:
            if _TIMESTAMP.match(value.strip()):  # one of the offered times, or one typed with its offset
                until = parse_timestamp(value.strip())
            else:
                until = self.ws.now_fn() + parse_duration(value.strip())
        except (DurationTooLong, OverflowError):  # (99999d is written like 3d: "not a duration" misled)
            raise ValueError(_TOO_LONG) from None
        except ValueError:
            raise ValueError(f"{value!r} is not a duration like 90m, 2h or 3d, nor a time with its offset "
                             "like 2026-12-01T09:00+01:00.") from None
        if until <= self.ws.now_fn():  # (said in the prompt, which stays open to fix it)
            raise ValueError("A snooze must end in the future: give a duration such as 2h, or a later time.")
        if until - self.ws.now_fn() > MAX_SNOOZE:
            raise ValueError(_TOO_LONG)
        return until

    def _snooze_for(self, value: str | None) -> None:
        if not value:
            return
        try:
            until = self._snooze_until(value)
        except ValueError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        self._act(self.ws.snooze, until, advance=True)

    def action_escalate(self) -> None:
        if self.current is None:
            return

        def escalation(value: str) -> tuple[str, timedelta]:
            who, _, due = value.partition(",")
            if not who.strip():
                raise ValueError("Name the person or team first, then the due time (e.g. Billing, 4h).")
            try:
                delta = parse_duration(due.strip() or "24h")
            except DurationTooLong as exc:  # (written right: "not a duration" would mislead)
                raise ValueError(f"The follow-up is due too far ahead: {exc}.") from None
            except ValueError:
                raise ValueError(f"{due.strip()!r} is not a duration: write it as person or team, due "
                                 "(e.g. Billing, 4h).") from None
            if delta <= timedelta(0):
                raise ValueError("The follow-up must be due later than now (e.g. Billing, 30m).")
            return who.strip(), delta

        def got(value: str | None) -> None:
            if not value:
                return
            try:
                who, delta = escalation(value)
            except ValueError as exc:
                self.notify(str(exc), severity="error", markup=False)
                return
            self._act(self.ws.escalate, who, self.ws.now_fn() + delta, advance=True)

        self.app.push_screen(PromptScreen("Escalate to whom, and when is the public follow-up due?",
                                          "Billing team, 4h", help_text="name or team, a comma, then a duration "
                                                                        "(default 24h)",
                                          check=lambda v: _problem(escalation, v),
                                          required="Type who takes it and when the answer is due, such as Billing, 4h"),
                             got)

    def action_assign(self) -> None:
        if self.current is None:
            return
        me = self.ws.agent.name if self.ws.agent else None
        choices = [(me, f"Me ({me}): claim it")] if me else []
        choices += [(a.name, a.name) for a in self.ws.account.agents if a.name != me]
        choices.append(("", "Nobody (unassign)"))
        self.app.push_screen(ChoiceScreen("Assign to…", choices),
                             lambda v: v is not None and self._act(self.ws.assign, v or None))

    def action_note(self) -> None:
        if self.current is None:
            return
        self.app.push_screen(PromptScreen("Internal note (never sent)", "called them, refund on its way",
                                          required="Type the note first"),
                             lambda v: v and self._act(self.ws.add_note, v))

    def action_tag(self) -> None:
        if self.current is None:
            return

        cid = self.current.id

        def got(value: str | None) -> None:
            value = (value or "").strip()
            if value:
                self._act(self.ws.tag, value)  # "billing, vip, -old": all of it, one undo

        def problem(value: str) -> str | None:  # (said under the field, which keeps the text to mend)
            try:
                self.ws.tag_change(cid, value)
            except SocialtuiError as exc:
                return exc.message + (f" {exc.hint}" if exc.hint else "")
            return None

        self.app.push_screen(PromptScreen("Tag (-tag removes it; commas between several)", "billing, vip, -k7 …",
                                          check=problem, required="Type a tag, or -tag to remove one"), got)

    def action_undo(self) -> None:
        sent, self._sent_last = self._sent_last, None
        if sent is not None:  # the last thing done was a send: u is not taken to undo it
            cid = self.ws.undo_conversation()
            more = (f" {self.app.key_for('app.undo')} again undoes your last change, in {cid}." if cid is not None
                    else "")
            self.notify(f"{sent[0].upper()}{sent[1:]} cannot be undone here (delete it on the platform if you "
                        f"must).{more}", markup=False)
            return
        cid = self.ws.undo_conversation()
        message = self.ws.undo()
        self.refresh_all(keep=cid)  # back on the conversation it concerned (done moved on from it)
        if message and cid and not any(r.id == cid for r in self.queue_view.rows):
            # the view or the search leaves it out: say so, or the undo looks as if it did nothing
            key, ways = self.app.key_for, []
            if self.search_ids is not None:
                ways.append(f"{key('app.back')} clears the search")
            if self.view != "all":
                ways.append(f"{key('view.all')} shows all conversations")
            if self.language:
                ways.append(f"{key('queue.language')} changes the language filter")
            message += f" It is not in this list: {', '.join(ways)}."
            self._undone_elsewhere = cid
        self.notify(message or "Nothing to undo.", markup=False)

    def action_why(self) -> None:
        row = self.current
        if row is None:
            return
        who = f" (@{row.participants[0]})" if row.participants else ""
        body = Text(row.reason)
        queue = self.queue_view
        if queue.rows is not self.ws.queue():  # a view, a search or a language filter: where it is in that
            narrowed = [f"view {self.view}"] + ([f"search “{one_line(self.search_query, 30)}”"]
                                                if self.search_ids is not None else []) \
                + ([f"language {self.language}"] if self.language else [])
            body.append(f"\n\nIn this list ({', '.join(narrowed)}) it is row {queue.cursor + 1:,} of "
                        f"{len(queue.rows):,}; #{row.position:,} is its place in the whole queue.")
        if row.tier == "past-sla":  # its tier's count; the status line's (the past-SLA view) holds others too
            snap = self.ws.snapshot()
            late = filter_rows(self.ws.queue(), "past-sla", late_since=snap.now - snap.account.sla)
            others = {tier: sum(r.tier == tier for r in late) for tier in ("hijack-report", "escalated")}
            also = [f"{n:,} hijack report{'s' if n != 1 else ''} (pinned on top)" if tier == "hijack-report"
                    else f"{n:,} escalated conversation{'s' if n != 1 else ''} (further down)"
                    for tier, n in others.items() if n]
            if also:
                body.append(f"\n\nThe status line's past-SLA figure also counts {' and '.join(also)} "
                            "waiting that long.")
        self.app.push_screen(InfoScreen(f"Why {row.id}{who} is #{row.position:,} in the queue ({row.tier})", body))

    # -- views and search ----------------------------------------------------------------
    def action_view(self, name: str) -> None:
        self.view = name
        self.refresh_all(keep=self._take_undone())

    def _take_undone(self) -> str | None:
        """The conversation an undo left out of the list, once (then the selection as it is)."""
        cid, self._undone_elsewhere = self._undone_elsewhere, None
        return cid

    def action_choose_view(self) -> None:
        self.app.push_screen(ChoiceScreen("Show…", list(VIEWS.items()), current=self.view),
                             lambda v: v and self.action_view(v))

    def action_cycle_language(self) -> None:
        langs = sorted({m.lang for m in self.ws.snapshot().in_window if m.direction == "in" and m.lang})
        order = [None, *langs]
        self.language = order[(order.index(self.language) + 1) % len(order)] if self.language in order else None
        self.notify(f"Language: {self.language or 'all'}", markup=False)
        self.refresh_all()

    def action_search(self) -> None:
        def got(query: str | None) -> None:
            if query is None:
                return
            if not query.strip():
                self.search_ids, self.search_query = None, ""
            else:
                self.search_ids, self.search_query = set(self.ws.search(query)), query.strip()
                self.app.clear_notifications()  # (an earlier search's "nothing matches" is not about this one)
                if not self.search_ids:
                    self.notify(f"Nothing matches “{one_line(query.strip(), 60)}”. {self.app.key_for('app.back')} clears the search.",
                                    markup=False)
                self.refresh_all(at=0)  # the results from the first (best-placed) match on
                return
            self.refresh_all()

        clear = self.app.key_for("app.back")
        self.app.push_screen(PromptScreen("Search text and handles", "K7, @anna, Lieferung …", self.search_query,
                                          help_text=f"enter searches · an empty search or {clear} on the queue clears it"),
                             got)


def _problem(parse: Callable[[str], object], value: str) -> str | None:
    """What ``parse`` finds wrong with ``value`` (a prompt shows it and stays open), or None."""
    try:
        parse(value)
    except ValueError as exc:
        return str(exc)
    return None
