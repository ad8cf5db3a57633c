"""The shipped model: classification results, language detection, sentiment, thresholds, thread safety."""

from __future__ import annotations

import json
import shutil
import threading
from pathlib import Path

import numpy as np
import pytest

from backend.bot import nlu
from backend.bot.nlu.language import detect_language, is_bengali_script
from backend.bot.nlu.model import MODEL_DIR, BotModel, load_model, shipped_model
from backend.intents import INTENTS

pytestmark = pytest.mark.no_stores


@pytest.fixture(scope="module")
def model() -> BotModel:
    return load_model()


def test_classification_has_calibrated_fields(model: BotModel) -> None:
    result = model.classify("আমার বিকাশ থেকে টাকা কেটেছে কিন্তু অর্ডার হয়নি")
    assert result.intent == "payment_issue"
    assert 0.0 <= result.confidence <= 1.0
    assert 0.0 <= result.sentiment_score <= 1.0
    assert len(result.alternatives) == 3
    assert result.alternatives[0][0] == result.intent
    probabilities = [p for _, p in result.alternatives]
    assert probabilities == sorted(probabilities, reverse=True) and sum(probabilities) <= 1.0 + 1e-6
    everything = model.intent_probabilities("আমার বিকাশ থেকে টাকা কেটেছে কিন্তু অর্ডার হয়নি")
    assert set(everything) == set(INTENTS) and abs(sum(everything.values()) - 1.0) < 1e-6


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("আমার অর্ডার কোথায়?", "bn"),
        ("আমার order টা কোথায়?", "bn"),
        ("my order কই?", "bn"),
        ("bKash এ টাকা কেটেছে, TrxID 8N7A6D5F4G", "bn"),
        ("amar order kothay?", "banglish"),
        ("vai taka ferot chai", "banglish"),
        ("bkash e payment korsi kintu order hoy nai", "banglish"),
        ("where is my order?", "en"),
        ("I want to cancel order 12345", "en"),
        ("please refund my money, the item was broken", "en"),
    ],
)
def test_language_detection(model: BotModel, text: str, language: str) -> None:
    assert model.classify(text).language == language


def test_messages_without_letters_get_a_language(model: BotModel) -> None:
    assert model.classify("১২৩৪৫৬").language == "bn"
    assert model.classify("01712345678").language == "en"
    assert model.classify("👍").language == "en"
    long = model.classify("amar order kothay " * 2000)
    assert long.intent == "track_order" and long.language == "banglish"


def test_bengali_share_rule() -> None:
    assert is_bengali_script("আমার order টা কোথায়?")
    assert not is_bengali_script("order 123 ১২৩ ৳৫০০")  # Bengali digits and ৳ alone are not Bengali words
    assert detect_language("কোথায়", None) == ("bn", 1.0)
    assert detect_language("amar taka kobe pabo", None)[0] == "banglish"
    assert detect_language("where is the money", None)[0] == "en"


@pytest.mark.parametrize(
    ("text", "sentiment"),
    [
        ("3 din hoye gelo kono khobor nai", "negative"),
        ("worst service", "negative"),
        ("ফালতু সার্ভিস", "negative"),
        ("এটা কি সার্ভিস? খুবই বাজে", "negative"),
        ("ধন্যবাদ, অনেক ভালো সার্ভিস", "positive"),
        ("thanks vai, onek help korlen", "positive"),
        ("great service, thank you", "positive"),
        ("amar order kobe ashbe?", "neutral"),
        ("what is the delivery charge to Sylhet", "neutral"),
        ("আমার ঠিকানা পরিবর্তন করতে চাই", "neutral"),
    ],
)
def test_sentiment(model: BotModel, text: str, sentiment: str) -> None:
    result = model.classify(text)
    assert result.sentiment == sentiment
    assert result.sentiment_score >= 1 / 3


def test_out_of_scope_threshold_demotes_unsure_answers(tmp_path: Path, model: BotModel) -> None:
    copy = tmp_path / "model"
    shutil.copytree(MODEL_DIR, copy)
    manifest = json.loads((copy / "manifest.json").read_text(encoding="utf-8"))
    manifest["thresholds"]["out_of_scope_below"] = 0.999
    (copy / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    strict = load_model(copy)
    text = "ki faltu delivery"
    top_intent, top_p = model.classify(text).alternatives[0]
    assert top_p < 0.999 and top_intent != "out_of_scope"
    demoted = strict.classify(text)
    assert demoted.intent == "out_of_scope"
    assert 0.0 <= demoted.confidence <= 1.0
    assert demoted.alternatives[0] == (top_intent, pytest.approx(top_p))


def test_shipped_model_loads_once_across_threads() -> None:
    seen: list[int] = []
    errors: list[BaseException] = []

    def work() -> None:
        try:
            nlu.classify("amar refund kothay")
            seen.append(id(shipped_model()))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors and len(set(seen)) == 1


def test_model_files_need_no_pickle_and_are_small() -> None:
    for npz in MODEL_DIR.glob("*.npz"):
        with np.load(npz, allow_pickle=False) as data:
            assert data["weights"].dtype == np.float32
    size = sum(p.stat().st_size for p in MODEL_DIR.iterdir() if p.suffix in (".npz", ".json"))
    assert size < 15 * 1024 * 1024
    manifest = json.loads((MODEL_DIR / "manifest.json").read_text(encoding="utf-8"))
    assert {"version", "created", "data_hash", "metrics", "thresholds", "classes"} <= set(manifest)
    assert manifest["classes"]["intent"] == list(INTENTS)
