"""The ``[keymap]`` of config.toml, checked before the app starts.

Textual applies a keymap as it finds it: an id nobody has, a key name it does not know or a
key given to two actions on the same screen is taken without a word, and the user finds out
when a key does nothing (or the wrong thing). Here each of those is a ConfigError that names
the line and says how to mend it.
"""

from __future__ import annotations

import difflib
import unicodedata
from dataclasses import dataclass
from typing import Mapping

from textual.keys import KEY_NAME_REPLACEMENTS, Keys, _character_to_key

from socialtui.errors import ConfigError

MODIFIERS = frozenset({"ctrl", "shift", "alt", "meta", "super", "hyper"})
_NAMED_KEYS = frozenset(k.value for k in Keys if "+" not in k.value and not k.value.startswith("<"))
_REPLACED = {v: k for k, v in KEY_NAME_REPLACEMENTS.items()}  # "slash" -> "solidus"


@dataclass(frozen=True, slots=True)
class KeyBinding:
    id: str
    keys: tuple[str, ...]
    description: str
    owner: str  # class name, for messages about a clash


def _contexts():
    """(where, classes whose bindings are live together). A focused pane's keys and its screen's
    keys are live at once; two panes of the main screen are not (one has the focus)."""
    from socialtui.ui.screens.checklist import ChecklistScreen
    from socialtui.ui.screens.dialogs import ChoiceScreen, ConfirmScreen, InfoScreen, PromptScreen
    from socialtui.ui.screens.main import MainScreen
    from socialtui.ui.screens.rule_detail import RuleScreen
    from socialtui.ui.widgets.choice_list import ChoiceList
    from socialtui.ui.widgets.composer import Composer
    from socialtui.ui.widgets.health_sidebar import HealthSidebar
    from socialtui.ui.widgets.queue_view import QueueView
    from socialtui.ui.widgets.thread_view import ThreadView

    return (("in the queue", (MainScreen, QueueView)), ("in the thread", (MainScreen, ThreadView)),
            ("in the health sidebar", (MainScreen, HealthSidebar)), ("in the composer", (MainScreen, Composer)),
            ("in the security checklist", (ChecklistScreen, ChoiceList)), ("in a rule's explanation", (RuleScreen,)),
            ("in a yes/no question", (ConfirmScreen,)), ("in a menu", (ChoiceScreen, ChoiceList)),
            ("in a prompt", (PromptScreen,)), ("in an information window", (InfoScreen,)))


def _bindings_of(cls) -> list[KeyBinding]:
    out = []
    for klass in cls.__mro__:
        for b in vars(klass).get("BINDINGS", ()):
            if getattr(b, "id", None):
                out.append(KeyBinding(b.id, tuple(_normal(k) for k in b.key.split(",")), b.description, cls.__name__))
    return out


def all_bindings() -> dict[str, KeyBinding]:
    """Every remappable binding of the app, by id."""
    found: dict[str, KeyBinding] = {}
    for _where, classes in _contexts():
        for cls in classes:
            for b in _bindings_of(cls):
                found.setdefault(b.id, b)
    return found


def _split(key: str) -> tuple[str, str]:
    """("ctrl+shift", "x") for "ctrl+shift+x"; "ctrl++" is ctrl with the plus key."""
    head, _, name = key.rpartition("+")
    if not name and head:
        head, name = head[:-1], "+"
    return head, name


def _normal(key: str) -> str:
    """A key as Textual names it in events: "?" is "question_mark", "ctrl++" is "ctrl+plus"."""
    key = key.strip()
    head, name = _split(key)
    if len(name) == 1:
        name = _character_to_key(name)
    return f"{head}+{name}" if head else name


def _types_text(key: str) -> bool:
    """Whether ``key`` (as _normal names it) types a character into a text field."""
    head, name = _split(key)
    return not head and (name == "space" or name not in _NAMED_KEYS)


def key_problem(key: str) -> str | None:
    """Why ``key`` (one key of a binding, as Textual names keys) is not a key, or None."""
    if not key:
        return "an empty key (two commas, or a comma at the end)"
    if len(key) == 1:
        return None if key.isprintable() and not key.isspace() else f"{key!r} is not a key name (use \"space\")"
    head, name = _split(key)
    unknown = [m for m in head.split("+") if head and m not in MODIFIERS]
    if unknown:
        return f"in {key!r}, {unknown[0]!r} is not a modifier (use ctrl, shift, alt, meta or super)"
    if len(name) == 1 or name in _NAMED_KEYS:
        return None
    try:
        unicodedata.lookup(_REPLACED.get(name, name).replace("_", " "))
        return None
    except KeyError:
        close = difflib.get_close_matches(name, sorted(_NAMED_KEYS), n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        return f"{key!r} is not a key Textual knows{hint}"


def check_keymap(keymap: Mapping[str, str], source: str = "config.toml") -> dict[str, str]:
    """The keymap as Textual wants it (keys stripped, "?" as "question_mark"); ConfigError for an
    unknown id, a key that is not one, or a key given to two actions that are live at once."""
    known = all_bindings()
    normal: dict[str, str] = {}
    for binding_id, keys in keymap.items():
        if binding_id not in known:
            close = difflib.get_close_matches(binding_id, sorted(known), n=1)
            hint = f"Did you mean \"{close[0]}\"? " if close else ""
            raise ConfigError(f"{source}: [keymap] has \"{binding_id}\", which is not a binding id.",
                              f"{hint}Press ? in the app: each key's id is listed beside it.")
        parts = [_normal(k) for k in keys.split(",")]
        problem = next((p for p in map(key_problem, parts) if p), None) if keys.strip() else "no key at all"
        if problem:
            raise ConfigError(f"{source}: [keymap] \"{binding_id}\" = {keys!r}: {problem}.",
                              "Write keys as Textual names them, comma-separated: \"j,down,ctrl+n\", \"f5\", "
                              "\"question_mark\" or \"?\".")
        if binding_id.startswith("composer.") and any(map(_types_text, parts)):
            raise ConfigError(f"{source}: [keymap] \"{binding_id}\" = {keys!r}: a plain character would be typed "
                              "into the reply, not act on it.", "Use a key with ctrl or alt, or a function key.")
        normal[binding_id] = ",".join(dict.fromkeys(parts))
    _check_clashes(normal, known, source)
    return normal


def _clashes(keymap: Mapping[str, str]):
    """(where, key, id, id) for every key that means two actions at once under ``keymap``."""
    for where, classes in _contexts():
        owner_of: dict[str, str] = {}
        for cls in classes:
            for b in _bindings_of(cls):
                keys = keymap[b.id].split(",") if b.id in keymap else b.keys
                for key in keys:
                    if where == "in the composer" and _types_text(key):
                        continue  # typed into the reply: the screen's letter keys are not live there
                    other = owner_of.setdefault(key, b.id)
                    if other != b.id:
                        yield where, key, other, b.id


def _check_clashes(keymap: Mapping[str, str], known: Mapping[str, KeyBinding], source: str) -> None:
    defaults = {(key, *sorted((a, b))) for _w, key, a, b in _clashes({})}  # as shipped, e.g. escape
    for where, key, a, b in _clashes(keymap):
        if (key, *sorted((a, b))) in defaults:
            continue
        moved = a if a in keymap else b
        raise ConfigError(f"{source}: [keymap] gives {key!r} to both \"{a}\" ({known[a].description}) and "
                          f"\"{b}\" ({known[b].description}) {where}; only one of them would work.",
                          f"Give \"{moved}\" another key, or remap the other one too.")


__all__ = ["check_keymap", "all_bindings", "key_problem", "KeyBinding"]
