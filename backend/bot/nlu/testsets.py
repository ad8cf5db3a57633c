"""The evaluation sets a model is scored on, none of them trained on.

- heldout_intent / heldout_sentiment: the stratified held-out split written next to the model;
- unseen_intent: utterances written separately after training, in other wording styles
  (backend/bot/corpus/eval/unseen_intents.tsv: intent<TAB>language<TAB>text), never used for training
  or tuning;
- unseen2_intent: a second such set (eval/unseen_intents_2.tsv) written at the end of the work, after
  every training and tuning decision; unseen3_intent: a third, mostly Banglish (eval/unseen_intents_3.tsv),
  written before a last training experiment that was then dropped;
- clinc_oos_test: CLINC150's 1,000 out-of-scope test utterances (English);
- heldout_language / unseen_language: the language label (bn/banglish/en) of those same rows.
"""

from __future__ import annotations

from pathlib import Path

from backend.bot.nlu.dataset import DATA_DIR, Row, read_rows_jsonl

UNSEEN_PATH = DATA_DIR / "eval" / "unseen_intents.tsv"
UNSEEN_2_PATH = DATA_DIR / "eval" / "unseen_intents_2.tsv"
UNSEEN_3_PATH = DATA_DIR / "eval" / "unseen_intents_3.tsv"


def read_unseen(path: Path | None = None) -> list[Row]:
    """An unseen-phrasing test set (intent<TAB>language<TAB>text lines, # comments); default set 1."""
    rows = []
    for line in (path or UNSEEN_PATH).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            intent, language, text = line.split("\t", 2)
            rows.append(Row(text.strip(), intent, language, "unseen"))
    return rows


def evaluation_sets(model_dir: Path) -> list[tuple[str, str, list[Row]]]:
    """(name, task, rows) for every evaluation set that exists."""
    sets: list[tuple[str, str, list[Row]]] = []
    intents = model_dir / "heldout_intents.jsonl"
    if intents.exists():
        sets.append(("heldout_intent", "intent", read_rows_jsonl(intents)))
    sentiment = model_dir / "heldout_sentiment.jsonl"
    if sentiment.exists():
        sets.append(("heldout_sentiment", "sentiment", read_rows_jsonl(sentiment)))
    if intents.exists():
        sets.append(("heldout_language", "language", read_rows_jsonl(intents)))
    if UNSEEN_PATH.exists():
        sets.append(("unseen_intent", "intent", read_unseen()))
        sets.append(("unseen_language", "language", read_unseen()))
    if UNSEEN_2_PATH.exists():
        sets.append(("unseen2_intent", "intent", read_unseen(UNSEEN_2_PATH)))
        sets.append(("unseen2_language", "language", read_unseen(UNSEEN_2_PATH)))
    if UNSEEN_3_PATH.exists():
        sets.append(("unseen3_intent", "intent", read_unseen(UNSEEN_3_PATH)))
        sets.append(("unseen3_language", "language", read_unseen(UNSEEN_3_PATH)))
    oos = DATA_DIR / "intents" / "clinc_oos_test_en.jsonl"
    if oos.exists():
        sets.append(("clinc_oos_test", "intent", read_rows_jsonl(oos)))
    return sets
