"""The ``[keymap]`` of config.toml, checked before the app starts.

Textual applies a keymap as it finds it: an id nobody has, a key name it does not know or a
key given to two actions on the same screen is taken without a word, and the user finds out
when a key does nothing (or the wrong thing). Here each of those is a ConfigError that names
the line and says how to mend it.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from functools import cache
from typing import Mapping

from textual.keys import Keys, _character_to_key

from socialtui.errors import ConfigError

MODIFIERS = frozenset({"ctrl", "shift", "alt", "meta", "super", "hyper"})
_ALIASES = {"esc": "escape", "del": "delete", "ins": "insert", "pgdn": "pagedown", "pgup": "pageup",
            "bs": "backspace", "ret": "enter", "spacebar": "space", "pagedn": "pagedown"}
_NAMED_KEYS = frozenset(k.value for k in Keys if "+" not in k.value and not k.value.startswith("<"))


@dataclass(frozen=True, slots=True)
class KeyBinding:
    id: str
    keys: tuple[str, ...]
    description: str
    priority: bool = False  # goes before the focused widget's own keys (a text field's)


# Keys Textual keeps for itself on every screen: they come first, whatever the keymap says.
RESERVED = {"ctrl+q": "quits the app", "ctrl+p": "opens the command palette", "ctrl+c": "copies (and quits at a prompt)"}
# Screens with a text field, and whose bindings in them: there a plain key is typed, and the
# field's own keys (ctrl+k: delete to the end of the line) go before the screen's.
TEXT_FIELDS = {"composer.": ("the reply", "TextArea"), "prompt.": ("the field", "Input")}


def _contexts():
    """(where, classes whose bindings are live together). A focused pane's keys and its screen's
    keys are live at once; two panes of the main screen are not (one has the focus)."""
    from socialtui.ui.screens.checklist import ChecklistScreen
    from socialtui.ui.screens.dialogs import ChoiceScreen, ConfirmScreen, EvidenceScreen, InfoScreen, PromptScreen
    from socialtui.ui.screens.main import MainScreen
    from socialtui.ui.screens.rule_detail import RuleScreen
    from socialtui.ui.widgets.choice_list import ChoiceList
    from socialtui.ui.widgets.composer import Composer
    from socialtui.ui.widgets.health_sidebar import HealthSidebar, RuleList
    from socialtui.ui.widgets.queue_view import QueueView
    from socialtui.ui.widgets.thread_view import ThreadView

    return (("in the queue", (MainScreen, QueueView)), ("in the thread", (MainScreen, ThreadView)),
            ("in the health sidebar", (MainScreen, HealthSidebar, RuleList)), ("in the composer", (MainScreen, Composer)),
            ("in the security checklist", (ChecklistScreen, ChoiceList)), ("in a rule's explanation", (RuleScreen,)),
            ("in a yes/no question", (ConfirmScreen,)), ("in a menu", (ChoiceScreen, ChoiceList)),
            ("in a prompt", (PromptScreen,)), ("in an information window", (InfoScreen,)),
            ("in an evidence window", (EvidenceScreen,)))


def _bindings_of(cls) -> list[KeyBinding]:
    out = []
    for klass in cls.__mro__:
        for b in vars(klass).get("BINDINGS", ()):
            if getattr(b, "id", None):
                out.append(KeyBinding(b.id, tuple(_normal(k) for k in b.key.split(",")), b.description, b.priority))
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
    """("ctrl+shift", "x") for "ctrl+shift+x"; "+" and "ctrl++" are the plus key; "ctrl+" has
    no key ("ctrl", "")."""
    if key == "+":
        return "", "+"
    head, _, name = key.rpartition("+")
    if not name and head.endswith("+"):
        head, name = head[:-1], "+"
    return head, name


def _normal(key: str) -> str:
    """A key as Textual names it in events: "?" is "question_mark", "ctrl++" is "ctrl+plus",
    "shift+a" is "A"."""
    key = key.strip()
    head, name = _split(key)
    if head == "shift" and len(name) == 1 and name.isalpha() and name.islower():
        return name.upper()
    if len(name) == 1:
        name = _character_to_key(name)
    return f"{head}+{name}" if head else name


@cache
def _character_keys() -> frozenset[str]:
    """The names Textual gives the keys of characters: "question_mark", "minus", "a"."""
    return frozenset(_character_to_key(c) for c in map(chr, range(0x21, 0x3000)) if c.isprintable())


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
    mods = head.split("+") if head else []
    unknown = [m for m in mods if m not in MODIFIERS]
    if unknown:
        return f"in {key!r}, {unknown[0]!r} is not a modifier (use ctrl, shift, alt, meta or super)"
    if not name:
        return f"{key!r} has no key after its modifier"
    if mods[:2] == ["shift", "ctrl"]:
        return f"{key!r}: Textual names it ctrl+shift+{key.split('+', 2)[2]}"
    if len(name) == 1 or name in _NAMED_KEYS or name in _character_keys():
        return None
    lower = name.lower()
    if lower in _ALIASES or lower in _NAMED_KEYS or lower in _character_keys():
        close = [_ALIASES.get(lower, lower)]
    else:
        close = difflib.get_close_matches(name, sorted(_NAMED_KEYS), n=1) \
            or difflib.get_close_matches(name, sorted(_character_keys()), n=1, cutoff=0.85)
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
        taken = next((k for k in parts if k in RESERVED), None)
        if taken:
            raise ConfigError(f"{source}: [keymap] \"{binding_id}\" = {keys!r}: {taken} {RESERVED[taken]} in "
                              "every Textual app, before any key of ours.", "Choose another key.")
        field = next((v for prefix, v in TEXT_FIELDS.items() if binding_id.startswith(prefix)), None)
        if field is not None:
            where, widget = field
            if any(map(_types_text, parts)):
                raise ConfigError(f"{source}: [keymap] \"{binding_id}\" = {keys!r}: a plain character would be "
                                  f"typed into {where}, not act on it.", "Use a key with ctrl or alt, or a function key.")
            own = _field_keys(widget)
            clash = next((k for k in parts if k in own), None) if not known[binding_id].priority else None
            if clash:
                raise ConfigError(f"{source}: [keymap] \"{binding_id}\" = {keys!r}: {where} uses {clash} itself "
                                  f"({own[clash]}), and it would go first.", "Choose another key.")
        normal[binding_id] = ",".join(dict.fromkeys(parts))
    _check_clashes(normal, known, source)
    return normal


@cache
def _field_keys(widget: str) -> dict[str, str]:
    """A Textual text field's own keys and what they do."""
    from textual import widgets

    return {k.strip(): b.description or b.action for b in getattr(widgets, widget).BINDINGS for k in b.key.split(",")}


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


class DeclaredKeyOrder:
    """Screen mixin: the footer (and help) list remapped keys where their binding is declared.
    Textual binds a remapped key anew at the end of its map, so ``"conv.reply" = "R"`` moved
    Reply to the end of the footer, where 80 columns cut it off."""

    @property
    def active_bindings(self):
        found = super().active_bindings
        if not self.app._keymap:  # (the usual case: nothing to put back, nothing spent per key)
            return found
        nodes: dict[int, int] = {}

        def rank(item):
            index, (_key, active) = item
            node = nodes.setdefault(id(active.node), len(nodes))  # (first seen: the chain's order)
            return node, _declared_rank(type(active.node)).get(active.binding.id, 1_000_000), index

        return dict(pair for _, pair in sorted(enumerate(found.items()), key=rank))


@cache
def _declared_rank(cls) -> dict[str, int]:
    """Binding id -> its place among ``cls``'s bindings (base classes' first, as Textual merges)."""
    order: dict[str, int] = {}
    for klass in reversed(cls.__mro__):
        for b in vars(klass).get("BINDINGS", ()):
            if getattr(b, "id", None):
                order.setdefault(b.id, len(order))
    return order
