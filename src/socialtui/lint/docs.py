"""What each composer lint check is for, for ``socialtui rules explain L001`` and the help.

The checks run on every keystroke in the composer and in ``socialtui lint``; only L002 and
L005's suspicious links hold a reply back (a confirmation), the others are nudges.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class LintDoc:
    code: str
    name: str
    blocks: str  # "" when it never holds a reply back
    checks: str
    matters: str
    fix: str


LINT_DOCS: dict[str, LintDoc] = {d.code: d for d in (
    LintDoc("L001", "deflects", "",
            "The draft sends the customer somewhere else (a hotline, a form, an email address, a DM) "
            "instead of answering; the same phrase lists as DFL001, in English and German.",
            "Being passed on is what customers complain about most; in public, everyone reading sees it.",
            "Answer here, or escalate internally and promise a public follow-up with a time."),
    LintDoc("L002", "too-long", "the platform would refuse it",
            "The draft is longer than the platform allows: Mastodon 500 characters, Bluesky 300 graphemes, "
            "X 280 weighted characters (a link counts 23, CJK and emoji 2).",
            "A reply the platform refuses is no reply; the counter under the composer shows what is left.",
            "Shorten it, or split the answer into two replies."),
    LintDoc("L003", "near-duplicate", "",
            "The reply is nearly the same text as one the account sent in the last 7 days (compared "
            "without handles, links, names, signatures, greetings and numbers).",
            "Copy-paste answers read as a template (PRS001 counts them): the customer feels processed.",
            "Answer what this person asked, in your own words."),
    LintDoc("L004", "unsigned", "",
            "Team mode (account.toml has [[agents]]) and the draft lacks the agent's signature.",
            "Customers, and the team, can tell who answered; unsigned replies are what PRS002 counts.",
            "End the reply with your signature."),
    LintDoc("L005", "risky-link", "for a suspicious link: sending needs a deliberate capital Y",
            "A link in the draft looks like phishing (a look-alike of the own domain, a login path on a "
            "foreign site, a shortener: what SEC002 flags), or the only link goes to the own site in "
            "answer to a complaint.",
            "A hijacked account's first sign is often such a link; a bare link to the own site answers nothing.",
            "Check where the link really goes; answer the complaint in words, the link as an extra."),
    LintDoc("L006", "customers-waiting", "",
            "A new top-level post while conversations wait past the SLA.",
            "Announcements while customers wait unanswered are the megaphone habit this tool audits.",
            "Answer the waiting customers first (the queue has them on top), or post later."),
    LintDoc("L007", "promotes", "",
            "A reply to a complaint that pitches a product: a brand term or an own link with sales words "
            "(new, buy, offer, discount; neu, kaufen, Angebot, Rabatt).",
            "Selling to someone with a problem reads as not listening.",
            "Solve the problem first; leave the pitch out."),
    LintDoc("L008", "unaddressed", "",
            "A reply that does not @-address the person it answers where the platform needs that "
            "(Mastodon, and platforms socialtui does not know; Bluesky and X notify the person replied to "
            "without it), addresses a look-alike of the account's own handle, or mentions a handle that "
            "nobody in the conversation has written or mentioned (on any platform).",
            "Without the handle the customer gets no notification and may never see the answer; a mistyped "
            "handle notifies a stranger instead, and on Mastodon a direct message goes to every account it "
            "mentions.",
            "Start with their handle (the app inserts it when you send) and check the spelling of any other."),
)}
