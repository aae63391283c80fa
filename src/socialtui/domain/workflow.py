"""Workflow state an agent puts on a conversation: done, snoozed, escalated, assigned.

Pure data; the store persists it, the queue and rules read it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime

STATUSES = ("open", "done", "snoozed", "escalated")


@dataclass(frozen=True, slots=True)
class ConversationState:
    status: str = "open"
    # When the status was set: a customer message after this re-opens done/snoozed.
    changed_at: datetime | None = None
    until: datetime | None = None  # snooze wake time or escalation due time
    assignee: str | None = None
    escalated_to: str | None = None
    tags: tuple[str, ...] = ()

    def with_(self, **changes) -> "ConversationState":
        return replace(self, **changes)


@dataclass(slots=True)
class WorkflowState:
    """Conversation id -> state. Missing ids are ``open``."""

    conversations: dict[str, ConversationState] = field(default_factory=dict)

    def get(self, conversation_id: str) -> ConversationState:
        return self.conversations.get(conversation_id) or ConversationState()
