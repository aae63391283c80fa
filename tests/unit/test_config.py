"""config.toml: what a user writes there reaches the app, and mistakes are named."""

from __future__ import annotations

import pytest

from socialtui.config import load_config
from socialtui.errors import ConfigError


def write(tmp_path, text: str):
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_missing_file_is_the_defaults(tmp_path):
    config = load_config(tmp_path / "absent.toml")
    assert config.scroll == "half-page" and config.keymap == {} and config.theme is None


def test_ui_scroll_and_keymap_are_read(tmp_path):
    config = load_config(write(tmp_path, '[ui]\nscroll = "line"\n[keymap]\n"queue.down" = "n,down"\n'))
    assert config.scroll == "line"
    assert config.keymap == {"queue.down": "n,down"}


@pytest.mark.parametrize("text", ['[ui]\nscroll = "smooth"\n', '[ui]\nscroll = 3\n', 'ui = "line"\n'])
def test_a_wrong_scroll_value_names_the_choices(tmp_path, text):
    with pytest.raises(ConfigError) as err:
        load_config(write(tmp_path, text))
    assert "half-page, line" in str(err.value)


def test_broken_toml_says_where(tmp_path):
    with pytest.raises(ConfigError) as err:
        load_config(write(tmp_path, "theme = \n"))
    assert "not valid TOML" in str(err.value)


def test_a_config_saved_with_a_byte_order_mark_is_read(tmp_path):
    """Notepad and PowerShell write one at the start of a UTF-8 file; TOML calls it a syntax error."""
    path = tmp_path / "config.toml"
    path.write_bytes(b"\xef\xbb\xbf" + '[ui]\nscroll = "line"\n'.encode())
    assert load_config(path).scroll == "line"


def test_a_theme_saved_with_a_byte_order_mark_is_read(tmp_path):
    from pathlib import Path

    from socialtui.ui.themes import load_theme_file

    shipped = Path(__file__).resolve().parents[2] / "themes" / "dark.toml"
    path = tmp_path / "mine.toml"
    path.write_bytes(b"\xef\xbb\xbf" + shipped.read_bytes())
    assert load_theme_file(path).name == load_theme_file(shipped).name


def test_a_themes_named_colours_come_from_its_own_signal_colours_and_its_ansi_table(tmp_path):
    """A FAIL's "bold red" is the theme's error colour, not Textual's Monokai red; [ansi] sets any
    of the eight itself."""
    from textual.app import App

    from socialtui.ui.themes import load_theme_file, terminal_theme

    path = tmp_path / "mine.toml"
    path.write_text('primary = "#336699"\nerror = "#AA0000"\nwarning = "#775500"\n[ansi]\ncyan = "#005566"\n')
    theme = load_theme_file(path)
    palette = terminal_theme(theme, App.ansi_theme_dark._default)
    assert tuple(palette.ansi_colors[1]) == (0xAA, 0, 0) == tuple(palette.ansi_colors[9])  # red, bright red
    assert tuple(palette.ansi_colors[3]) == (0x77, 0x55, 0)  # yellow: the warning colour
    assert tuple(palette.ansi_colors[6]) == (0, 0x55, 0x66)  # cyan: from [ansi]
    assert tuple(palette.ansi_colors[4]) == tuple(App.ansi_theme_dark._default.ansi_colors[4])  # blue: Textual's


@pytest.mark.parametrize("table, told", [('cyan = "teal-ish"', "is not a colour"),
                                         ('orange = "#FF8800"', "is not one of the terminal's colours"),
                                         ('ansi = "#FF8800"', "must be a table")])
def test_a_broken_ansi_table_is_told_with_the_line_to_mend(tmp_path, table, told):
    from socialtui.errors import ConfigError
    from socialtui.ui.themes import load_theme_file

    path = tmp_path / "mine.toml"
    body = f'primary = "#336699"\n{table}\n' if table.startswith("ansi =") else f'primary = "#336699"\n[ansi]\n{table}\n'
    path.write_text(body)
    with pytest.raises(ConfigError) as caught:
        load_theme_file(path)
    assert told in str(caught.value) and "mine.toml" in str(caught.value)


@pytest.mark.parametrize("line", ['error = "reddish"', 'background = 12', 'primary = "#12345"'])
def test_a_theme_colour_that_is_no_colour_is_told_before_the_app_starts(tmp_path, line):
    """Textual took it, and the app died starting, in a traceback about a ColorSystem."""
    from socialtui.ui.themes import load_theme_file

    path = tmp_path / "mine.toml"
    path.write_text(('primary = "#336699"\n' if not line.startswith("primary") else "") + line + "\n")
    with pytest.raises(ConfigError) as caught:
        load_theme_file(path)
    assert "is not a colour" in str(caught.value) and line.split(" =")[0] in str(caught.value)


@pytest.mark.parametrize("line, told", [('"text-disabled" = "nope"', "is not a colour"),
                                        ('"text-muted" = "#AABBCC much"', "is not a colour"),
                                        ('"block-cursor-text-style" = "loud"', "is not a text style")])
def test_a_theme_variable_textual_cannot_use_is_told_before_the_app_starts(tmp_path, line, told):
    """Textual printed its CSS errors and the app ended at once, with exit status 0."""
    from socialtui.ui.themes import load_theme_file

    path = tmp_path / "mine.toml"
    path.write_text(f'primary = "#336699"\n[variables]\n{line}\n')
    with pytest.raises(ConfigError) as caught:
        load_theme_file(path)
    assert told in str(caught.value) and line.split('"')[1] in str(caught.value)


def test_every_variable_textuals_own_themes_use_is_one_a_theme_file_may_set(tmp_path):
    from textual.design import ColorSystem
    from textual.theme import BUILTIN_THEMES

    from socialtui.ui.themes import _variable

    generated = ColorSystem(primary="#336699").generate()
    for key, value in [*generated.items(), *(kv for t in BUILTIN_THEMES.values() for kv in t.variables.items())]:
        _variable(tmp_path / "mine.toml", key, value)  # (raises for one it would refuse)


def test_theme_variables_take_every_colour_form_textual_reads_and_ansi_ones_must_be_colours(tmp_path):
    from socialtui.ui.themes import load_theme_file

    path = tmp_path / "mine.toml"
    path.write_text('primary = "#336699"\n[variables]\n"text-muted" = "rgb(10, 20, 30)"\n'
                    '"text-disabled" = "hsl(210, 50%, 60%) 80%"\n"footer-key-foreground" = "$accent"\n')
    assert load_theme_file(path).variables["text-muted"] == "rgb(10, 20, 30)"
    path.write_text('primary = "#336699"\n[variables]\n"ansi-red" = "$primary"\n')
    with pytest.raises(ConfigError, match="ansi-red"):  # (read as a colour for the palette: it stopped every start)
        load_theme_file(path)
    path.write_text('primary = "#336699"\nvariables = "x"\n')
    with pytest.raises(ConfigError, match=r"\[variables\] must be a table"):
        load_theme_file(path)
