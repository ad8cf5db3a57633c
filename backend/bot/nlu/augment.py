"""Training-time variants of the team's own rows: the spellings and framings customers really type.

Each own bn/banglish training row gets one variant (seeded, deterministic): Banglish words swapped for
common spelling variants or written SMS-style without vowels, Bengali digits swapped with ASCII ones,
punctuation dropped, a polite/filler word added. A quarter of the own requests (all languages) also
get a greeting before or thanks after them, keeping their intent. Held-out rows are never augmented.
"""

from __future__ import annotations

import random
import re

from backend.bot.nlu.dataset import Row

_BANGLISH_VARIANTS: dict[str, tuple[str, ...]] = {
    "kothay": ("kothai", "kotai", "kothae", "kothy", "koi"),
    "kobe": ("kbe", "kobe nagad"),
    "amar": ("amr", "amar", "mor"),
    "vai": ("bhai", "bai", "vaia", "bro"),
    "bhai": ("vai", "vaiya", "bro"),
    "ache": ("ase", "achhe", "ace"),
    "nai": ("nei", "nay", "naai"),
    "hoy": ("hoi",),
    "hoise": ("hoyeche", "hoiche", "hoyse"),
    "hoyeche": ("hoise", "hoiche"),
    "korbo": ("krbo", "korbo"),
    "korte": ("krte", "korte"),
    "chai": ("cai", "chaai", "chaii"),
    "pabo": ("pbo", "pabo"),
    "taka": ("tk", "tka"),
    "tk": ("taka",),
    "please": ("plz", "pls", "plzz"),
    "plz": ("please", "pls"),
    "order": ("ordar", "odr", "ordr"),
    "delivery": ("dlvry", "delivary", "deliveri"),
    "refund": ("refnd", "rifund"),
    "ekhono": ("ekhno", "akhono", "ekhon"),
    "kivabe": ("kibhabe", "kemne", "kivbe"),
    "keno": ("kno", "kn"),
    "diben": ("diben", "dben", "deben"),
    "den": ("dn", "dao"),
    "bkash": ("bKash", "bikash", "Bkash"),
    "nagad": ("Nagad", "nogod"),
    "dhonnobad": ("donnobad", "dhonyobad", "dhonnyobad"),
}
_BN_DIGITS = str.maketrans("0123456789", "০১২৩৪৫৬৭৮৯")
_ASCII_DIGITS = str.maketrans("০১২৩৪৫৬৭৮৯", "0123456789")
_FILLERS_BANGLISH = ("vai", "plz", "apu", "ektu", "")
_FILLERS_BN = ("ভাই", "প্লিজ", "একটু", "আপু", "")
_PUNCT = re.compile(r"[?!.,।]+")
_VOWELS = re.compile(r"(?<=[bcdfghjklmnpqrstvwxz])[aeiou](?=[bcdfghjklmnpqrstvwxz])")


def _banglish_variant(text: str, rng: random.Random) -> str:
    words = text.split()
    out = []
    for word in words:
        key = word.lower().strip("?!.,")
        if key in _BANGLISH_VARIANTS and rng.random() < 0.6:
            out.append(rng.choice(_BANGLISH_VARIANTS[key]))
        elif len(key) > 4 and key.isalpha() and rng.random() < 0.15:
            out.append(_VOWELS.sub("", key, count=1))
        else:
            out.append(word)
    variant = " ".join(out)
    if rng.random() < 0.3:
        variant = f"{variant} {rng.choice(_FILLERS_BANGLISH)}".strip()
    return variant


def _bengali_variant(text: str, rng: random.Random) -> str:
    if any("0" <= ch <= "9" for ch in text) and rng.random() < 0.7:
        text = text.translate(_BN_DIGITS)
    elif any("০" <= ch <= "৯" for ch in text):
        text = text.translate(_ASCII_DIGITS)
    if rng.random() < 0.3:
        text = f"{text} {rng.choice(_FILLERS_BN)}".strip()
    return text


# Customers often open with a greeting or close with thanks; the request still decides the intent.
_OPENERS: dict[str, tuple[str, ...]] = {
    "bn": ("আসসালামু আলাইকুম,", "হ্যালো,", "সালাম ভাই,", "হাই,", "আদাব,"),
    "banglish": ("assalamu alaikum,", "hello,", "salam vai,", "hi,", "aslamualaikum vaia,"),
    "en": ("hi,", "hello,", "assalamu alaikum,", "good morning,", "hey,"),
}
_CLOSERS: dict[str, tuple[str, ...]] = {
    "bn": ("ধন্যবাদ", "প্লিজ একটু দেখবেন, ধন্যবাদ", "ধন্যবাদ ভাই"),
    "banglish": ("dhonnobad", "thanks vai", "ektu dekhben plz, thanks"),
    "en": ("thanks", "thank you", "pls help, thanks"),
}
_FRAMED_SKIP = {"greeting", "thanks_goodbye"}


def frame_rows(rows: list[Row], seed: int = 0, share: float = 0.25) -> tuple[list[Row], list[int]]:
    """Variants of a share of the team's own requests with a greeting before or thanks after them,
    and for each the index of its original row."""
    rng = random.Random(seed + 2)
    out: list[Row] = []
    origins: list[int] = []
    for index, row in enumerate(rows):
        if row.source != "seba" or row.label in _FRAMED_SKIP or rng.random() >= share:
            continue
        if rng.random() < 0.6:
            text = f"{rng.choice(_OPENERS[row.language])} {row.text}"
        else:
            text = f"{row.text.rstrip()} {rng.choice(_CLOSERS[row.language])}"
        out.append(Row(text, row.label, row.language, "seba:framed"))
        origins.append(index)
    return out, origins


def augment_rows(rows: list[Row], seed: int = 0) -> tuple[list[Row], list[int]]:
    """The rows plus one variant for each own bn/banglish row (when it differs), and for every returned
    row the index of the row it came from (so cross-validation keeps a row and its variant together)."""
    rng = random.Random(seed)
    out = list(rows)
    origins = list(range(len(rows)))
    for index, row in enumerate(rows):
        if row.source != "seba" or row.language == "en":
            continue
        if row.language == "banglish":
            variant = _banglish_variant(row.text, rng)
        else:
            variant = _bengali_variant(row.text, rng)
        if rng.random() < 0.4:
            variant = _PUNCT.sub(" ", variant).strip()
        if variant and variant != row.text:
            out.append(Row(variant, row.label, row.language, "seba:augmented"))
            origins.append(index)
    framed, framed_origins = frame_rows(rows, seed=seed)
    return out + framed, origins + framed_origins


# Angry tails customers add to an ordinary question ("where is my refund??? this is ridiculous").
_NEGATIVE_TAILS: dict[str, tuple[str, ...]] = {
    "en": (
        "this is ridiculous",
        "worst service ever",
        "so frustrating",
        "I'm really angry",
        "totally useless",
        "what a joke",
        "pathetic",
        "😡",
        "fed up with you people",
        "terrible",
    ),
    "banglish": (
        "faltu service",
        "ki jhamela",
        "eta ki service?",
        "khub birokto",
        "jghonno",
        "matha kharap hoye jacche",
        "baje obostha",
        "😡",
        "ar parchi na",
        "ajaira",
    ),
    "bn": (
        "ফালতু সার্ভিস",
        "কি ঝামেলা",
        "এটা কি সার্ভিস?",
        "খুব বিরক্ত",
        "জঘন্য",
        "মাথা খারাপ হয়ে যাচ্ছে",
        "বাজে অবস্থা",
        "😡",
        "আর পারছি না",
        "একদম ফালতু",
    ),
}


def compose_negative(rows: list[Row], seed: int = 0, share: float = 0.35) -> list[Row]:
    """Negative sentiment rows: a share of the neutral support questions with an angry tail added."""
    rng = random.Random(seed + 1)
    out = []
    for row in rows:
        if row.label == "neutral" and row.source == "seba:intent" and rng.random() < share:
            tail = rng.choice(_NEGATIVE_TAILS[row.language])
            out.append(Row(f"{row.text.rstrip('?.! ')}??? {tail}", "negative", row.language, "seba:composed"))
    return out


# Praise of the same people and things complaints are about, so that "rider", "service" or "agent"
# do not read as negative by themselves.
_PRAISE: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "en": (
        ("the rider", "your service", "the agent", "customer care", "the seller", "the courier",
         "the support team", "the delivery man", "the packaging", "your hotline"),
        ("was very polite", "is the best", "was excellent", "was really helpful", "is great",
         "was super fast", "did a wonderful job", "made me happy"),
    ),
    "banglish": (
        ("rider", "apnader service", "agent", "customer care", "seller", "courier", "support team",
         "delivery man", "packaging", "hotline"),
        ("khub bhodro chilo", "sobcheye valo", "osadharon chilo", "onek help korse", "darun",
         "khub fast chilo", "khub valo kaj korse", "khushi korlo"),
    ),
    "bn": (
        ("রাইডার", "আপনাদের সার্ভিস", "এজেন্ট", "কাস্টমার কেয়ার", "সেলার", "কুরিয়ার", "সাপোর্ট টিম",
         "ডেলিভারি ম্যান", "প্যাকেজিং", "হটলাইন"),
        ("খুব ভদ্র ছিল", "সবচেয়ে ভালো", "অসাধারণ ছিল", "অনেক সাহায্য করেছে", "দারুণ",
         "খুব দ্রুত ছিল", "খুব ভালো কাজ করেছে", "খুশি করেছে"),
    ),
}  # fmt: skip


_CRITICISM: dict[str, tuple[str, ...]] = {
    "en": ("was very rude", "is the worst", "was terrible", "did not help at all", "is useless",
           "was so slow", "behaved badly", "made me angry"),
    "banglish": ("khub kharap behave korse", "sobcheye baje", "jghonno chilo", "kono help korlo na",
                 "faltu", "khub slow chilo", "baje bebohar korse", "rag uthiye dilo"),
    "bn": ("খুব খারাপ ব্যবহার করেছে", "সবচেয়ে বাজে", "জঘন্য ছিল", "কোনো সাহায্য করেনি", "ফালতু",
           "খুব ধীর ছিল", "বাজে আচরণ করেছে", "রাগিয়ে দিয়েছে"),
}  # fmt: skip


def compose_criticism(seed: int = 0, per_language: int = 30) -> list[Row]:
    """Negative sentiment rows over the same subjects as `compose_praise` (the predicate decides)."""
    rng = random.Random(seed + 4)
    out = []
    for language, (subjects, _) in _PRAISE.items():
        pairs = [(s, p) for s in subjects for p in _CRITICISM[language]]
        for subject, blame in rng.sample(pairs, min(per_language, len(pairs))):
            out.append(Row(f"{subject} {blame}", "negative", language, "seba:composed"))
    return out


def compose_praise(seed: int = 0, per_language: int = 30) -> list[Row]:
    """Positive sentiment rows: praise of riders, agents, service, sellers (seeded sample of pairs)."""
    rng = random.Random(seed + 3)
    out = []
    for language, (subjects, praises) in _PRAISE.items():
        pairs = [(s, p) for s in subjects for p in praises]
        for subject, praise in rng.sample(pairs, min(per_language, len(pairs))):
            out.append(Row(f"{subject} {praise}", "positive", language, "seba:composed"))
    return out
