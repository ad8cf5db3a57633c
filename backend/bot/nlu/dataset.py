"""The bot's training data as rows: intents (public English + the team's own bn/banglish/en) and sentiment.

Files live in backend/bot/corpus/ (not data/: that name is git-ignored project-wide); README.md there
gives sources, licences and the label mapping. The held-out split is stratified by intent x language
with a fixed seed: within each stratum rows are ordered by a hash of (seed, text) and the first
`HELDOUT_SHARE` go to the held-out set, so adding rows elsewhere does not reshuffle a stratum.
"""

from __future__ import annotations

import csv
import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from backend.intents import INTENTS

DATA_DIR = Path(__file__).resolve().parent.parent / "corpus"
HELDOUT_SHARE = 0.2
# Bitext gives up to ~800 English rows per mapped intent; a deterministic sample keeps English from
# swamping the Bengali and Banglish rows.
MAX_PUBLIC_EN_PER_INTENT = 220
SENTIMENTS: tuple[str, ...] = ("negative", "neutral", "positive")
# Sentiment given to the team's own utterances of these intents when training the sentiment model.
INTENT_SENTIMENT: dict[str, str] = {
    "track_order": "neutral",
    "payment_methods": "neutral",
    "delivery_info": "neutral",
    "change_address": "neutral",
    "account_help": "neutral",
    "greeting": "neutral",
    "out_of_scope": "neutral",
    "return_item": "neutral",
    "complaint": "negative",
    "item_problem": "negative",
}


@dataclass(frozen=True)
class Row:
    """One labelled utterance."""

    text: str
    label: str  # an intent or a sentiment
    language: str  # bn | banglish | en
    source: str


def _stable_key(seed: int, text: str) -> str:
    return hashlib.sha1(f"{seed}:{text}".encode()).hexdigest()


def read_own_utterances(directory: Path) -> list[Row]:
    """The team's own utterances: one `<intent>.tsv` per intent, lines `lang<TAB>text`, # comments."""
    rows: list[Row] = []
    for path in sorted(directory.glob("*.tsv")):
        intent = path.stem
        if intent not in INTENTS:
            raise ValueError(f"{path.name}: unknown intent {intent!r}")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip() or line.startswith("#"):
                continue
            language, _, text = line.partition("\t")
            if language not in ("bn", "banglish", "en") or not text.strip():
                raise ValueError(f"{path.name}:{number}: expected 'bn|banglish|en<TAB>text'")
            rows.append(Row(text.strip(), intent, language, "seba"))
    return rows


def _read_public_csv(path: Path, source: str) -> list[Row]:
    with path.open(encoding="utf-8", newline="") as fh:
        return [
            Row(r["text"], r["intent"], "en", f"{source}:{r['source_intent']}") for r in csv.DictReader(fh)
        ]


def _cap_per_label(rows: list[Row], cap: int, seed: int = 0) -> list[Row]:
    by_label: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        by_label[row.label].append(row)
    kept: list[Row] = []
    for label in sorted(by_label):
        kept.extend(sorted(by_label[label], key=lambda r: _stable_key(seed, r.text))[:cap])
    return kept


def _dedupe(rows: Iterable[Row]) -> list[Row]:
    seen: set[tuple[str, str]] = set()
    out = []
    for row in rows:
        key = (" ".join(row.text.lower().split()), row.label)
        if key not in seen:
            seen.add(key)
            out.append(row)
    return out


def load_intent_rows(data_dir: Path = DATA_DIR) -> list[Row]:
    """Every intent row: Bitext (capped), CLINC150 (greetings, thanks, out of scope) and our own."""
    intents = data_dir / "intents"
    public = _cap_per_label(_read_public_csv(intents / "bitext_en.csv", "bitext"), MAX_PUBLIC_EN_PER_INTENT)
    public += _cap_per_label(
        _read_public_csv(intents / "clinc_en.csv", "clinc"), 4 * MAX_PUBLIC_EN_PER_INTENT
    )
    return _dedupe([*read_own_utterances(intents / "seba"), *public])


def load_sentiment_rows(data_dir: Path = DATA_DIR, intent_rows: list[Row] | None = None) -> list[Row]:
    """Sentiment rows: BPRD reviews (bn), our own bn/banglish/en examples, and neutral support questions.

    The team's own intent utterances add support-style rows (INTENT_SENTIMENT): plain questions are
    neutral (small talk too), so that a question is not read as a complaint; complaints and damaged or wrong
    items are negative. Other intents (refunds, payments, thanks) carry mixed feeling and are not used.
    """
    sentiment = data_dir / "sentiment"
    rows: list[Row] = []
    with (sentiment / "bprd_bn.csv").open(encoding="utf-8", newline="") as fh:
        rows.extend(Row(r["text"], r["sentiment"], "bn", "bprd") for r in csv.DictReader(fh))
    for number, line in enumerate(
        (sentiment / "seba_sentiment.tsv").read_text(encoding="utf-8").splitlines(), 1
    ):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t", 2)
        if len(parts) != 3 or parts[0] not in ("bn", "banglish", "en") or parts[1] not in SENTIMENTS:
            raise ValueError(f"seba_sentiment.tsv:{number}: expected 'lang<TAB>sentiment<TAB>text'")
        rows.append(Row(parts[2].strip(), parts[1], parts[0], "seba"))
    for row in intent_rows if intent_rows is not None else load_intent_rows(data_dir):
        feeling = INTENT_SENTIMENT.get(row.label)
        if feeling and row.source == "seba":
            rows.append(Row(row.text, feeling, row.language, "seba:intent"))
    return _dedupe(rows)


def split_heldout(
    rows: list[Row], seed: int = 0, share: float = HELDOUT_SHARE
) -> tuple[list[Row], list[Row]]:
    """(train, held-out), stratified by label x language; deterministic for a seed."""
    strata: dict[tuple[str, str], list[Row]] = defaultdict(list)
    for row in rows:
        strata[(row.label, row.language)].append(row)
    train: list[Row] = []
    heldout: list[Row] = []
    for key in sorted(strata):
        ordered = sorted(strata[key], key=lambda r: _stable_key(seed, r.text))
        n_held = round(len(ordered) * share) if len(ordered) >= 5 else 0
        heldout.extend(ordered[:n_held])
        train.extend(ordered[n_held:])
    return train, heldout


def write_rows_jsonl(rows: Iterable[Row], path: Path) -> None:
    """Write rows as JSON lines {text, label, language, source}."""
    path.write_text(
        "".join(json.dumps(r.__dict__, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8"
    )


def read_rows_jsonl(path: Path) -> list[Row]:
    """Read rows written by `write_rows_jsonl` (or {text, intent, language} lines)."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            d = json.loads(line)
            rows.append(
                Row(d["text"], d.get("label") or d["intent"], d["language"], d.get("source", path.name))
            )
    return rows


def data_hash(paths: Iterable[Path]) -> str:
    """SHA-256 over the given data files (names and bytes), for the model manifest."""
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()
