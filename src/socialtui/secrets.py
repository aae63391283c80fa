"""Access tokens: keyring where it works, else a 0600 file in the config dir; SOCIALTUI_TOKEN overrides.

Tokens never go into the store, logs, reprs or exports. Keyring often has no
backend over SSH or on servers; every keyring error falls back to the file.
``SOCIALTUI_KEYRING=0`` skips keyring entirely (servers, tests).
"""

from __future__ import annotations

import hashlib
import os

from socialtui.locations import config_dir
from socialtui.sources.mastodon.client import Token
from socialtui.store.storage import atomic_write, ensure_dir

SERVICE = "socialtui"


def _keyring():
    if os.environ.get("SOCIALTUI_KEYRING", "1") == "0":
        return None
    try:
        import keyring
        from keyring.backends import fail

        if isinstance(keyring.get_keyring(), fail.Keyring):
            return None
        return keyring
    except Exception:  # noqa: BLE001 - any keyring trouble means "use the file"
        return None


def _file(key: str):
    return config_dir() / "tokens" / (hashlib.sha256(key.encode()).hexdigest()[:32] + ".token")


def save_token(key: str, token: Token) -> str:
    """Store the token; returns where ("keyring" or the file path)."""
    kr = _keyring()
    if kr is not None:
        try:
            kr.set_password(SERVICE, key, token.reveal())
            return "keyring"
        except Exception:  # noqa: BLE001
            pass
    path = _file(key)
    ensure_dir(path.parent)
    atomic_write(path, token.reveal().encode())
    return str(path)


def load_token(key: str) -> Token | None:
    env = os.environ.get("SOCIALTUI_TOKEN")
    if env:
        return Token(env)
    kr = _keyring()
    if kr is not None:
        try:
            value = kr.get_password(SERVICE, key)
            if value:
                return Token(value)
        except Exception:  # noqa: BLE001
            pass
    path = _file(key)
    if path.exists():
        return Token(path.read_text().strip())
    return None


def delete_token(key: str) -> None:
    kr = _keyring()
    if kr is not None:
        try:
            kr.delete_password(SERVICE, key)
        except Exception:  # noqa: BLE001
            pass
    _file(key).unlink(missing_ok=True)
