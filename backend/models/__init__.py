"""All tables of the Seba domain; importing this package registers them on the metadata."""

from backend.models.agent import Agent, Team, TeamMembership
from backend.models.agent_notification import AgentNotification
from backend.models.agent_push import AgentPushSubscription
from backend.models.audit import AuditEvent
from backend.models.auth import AuthSession, OtpChallenge
from backend.models.automation import AutomationExecution, AutomationRule, CsatSurvey, TicketCloseSchedule
from backend.models.bot import (
    BotConversation,
    BotInbox,
    BotModelVersion,
    BotTrainingExample,
    BotTurn,
    PaymentDispute,
)
from backend.models.calendar import BusinessCalendar, CalendarHoliday, CalendarHourRange, CalendarTeam
from backend.models.canned import CannedResponse
from backend.models.commerce import CommerceOrder, CommerceRefund
from backend.models.customer import Customer, CustomerIdentity
from backend.models.feedback import CsatResponse
from backend.models.inbound import InboundEvent
from backend.models.inbox import Inbox
from backend.models.knowledge import (
    KbArticle,
    KbArticleVersion,
    KbCategory,
    KbFeedback,
    KbSearchDocument,
    KbSearchLog,
    KbSearchPosting,
)
from backend.models.message import Message
from backend.models.notification import Notification
from backend.models.organisation import Organisation
from backend.models.push import PushSubscription
from backend.models.sla import SlaPolicy, SlaTimer
from backend.models.sync import ChangeLog, MessageDelivery, SyncDevice, SyncRejection, SyncScope
from backend.models.ticket import Ticket, TicketTag

__all__ = [
    "Agent",
    "AgentNotification",
    "AgentPushSubscription",
    "AuditEvent",
    "AuthSession",
    "AutomationExecution",
    "AutomationRule",
    "BotConversation",
    "BotInbox",
    "BotModelVersion",
    "BotTrainingExample",
    "BotTurn",
    "BusinessCalendar",
    "CalendarHoliday",
    "CalendarHourRange",
    "CalendarTeam",
    "CannedResponse",
    "ChangeLog",
    "CommerceOrder",
    "CommerceRefund",
    "CsatResponse",
    "CsatSurvey",
    "Customer",
    "CustomerIdentity",
    "InboundEvent",
    "Inbox",
    "KbArticle",
    "KbArticleVersion",
    "KbCategory",
    "KbFeedback",
    "KbSearchDocument",
    "KbSearchLog",
    "KbSearchPosting",
    "Message",
    "MessageDelivery",
    "Notification",
    "Organisation",
    "OtpChallenge",
    "PaymentDispute",
    "PushSubscription",
    "SlaPolicy",
    "SlaTimer",
    "SyncDevice",
    "SyncRejection",
    "SyncScope",
    "Team",
    "TeamMembership",
    "Ticket",
    "TicketCloseSchedule",
    "TicketTag",
]
