"""ThreadView: the whole conversation as one Static holding Rich Text built from plain strings."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from socialtui.domain.timeutil import format_timestamp
from socialtui.rules.text.links import analyse_link, registrable_domain
from socialtui.ui.format import MAX_MESSAGE_CHARS, MAX_THREAD_MESSAGES, ago


class ThreadView(VerticalScroll, can_focus=True):
    DEFAULT_CSS = """
    ThreadView { background: $background; padding: 0 1; }
    ThreadView > Static { width: 100%; }
    """
    BINDINGS = [("j", "scroll_down", "Scroll down"), ("k", "scroll_up", "Scroll up")]

    def compose(self):
        yield Static(Text("Select a conversation on the left (j/k, enter)."), id="thread-body")

    def show(self, conversation, *, now: datetime, account, notes=(), state=None, reason: str = "") -> None:
        self.query_one("#thread-body", Static).update(
            render_thread(conversation, now=now, account=account, notes=notes, state=state, reason=reason))
        self.scroll_end(animate=False)

    def clear(self, message: str) -> None:
        self.query_one("#thread-body", Static).update(Text(message))


def render_thread(conversation, *, now, account, notes=(), state=None, reason: str = "") -> Text:
    out = Text()
    kind = "Direct messages" if conversation.is_dm else "Thread"
    people = ", ".join("@" + p for p in conversation.participants) or "—"
    out.append(f"{kind} with {people}\n", "bold")
    status = []
    if state is not None and state.status != "open":
        status.append(state.status + (f" to {state.escalated_to}" if state.escalated_to else ""))
    if state is not None and state.assignee:
        status.append(f"assigned to {state.assignee}")
    if state is not None and state.tags:
        status.append(" ".join("#" + t for t in state.tags))
    if status:
        out.append(" · ".join(status) + "\n", "italic")
    if reason:
        out.append(f"Why here: {reason}\n", "dim")
    messages = conversation.messages
    if len(messages) > MAX_THREAD_MESSAGES:
        out.append(f"… {len(messages) - MAX_THREAD_MESSAGES} earlier messages not shown\n", "dim")
        messages = messages[-MAX_THREAD_MESSAGES:]
    timeline = [(m.created_at, 0, m) for m in messages] + \
               [(datetime.fromisoformat(n["at"]), 1, n) for n in notes]
    timeline.sort(key=lambda x: (x[0], x[1]))
    for when, is_note, item in timeline:
        out.append("\n")
        if is_note:
            out.append(f"  ✎ internal note by {item['author']} · {ago(now, when)}\n", "bold magenta")
            out.append(_indent(item["text"], "    ") + "\n", "magenta")
            continue
        _append_message(out, item, now, account)
    return out


def _append_message(out: Text, m, now, account) -> None:
    outbound = m.direction == "out"
    arrow = "▶" if outbound else "◀"
    indent = "      " if outbound else "  "
    who = f"@{m.author.handle}" + (f" ({m.author.name})" if m.author.name else "")
    head = f"{indent[:-2]}{arrow} {who} · {ago(now, m.created_at)} · {format_timestamp(m.created_at)}"
    if m.kind in ("dm", "repost"):
        head += f" · {m.kind.upper()}"
    if m.client:
        head += f" · via {m.client}"
    out.append(head + f"  [{m.id}]\n", "bold cyan" if outbound else "bold")
    body = m.text
    if m.kind == "repost" and m.repost_of:
        body = f"reposted @{m.repost_of.author}: {m.repost_of.text}"
    if len(body) > MAX_MESSAGE_CHARS:
        body = body[:MAX_MESSAGE_CHARS] + f"\n… ({len(m.text) - MAX_MESSAGE_CHARS} more characters)"
    lines = body.split("\n")
    if len(lines) > 40:
        lines = lines[:40] + [f"… ({len(lines) - 40} more lines)"]
    out.append(_indent("\n".join(lines), indent) + "\n", "cyan" if outbound else "")
    for link in m.links[:10]:
        domain = registrable_domain(link.url) or "?"
        findings = analyse_link(link, account)
        line = f"{indent}↳ link to {domain}: {link.url[:120]}"
        if link.text:
            line += f" (shown as “{link.text[:60]}”)"
        out.append(line + "\n", "underline" if not findings else "bold red")
        for f in findings[:2]:
            out.append(f"{indent}  ⚠ {f.reason}\n", "bold red")
    if len(m.links) > 10:
        out.append(f"{indent}↳ … and {len(m.links) - 10} more links\n", "dim")


def _indent(text: str, prefix: str) -> str:
    return "\n".join(prefix + line for line in text.split("\n"))
