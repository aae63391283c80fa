"""Self-promotion (SLF001, lint L007) and @mentions.

An own top-level post is self-promotion when it promotes the account, by naming a
brand term (whole word, case- and umlaut-insensitive) or linking an own domain, and
engages nobody else: no other account is @mentioned and no third-party link is
shared. Mentioning the account itself does not count as engaging someone.

Product promotion in a reply (L007) additionally needs sales vocabulary: new, buy,
order, sale, deal, offer, discount, launch; German neu, jetzt, kaufen, bestellen,
Angebot, Rabatt, Aktion, vorbestellen.
"""

from __future__ import annotations

import re

from socialtui.domain.models import Account, Message
from socialtui.rules.text.links import is_own
from socialtui.rules.text.matching import fold

_MENTION = re.compile(r"(?<![\w@])@([A-Za-z0-9_][A-Za-z0-9_.-]*)")
PROMO_WORDS = re.compile(
    r"(?<!\w)(?:new|now|buy|order|pre-?order|shop|sale|deal|offer|discount|launch|award|winner|best|available|"
    r"neu|jetzt|kaufen|bestellen|angebot|rabatt|aktion|vorbestellen)(?!\w)"
)


def mentions(text: str) -> list[str]:
    """@handles in ``text`` (without the @, lower-case, domain part dropped)."""
    return [m.group(1).split("@")[0].rstrip(".").lower() for m in _MENTION.finditer(text or "")]


def names_brand(text: str, account: Account) -> bool:
    """``text`` names one of the account's brand terms as a whole word."""
    folded = fold(text)
    return any(re.search(r"(?<!\w)" + re.escape(fold(t)) + r"(?!\w)", folded) for t in account.brand_terms if t)


def is_self_promotion(message: Message, account: Account) -> bool:
    """Promotes the account (brand terms or own-domain links) and engages nobody else."""
    own_link = any(is_own(l.url, account) for l in message.links)
    foreign_link = any(not is_own(l.url, account) for l in message.links)
    others = [h for h in mentions(message.text) if h != account.handle.lower()]
    if foreign_link or others:
        return False
    return own_link or names_brand(message.text, account)


def is_product_promotion(text: str, account: Account, links=()) -> bool:
    """For replies: names the brand or links the own shop *and* uses sales vocabulary."""
    branded = names_brand(text, account) or any(is_own(l.url, account) for l in links)
    return branded and PROMO_WORDS.search(fold(text)) is not None
