"""Interface texts in Bengali and English; `t(key)` renders the one for the current language."""

from __future__ import annotations

import reflex as rx

from components.automation_text import AUTOMATION_UI
from components.bot_text import BOT_UI
from components.calendar_text import CALENDAR_UI
from components.console_text import CONSOLE_UI
from components.kb_text import KB_UI
from components.sla_text import SLA_UI
from state.locale import LocaleState

UI: dict[str, tuple[str, str]] = {
    "app_name": ("সেবা", "Seba"),
    "tagline": ("আপনার অর্ডার, আপনার প্রশ্ন, আমাদের সেবা", "Your orders, your questions, our service"),
    "switch_language": ("English", "বাংলা"),
    "sign_out": ("সাইন আউট", "Sign out"),
    "loading": ("লোড হচ্ছে…", "Loading…"),
    "reconnecting": ("সংযোগ নেই — আবার যুক্ত হচ্ছে…", "Connection lost — reconnecting…"),
    "customer_typing": ("গ্রাহক লিখছেন…", "The customer is typing…"),
    "collision_warning": ("সাবধান: এই টিকিটে উত্তর লিখছেন —", "Careful: also replying to this ticket —"),
    # Customer sign-in
    "login_title": ("সাইন ইন", "Sign in"),
    "login_intro": (
        "আপনার মোবাইল নম্বর দিন। আমরা একটি ৬ সংখ্যার কোড এসএমএস করব।",
        "Enter your mobile number. We will text you a 6-digit code.",
    ),
    "phone_label": ("মোবাইল নম্বর", "Mobile number"),
    "send_code": ("কোড পাঠান", "Send code"),
    "code_label": ("এসএমএস-এ পাওয়া কোড", "Code from the SMS"),
    "code_sent_to": ("কোড পাঠানো হয়েছে:", "Code sent to:"),
    "verify": ("সাইন ইন করুন", "Sign in"),
    "change_number": ("নম্বর বদলান", "Change number"),
    # Customer home
    "my_tickets": ("আমার টিকিট", "My tickets"),
    "new_ticket": ("নতুন টিকিট", "New ticket"),
    "no_tickets": (
        "এখনো কোনো টিকিট নেই। সমস্যা হলে নতুন টিকিট খুলুন।",
        "No tickets yet. Open a new ticket when you need help.",
    ),
    "ticket_number": ("টিকিট #", "Ticket #"),
    "last_activity": ("সর্বশেষ", "Last activity"),
    # New ticket
    "subject_label": ("বিষয়", "Subject"),
    "subject_hint": ("যেমন: অর্ডার এখনো আসেনি", "e.g. My order has not arrived"),
    "body_label": ("বিস্তারিত লিখুন", "Describe the problem"),
    "order_ref_label": ("অর্ডার নম্বর (যদি থাকে)", "Order number (if any)"),
    "submit_ticket": ("টিকিট পাঠান", "Send ticket"),
    "back": ("← ফিরে যান", "← Back"),
    # Thread
    "reply_label": ("আপনার উত্তর", "Your reply"),
    "send": ("পাঠান", "Send"),
    "ticket_not_found": ("টিকিটটি পাওয়া যায়নি।", "The ticket was not found."),
    "status_label": ("অবস্থা", "Status"),
    # Agent
    "agent_login_title": ("এজেন্ট সাইন ইন", "Agent sign in"),
    "email_label": ("ইমেইল", "Email"),
    "password_label": ("পাসওয়ার্ড", "Password"),
    "inbox": ("ইনবক্স", "Inbox"),
    "view_all": ("সব", "All"),
    "view_mine": ("আমার", "Mine"),
    "view_unassigned": ("কারো নয়", "Unassigned"),
    "view_open": ("খোলা", "Open"),
    "inbox_empty": ("এই তালিকায় কোনো টিকিট নেই।", "No tickets in this view."),
    "customer": ("গ্রাহক", "Customer"),
    "assignee": ("দায়িত্বে", "Assignee"),
    "unassigned": ("কেউ নয়", "Nobody"),
    "priority": ("অগ্রাধিকার", "Priority"),
    "channel": ("চ্যানেল", "Channel"),
    "reply_to_customer": ("গ্রাহককে উত্তর", "Reply to customer"),
    "internal_note": ("অভ্যন্তরীণ নোট", "Internal note"),
    "note_hint": ("শুধু এজেন্টরা দেখবেন", "Only agents see this"),
    "send_reply": ("উত্তর পাঠান", "Send reply"),
    "save_note": ("নোট রাখুন", "Save note"),
    "set_status": ("অবস্থা বদলান", "Change status"),
    "order": ("অর্ডার", "Order"),
    "language": ("ভাষা", "Language"),
    "phone": ("ফোন", "Phone"),
    "tier": ("শ্রেণি", "Tier"),
    "note_badge": ("নোট", "Note"),
    "back_to_inbox": ("← ইনবক্সে ফিরুন", "← Back to inbox"),
    # Admin
    "agents": ("এজেন্টরা", "Agents"),
    "name_label": ("নাম", "Name"),
    "role_label": ("ভূমিকা", "Role"),
    "teams_label": ("টিম", "Teams"),
    "languages_label": ("ভাষা", "Languages"),
    "capacity_label": ("একসাথে টিকিট", "Concurrent tickets"),
    "last_login": ("শেষ সাইন ইন", "Last sign-in"),
    "active": ("সক্রিয়", "Active"),
    "inactive": ("নিষ্ক্রিয়", "Inactive"),
    "disable": ("নিষ্ক্রিয় করুন", "Disable"),
    "enable": ("সক্রিয় করুন", "Enable"),
    "add_agent": ("নতুন এজেন্ট যোগ করুন", "Add an agent"),
    "create": ("তৈরি করুন", "Create"),
    "agent_created": ("এজেন্ট তৈরি হয়েছে:", "Agent created:"),
    "role_agent": ("এজেন্ট", "Agent"),
    "role_supervisor": ("সুপারভাইজার", "Supervisor"),
    "role_admin": ("অ্যাডমিন", "Admin"),
    "console": ("কনসোল", "Console"),
    # Errors
    "not_found_title": ("পাতাটি পাওয়া যায়নি", "Page not found"),
    "not_found_body": ("এই ঠিকানায় কোনো পাতা নেই।", "There is no page at this address."),
    "forbidden_title": ("অনুমতি নেই", "Not allowed"),
    "forbidden_body": (
        "এই পাতাটি দেখার অনুমতি আপনার নেই।",
        "You do not have permission to see this page.",
    ),
    "go_home": ("প্রথম পাতায় যান", "Go to the home page"),
}
UI.update(CONSOLE_UI)
UI.update(BOT_UI)  # the support bot's admin page and summary card (issue 7)
UI.update(SLA_UI)  # the SLA clocks and the SLA policies page (issue 6, SLA part)
UI.update(CALENDAR_UI)  # business calendars (issue 6)
UI.update(AUTOMATION_UI)  # automation rules and CSAT (issue 6)
UI.update(KB_UI)  # knowledge base: agent suggestions and the help-centre editor (issue 8)


def t(key: str) -> rx.Var:
    """The text for `key` in the current language (both versions ship; the switch is instant)."""
    bn, en = UI[key]
    return rx.cond(LocaleState.locale == "en", en, bn)
