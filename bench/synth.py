"""Deterministic synthetic datasets for benchmarks: N conversations, ~10 messages each.

A realistic mix: mentions, replies, DMs, own posts and reposts; English and German;
answered fast, slow, never, or deflected; some template replies; links.
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
QUESTIONS = ["where is my order {n}?", "my K6 keeps rebooting since update {n}", "does the K7 support eSIM?",
             "refund for order {n} still missing", "wann kommt meine Lieferung {n}?", "mein Display ist kaputt",
             "is the K7 available yet?", "funktioniert die Garantie auch für {n}?"]
ANSWERS = ["@{h} Your order {n} ships tomorrow. ^DK", "@{h} Please install update 6.2.{n}, it fixes the reboot. ^MO",
           "@{h} Please call our hotline.", "@{h} Thanks for reaching out! We are looking into it.",
           "@{h} Die Lieferung {n} kommt am Montag. ^DK", "@{h} Bitte wenden Sie sich an unseren Kundenservice."]


def generate(n_conversations: int, seed: int = 1, *, end: datetime = END, days: int = 14) -> Dataset:
    from socialtui.domain.perf import gc_paused

    with gc_paused():
        return _generate(n_conversations, seed, end, days)


def _generate(n_conversations: int, seed: int, end: datetime, days: int) -> Dataset:
    rng = random.Random(seed)
    account = Account(handle="brand", name="Brand", platform="mastodon", own_domains=("brand.example",),
                      brand_terms=("Brand", "K7"), trusted_clients=("socialtui",),
                      agents=(Agent("Dana", "^DK"), Agent("Mats", "^MO")), as_of=end)
    brand = Author("brand", "Brand")
    msgs: list[Message] = []
    span = days * 86400
    people = [Author(f"user{i}", f"User {i}") for i in range(max(50, n_conversations // 3))]
    n = 0
    for c in range(n_conversations):
        start = end - timedelta(seconds=rng.randrange(span))
        who = rng.choice(people)
        lang = "de" if c % 3 == 0 else "en"
        dm = c % 7 == 0
        root = f"c{c}"
        t = start
        parent = None
        for turn in range(rng.randint(3, 6)):
            text = rng.choice(QUESTIONS).format(n=rng.randint(100, 999))
            mid = f"{root}-{turn}i"
            msgs.append(Message(mid, "dm" if dm else ("mention" if parent is None else "reply"), "in", who,
                                "@brand " + text, t, None if dm or parent is None else parent,
                                root if dm else None, None, (), None, lang))
            parent = mid
            behaviour = rng.random()
            if behaviour < 0.15:
                break  # never answered
            delay = timedelta(minutes=rng.choice([5, 20, 45, 90, 180, 600]))
            t = t + delay
            if t > end:
                break
            answer = rng.choice(ANSWERS).format(h=who.handle, n=rng.randint(1, 99))
            aid = f"{root}-{turn}o"
            links = (Link("https://brand.example/help"),) if rng.random() < 0.3 else ()
            msgs.append(Message(aid, "dm" if dm else "reply", "out", brand, answer, t, None if dm else parent,
                                root if dm else None, "socialtui", links, None, lang))
            parent = aid
            t = t + timedelta(minutes=rng.randint(10, 600))
            if t > end:
                break
        n += 1
        if c % 20 == 0:
            msgs.append(Message(f"p{c}", "post", "out", brand, "News from Brand https://brand.example/news",
                                start, client="socialtui", links=(Link("https://brand.example/news"),), lang="en"))
        if c % 50 == 0:
            msgs.append(Message(f"r{c}", "repost", "out", brand, "", start, client="socialtui",
                                repost_of=RepostOf(who.handle, "Love my Brand phone")))
    return Dataset(account, msgs, f"synthetic:{n_conversations}")


def write_dataset_dir(dataset: Dataset, path: Path) -> None:
    """Write the INTERFACE format so benchmarks can measure the loader too."""
    import orjson

    from socialtui.store.codec import message_to_interface

    path.mkdir(parents=True, exist_ok=True)
    (path / "account.toml").write_text(f'handle = "{dataset.account.handle}"\nas_of = '
                                       f'{dataset.account.as_of.strftime("%Y-%m-%dT%H:%M:%SZ")}\n')
    with open(path / "messages.jsonl", "wb") as fh:
        for m in dataset.messages:
            fh.write(orjson.dumps(message_to_interface(m)) + b"\n")


if __name__ == "__main__":
    ds = generate(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
    print(f"{len(ds.messages)} messages")
