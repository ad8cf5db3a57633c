"""Email through SendGrid, both ways: outbound sends, Inbound Parse, the Event Webhook.

Public entry points for the delivery jobs (backend/channels/registry.py):

- `SendGridEmailChannel` / `get_email_channel(settings)`: the OutboundChannel (send, find_sent).
- `outbound.agent_reply_message(session, message_id, ...)`: an agent's reply on an email ticket,
  rendered as an OutboundMessage.
- `outbound.notification_message(session, notification)`: any email Notification (reply alert,
  survey) rendered as an OutboundMessage.
"""

from __future__ import annotations

from backend.channels.email.channel import SendGridEmailChannel, get_email_channel

__all__ = ["SendGridEmailChannel", "get_email_channel"]
