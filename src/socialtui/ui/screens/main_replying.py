"""Replying on the main screen: open the composer, live lint, drafts, confirm and send, $EDITOR.

A mixin of :class:`MainScreen` (it uses ``self.ws``, ``self.current``, ``refresh_all``);
kept apart so each file reads in one sitting.
"""

from __future__ import annotations

import asyncio
import os
import shlex
import subprocess
import tempfile

from rich.text import Text
from textual import work

from socialtui.errors import NetworkError, SocialtuiError
from socialtui.lint.length import UNITS, remaining
from socialtui.sanitize import is_look_alike
from socialtui.ui.format import one_line
from socialtui.ui.screens.dialogs import ConfirmScreen
from socialtui.ui.widgets.composer import Composer

LINT_DELAY = 0.15  # s after the last keystroke
DRAFT_DELAY = 0.8  # s after the last keystroke: a killed terminal loses under a second of typing


class ReplyingMixin:
    def _init_replying(self) -> None:
        self._lint_timer = None
        self._draft_timer = None
        self._sent_last: str | None = None  # "a sent reply" right after a send, until u or a workflow change

    @property
    def composer(self) -> Composer:
        return self._pane(Composer)

    def action_reply(self) -> None:
        row = self.current
        if row is None:
            self.notify("Nothing selected to reply to.", markup=False)
            return
        target = self.ws.reply_target(row.id)
        draft = self.ws.draft(row.id)
        own = self.ws.account.handle
        impostor = target is not None and target.direction == "in" and is_look_alike(target.author.handle, own)
        prefill = None
        if draft is None and target is not None and target.kind != "dm" and target.direction == "in" \
                and not impostor:  # (their handle, cleaned, is this account's: it would address you)
            draft = prefill = f"@{target.author.handle} "
        who = f"@{target.author.handle}" if target else row.id
        if impostor:  # (L008 says what it means under the reply; a toast would sit on top of it at 80x24)
            who = f"⚠ a look-alike of your own handle ({who})"
        others = [p for p in row.participants if target is None or p != target.author.handle]
        # Most telling first: a narrow pane cuts the end of the line (with an ellipsis)
        title = f"Reply to {who}" + (" · direct message" if row.conversation.is_dm else "")
        title += (f" · thread with {', '.join('@' + p for p in others[:3])}" if others else "") + f" · in {row.id}"
        self.composer.open(row.id, title, draft or "", prefilled=prefill is not None)
        # what the thread held when the reply began: an answer from elsewhere after it is told
        self._composing_seen = (row.id, frozenset(m.id for m in row.conversation.messages))
        # Team mode: each agent has their own draft, but the customer should not get two answers.
        busy = [name for name, v in self.ws.presence().items()
                if v.get("conversation") == row.id and v.get("activity") == "replying"]
        if busy:
            self.notify(f"{' and '.join(busy)} {'is' if len(busy) == 1 else 'are'} replying here right now: "
                        "agree who answers before you both send.", severity="warning", markup=False, timeout=8)
        self.ws.set_replying(row.id)
        self._lint_now()

    def action_compose(self) -> None:
        if self._queue_covered():  # (the health view of a narrow terminal hides the composer too)
            self.action_toggle_sidebar()
        self.composer.open(None, f"New top-level post as @{self.ws.account.handle}", self.ws.draft(None) or "")
        self._lint_now()

    def on_composer_changed(self, event: Composer.Changed) -> None:
        for timer in (self._lint_timer, self._draft_timer):
            if timer is not None:
                timer.stop()
        self._lint_timer = self.set_timer(LINT_DELAY, self._lint_now)
        self._draft_timer = self.set_timer(DRAFT_DELAY, self._save_draft_now)

    def answered_meanwhile(self) -> list:
        """The account's messages that joined the conversation being answered since the composer
        opened on it: another agent's reply, or one sent from another device."""
        seen = getattr(self, "_composing_seen", None)
        composer = self.composer
        if seen is None or not composer.is_open or composer.conversation_id != seen[0]:
            return []
        conv = self.ws.conversation(seen[0])
        return [] if conv is None else [m for m in conv.messages if m.direction == "out" and m.id not in seen[1]]

    def _signed_by(self, m) -> str:
        """' by Dana Kruger' when the answer carries a team member's signature, else nothing."""
        who = self.ws.account.signer(m.text)
        return f" by {who.name}" if who else ""

    def tell_answered_meanwhile(self) -> None:
        """Once per answer: someone else answered the conversation this agent is replying in."""
        told = getattr(self, "_told_meanwhile", set())
        fresh = [m for m in self.answered_meanwhile() if m.id not in told]
        if fresh:
            self._told_meanwhile = told | {m.id for m in fresh}
            m = fresh[-1]
            self.notify(f"{self.composer.conversation_id} was answered meanwhile{self._signed_by(m)} "
                        f"({m.created_at:%H:%M}): "
                        f"“{one_line(m.text, 70)}”. Read it before you send yours.",
                        severity="warning", markup=False, timeout=12)

    def _lint_now(self) -> None:
        composer = self.composer
        if not composer.is_open:
            return
        text = composer.text
        cid = composer.conversation_id
        findings = self.ws.lint(cid, text) if text.strip() else []
        platform = self.ws.account.platform
        # what is left for the words: the handle and the signature that sending adds count from the start
        left = remaining(self.ws.prepare(cid, text), platform)
        composer.show_findings(findings, left, UNITS.get(platform, "characters"))

    def _save_draft_now(self) -> None:
        composer = self.composer
        if composer.is_open:
            try:  # (only the handle put in when it opened: nothing to keep)
                self.ws.save_draft(composer.conversation_id, "" if composer.untouched else composer.text)
            except SocialtuiError as exc:
                self.notify(str(exc), severity="error", markup=False)

    def _leave_composer(self) -> None:
        """Keep the draft and close (the selection moved to another conversation)."""
        self._save_draft_now()
        self.composer.close()
        self.ws.set_replying(None)

    def on_composer_closed(self, event: Composer.Closed) -> None:
        self._leave_composer()
        self.queue_view.focus()
        self.refresh_all()

    def on_composer_send_requested(self, event: Composer.SendRequested) -> None:
        self._confirm_and_send(event.text)

    @work(exclusive=True, group="send", description="confirm and send")
    async def _confirm_and_send(self, text: str) -> None:
        composer = self.composer
        cid = composer.conversation_id
        if not text.strip():
            self.notify("The post is empty: write something first." if cid is None
                        else "The reply is empty: write something first.", markup=False)
            return
        self._save_draft_now()
        findings = self.ws.lint(cid, text)
        if any(f.code == "L002" for f in findings):
            self.notify("Too long for the platform: shorten it before sending.", severity="error", markup=False)
            return
        final = self.ws.prepare(cid, text)
        body = Text()
        row = self.current
        private = row is not None and cid == row.id and row.conversation.is_dm
        body.append("This exact text will be sent as a direct message:\n" if private
                    else "This exact text will be published:\n", "dim")
        body.append(final + "\n\n")
        for f in findings:
            body.append(f"{'⛔' if f.blocking else '⚠'} {f.code} {f.message}\n", "bold red" if f.blocking else "yellow")
        meanwhile = self.answered_meanwhile() if cid is not None else []
        for m in meanwhile:
            body.append(f"⚠ Answered meanwhile{self._signed_by(m)}, {m.created_at:%H:%M}: “{one_line(m.text, 120)}”\n",
                        "bold")
        blocking = any(f.blocking for f in findings)
        question = "Send anyway?" if findings else "Send this?"
        if meanwhile:
            question = "Someone answered this meanwhile. Send yours as well?"
        if blocking:
            question = "This contains a suspicious link. Send it anyway?"
        if not await self.app.push_screen_wait(ConfirmScreen(question, body, strict=blocking)):
            composer.focus_text()
            return
        # The agent confirmed these exact words; a blocking finding needs that confirmation passed on.
        token = self.ws.confirm_token(cid, text) if blocking else None
        target = self.ws.reply_target(cid) if cid is not None else None  # (for the message once sent)
        from socialtui.ui.screens import main  # (main imports this module)

        large = len(self.ws.dataset.messages) > main.SYNC_HEALTH_LIMIT
        try:
            # Over the network, or on a large account (recording it re-checks the draft against a
            # week of replies: seconds at 1M), in a thread: the keys stay alive meanwhile.
            if self.ws.live_sender is not None or large:
                if self.ws.live_sender is not None:
                    self.notify("Sending…", markup=False, timeout=3)
                sent = await asyncio.to_thread(self._send_and_order, cid, text, token, large)
            else:
                sent = self.ws.send_reply(cid, text, confirm_token=token)
        except NetworkError as exc:  # (not "run socialtui sync": that sends nothing)
            self.notify(f"Not sent: {exc.message}\n  Your text is kept: {self.app.key_for('composer.send')} tries again "
                        "(it is sent only once).",
                        severity="error", markup=False, timeout=15)
            return
        except SocialtuiError as exc:
            self.notify(str(exc), severity="error", markup=False, timeout=10)
            return
        composer.close()
        self.ws.set_replying(None)
        # (u undoes workflow changes, not a send: the next u says so instead of undoing an older
        # change elsewhere as if it were this one)
        if cid is None:
            self._sent_last = "a published post"
            self.notify(f"Posted as @{self.ws.account.handle} ({sent.id}). A post cannot be undone here.",
                        markup=False)
        else:
            to = f" to @{target.author.handle}" if target is not None else ""
            self._sent_last = "a sent reply"
            self.notify(f"Reply{to} sent in {cid} ({sent.id}). A sent reply cannot be undone here.", markup=False)
        index, top = self.queue_view.cursor, self.queue_view.scroll_offset.y
        self.refresh_all(keep=cid)
        if cid is not None:  # answered: on to the conversation now in its place
            self.stay_at(index, top)
        self.queue_view.focus()

    def _send_and_order(self, cid, text: str, token, large: bool):
        """(In a worker.) Send, then on a large account order the queue with the answered
        conversation moved, in the same worker: no gap in which the UI thread would do it."""
        sent = self.ws.send_reply(cid, text, confirm_token=token)
        if large:
            self.ws.queue()
        return sent

    def on_composer_editor_requested(self, event: Composer.EditorRequested) -> None:
        editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
        with tempfile.NamedTemporaryFile("w+", suffix=".txt", delete=False, encoding="utf-8") as fh:
            fh.write(event.text)
            path = fh.name
        try:
            failed: Exception | None = None
            status = 0
            with self.app.suspend():
                try:  # inside: an error escaping suspend() would leave the terminal suspended for good
                    status = subprocess.run([*shlex.split(editor), path], check=False).returncode
                except (OSError, ValueError) as exc:
                    failed = exc
            if failed is not None:
                raise failed
            if status != 0:  # (vim's :cq, a crashed editor: what it wrote is not what was meant)
                self.notify(f"The editor {editor!r} ended with status {status}, so the composer keeps what it had. "
                            f"Save and quit it normally to take its text ({self.app.key_for('composer.editor')} "
                            "opens it again).", severity="warning", markup=False)
                return
            with open(path, encoding="utf-8") as fh:
                self.composer.set_text(fh.read().rstrip("\n"))
            self._save_draft_now()
        except UnicodeDecodeError:
            self.notify("The editor saved text that is not UTF-8, so the composer keeps what it had. "
                        f"Save the file as UTF-8 and press {self.app.key_for('composer.editor')} again.",
                        severity="error", markup=False)
        except (OSError, ValueError) as exc:
            self.notify(f"Could not run the editor {editor!r}: {exc}", severity="error", markup=False)
        finally:
            os.unlink(path)
