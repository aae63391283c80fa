"""Where socialtui keeps things. Nothing else in the package knows paths."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP = "socialtui"


def data_dir(override: str | os.PathLike | None = None) -> Path:
    """The local store: ``--data-dir``, else ``SOCIALTUI_DATA_DIR``, else the platform's data dir."""
    if override:
        return Path(override).expanduser()
    env = _env_dir("SOCIALTUI_DATA_DIR")
    if env is not None:
        return env
    return Path(platformdirs.user_data_dir(APP, appauthor=False))


def config_dir() -> Path:
    env = _env_dir("SOCIALTUI_CONFIG_DIR")
    if env is not None:
        return env
    return Path(platformdirs.user_config_dir(APP, appauthor=False))


def _env_dir(name: str) -> Path | None:
    """The directory the environment names, None when the variable is not set. Set to nothing (a
    cron line's unset variable) or blanks is refused: the default store would be used, or a
    directory named "   " made in the working directory."""
    value = os.environ.get(name)
    if value is None:
        return None
    if not value.strip():
        from socialtui.errors import UsageError

        raise UsageError(f"{name} is set but {'empty' if not value else 'only blanks'}.",
                         f"Set it to a directory, or unset it (unset {name}) for the default.")
    return Path(value).expanduser()


def config_file(override: str | os.PathLike | None = None) -> Path:
    if override:
        return Path(override).expanduser()
    return config_dir() / "config.toml"


def user_themes_dir() -> Path:
    return config_dir() / "themes"


def package_root() -> Path:
    """The project checkout (or install prefix) holding ``fixtures/`` and ``themes/``."""
    here = Path(__file__).resolve()
    for parent in here.parents:
        if (parent / "fixtures").is_dir() and (parent / "themes").is_dir():
            return parent
    return here.parent


def bundled_fixtures_dir() -> Path:
    env = os.environ.get("SOCIALTUI_FIXTURES_DIR")
    if env:
        return Path(env)
    return package_root() / "fixtures"


def bundled_themes_dir() -> Path:
    return package_root() / "themes"
