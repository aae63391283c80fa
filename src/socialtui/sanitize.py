"""Make untrusted text safe to store and display.

Strangers write the messages, names, handles and URLs we show. Terminal escape
sequences in them could set the window title, write the clipboard (OSC 52) or
move the cursor; bidi overrides could disguise a handle or a link. We remove
those once, at the boundary where data enters (loader, importers, sync).
Markup is a separate concern: the UI never parses untrusted text as markup.
"""

from __future__ import annotations

import re

# ESC-introduced sequences: CSI (ESC [ ... final), OSC/DCS/SOS/PM/APC (ESC ] ... BEL or ST),
# and two-character escapes. C1 equivalents (0x9B CSI, 0x9D OSC, 0x90 DCS ...) likewise.
_ESCAPES = re.compile(
    r"""
    (?:\x1b\[|\x9b)[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]?      # CSI
    | (?:\x1b[\]P^_X]|[\x90\x98\x9d\x9e\x9f])                # OSC, DCS, SOS, PM, APC
      .*?(?:\x07|\x1b\\|\x9c|$)                              #   ... up to BEL or ST
    | \x1b[\x20-\x2f]*[\x30-\x7e]?                          # other ESC sequences
    """,
    re.VERBOSE | re.DOTALL,
)
# C0 except tab/newline, DEL, C1.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Bidi embeddings, overrides, isolates and marks.
_BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# Invisible characters that make two handles look alike.
_INVISIBLE = re.compile("[\u00ad\u034f\u180e\u200b-\u200d\u2060-\u2064\ufeff]")
# Line/paragraph separators render as newlines in some terminals.
_SEPARATORS = re.compile("[\u2028\u2029\u0085]")


def clean_text(value: object) -> str:
    """Message text: drop escape sequences, controls and bidi overrides; keep \\n and \\t.

    Zero-width joiners stay (emoji need them); carriage returns become newlines.
    """
    if value is None:
        return ""
    s = str(value)
    if not s:
        return s
    s = s.replace("\r\n", "\n").replace("\r", "\n")
    s = _ESCAPES.sub("", s)
    s = _CONTROLS.sub("", s)
    s = _BIDI.sub("", s)
    s = _SEPARATORS.sub("\n", s)
    return s


# Invisible characters a reply has no use for (pasted from web pages and documents): zero-width
# space, word joiner, invisible operators, byte-order mark, and soft hyphens (a word processor's
# hyphenation hints: invisible in the composer, they break the word for anyone searching for it).
# Joiners (U+200C, U+200D) stay: emoji and scripts need them. A zero-width space right after an @
# is kept: it is how a mention is written without notifying anyone.
_PASTED_INVISIBLE = re.compile("(?<!@)\u200b|[\u00ad\u2060-\u2064\ufeff]")


def clean_outbound(value: object) -> str:
    """Text the account is about to send: clean_text, and no zero-width spaces (invisible in the
    composer, they split words and links for the reader and defeat the duplicate checks)."""
    return _PASTED_INVISIBLE.sub("", clean_text(value))


def clean_line(value: object) -> str:
    """Names, client names, link texts: clean_text on one line."""
    s = clean_text(value)
    return " ".join(s.split()) if ("\n" in s or "\t" in s) else s


def clean_handle(value: object) -> str:
    """Handles: one line, no invisible characters, no leading @."""
    s = _INVISIBLE.sub("", clean_line(value)).strip()
    return s.lstrip("@") if s.startswith("@") else s


def clean_url(value: object) -> str:
    """URLs: one line, no whitespace or invisible characters."""
    s = _INVISIBLE.sub("", clean_line(value))
    return "".join(s.split())


def is_look_alike(handle: str, own: str) -> bool:
    """An inbound author showing this account's own handle ``own``: only a stranger whose handle
    had invisible or direction characters (removed on the way in) can be that."""
    return bool(own) and handle.casefold() == own.casefold()
