"""Option lists whose selected line shows without colour, and one that also moves with j and k.

Under NO_COLOR the app's CSS gives the highlighted option ``text-style: bold reverse``, but
Textual's option rendering keeps only bold, dim, italic, underline and strike of a style: the
selected evidence line, rule or menu entry looked like all the others. ``CursorList`` puts the
reverse video back on the highlighted option's lines.
"""

from __future__ import annotations

from rich.style import Style
from textual.binding import Binding
from textual.strip import Strip
from textual.widgets import OptionList

from socialtui.ui.format import no_color

_REVERSE = Style(reverse=True)


class CursorList(OptionList):
    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        if self.highlighted is None or not no_color():
            return strip
        try:
            index, _ = self._lines[self.scroll_offset.y + y]  # (the option a line belongs to)
        except (IndexError, AttributeError, TypeError, ValueError):
            return strip
        return strip.apply_style(_REVERSE) if index == self.highlighted else strip


class ChoiceList(CursorList):
    """Menus and the checklist: j and k move, like the queue."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="list.down"),
        Binding("k", "cursor_up", "Up", show=False, id="list.up"),
    ]
