"""Load theme files (``themes/*.toml``, bundled and the user's own) into Textual themes."""

from __future__ import annotations

import tomllib
from pathlib import Path

from textual.theme import Theme

from socialtui.errors import ConfigError
from socialtui.locations import bundled_themes_dir, user_themes_dir

FIELDS = ("primary", "secondary", "warning", "error", "success", "accent", "foreground", "background",
          "surface", "panel", "boost")
DEFAULT = "dark"


def load_theme_file(path: Path) -> Theme:
    try:
        data = tomllib.loads(path.read_text("utf-8-sig"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: not a readable theme file ({exc})") from None
    if "primary" not in data:
        raise ConfigError(f"{path}: a theme needs at least 'primary'")
    return Theme(
        name=str(data.get("name", path.stem)),
        dark=bool(data.get("dark", True)),
        variables={str(k): str(v) for k, v in (data.get("variables") or {}).items()},
        **{k: str(data[k]) for k in FIELDS if k in data},
    )


def available_themes() -> dict[str, Theme]:
    """Short name (file stem) -> Theme; the user's files override bundled ones."""
    out: dict[str, Theme] = {}
    for folder in (bundled_themes_dir(), user_themes_dir()):
        if folder.is_dir():
            for path in sorted(folder.glob("*.toml")):
                out[path.stem] = load_theme_file(path)
    return out


def resolve_theme(name: str | None, themes: dict[str, Theme]) -> Theme | None:
    wanted = name or DEFAULT
    if wanted in themes:
        return themes[wanted]
    for theme in themes.values():
        if theme.name == wanted:
            return theme
    if name is None:
        return None
    raise ConfigError(f"No theme named {name!r}.", "Available: " + ", ".join(sorted(themes)) +
                      f". Add your own as a .toml file in {user_themes_dir()}.")
