"""Snapshots of the main screens at fixed sizes, a fixed `now` and the dark theme.

Update the baselines after an intended change with: pytest tests/snapshots --snapshot-update
"""

import pytest

from tests.functional.conftest import make_app


@pytest.fixture
def colour(monkeypatch):
    """Most snapshots show the dark theme; the 80x24 one shows NO_COLOR."""
    monkeypatch.delenv("NO_COLOR", raising=False)


def test_main_screen_160x48(snap_compare, tmp_path, colour):
    assert snap_compare(make_app(tmp_path), terminal_size=(160, 48))


def test_main_screen_80x24_no_color(snap_compare, tmp_path):
    assert snap_compare(make_app(tmp_path), terminal_size=(80, 24))


def test_rule_screen(snap_compare, tmp_path, colour):
    async def open_rule(pilot):
        await pilot.pause(0.3)  # the selected thread shown (and scrolled) first, as a user sees it
        pilot.app.screen.show_rule("RSP004")
        await pilot.pause()

    assert snap_compare(make_app(tmp_path), terminal_size=(120, 40), run_before=open_rule)


def test_composer_with_lint(snap_compare, tmp_path, colour):
    async def compose(pilot):
        from textual.widgets import TextArea

        await pilot.press("j", "r", *"Bitte wenden Sie sich an unsere Hotline.")
        pilot.app.screen.query_one(TextArea).cursor_blink = False  # no blink phase in the picture
        pilot.app.screen._lint_now()  # do not depend on the debounce timer's timing
        await pilot.pause()

    assert snap_compare(make_app(tmp_path), terminal_size=(160, 48), run_before=compose)


def test_security_checklist(snap_compare, tmp_path, colour):
    assert snap_compare(make_app(tmp_path), terminal_size=(120, 40), press=["exclamation_mark"])


def test_main_screen_light_theme(snap_compare, tmp_path, colour):
    assert snap_compare(make_app(tmp_path, theme="light"), terminal_size=(120, 36))
