"""Access tokens: the system keyring where it works, else a 0600 file; ``SOCIALTUI_TOKEN`` overrides.

Tokens never go into the store, logs, reprs or exports. The keyring often has no
backend over SSH or on servers, and a locked or broken one raises all kinds of
errors: any keyring trouble means "use the file". ``SOCIALTUI_KEYRING=0`` skips the
keyring entirely (servers, CI, tests). ``SOCIALTUI_TOKEN`` supplies the token for
every account (one-account servers and CI) and is never written anywhere.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from socialtui.locations import config_dir
from socialtui.sources.mastodon.auth import Token
from socialtui.store.storage import atomic_write, ensure_dir

SERVICE = "socialtui"


def _keyring():
    """The keyring module if it is enabled and has a real backend, else None."""
    if os.environ.get("SOCIALTUI_KEYRING", "1").strip().lower() in ("0", "false", "no", "off"):
        return None
    try:
        import keyring
        from keyring.backends import fail

        if isinstance(keyring.get_keyring(), fail.Keyring):
            return None
        return keyring
    except Exception:  # noqa: BLE001 - any keyring trouble means "use the file"
        return None


def token_file(account_key: str) -> Path:
    """Where the file fallback keeps one account's token (the name does not reveal the account)."""
    digest = hashlib.sha256(account_key.encode()).hexdigest()[:32]
    return config_dir() / "tokens" / f"{digest}.token"


def save_token(account_key: str, token: Token | str) -> str:
    """Store the token; returns where it went ("the system keyring" or the file's path)."""
    token = Token(token)
    kr = _keyring()
    if kr is not None:
        try:
            kr.set_password(SERVICE, account_key, token.reveal())
        except Exception:  # noqa: BLE001 - fall back to the file
            pass
        else:
            token_file(account_key).unlink(missing_ok=True)  # no stale copy beside the keyring
            return "the system keyring"
    path = token_file(account_key)
    ensure_dir(path.parent)
    atomic_write(path, token.reveal().encode())
    return str(path)


def load_token(account_key: str) -> Token | None:
    """The token for ``account_key``: SOCIALTUI_TOKEN, else keyring, else file; None if absent."""
    env = os.environ.get("SOCIALTUI_TOKEN", "").strip()
    if env:
        return Token(env)
    kr = _keyring()
    if kr is not None:
        try:
            value = kr.get_password(SERVICE, account_key)
        except Exception:  # noqa: BLE001 - fall back to the file
            value = None
        if value:
            return Token(value)
    try:
        value = token_file(account_key).read_text(encoding="utf-8").strip()
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError:
        return None
    return Token(value) if value else None


def delete_token(account_key: str) -> None:
    """Forget the token everywhere it may be (keyring and file)."""
    kr = _keyring()
    if kr is not None:
        try:
            kr.delete_password(SERVICE, account_key)
        except Exception:  # noqa: BLE001 - absent or no backend: nothing to delete there
            pass
    token_file(account_key).unlink(missing_ok=True)
