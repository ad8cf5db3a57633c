"""Quality gates of the shipped model on data it was not trained on.

- the stratified held-out split written next to the model: accuracy >= 0.90 overall and per language;
- the unseen-phrasing sets written after training (corpus/eval/unseen_intents.tsv and, at the very
  end, unseen_intents_2.tsv and unseen_intents_3.tsv): accuracy >= 0.85 each;
- calibration: mean confidence within 0.1 of accuracy on the held-out split.
"""

from __future__ import annotations

import pytest

from backend.bot.nlu import evaluate, load_model
from backend.bot.nlu.dataset import load_intent_rows, read_rows_jsonl
from backend.bot.nlu.model import MODEL_DIR, BotModel
from backend.bot.nlu.testsets import UNSEEN_2_PATH, UNSEEN_3_PATH, read_unseen

pytestmark = pytest.mark.no_stores


@pytest.fixture(scope="module")
def model() -> BotModel:
    return load_model()


def test_heldout_accuracy_overall_and_per_language(model: BotModel) -> None:
    rows = read_rows_jsonl(MODEL_DIR / "heldout_intents.jsonl")
    report = evaluate(model, rows)
    assert report.n >= 900
    assert report.accuracy >= 0.90, report.summary()
    for language in ("bn", "banglish", "en"):
        scores = report.per_language[language]
        assert scores["n"] >= 150
        assert scores["accuracy"] >= 0.90, (language, scores)
    assert min(v["f1"] for v in report.per_label.values()) >= 0.75, report.per_label


def test_heldout_rows_were_not_trained_on() -> None:
    heldout = {r.text for r in read_rows_jsonl(MODEL_DIR / "heldout_intents.jsonl")}
    unseen = {r.text for path in (None, UNSEEN_2_PATH, UNSEEN_3_PATH) for r in read_unseen(path)}
    training_texts = {r.text for r in load_intent_rows()} - heldout
    assert not (unseen & training_texts)
    assert not (unseen & heldout)


def test_confidence_is_calibrated_on_heldout(model: BotModel) -> None:
    report = evaluate(model, read_rows_jsonl(MODEL_DIR / "heldout_intents.jsonl"))
    assert abs(report.mean_confidence - report.accuracy) <= 0.1, report.summary()
    # Confident answers are right more often than unsure ones.
    rows = read_rows_jsonl(MODEL_DIR / "heldout_intents.jsonl")
    results = [(model.classify(r.text), r.label) for r in rows]
    sure = [c.intent == label for c, label in results if c.confidence >= 0.9]
    unsure = [c.intent == label for c, label in results if c.confidence < 0.6]
    assert sum(sure) / len(sure) > sum(unsure) / max(len(unsure), 1)


def test_unseen_phrasing_accuracy(model: BotModel) -> None:
    report = evaluate(model, read_unseen())
    assert report.n >= 200
    assert report.accuracy >= 0.85, report.summary()
    for path, rows in ((UNSEEN_2_PATH, 170), (UNSEEN_3_PATH, 131)):
        later = evaluate(model, read_unseen(path))
        assert later.n >= rows
        assert later.accuracy >= 0.85, (path.name, later.summary())


def test_heldout_sentiment_accuracy(model: BotModel) -> None:
    report = evaluate(model, read_rows_jsonl(MODEL_DIR / "heldout_sentiment.jsonl"), task="sentiment")
    assert report.accuracy >= 0.85, report.summary()
    for language in ("bn", "banglish", "en"):
        assert report.per_language[language]["accuracy"] >= 0.8, report.per_language
