"""Hand-made lexicons: cross-script concept words and the Banglish/English word lists for language detection.

CONCEPTS maps the folded form of a word, in Bengali script, Banglish or English, to one concept name,
so that `অর্ডার`, `ordar` and `order` share a feature (the model then transfers what it learns in one
script to the others). Keys are folded with the same `fold_token` the features use.
"""

from __future__ import annotations

from pathlib import Path

from backend.bot.nlu.normalize import fold_token, normalize_text

_CONCEPT_WORDS: dict[str, str] = {
    "order": "order ordar odar ordr oder ordering orders অর্ডার অডার অর্ডারটা অর্ডারের purchase",
    "cancel": "cancel cancle cansel kansel cancellation cancelled canceled ক্যান্সেল ক্যানসেল বাতিল batil",
    "refund": "refund rifund refand refunded reimbursement রিফান্ড রিফান্ডের",
    "return": "return ritarn retarn returned exchange ferot ferat phert ফেরত রিটার্ন এক্সচেঞ্জ বদলে",
    "money": "taka tk money poisa টাকা পয়সা",
    "mfs": "bkash bikash bkas bikas nagad nogod rocket roket upay বিকাশ নগদ রকেট উপায়",
    "card": "card visa mastercard কার্ড ভিসা",
    "payment": "payment pement paymnt pay paid pay korsi পেমেন্ট পেমেন্টে পে",
    "trxid": "trxid trx txn transaction ট্রানজেকশন ট্রানজ্যাকশন",
    "delivery": "delivery deliveri delivary dlvry shipping shipment courier ডেলিভারি ডেলিভেরি কুরিয়ার শিপিং",
    "address": "address adress addres adres thikana ঠিকানা এড্রেস অ্যাড্রেস ঠিকানাটা",
    "phone": "phone fone mobile ফোন মোবাইল",
    "account": "account acount accaunt একাউন্ট অ্যাকাউন্ট অ্যাকাউন্টে আইডি profile প্রোফাইল",
    "password": "password pasword passward pass pin পাসওয়ার্ড পিন",
    "otp": "otp ওটিপি verification ভেরিফিকেশন",
    "login": "login signin লগইন লগ",
    "promo": "coupon cupon kupon voucher vaucher promo promocode cashback offer discount "
    "কুপন ভাউচার প্রোমো ক্যাশব্যাক অফার ডিসকাউন্ট ছাড়",
    "human": "agent human manush person representative operator এজেন্ট মানুষ প্রতিনিধি",
    "call": "call callback কল",
    "damaged": "damage damaged broken venge vanga bhanga defective nosto fata ভাঙা ভাঙ্গা নষ্ট ফাটা ত্রুটিপূর্ণ",
    "wrong": "wrong vul bhul ভুল",
    "fake": "fake nokol duplicate copy নকল ডুপ্লিকেট",
    "missing": "missing kom কম মিসিং",
    "thanks": "thanks thank thx tnx ty dhonnobad donnobad dhonyobad shukriya jazakallah ধন্যবাদ শুকরিয়া",
    "bye": "bye goodbye allahhafez khodahafez বিদায় আল্লাহ_হাফেজ খোদা_হাফেজ",
    "hello": "hi hello hlw helo hey salam assalamualaikum slm adab namaskar nomoskar "
    "হাই হ্যালো সালাম আসসালামু আদাব নমস্কার",
    "where": "kothay kothai kotai koi where কোথায় কই",
    "complaint": "complaint complain ovijog obhijog nalish অভিযোগ নালিশ",
    "bad": "worst bad baje faltu kharap jghonno terrible horrible awful বাজে ফালতু খারাপ জঘন্য",
    "good": "good valo bhalo great excellent darun awesome osadharon ভালো ভাল দারুণ অসাধারণ চমৎকার",
    "late": "late deri delay delayed দেরি দেরী",
    "product": "product prodak item parcel jinis mal পণ্য প্রোডাক্ট জিনিস পার্সেল মাল",
    "change": "change chenge update edit modify poriborton bodlate পরিবর্তন আপডেট বদলাতে চেঞ্জ",
    "cod": "cod cash ক্যাশ",
    "emi": "emi installment kisti কিস্তি ইএমআই",
    "charge": "charge fee khoroch চার্জ ফি খরচ",
    "deducted": "deducted deduct cut kete ketese katse keteche kata kete_nise কেটেছে কেটে কাটছে কাটা কেটেছে",
    "twice": "twice double duibar dui_bar দুইবার ডাবল",
    "rude": "rude beyadob beyadobi oshobbo asobbo behave behavior ব্যবহার বেয়াদব বেয়াদবি অসভ্য আচরণ",
    "size": "size fit saiz সাইজ মাপ",
    "weather": "weather abohawa bristi rain temperature আবহাওয়া বৃষ্টি তাপমাত্রা",
    "sports": "cricket football khela match ক্রিকেট ফুটবল খেলা ম্যাচ",
    "cooking": "recipe ranna cook রেসিপি রান্না",
    "job": "job chakri career internship cv চাকরি চাকরির জব সিভি",
    "joke": "joke jokes koutuk golpo কৌতুক জোকস গল্প",
    "received": "received got paisi peyechi pelam pailam পেয়েছি পেলাম পাইছি",
    "never": "never kokhono konodin কখনো",
    "when": "kobe kokhon when কবে কখন",
}


def _concept_key(word: str) -> str:
    return fold_token(normalize_text(word.replace("_", " ")).split(" ")[0])


CONCEPTS: dict[str, str] = {
    _concept_key(word): concept for concept, words in _CONCEPT_WORDS.items() for word in words.split()
}

_WORDLISTS = Path(__file__).resolve().parent / "wordlists"


def _wordlist(name: str) -> frozenset[str]:
    lines = (_WORDLISTS / name).read_text(encoding="utf-8").splitlines()
    return frozenset(w for line in lines if not line.startswith("#") for w in line.split())


# The language detector's lexicon feature: the share of a Latin message's words found in each list.
BANGLISH_WORDS: frozenset[str] = _wordlist("banglish.txt")
ENGLISH_WORDS: frozenset[str] = _wordlist("english.txt")
