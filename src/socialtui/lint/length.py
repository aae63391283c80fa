"""How long a draft is in each platform's own counting (L002)."""

from __future__ import annotations

import re
import unicodedata

LIMITS = {"mastodon": 500, "bluesky": 300, "x": 280, "other": 500}
UNITS = {"mastodon": "characters", "bluesky": "graphemes", "x": "weighted characters", "other": "characters"}
_URL = re.compile(r"https?://\S+")
_MASTODON_MENTION = re.compile(r"(@[\w.-]+)@[\w.-]+\.\w+")
URL_WEIGHT = 23
_X_LIGHT = ((0, 4351), (8192, 8205), (8208, 8223), (8242, 8247))


def graphemes(text: str) -> int:
    """Approximate extended grapheme clusters: combining marks, ZWJ sequences and modifiers join."""
    count, join_next = 0, False
    for ch in text:
        cp = ord(ch)
        if join_next:
            join_next = False
            continue
        if ch == "\u200d":
            join_next = True
            continue
        if unicodedata.combining(ch) or 0xFE00 <= cp <= 0xFE0F or 0x1F3FB <= cp <= 0x1F3FF or 0xE0020 <= cp <= 0xE007F:
            continue
        count += 1
    return count


def length(text: str, platform: str) -> int:
    if platform == "bluesky":
        return graphemes(text)
    if platform == "x":
        total = 0
        rest = _URL.sub("", text)
        total += URL_WEIGHT * len(_URL.findall(text))
        for ch in unicodedata.normalize("NFC", rest):
            cp = ord(ch)
            total += 1 if any(lo <= cp <= hi for lo, hi in _X_LIGHT) else 2
        return total
    # Mastodon: every URL counts as 23, a remote mention only by its local part.
    shortened = _MASTODON_MENTION.sub(r"\1", text)
    return len(_URL.sub("x" * URL_WEIGHT, shortened))


def remaining(text: str, platform: str) -> int:
    return LIMITS.get(platform, 500) - length(text, platform)
