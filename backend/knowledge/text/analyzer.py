"""From text to index terms (documents) and from a customer's question to weighted terms (queries)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from backend.knowledge.text import bengali, english
from backend.knowledge.text.banglish import (
    BANGLISH_MARKERS,
    banglish_variants,
    phonetic_key,
    romanize,
    transliterate_word,
    vowel_shape,
)
from backend.knowledge.text.concepts import load_concepts
from backend.knowledge.text.fuzzy import edit_distance, trigram_similarity
from backend.knowledge.text.tokens import has_bengali, is_bengali, tokenize
from backend.knowledge.text.vocabulary import Vocabulary

# How much a term counts, by how it was found (the question's own words count most).
WEIGHT_EXACT = 1.0
WEIGHT_TRANSLITERATED = 0.9
WEIGHT_PHONETIC = 0.7
WEIGHT_CONCEPT = 0.45
WEIGHT_FUZZY_1 = 0.5  # one edit in a short word: often another real word
WEIGHT_FUZZY_1_LONG = 0.8  # one edit (or a swap) in a word of 6+ letters: almost surely a typo
WEIGHT_FUZZY_2 = 0.3
FUZZY_2_MIN_TRIGRAM = 0.3


def analyze_token(token: str) -> str | None:
    """One token to its index term (None: a stop word, or a lone Latin letter)."""
    if is_bengali(token):
        return bengali.analyze_word(token)
    if len(token) < 2 and not token.isdigit():
        return None
    return english.analyze_word(token)


def analyze_terms(text: str) -> list[str]:
    """Index terms of a text, in order (stop words dropped)."""
    terms = []
    for token in tokenize(text):
        term = analyze_token(token)
        if term:
            terms.append(term[:64])
    return terms


def normalize_words(text: str) -> list[str]:
    """Normalised but unstemmed words (for autocomplete on titles)."""
    words = []
    for token in tokenize(text):
        if is_bengali(token):
            words.append(bengali.bengali_normalize(bengali.indic_normalize(bengali.fold_digits(token))))
        else:
            words.append(token)
    return words


@dataclass
class DocumentTerms:
    """What the index stores for one article."""

    title_tf: Counter[str]
    body_tf: Counter[str]
    title_len: int
    body_len: int
    title_words: str


def analyze_document(title: str, body: str, keywords: str = "") -> DocumentTerms:
    """Title (with the editors' keywords, which count like title words) and body terms with frequencies."""
    title_terms = analyze_terms(title) + analyze_terms(keywords)
    body_terms = analyze_terms(body)
    words = " ".join(normalize_words(title))
    return DocumentTerms(
        title_tf=Counter(title_terms),
        body_tf=Counter(body_terms),
        title_len=len(title_terms),
        body_len=len(body_terms),
        title_words=f" {words} "[:600],
    )


@dataclass
class QueryPlan:
    """A question as weighted index terms, with the language its asker most likely reads."""

    query: str
    script: str  # "bn" (Bengali letters), "banglish" or "en"
    terms: dict[str, float] = field(default_factory=dict)
    concepts: list[str] = field(default_factory=list)
    # The same expansions as words (not index terms), for stores that analyse text themselves.
    words: dict[str, float] = field(default_factory=dict)

    @property
    def preferred_lang(self) -> str:
        return "en" if self.script == "en" else "bn"

    def add(self, term: str | None, weight: float, word: str | None = None) -> None:
        if term and weight > self.terms.get(term, 0.0):
            self.terms[term] = weight
        surface = word or term
        if surface and weight > self.words.get(surface, 0.0):
            self.words[surface] = weight


def detect_script(tokens: list[str]) -> str:
    """Bengali letters -> "bn"; Latin words that only Banglish uses -> "banglish"; else "en"."""
    if any(is_bengali(t) for t in tokens):
        return "bn"
    latin = [t for t in tokens if not t.isdigit()]
    markers = sum(1 for t in latin if t in BANGLISH_MARKERS)
    english_stops = sum(1 for t in latin if t in english.STOP_WORDS and t not in BANGLISH_MARKERS)
    if markers and markers >= english_stops:
        return "banglish"
    return "en"


def plan_query(query: str, vocabulary: Vocabulary) -> QueryPlan:
    """Weighted terms for a question in Bengali, Banglish or English, looked up in `vocabulary`."""
    tokens = tokenize(query)
    plan = QueryPlan(query=query, script=detect_script(tokens))
    seen: set[str] = set(tokens)
    for token in tokens:
        if is_bengali(token):
            term = bengali.analyze_word(token)
            if term:
                seen.add(term)
                plan.add(term, WEIGHT_EXACT, token)
                if term not in vocabulary.terms:
                    _add_fuzzy(plan, term, vocabulary)
            continue
        _plan_latin(plan, token, vocabulary, seen)
    _add_concepts(plan, seen)
    return plan


def _plan_latin(plan: QueryPlan, token: str, vocabulary: Vocabulary, seen: set[str]) -> None:
    banglish_word = token in BANGLISH_MARKERS
    english_term = analyze_token(token)
    if english_term:
        seen.add(english_term)
        if english_term in vocabulary.terms and not (token in BANGLISH_MARKERS and plan.script == "banglish"):
            plan.add(english_term, WEIGHT_EXACT, token)
    if token.isdigit():
        plan.add(token, WEIGHT_EXACT)
        return
    english_known = english_term is not None and english_term in vocabulary.terms
    if english_term and not english_known and not banglish_word and len(token) >= 4:
        _add_fuzzy(plan, english_term, vocabulary)  # an English word with a typo (refnud, deliverry)
    if english_known and plan.script == "en":
        return
    for variant in banglish_variants(token):
        bengali_word = transliterate_word(variant)
        bengali_term = bengali.analyze_word(bengali_word)
        if bengali_term is None:  # a Banglish stop word (ki, ami, na...)
            return
        seen.add(bengali_term)
        if bengali_term in vocabulary.terms:
            plan.add(bengali_term, WEIGHT_TRANSLITERATED, bengali_word)
            return
    if len(token) >= 3:
        _add_phonetic(plan, token, vocabulary, seen)


def _add_phonetic(plan: QueryPlan, token: str, vocabulary: Vocabulary, seen: set[str]) -> bool:
    """Bengali index terms that sound like the Banglish word (same consonant skeleton, close vowels)."""
    best: list[tuple[int, str]] = []
    for variant in banglish_variants(token):
        key = phonetic_key(variant)
        if len(key) < 2:
            continue
        shape = vowel_shape(variant)
        for term in vocabulary.bengali_by_key.get(key, ()):
            best.append((edit_distance(shape, vowel_shape(romanize(term)), 3), term))
    best.sort()
    added = False
    for distance, term in best[:2]:
        if distance <= 2:
            seen.add(term)
            plan.add(term, WEIGHT_PHONETIC if distance <= 1 else WEIGHT_PHONETIC * 0.7)
            added = True
    return added


def _add_fuzzy(plan: QueryPlan, term: str, vocabulary: Vocabulary) -> None:
    """Index terms one or two edits away (typos), the closest and most common first."""
    max_distance = 1 if len(term) <= 4 else 2
    if len(term) < 3:
        return
    for candidate, distance in vocabulary.near(term, max_distance)[:3]:
        if distance == 1:
            plan.add(candidate, WEIGHT_FUZZY_1_LONG if len(term) >= 6 else WEIGHT_FUZZY_1)
        elif trigram_similarity(term, candidate) >= FUZZY_2_MIN_TRIGRAM:
            plan.add(candidate, WEIGHT_FUZZY_2)


_CONCEPTS = load_concepts()


def _trigger_forms(word: str) -> set[str]:
    forms = {word}
    term = analyze_token(word)
    if term:
        forms.add(term)
    return forms


_TRIGGERS = [
    (concept, [[_trigger_forms(w) for w in trigger] for trigger in concept.triggers]) for concept in _CONCEPTS
]


def _add_concepts(plan: QueryPlan, seen: set[str]) -> None:
    """The keyword map: a topic named in any language adds the words both language versions use."""
    for concept, triggers in _TRIGGERS:
        if any(all(forms & seen for forms in trigger) for trigger in triggers):
            plan.concepts.append(concept.name)
            for word in (*concept.bn_words, *concept.en_words):
                for term in analyze_terms(word):
                    plan.add(term, WEIGHT_CONCEPT, word)


def query_has_bengali(query: str) -> bool:
    return has_bengali(query)
