"""Deterministic synthetic datasets for benchmarks: N conversations, ~10 messages each.

``generate(100_000)`` gives about a million messages in a realistic mix: mentions,
replies, DMs, own posts and reposts; English and German; conversations answered fast,
slowly, never, or with a deflection; some copy-paste template replies; links. The same
``(n_conversations, seed, start, end)`` always gives the same dataset.

``write_dataset_dir(dataset, path)`` writes the INTERFACE format (account.toml +
messages.jsonl) so benchmarks can measure the loader too.
"""

from __future__ import annotations

import random
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from socialtui.domain.dataset import Dataset  # noqa: E402
from socialtui.domain.models import Account, Agent, Author, Link, Message, RepostOf  # noqa: E402

END = datetime(2026, 11, 20, 18, 0, tzinfo=timezone.utc)
DAYS = 14
QUESTIONS = {
    "en": ["where is my order {n}?", "my K6 keeps rebooting since update {n}", "does the K7 support eSIM?",
           "refund for order {n} still missing", "is the K7 available yet?", "my screen cracked after {n} days",
           "still no answer about ticket {n}", "thanks, that worked!", "any news on this?"],
    "de": ["wann kommt meine Lieferung {n}?", "mein Display ist kaputt", "funktioniert die Garantie auch für {n}?",
           "Erstattung für Bestellung {n} fehlt noch", "gibt es das K7 schon?", "danke, hat geklappt!",
           "immer noch keine Antwort zu Ticket {n}"],
}
ANSWERS = {
    "en": ["@{h} Your order {n} ships tomorrow. ^DK", "@{h} Please install update 6.2.{n}, it fixes the reboot. ^MO",
           "@{h} Sorry about ticket {n}, a replacement is on its way. ^DK",
           "@{h} The K7 launches on the {n}th, details: https://brand.example/k7 ^MO"],
    "de": ["@{h} Die Lieferung {n} kommt am Montag. ^DK", "@{h} Das Update 6.2.{n} behebt den Fehler. ^MO",
           "@{h} Ihr Ersatzgerät ist unterwegs, Ticket {n}. ^DK"],
}
DEFLECTIONS = {"en": ["@{h} Please call our hotline.", "@{h} Please send us a DM."],
               "de": ["@{h} Bitte wenden Sie sich an unseren Kundenservice.", "@{h} Bitte rufen Sie die Hotline an."]}
TEMPLATES = {"en": "@{h} Thanks for reaching out! We are looking into it.",
             "de": "@{h} Danke für Ihre Nachricht! Wir kümmern uns darum."}
POSTS = ["News from Brand: the K7 is here https://brand.example/news", "Unser Herbst-Update ist da",
         "Five tips for a longer battery life https://brand.example/blog/battery", "Tell us your favourite feature!"]
HELP = Link("https://brand.example/help")
# Response behaviour of one conversation: (weight, delays in minutes, deflect, template).
BEHAVIOURS = [(0.45, (5, 10, 20), False, False), (0.2, (90, 180, 600), False, False),
              (0.12, None, False, False), (0.13, (15, 45), True, False), (0.1, (5, 30), False, True)]


def generate(n_conversations: int, seed: int = 1, *, start: datetime | None = None,
             end: datetime = END) -> Dataset:
    """``n_conversations`` conversations (about 10 messages each) between ``start`` and ``end``."""
    from socialtui.domain.perf import gc_paused

    start = start or end - timedelta(days=DAYS)
    with gc_paused():
        return _generate(n_conversations, random.Random(seed), start, end)


def _generate(n_conversations: int, rng: random.Random, start: datetime, end: datetime) -> Dataset:
    account = Account(handle="brand", name="Brand", platform="mastodon", own_domains=("brand.example",),
                      brand_terms=("Brand", "K7"), trusted_clients=("socialtui",),
                      agents=(Agent("Dana Kim", "^DK"), Agent("Mats Olsen", "^MO")), as_of=end)
    brand = Author("brand", "Brand")
    span = max(1, int((end - start).total_seconds()))
    people = [Author(f"user{i}", f"User {i}") for i in range(max(50, n_conversations // 3))]
    weights = [b[0] for b in BEHAVIOURS]
    msgs: list[Message] = []
    append = msgs.append
    for c in range(n_conversations):
        t = start + timedelta(seconds=rng.randrange(span))
        who = rng.choice(people)
        lang = "de" if c % 3 == 0 else "en"
        dm = c % 7 == 0
        root = f"c{c}"
        _, delays, deflect, template = rng.choices(BEHAVIOURS, weights)[0]
        parent = None
        # 5 turns (inbound + answer) on average, so ~10 messages when every turn is answered;
        # extra customer follow-ups make up for the unanswered ones.
        for turn in range(rng.randint(3, 7)):
            for extra in range(2 if delays is None or rng.random() < 0.2 else 1):
                mid = f"{root}-{turn}i{extra}"
                text = rng.choice(QUESTIONS[lang]).format(n=rng.randint(100, 999))
                kind = "dm" if dm else ("mention" if parent is None else "reply")
                append(Message(mid, kind, "in", who, "@brand " + text, t, None if dm else parent,
                               root if dm else None, None, (), None, lang))
                parent = mid
                t += timedelta(minutes=rng.randint(1, 30))
            if delays is None:
                continue
            t += timedelta(minutes=rng.choice(delays))
            if t > end:
                break
            if deflect and turn == 0:
                answer = rng.choice(DEFLECTIONS[lang])
            elif template:
                answer = TEMPLATES[lang]
            else:
                answer = rng.choice(ANSWERS[lang])
            answer = answer.format(h=who.handle, n=rng.randint(1, 99))
            links = (HELP,) if rng.random() < 0.2 else ()
            aid = f"{root}-{turn}o"
            append(Message(aid, "dm" if dm else "reply", "out", brand, answer, t, None if dm else parent,
                           root if dm else None, "socialtui" if rng.random() < 0.9 else "Web", links, None, lang))
            parent = aid
            t += timedelta(minutes=rng.randint(10, 600))
            if t > end:
                break
        if c % 20 == 0:
            text = POSTS[(c // 20) % len(POSTS)]
            links = (Link(text.rsplit(" ", 1)[1]),) if "https://" in text else ()
            append(Message(f"p{c}", "post", "out", brand, text, start + timedelta(seconds=rng.randrange(span)),
                           client="socialtui", links=links, lang="de" if "Herbst" in text else "en"))
        if c % 50 == 0:
            append(Message(f"r{c}", "repost", "out", brand, "", start + timedelta(seconds=rng.randrange(span)),
                           client="socialtui", repost_of=RepostOf(who.handle, "Love my Brand phone")))
    # Loaders hand over their datasets in time order (Dataset.in_order); so does this one.
    return Dataset(account, [m for m in msgs if m.created_at <= end], f"synthetic:{n_conversations}").in_order()


def write_dataset_dir(dataset: Dataset, path: Path) -> None:
    """Write ``account.toml`` + ``messages.jsonl`` (INTERFACE format) under ``path``."""
    import orjson

    from socialtui.store.account_file import account_to_toml
    from socialtui.store.codec import message_to_interface

    path = Path(path)
    path.mkdir(parents=True, exist_ok=True)
    (path / "account.toml").write_text(account_to_toml(dataset.account), encoding="utf-8")
    with open(path / "messages.jsonl", "wb") as fh:
        for m in dataset.messages:
            fh.write(orjson.dumps(message_to_interface(m)) + b"\n")


if __name__ == "__main__":
    import time

    t0 = time.perf_counter()
    ds = generate(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
    print(f"{len(ds.messages):,} messages in {time.perf_counter() - t0:.1f} s")
