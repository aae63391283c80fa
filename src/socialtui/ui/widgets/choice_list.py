"""Option lists whose selected line shows without colour, and one that also moves with j and k.

Under NO_COLOR the app's CSS gives the highlighted option ``text-style: bold reverse``, but
Textual's option rendering keeps only bold, dim, italic, underline and strike of a style: the
selected evidence line, rule or menu entry looked like all the others. ``CursorList`` puts the
reverse video back on the highlighted option's lines.

With colours, the cursor's background is the theme's primary colour, on which a verdict's red or
a dimmed figure fell to 1.1:1. ``CursorList`` draws any text of the highlighted option that is
under 4.5:1 (WCAG AA) on it in the theme's foreground or background colour, whichever reads
better; the verdict keeps its icon and word, so nothing depends on the colour it loses.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding
from textual.strip import Strip
from textual.widgets import OptionList

from socialtui.ui.format import contrast, no_color

_REVERSE = Style(reverse=True)
_LEGIBLE = 4.5


class CursorList(OptionList):
    _inks_for: str | None = None  # the theme _inks_cache was made for
    _inks_cache: list = []

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        if self.highlighted is None:
            return strip
        try:
            index, _ = self._lines[self.scroll_offset.y + y]  # (the option a line belongs to)
        except (IndexError, AttributeError, TypeError, ValueError):
            return strip
        if index != self.highlighted:
            return strip
        return strip.apply_style(_REVERSE) if no_color() else self._legible(strip)

    def _inks(self) -> list:
        """The theme's foreground and background as Rich colours: the CSS variables Textual made of
        it (a theme file may leave them out, or write them as Rich cannot read, "#fff"), per theme."""
        from textual.color import Color

        name = self.app.theme
        if self._inks_for != name:
            css = self.app.get_css_variables()
            self._inks_cache = [Color.parse(css[key]).rich_color for key in ("foreground", "background") if key in css]
            self._inks_for = name
        return self._inks_cache

    def _legible(self, strip: Strip) -> Strip:
        palette = self.app.ansi_theme
        inks = self._inks()
        out, changed = [], False
        for seg in strip:
            style = seg.style
            if (seg.control or style is None or style.color is None or style.bgcolor is None or not seg.text.strip()
                    or contrast(style.color, style.bgcolor, palette, style.dim) >= _LEGIBLE):
                out.append(seg)
                continue
            ink = max(inks, key=lambda c: contrast(c, style.bgcolor, palette), default=None)
            out.append(Segment(seg.text, style + Style(color=ink, dim=False)) if ink else seg)
            changed = True
        return Strip(out, strip.cell_length) if changed else strip


class ChoiceList(CursorList):
    """Menus and the checklist: j and k move, like the queue."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="list.down"),
        Binding("k", "cursor_up", "Up", show=False, id="list.up"),
    ]
