"""Whether the bot holds a ticket: routing leaves such tickets alone until the bot hands them off.

A ticket is the bot's when its conversation is active, or, before the bot's first turn has run,
when it was opened on a web, sms or email inbox the bot answers after the bot was connected there
and no agent has it. Reads only; cheap enough for every routing decision (two primary-key gets).
"""

from __future__ import annotations

from sqlmodel import Session

from backend.models import BotConversation, BotInbox, Ticket
from backend.models.enums import ChannelKind

BOT_CHANNELS = (ChannelKind.web, ChannelKind.sms, ChannelKind.email)
ACTIVE = "active"
HANDED_OFF = "handed_off"
RESOLVED = "resolved"


def bot_answers_inbox(session: Session, ticket: Ticket) -> bool:
    """The ticket's inbox has the bot, and the ticket came after the bot was connected."""
    if ticket.channel not in BOT_CHANNELS:
        return False
    connection = session.get(BotInbox, ticket.inbox_id)
    return connection is not None and ticket.created_at >= connection.enabled_at


def bot_holds(session: Session, ticket: Ticket) -> bool:
    """True while the bot is (or is about to be) talking to the customer on this ticket."""
    if ticket.assignee_id is not None or ticket.merged_into_id is not None:
        return False
    conversation = session.get(BotConversation, ticket.id)
    if conversation is not None:
        return conversation.status == ACTIVE
    return bot_answers_inbox(session, ticket)
