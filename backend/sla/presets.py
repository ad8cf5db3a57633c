"""The shipped SLA policies: per-priority defaults and the Digital Commerce Operation Guideline 2021.

Seeded once by `ensure_sla_presets` (by their `preset` key; a preset an admin edited or deactivated
is left as it is). The guideline's limits are legal wall-clock limits ("act on a complaint within 72
hours", "refund within 10 days"), so those presets count calendar minutes, not business minutes; they
set only the resolution target, first and next response come from the per-priority policies.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import select

from backend.db import Tx
from backend.models import SlaPolicy
from backend.sla import BreachAction, ClockKind

HOUR = 60
DAY = 24 * HOUR

_NOTIFY = [BreachAction.notify_supervisors.value]

PRESETS: tuple[dict[str, Any], ...] = (
    {
        "preset": "dcog_complaint",
        "name": "Complaint acted on within 72 hours (DCOG 2021)",
        "name_bn": "অভিযোগে ৭২ ঘণ্টার মধ্যে ব্যবস্থা (ডিজিটাল কমার্স নির্দেশিকা ২০২১)",
        "position": 10,
        "topics": ["complaint"],
        "resolution_minutes": 72 * HOUR,
        "clock": ClockKind.calendar.value,
        "warn_percent": None,
        "warn_minutes_before": 12 * HOUR,
        "breach_actions": [BreachAction.notify_supervisors.value, BreachAction.raise_priority.value],
    },
    {
        "preset": "dcog_refund",
        "name": "Refund within 10 days (DCOG 2021)",
        "name_bn": "১০ দিনের মধ্যে রিফান্ড (ডিজিটাল কমার্স নির্দেশিকা ২০২১)",
        "position": 20,
        "topics": ["request_refund", "refund_status"],
        "resolution_minutes": 10 * DAY,
        "clock": ClockKind.calendar.value,
        "warn_percent": None,
        "warn_minutes_before": 2 * DAY,
        "breach_actions": [BreachAction.notify_supervisors.value, BreachAction.raise_priority.value],
    },
    {
        "preset": "priority_urgent",
        "name": "Urgent tickets",
        "name_bn": "জরুরি টিকিট",
        "position": 100,
        "priorities": ["urgent"],
        "first_response_minutes": 30,
        "next_response_minutes": 60,
        "resolution_minutes": 8 * HOUR,
        "breach_actions": [BreachAction.notify_supervisors.value, BreachAction.reassign.value],
    },
    {
        "preset": "priority_high",
        "name": "High priority",
        "name_bn": "বেশি অগ্রাধিকার",
        "position": 110,
        "priorities": ["high"],
        "first_response_minutes": 1 * HOUR,
        "next_response_minutes": 2 * HOUR,
        "resolution_minutes": 16 * HOUR,
        "breach_actions": [BreachAction.notify_supervisors.value, BreachAction.raise_priority.value],
    },
    {
        "preset": "priority_normal",
        "name": "Normal priority",
        "name_bn": "সাধারণ অগ্রাধিকার",
        "position": 120,
        "priorities": ["normal"],
        "first_response_minutes": 4 * HOUR,
        "next_response_minutes": 4 * HOUR,
        "resolution_minutes": 30 * HOUR,
        "breach_actions": _NOTIFY,
    },
    {
        "preset": "priority_low",
        "name": "Low priority",
        "name_bn": "কম অগ্রাধিকার",
        "position": 130,
        "priorities": ["low"],
        "first_response_minutes": 8 * HOUR,
        "next_response_minutes": 8 * HOUR,
        "resolution_minutes": 50 * HOUR,
        "breach_actions": _NOTIFY,
    },
    {
        "preset": "default",
        "name": "Default",
        "name_bn": "সাধারণ নিয়ম",
        "position": 1000,
        "is_default": True,
        "first_response_minutes": 4 * HOUR,
        "next_response_minutes": 4 * HOUR,
        "resolution_minutes": 30 * HOUR,
        "breach_actions": _NOTIFY,
    },
)


def preset_policy(preset: dict[str, Any]) -> SlaPolicy:
    """An unsaved policy row with the preset's values (the model's defaults for the rest)."""
    return SlaPolicy(**preset)


DEFAULT_PRESET: dict[str, Any] = next(p for p in PRESETS if p.get("is_default"))


def ensure_sla_presets(tx: Tx) -> list[SlaPolicy]:
    """Create the shipped policies that are missing (by preset key); returns the ones created.

    A default policy is created only while none exists (an admin may have replaced the shipped one).
    """
    existing = set(tx.session.exec(select(SlaPolicy.preset).where(SlaPolicy.preset.is_not(None))).all())  # type: ignore[union-attr]
    has_default = tx.session.exec(select(SlaPolicy.id).where(SlaPolicy.is_default == True)).first()  # noqa: E712
    created = []
    for preset in PRESETS:
        if preset["preset"] in existing or (preset.get("is_default") and has_default):
            continue
        policy = preset_policy(preset)
        tx.session.add(policy)
        tx.session.flush()
        tx.audit("sla_policy.seeded", "sla_policy", policy.id, preset=policy.preset, name=policy.name)
        created.append(policy)
    return created
