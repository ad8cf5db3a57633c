"""The help-centre keyword map: what customers type (English, Banglish, Bengali) to the words articles use."""

from __future__ import annotations

from dataclasses import dataclass

# concept: (what customers type, in any script; the Bengali words articles use; the English words)
# Triggers of several words need all of them in the query.
_CONCEPTS: dict[str, tuple[str, str, str]] = {
    "refund": (
        "refund refunds money_back taka_ferot ferot rifund টাকা_ফেরত রিফান্ড ফেরত",
        "রিফান্ড ফেরত টাকা",
        "refund money",
    ),
    "return": (
        "return returns ritarn ferot_dibo send_back ferot_dite রিটার্ন ফেরত_দিতে ফেরত_দেব",
        "রিটার্ন ফেরত",
        "return",
    ),
    "exchange": (
        "exchange replace replacement bodle bodlate bodlano size_change এক্সচেঞ্জ বদলে বদলাতে পরিবর্তন",
        "এক্সচেঞ্জ বদল",
        "exchange replacement",
    ),
    "bkash": ("bkash bikash bikas বিকাশ", "বিকাশ", "bkash"),
    "nagad": ("nagad nogod nagod নগদ", "নগদ", "nagad"),
    "rocket": ("rocket roket রকেট", "রকেট", "rocket"),
    "wallet": ("wallet mfs mobile_banking মোবাইল_ব্যাংকিং", "মোবাইল ব্যাংকিং", "mobile wallet"),
    "deducted": (
        "deducted cut kete kateche katse keteche kata debited charged_twice double taka_kete কেটে কেটেছে কাটা",
        "কেটে কাটা",
        "deducted",
    ),
    "payment_failed": (
        "failed fail failure unsuccessful byartho hoyni payment_fail ব্যর্থ",
        "ব্যর্থ পেমেন্ট",
        "failed payment",
    ),
    "trxid": ("trxid trx transaction txn lenden ট্রানজেকশন লেনদেন", "ট্রানজেকশন TrxID", "transaction trxid"),
    "cod": (
        "cod cash_on_delivery cash hate haate ক্যাশ_অন_ডেলিভারি হাতে_হাতে",
        "ক্যাশ অন ডেলিভারি",
        "cash on delivery",
    ),
    "emi": ("emi installment instalment kisti kist কিস্তি ইএমআই", "ইএমআই কিস্তি", "emi installment"),
    "card": ("card visa mastercard amex kard কার্ড", "কার্ড", "card"),
    "late": ("late delayed delay deri dery দেরি", "দেরি", "late delay"),
    "delivery": (
        "delivery deliver shipping ship courier delivari deliveri dilivery ডেলিভারি কুরিয়ার",
        "ডেলিভারি",
        "delivery",
    ),
    "delivery_charge": (
        "charge fee cost shipping_cost kharch khoroch khorch charge চার্জ খরচ",
        "চার্জ খরচ",
        "charge fee",
    ),
    "outside_dhaka": (
        "outside_dhaka dhakar_baire baire bahire district jela gram village ঢাকার_বাইরে বাইরে জেলা গ্রাম",
        "ঢাকার বাইরে জেলা",
        "outside dhaka district",
    ),
    "inside_dhaka": (
        "inside_dhaka dhakar_vitore vitore bhitore ঢাকার_ভিতরে ভিতরে",
        "ঢাকার ভিতরে",
        "inside dhaka",
    ),
    "express": (
        "express fast quick same_day druto taratari tratari এক্সপ্রেস দ্রুত তাড়াতাড়ি",
        "এক্সপ্রেস দ্রুত",
        "express same-day",
    ),
    "free_delivery": ("free_delivery free fri ফ্রি ফ্রি_ডেলিভারি", "ফ্রি", "free"),
    "area": ("area coverage available deliver_to এলাকা কোন_এলাকায়", "এলাকা", "area areas"),
    "otp": ("otp code kod verification sms_code ওটিপি কোড", "ওটিপি কোড", "otp code"),
    "password": (
        "password pasword passward pin reset forgot vule_gesi bhule_gechi ভুলে_গেছি পাসওয়ার্ড",
        "পাসওয়ার্ড",
        "password",
    ),
    "account": (
        "account acount akaunt login log_in sign_in signin profile অ্যাকাউন্ট লগইন",
        "অ্যাকাউন্ট লগইন",
        "account sign",
    ),
    "blocked": ("blocked block locked hacked hack ব্লক হ্যাক লক", "ব্লক হ্যাক", "blocked hacked"),
    "phone_number": (
        "mobile_number phone_number number_change nombor nambar মোবাইল_নম্বর নম্বর",
        "মোবাইল নম্বর",
        "mobile number",
    ),
    "voucher": (
        "voucher vaucher coupon kupon cupon promo promocode code_kaj discount chhar ভাউচার কুপন ছাড়",
        "ভাউচার কুপন",
        "voucher coupon",
    ),
    "cashback": ("cashback kashback ক্যাশব্যাক", "ক্যাশব্যাক", "cashback"),
    "seller": (
        "seller vendor shop dokan dokandar bikreta merchant sell বিক্রেতা দোকান সেলার",
        "বিক্রেতা সেলার",
        "seller",
    ),
    "damaged": (
        "damaged broken bhanga vanga nosto kharap defective faulty torn not_working stopped_working "
        "kaj_kore_na ভাঙা নষ্ট খারাপ ত্রুটিপূর্ণ কাজ_করছে_না",
        "ভাঙা নষ্ট ত্রুটিপূর্ণ",
        "damaged defective",
    ),
    "wrong_item": (
        "wrong different bhul vul onno_jinish mismatch ভুল অন্য_পণ্য",
        "ভুল পণ্য",
        "wrong item",
    ),
    "missing": ("missing incomplete kom_pelam parts পাইনি অনুপস্থিত", "অনুপস্থিত পাইনি", "missing"),
    "cancel": ("cancel cancellation batil bathil বাতিল ক্যানসেল", "বাতিল", "cancel"),
    "track": (
        "track tracking trek where_is kothay_ache status obostha ট্র্যাক কোথায়_আছে অবস্থা",
        "ট্র্যাক অবস্থা",
        "track status",
    ),
    "address": ("address thikana thikana_change ঠিকানা", "ঠিকানা", "address"),
    "rights": (
        "rights adhikar odhikar law guideline dcog government consumer vokta bhokta অধিকার নীতিমালা ভোক্তা",
        "অধিকার নীতিমালা",
        "rights guideline",
    ),
    "complaint": (
        "complaint complain abhijog obhijog ovijog অভিযোগ",
        "অভিযোগ",
        "complaint",
    ),
    "policy": ("policy policies rules niyom niom niti nitimala নিয়ম নীতি শর্ত", "নীতি নিয়ম", "policy"),
    "warranty": ("warranty guarantee oyarenti ওয়ারেন্টি গ্যারান্টি", "ওয়ারেন্টি", "warranty"),
    "fake": ("fake counterfeit original nokol asol নকল আসল", "নকল আসল", "counterfeit original"),
    "invoice": ("invoice receipt bill vat রসিদ ইনভয়েস", "ইনভয়েস রসিদ", "invoice receipt"),
}


@dataclass(frozen=True)
class Concept:
    """A help topic's words: what triggers it (raw words/phrases) and the words to search for."""

    name: str
    triggers: tuple[tuple[str, ...], ...]  # each trigger: the raw words that must all appear
    bn_words: tuple[str, ...]
    en_words: tuple[str, ...]


def load_concepts() -> list[Concept]:
    """The keyword map as Concept records (underscores join the words of one trigger phrase)."""
    concepts = []
    for name, (triggers, bn, en) in _CONCEPTS.items():
        concepts.append(
            Concept(
                name=name,
                triggers=tuple(tuple(t.split("_")) for t in triggers.split()),
                bn_words=tuple(bn.split()),
                en_words=tuple(en.split()),
            )
        )
    return concepts
