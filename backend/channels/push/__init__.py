"""Web push: VAPID keys, customers' and agents' subscriptions, payloads and the pywebpush channel."""

from backend.channels.push.channel import WebPushChannel
from backend.channels.push.vapid import VapidKeyPair, generate_vapid_keys

__all__ = ["VapidKeyPair", "WebPushChannel", "generate_vapid_keys"]
