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
    env = os.environ.get("SOCIALTUI_DATA_DIR")
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir(APP, appauthor=False))


def config_dir() -> Path:
    env = os.environ.get("SOCIALTUI_CONFIG_DIR")
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_config_dir(APP, appauthor=False))


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
