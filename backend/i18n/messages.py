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
    # Agent inbox and quick search
    "inbox_view_invalid": {
        "bn": "তালিকা '{view}' চেনা যায়নি; এগুলোর একটি দিন: {allowed}।",
        "en": "Unknown inbox view '{view}'; use one of: {allowed}.",
    },
    "inbox_sort_invalid": {
        "bn": "সাজানোর ধরন '{sort}' চেনা যায়নি; এগুলোর একটি দিন: {allowed}।",
        "en": "Unknown sort '{sort}'; use one of: {allowed}.",
    },
    "inbox_limit_invalid": {
        "bn": "প্রতি পাতায় ১ থেকে {max}টি টিকিট দেখানো যায়।",
        "en": "A page can show from 1 to {max} tickets.",
    },
    "inbox_filter_invalid": {
        "bn": "ফিল্টার {name}-এর মান '{value}' সঠিক নয়।",
        "en": "The value '{value}' is not valid for the filter {name}.",
    },
    "inbox_cursor_invalid": {
        "bn": "পাতার চিহ্নটি সঠিক নয় বা পুরোনো; তালিকাটি প্রথম পাতা থেকে আবার খুলুন।",
        "en": "The page marker is not valid or is stale; open the list again from the first page.",
    },
    "search_query_invalid": {
        "bn": "খোঁজার জন্য ১ থেকে {max} অক্ষর লিখুন।",
        "en": "Write from 1 to {max} characters to search.",
    },
    # Presence and routing
    "presence_status_unknown": {
        "bn": "অবস্থা '{value}' চেনা যায়নি; online অথবা away দিন।",
        "en": "Unknown status '{value}'; use online or away.",
    },
    "assignment_target_required": {
        "bn": "কোন এজেন্ট বা কোন টিমকে টিকিটটি দেবেন তা বেছে নিন।",
        "en": "Choose an agent or a team to assign the ticket to.",
    },
    "agent_over_capacity": {
        "bn": "{name} এখন {load}টি টিকিট সামলাচ্ছেন, তাঁর সীমা {capacity}টি।",
        "en": "{name} now holds {load} tickets, above their capacity of {capacity}.",
    },
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
    # Ticket operations (merge, transfer, snooze, tags, intent) and canned responses
    "action_done": {"bn": "হয়েছে।", "en": "Done."},
    "transfer_done": {"bn": "টিকিট হস্তান্তর হয়েছে।", "en": "The ticket was transferred."},
    "merge_target_number_invalid": {
        "bn": "যে টিকিটে একত্র করবেন তার নম্বর লিখুন (যেমন ১০২৪)।",
        "en": "Enter the number of the ticket to merge into (e.g. 1024).",
    },
    "sms_script_unknown": {
        "bn": 'SMS-এর লেখা বাংলা অক্ষরে (bengali) বা ইংরেজি অক্ষরে (banglish) হতে পারে, "{value}" নয়।',
        "en": 'SMS can be written in Bengali script (bengali) or Banglish (banglish), not "{value}".',
    },
    "merge_into_itself": {
        "bn": "একটি টিকিটকে তার নিজের সাথে একীভূত করা যায় না।",
        "en": "A ticket cannot be merged into itself.",
    },
    "merge_other_customer": {
        "bn": "শুধু একই গ্রাহকের টিকিট একীভূত করা যায়; #{source} আর #{target} ভিন্ন গ্রাহকের।",
        "en": (
            "Only tickets of the same customer can be merged; "
            "#{source} and #{target} belong to different customers."
        ),
    },
    "merge_already_merged": {
        "bn": "টিকিট #{source} আগেই #{target}-এর সাথে একীভূত হয়েছে।",
        "en": "Ticket #{source} is already merged into #{target}.",
    },
    "merge_target_merged": {
        "bn": "টিকিট #{target} নিজেই #{into}-এর সাথে একীভূত হয়েছে; #{into}-এ একীভূত করুন।",
        "en": "Ticket #{target} is itself merged into #{into}; merge into #{into} instead.",
    },
    "merge_target_closed": {
        "bn": "বন্ধ টিকিট #{target}-এ একীভূত করা যায় না।",
        "en": "Cannot merge into the closed ticket #{target}.",
    },
    "merge_source_closed": {
        "bn": "টিকিট #{source} বন্ধ হয়ে গেছে, তাই একীভূত করা যায় না।",
        "en": "Ticket #{source} is closed, so it cannot be merged.",
    },
    "transfer_target_required": {
        "bn": "কোন টিম বা কোন এজেন্টের কাছে পাঠাবেন তা বেছে নিন।",
        "en": "Choose a team or an agent to transfer to.",
    },
    "team_not_found": {"bn": "টিমটি পাওয়া যায়নি।", "en": "The team was not found."},
    "agent_inactive": {
        "bn": "{name} এর অ্যাকাউন্ট বন্ধ, তাঁকে টিকিট দেওয়া যায় না।",
        "en": "{name}'s account is disabled; they cannot take tickets.",
    },
    "agent_not_in_team": {
        "bn": "{name} এই টিমের সদস্য নন।",
        "en": "{name} is not a member of this team.",
    },
    "snooze_not_future": {
        "bn": "স্নুজের সময় ভবিষ্যতে হতে হবে।",
        "en": "The snooze time must be in the future.",
    },
    "snooze_too_far": {
        "bn": "সর্বোচ্চ {days} দিনের জন্য স্নুজ করা যায়।",
        "en": "A ticket can be snoozed for at most {days} days.",
    },
    "snooze_time_invalid": {
        "bn": "স্নুজের সময়ে সময় অঞ্চল (যেমন +06:00) দিন।",
        "en": "Give the snooze time with a time zone (e.g. +06:00).",
    },
    "tag_invalid": {
        "bn": "ট্যাগ '{tag}' সঠিক নয়: অক্ষর, সংখ্যা, -, _ এবং ফাঁকা জায়গা চলবে, সর্বোচ্চ {max} অক্ষর।",
        "en": "The tag '{tag}' is not valid: letters, digits, -, _ and spaces, at most {max} characters.",
    },
    "too_many_tags": {
        "bn": "একটি টিকিটে সর্বোচ্চ {max}টি ট্যাগ থাকতে পারে।",
        "en": "A ticket can have at most {max} tags.",
    },
    "intent_unknown": {
        "bn": "অজানা উদ্দেশ্য: {intent}",
        "en": "Unknown intent: {intent}",
    },
    "canned_not_found": {
        "bn": "তৈরি উত্তরটি পাওয়া যায়নি।",
        "en": "The canned response was not found.",
    },
    "canned_unknown_variable": {
        "bn": "অজানা চলক {{{variable}}}। ব্যবহার করা যায়: {allowed}",
        "en": "Unknown variable {{{variable}}}. You can use: {allowed}",
    },
    "canned_shortcut_invalid": {
        "bn": "শর্টকাটে শুধু ছোট হাতের ইংরেজি অক্ষর, সংখ্যা, - আর _ চলবে (২-৪০ অক্ষর)।",
        "en": "A shortcut has only lower-case letters, digits, - and _ (2-40 characters).",
    },
    "canned_shortcut_taken": {
        "bn": "শর্টকাট /{shortcut} আগেই ব্যবহার হয়েছে।",
        "en": "The shortcut /{shortcut} is already in use.",
    },
    "canned_title_required": {
        "bn": "শিরোনাম লিখুন (সর্বোচ্চ {max} অক্ষর)।",
        "en": "Please write a title (at most {max} characters).",
    },
    "canned_body_required": {
        "bn": "বাংলা আর ইংরেজি দুই ভাষাতেই উত্তরটি লিখুন।",
        "en": "Please write the response in both Bengali and English.",
    },
    # Activity lines in a ticket's thread (agents only) and canned-response fallbacks
    "activity_merged_into": {
        "bn": "টিকিট #{target}-এর সাথে একীভূত ও বন্ধ করা হয়েছে",
        "en": "Merged into ticket #{target} and closed",
    },
    "activity_merged_from": {
        "bn": "টিকিট #{source} এই টিকিটে একীভূত হয়েছে ({count}টি বার্তা)",
        "en": "Ticket #{source} was merged into this one ({count} messages)",
    },
    "activity_transferred": {
        "bn": "হস্তান্তর: {target}",
        "en": "Transferred to {target}",
    },
    "activity_snoozed": {
        "bn": "{until} পর্যন্ত স্নুজ করা হয়েছে",
        "en": "Snoozed until {until}",
    },
    "activity_unsnoozed": {"bn": "স্নুজ তুলে নেওয়া হয়েছে", "en": "Snooze removed"},
    "activity_woken": {"bn": "স্নুজের সময় শেষ, টিকিট ফিরে এসেছে", "en": "Snooze ended; the ticket is back"},
    "activity_woken_by_customer": {
        "bn": "গ্রাহক লিখেছেন, স্নুজ শেষ",
        "en": "The customer wrote; snooze ended",
    },
    "canned_fallback_customer_name": {"bn": "গ্রাহক", "en": "customer"},
    "canned_fallback_order_number": {"bn": "আপনার অর্ডার", "en": "your order"},
    "canned_fallback_agent_name": {"bn": "সেবা টিম", "en": "the Seba team"},
    # Web push subscriptions and failed jobs (admin)
    "push_subscription_invalid": {
        "bn": "পুশ নোটিফিকেশনের সাবস্ক্রিপশনটি সঠিক নয় ({detail})।",
        "en": "The push notification subscription is not valid ({detail}).",
    },
    "job_not_found": {
        "bn": "কাজটি আর ব্যর্থ কাজের তালিকায় নেই।",
        "en": "The job is no longer in the failed jobs list.",
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
    # SMS through Twilio (webhooks, opt-out)
    "sms_opted_out": {
        "bn": "এই নম্বরে SMS বন্ধ করা আছে। আবার পেতে আমাদের নম্বরে চালু লিখে পাঠান।",
        "en": "SMS to this number are turned off. Text START to our number to receive them again.",
    },
    "sms_webhook_invalid": {
        "bn": "Twilio-র অনুরোধে একটি তথ্য নেই বা ভুল: {detail}",
        "en": "The Twilio request has a missing or invalid field: {detail}",
    },
    "sms_sender_not_mobile": {
        "bn": "প্রেরকের নম্বরটি বাংলাদেশের মোবাইল নম্বর নয়; বার্তাটি টিকিটে যোগ হয়নি।",
        "en": "The sender is not a Bangladeshi mobile number; the message was not added to a ticket.",
    },
    "sms_media_only": {"bn": "(ছবি বা ফাইল পাঠানো হয়েছে)", "en": "(picture or file sent)"},
    "sms_ticket_subject": {"bn": "SMS: {preview}", "en": "SMS: {preview}"},
    # Email (SendGrid webhooks and inbound mail)
    "webhook_forbidden": {
        "bn": "এই ওয়েবহুক অনুরোধের অনুমতি নেই।",
        "en": "This webhook request is not authorised.",
    },
    "email_form_invalid": {
        "bn": "ইমেইলের ফর্মটি সঠিক নয়: {detail}",
        "en": "The email form is not valid: {detail}",
    },
    "email_events_invalid": {
        "bn": "ইমেইল ইভেন্টগুলো সঠিক নয়: {detail}",
        "en": "The email events are not valid: {detail}",
    },
    "email_no_subject": {"bn": "(বিষয় নেই)", "en": "(no subject)"},
    "email_attachments_only": {"bn": "(শুধু সংযুক্তি)", "en": "(attachments only)"},
    "email_attachment_too_large": {
        "bn": "সংযুক্তি খুব বড়, রাখা হয়নি: {filename} ({size} বাইট)",
        "en": "Attachment too large, not kept: {filename} ({size} bytes)",
    },
    "email_body_truncated": {
        "bn": "(ইমেইলটি লম্বা; পুরোটা মূল ইমেইলে আছে)",
        "en": "(The email was long; the whole text is in the original)",
    },
}

# Automation rules and satisfaction surveys (issue 6, automation part)
MESSAGES.update(
    {
        "automation_rule_invalid": {
            "bn": "নিয়মটি সঠিক নয়: {detail}",
            "en": "The rule is not valid: {detail}",
        },
        "automation_trigger_unknown": {
            "bn": 'অজানা ট্রিগার "{trigger}"। যেগুলো চলে: {allowed}',
            "en": 'Unknown trigger "{trigger}". Allowed: {allowed}',
        },
        "automation_condition_unknown": {
            "bn": 'অজানা শর্ত "{field}"। যেগুলো চলে: {allowed}',
            "en": 'Unknown condition "{field}". Allowed: {allowed}',
        },
        "automation_operator_unknown": {
            "bn": '"{field}" শর্তে "{operator}" চলে না। যেগুলো চলে: {allowed}',
            "en": 'The condition "{field}" does not take "{operator}". Allowed: {allowed}',
        },
        "automation_value_invalid": {
            "bn": '"{field}" শর্তের মান "{value}" সঠিক নয়। যেগুলো চলে: {allowed}',
            "en": '"{value}" is not a valid value for "{field}". Allowed: {allowed}',
        },
        "automation_action_unknown": {
            "bn": 'অজানা কাজ "{action}"। যেগুলো চলে: {allowed}',
            "en": 'Unknown action "{action}". Allowed: {allowed}',
        },
        "automation_actions_required": {
            "bn": "নিয়মে অন্তত একটি কাজ দিন।",
            "en": "Give the rule at least one action.",
        },
        "automation_silent_hours_required": {
            "bn": '"গ্রাহক চুপ" ট্রিগারের জন্য ঘণ্টা দিন (১ থেকে {max})।',
            "en": 'The "customer silent" trigger needs a number of hours (1 to {max}).',
        },
        "automation_reference_unknown": {
            "bn": 'নিয়মে উল্লেখ করা {kind} "{value}" পাওয়া যায়নি।',
            "en": 'The {kind} "{value}" named in the rule was not found.',
        },
        "automation_rule_not_found": {"bn": "নিয়মটি পাওয়া যায়নি।", "en": "The rule was not found."},
        "automation_rule_name_taken": {
            "bn": '"{name}" নামে একটি নিয়ম আগেই আছে।',
            "en": 'A rule named "{name}" already exists.',
        },
        "automation_rule_json_invalid": {
            "bn": "নিয়মের JSON পড়া যায়নি: {detail}",
            "en": "The rule's JSON could not be read: {detail}",
        },
        "automation_close_notice": {
            "bn": "অনেকদিন আপনার কাছ থেকে কিছু শুনিনি। {days} দিনের মধ্যে উত্তর না দিলে "
            "টিকিট #{number} বন্ধ হয়ে যাবে।",
            "en": "We have not heard from you in a while. Ticket #{number} will be closed in {days} days "
            "unless you reply.",
        },
        "activity_automation_closed": {
            "bn": "উত্তর না আসায় স্বয়ংক্রিয়ভাবে বন্ধ ({rule})",
            "en": "Closed automatically: no reply from the customer ({rule})",
        },
        "activity_escalated": {
            "bn": "এসকেলেট করা হয়েছে ({rule}); সুপারভাইজারদের জানানো হয়েছে",
            "en": "Escalated ({rule}); supervisors notified",
        },
        "activity_survey_sent": {
            "bn": "সন্তুষ্টি জরিপ পাঠানো হয়েছে ({channel})",
            "en": "Satisfaction survey sent ({channel})",
        },
        "activity_survey_answered": {
            "bn": "গ্রাহকের মূল্যায়ন: {score}/৫",
            "en": "Customer rating: {score}/5",
        },
        "csat_survey_in_app": {
            "bn": "টিকিট #{number}-এ আমাদের সেবা কেমন লেগেছে? ১ থেকে ৫ এর মধ্যে একটি নম্বর বেছে নিন।",
            "en": "How did we do on ticket #{number}? Pick a score from 1 to 5.",
        },
        "csat_thanks": {
            "bn": "ধন্যবাদ! আপনার মূল্যায়ন ({score}/৫) আমরা পেয়েছি।",
            "en": "Thank you! We have your rating ({score}/5).",
        },
        "csat_link_invalid": {
            "bn": "এই জরিপ লিংকটি সঠিক নয়। ইমেইলের লিংকটি পুরোটা খুলুন।",
            "en": "This survey link is not valid. Please open the whole link from the email.",
        },
        "csat_link_expired": {
            "bn": "এই জরিপ লিংকের মেয়াদ শেষ হয়ে গেছে। আপনার সময়ের জন্য ধন্যবাদ।",
            "en": "This survey link has expired. Thank you for your time.",
        },
        "csat_score_invalid": {
            "bn": "১ থেকে ৫ এর মধ্যে একটি নম্বর বেছে নিন।",
            "en": "Please pick a score from 1 to 5.",
        },
        "csat_page_title": {"bn": "আপনার মতামত", "en": "Your feedback"},
    }
)


# Business calendars, holidays and the closed-hours notice (issue 6, calendar part)
MESSAGES.update(
    {
        "calendar_not_found": {
            "bn": '"{name}" নামে কোনো ক্যালেন্ডার নেই।',
            "en": 'There is no calendar named "{name}".',
        },
        "calendar_hours_invalid": {
            "bn": "অফিস সময় সঠিক নয়: {detail} (যেমন 10:00-13:00, 14:00-20:00 অথবা closed)",
            "en": "The office hours are not valid: {detail} (e.g. 10:00-13:00, 14:00-20:00 or closed)",
        },
        "holiday_not_found": {"bn": "ছুটিটি পাওয়া যায়নি।", "en": "The holiday was not found."},
        "holiday_invalid": {
            "bn": "ছুটির তথ্য সঠিক নয়: {detail}",
            "en": "The holiday is not valid: {detail}",
        },
        "hour_range_not_found": {
            "bn": "বিশেষ সময়সূচিটি পাওয়া যায়নি।",
            "en": "The range of other hours was not found.",
        },
        "hour_range_invalid": {
            "bn": "বিশেষ সময়সূচি সঠিক নয়: {detail}",
            "en": "The range of other hours is not valid: {detail}",
        },
        "calendar_year_invalid": {
            "bn": "বছর ১৯০০ থেকে ২১০০ এর মধ্যে হতে হবে, পাওয়া গেছে: {value}",
            "en": "The year must be between 1900 and 2100, got: {value}",
        },
        "calendar_start_invalid": {
            "bn": "শুরুর সময় ISO 8601 আকারে দিন (যেমন 2026-03-19T10:00:00+06:00), পাওয়া গেছে: {value}",
            "en": "Give the start as ISO 8601 (e.g. 2026-03-19T10:00:00+06:00), got: {value}",
        },
        "calendar_minutes_invalid": {
            "bn": "মিনিট শূন্য বা তার বেশি একটি সংখ্যা হতে হবে, পাওয়া গেছে: {value}",
            "en": "Minutes must be a number of zero or more, got: {value}",
        },
        "closed_notice": {
            "bn": "{reason}: {when}-এর মধ্যে উত্তর দেব।",
            "en": "{reason}: we will reply by {when}.",
        },
        "closed_notice_no_time": {
            "bn": "{reason}: যত তাড়াতাড়ি সম্ভব উত্তর দেব।",
            "en": "{reason}: we will reply as soon as we can.",
        },
    }
)


# Knowledge base, help centre and search (issue 8)
MESSAGES.update(
    {
        "kb_query_empty": {"bn": "কী খুঁজছেন তা লিখুন।", "en": "Type what you are looking for."},
        "kb_query_too_long": {
            "bn": "খোঁজার লেখা খুব লম্বা (সর্বোচ্চ {limit} অক্ষর)।",
            "en": "The search text is too long (at most {limit} characters).",
        },
        "kb_lang_unknown": {
            "bn": 'অজানা ভাষা "{lang}"। bn অথবা en দিন।',
            "en": 'Unknown language "{lang}". Use bn or en.',
        },
        "kb_limit_range": {
            "bn": "ফলাফলের সংখ্যা ১ থেকে {max} এর মধ্যে হতে হবে, পাওয়া গেছে: {limit}",
            "en": "The number of results must be between 1 and {max}, got: {limit}",
        },
        "kb_article_not_found": {"bn": "লেখাটি পাওয়া যায়নি।", "en": "The article was not found."},
        "kb_category_not_found": {
            "bn": 'বিভাগ "{category}" পাওয়া যায়নি।',
            "en": 'The category "{category}" was not found.',
        },
        "kb_slug_invalid": {
            "bn": "ঠিকানা-নাম (slug) শুধু ছোট ইংরেজি অক্ষর, সংখ্যা ও হাইফেন দিয়ে লিখুন।",
            "en": "The slug may only use lower-case letters, digits and hyphens.",
        },
        "kb_slug_taken": {
            "bn": '"{slug}" ঠিকানা-নামে এই ভাষায় একটি লেখা আগেই আছে।',
            "en": 'An article with the slug "{slug}" already exists in this language.',
        },
        "kb_translation_exists": {
            "bn": "এই লেখার {lang} অনুবাদ আগেই আছে।",
            "en": "This article already has a {lang} translation.",
        },
        "kb_title_required": {"bn": "শিরোনাম দিন।", "en": "Give the article a title."},
        "kb_body_required": {"bn": "লেখার মূল অংশ খালি রাখা যাবে না।", "en": "The article body cannot be empty."},
        "kb_field_too_long": {
            "bn": "{field} খুব লম্বা (সর্বোচ্চ {limit} অক্ষর)।",
            "en": "{field} is too long (at most {limit} characters).",
        },
        "kb_version_not_found": {
            "bn": "সংস্করণ {version} পাওয়া যায়নি।",
            "en": "Version {version} was not found.",
        },
        "kb_search_unavailable": {
            "bn": "খোঁজার সেবা এই মুহূর্তে পাওয়া যাচ্ছে না: {detail}",
            "en": "Search is unavailable right now: {detail}",
        },
    }
)

# SLA policies (issue 6, SLA part)
MESSAGES.update(
    {
        "sla_policy_not_found": {
            "bn": "এসএলএ নীতিটি পাওয়া যায়নি।",
            "en": "The SLA policy was not found.",
        },
        "sla_name_invalid": {
            "bn": "নীতির একটি নাম লিখুন (সর্বোচ্চ {max} অক্ষর)।",
            "en": "Give the policy a name (at most {max} characters).",
        },
        "sla_condition_invalid": {
            "bn": "শর্ত '{field}'-এ এই মান চলবে না: {value}",
            "en": "The condition '{field}' does not accept: {value}",
        },
        "sla_minutes_invalid": {
            "bn": "লক্ষ্য সময় ১ থেকে {max} মিনিটের মধ্যে একটি পূর্ণ সংখ্যা হতে হবে।",
            "en": "A target must be a whole number of minutes from 1 to {max}.",
        },
        "sla_no_target": {
            "bn": "অন্তত একটি লক্ষ্য দিন: প্রথম উত্তর, পরের উত্তর বা সমাধান।",
            "en": "Set at least one target: first response, next response or resolution.",
        },
        "sla_default_conditions": {
            "bn": "সাধারণ (ডিফল্ট) নীতি সব টিকিটে খাটে, তাই এতে কোনো শর্ত রাখা যায় না।",
            "en": "The default policy applies to every ticket, so it cannot have conditions.",
        },
        "sla_default_incomplete": {
            "bn": "সাধারণ (ডিফল্ট) নীতিতে তিনটি লক্ষ্যই দিতে হবে।",
            "en": "The default policy must set all three targets.",
        },
        "sla_default_required": {
            "bn": "সাধারণ (ডিফল্ট) নীতি নিষ্ক্রিয় করা যায় না; একটি সাধারণ নীতি সবসময় থাকে।",
            "en": "The default policy cannot be deactivated; a default policy always exists.",
        },
        "sla_clock_invalid": {
            "bn": "সময় গণনা 'business' (অফিস সময়) বা 'calendar' (ঘড়ির সময়) হতে হবে, পাওয়া গেছে: {value}",
            "en": "The clock must be 'business' (business hours) or 'calendar' (wall clock), got: {value}",
        },
        "sla_warn_invalid": {
            "bn": "সতর্কতা: শতাংশ ১ থেকে ৯৯, আর আগের মিনিট ১ বা তার বেশি হতে হবে।",
            "en": "Warning: the percentage must be 1 to 99 and the minutes before at least 1.",
        },
        "sla_action_invalid": {
            "bn": "সময়সীমা পেরোলে এই কাজটি করা যায় না: {value}",
            "en": "This is not an allowed action on a breach: {value}",
        },
        "sla_move_invalid": {
            "bn": "এই নীতির ক্রম বদলানো যায় না (সাধারণ নীতি সবসময় শেষে থাকে)।",
            "en": "This policy cannot be moved (the default policy always comes last).",
        },
    }
)


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


# The support bot (issue 7, bot part: backend/bot/)
MESSAGES.update(
    {
        "bot_version_not_found": {"bn": "মডেল সংস্করণটি পাওয়া যায়নি।", "en": "The model version was not found."},
        "bot_version_not_ready": {
            "bn": "সংস্করণ {label} এখনো তৈরি হয়নি (প্রশিক্ষণ চলছে বা ব্যর্থ)।",
            "en": "Version {label} is not ready (still training or failed).",
        },
        "bot_no_previous_version": {
            "bn": "ফিরে যাওয়ার মতো আগের কোনো সংস্করণ নেই।",
            "en": "There is no earlier version to roll back to.",
        },
        "bot_ab_share_invalid": {
            "bn": "A/B ভাগ ১ থেকে ৯০ শতাংশের মধ্যে দিন (দেওয়া হয়েছে {percent})।",
            "en": "Give the A/B share as 1 to 90 percent (got {percent}).",
        },
        "bot_ab_version_invalid": {
            "bn": "সংস্করণ {label} A/B পরীক্ষায় যাবে না: এটি তৈরি নয় বা এখনই চালু।",
            "en": "Version {label} cannot be the A/B challenger: it is not ready or already active.",
        },
        "bot_training_running": {
            "bn": "সংস্করণ {label} এর প্রশিক্ষণ চলছে; শেষ হলে আবার চেষ্টা করুন।",
            "en": "Version {label} is still training; try again when it has finished.",
        },
        "bot_turn_not_found": {"bn": "বার্তাটি পাওয়া যায়নি।", "en": "The message was not found."},
        "bot_channel_unsupported": {
            "bn": "বট {channel} চ্যানেলে উত্তর দেয় না (ওয়েব, এসএমএস, ইমেইল)।",
            "en": "The bot does not answer on {channel} (web, SMS, email).",
        },
        "bot_version_not_evaluated": {
            "bn": "সংস্করণ {label} এর মূল্যায়ন নেই (সব ভাষার নির্ভুলতা লাগবে)।",
            "en": "Version {label} has no evaluation (accuracy in every language is needed).",
        },
        "bot_version_below_gate": {
            "bn": "সংস্করণ {label} চালু হবে না: {part} নির্ভুলতা {accuracy}, ন্যূনতম {gate}।",
            "en": "Version {label} cannot serve customers: {part} accuracy {accuracy} is below {gate}.",
        },
        "bot_training_data_missing": {
            "bn": "প্রশিক্ষণের ডেটা পাওয়া যায়নি: {detail}",
            "en": "The training data was not found: {detail}",
        },
    }
)


# Bot language understanding (issue 7, NLU part): input lines of `seba bot classify`
MESSAGES.update(
    {
        "bot_line_encoding": {"bn": "লাইনটি UTF-8 নয়।", "en": "The line is not UTF-8."},
        "bot_line_empty": {
            "bn": 'লাইন খালি; {"text": "..."} এর মতো একটি JSON অবজেক্ট দিন।',
            "en": 'The line is empty; give a JSON object like {"text": "..."}.',
        },
        "bot_line_json": {"bn": "লাইনটি বৈধ JSON নয়।", "en": "The line is not valid JSON."},
        "bot_line_not_object": {
            "bn": '{"text": "..."} এর মতো একটি JSON অবজেক্ট দিন।',
            "en": 'Give a JSON object like {"text": "..."}.',
        },
        "bot_text_missing": {"bn": 'অবজেক্টে "text" নেই।', "en": 'The object has no "text".'},
        "bot_text_not_string": {
            "bn": '"text" অবশ্যই লেখা (string) হতে হবে।',
            "en": '"text" must be a string.',
        },
        "bot_text_empty": {"bn": '"text" খালি।', "en": '"text" is empty.'},
        "bot_classify_failed": {
            "bn": "বার্তাটি বোঝা গেল না ({detail})।",
            "en": "The message could not be classified ({detail}).",
        },
        "bot_model_unavailable": {
            "bn": "বটের মডেল লোড করা গেল না: {detail}",
            "en": "The bot's model could not be loaded: {detail}",
        },
    }
)
