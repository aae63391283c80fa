"""RSP005 ignored-replies."""

from socialtui.rules.base import Thresholds, counted, grade_high, make, not_applicable, rule
from socialtui.rules.facts import facts_for

MINIMUM = 4


@rule("RSP005", "ignored-replies", "responsiveness", warn=0.25, fail=0.5, unit="of posts with replies", rate=True,
      minimum="4 own posts that drew replies")
def check(snap, t: Thresholds):
    """What it checks:
    Of the account's own posts in the window that drew replies from other people, the
    share where none of those replies got an answer.

    Why it matters:
    Posting and then ignoring the people who respond is broadcasting: the audience
    learns that talking back is pointless.

    Example:
    The K7 launch post drew 40 replies and the account answered none of them.

    Suggested fix:
    After posting, stay for the conversation: answer the replies, starting with questions.

    Warns above 25 %, fails above 50 %.
    """
    minimum = int(t.options.get("minimum", MINIMUM))  # [rules.CODE] minimum = N
    convs = snap.conversations
    drew, ignored = 0, []
    for post in facts_for(snap).own_posts:
        conv = convs.get(post.id)
        if conv is None:
            continue
        replies = [m for m in conv.messages if m.direction == "in"]
        if not replies:
            continue
        drew += 1
        if not any(m.direction == "out" and m.created_at > replies[0].created_at for m in conv.messages):
            ignored.append((len(replies), post))
    if drew < minimum:
        return not_applicable("RSP005", t, f"only {counted(drew, 'own post')} drew replies (need {minimum})")
    share = len(ignored) / drew
    ignored.sort(key=lambda x: (-x[0], x[1].id))
    return make("RSP005", t, grade_high(share, t), figure=share, evidence=[p.id for _, p in ignored],
                reason=f"{len(ignored)} of {drew} posts that drew replies got no answer to any of them",
                suggestion="Answer the replies under your own posts; the evidence starts with the busiest." if ignored else "",
                details={"posts_with_replies": drew, "ignored": len(ignored)})
