"""SMS through Twilio, both ways: the outbound channel, segments, templates, keywords, webhooks."""

from backend.channels.sms.channel import (
    DevLogSmsChannel,
    SmsNotConfigured,
    TwilioSmsChannel,
    get_sms_channel,
)

__all__ = ["DevLogSmsChannel", "SmsNotConfigured", "TwilioSmsChannel", "get_sms_channel"]
