"""Token storage: the 0600 file fallback, the env override, a broken or missing keyring."""

from __future__ import annotations

import stat
import sys
import types

import pytest

from socialtui import secrets
from socialtui.sources.mastodon.auth import Token

KEY = "kestrel@https://social.example"


def test_file_fallback_is_private_and_round_trips(tmp_path):
    where = secrets.save_token(KEY, Token("abc123"))
    path = secrets.token_file(KEY)
    assert where == str(path) and path.is_relative_to(tmp_path / "config" / "tokens")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert "kestrel" not in path.name  # the file name does not reveal the account
    assert secrets.load_token(KEY) == Token("abc123")
    secrets.delete_token(KEY)
    assert secrets.load_token(KEY) is None and not path.exists()


def test_missing_token_is_none():
    assert secrets.load_token("nobody@https://social.example") is None


def test_env_token_overrides_and_is_never_written(monkeypatch, tmp_path):
    secrets.save_token(KEY, Token("stored"))
    monkeypatch.setenv("SOCIALTUI_TOKEN", "from-env")
    assert secrets.load_token(KEY) == Token("from-env")
    assert secrets.load_token("other@https://x.example") == Token("from-env")
    assert "from-env" not in "".join(p.read_text() for p in (tmp_path / "config").rglob("*.token"))


class _Keyring(types.ModuleType):
    """A stand-in keyring module: a dict, or one that raises like a locked or absent backend."""

    def __init__(self, broken: bool) -> None:
        super().__init__("keyring")
        self.broken, self.values = broken, {}

    def get_keyring(self):
        return object()

    def _check(self):
        if self.broken:
            raise RuntimeError("No recommended backend was available (SSH session)")

    def set_password(self, service, key, value):
        self._check()
        self.values[(service, key)] = value

    def get_password(self, service, key):
        self._check()
        return self.values.get((service, key))

    def delete_password(self, service, key):
        self._check()
        self.values.pop((service, key), None)


@pytest.fixture
def fake_keyring(monkeypatch):
    def install(broken: bool) -> _Keyring:
        module = _Keyring(broken)
        backends = types.ModuleType("keyring.backends")
        fail = types.ModuleType("keyring.backends.fail")
        fail.Keyring = type("FailKeyring", (), {})
        backends.fail = fail
        monkeypatch.setitem(sys.modules, "keyring", module)
        monkeypatch.setitem(sys.modules, "keyring.backends", backends)
        monkeypatch.setitem(sys.modules, "keyring.backends.fail", fail)
        monkeypatch.setenv("SOCIALTUI_KEYRING", "1")
        return module
    return install


def test_a_working_keyring_is_used_and_no_file_written(fake_keyring):
    ring = fake_keyring(broken=False)
    assert secrets.save_token(KEY, Token("in-ring")) == "the system keyring"
    assert ring.values[("socialtui", KEY)] == "in-ring" and not secrets.token_file(KEY).exists()
    assert secrets.load_token(KEY) == Token("in-ring")
    secrets.delete_token(KEY)
    assert secrets.load_token(KEY) is None


def test_a_broken_keyring_falls_back_to_the_file(fake_keyring):
    fake_keyring(broken=True)
    where = secrets.save_token(KEY, Token("on-disk"))
    assert where.endswith(".token") and secrets.load_token(KEY) == Token("on-disk")
    secrets.delete_token(KEY)  # errors from the keyring are swallowed here too
    assert secrets.load_token(KEY) is None


def test_keyring_disabled_by_env_is_never_called(fake_keyring, monkeypatch):
    ring = fake_keyring(broken=False)
    monkeypatch.setenv("SOCIALTUI_KEYRING", "0")
    secrets.save_token(KEY, Token("file-only"))
    assert ring.values == {} and secrets.token_file(KEY).exists()
