"""User configuration (``config.toml``): theme, agent, key remapping, defaults.

One Config object is built at start and passed down; nothing reads it globally.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from socialtui.errors import ConfigError

SCROLL_MODES = ("half-page", "line")  # [ui] scroll (see ui.widgets.queue_view)


@dataclass(slots=True)
class Config:
    path: Path | None = None
    theme: str | None = None
    agent: str | None = None
    account: str | None = None
    # Binding id -> comma-separated keys, e.g. {"queue.down": "j,down,ctrl+n"}.
    keymap: dict[str, str] = field(default_factory=dict)
    monitor_interval: str = "60s"
    scroll: str = "half-page"  # [ui] scroll: how the queue follows the cursor ("half-page" or "line")
    raw: dict[str, Any] = field(default_factory=dict)


def load_config(path: Path | None) -> Config:
    """Read ``path`` if it exists; a missing file is an empty config."""
    if path is None or not path.exists():
        return Config(path=path)
    if path.is_dir():
        raise ConfigError(f"{path}: is a directory, not a config file.",
                          f"Name the file itself (e.g. {path / 'config.toml'}), or move the directory aside.")
    from socialtui.store.storage import NotSmall, read_small

    try:
        data = tomllib.loads(read_small(path, special=True).decode("utf-8-sig").replace("\r\n", "\n"))
    except NotSmall as exc:
        raise ConfigError(f"{path}: cannot read the config file: it is {exc}.",
                          "Name the config file itself (--config FILE; /dev/null for none).") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: cannot read the config file: it is not UTF-8 text (byte {exc.object[exc.start]:#04x} "
                          f"at position {exc.start}).", "Save it as UTF-8.") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the config file ({exc.strerror or exc}).") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}", "Fix the file or move it aside.") from None
    keymap = data.get("keymap", {})
    if not isinstance(keymap, dict) or not all(isinstance(v, str) for v in keymap.values()):
        raise ConfigError(f"{path}: [keymap] must map binding ids to key strings, e.g. \"queue.down\" = \"j,down\"")
    if not isinstance(data.get("ui", {}), dict):
        raise ConfigError(f"{path}: ui must be a table, not {data['ui']!r}: [ui] then scroll = one of "
                          f"{', '.join(SCROLL_MODES)}", "Fix the file or move it aside.")
    scroll = data.get("ui", {}).get("scroll", "half-page")
    if scroll not in SCROLL_MODES:
        raise ConfigError(f"{path}: [ui] scroll must be one of {', '.join(SCROLL_MODES)}, not {scroll!r}",
                          "Fix that line or remove it (the default is half-page).")
    return Config(
        path=path,
        theme=data.get("theme"),
        agent=data.get("agent"),
        account=data.get("account"),
        keymap=dict(keymap),
        monitor_interval=str(data.get("monitor", {}).get("interval", "60s")),
        scroll=scroll,
        raw=data,
    )
