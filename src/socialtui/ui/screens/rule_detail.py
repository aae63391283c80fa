"""A rule's explanation: docs, figure vs threshold, reason, suggestion and its evidence."""

from __future__ import annotations

from typing import Callable

from rich.text import Text
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from socialtui.domain.timeutil import format_duration
from socialtui.rules.report import doc_sections, figure_text
from socialtui.ui.format import VERDICT_ICON, VERDICT_WORD, ago, one_line
from socialtui.ui.widgets.choice_list import CursorList

# Evidence items described beyond their id (who, when, what was said); past this many the
# rest keep their bare id, so a rule naming 50k conversations still opens at once.
DESCRIBED = 500


class RuleScreen(ModalScreen[int | None]):
    """Dismisses with the index of the evidence item to jump to, or None.

    enter jumps to the highlighted item, n / p to the one after / before the item
    visited last (``visited``), or the highlighted one once j / k moved it; on the main screen ] and [ go on through the list. j / k move
    through the evidence, page down / up scroll the explanation above it (at 80x24 it does
    not fit). ``describe`` turns an evidence id into a line saying who wrote what, when.
    """

    DEFAULT_CSS = """
    RuleScreen { align: center middle; }
    RuleScreen > Vertical { width: 100; max-width: 98%; height: 90%; border: thick $accent; background: $surface;
                            padding: 0 1; }
    RuleScreen VerticalScroll { height: 1fr; }
    RuleScreen OptionList { height: 8; text-wrap: nowrap; text-overflow: ellipsis; }
    """
    BINDINGS = [Binding("escape,q", "close", "Close", id="rule.close"),
                # (priority: the evidence list's own enter has no footer entry, and jump is the main key)
                Binding("enter", "jump", "Jump to evidence", priority=True, id="rule.jump"),
                Binding("n", "step(1)", "Next evidence", id="rule.next"),
                Binding("p", "step(-1)", "Previous evidence", id="rule.previous"),
                Binding("j", "move(1)", "Down", show=False, id="rule.down"),
                Binding("k", "move(-1)", "Up", show=False, id="rule.up"),
                Binding("pagedown", "scroll_doc(1)", "Scroll explanation", priority=True, id="rule.doc_down"),
                Binding("pageup", "scroll_doc(-1)", "Scroll explanation back", show=False, priority=True,
                        id="rule.doc_up")]

    def __init__(self, verdict, visited: int | None = None,
                 describe: Callable[[str], Text | None] | None = None) -> None:
        super().__init__()
        self.verdict = verdict
        self.visited = visited
        self.describe = describe

    def compose(self):
        from socialtui.rules.registry import get_rule  # here: the app's start does not need the rule modules

        v = self.verdict
        spec = get_rule(v.code)
        body = Text()
        body.append(f"{v.code} {v.name}  {VERDICT_ICON[v.verdict]} {VERDICT_WORD[v.verdict].upper()}\n", "bold")
        body.append(f"Figure: {figure_text(v)}\n")
        if v.reason:
            body.append(f"{v.reason}\n")
        if v.suggestion:
            body.append(f"What to do: {v.suggestion}\n", "bold")
        for k, val in v.details.items():
            body.append(detail_line(k, val, v.unit) + "\n", "dim")
        if spec is not None:
            for title, text in doc_sections(spec.doc).items():
                if text:
                    body.append(f"\n{title}\n", "bold underline")
                    body.append(text + "\n")
        key = getattr(self.app, "key_for", lambda binding_id, every=False: binding_id)  # (as the keymap binds them)
        scroll = f"{key('rule.doc_down')} / {key('rule.doc_up')} scroll the text"
        close = f"{key('rule.close')} close"
        with Vertical():
            with VerticalScroll():
                yield Static(body)
            if v.evidence:
                total = v.details.get("evidence_total") or len(v.evidence)
                count = f"first {len(v.evidence)} of {total}" if total > len(v.evidence) else f"{len(v.evidence)}"
                yield Static(Text(f"Evidence ({count}), worst first · {key('rule.jump')} jump to it · "
                                  f"{key('rule.next')} / {key('rule.previous')} next / previous ({key('evidence.next')} "
                                  f"/ {key('evidence.previous')} in the queue) · {scroll} · {close}", "bold"))
            else:  # (an empty bordered list said nothing)
                yield Static(Text(f"No evidence: nothing here to point at · {scroll} · {close}", "bold"))
            options = CursorList(*[Option(self._evidence_line(i, e)) for i, e in enumerate(v.evidence)])
            options.display = bool(v.evidence)
            yield options
        yield Footer()  # this window's keys, not the queue's behind it

    def _evidence_line(self, index: int, item: str) -> Text:
        line = Text(item, style="bold", no_wrap=True, overflow="ellipsis")
        said = self.describe(item) if self.describe is not None and index < DESCRIBED else None
        if said is not None:
            line.append("  ")
            line.append_text(said)
        return line

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        if options.option_count:
            options.highlighted = min(self.visited or 0, options.option_count - 1)
            options.focus()
        self._first_highlight = options.highlighted

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option_index)

    def check_action(self, action: str, parameters) -> bool | None:
        """Without evidence the keys that walk it are left out of the footer (the body says why)."""
        if action in ("jump", "step") and not self.verdict.evidence:
            return False
        return True

    def action_jump(self) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is not None:
            self.dismiss(options.highlighted)

    def action_step(self, delta: int) -> None:
        count = len(self.verdict.evidence)
        if not count:  # (check_action leaves the key out then)
            return
        start = self.visited if self.visited is not None else (-1 if delta > 0 else count)
        highlighted = self.query_one(OptionList).highlighted
        if highlighted is not None and highlighted != self._first_highlight:
            start = highlighted  # (moved with j / k: on from there, not from the item visited last)
        self.dismiss((start + delta) % count)

    def action_move(self, delta: int) -> None:
        options = self.query_one(OptionList)
        if delta > 0:
            options.action_cursor_down()
        else:
            options.action_cursor_up()

    def action_scroll_doc(self, delta: int) -> None:
        doc = self.query_one(VerticalScroll)
        if delta > 0:
            doc.scroll_page_down(animate=False)
        else:
            doc.scroll_page_up(animate=False)

    def action_close(self) -> None:
        self.dismiss(None)


# Details in the figure's own unit (RSP003's p90 of response minutes, say): shown with it.
SAME_UNIT = frozenset({"p50", "p90", "p95", "median", "mean"})


def detail_line(key: str, value, unit: str | None) -> str:
    """A verdict detail as a line: seconds as a duration ("oldest wait: 14d 8h"), a percentile in
    the figure's unit, anything else by :func:`detail_text`."""
    number = isinstance(value, (int, float)) and not isinstance(value, bool)
    if number and key.endswith("_seconds"):
        return f"{key[:-len('_seconds')].replace('_', ' ')}: {format_duration(value)}"
    if number and key in SAME_UNIT and unit:
        return f"{key}: {detail_text(value)} {unit}"
    if key == "kinds" and isinstance(value, list):  # SEC002's kinds of link, as words
        from socialtui.rules.text.links import KIND_WORDS

        return f"what the links are: {detail_text([KIND_WORDS.get(k, k) for k in value])}"
    return f"{key.replace('_', ' ')}: {detail_text(value)}"


def detail_text(value) -> str:
    """A verdict detail as a person reads it: lists as words, floats without noise."""
    if isinstance(value, (list, tuple, set, frozenset)):
        return ", ".join(detail_text(v) for v in value) or "none"
    if isinstance(value, float):
        return f"{value:,.1f}".rstrip("0").rstrip(".") if value != int(value) else f"{int(value):,}"
    if isinstance(value, dict):
        return ", ".join(f"{k} {detail_text(v)}" for k, v in value.items()) or "none"
    return str(value)


def describe_evidence(snap, item: str, width: int = 60) -> Text | None:
    """Who wrote what, when, for an evidence id of ``snap``: a message (its author, age and
    text) or a conversation (its latest message); None for an id not known (any more)."""
    conv = snap.conversations.get(item)
    if conv is not None:
        message = conv.last_message
        prefix = "DM · " if conv.is_dm else ""
    else:
        cid = snap.conversation_of.get(item)
        conv = snap.conversations.get(cid) if cid is not None else None
        message = next((m for m in reversed(conv.messages) if m.id == item), None) if conv else None
        if message is None:
            return None
        prefix = "DM · " if message.kind == "dm" else ""
    who = f"◀ @{message.author.handle}" if message.inbound else "▶ you"
    line = Text(no_wrap=True, overflow="ellipsis")
    line.append(who, "bold" if message.inbound else "")
    line.append(f" · {prefix}{ago(snap.now, message.created_at)} · ", "dim")
    line.append(one_line(message.text or "(no text)", width))  # untrusted: plain Text, no markup
    return line
