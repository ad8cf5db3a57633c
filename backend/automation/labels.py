"""Bengali and English names of the allow-listed triggers, condition fields, operators and actions
(the admin page's pickers and the rule summaries)."""

from __future__ import annotations

from typing import Any

TRIGGER_LABELS: dict[str, tuple[str, str]] = {
    "ticket_created": ("টিকিট খোলা হলে", "Ticket created"),
    "ticket_updated": ("টিকিট বদলালে", "Ticket updated"),
    "message_received": ("গ্রাহকের বার্তা এলে", "Customer message received"),
    "sla_warning": ("এসএলএ সতর্কতা", "SLA warning"),
    "sla_breach": ("এসএলএ লঙ্ঘন", "SLA breach"),
    "customer_silent": ("গ্রাহক চুপ (ঘণ্টা)", "Customer silent (hours)"),
}
FIELD_LABELS: dict[str, tuple[str, str]] = {
    "channel": ("চ্যানেল", "Channel"),
    "intent": ("বিষয়ের ধরন", "Intent"),
    "language": ("ভাষা", "Language"),
    "sentiment": ("মনোভাব", "Sentiment"),
    "priority": ("অগ্রাধিকার", "Priority"),
    "tags": ("ট্যাগ", "Tags"),
    "customer_tier": ("গ্রাহকের স্তর", "Customer tier"),
    "business_hours": ("অফিস সময় (টিমের ক্যালেন্ডার)", "Business hours (team calendar)"),
    "holiday": ("আজ ছুটির দিন", "Today is a holiday"),
    "status": ("অবস্থা", "Status"),
}
OPERATOR_LABELS: dict[str, tuple[str, str]] = {
    "is": ("হলো", "is"),
    "is_not": ("নয়", "is not"),
    "in": ("এগুলোর একটি", "is one of"),
    "not_in": ("এগুলোর কোনোটি নয়", "is none of"),
    "is_set": ("দেওয়া আছে", "is set"),
    "is_not_set": ("দেওয়া নেই", "is not set"),
    "at_least": ("অন্তত", "at least"),
    "at_most": ("সর্বোচ্চ", "at most"),
    "any": ("যেকোনো একটি আছে", "has any of"),
    "all": ("সবগুলো আছে", "has all of"),
    "none": ("কোনোটিই নেই", "has none of"),
}
ACTION_LABELS: dict[str, tuple[str, str]] = {
    "assign_team": ("টিমকে দিন (slug)", "Assign to team (slug)"),
    "assign_agent": ("এজেন্টকে দিন (ইমেইল)", "Assign to agent (email)"),
    "set_priority": ("অগ্রাধিকার ঠিক করুন", "Set priority"),
    "add_tag": ("ট্যাগ যোগ করুন", "Add tag"),
    "send_canned": ("তৈরি উত্তর পাঠান (শর্টকাট)", "Send canned reply (shortcut)"),
    "send_survey": ("সন্তুষ্টি জরিপ পাঠান", "Send the satisfaction survey"),
    "escalate": ("এসকেলেট (অগ্রাধিকার বাড়ান, সুপারভাইজারকে জানান)", "Escalate (raise priority, tell supervisors)"),
    "close_after": ("নোটিশ দিয়ে N দিন পর বন্ধ", "Close N days after a notice"),
}
# The one parameter each action takes (none for send_survey and escalate).
ACTION_PARAMS: dict[str, str] = {
    "assign_team": "team",
    "assign_agent": "agent",
    "set_priority": "priority",
    "add_tag": "tag",
    "send_canned": "canned",
    "close_after": "days",
}


def options(labels: dict[str, tuple[str, str]]) -> list[dict[str, str]]:
    """Picker options: value with its Bengali and English names, in allow-list order."""
    return [{"value": key, "bn": bn, "en": en} for key, (bn, en) in labels.items()]


def label(labels: dict[str, tuple[str, str]], key: str, locale: str) -> str:
    bn, en = labels.get(key, (key, key))
    return en if locale == "en" else bn


def summary(rule: dict[str, Any], locale: str) -> str:
    """One line: "when <trigger>: if <conditions> then <actions>" in the reader's language."""
    joiner = (
        (" or " if rule.get("match") == "any" else " and ")
        if locale == "en"
        else (" অথবা " if rule.get("match") == "any" else " এবং ")
    )
    conditions = joiner.join(
        f"{label(FIELD_LABELS, c['field'], locale)} {label(OPERATOR_LABELS, c['operator'], locale)}"
        + (
            f" {', '.join(c['value']) if isinstance(c.get('value'), list) else c.get('value')}"
            if c.get("value")
            else ""
        )
        for c in rule.get("conditions", [])
    )
    actions = "; ".join(
        label(ACTION_LABELS, a["type"], locale)
        + (f" {a[ACTION_PARAMS[a['type']]]}" if a["type"] in ACTION_PARAMS else "")
        for a in rule.get("actions", [])
    )
    when = label(TRIGGER_LABELS, rule.get("trigger", ""), locale)
    if rule.get("trigger") == "customer_silent":
        when += f" ≥ {rule.get('silent_hours')}"
    return f"{when} → {conditions or '—'} → {actions}"
