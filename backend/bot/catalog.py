"""Everything the bot says, in Bengali script (bn), Banglish in Latin letters (banglish) and English.

Prompts (`SMS_ONE_SEGMENT`) are written to fit one SMS segment in every variant: 70 characters in
Bengali script (UCS-2), 160 in Banglish and English (GSM-7, so no ৳ or curly quotes there).
"""

from __future__ import annotations

from typing import Any

from backend.i18n.formatting import bengali_digits

LANGUAGES = ("bn", "banglish", "en")

# key -> (bn, banglish, en)
REPLIES: dict[str, tuple[str, str, str]] = {
    "greeting": (
        "আসসালামু আলাইকুম! অর্ডার, রিফান্ড, পেমেন্ট বা ডেলিভারি নিয়ে লিখুন।",
        "Assalamu alaikum! Order, refund, payment ba delivery niye likhun. Manush chaile AGENT likhun.",
        "Hello! Ask me about orders, refunds, payments or delivery. Type AGENT to talk to a person.",
    ),
    "capabilities": (
        "দুঃখিত, আমি অর্ডার, ফেরত, রিফান্ড, পেমেন্ট, ডেলিভারি ও অ্যাকাউন্টে সাহায্য করি। মানুষ চাইলে AGENT লিখুন।",
        "Sorry, ami order, return, refund, payment, delivery ar account niye help kori. "
        "Manush chaile AGENT likhun.",
        "Sorry, I can help with orders, returns, refunds, payments, delivery and your account. "
        "Type AGENT to talk to a person.",
    ),
    "not_understood": (
        "দুঃখিত, বুঝতে পারিনি। অন্যভাবে লিখবেন? যেমন: অর্ডার ORD-240117 কোথায়",
        "Sorry, bujhte parini. Onnovabe likhben? Jemon: amar order ORD-240117 kothay",
        "Sorry, I did not understand. Could you say it another way? E.g. where is order ORD-240117",
    ),
    "ask_order": (
        "আপনার অর্ডার নম্বরটি পাঠান (যেমন ORD-240117)।",
        "Apnar order number ta pathan (jemon ORD-240117).",
        "Please send your order number (like ORD-240117).",
    ),
    "ask_order_choices": (
        "কোন অর্ডার? সাম্প্রতিক: {orders}। নম্বরটি লিখুন।",
        "Kon order? Recent order: {orders}. Number ta likhun.",
        "Which order? Your recent orders: {orders}. Reply with the number.",
    ),
    "order_not_found": (
        "{order} অর্ডারটি পাইনি। নম্বরটি আবার দেখে পাঠান।",
        "{order} order ta pailam na. Number ta check kore abar pathan.",
        "I could not find order {order}. Please check the number and send it again.",
    ),
    "track_status": (
        "অর্ডার {order}: {status}।{eta}",
        "Order {order}: {status}.{eta}",
        "Order {order}: {status}.{eta}",
    ),
    "eta_expected": (" আনুমানিক পৌঁছাবে {date}।", " Expected delivery {date}.", " Expected delivery: {date}."),
    "eta_delivered": (" ডেলিভারি হয়েছে {date}।", " Delivery hoise {date}.", " Delivered on {date}."),
    "tracking": (" কুরিয়ার: {courier} {code}।", " Courier: {courier} {code}.", " Courier: {courier} {code}."),
    "anything_else": (
        "আর কিছু জানতে চান? শেষ হলে ধন্যবাদ লিখুন।",
        "Ar kichu jante chan? Sesh hole THANKS likhun.",
        "Anything else? Reply THANKS when you are done.",
    ),
    "refund_found": (
        "{order} এর রিফান্ড: {amount} টাকা, {method}-এ, অবস্থা: {status}।",
        "{order} er refund: {amount} taka, {method} e, obostha: {status}.",
        "Refund for {order}: {amount} taka to {method}, status: {status}.",
    ),
    "refund_none": (
        "{order} এর কোনো রিফান্ড অনুরোধ নেই। মানুষ চাইলে AGENT লিখুন।",
        "{order} er kono refund request nai. Refund chaile 'refund chai' likhun, manush chaile AGENT.",
        "There is no refund request for {order} yet. Write 'I want a refund' or AGENT for a person.",
    ),
    "cancel_done": (
        "অর্ডার {order} বাতিল হয়েছে। টাকা দেওয়া থাকলে ফেরত যাবে।",
        "Order {order} cancel hoye geche. Taka deya thakle ferot jabe.",
        "Order {order} is cancelled. Any payment will be refunded the way you paid.",
    ),
    "cancel_requested": (
        "{order} বাতিলের অনুরোধ আমাদের টিমকে দিলাম, তারা জানাবে।",
        "{order} cancel er request amader team ke dilam, tara confirm korbe.",
        "Your request to cancel {order} is with our team; they will confirm shortly.",
    ),
    "cancel_shipped": (
        "{order} পাঠানো হয়ে গেছে, এখন বাতিল হবে না। একজন এজেন্ট সাহায্য করবেন।",
        "{order} already shipped, ekhon cancel hobe na. Ekjon agent help korben.",
        "{order} has already shipped and cannot be cancelled now. An agent will help you.",
    ),
    "ask_new_address": (
        "{order} এর নতুন ঠিকানা লিখুন (এলাকা, রোড, বাসা)।",
        "{order} er notun address likhun (area, road, basha).",
        "Please send the new delivery address for {order} (area, road, house).",
    ),
    "address_updated": (
        "{order} এর ঠিকানা বদলানো হয়েছে।",
        "{order} er address change kora hoyeche.",
        "The delivery address of {order} has been changed.",
    ),
    "address_requested": (
        "ধন্যবাদ। আমাদের টিম {order} এর ঠিকানা বদলে জানাবে।",
        "Dhonnobad. Amader team {order} er address change kore janabe.",
        "Thanks. Our team will change the address of {order} and confirm.",
    ),
    "address_shipped": (
        "{order} পাঠানো হয়ে গেছে; একজন এজেন্ট কুরিয়ারের সাথে চেষ্টা করবেন।",
        "{order} already shipped; ekjon agent courier er sathe try korben.",
        "{order} has already shipped; an agent will try to change it with the courier.",
    ),
    "return_policy": (
        "ডেলিভারির ৭ দিনের মধ্যে, অব্যবহৃত, বক্স ও ইনভয়েসসহ ফেরত দেওয়া যায়। ভুল বা নষ্ট পণ্য আমরা বিনা খরচে নিয়ে যাই।",
        "Delivery r 7 diner moddhe, unused, box ar invoice soho return kora jay. Vul ba noshto product "
        "amra free te niye jai.",
        "You can return items within 7 days of delivery, unused, with the box and invoice. We collect "
        "damaged or wrong items free of charge.",
    ),
    "return_opened": (
        "{order} ফেরতের অনুরোধ খোলা হয়েছে; টিম পিকআপ ঠিক করবে।",
        "{order} return request khola hoyeche; team pickup thik korbe.",
        "Your return request for {order} is open; our team will arrange the pickup.",
    ),
    "refund_policy": (
        "অনুমোদনের পর ১০ কার্যদিবসের মধ্যে যেভাবে টাকা দিয়েছিলেন সেভাবেই রিফান্ড যায়।",
        "Approve howar por 10 working day er moddhe je vabe payment korechilen sevabei refund jay.",
        "After approval, refunds go back the way you paid within 10 working days.",
    ),
    "refund_opened": (
        "{order} রিফান্ডের অনুরোধ খোলা হয়েছে; টিম যাচাই করে জানাবে।",
        "{order} refund request khola hoyeche; team check kore janabe.",
        "Your refund request for {order} is open; our team will review it and reply.",
    ),
    "ask_photos": (
        "দুঃখিত! পণ্য ও প্যাকেটের ছবি আর অর্ডার নম্বর পাঠান।",
        "Sorry! Product ar packet er chobi ar order number pathan.",
        "Sorry about that! Please send photos of the item and the package, and your order number.",
    ),
    "ask_photos_again": (
        "ছবি পাইনি। অনুগ্রহ করে পণ্যের ছবি সংযুক্ত করে পাঠান।",
        "Chobi pai nai. Product er chobi attach kore pathan please.",
        "I did not get a photo. Please attach a photo of the item.",
    ),
    "item_problem_opened": (
        "ধন্যবাদ। {order} জরুরি হিসেবে খোলা হলো; এজেন্ট যোগাযোগ করবেন।",
        "Dhonnobad. {order} urgent hishebe khola holo; agent jogajog korben.",
        "Thanks. Your case for {order} is marked high priority; an agent will contact you.",
    ),
    "ask_payment_details": (
        "মাধ্যম (বিকাশ/নগদ/রকেট/কার্ড), TrxID, টাকা ও সময় লিখুন।",
        "Payment method (bKash/Nagad/Rocket/card), TrxID, koto taka ar kokhon - likhun.",
        "Please send the method (bKash/Nagad/Rocket/card), TrxID, amount and time of the payment.",
    ),
    "ask_method": (
        "কীভাবে পেমেন্ট করেছিলেন? বিকাশ, নগদ, রকেট না কার্ড?",
        "Kivabe payment korechilen? bKash, Nagad, Rocket na card?",
        "How did you pay: bKash, Nagad, Rocket or card?",
    ),
    "ask_trx": (
        "লেনদেনের TrxID টি লিখুন (৮-১২ অক্ষর/সংখ্যা)।",
        "Transaction er TrxID ta likhun (8-12 ta okkhor/songkha).",
        "Please send the transaction ID (TrxID, 8-12 letters or digits).",
    ),
    "ask_amount": (
        "কত টাকা কাটা হয়েছে? (যেমন ৫০০ টাকা)",
        "Koto taka kata hoyeche? (jemon 500 tk)",
        "How much was taken? (e.g. 500 taka)",
    ),
    "ask_time": (
        "কখন পেমেন্ট করেছিলেন? (যেমন গতকাল ৩টায়)",
        "Kokhon payment korechilen? (jemon gotokal 3tay)",
        "When did you pay? (e.g. yesterday 3pm)",
    ),
    "dispute_opened": (
        "পেমেন্ট অভিযোগ খোলা হলো: {method}, TrxID {trx}, {amount} টাকা। পেমেন্ট টিম দেখবে।",
        "Payment case khola holo: {method}, TrxID {trx}, {amount} taka. Payments team check korbe.",
        "Payment case opened: {method}, TrxID {trx}, {amount} taka. Our payments team will check it.",
    ),
    "kb_answer": ("{title}: {excerpt} {url}", "{title}: {excerpt} {url}", "{title}: {excerpt} {url}"),
    "kb_missing": (
        "এ বিষয়ে এখন উত্তর নেই। মানুষের সাথে কথা বলতে AGENT লিখুন।",
        "Ei bishoye ekhon uttor nai. Manusher sathe kotha bolte AGENT likhun.",
        "I do not have an answer for that yet. Type AGENT and a person will help.",
    ),
    "account_help": (
        "নেটওয়ার্ক দেখুন, ২ মিনিট পর 'আবার কোড পাঠান' চাপুন। OTP কাউকে দেবেন না। না হলে AGENT লিখুন।",
        "Network check korun, 2 minute por 'resend code' chapun. OTP karo sathe share korben na. "
        "Na hole AGENT likhun.",
        "Check your network, wait 2 minutes and tap 'resend code'. Never share your OTP. "
        "If it still fails, type AGENT.",
    ),
    "promo_help": (
        "কুপনের মেয়াদ, ন্যূনতম অর্ডার ও প্রযোজ্য পণ্য দেখুন। না চললে কোড ও অর্ডার নম্বর পাঠান।",
        "Coupon er meyad, minimum order ar eligible product check korun. "
        "Na chole code ar order number pathan.",
        "Check the coupon's expiry, minimum order and eligible items. If it still fails, send the code and "
        "order number.",
    ),
    "promo_opened": (
        "ধন্যবাদ। টিম আপনার কুপনটি দেখে জানাবে।",
        "Dhonnobad. Team apnar coupon ta check kore janabe.",
        "Thanks. Our team will check your coupon and reply.",
    ),
    "complaint_received": (
        "আমরা দুঃখিত। অভিযোগটি লেখা হলো, একজন সিনিয়র এজেন্ট যোগাযোগ করবেন।",
        "Amra dukkhito. Complaint ta record holo, ekjon senior agent jogajog korben.",
        "We are sorry. Your complaint is recorded and a senior agent will contact you.",
    ),
    "handoff": (
        "আপনাকে আমাদের টিমের একজনের কাছে দিচ্ছি; তিনি এখানেই উত্তর দেবেন।",
        "Apnake amader team er ekjon er kache dicchi; tini ekhanei reply diben.",
        "I am passing you to a person on our team; they will reply here.",
    ),
    "callback_noted": (
        "আপনাকে ফোন করতে বলা হয়েছে; একজন এজেন্ট কল করবেন।",
        "Apnake call korte bola hoyeche; ekjon agent call korben.",
        "We have noted that you want a call; an agent will call you back.",
    ),
    "outside_hours": (
        "আমাদের টিম এখন অফলাইনে; খুললেই একজন উত্তর দেবেন।",
        "Amader team ekhon offline; khulle ekjon reply diben.",
        "Our team is offline right now; a person will reply as soon as we open.",
    ),
    "goodbye": (
        "ধন্যবাদ! সাহায্য করতে পেরে খুশি। ছোট একটি জরিপে মতামত দিলে উপকার হবে।",
        "Dhonnobad! Help korte pere khushi. Choto ekta survey te motamot dile upokar hobe.",
        "Thank you! Glad I could help. A short survey may follow; your rating helps us.",
    ),
}

# Prompts that must fit one SMS segment in every variant (checked by the tests).
SMS_ONE_SEGMENT = (
    "ask_order",
    "order_not_found",
    "ask_photos",
    "ask_photos_again",
    "ask_payment_details",
    "ask_method",
    "ask_trx",
    "ask_amount",
    "ask_time",
    "anything_else",
    "kb_missing",
    "handoff",
    "callback_noted",
    "outside_hours",
    "promo_opened",
)

ORDER_STATUS: dict[str, tuple[str, str, str]] = {
    "placed": ("অর্ডার নেওয়া হয়েছে", "order neya hoyeche", "placed"),
    "confirmed": ("কনফার্ম হয়েছে", "confirm hoyeche", "confirmed"),
    "packed": ("প্যাক করা হয়েছে", "pack kora hoyeche", "packed"),
    "shipped": ("পাঠানো হয়েছে", "shipped hoyeche", "shipped"),
    "out_for_delivery": ("ডেলিভারির পথে", "delivery r pothe", "out for delivery"),
    "delivered": ("ডেলিভারি হয়েছে", "delivery hoyeche", "delivered"),
    "cancelled": ("বাতিল", "cancel", "cancelled"),
    "returned": ("ফেরত এসেছে", "return hoyeche", "returned"),
}

REFUND_STATUS: dict[str, tuple[str, str, str]] = {
    "requested": ("অনুরোধ গৃহীত", "request neya hoyeche", "requested"),
    "approved": ("অনুমোদিত", "approve hoyeche", "approved"),
    "processing": ("প্রক্রিয়াধীন", "processing e ache", "processing"),
    "refunded": ("টাকা ফেরত দেওয়া হয়েছে", "taka ferot deya hoyeche", "refunded"),
    "rejected": ("বাতিল", "reject hoyeche", "rejected"),
}

METHOD_NAMES: dict[str, tuple[str, str, str]] = {
    "bkash": ("বিকাশ", "bKash", "bKash"),
    "nagad": ("নগদ", "Nagad", "Nagad"),
    "rocket": ("রকেট", "Rocket", "Rocket"),
    "card": ("কার্ড", "card", "card"),
    "bank": ("ব্যাংক", "bank", "bank"),
    "cod": ("ক্যাশ অন ডেলিভারি", "cash on delivery", "cash on delivery"),
}

_BN_MONTHS = (
    "জানুয়ারি",
    "ফেব্রুয়ারি",
    "মার্চ",
    "এপ্রিল",
    "মে",
    "জুন",
    "জুলাই",
    "আগস্ট",
    "সেপ্টেম্বর",
    "অক্টোবর",
    "নভেম্বর",
    "ডিসেম্বর",
)
_EN_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def language_of(value: str | None) -> str:
    """One of bn | banglish | en; anything else (None, a locale) falls back to Bengali script."""
    return value if value in LANGUAGES else "bn"


def _index(language: str) -> int:
    return LANGUAGES.index(language_of(language))


def word(table: dict[str, tuple[str, str, str]], key: str, language: str) -> str:
    entry = table.get(key)
    return entry[_index(language)] if entry else key


def localise_digits(text: str, language: str) -> str:
    return bengali_digits(text) if language_of(language) == "bn" else text


def say(key: str, language: str, **params: Any) -> str:
    """The reply `key` in `language`; numbers in the parameters get Bengali digits in Bengali script."""
    lang = language_of(language)
    text = REPLIES[key][_index(lang)]
    values = {
        k: localise_digits(str(v), lang) if isinstance(v, int | float) else v for k, v in params.items()
    }
    return text.format(**values)


def date_words(day: int, month: int, language: str) -> str:
    """ "৫ ডিসেম্বর" in Bengali script, "5 Dec" otherwise."""
    if language_of(language) == "bn":
        return f"{bengali_digits(str(day))} {_BN_MONTHS[month - 1]}"
    return f"{day} {_EN_MONTHS[month - 1]}"
