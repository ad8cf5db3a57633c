"""Banglish (Bengali in Latin letters): a casual-spelling lexicon, rule transliteration, phonetic keys."""

from __future__ import annotations

import re
from functools import lru_cache

from backend.knowledge.text.bengali import indic_normalize

# Casual spellings customers type, to the Bengali word they mean. Rules alone get these wrong
# (`kothay` is কোথায়, not কথায়), and they are the words help-centre questions are made of.
LEXICON: dict[str, str] = {
    "ami": "আমি",
    "amar": "আমার",
    "amake": "আমাকে",
    "apnar": "আপনার",
    "apni": "আপনি",
    "tumi": "তুমি",
    "ki": "কি",
    "kii": "কি",
    "kivabe": "কিভাবে",
    "kibhabe": "কিভাবে",
    "kemne": "কেমনে",
    "kmne": "কেমনে",
    "keno": "কেন",
    "kno": "কেন",
    "kn": "কেন",
    "kobe": "কবে",
    "koto": "কত",
    "kotodin": "কতদিন",
    "kotodine": "কতদিনে",
    "koydin": "কয়দিন",
    "koidin": "কয়দিন",
    "kothay": "কোথায়",
    "kothai": "কোথায়",
    "kotha": "কোথা",
    "kon": "কোন",
    "konta": "কোনটা",
    "kokhon": "কখন",
    "kokhn": "কখন",
    "taka": "টাকা",
    "takar": "টাকার",
    "tk": "টাকা",
    "poisa": "পয়সা",
    "ferot": "ফেরত",
    "ferat": "ফেরত",
    "phert": "ফেরত",
    "pherot": "ফেরত",
    "frt": "ফেরত",
    "ferod": "ফেরত",
    "fert": "ফেরত",
    "feroth": "ফেরত",
    "bkash": "বিকাশ",
    "bikash": "বিকাশ",
    "bikas": "বিকাশ",
    "bekash": "বিকাশ",
    "nagad": "নগদ",
    "nogod": "নগদ",
    "nagod": "নগদ",
    "rocket": "রকেট",
    "roket": "রকেট",
    "kete": "কেটে",
    "katse": "কেটেছে",
    "kateche": "কেটেছে",
    "ketese": "কেটেছে",
    "keteche": "কেটেছে",
    "kata": "কাটা",
    "kate": "কাটে",
    "pabo": "পাবো",
    "pab": "পাবো",
    "paini": "পাইনি",
    "pai": "পাই",
    "pacchi": "পাচ্ছি",
    "pachi": "পাচ্ছি",
    "pelam": "পেলাম",
    "paba": "পাবো",
    "pawa": "পাওয়া",
    "paowa": "পাওয়া",
    "dibo": "দিবো",
    "diben": "দিবেন",
    "dibe": "দিবে",
    "den": "দেন",
    "din": "দিন",
    "dilam": "দিলাম",
    "disi": "দিয়েছি",
    "diyechi": "দিয়েছি",
    "dise": "দিয়েছে",
    "korbo": "করবো",
    "korbe": "করবে",
    "korte": "করতে",
    "kore": "করে",
    "korechi": "করেছি",
    "korsi": "করেছি",
    "korlam": "করলাম",
    "koren": "করেন",
    "hobe": "হবে",
    "hoy": "হয়",
    "hoi": "হয়",
    "hoyni": "হয়নি",
    "hoyeche": "হয়েছে",
    "hoise": "হয়েছে",
    "hocche": "হচ্ছে",
    "hosse": "হচ্ছে",
    "ache": "আছে",
    "ase": "আছে",
    "nai": "নাই",
    "nei": "নেই",
    "na": "না",
    "r": "আর",
    "ar": "আর",
    "jabe": "যাবে",
    "jay": "যায়",
    "jai": "যায়",
    "jacche": "যাচ্ছে",
    "jasse": "যাচ্ছে",
    "gese": "গেছে",
    "geche": "গেছে",
    "ashe": "আসে",
    "asche": "আসছে",
    "ashbe": "আসবে",
    "asbe": "আসবে",
    "ashenai": "আসেনি",
    "ashe nai": "আসেনি",
    "aseni": "আসেনি",
    "asheni": "আসেনি",
    "pouchay": "পৌঁছায়",
    "pouchabe": "পৌঁছাবে",
    "paisi": "পেয়েছি",
    "peyechi": "পেয়েছি",
    "bhul": "ভুল",
    "vul": "ভুল",
    "bhanga": "ভাঙা",
    "vanga": "ভাঙা",
    "nosto": "নষ্ট",
    "noshto": "নষ্ট",
    "kharap": "খারাপ",
    "kharab": "খারাপ",
    "jinish": "জিনিস",
    "jinis": "জিনিস",
    "pondo": "পণ্য",
    "ponno": "পণ্য",
    "ponyo": "পণ্য",
    "product": "প্রোডাক্ট",
    "order": "অর্ডার",
    "ordar": "অর্ডার",
    "oder": "অর্ডার",
    "delivery": "ডেলিভারি",
    "delivari": "ডেলিভারি",
    "deliveri": "ডেলিভারি",
    "dilivery": "ডেলিভারি",
    "refund": "রিফান্ড",
    "rifund": "রিফান্ড",
    "return": "রিটার্ন",
    "ritarn": "রিটার্ন",
    "cancel": "বাতিল",
    "batil": "বাতিল",
    "bathil": "বাতিল",
    "exchange": "এক্সচেঞ্জ",
    "bodle": "বদলে",
    "bodlate": "বদলাতে",
    "bodlano": "বদলানো",
    "poriborton": "পরিবর্তন",
    "change": "পরিবর্তন",
    "thikana": "ঠিকানা",
    "thikana.": "ঠিকানা",
    "address": "ঠিকানা",
    "charge": "চার্জ",
    "kharch": "খরচ",
    "khoroch": "খরচ",
    "khorch": "খরচ",
    "dam": "দাম",
    "dhaka": "ঢাকা",
    "dhakar": "ঢাকার",
    "baire": "বাইরে",
    "bahire": "বাইরে",
    "vitore": "ভিতরে",
    "bhitore": "ভিতরে",
    "vetore": "ভিতরে",
    "gram": "গ্রাম",
    "jela": "জেলা",
    "shohor": "শহর",
    "sohor": "শহর",
    "dine": "দিনে",
    "ghonta": "ঘণ্টা",
    "ghontar": "ঘণ্টার",
    "shomoy": "সময়",
    "somoy": "সময়",
    "deri": "দেরি",
    "deri.": "দেরি",
    "late": "দেরি",
    "tratari": "তাড়াতাড়ি",
    "taratari": "তাড়াতাড়ি",
    "druto": "দ্রুত",
    "free": "ফ্রি",
    "fri": "ফ্রি",
    "kisti": "কিস্তি",
    "kist": "কিস্তি",
    "emi": "ইএমআই",
    "card": "কার্ড",
    "kard": "কার্ড",
    "voucher": "ভাউচার",
    "vaucher": "ভাউচার",
    "coupon": "কুপন",
    "kupon": "কুপন",
    "cupon": "কুপন",
    "cashback": "ক্যাশব্যাক",
    "kashback": "ক্যাশব্যাক",
    "chhar": "ছাড়",
    "char": "ছাড়",
    "sar": "ছাড়",
    "discount": "ছাড়",
    "offer": "অফার",
    "ofar": "অফার",
    "account": "অ্যাকাউন্ট",
    "acount": "অ্যাকাউন্ট",
    "akaunt": "অ্যাকাউন্ট",
    "login": "লগইন",
    "log": "লগ",
    "password": "পাসওয়ার্ড",
    "pasword": "পাসওয়ার্ড",
    "passward": "পাসওয়ার্ড",
    "otp": "ওটিপি",
    "code": "কোড",
    "kod": "কোড",
    "mobile": "মোবাইল",
    "nombor": "নম্বর",
    "number": "নম্বর",
    "nambar": "নম্বর",
    "seller": "বিক্রেতা",
    "bikreta": "বিক্রেতা",
    "dokan": "দোকান",
    "dokandar": "দোকানদার",
    "track": "ট্র্যাক",
    "trek": "ট্র্যাক",
    "kothay ache": "কোথায় আছে",
    "obostha": "অবস্থা",
    "abostha": "অবস্থা",
    "status": "স্ট্যাটাস",
    "cash": "ক্যাশ",
    "kesh": "ক্যাশ",
    "hate": "হাতে",
    "haate": "হাতে",
    "payment": "পেমেন্ট",
    "pement": "পেমেন্ট",
    "pay": "পে",
    "bill": "বিল",
    "fail": "ব্যর্থ",
    "failed": "ব্যর্থ",
    "byartho": "ব্যর্থ",
    "hoyni.": "হয়নি",
    "trxid": "ট্রানজেকশন",
    "transaction": "ট্রানজেকশন",
    "lenden": "লেনদেন",
    "abhijog": "অভিযোগ",
    "obhijog": "অভিযোগ",
    "ovijog": "অভিযোগ",
    "complain": "অভিযোগ",
    "adhikar": "অধিকার",
    "odhikar": "অধিকার",
    "niyom": "নিয়ম",
    "niom": "নিয়ম",
    "nitimala": "নীতিমালা",
    "shorkar": "সরকার",
    "sorkar": "সরকার",
    "vokta": "ভোক্তা",
    "bhokta": "ভোক্তা",
    "gift": "গিফট",
    "upohar": "উপহার",
    "size": "সাইজ",
    "saiz": "সাইজ",
    "rong": "রং",
    "rang": "রং",
    "mil": "মিল",
    "mile": "মিলে",
    "milena": "মিলে না",
    "bondho": "বন্ধ",
    "bondo": "বন্ধ",
    "block": "ব্লক",
    "blok": "ব্লক",
    "hack": "হ্যাক",
    "hek": "হ্যাক",
    "email": "ইমেইল",
    "imel": "ইমেইল",
    "nam": "নাম",
    "naam": "নাম",
    "agent": "এজেন্ট",
    "help": "সাহায্য",
    "sahajjo": "সাহায্য",
    "shahajjo": "সাহায্য",
    "express": "এক্সপ্রেস",
    "same": "একই",
    "ajke": "আজকে",
    "aj": "আজ",
    "kal": "কাল",
    "kalke": "কালকে",
    "guarantee": "গ্যারান্টি",
    "warranty": "ওয়ারেন্টি",
    "oyarenti": "ওয়ারেন্টি",
    "original": "আসল",
    "asol": "আসল",
    "nokol": "নকল",
    "fake": "নকল",
    "box": "বক্স",
    "packet": "প্যাকেট",
    "paket": "প্যাকেট",
    "khola": "খোলা",
    "khule": "খুলে",
    "dekhe": "দেখে",
    "niye": "নিয়ে",
    "nibo": "নিবো",
    "nite": "নিতে",
    "rider": "রাইডার",
    "courier": "কুরিয়ার",
    "kurier": "কুরিয়ার",
    "phone": "ফোন",
    "fon": "ফোন",
    "bank": "ব্যাংক",
    "vat": "ভ্যাট",
    "mullo": "মূল্য",
    "porishodh": "পরিশোধ",
    "porishod": "পরিশোধ",
}

SUFFIXES = ("gulo", "guli", "gula", "der", "ke", "te", "ta", "ti", "er", "ra", "re", "e", "r")

# Digraphs first: the longest spelling wins ("sh" before "s").
_CONSONANTS: tuple[tuple[str, str], ...] = (
    ("kkh", "ক্ষ"),
    ("ksh", "ক্ষ"),
    ("chh", "ছ"),
    ("ng", "ং"),
    ("kh", "খ"),
    ("gh", "ঘ"),
    ("ch", "চ"),
    ("jh", "ঝ"),
    ("th", "থ"),
    ("dh", "ধ"),
    ("ph", "ফ"),
    ("bh", "ভ"),
    ("sh", "শ"),
    ("rh", "ড়"),
    ("k", "ক"),
    ("g", "গ"),
    ("c", "ক"),
    ("j", "জ"),
    ("z", "জ"),
    ("t", "ট"),
    ("d", "ড"),
    ("n", "ন"),
    ("p", "প"),
    ("f", "ফ"),
    ("b", "ব"),
    ("v", "ভ"),
    ("m", "ম"),
    ("y", "য়"),
    ("r", "র"),
    ("l", "ল"),
    ("s", "স"),
    ("h", "হ"),
    ("q", "ক"),
    ("x", "ক্স"),
    ("w", "ও"),
)
# Dental t/d are the usual guess inside words (ferot, nagad); retroflex at the start (taka, delivery).
_MEDIAL = {"ট": "ত", "ড": "দ"}
_VOWELS: tuple[tuple[str, str, str], ...] = (  # spelling, independent letter, vowel sign
    ("aa", "আ", "া"),
    ("ai", "াই", "াই"),
    ("oi", "ৈ", "ৈ"),
    ("ou", "ৌ", "ৌ"),
    ("ee", "ী", "ী"),
    ("oo", "ু", "ু"),
    ("a", "আ", "া"),
    ("i", "ই", "ি"),
    ("u", "উ", "ু"),
    ("e", "এ", "ে"),
    ("o", "অ", ""),
)
_INDEPENDENT_FIX = {"ৈ": "ঐ", "ৌ": "ঔ", "ী": "ঈ", "ু": "উ", "াই": "আই"}


@lru_cache(maxsize=20_000)
def transliterate_word(word: str) -> str:
    """A Latin-letter Bengali word in Bengali script: the lexicon first, then phonetic rules."""
    word = word.lower()
    if word in LEXICON:
        return LEXICON[word]
    for suffix, bengali_suffix in (("er", "ের"), ("e", "ে"), ("te", "তে"), ("ke", "কে"), ("r", "র")):
        base = word[: -len(suffix)]
        if word.endswith(suffix) and len(base) >= 3 and base in LEXICON:
            stem_bn = LEXICON[base]
            if stem_bn.endswith("া") and suffix == "er":
                bengali_suffix = "র"  # takar -> টাকার, not টাকাের
            return stem_bn + bengali_suffix
    return _rules(word)


def _rules(word: str) -> str:
    out: list[str] = []
    i = 0
    after_consonant = False
    while i < len(word):
        matched = False
        for spelling, letter in _CONSONANTS:
            if word.startswith(spelling, i):
                if after_consonant and out:
                    out.append("্")  # two consonants in a row form a conjunct
                out.append(_MEDIAL.get(letter, letter) if i > 0 else letter)
                i += len(spelling)
                after_consonant = True
                matched = True
                break
        if matched:
            continue
        for spelling, independent, sign in _VOWELS:
            if word.startswith(spelling, i):
                if after_consonant:
                    # word-final "o" after a consonant is written as ো (kobe, pabo); medial "o" is inherent
                    if spelling == "o" and i + 1 == len(word):
                        out.append("ো")
                    else:
                        out.append(sign)
                else:
                    out.append(_INDEPENDENT_FIX.get(independent, independent))
                i += len(spelling)
                after_consonant = False
                matched = True
                break
        if not matched:
            out.append(word[i])
            i += 1
            after_consonant = False
    text = "".join(out)
    return text[:-1] if text.endswith("্") else text


def transliterate(text: str) -> str:
    """Every Latin-letter word of `text` transliterated; other characters kept."""
    return re.sub(r"[A-Za-z]+", lambda m: transliterate_word(m.group(0)), text)


# --- phonetic keys: Banglish and Bengali words meet on a consonant skeleton -------------------------

_ROMAN = {
    "ক": "k",
    "খ": "k",
    "গ": "g",
    "ঘ": "g",
    "ঙ": "n",
    "ং": "n",
    "চ": "ch",
    "ছ": "ch",
    "জ": "j",
    "ঝ": "j",
    "ঞ": "n",
    "ট": "t",
    "ঠ": "t",
    "ড": "d",
    "ঢ": "d",
    "ণ": "n",
    "ত": "t",
    "থ": "t",
    "দ": "d",
    "ধ": "d",
    "ন": "n",
    "প": "p",
    "ফ": "f",
    "ব": "b",
    "ভ": "b",
    "ম": "m",
    "য": "j",
    "র": "r",
    "ল": "l",
    "শ": "s",
    "ষ": "s",
    "স": "s",
    "হ": "h",
    "\u09dc": "r",
    "\u09dd": "r",
    "\u09df": "y",
    "ৎ": "t",
    "ঃ": "",
    "ঁ": "",
    "অ": "a",
    "আ": "a",
    "া": "a",
    "ই": "i",
    "ঈ": "i",
    "ি": "i",
    "ী": "i",
    "উ": "u",
    "ঊ": "u",
    "ু": "u",
    "ূ": "u",
    "ঋ": "ri",
    "ৃ": "ri",
    "এ": "e",
    "ে": "e",
    "ঐ": "oi",
    "ৈ": "oi",
    "ও": "o",
    "ো": "o",
    "ঔ": "ou",
    "ৌ": "ou",
    "্": "",
}
_LATIN_FOLD: tuple[tuple[str, str], ...] = (
    ("sh", "s"),
    ("ch", "C"),
    ("kh", "k"),
    ("gh", "g"),
    ("th", "t"),
    ("dh", "d"),
    ("ph", "f"),
    ("bh", "b"),
    ("jh", "j"),
    ("ck", "k"),
    ("ce", "se"),
    ("ci", "si"),
    ("c", "k"),
    ("z", "j"),
    ("v", "b"),
    ("q", "k"),
    ("x", "ks"),
    ("w", ""),
)
_VOWEL_LETTERS = set("aeiou")


def romanize(bengali_word: str) -> str:
    """A rough Latin reading of a Bengali word (only for phonetic keys)."""
    return "".join(_ROMAN.get(ch, "") for ch in indic_normalize(bengali_word))


def phonetic_key(latin: str) -> str:
    """Consonant skeleton: aspirates and look-alike sounds folded, vowels and doubles dropped."""
    s = latin if latin.islower() else latin.lower()
    for a, b in _LATIN_FOLD:
        s = s.replace(a, b)
    key: list[str] = []
    for i, ch in enumerate(s):
        if ch in _VOWEL_LETTERS or not ch.isalpha():
            continue
        # y is a consonant only word-finally after a vowel (kothay); elsewhere it is a glide or "i"
        if ch == "y" and (i != len(s) - 1 or i == 0 or s[i - 1] not in _VOWEL_LETTERS):
            continue
        if ch == "h" and key:
            continue
        if key and key[-1] == ch:
            continue
        key.append(ch)
    return "".join(key)


def vowel_shape(latin: str) -> str:
    """The word with a/o folded together (customers mix them: taka/toka); ranks key collisions."""
    s = latin.lower()
    for a, b in _LATIN_FOLD:
        s = s.replace(a, b)
    return s.replace("o", "a").replace("y", "i").replace("h", "")


# Words that only a Banglish query uses (English ones are in the English stop words or vocabulary).
BANGLISH_MARKERS = frozenset(
    """ami amar amake apnar apni ki kivabe kibhabe kemne kmne keno kno kobe koto kotodin kotodine koydin
    koidin kothay kothai kon konta kokhon kokhn taka takar ferot ferat pherot pabo paini pai pacchi pachi
    pelam dibo diben dibe den dilam disi dise korbo korbe korte kore korechi korsi korlam hobe hoy hoi
    hoyni hoyeche hoise hocche hosse ache ase nai nei na jabe jay jai jacche gese geche ashe asche ashbe
    asbe aseni asheni paisi peyechi bhul vul bhanga vanga nosto kharap jinish jinis pondo ponno bodle
    bodlate thikana kharch khoroch dam dhakar baire bahire vitore bhitore shohor sohor dine ghonta shomoy
    somoy deri taratari druto kisti nombor bikreta dokan obostha hate haate lenden abhijog obhijog ovijog
    adhikar odhikar niyom nitimala vokta bhokta mile milena bondho bondo sahajjo ajke kalke asol nokol
    khola khule dekhe niye nibo nite kete katse kateche keteche kata bikash nogod vai bhai
    chai chay lagbe lage lagche korse
    kintu ekhono hoilo gelo pete dibe nibe disilo chilam basay jinis kemon valo bhalo e o theke niti
    niom niyom parbo parchi dhukte
    apu bhaiya plz pls er te ke ta ti re diye diya dite deya dewa newa neya kothay""".split()  # noqa: SIM905
)


def banglish_score(tokens: list[str]) -> float:
    """Share of Latin tokens that only Banglish uses (0.0-1.0)."""
    if not tokens:
        return 0.0
    return sum(1 for t in tokens if t in BANGLISH_MARKERS) / len(tokens)


def banglish_variants(word: str) -> list[str]:
    """The word and its forms without a Banglish case/plural ending (takar -> taka, orderer -> order)."""
    variants = [word]
    for suffix in SUFFIXES:
        base = word[: -len(suffix)]
        if word.endswith(suffix) and len(base) >= 3:
            variants.append(base)
    return variants
