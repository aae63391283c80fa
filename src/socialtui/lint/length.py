"""How long a draft is in each platform's own counting (L002).

- Mastodon: 500, counted in user-perceived characters (grapheme clusters, as the
  server does); every URL counts 23, a remote mention only by its local part.
- Bluesky: 300 grapheme clusters.
- X: 280 weighted: Latin and common punctuation weigh 1, everything else (CJK,
  emoji, ...) 2, an emoji sequence counts once (2), every URL 23.

Grapheme clusters are approximated without a new dependency: combining and spacing
marks, variation selectors, skin-tone modifiers, tag characters and Hangul vowel/final
jamo extend the previous cluster, a ZWJ glues the next character on, regional
indicators pair into one flag, CR LF is one.
"""

from __future__ import annotations

import re
import unicodedata

LIMITS = {"mastodon": 500, "bluesky": 300, "x": 280, "other": 500}
UNITS = {"mastodon": "characters", "bluesky": "graphemes", "x": "weighted characters", "other": "characters"}
PLATFORM_NAMES = {"mastodon": "Mastodon", "bluesky": "Bluesky", "x": "X", "other": "the platform"}
URL_WEIGHT = 23
_URL = re.compile(r"https?://[^\s<>\"']+")
_MASTODON_MENTION = re.compile(r"(?<![\w@])(@[\w.-]+)@[\w-]+(?:\.[\w-]+)+")
_X_LIGHT = ((0, 4351), (8192, 8205), (8208, 8223), (8242, 8247))
_ZWJ = "\u200d"


def _extends(ch: str) -> bool:
    cp = ord(ch)
    if cp < 0x300:
        return False
    return (unicodedata.category(ch) in ("Mn", "Me", "Mc") or 0xFE00 <= cp <= 0xFE0F
            or 0x1F3FB <= cp <= 0x1F3FF or 0xE0020 <= cp <= 0xE007F or 0xE0100 <= cp <= 0xE01EF
            or 0x1160 <= cp <= 0x11FF)


def _is_regional(ch: str) -> bool:
    return 0x1F1E6 <= ord(ch) <= 0x1F1FF


def clusters(text: str) -> list[str]:
    """The text split into (approximate) extended grapheme clusters."""
    out: list[str] = []
    glue = False
    for ch in text:
        if out and (glue or _extends(ch) or ch == _ZWJ or (ch == "\n" and out[-1] == "\r")
                    or (_is_regional(ch) and len(out[-1]) == 1 and _is_regional(out[-1]))):
            out[-1] += ch
        else:
            out.append(ch)
        glue = ch == _ZWJ
    return out


def graphemes(text: str) -> int:
    """Number of user-perceived characters."""
    if text.isascii():
        return len(text) - text.count("\r\n")
    return len(clusters(text))


def _x_weight(cluster: str) -> int:
    first = ord(cluster[0])
    if len(cluster) > 1 and (first >= 0x1F000 or _ZWJ in cluster or "\ufe0f" in cluster):
        return 2  # one emoji sequence, however many code points
    return sum(1 if any(lo <= ord(c) <= hi for lo, hi in _X_LIGHT) else 2 for c in cluster)


def length(text: str, platform: str) -> int:
    """The draft's length as ``platform`` counts it."""
    if platform == "bluesky":
        return graphemes(text)
    urls = len(_URL.findall(text))
    rest = _URL.sub("", text)
    if platform == "x":
        rest = unicodedata.normalize("NFC", rest)
        if rest.isascii():
            return URL_WEIGHT * urls + len(rest)
        return URL_WEIGHT * urls + sum(_x_weight(c) for c in clusters(rest))
    return URL_WEIGHT * urls + graphemes(_MASTODON_MENTION.sub(r"\1", rest))


def limit(platform: str) -> int:
    return LIMITS.get(platform, LIMITS["other"])


def remaining(text: str, platform: str) -> int:
    """Characters (in the platform's counting) left before the limit; negative when over."""
    return limit(platform) - length(text, platform)
