"""Drafts, lint and sending of the workspace (mixed into ``Workspace``).

A reply goes out through one path for the app and the ``reply`` command: the text as it
will really be sent (the addressed handle and the agent's signature added), the composer
lint on exactly that text, a refusal of what the platform would refuse, a confirmation
token for a suspicious link, and an idempotency key so a retry never posts twice.
"""

from __future__ import annotations

import hashlib
import uuid
from datetime import datetime, timedelta, timezone
from weakref import ref

from socialtui.domain.links import extract_links
from socialtui.domain.models import Author, Message
from socialtui.errors import SocialtuiError, UsageError
from socialtui.lint.checks import NEEDS_HANDLE
from socialtui.sanitize import clean_outbound

NEW_POST = "new-post"  # the draft slot of a new top-level post
AGENT_SEP = "\x1f"  # between a conversation id and an agent's name in a draft slot (ids hold no controls)


class SendRefused(SocialtuiError):
    """The platform would refuse the draft (L002): nothing was sent."""


class RepeatedReply(SendRefused):
    """The same words went to this conversation a moment ago (a command run twice)."""

    def __init__(self, earlier: dict) -> None:
        at = datetime.fromisoformat(earlier["at"]).astimezone(timezone.utc)
        super().__init__(f"Not sent: the same reply went to this conversation at {at:%H:%M} UTC "
                         f"({earlier.get('id', '?')}).", "Sending it again would post it twice; change it to "
                         "send another.")
        self.earlier = earlier


def _digest(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


REPEAT_WINDOW = timedelta(hours=1)  # identical replies to one conversation this close are a rerun


class ConfirmationNeeded(SocialtuiError):
    """A blocking lint finding (a suspicious link): send again with ``confirm_token``."""

    def __init__(self, findings: list, token: str) -> None:
        blocking = [f for f in findings if f.blocking]
        super().__init__("Not sent: " + " ".join(f.message for f in blocking),
                         "Check it, then confirm to send it anyway.")
        self.findings = findings
        self.token = token


class SendingMixin:
    """Needs ``store``, ``scope``, ``agent``, ``account``, ``live_sender``, ``now_fn``, ``snapshot()``
    and ``_after_write()`` of the workspace it is mixed into."""

    def _slot(self, cid: str | None) -> str:
        """Where this agent's draft (and send key) of ``cid`` is kept. In team mode each agent has
        their own: two agents typing in one conversation overwrote each other's words, and a
        shared send key let the platform take the second reply for a retry of the first."""
        base = cid or NEW_POST
        return f"{base}{AGENT_SEP}{self.agent.name}" if self.agent else base

    def draft(self, cid: str | None) -> str | None:
        """This agent's draft of ``cid``; else one kept without an agent (before team mode)."""
        def read():
            drafts = self.store.drafts(self.scope)  # (one read of the file for both slots)
            mine = drafts.get(self._slot(cid))
            return mine if mine is not None or not self.agent else drafts.get(cid or NEW_POST)
        return self._tolerant(read, None)

    def save_draft(self, cid: str | None, text: str) -> None:
        if text.strip():
            self.store.save_draft(self.scope, self._slot(cid), text)
        else:
            self._forget_draft(cid)

    def _forget_draft(self, cid: str | None) -> None:
        self.store.delete_draft(self.scope, self._slot(cid))
        if self.agent:  # the draft kept without an agent, which this one took over
            self.store.delete_draft(self.scope, cid or NEW_POST)

    def drafts(self) -> dict[str, str]:
        """Conversation id -> this agent's draft (and those kept without an agent)."""
        def read():
            me = self.agent.name if self.agent else None
            out = {}
            for key, text in self.store.drafts(self.scope).items():
                base, sep, owner = key.partition(AGENT_SEP)
                if not sep:
                    out.setdefault(base, text)
                elif owner == me:
                    out[base] = text
            return out
        return self._tolerant(read, {})

    def reply_target(self, cid: str | None, reply_to_id: str | None = None) -> Message | None:
        """The message a reply answers: ``reply_to_id``, else the conversation's latest inbound."""
        snap = self.snapshot()
        if reply_to_id is not None:
            target = snap.message(reply_to_id)
            if target is None:
                raise UsageError(f"No message {reply_to_id!r} here (at or before {snap.now:%Y-%m-%d %H:%M}).")
            return target
        conv = snap.conversations.get(cid) if cid else None
        if conv is None:
            return None
        return next((m for m in reversed(conv.messages) if m.direction == "in"), conv.last_message)

    def addressee(self, cid: str | None, reply_to_id: str | None = None) -> Message | None:
        """The customer's message whose author a reply addresses: the one answered, or, when that
        is one of the account's own, the customer's message it answered (up its thread; in a DM
        conversation, the latest customer's DM before it). None for a new post, or an own post
        that answered nobody."""
        target = self.reply_target(cid, reply_to_id)
        snap = self.snapshot()
        seen = set()
        while target is not None and target.direction != "in" and target.in_reply_to and target.id not in seen:
            seen.add(target.id)
            target = snap.message(target.in_reply_to)
        if target is None or target.direction == "in":
            return target
        if target.kind != "dm":
            return None
        conv = snap.conversations.get(target.conversation_key or "")
        before = [m for m in (conv.messages if conv else ()) if m.direction == "in" and m.created_at <= target.created_at]
        return before[-1] if before else None

    def prepare(self, cid: str | None, text: str, reply_to_id: str | None = None) -> str:
        """The text as it will be sent: the addressed handle and the agent's signature added."""
        text = clean_outbound(text).strip()
        target = self.addressee(cid, reply_to_id)
        if (target is not None and self.account.platform in NEEDS_HANDLE
                and target.author.handle.lower() != self.account.handle.lower()):
            from socialtui.rules.text.promotion import mentions

            handle = target.author.handle
            if handle.split("@")[0].lower() not in mentions(text):
                text = f"@{handle} {text}"
        if self.agent and self.agent.signature and self.agent.signature.lower() not in text.lower():
            text = f"{text} {self.agent.signature}"
        return text

    def lint(self, cid: str | None, text: str, reply_to_id: str | None = None):
        """Lint what will really be sent (handle and signature added), with the cached reply index."""
        from socialtui.lint import lint_draft

        snap = self.snapshot()
        with self._lint_lock:  # (the index is moved on in place from one snapshot to the next)
            return lint_draft(self.prepare(cid, text, reply_to_id), snapshot=snap,
                              reply_to=self.reply_target(cid, reply_to_id), agent=self.agent,
                              reply_index=self._week_index(snap))

    def prepare_lint(self) -> None:
        """Index the week's replies for L003 now (a worker does, once the rules have run): built
        on a large account's first keystroke in the composer, it held the screen for seconds."""
        snap = self.snapshot()
        with self._lint_lock:
            self._week_index(snap)

    def _week_index(self, snap):
        from socialtui.lint import build_reply_index

        held = self._reply_index
        if held is None or held[0]() is not snap:  # (weak: an old snapshot is not kept for this)
            held = self._reply_index = (ref(snap), build_reply_index(snap, None if held is None else held[1]))
        return held[1]

    def confirm_token(self, cid: str | None, text: str, reply_to_id: str | None = None) -> str:
        """Token confirming *this* text despite blocking findings; any edit needs a new one."""
        body = self.prepare(cid, text, reply_to_id)
        return hashlib.sha256(f"{self.scope}\0{cid}\0{reply_to_id}\0{body}".encode()).hexdigest()[:16]

    def _repeated(self, cid: str | None, body: str) -> dict | None:
        """The record of exactly ``body`` sent to ``cid`` from this store within REPEAT_WINDOW.
        (Kept as a digest of the words sent: the copy an instance sends back is rendered from
        its HTML, "@anna@remote.social" coming back as "@anna", so it cannot be compared.)"""
        digest = _digest(body)
        return next((r for r in self._recent_sends(cid) if r.get("digest") == digest), None)

    def _recent_sends(self, cid: str | None) -> list[dict]:
        """What was sent to ``cid`` from this store within REPEAT_WINDOW (a damaged or hand-edited
        record counts as none)."""
        records = self.store.get_meta(self.scope, f"last-sent:{cid or NEW_POST}")
        now, out = self.now_fn(), []
        for record in records if isinstance(records, list) else ():
            try:
                at = datetime.fromisoformat(record["at"])
                if at.tzinfo is not None and now - at < REPEAT_WINDOW:
                    out.append(record)
            except (KeyError, TypeError, ValueError):
                continue
        return out

    def send_reply(self, cid: str | None, text: str, *, confirm_token: str | None = None,
                   reply_to_id: str | None = None, again: bool = False) -> Message:
        """Send (live) or record (demo) a reply exactly once; the draft is cleared after.

        Refuses a draft the platform would refuse (L002) and raises
        :class:`ConfirmationNeeded` for a suspicious link (L005) unless ``confirm_token``
        (from :meth:`confirm_token` or the exception) confirms this exact text.
        """
        body = self.prepare(cid, text, reply_to_id)
        if not body:
            raise UsageError("Nothing to send: the reply is empty.")
        findings = self.lint(cid, text, reply_to_id)
        too_long = next((f for f in findings if f.code == "L002"), None)
        if too_long is not None:
            raise SendRefused(f"Not sent: {too_long.message}", too_long.suggestion)
        if any(f.blocking for f in findings):
            token = self.confirm_token(cid, text, reply_to_id)
            if confirm_token != token:
                raise ConfirmationNeeded(findings, token)
        # One send at a time from this workspace, in every process: two that read no key at once
        # both posted. The second waits, then finds the first's record and refuses a repeat.
        with self.store.sending(self.scope):
            message = self._send_once(cid, body, reply_to_id, again)
        self._after_write()
        return message

    def _send_once(self, cid: str | None, body: str, reply_to_id: str | None, again: bool) -> Message:
        target = self.reply_target(cid, reply_to_id)
        key_name = f"idempotency:{self._slot(cid)}"
        key = self.store.get_meta(self.scope, key_name)
        if not key and not again:  # (a key left over: a send whose outcome is unknown goes on)
            earlier = self._repeated(cid, body)
            if earlier is not None:
                raise RepeatedReply(earlier)
        if not key and self.agent:  # a send of unknown outcome from before team mode: its key goes on
            legacy = f"idempotency:{cid or NEW_POST}"
            key = self.store.get_meta(self.scope, legacy)
            if key:
                self.store.set_meta(self.scope, key_name, key)
                self.store.set_meta(self.scope, legacy, None)
        if not key:
            key = uuid.uuid4().hex
            self.store.set_meta(self.scope, key_name, key)
        if self.live_sender is not None:
            message = self.live_sender(target, body, key)
        else:
            kind = "post" if target is None else ("dm" if target.kind == "dm" else "reply")
            message = Message(
                id=f"sent-{key[:12]}", kind=kind, direction="out", author=Author(self.account.handle),
                text=body, created_at=self.now_fn(), in_reply_to=target.id if kind == "reply" else None,
                conversation=target.conversation if kind == "dm" else None, client="socialtui",
                links=extract_links(body),  # as a loaded message's: the thread and SEC002 look at them
            )
        self.store.add_sent(self.scope, message, self.time_shift)
        self.store.set_meta(self.scope, key_name, None)
        self._tolerant(lambda: self.store.set_meta(self.scope, f"last-sent:{cid or NEW_POST}", [
            *self._recent_sends(cid)[-9:], {"digest": _digest(body), "at": self.now_fn().isoformat(),
                                            "id": message.id}]), None)
        # Sent and recorded: a draft that cannot be cleared (a damaged drafts file) must not make
        # the send look failed, or a second ctrl+s would send it again.
        self._tolerant(lambda: self._forget_draft(cid), None)
        return message

