"""The backend's message catalog: each code in Bengali and English, with {named} parameters."""

from __future__ import annotations

from typing import Any

SUPPORTED_LOCALES = ("bn", "en")

MESSAGES: dict[str, dict[str, str]] = {
    # Generic
    "not_found": {"bn": "যা খুঁজছেন তা পাওয়া যায়নি।", "en": "What you are looking for was not found."},
    "route_not_found": {"bn": "এই ঠিকানায় কিছু নেই।", "en": "There is nothing at this address."},
    "invalid_request": {
        "bn": "অনুরোধটি সঠিক নয়: {detail}",
        "en": "The request is not valid: {detail}",
    },
    "payload_too_large": {
        "bn": "অনুরোধটি খুব বড় (সর্বোচ্চ {limit} বাইট)।",
        "en": "The request is too large (at most {limit} bytes).",
    },
    "internal_error": {
        "bn": "আমাদের দিকে একটি সমস্যা হয়েছে। একটু পরে আবার চেষ্টা করুন।",
        "en": "Something went wrong on our side. Please try again shortly.",
    },
    "service_unavailable": {
        "bn": "সেবাটি এই মুহূর্তে পাওয়া যাচ্ছে না। {seconds} সেকেন্ড পরে আবার চেষ্টা করুন।",
        "en": "The service is briefly unavailable. Please retry in {seconds} seconds.",
    },
    # Authentication
    "auth_required": {"bn": "অনুগ্রহ করে সাইন ইন করুন।", "en": "Please sign in."},
    "session_expired": {
        "bn": "আপনার সেশনের মেয়াদ শেষ হয়েছে। আবার সাইন ইন করুন।",
        "en": "Your session has expired. Please sign in again.",
    },
    "forbidden_role": {
        "bn": "এই পাতাটি দেখার অনুমতি আপনার নেই।",
        "en": "You do not have permission to see this page.",
    },
    "invalid_credentials": {
        "bn": "ইমেইল বা পাসওয়ার্ড সঠিক নয়।",
        "en": "The email or password is not correct.",
    },
    "account_disabled": {
        "bn": "এই অ্যাকাউন্টটি বন্ধ করা হয়েছে।",
        "en": "This account has been disabled.",
    },
    "too_many_attempts": {
        "bn": "অনেকবার চেষ্টা করা হয়েছে। {retry_after} সেকেন্ড পরে আবার চেষ্টা করুন।",
        "en": "Too many attempts. Please try again in {retry_after} seconds.",
    },
    "phone_invalid": {
        "bn": "মোবাইল নম্বরটি সঠিক নয়। ০১XXXXXXXXX আকারে লিখুন।",
        "en": "The mobile number is not valid. Write it as 01XXXXXXXXX.",
    },
    "email_invalid": {"bn": "ইমেইল ঠিকানাটি সঠিক নয়।", "en": "The email address is not valid."},
    "otp_invalid": {
        "bn": "কোডটি সঠিক নয়। আবার চেষ্টা করুন।",
        "en": "The code is not correct. Please try again.",
    },
    "otp_expired": {
        "bn": "কোডের মেয়াদ শেষ হয়েছে। নতুন কোড চান।",
        "en": "The code has expired. Please ask for a new one.",
    },
    "otp_format": {
        "bn": "কোডটি ৬ সংখ্যার হতে হবে।",
        "en": "The code must have 6 digits.",
    },
    "password_too_short": {
        "bn": "পাসওয়ার্ড অন্তত {min} অক্ষরের হতে হবে।",
        "en": "The password must have at least {min} characters.",
    },
    "email_taken": {
        "bn": "এই ইমেইল দিয়ে আগেই একটি অ্যাকাউন্ট আছে।",
        "en": "An account with this email already exists.",
    },
    # Tickets and messages
    "subject_required": {"bn": "বিষয় লিখুন।", "en": "Please write a subject."},
    "subject_too_long": {
        "bn": "বিষয় সর্বোচ্চ {max} অক্ষরের হতে পারে।",
        "en": "The subject can have at most {max} characters.",
    },
    "body_required": {"bn": "বার্তা লিখুন।", "en": "Please write a message."},
    "body_too_long": {
        "bn": "বার্তা সর্বোচ্চ {max} অক্ষরের হতে পারে।",
        "en": "The message can have at most {max} characters.",
    },
    "order_ref_invalid": {
        "bn": "অর্ডার নম্বরটি সঠিক নয়।",
        "en": "The order number is not valid.",
    },
    "ticket_not_found": {"bn": "টিকিটটি পাওয়া যায়নি।", "en": "The ticket was not found."},
    "ticket_closed": {
        "bn": "এই টিকিটটি বন্ধ হয়ে গেছে। নতুন টিকিট খুলুন।",
        "en": "This ticket is closed. Please open a new ticket.",
    },
    "transition_refused": {
        "bn": "টিকিটের অবস্থা '{from_status}' থেকে '{to_status}' করা যায় না।",
        "en": "A ticket cannot go from '{from_status}' to '{to_status}'.",
    },
    "status_unknown": {
        "bn": "অজানা অবস্থা: {value}",
        "en": "Unknown status: {value}",
    },
    "priority_unknown": {
        "bn": "অজানা অগ্রাধিকার: {priority}",
        "en": "Unknown priority: {priority}",
    },
    "agent_not_found": {"bn": "এজেন্ট পাওয়া যায়নি।", "en": "The agent was not found."},
    "customer_not_found": {"bn": "গ্রাহক পাওয়া যায়নি।", "en": "The customer was not found."},
    "role_unknown": {"bn": "অজানা ভূমিকা: {role}", "en": "Unknown role: {role}"},
    "name_required": {"bn": "নাম লিখুন।", "en": "Please write a name."},
    "capacity_invalid": {
        "bn": "একসাথে টিকিটের সংখ্যা ০ থেকে {max} এর মধ্যে হতে হবে।",
        "en": "Concurrent tickets must be between 0 and {max}.",
    },
    # Offline sync (POST /api/sync/push, GET /api/sync/pull)
    "invalid_batch": {
        "bn": "সিঙ্ক অনুরোধটি সঠিক নয়: {detail}",
        "en": "The sync request is not valid: {detail}",
    },
    "invalid_cursor": {
        "bn": "সিঙ্ক অবস্থানটি সঠিক নয়: {detail}",
        "en": "The sync position is not valid: {detail}",
    },
    "seq_gap": {
        "bn": "পরিবর্তন {seq} আগে এসেছে; আগে {expected_seq} নম্বরটি পাঠান।",
        "en": "Change {seq} arrived too early; send change {expected_seq} first.",
    },
    "device_not_yours": {
        "bn": "এই ডিভাইসটি অন্য একটি অ্যাকাউন্টের সাথে যুক্ত।",
        "en": "This device is linked to another account.",
    },
    "unknown_kind": {
        "bn": "এই ধরনের পরিবর্তন আমরা চিনি না: {kind}",
        "en": "We do not know this kind of change: {kind}",
    },
    "invalid_args": {
        "bn": "পরিবর্তনটির তথ্য সঠিক নয়: {detail}",
        "en": "The change carries invalid data: {detail}",
    },
    "schema_unsupported": {
        "bn": "অ্যাপের এই সংস্করণ ({schema_v}) আর চলে না। অ্যাপটি হালনাগাদ করুন।",
        "en": "This app version ({schema_v}) is no longer supported. Please update the app.",
    },
    "agent_owned_field": {
        "bn": "'{field}' শুধু আমাদের এজেন্টরা বদলাতে পারেন।",
        "en": "Only our agents can change '{field}'.",
    },
    "ticket_not_resolved": {
        "bn": "টিকিটটি সমাধান হয়নি (এখন '{ticket_status}'), তাই আবার খোলা যায় না।",
        "en": "The ticket is not resolved (it is '{ticket_status}'), so it cannot be reopened.",
    },
    "csat_not_allowed": {
        "bn": "টিকিটটি সমাধান হওয়ার পরে মতামত দিন (এখন '{ticket_status}')।",
        "en": "You can rate the ticket once it is resolved (it is '{ticket_status}').",
    },
    "csat_already_submitted": {
        "bn": "এই টিকিটের জন্য আপনি আগেই মতামত দিয়েছেন।",
        "en": "You have already rated this ticket.",
    },
    # SMS and one-time codes
    "otp_sms": {
        "bn": "আপনার সেবা কোড {code}। কাউকে জানাবেন না। মেয়াদ {minutes} মিনিট।",
        "en": "Your Seba code is {code}. Do not share it. Valid for {minutes} minutes.",
    },
    "reply_alert_sms": {
        "bn": "টিকিট #{number}-এ আপনার উত্তর এসেছে। অ্যাপে দেখুন।",
        "en": "You have a reply on ticket #{number}. Open the app to read it.",
    },
}


def normalise_locale(locale: str | None) -> str:
    if locale:
        short = locale.strip().lower()[:2]
        if short in SUPPORTED_LOCALES:
            return short
    return "bn"


def message(key: str, locale: str | None = "bn", **params: Any) -> str:
    """The catalog text for `key` in `locale`, falling back to the key itself when unknown."""
    entry = MESSAGES.get(key)
    if entry is None:
        return key
    text = entry[normalise_locale(locale)]
    try:
        return text.format(**params)
    except (KeyError, IndexError):
        return text


def locale_from_accept_language(header: str | None) -> str:
    """Pick bn or en from an Accept-Language header (bn when nothing matches)."""
    if not header:
        return "bn"
    best, best_q = "bn", -1.0
    for part in header.split(","):
        pieces = part.strip().split(";")
        tag = pieces[0].strip().lower()[:2]
        q = 1.0
        for piece in pieces[1:]:
            piece = piece.strip()
            if piece.startswith("q="):
                try:
                    q = float(piece[2:])
                except ValueError:
                    q = 0.0
        if tag in SUPPORTED_LOCALES and q > best_q:
            best, best_q = tag, q
    return best
