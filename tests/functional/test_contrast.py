"""Every bundled theme draws every screen's text at 4.5:1 or better (WCAG AA for text).

Measured on what the terminal would get: the app's line filters applied (named colours such as
the "bold red" of a FAIL become the theme's palette), dim text taken halfway to its background,
the background of a dialog left out (Textual fades it on purpose). Lines and box drawing are no
text and are not measured.
"""

from __future__ import annotations

import pytest
from textual.color import Color
from textual.screen import ModalScreen

from socialtui.ui.format import contrast
from tests.functional.conftest import wait_until

AA = 4.5
NOT_TEXT = set("─│┃▔▁▏▕▊▎▌▐█▀▄━┏┓┗┛╭╮╰╯┼┤├╴╶╵╷▂▃▅▆▇ ")


def faint_text(app) -> list[tuple[float, str]]:
    """(ratio, text) of every run of text under 4.5:1 on the current screen."""
    background = Color.parse(app.current_theme.background)
    region = None
    if isinstance(app.screen, ModalScreen) and app.screen.children:
        region = app.screen.children[0].region  # the dialog; what is behind it is faded
    found = []
    for y, strip in enumerate(app.screen._compositor.render_strips()):
        segments = list(strip)
        for line_filter in app._filters:
            if line_filter.enabled:
                segments = line_filter.apply(segments, background)
        x = 0
        for seg in segments:
            start, x = x, x + seg.cell_length
            style = seg.style
            if style is None or style.color is None or style.bgcolor is None or set(seg.text) <= NOT_TEXT:
                continue
            if region is not None and not (region.y <= y < region.bottom and region.x <= start < region.right):
                continue
            ink, paper = (style.bgcolor, style.color) if style.reverse else (style.color, style.bgcolor)
            ratio = contrast(ink, paper, dim=style.dim)
            if ratio < AA:
                found.append((round(ratio, 2), seg.text.strip()))
    return found


async def _look(pilot, where: str, seen: dict, screen: str = "MainScreen") -> None:
    await pilot.pause(0.3)
    assert type(pilot.app.screen).__name__ == screen, (where, pilot.app.screen)  # (the step got there)
    faint = faint_text(pilot.app)
    if faint:
        seen[where] = faint[:5]


@pytest.mark.parametrize("theme", ["dark", "light", "high-contrast"])
async def test_every_screen_of_the_theme_reaches_wcag_aa(app_factory, monkeypatch, theme):
    monkeypatch.delenv("NO_COLOR", raising=False)
    app = app_factory(theme=theme)
    faint: dict = {}
    async with app.run_test(size=(160, 48)) as pilot:
        assert await wait_until(pilot, lambda: app.screen.report is not None)
        await _look(pilot, "queue and thread", faint)
        await pilot.press("tab")
        await _look(pilot, "thread focused", faint)
        await pilot.press("shift+tab", "y")
        await _look(pilot, "why here", faint, "InfoScreen")
        await pilot.press("escape", "H")
        await _look(pilot, "health rules", faint)
        await pilot.press("enter")
        await _look(pilot, "rule explained", faint, "RuleScreen")
        await pilot.press("escape", "escape", "r")
        await _look(pilot, "composer", faint)
        await pilot.press(*"We are on it.", "ctrl+s")
        await _look(pilot, "confirm send", faint, "ConfirmScreen")
        await pilot.press("n", "escape", "slash")
        await _look(pilot, "search prompt", faint, "PromptScreen")
        await pilot.press("escape", "exclamation_mark")
        await _look(pilot, "security checklist", faint, "ChecklistScreen")
        await pilot.press("escape", "question_mark")
        await _look(pilot, "help", faint, "InfoScreen")
        await pilot.press("escape", "e")
        await _look(pilot, "done, with its notice", faint)
    async with app_factory(theme=theme).run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.5)
        await _look(pilot, "80x24", faint)
        await pilot.press("h")
        await _look(pilot, "80x24 health", faint)
    assert not faint, faint


async def test_switching_theme_in_the_palette_brings_the_new_themes_named_colours(app_factory, monkeypatch):
    """Dark to light in a session: the red of a FAIL becomes the light theme's error colour
    (Textual's Alabaster red would do too, but its yellow was 2.4:1 on the light panel)."""
    monkeypatch.delenv("NO_COLOR", raising=False)
    app = app_factory(theme="dark")
    async with app.run_test(size=(160, 48)) as pilot:
        assert await wait_until(pilot, lambda: app.screen.report is not None)
        assert Color(*app.ansi_theme.ansi_colors[1]).hex == Color.parse(app.current_theme.error).hex
        app.switch_theme("light")
        await pilot.pause(0.3)
        assert not app.current_theme.dark
        assert Color(*app.ansi_theme.ansi_colors[3]).hex == Color.parse(app.current_theme.warning).hex
        assert not faint_text(app), faint_text(app)


@pytest.mark.parametrize("extra", ["", 'foreground = "#fff"\nbackground = "rgb(20, 20, 20)"\n'])
async def test_a_users_theme_with_few_colours_or_css_forms_keeps_the_highlighted_rule_legible(
        tmp_path, monkeypatch, extra):
    """A foreground written "#fff" (Textual reads it, Rich does not) crashed the app on the first
    highlighted rule; a theme without foreground and background left its FAIL at 1.6:1."""
    from textual.widgets import OptionList

    from socialtui.ui.widgets.health_sidebar import RuleList
    from tests.functional.conftest import make_app

    monkeypatch.delenv("NO_COLOR", raising=False)
    config = tmp_path / "config"
    (config / "themes").mkdir(parents=True)
    (config / "themes" / "mine.toml").write_text(f'primary = "#5FA8D3"\n{extra}')
    monkeypatch.setenv("SOCIALTUI_CONFIG_DIR", str(config))
    app = make_app(tmp_path, theme="mine")
    async with app.run_test(size=(160, 48)) as pilot:
        assert await wait_until(pilot, lambda: app.screen.report is not None)
        await pilot.press("H", "down")
        await pilot.pause(0.3)
        rules = app.screen.query_one(RuleList)
        lines = [y for y in range(rules.size.height)
                 if rules._lines[rules.scroll_offset.y + y][0] == rules.highlighted]
        assert lines
        for y in lines:
            raw, shown = OptionList.render_line(rules, y), rules.render_line(y)
            for seg in shown:
                if seg.text.strip() and seg.style and seg.style.color and seg.style.bgcolor:
                    assert contrast(seg.style.color, seg.style.bgcolor, app.ansi_theme, seg.style.dim) >= AA, \
                        (seg.text, [s.text for s in raw])


async def test_a_broken_theme_file_not_chosen_is_left_out_with_a_notice_and_refused_when_chosen(
        tmp_path, monkeypatch):
    """One bad file in the user's themes folder stopped every start, whichever theme was asked for."""
    from socialtui.errors import ConfigError
    from tests.functional.conftest import make_app

    config = tmp_path / "config"
    (config / "themes").mkdir(parents=True)
    (config / "themes" / "mine.toml").write_text('primary = "#5FA8D3"\nerror = "reddish"\n')
    monkeypatch.setenv("SOCIALTUI_CONFIG_DIR", str(config))
    app = make_app(tmp_path, theme="light")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.3)
        told = [n.message for n in app._notifications]
        assert any("mine.toml: error = \"reddish\" is not a colour" in m and "left out" in m for m in told), told
        assert app.current_theme.name == "socialtui-light" and "mine" not in app.own_themes
    with pytest.raises(ConfigError, match="is not a colour"):
        make_app(tmp_path / "again", theme="mine")
