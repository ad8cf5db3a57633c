"""The shipped bot model: intent, sentiment and language from one message, read with numpy only.

A model directory holds `manifest.json` (version, creation time, data hash, classes, thresholds,
metrics) and, per linear model, `<name>.npz` (weights, bias, idf, inverse temperature; loaded with
allow_pickle=False) plus `<name>.vocab.json` (the feature strings in column order). Nothing here
imports scikit-learn, so loading and classifying stay fast.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from backend.bot.nlu.features import Featurizer
from backend.bot.nlu.language import LatinLanguageModel, detect_language

MODEL_DIR = Path(__file__).resolve().parent / "model"
OUT_OF_SCOPE = "out_of_scope"
MAX_CHARS = 2000


@dataclass(frozen=True)
class Classification:
    """What the bot understood from one message."""

    intent: str
    confidence: float
    language: str
    sentiment: str
    sentiment_score: float  # probability of the chosen sentiment
    alternatives: list[tuple[str, float]] = field(default_factory=list)  # top-3 intents with probabilities

    def as_contract(self) -> dict[str, Any]:
        """The four keys of the `seba bot classify` contract (INTENTS.md)."""
        return {
            "intent": self.intent,
            "confidence": round(self.confidence, 4),
            "language": self.language,
            "sentiment": self.sentiment,
        }


class LinearTextModel:
    """Softmax over a linear model of TF-IDF features, with a calibrated inverse temperature."""

    def __init__(
        self, featurizer: Featurizer, weights: np.ndarray, bias: np.ndarray, beta: float, classes: list[str]
    ) -> None:
        self.featurizer = featurizer
        self.weights_t = np.ascontiguousarray(weights.T.astype(np.float32))  # (vocabulary, classes)
        self.bias = bias.astype(np.float32)
        self.beta = float(beta)
        self.classes = list(classes)

    def decision(self, text: str) -> np.ndarray:
        idx, values = self.featurizer.transform_one(text)
        if idx.size == 0:
            return self.bias.astype(np.float64)
        return (values @ self.weights_t[idx] + self.bias).astype(np.float64)

    def probabilities(self, text: str) -> np.ndarray:
        z = self.beta * self.decision(text)
        z -= z.max()
        e = np.exp(z)
        return e / e.sum()


def save_linear(
    directory: Path,
    name: str,
    vocabulary: list[str],
    idf: np.ndarray,
    weights: np.ndarray,
    bias: np.ndarray,
    beta: float,
) -> None:
    """Write one linear model as `<name>.npz` + `<name>.vocab.json` (no pickle)."""
    np.savez_compressed(
        directory / f"{name}.npz",
        weights=weights.astype(np.float32),
        bias=np.asarray(bias, dtype=np.float32),
        idf=idf.astype(np.float32),
        beta=np.asarray([beta], dtype=np.float64),
    )
    (directory / f"{name}.vocab.json").write_text(
        json.dumps(vocabulary, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
    )


def _load_arrays(
    directory: Path, name: str, analyzer: str = "intent"
) -> tuple[Featurizer, dict[str, np.ndarray]]:
    with np.load(directory / f"{name}.npz", allow_pickle=False) as data:
        arrays = {key: data[key] for key in data.files}
    vocabulary = json.loads((directory / f"{name}.vocab.json").read_text(encoding="utf-8"))
    return Featurizer(vocabulary, arrays["idf"], analyzer), arrays


class BotModel:
    """Intent + sentiment + language models and the out-of-scope threshold, as shipped."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.manifest: dict[str, Any] = json.loads((directory / "manifest.json").read_text(encoding="utf-8"))
        self.version: str = self.manifest["version"]
        self.oos_threshold: float = float(self.manifest["thresholds"]["out_of_scope_below"])
        self.intent = self._linear("intent", self.manifest["classes"]["intent"])
        self.sentiment = self._linear("sentiment", self.manifest["classes"]["sentiment"])
        featurizer, arrays = _load_arrays(directory, "language", "latin")
        self.language = LatinLanguageModel(
            featurizer=featurizer,
            weights=arrays["weights"].reshape(-1)[: featurizer.size].astype(np.float32),
            lexicon_weights=arrays["weights"].reshape(-1)[featurizer.size :].astype(np.float32),
            bias=float(arrays["bias"].reshape(-1)[0]),
        )

    def _linear(self, name: str, classes: list[str]) -> LinearTextModel:
        featurizer, arrays = _load_arrays(self.directory, name)
        return LinearTextModel(
            featurizer, arrays["weights"], arrays["bias"], float(arrays["beta"][0]), classes
        )

    def intent_probabilities(self, text: str) -> dict[str, float]:
        """Calibrated probability of every intent (before the out-of-scope threshold)."""
        probs = self.intent.probabilities(text)
        return dict(zip(self.intent.classes, probs.tolist(), strict=True))

    def classify(self, text: str) -> Classification:
        """Intent (with the out-of-scope threshold applied), language and sentiment of one message.

        Only the first MAX_CHARS characters are read (a pasted essay costs no more than a message)."""
        text = text[:MAX_CHARS]
        probs = self.intent.probabilities(text)
        order = np.argsort(-probs)
        top = int(order[0])
        intent, confidence = self.intent.classes[top], float(probs[top])
        if intent != OUT_OF_SCOPE and confidence < self.oos_threshold:
            # Too unsure to act on: treat as out of scope; the confidence is that of "not the top intent".
            intent, confidence = (
                OUT_OF_SCOPE,
                max(float(probs[self.intent.classes.index(OUT_OF_SCOPE)]), 1.0 - confidence),
            )
        language, _ = detect_language(text, self.language)
        sprobs = self.sentiment.probabilities(text)
        s_top = int(np.argmax(sprobs))
        return Classification(
            intent=intent,
            confidence=min(max(confidence, 0.0), 1.0),
            language=language,
            sentiment=self.sentiment.classes[s_top],
            sentiment_score=float(sprobs[s_top]),
            alternatives=[(self.intent.classes[int(i)], float(probs[int(i)])) for i in order[:3]],
        )


def load_model(path: Path | None = None) -> BotModel:
    """Load a model directory (default: the one shipped in the repository)."""
    return BotModel(Path(path) if path is not None else MODEL_DIR)


_shipped: BotModel | None = None
_shipped_lock = threading.Lock()


def shipped_model() -> BotModel:
    """The shipped model, loaded once (thread-safe, lazy)."""
    global _shipped
    if _shipped is None:
        with _shipped_lock:
            if _shipped is None:
                _shipped = load_model()
    return _shipped


def classify(text: str) -> Classification:
    """Classify one message with the shipped model."""
    return shipped_model().classify(text)
