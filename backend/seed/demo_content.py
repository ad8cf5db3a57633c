"""The demo's people and conversations (data only)."""

from __future__ import annotations

from typing import Any

DEMO_PASSWORD_NOTE = "development demo only; `seba seed-demo` refuses to run in production"

TEAMS: list[dict[str, Any]] = [
    {"slug": "general", "name": "Customer care", "name_bn": "গ্রাহক সেবা", "handles": []},
    {
        "slug": "payments",
        "name": "Payments",
        "name_bn": "পেমেন্ট",
        "handles": ["payment_issue", "refund_status", "request_refund"],
    },
]

STAFF: list[dict[str, Any]] = [
    {
        "email": "admin@seba.test",
        "name": "Farhana Admin",
        "role": "admin",
        "password": "seba-admin-2026",
        "teams": [],
        "languages": ["bn", "en"],
        "gender": "female",
    },
    {
        "email": "supervisor@seba.test",
        "name": "Kamrul Hasan",
        "role": "supervisor",
        "password": "seba-super-2026",
        "teams": ["general", "payments"],
        "languages": ["bn", "en"],
        "gender": "male",
    },
    {
        "email": "nusrat@seba.test",
        "name": "Nusrat Jahan",
        "role": "agent",
        "password": "seba-agent-2026",
        "teams": ["general"],
        "languages": ["bn", "banglish", "en"],
        "skills": ["track_order", "return_item", "item_problem"],
        "gender": "female",
    },
    {
        "email": "rahim@seba.test",
        "name": "Rahim Uddin",
        "role": "agent",
        "password": "seba-agent-2026",
        "teams": ["general"],
        "languages": ["bn", "banglish"],
        "skills": ["track_order", "cancel_order", "change_address"],
        "gender": "male",
    },
    {
        "email": "tania@seba.test",
        "name": "Tania Akter",
        "role": "agent",
        "password": "seba-agent-2026",
        "teams": ["payments"],
        "languages": ["bn", "en"],
        "skills": ["payment_issue", "refund_status", "request_refund"],
        "gender": "female",
    },
]

CUSTOMERS: list[dict[str, Any]] = [
    {"phone": "+8801711000001", "name": "আয়েশা সিদ্দিকা", "locale": "bn"},
    {"phone": "+8801812000002", "name": "Rafiq Islam", "locale": "bn", "sms_script": "banglish"},
    {"phone": "+8801913000003", "name": "Sadia Rahman", "locale": "en"},
    {"phone": "+8801515000004", "name": "মোঃ জসিম উদ্দিন", "locale": "bn"},
    {"phone": "+8801616000005", "name": "Tanvir Ahmed", "locale": "bn", "sms_script": "banglish"},
    {"phone": "+8801317000006", "name": "Nadia Chowdhury", "locale": "en", "tier": "vip"},
    {"phone": "+8801418000007", "name": "বিপ্লব দাস", "locale": "bn"},
    {"phone": "+8801719000008", "name": "Mitu Akter", "locale": "bn", "sms_script": "banglish"},
    {"phone": "+8801820000009", "name": "Arif Hossain", "locale": "en"},
    {"phone": "+8801921000010", "name": "শারমিন সুলতানা", "locale": "bn"},
    {"phone": "+8801622000011", "name": "Imran Kabir", "locale": "bn"},
    {"phone": "+8801323000012", "name": "Sumaiya Haque", "locale": "en"},
]

# Each: customer index, subject, the customer's first message, later turns as (who, text), status.
TICKETS: list[dict[str, Any]] = [
    {
        "customer": 0,
        "subject": "অর্ডার এখনো আসেনি",
        "language": "bn",
        "order_ref": "ORD-240117",
        "body": "আমার অর্ডার ORD-240117 এখনো আসেনি। ৫ দিন হয়ে গেল, কবে পাবো?",
        "turns": [("agent:nusrat@seba.test", "দুঃখিত আপা, আপনার পার্সেল কুরিয়ারে আছে। আগামীকালের মধ্যে পৌঁছে যাবে।")],
        "status": "pending",
    },
    {
        "customer": 1,
        "subject": "bkash payment kete nise kintu order hoy nai",
        "language": "banglish",
        "category": "payment_issue",
        "body": "bKash e 1250 taka kete nise kintu order confirm hoy nai. TrxID 9FK3LQ2ZP1. please dekhen",
        "turns": [],
        "status": "new",
    },
    {
        "customer": 2,
        "subject": "Wrong size delivered",
        "language": "en",
        "order_ref": "ORD-240233",
        "body": "I ordered a medium shirt but received XL. How can I exchange it?",
        "turns": [
            (
                "agent:nusrat@seba.test",
                "Sorry about that! You can exchange it within 7 days. We have booked a pickup for tomorrow.",
            ),
            ("customer", "Thank you, tomorrow works."),
        ],
        "status": "open",
    },
    {
        "customer": 3,
        "subject": "রিফান্ড কবে পাবো?",
        "language": "bn",
        "category": "refund_status",
        "body": "অর্ডার বাতিল করেছি ১০ দিন আগে, এখনো টাকা ফেরত পাইনি। নগদে পেমেন্ট করেছিলাম।",
        "turns": [],
        "status": "new",
    },
    {
        "customer": 4,
        "subject": "delivery address change korte chai",
        "language": "banglish",
        "order_ref": "ORD-240301",
        "body": "amar order ORD-240301 er address change korte chai. Mirpur 10 theke Uttara sector 7.",
        "turns": [
            (
                "agent:rahim@seba.test",
                "Ji, address update kore dichi. Uttara sector 7 e delivery hobe.",
            )
        ],
        "status": "resolved",
    },
    {
        "customer": 5,
        "subject": "Double charged on my card",
        "language": "en",
        "category": "payment_issue",
        "body": "My card was charged twice for order ORD-240355 (2,499 taka each). Please refund one.",
        "turns": [],
        "status": "new",
    },
    {
        "customer": 6,
        "subject": "প্রোডাক্ট ভাঙা এসেছে",
        "language": "bn",
        "order_ref": "ORD-240377",
        "body": "ব্লেন্ডারটা ভাঙা অবস্থায় এসেছে। ছবি পাঠাচ্ছি। নতুন একটা চাই।",
        "turns": [("agent:nusrat@seba.test", "আন্তরিকভাবে দুঃখিত। ছবি পেয়েছি, নতুন ব্লেন্ডার পাঠানোর ব্যবস্থা করছি।")],
        "status": "on_hold",
    },
    {
        "customer": 7,
        "subject": "voucher code kaj kortese na",
        "language": "banglish",
        "body": "EID500 voucher ta apply korle bolche invalid. ajke last din, help koren plz",
        "turns": [],
        "status": "new",
    },
    {
        "customer": 8,
        "subject": "OTP not arriving",
        "language": "en",
        "body": "I am not getting the OTP to log in on my new phone. Number is the same.",
        "turns": [
            (
                "agent:rahim@seba.test",
                "Please check that your SIM has network, then tap 'resend' after 2 minutes.",
            ),
            ("customer", "It worked now, thanks!"),
        ],
        "status": "open",
    },
    {
        "customer": 9,
        "subject": "ডেলিভারি চার্জ কত?",
        "language": "bn",
        "body": "চট্টগ্রামে ডেলিভারি চার্জ কত আর কত দিনে আসবে?",
        "turns": [],
        "status": "new",
    },
    {
        "customer": 10,
        "subject": "order cancel korbo",
        "language": "banglish",
        "order_ref": "ORD-240412",
        "body": "ভুল করে order দিয়ে ফেলছি, ORD-240412 cancel kore den please",
        "turns": [],
        "status": "new",
    },
    {
        "customer": 11,
        "subject": "Seller sent a fake product",
        "language": "en",
        "order_ref": "ORD-240450",
        "body": "The headphones I received are clearly fake. I want to file a complaint against the seller.",
        "turns": [("note:tania@seba.test", "Escalate to seller quality team if photos confirm.")],
        "status": "open",
    },
]
