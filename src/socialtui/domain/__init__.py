"""Pure domain model: no I/O, no textual."""

from socialtui.domain.models import (
    Account,
    Agent,
    Author,
    Link,
    Message,
    RepostOf,
    RuleOverride,
)
from socialtui.domain.conversations import Conversation, Turn, build_conversations
from socialtui.domain.dataset import Dataset, Snapshot
from socialtui.domain.workflow import ConversationState, WorkflowState

__all__ = [
    "Account",
    "Agent",
    "Author",
    "Conversation",
    "ConversationState",
    "Dataset",
    "Link",
    "Message",
    "RepostOf",
    "RuleOverride",
    "Snapshot",
    "Turn",
    "WorkflowState",
    "build_conversations",
]
