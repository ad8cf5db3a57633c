"""Names of domain values (statuses, priorities, channels, roles) in Bengali and English."""

from __future__ import annotations

LABELS: dict[str, dict[str, tuple[str, str]]] = {
    "status": {
        "new": ("নতুন", "New"),
        "open": ("চলমান", "Open"),
        "pending": ("আপনার উত্তরের অপেক্ষায়", "Waiting for you"),
        "on_hold": ("স্থগিত", "On hold"),
        "resolved": ("সমাধান হয়েছে", "Resolved"),
        "closed": ("বন্ধ", "Closed"),
    },
    # Agents see the status from their side of the desk.
    "status_agent": {
        "new": ("নতুন", "New"),
        "open": ("চলমান", "Open"),
        "pending": ("গ্রাহকের অপেক্ষায়", "Pending customer"),
        "on_hold": ("স্থগিত", "On hold"),
        "resolved": ("সমাধান হয়েছে", "Resolved"),
        "closed": ("বন্ধ", "Closed"),
    },
    "priority": {
        "low": ("কম", "Low"),
        "normal": ("সাধারণ", "Normal"),
        "high": ("বেশি", "High"),
        "urgent": ("জরুরি", "Urgent"),
    },
    "channel": {
        "web": ("অ্যাপ", "App"),
        "sms": ("এসএমএস", "SMS"),
        "email": ("ইমেইল", "Email"),
        "whatsapp": ("হোয়াটসঅ্যাপ", "WhatsApp"),
        "messenger": ("মেসেঞ্জার", "Messenger"),
        "voice": ("ফোন", "Voice"),
    },
    "tier": {
        "standard": ("সাধারণ", "Standard"),
        "vip": ("ভিআইপি", "VIP"),
    },
    "role": {
        "admin": ("অ্যাডমিন", "Admin"),
        "supervisor": ("সুপারভাইজার", "Supervisor"),
        "agent": ("এজেন্ট", "Agent"),
    },
    "author": {
        "customer": ("আপনি", "You"),
        "agent": ("সেবা টিম", "Support team"),
        "bot": ("সেবা বট", "Seba bot"),
        "system": ("সেবা", "Seba"),
    },
    "delivery": {
        "received": ("পৌঁছেছে", "Received"),
        "queued": ("পাঠানো হচ্ছে", "Sending"),
        "sent": ("পাঠানো হয়েছে", "Sent"),
        "delivered": ("পৌঁছেছে", "Delivered"),
        "read": ("পড়া হয়েছে", "Read"),
        "failed": ("পাঠানো যায়নি", "Not delivered"),
    },
}


def label(kind: str, value: str | None, locale: str) -> str:
    if value is None:
        return ""
    pair = LABELS.get(kind, {}).get(value)
    if pair is None:
        return value
    return pair[0] if locale != "en" else pair[1]
