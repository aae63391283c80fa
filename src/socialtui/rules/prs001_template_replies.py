"""PRS001 template-replies."""

from socialtui.rules.base import Thresholds, counted, grade_high, make, not_applicable, rule
from socialtui.rules.facts import facts_for
from socialtui.rules.text.similarity import name_tokens, near_duplicates, normalize

MINIMUM = 5


@rule("PRS001", "template-replies", "personal", warn=0.2, fail=0.5, unit="of replies", rate=True,
      minimum="5 outbound replies")
def check(snap, t: Thresholds):
    """What it checks:
    The share of replies that are near-duplicates (90 % or more alike once mentions,
    names, greetings and signatures are removed) of another reply in the window.
    Replies of one or two words and courtesies ("You're welcome", "Gern geschehen",
    "Have a nice day") are not compared: answering thanks politely is no template.

    Why it matters:
    Copy-paste answers treat people as an audience, not as persons. Customers compare
    notes, and a canned reply reads like no reply.

    Example:
    "Thanks for reaching out! We're looking into it." sent to 23 different people.

    Suggested fix:
    Write to the person: use what they said, answer their actual question.

    Warns above 20 %, fails above 50 %.
    """
    minimum = int(t.options.get("minimum", MINIMUM))  # [rules.CODE] minimum = N
    f = facts_for(snap)
    replies = f.out_replies
    if len(replies) < minimum:
        return not_applicable("PRS001", t, f"only {counted(len(replies), 'outbound reply', 'outbound replies')} (need {minimum})")
    # chained: a reply close to any other reply counts, also when it is not close to its group's first
    groups = near_duplicates(_forms(snap, replies), 0.9, normalized=True, chained=True)
    dup = sum(len(g) for g in groups)
    share = dup / len(replies)
    groups.sort(key=lambda g: (-len(g), min(g)))
    evidence = [mid for g in groups for mid in sorted(g)]
    return make("PRS001", t, grade_high(share, t), figure=share, evidence=evidence,
                reason=f"{dup} of {len(replies)} replies are near-copies of another reply"
                       + (f" (largest group: {len(groups[0])})" if groups else ""),
                suggestion="Personalise replies: answer what this person asked." if dup else "",
                details={"groups": len(groups)})


def _forms(snap, replies):
    """(id, comparison form) per reply; the forms are remembered with the threads, so a clock
    tick neither looks up the conversations' people nor normalises a reply again, and after a
    sync only the replies of the conversations it added to are normalised again."""
    sigs = tuple(a.signature for a in snap.account.agents if a.signature)
    forms = facts_for(snap).classified(("PRS001 forms", sigs), replies, _form_maker(snap, sigs),
                                       by_conversation=True)
    return [(m.id, form) for m, form in zip(replies, forms)]


def _form_maker(snap, sigs):
    """A reply's text with signatures and the names of *this* conversation's people removed.

    Stripping only the names of the people a reply talks to is more precise than
    stripping every customer's name everywhere ("Rose", "Will", "Mark" are words too),
    and keeps each normalisation's name set small. The stripped text is normalised once
    more, as PRS001 always compared it: normalising is not quite idempotent ("We fixed it,
    thanks Anna! Best" becomes "we fixed it thanks anna", and only then "we fixed it").
    """
    conv_of, convs = snap.conversation_of, snap.conversations
    names_of: dict[str, frozenset[str]] = {}

    def form(m):
        cid = f"dm:{m.conversation}" if m.kind == "dm" else conv_of.get(m.id, m.id)
        names = names_of.get(cid)
        if names is None:
            conv = convs.get(cid)
            people = [x for p in (conv.messages if conv else ()) if p.direction == "in"
                      for x in (p.author.name, p.author.handle) if x]
            names = names_of[cid] = name_tokens(people)
        return normalize(normalize(m.text, sigs, names))
    return form
