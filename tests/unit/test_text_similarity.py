"""Near-duplicates (PRS001, SEC003) and the composer's ReplyIndex (L003)."""

import random
import time

from socialtui.rules.text.similarity import ReplyIndex, best_match, near_duplicates, normalize, similarity

A = "@anna Thanks for reaching out! We are looking into it. ^DK"
B = "@bob Thanks for reaching out! We are looking into it. ^MO"


def test_normalize_strips_what_is_not_the_reply():
    assert normalize("Hi Anna, your order 12345 ships Monday! https://x.example/t ^DK") == "your order 0 ships monday"
    assert normalize("Hallo Jörg, das Paket ist unterwegs. Viele Grüße, Dana") == "das paket ist unterwegs"
    assert normalize("Thanks Anna Schmidt, it works", names=["Anna Schmidt"]) == "it works"
    assert normalize("We fixed it -- Dana", signatures=["-- Dana"]) == "we fixed it"


def test_similarity_ignores_mentions_signatures_and_numbers():
    assert similarity(A, B) == 1.0
    assert similarity("Your order 111 ships Monday, tracking by email", "Your order 987654 ships Monday, tracking by email") == 1.0
    assert similarity("Thanks for reaching out! We are looking into it.", "Thanks for reaching out! We're looking into it.") >= 0.9
    assert similarity(A, "@anna Your parcel left the warehouse this morning, tracking is in the email") < 0.5
    assert similarity("Danke, wir schauen uns das an.", "Danke, wir kümmern uns sofort darum.") < 0.9


def test_near_duplicate_groups():
    items = [("1", A), ("2", B), ("3", "Completely different answer about eSIM settings today"),
             ("4", "@zoe thanks for reaching out, we're looking into it"), ("5", "Thanks!"), ("6", "Thanks!")]
    groups = near_duplicates(items)
    assert groups == [["1", "2", "4"]]  # "Thanks!" is too short to be a template


def test_near_duplicates_of_normalised_forms_compare_them_as_they_are():
    items = [("1", A), ("2", B), ("3", "Completely different answer about eSIM settings today")]
    forms = [(key, normalize(text)) for key, text in items]
    assert near_duplicates(forms, normalized=True) == near_duplicates(items) == [["1", "2"]]
    # Taken as they are: raw texts are not normalised (greetings, numbers and links stay).
    raw = [("1", "Hi Anna, your order 12345 ships Monday! https://x.example/t ^DK"),
           ("2", "Hello Bob, your order 9 ships Monday! https://shop.example/orders/track?id=9 ^MO")]
    assert near_duplicates(raw) == [["1", "2"]] and near_duplicates(raw, normalized=True) == []


def test_near_duplicates_strip_names_given():
    a, b = "Thanks Anna, the refund is on its way", "Thanks Ben, the refund is on its way"
    assert near_duplicates([("a", a), ("b", b)], names=["Anna Meyer", "Ben"]) == [["a", "b"]]


def test_near_duplicates_is_not_quadratic():
    rnd = random.Random(7)
    vocab = [f"{c}{v}{k}" for c in "bdfgklmnprst" for v in "aeiou" for k in "nrstx"]
    items = []
    for i in range(20000):
        if i % 10 == 0:
            items.append((i, f"Your order {rnd.randint(1000, 99999)} ships on Monday, tracking follows by email."))
        else:
            items.append((i, " ".join(rnd.choice(vocab) for _ in range(rnd.randint(5, 15)))))
    start = time.perf_counter()
    groups = near_duplicates(items)
    assert time.perf_counter() - start < 5
    assert max(len(g) for g in groups) == 2000  # the template, whatever the order number


def test_reply_index_best_match():
    idx = ReplyIndex([("r1", "Thanks for reaching out! We are looking into it now."), ("r2", "Your order ships Monday")])
    key, score = idx.best_match("@zoe thanks for reaching out! we are looking into it now")
    assert key == "r1" and score >= 0.9
    assert best_match("A totally new answer with details about batteries", idx)[1] < 0.5
    assert idx.best_match("ok")[0] is None


def test_reply_index_is_fast_per_keystroke():
    rnd = random.Random(3)
    words = [f"w{i}" for i in range(3000)]
    idx = ReplyIndex((i, " ".join(rnd.choice(words) for _ in range(12))) for i in range(20000))
    idx.add("mine", "We are so sorry about the delay, the K7 ships next Tuesday")
    start = time.perf_counter()
    for n in range(20, 60):
        key, _ = idx.best_match("We are so sorry about the delay, the K7 ships next Tuesday"[:n])
    per_call = (time.perf_counter() - start) / 40
    assert key == "mine" and per_call < 0.02


def test_chained_groups_take_a_text_close_to_any_member_and_leaders_only_stays_the_default():
    a = "Your replacement phone left our warehouse today and tracking follows by mail"
    b = "Your replacement phone left our warehouse on monday and tracking follows by mail"
    c = "Your replacement phone left our depot on monday and tracking follows by mail"  # ~ b, not ~ a
    items = [("a", a), ("b", b), ("c", c)]
    assert near_duplicates(items, chained=True) == [["a", "b", "c"]]
    assert near_duplicates(items) == [["a", "b"]]  # SEC003: near-identical to the group's first
