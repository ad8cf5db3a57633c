"""The customer intent labels (the bot's contract, INTENTS.md) with their Bengali and English names."""

from __future__ import annotations

from backend.errors import ValidationFailed

# Exactly the 17 labels of INTENTS.md, in its order: (label, Bengali name, English name).
_INTENTS: tuple[tuple[str, str, str], ...] = (
    ("track_order", "অর্ডার ট্র্যাকিং", "Track order"),
    ("cancel_order", "অর্ডার বাতিল", "Cancel order"),
    ("return_item", "পণ্য ফেরত", "Return item"),
    ("item_problem", "পণ্যে সমস্যা", "Item problem"),
    ("refund_status", "রিফান্ডের অবস্থা", "Refund status"),
    ("request_refund", "রিফান্ডের অনুরোধ", "Refund request"),
    ("payment_issue", "পেমেন্ট সমস্যা", "Payment issue"),
    ("payment_methods", "পেমেন্টের উপায়", "Payment methods"),
    ("delivery_info", "ডেলিভারি তথ্য", "Delivery info"),
    ("change_address", "ঠিকানা পরিবর্তন", "Change address"),
    ("account_help", "অ্যাকাউন্ট সহায়তা", "Account help"),
    ("promo_coupon", "প্রোমো ও কুপন", "Promo and coupon"),
    ("complaint", "অভিযোগ", "Complaint"),
    ("talk_to_agent", "এজেন্টের সাথে কথা", "Talk to an agent"),
    ("greeting", "শুভেচ্ছা", "Greeting"),
    ("thanks_goodbye", "ধন্যবাদ ও বিদায়", "Thanks and goodbye"),
    ("out_of_scope", "পরিধির বাইরে", "Out of scope"),
)

INTENTS: tuple[str, ...] = tuple(label for label, _, _ in _INTENTS)
INTENT_NAMES: dict[str, dict[str, str]] = {label: {"bn": bn, "en": en} for label, bn, en in _INTENTS}


def intent_name(label: str, locale: str = "bn") -> str:
    """The display name of `label` in `locale` (bn or en); an unknown label is shown as it is."""
    names = INTENT_NAMES.get(label)
    if names is None:
        return label
    return names["en" if locale == "en" else "bn"]


def parse_intent(value: str | None) -> str | None:
    """A valid intent label, None for "no intent" (empty), or a bilingual `intent_unknown` refusal."""
    if value is None:
        return None
    label = value.strip().lower()
    if not label:
        return None
    if label not in INTENT_NAMES:
        raise ValidationFailed("intent_unknown", intent=value[:60])
    return label
