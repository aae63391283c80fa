"""Self-promotion (SLF001, lint L007) and @mentions.

An own top-level post is self-promotion when it promotes the account, by naming a
brand term (whole word, case- and umlaut-insensitive) or linking an own domain, and
engages nobody else: no other account is @mentioned and no third-party link is
shared. Mentioning the account itself does not count as engaging someone, also when
written with its instance ("@brand@mastodon.social"); the same name on another instance
is someone else.

Product promotion in a reply (L007) additionally needs sales vocabulary: new, buy,
order, sale, deal, offer, discount, launch; German neu, jetzt, kaufen, bestellen,
Angebot, Rabatt, Aktion, vorbestellen.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from socialtui.domain.models import Account, Message
from socialtui.rules.text.links import is_own
from socialtui.rules.text.matching import fold

_MENTION = re.compile(r"(?<![\w@])@([A-Za-z0-9_][A-Za-z0-9_.-]*)")
# the same, with the instance a Mastodon handle may carry ("@anna@social.example")
_FULL_MENTION = re.compile(r"(?<![\w@])@([A-Za-z0-9_][A-Za-z0-9_.-]*)(?:@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+))?")
PROMO_WORDS = re.compile(
    r"(?<!\w)(?:new|now|buy|order|pre-?order|shop|sale|deal|offer|discount|launch|award|winner|best|available|"
    r"neu|jetzt|kaufen|bestellen|angebot|rabatt|aktion|vorbestellen)(?!\w)"
)


def mentions(text: str) -> list[str]:
    """@handles in ``text`` (without the @, lower-case, domain part dropped)."""
    return [m.group(1).split("@")[0].rstrip(".").lower() for m in _MENTION.finditer(text or "")]


def _own_name_and_instance(account: Account) -> tuple[str, str | None]:
    """The account's user name and instance host, from a full handle ("brand@mastodon.social")
    or from the instance it was logged in on; no instance when neither says."""
    name, _, host = account.handle.lstrip("@").lower().partition("@")
    if not host:
        instance = str(account.extra.get("instance") or "")
        host = (urlsplit(instance if "://" in instance else "//" + instance).hostname or "") if instance else ""
    return name, host or None


def _split_mentions(text: str, account: Account) -> tuple[list[str], bool]:
    """(@handles in ``text`` other than the account's own, whether the account's own is there).
    "@brand" and "@brand@its-instance" are the account; "@brand@another-instance" is someone else
    when the account's instance is known."""
    own, own_host = _own_name_and_instance(account)
    found, itself = [], False
    for m in _FULL_MENTION.finditer(text or ""):
        name, host = m.group(1).rstrip(".").lower(), (m.group(2) or "").lower() or None
        if name == own and (host is None or own_host is None or host == own_host):
            itself = True
            continue
        found.append(f"{name}@{host}" if host else name)
    return found, itself


def others_mentioned(text: str, account: Account) -> list[str]:
    """@handles in ``text`` other than the account's own (lower-case, instance kept when written)."""
    return _split_mentions(text, account)[0]


def mentions_account(text: str, account: Account) -> bool:
    """``text`` mentions the account itself (with or without its instance, see above)."""
    return _split_mentions(text, account)[1]


def names_brand(text: str, account: Account) -> bool:
    """``text`` names one of the account's brand terms as a whole word."""
    folded = fold(text)
    return any(re.search(r"(?<!\w)" + re.escape(fold(t)) + r"(?!\w)", folded) for t in account.brand_terms if t)


def is_self_promotion(message: Message, account: Account) -> bool:
    """Promotes the account (brand terms or own-domain links) and engages nobody else."""
    own_link = any(is_own(l.url, account) for l in message.links)
    foreign_link = any(not is_own(l.url, account) for l in message.links)
    others = others_mentioned(message.text, account)
    if foreign_link or others:
        return False
    return own_link or names_brand(message.text, account)


def is_product_promotion(text: str, account: Account, links=()) -> bool:
    """For replies: names the brand or links the own shop *and* uses sales vocabulary."""
    branded = names_brand(text, account) or any(is_own(l.url, account) for l in links)
    return branded and PROMO_WORDS.search(fold(text)) is not None
