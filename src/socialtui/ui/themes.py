"""Load theme files (``themes/*.toml``, bundled and the user's own) into Textual themes."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from rich.terminal_theme import TerminalTheme
from textual.color import Color, ColorParseError
from textual.css.constants import VALID_STYLE_FLAGS
from textual.theme import Theme

from socialtui.errors import ConfigError, shown
from socialtui.locations import bundled_themes_dir, user_themes_dir

FIELDS = ("primary", "secondary", "warning", "error", "success", "accent", "foreground", "background",
          "surface", "panel", "boost")
DEFAULT = "dark"
# The terminal's named colours (a Rich style such as "bold red": a FAIL, a phishing warning, an
# outbound message) are turned into RGB by an ANSI palette. Textual's own (Monokai, Alabaster)
# knows nothing of the theme: its red was 3.5:1 on the dark theme's panel, its yellow 2.4:1 on the
# light one. Ours takes red, green and yellow from the theme's error, success and warning colours;
# a theme file's [ansi] table may set any of ANSI_NAMES itself (both the normal and the bright one).
ANSI_NAMES = ("black", "red", "green", "yellow", "blue", "magenta", "cyan", "white")
_FROM_THEME = {"red": "error", "green": "success", "yellow": "warning"}


def load_theme_file(path: Path) -> Theme:
    try:
        data = tomllib.loads(path.read_text("utf-8-sig"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: not a readable theme file ({exc})") from None
    if "primary" not in data:
        raise ConfigError(f"{path}: a theme needs at least 'primary'")
    for key in FIELDS:  # (Textual took a colour it cannot parse, and the app died starting, in a traceback)
        if key in data:
            _colour(path, key, data[key])
    table = data.get("variables") or {}
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [variables] must be a table, e.g. \"text-disabled\" = \"#9AA0A6\"")
    variables = {str(k): str(v) for k, v in table.items()}
    for key, value in variables.items():
        if key.startswith("ansi-"):  # (a named colour of the palette: a colour itself, no "$primary")
            _colour(path, f"[variables] {key}", value)
        else:
            _variable(path, key, value)
    ansi = data.get("ansi") or {}
    if not isinstance(ansi, dict):
        raise ConfigError(f"{path}: [ansi] must be a table of colour names, e.g. red = \"#B3261E\"")
    for name, value in ansi.items():
        if name not in ANSI_NAMES:
            raise ConfigError(f"{path}: [ansi] {name!r} is not one of the terminal's colours",
                              "Use " + ", ".join(ANSI_NAMES) + ".")
        _colour(path, f"[ansi] {name}", value)
        variables[f"ansi-{name}"] = str(value)  # (kept with the theme: terminal_theme() reads them)
    return Theme(
        name=str(data.get("name", path.stem)),
        dark=bool(data.get("dark", True)),
        variables=variables,
        **{k: str(data[k]) for k in FIELDS if k in data},
    )


def _colour(path: Path, where: str, value) -> Color:
    try:
        return Color.parse(str(value))
    except ColorParseError:
        raise ConfigError(f"{path}: {where} = {shown(value)} is not a colour",
                          'Write it as "#RRGGBB" (e.g. "#B3261E").') from None


def _variable(path: Path, key: str, value: str) -> None:
    """A [variables] entry Textual can use: a text style ("bold underline") for a name with
    a "style" part, else a colour, "auto", "initial" or "$another", with an optional "NN%". (Textual
    printed the CSS errors of a bad one and the app ended at once, with exit status 0.)"""

    if "style" in key.split("-"):
        words = value.split()
        if words and all(w in VALID_STYLE_FLAGS for w in words):
            return
        raise ConfigError(f"{path}: [variables] {key} = {shown(value)} is not a text style",
                          "Use words such as bold, italic, underline, reverse, dim or none.")
    # a colour ("#RRGGBB", "rgb(10, 20, 30)", "aliceblue"), "auto", "initial" or "$another", maybe "NN%" after
    head = re.fullmatch(r"\s*(.+?)(?:\s+\d+(?:\.\d+)?%)?\s*", value)
    if head is not None:
        head = head.group(1)
        if head in ("auto", "initial") or re.fullmatch(r"\$[\w-]+", head):
            return
        try:
            Color.parse(head)
            return
        except ColorParseError:
            pass
    raise ConfigError(f"{path}: [variables] {key} = {shown(value)} is not a colour",
                      'Write it as "#RRGGBB", optionally with a percentage ("#RRGGBB 60%").')


def terminal_theme(theme: Theme, base: TerminalTheme) -> TerminalTheme:
    """The ANSI palette for ``theme``: ``base`` (Textual's for a dark or a light theme), with red,
    green and yellow from the theme's error, success and warning, and the [ansi] table's colours
    over those."""
    normal = [tuple(base.ansi_colors[i]) for i in range(8)]
    bright = [tuple(base.ansi_colors[i]) for i in range(8, 16)]
    for index, name in enumerate(ANSI_NAMES):
        value = theme.variables.get(f"ansi-{name}") or getattr(theme, _FROM_THEME.get(name, ""), None)
        if value:  # (load_theme_file has checked that each is a colour)
            normal[index] = bright[index] = Color.parse(value).rgb
    return TerminalTheme(tuple(base.background_color), tuple(base.foreground_color), normal, bright)


def available_themes(problems: dict[str, ConfigError] | None = None) -> dict[str, Theme]:
    """Short name (file stem) -> Theme; the user's files override bundled ones. ``problems``: a
    file that cannot be used is left out and its error kept there under its stem (the app starts
    with the others and says so; :func:`resolve_theme` refuses it when it is the one asked for);
    without it, the first such file raises."""
    out: dict[str, Theme] = {}
    for folder in (bundled_themes_dir(), user_themes_dir()):
        if folder.is_dir():
            for path in sorted(folder.glob("*.toml")):
                try:
                    out[path.stem] = load_theme_file(path)
                except ConfigError as exc:
                    if problems is None:
                        raise
                    problems[path.stem] = exc
                    out.pop(path.stem, None)  # (a broken file of the user's does not fall back to ours)
    return out


def resolve_theme(name: str | None, themes: dict[str, Theme],
                  problems: dict[str, ConfigError] | None = None) -> Theme | None:
    wanted = name or DEFAULT
    if wanted in themes:
        return themes[wanted]
    if problems and wanted in problems:  # the theme asked for is the broken file: its own error
        raise problems[wanted]
    for theme in themes.values():
        if theme.name == wanted:
            return theme
    if name is None:
        return None
    raise ConfigError(f"No theme named {name!r}.", "Available: " + ", ".join(sorted(themes)) +
                      f". Add your own as a .toml file in {user_themes_dir()}.")
