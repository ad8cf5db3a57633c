"""Texts of the SLA clocks on the ticket page and of the SLA policies admin page, Bengali and English."""

from __future__ import annotations

SLA_UI: dict[str, tuple[str, str]] = {
    "sla_clocks": ("সেবার সময়সীমা (এসএলএ)", "Service levels (SLA)"),
    "sla_metric_first_response": ("প্রথম উত্তর", "First response"),
    "sla_metric_next_response": ("পরের উত্তর", "Next response"),
    "sla_metric_resolution": ("সমাধান", "Resolution"),
    "sla_due_by": ("শেষ সময়", "Due"),
    "sla_left": ("বাকি", "left"),
    "sla_overdue": ("সময় পেরিয়েছে", "Overdue by"),
    "sla_paused": ("থেমে আছে (গ্রাহকের অপেক্ষায়)", "Paused (waiting on the customer)"),
    "sla_met": ("সময়মতো হয়েছে", "Met"),
    "sla_met_late": ("দেরিতে হয়েছে", "Met late"),
    "sla_stopped": ("প্রযোজ্য নয়", "No longer applies"),
    "sla_wall_clock": ("ঘড়ির সময়ে গোনা", "counted in wall-clock time"),
    "sla_no_clocks": ("এই টিকিটে কোনো সময়সীমা চলছে না।", "No service-level clock on this ticket."),
    # Admin page
    "sla_policies": ("এসএলএ নীতি", "SLA policies"),
    "sla_policies_intro": (
        "প্রতিটি টিকিটে প্রতিটি লক্ষ্যের জন্য মিলে যাওয়া সবচেয়ে নির্দিষ্ট সক্রিয় নীতি খাটে (সমান হলে ক্রমে আগেরটি); "
        "সাধারণ নীতি সবসময় শেষে। সময় গোনা হয় টিমের অফিস-সময়ে (ছুটি ও বিরতি বাদে)। "
        "পরিবর্তন নতুন বা নতুন করে গোনা ঘড়িতে খাটে।",
        "For each target, the most specific active policy a ticket matches applies (on a tie, the "
        "earlier one in the order); the default policy always comes last. Minutes count in the team's "
        "business hours. Changes apply to clocks started or recomputed afterwards.",
    ),
    "sla_order": ("ক্রম", "Order"),
    "sla_conditions": ("শর্ত", "Conditions"),
    "sla_targets": ("লক্ষ্য (মিনিট)", "Targets (minutes)"),
    "sla_warning": ("সতর্কতা", "Warning"),
    "sla_on_breach": ("সময় পেরোলে", "On breach"),
    "sla_any_ticket": ("সব টিকিট", "Any ticket"),
    "sla_default_badge": ("সাধারণ", "Default"),
    "sla_move_up": ("উপরে", "Up"),
    "sla_move_down": ("নিচে", "Down"),
    "sla_edit": ("সম্পাদনা", "Edit"),
    "sla_new_policy": ("নতুন নীতি", "New policy"),
    "sla_edit_policy": ("নীতি সম্পাদনা", "Edit policy"),
    "sla_cancel_edit": ("বাতিল", "Cancel"),
    "sla_save": ("সংরক্ষণ", "Save"),
    "sla_name_en": ("নাম (ইংরেজি)", "Name (English)"),
    "sla_name_bn": ("নাম (বাংলা)", "Name (Bengali)"),
    "sla_priorities": ("অগ্রাধিকার (কমা দিয়ে: low, normal, high, urgent)", "Priorities (comma separated)"),
    "sla_channels": ("চ্যানেল (web, sms, email…)", "Channels (web, sms, email…)"),
    "sla_topics": ("ইনটেন্ট বা বিভাগ (complaint, request_refund…)", "Intents or categories (complaint…)"),
    "sla_tiers": ("গ্রাহকের শ্রেণি (standard, vip)", "Customer tiers (standard, vip)"),
    "sla_first_minutes": ("প্রথম উত্তর, মিনিট", "First response, minutes"),
    "sla_next_minutes": ("পরের উত্তর, মিনিট", "Next response, minutes"),
    "sla_resolution_minutes": ("সমাধান, মিনিট", "Resolution, minutes"),
    "sla_clock": ("সময় গণনা", "Clock"),
    "sla_clock_business": ("অফিস সময় (টিমের ক্যালেন্ডার)", "Business hours (team calendar)"),
    "sla_clock_calendar": ("ঘড়ির সময় (আইনি সময়সীমা)", "Wall clock (legal limits)"),
    "sla_warn_percent": ("সতর্কতা: লক্ষ্যের কত শতাংশে", "Warn at this percent of the target"),
    "sla_warn_before": ("অথবা শেষ সময়ের কত মিনিট আগে", "Or this many minutes before the due time"),
    "sla_action_notify_supervisors": ("টিমের সুপারভাইজারকে জানান", "Notify the team's supervisors"),
    "sla_action_raise_priority": ("অগ্রাধিকার এক ধাপ বাড়ান", "Raise the priority one step"),
    "sla_action_reassign": (
        "অন্য অনলাইন এজেন্ট বা টিমের সারিতে দিন",
        "Reassign to another online agent or the team queue",
    ),
    "sla_saved": ("নীতি সংরক্ষণ হয়েছে।", "Policy saved."),
    "sla_policy_inactive": ("নিষ্ক্রিয়", "Inactive"),
}
