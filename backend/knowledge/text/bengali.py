"""Bengali analysis as Lucene's `bengali` analyzer does it: digits, normalisation, stop words, stemmer."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

HASANTA = "\u09cd"
NUKTA = "\u09bc"
ZWJ = "\u200d"
ZWNJ = "\u200c"

_DIGITS = {ord(c): str(i) for i, c in enumerate("০১২৩৪৫৬৭৮৯")}

# Lucene IndicNormalizer's Bengali compositions (NFC leaves some, and decomposes য়/ড়/ঢ়).
_COMPOSITIONS: tuple[tuple[str, str], ...] = (
    ("\u0985\u09be", "\u0986"),  # অ + া -> আ
    ("\u09a1\u09bc", "\u09dc"),  # ড + ় -> ড়
    ("\u09a2\u09bc", "\u09dd"),  # ঢ + ় -> ঢ়
    ("\u09af\u09bc", "\u09df"),  # য + ় -> য়
    ("\u09a4\u09cd\u200d", "\u09ce"),  # ত + ্ + ZWJ -> ৎ
    ("\u09c7\u09be", "\u09cb"),  # ে + া -> ো
    ("\u09c7\u09d7", "\u09cc"),  # ে + ৗ -> ৌ
)


def fold_digits(text: str) -> str:
    """Bengali decimal digits ০-৯ to ASCII 0-9 (Lucene's DecimalDigitFilter)."""
    return text.translate(_DIGITS)


def indic_normalize(text: str) -> str:
    """Compose what Lucene's IndicNormalizer composes; ZWJ/ZWNJ left over are dropped."""
    text = unicodedata.normalize("NFC", text)
    for decomposed, composed in _COMPOSITIONS:
        text = text.replace(decomposed, composed)
    return text.replace(ZWJ, "").replace(ZWNJ, "")


def bengali_normalize(word: str) -> str:
    """Lucene's BengaliNormalizer on one token (spelling variants people mix up collapse together)."""
    s = list(word)
    i = 0
    while i < len(s):
        c = s[i]
        if c == "\u0981":  # chandrabindu: dropped
            del s[i]
            continue
        if c == "\u09c0":  # dirgho-i kar -> rosho-i kar
            s[i] = "\u09bf"
        elif c == "\u09c2":  # dirgho-u kar -> rosho-u kar
            s[i] = "\u09c1"
        elif c == "\u0995" and i + 2 < len(s) and s[i + 1] == HASANTA and s[i + 2] == "\u09b7":
            # khio (ক্ষ) sounds like খ: word-initial becomes খ, elsewhere কখ
            if i == 0:
                s[i : i + 3] = ["\u0996"]
            else:
                s[i + 1 : i + 3] = ["\u0996"]
        elif c == "\u0999":  # ঙ -> ং
            s[i] = "\u0982"
        elif c == "\u09af" and i >= 1 and s[i - 1] == HASANTA:  # ya-phala
            if i == 2:
                # word-initial ব্যা / ব্য sound like বে: ্য becomes ে and a following া goes
                s[i - 1] = "\u09c7"
                if i + 1 < len(s) and s[i + 1] == "\u09be":
                    del s[i + 1]
                del s[i]
                i -= 1
            else:
                del s[i - 1 : i + 1]
                i -= 2
        elif c == "\u09ac" and i >= 1 and s[i - 1] == HASANTA:  # ba-phala
            if i == 2 or (i >= 5 and s[i - 3] == HASANTA):
                del s[i - 1 : i + 1]
                i -= 2
            else:
                # the consonant is doubled instead (বিশ্ব -> বিশশ)
                s[i - 1] = s[i - 2]
                del s[i]
                i -= 1
        elif c == "\u0983":  # visarga
            if i == len(s) - 1:
                if len(s) <= 3:
                    s[i] = "\u09b9"
                else:
                    del s[i]
                    continue
            else:
                s[i] = s[i + 1]
        elif c in ("\u09b6", "\u09b7"):  # শ, ষ -> স
            s[i] = "\u09b8"
        elif c == "\u09a3":  # ণ -> ন
            s[i] = "\u09a8"
        elif c in ("\u09dc", "\u09dd"):  # ড়, ঢ় -> র
            s[i] = "\u09b0"
        elif c == "\u09ce":  # ৎ -> ত
            s[i] = "\u09a4"
        i = max(i + 1, 0)
    return "".join(s)


# Suffixes by length, longest first (after normalisation, so ী/ূ/শ/ষ are already folded). A suffix is
# stripped only when the token is longer than the suffix + 1, as in Lucene's BengaliStemmer.
_SUFFIXES: tuple[tuple[str, ...], ...] = (
    ("িয়াছিলাম", "িতেছিলাম", "িতেছিলেন", "ইতেছিলেন", "িয়াছিলেন", "ইয়াছিলেন"),
    ("িতেছিস", "িতেছেন", "িয়াছিস", "িয়াছেন", "েছিলাম", "েছিলেন", "গুলোকে", "গুলিকে", "গুলোতে", "গুলিতে"),
    ("িয়াছি", "িতেছি", "িতেছে", "ছিলাম", "ছিলেন", "গুলোর", "গুলির", "েদেরকে", "দেরকে", "িয়েছি", "িয়েছে"),
    ("গুলো", "গুলি", "খানা", "খানি", "েদের", "িলাম", "িলেন", "েছেন", "য়েছে", "য়েছি", "িয়ে", "েছিল", "ছিলে", "িতাম"),
    (
        "দের",
        "টার",
        "টির",
        "য়ের",
        "েছি",
        "েছে",
        "িলে",
        "িলো",
        "লাম",
        "লেন",
        "বেন",
        "চ্ছি",
        "চ্ছে",
        "েরা",
        "কেই",
        "তেই",
    ),
    ("টা", "টি", "রা", "কে", "ের", "েন", "তে", "লে", "লো", "বে", "বো", "য়ে", "য়", "েই", "ও"),
    ("া", "ে", "ি", "ো", "ৈ", "র"),
)


_SUFFIXES = tuple(tuple(indic_normalize(x) for x in group) for group in _SUFFIXES)


def stem(word: str) -> str:
    """Strip the longest matching inflectional suffix (Lucene BengaliStemmer's rule of length)."""
    n = len(word)
    for group in _SUFFIXES:
        for suffix in group:
            if n > len(suffix) + 1 and word.endswith(suffix):
                return word[: n - len(suffix)]
    return word


# Lucene's Bengali stop words (the frequent function words), normalised like the tokens.
_STOP_WORDS_RAW = """
অতএব অথচ অথবা অনুযায়ী অনেক অনেকে অনেকেই অন্তত অন্য অবধি অবশ্য অর্থাত আই আগামী আগে আগেই আছে আজ
আদ্যভাগে আপনার আপনি আবার আমরা আমাকে আমাদের আমার আমি আর আরও ই ইত্যাদি ইহা উচিত উত্তর উনি উপর উপরে
এ এঁদের এঁরা এই একই একটি একবার একে এক্ এখন এখনও এখানে এখানেই এটা এটাই এটি এত এতটাই এতে এদের এব
এবং এবার এমন এমনকী এমনি এর এরা এল এস এসে ঐ ও ওঁদের ওঁর ওঁরা ওই ওকে ওখানে ওদের ওর ওরা কখনও কত কবে কমনে
কয়েক কয়েকটি করছে করছেন করতে করবে করবেন করলে করলেন করা করাই করায় করার করি করিতে করিয়া করিয়ে করে করেই
করেছিলেন করেছে করেছেন করেন কাউকে কাছ কাছে কাজ কাজে কারও কারণ কি কিংবা কিছু কিছুই কিন্তু কী কে কেউ কেউই
কেখা কেন কোটি কোন কোনও কোনো ক্ষেত্রে কয়েক খুব গিয়ে গিয়েছে গিয়ে গুলি গেছে গেল গেলে গোটা চলে চান চায়
চার চালু চেয়ে চেষ্টা ছাড়া ছাড়াও ছিল ছিলেন জন জনকে জনের জন্য জন্যওজে জানতে জানা জানানো জানায় জানিয়ে জানিয়েছে
জে জ্নজন টি ঠিক তখন তত তথা তবু তবে তা তাঁকে তাঁদের তাঁর তাঁরা তাঁাহারা তাই তাও তাকে তাতে তাদের তার তারপর
তারা তারৈ তাহলে তাহা তাহাতে তাহার তিনঐ তিনি তিনিও তুমি তুলে তেমন তো তোমার থাকবে থাকবেন থাকা থাকায় থাকে
থাকেন থেকে থেকেই থেকেও দিকে দিতে দিন দিয়ে দিয়েছে দিয়েছেন দিলেন দু দুই দুটি দুটো দেওয়া দেওয়ার দেওয়া দেখতে
দেখা দেখে দেন দেয় দ্বারা ধরা ধরে ধামার নতুন নয় না নাই নাকি নাগাদ নানা নিজে নিজেই নিজেদের নিজের নিতে নিয়ে
নিয়ে নেই নেওয়া নেওয়ার নেওয়া নয় পক্ষে পর পরে পরেই পরেও পর্যন্ত পাওয়া পাচ পারি পারে পারেন পি পেয়ে পেয়্র্
প্রতি প্রথম প্রভৃতি প্রযন্ত প্রাথমিক প্রায় প্রায় ফলে ফিরে ফের বক্তব্য বদলে বন বরং বলতে বলল বললেন বলা বলে বলেছেন
বলেন বসে বহু বা বাদে বার বি বিনা বিভিন্ন বিশেষ বিষয়টি বেশ বেশি ব্যবহার ব্যাপারে ভাবে ভাবেই মতো মতোই মধ্যভাগে
মধ্যে মধ্যেই মধ্যেও মনে মাত্র মাধ্যমে মোট মোটেই যখন যত যতটা যথেষ্ট যদি যদিও যা যাঁর যাঁরা যাওয়া যাওয়ার যাওয়া
যাকে যাচ্ছে যাতে যাদের যান যাবে যায় যার যারা যিনি যে যেখানে যেতে যেন যেমন র রকম রয়েছে রাখা রেখে লক্ষ শুধু শুরু
সঙ্গে সঙ্গেও সব সবার সমস্ত সম্প্রতি সহ সহিত সাধারণ সামনে সি সুতরাং সে সেই সেখান সেখানে সেটা সেটাই সেটাও সেটি
স্পষ্ট স্বয়ং করব করবো করলে কিভাবে কীভাবে কেমনে কোথায় কোথা চাই চাচ্ছি পারি পারব পারবো যাবে যাবো গেলে হবেনা
হয়নি দিচ্ছে দিচ্ছেন এটার ওটা সেটার আমার আমাদের আপনাদের তোমার হইতে হইবে হইয়া
হওয়া হওয়ায় হওয়ার হচ্ছে হত হতে হতেই হন হবে হবেন হয়
হয়তো হয়নি হয়ে হয়েই হয়েছিল
হয়েছে হয়েছেন হল হলে হলেই হলেও হলো হাজার হিসাবে হৈলে হোক হয়
"""

# Words customers use as the point of a question stay searchable even though Lucene lists some
# of them ("কবে" when, "কেন" why, "কাজ" work, "চালু" on): a help-centre query is short.
_KEEP = {"কবে", "কেন", "কাজ", "চালু", "ফেরত", "নতুন", "বদলে", "জানতে", "ফিরে", "উত্তর", "দিন", "টাকা"}


def _build_stop_words() -> frozenset[str]:
    words = set()
    for raw in _STOP_WORDS_RAW.split():
        if raw in _KEEP:
            continue
        words.add(bengali_normalize(indic_normalize(raw)))
    return frozenset(words)


STOP_WORDS = _build_stop_words()


@lru_cache(maxsize=100_000)
def analyze_word(word: str) -> str | None:
    """One Bengali token through normalisation, stop words and the stemmer (None: a stop word)."""
    normalized = bengali_normalize(indic_normalize(fold_digits(word)))
    if not normalized or normalized in STOP_WORDS:
        return None
    return stem(normalized)
