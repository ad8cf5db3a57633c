"""What every store shares after scoring: one hit per translation group in the asker's language, excerpts."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from backend.knowledge.text.analyzer import analyze_terms

# A translation only matched in the other language still answers the question, a little less well.
OTHER_LANGUAGE_FACTOR = 0.85
# Hits far below the best one are noise (a stray word in a long body).
RELATIVE_CUTOFF = 0.2
EXCERPT_CHARS = 220


@dataclass(frozen=True)
class ScoredArticle:
    article_id: str
    group_id: str
    lang: str
    score: float


@dataclass(frozen=True)
class GroupPick:
    """The group's best score and the article to show (its version in the wanted language)."""

    group_id: str
    score: float
    matched_article_id: str


def rank_groups(scored: Iterable[ScoredArticle], preferred_lang: str, strict_lang: bool) -> list[GroupPick]:
    """Best score per translation group; a match in the other language counts a little less."""
    best: dict[str, tuple[float, str]] = {}
    for hit in scored:
        score = hit.score if hit.lang == preferred_lang else hit.score * OTHER_LANGUAGE_FACTOR
        current = best.get(hit.group_id)
        if current is None or score > current[0]:
            best[hit.group_id] = (score, hit.article_id)
    picks = sorted(
        (GroupPick(group_id=g, score=s, matched_article_id=a) for g, (s, a) in best.items()),
        key=lambda p: (-p.score, p.group_id),
    )
    if picks:
        floor = picks[0].score * RELATIVE_CUTOFF
        picks = [p for p in picks if p.score >= floor]
    return picks


_MARKDOWN = re.compile(r"(^#+\s*|[*_`>|]|!\[[^\]]*\]\([^)]*\)|\[([^\]]*)\]\([^)]*\))", re.M)
_SENTENCE = re.compile(r"(?<=[।.!?])\s+|\n+")


def plain_text(markdown: str) -> str:
    """Markdown without its markup (links keep their text)."""
    return _MARKDOWN.sub(lambda m: m.group(2) or "", markdown)


def make_excerpt(body_md: str, query_terms: Iterable[str], summary: str = "") -> str:
    """The sentence of the body that shares most terms with the question (else the summary)."""
    wanted = set(query_terms)
    best_sentence, best_hits = "", 0
    for sentence in _SENTENCE.split(plain_text(body_md)):
        sentence = " ".join(sentence.split())
        if len(sentence) < 12:
            continue
        hits = len(wanted.intersection(analyze_terms(sentence)))
        if hits > best_hits:
            best_sentence, best_hits = sentence, hits
    text = best_sentence or summary or " ".join(plain_text(body_md).split())
    if len(text) > EXCERPT_CHARS:
        text = text[: EXCERPT_CHARS - 1].rsplit(" ", 1)[0] + "…"
    return text
