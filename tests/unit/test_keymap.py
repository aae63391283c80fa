"""[keymap] in config.toml: what Textual would take silently is refused with a way to mend it."""

import pytest

from socialtui.cli import main
from socialtui.errors import ConfigError
from socialtui.ui.keymap import all_bindings, check_keymap, key_problem


def refused(keymap) -> str:
    with pytest.raises(ConfigError) as caught:
        check_keymap(keymap, "my.toml")
    return str(caught.value)


def test_a_good_keymap_comes_back_as_textual_names_its_keys():
    assert check_keymap({"queue.down": "j, down ,ctrl+n", "app.help": "?,f1", "queue.open": "ctrl++"}) == {
        "queue.down": "j,down,ctrl+n", "app.help": "question_mark,f1", "queue.open": "ctrl+plus"}


def test_the_shipped_bindings_have_ids_and_only_the_intended_overlap():
    bindings = all_bindings()
    assert {"queue.down", "conv.done", "composer.send", "rule.jump", "list.down"} <= set(bindings)
    assert check_keymap({}) == {}


def test_an_unknown_id_is_named_with_the_closest_one():
    message = refused({"queue.dwn": "j"})
    assert 'my.toml: [keymap] has "queue.dwn", which is not a binding id.' in message
    assert 'Did you mean "queue.down"?' in message and "Press ?" in message


@pytest.mark.parametrize("keys, problem", [
    ("pgdn", "'pgdn' is not a key Textual knows (did you mean 'pagedown'?)"),
    ("ctrl+x+y", "in 'ctrl+x+y', 'x' is not a modifier"),
    ("j,,k", "an empty key"),
    ("", "no key at all"),
])
def test_a_key_that_is_not_one_is_refused(keys, problem):
    message = refused({"queue.down": keys})
    assert f'"queue.down" = {keys!r}: {problem}' in message


def test_one_key_for_two_live_actions_names_both_and_where():
    message = refused({"conv.done": "j"})
    assert "gives 'j' to both \"conv.done\" (Done) and \"queue.down\" (Down) in the queue" in message
    assert 'Give "conv.done" another key' in message
    # the thread has its own j; a key of the queue is no clash in the thread (it has the focus there)
    assert "in the thread" in refused({"thread.down": "e"})
    assert check_keymap({"thread.down": "ctrl+j", "queue.down": "ctrl+j"})


def test_a_key_is_free_once_every_pane_that_had_it_has_another():
    moved = {"conv.done": "j", "queue.down": "down"}
    assert "in the thread" in refused(moved)  # the thread scrolls with j too
    moved |= {"thread.down": "down", "health.down": "down"}
    assert check_keymap(moved) == moved


@pytest.mark.parametrize("keys", ["s", "space", "?"])
def test_a_composer_key_that_would_type_text_is_refused(keys):
    assert "would be typed into the reply" in refused({"composer.send": keys})


def test_key_names_textual_knows():
    assert key_problem("f5") is None and key_problem("question_mark") is None and key_problem("shift+tab") is None
    assert key_problem("slash") is None and key_problem("G") is None
    assert key_problem("bananas") is not None


def test_the_app_command_refuses_a_bad_keymap_before_reading_data(tmp_path, capsys):
    config = tmp_path / "config.toml"
    config.write_text('[keymap]\n"conv.done" = "j"\n', encoding="utf-8")
    assert main(["--config", str(config), "demo", "--dataset", str(tmp_path / "no-such-dataset")]) == 2
    err = capsys.readouterr().err
    assert f"{config}: [keymap] gives 'j' to both" in err and "Traceback" not in err


@pytest.mark.parametrize("key, textual_name", [("-", "minus"), ("minus", "minus"), ("ctrl+-", "ctrl+minus"),
                                               ("+", "plus"), ("«", "left_pointing_double_angle_quotation_mark"),
                                               ("shift+a", "A"), ("backslash", "backslash"), ("ctrl+shift+k", "ctrl+shift+k")])
def test_keys_textual_really_has_are_taken_as_it_names_them(key, textual_name):
    assert check_keymap({"queue.open": key}) == {"queue.open": textual_name}


@pytest.mark.parametrize("key, problem", [
    ("ctrl+", "has no key after its modifier"), ("solidus", "not a key Textual knows"),
    ("Question_Mark", "(did you mean 'question_mark'?)"), ("esc", "(did you mean 'escape'?)"),
    ("del", "(did you mean 'delete'?)"), ("shift+ctrl+up", "Textual names it ctrl+shift+up"),
])
def test_names_textual_would_never_send_are_refused(key, problem):
    assert problem in refused({"queue.open": key})


@pytest.mark.parametrize("keymap, problem", [
    ({"queue.down": "ctrl+p"}, "ctrl+p opens the command palette in every Textual app"),
    ({"conv.done": "ctrl+q"}, "ctrl+q quits the app"),
    ({"prompt.cancel": "q"}, "would be typed into the field"),
    ({"composer.close": "ctrl+k"}, "the reply uses ctrl+k itself"),
])
def test_keys_taken_before_ours_are_refused(keymap, problem):
    assert problem in refused(keymap)


def test_a_priority_composer_key_may_take_a_text_field_key():
    assert check_keymap({"composer.send": "ctrl+k"}) == {"composer.send": "ctrl+k"}

