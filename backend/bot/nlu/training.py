"""Train the bot's models (intent, sentiment, Latin-script language) with scikit-learn and export them.

Intent and sentiment: LinearSVC over TF-IDF features (`features.analyze`), calibrated by temperature
scaling fitted on out-of-fold decision scores (what CalibratedClassifierCV(method="temperature",
ensemble=False) does), the final estimator refit on all training rows. The out-of-scope threshold is
tuned on the same out-of-fold probabilities plus CLINC150 out-of-scope messages kept out of training
(intents/clinc_oos_val_en.jsonl). Language: logistic regression (Banglish vs English) over
raw char n-grams plus two lexicon shares. Everything is exported as numpy arrays + JSON vocabularies
(model.save_linear) and checked against scikit-learn's own predictions before it is written.
"""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from backend.bot.nlu.augment import augment_rows, compose_criticism, compose_negative, compose_praise
from backend.bot.nlu.dataset import (
    DATA_DIR,
    Row,
    data_hash,
    load_intent_rows,
    load_sentiment_rows,
    split_heldout,
    write_rows_jsonl,
)
from backend.bot.nlu.features import analyze, analyze_latin_script
from backend.bot.nlu.language import is_bengali_script, lexicon_features
from backend.bot.nlu.model import OUT_OF_SCOPE, load_model, save_linear
from backend.intents import INTENTS

Progress = Callable[[float, str], None]
INTENT_C = 1.0
SENTIMENT_C = 0.3
LANGUAGE_C = 4.0
CV_FOLDS = 5
MIN_DF = 2
THRESHOLD_GRID = tuple(round(0.05 * i, 2) for i in range(0, 13))  # 0.00 .. 0.60


@dataclass
class TrainReport:
    """What a training run produced (the manifest holds the same figures)."""

    out_dir: Path
    version: str
    seconds: float
    counts: dict[str, int]
    oos_threshold: float
    heldout: dict[str, Any] = field(default_factory=dict)  # EvalReport.as_dict() on the held-out split

    def as_dict(self) -> dict[str, Any]:
        return {
            "out_dir": str(self.out_dir),
            "version": self.version,
            "seconds": round(self.seconds, 2),
            "counts": self.counts,
            "oos_threshold": self.oos_threshold,
            "heldout": self.heldout,
        }


def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def _fit_temperature(scores: np.ndarray, y: np.ndarray) -> float:
    """Inverse temperature beta minimising the log loss of softmax(beta * scores)."""
    from scipy.optimize import minimize_scalar

    rows = np.arange(len(y))

    def loss(log_beta: float) -> float:
        p = _softmax(np.exp(log_beta) * scores)
        return float(-np.log(np.clip(p[rows, y], 1e-12, None)).mean())

    result = minimize_scalar(loss, bounds=(-3.0, 5.0), method="bounded")
    return float(np.exp(result.x))


def _vectorizer(analyzer: Callable[[str], list[str]]) -> Any:
    from sklearn.feature_extraction.text import TfidfVectorizer

    return TfidfVectorizer(analyzer=analyzer, min_df=MIN_DF, sublinear_tf=True, dtype=np.float32)


def _fit_calibrated_svc(
    texts: list[str],
    labels: list[str],
    classes: list[str],
    c: float,
    seed: int,
    groups: list[int] | None = None,
) -> dict[str, Any]:
    """TF-IDF + LinearSVC, temperature from out-of-fold scores; returns arrays and OOF probabilities."""
    from sklearn.model_selection import StratifiedGroupKFold, cross_val_predict
    from sklearn.svm import LinearSVC

    vec = _vectorizer(analyze)
    x = vec.fit_transform(texts)
    y = np.array([classes.index(label) for label in labels])
    svc = LinearSVC(C=c, class_weight="balanced", random_state=seed, max_iter=5000)
    groups = groups if groups is not None else list(range(len(texts)))
    folds = StratifiedGroupKFold(n_splits=CV_FOLDS, shuffle=True, random_state=seed)
    oof = cross_val_predict(svc, x, y, groups=groups, cv=folds, method="decision_function")
    beta = _fit_temperature(oof, y)
    svc.fit(x, y)
    vocabulary = [""] * len(vec.vocabulary_)
    for feature, column in vec.vocabulary_.items():
        vocabulary[column] = feature
    return {
        "vocabulary": vocabulary,
        "idf": vec.idf_.astype(np.float32),
        "weights": svc.coef_.astype(np.float32),
        "bias": svc.intercept_.astype(np.float32),
        "beta": beta,
        "oof_proba": _softmax(beta * oof),
        "y": y,
        "check": (svc, vec),
    }


def tune_oos_threshold(proba: np.ndarray, y: np.ndarray, classes: list[str]) -> float:
    """The confidence below which a prediction becomes out_of_scope, maximising OOF accuracy.

    Ties go to the smaller threshold (demote as few confident answers as possible)."""
    oos = classes.index(OUT_OF_SCOPE)
    top = proba.argmax(axis=1)
    conf = proba.max(axis=1)
    best, best_acc = 0.0, -1.0
    for threshold in THRESHOLD_GRID:
        predicted = np.where((conf < threshold) & (top != oos), oos, top)
        acc = float((predicted == y).mean())
        if acc > best_acc + 1e-9:
            best, best_acc = threshold, acc
    return best


def _oos_validation(dataset_dir: Path) -> list[str]:
    """Out-of-scope messages kept out of training to tune the threshold (CLINC150 oos_val and val)."""
    path = dataset_dir / "intents" / "clinc_oos_val_en.jsonl"
    if not path.exists():
        return []
    return [
        json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    ]


def _fit_language(rows: list[Row], seed: int) -> dict[str, Any]:
    """Banglish-vs-English logistic model on Latin-script rows."""
    from scipy.sparse import csr_matrix, hstack
    from sklearn.linear_model import LogisticRegression

    latin = [r for r in rows if r.language in ("banglish", "en") and not is_bengali_script(r.text)]
    texts = [r.text for r in latin]
    y = np.array([1 if r.language == "banglish" else 0 for r in latin])
    vec = _vectorizer(analyze_latin_script)
    x_text = vec.fit_transform(texts)
    x_lex = csr_matrix(np.vstack([lexicon_features(t) for t in texts]))
    x = hstack([x_text, x_lex]).tocsr()
    clf = LogisticRegression(C=LANGUAGE_C, class_weight="balanced", max_iter=2000, random_state=seed)
    clf.fit(x, y)
    vocabulary = [""] * len(vec.vocabulary_)
    for feature, column in vec.vocabulary_.items():
        vocabulary[column] = feature
    return {
        "vocabulary": vocabulary,
        "idf": vec.idf_.astype(np.float32),
        "weights": clf.coef_.reshape(1, -1).astype(np.float32),
        "bias": clf.intercept_.astype(np.float32),
        "count": len(latin),
    }


def train(
    dataset_dir: Path = DATA_DIR,
    out_dir: Path | None = None,
    *,
    seed: int = 0,
    progress: Progress | None = None,
) -> TrainReport:
    """Train intent, sentiment and language models on `dataset_dir`, write them to `out_dir`, evaluate."""
    from backend.bot.nlu.evaluation import evaluate, write_reports
    from backend.bot.nlu.model import MODEL_DIR

    out_dir = Path(out_dir) if out_dir is not None else MODEL_DIR
    report = progress or (lambda _fraction, _message: None)
    started = time.perf_counter()
    report(0.02, "loading data")
    intent_rows = load_intent_rows(dataset_dir)
    train_rows, heldout_rows = split_heldout(intent_rows, seed=seed)
    train_aug, origins = augment_rows(train_rows, seed=seed)
    # Praise of riders, agents or the service is answered like thanks (close politely, offer the survey).
    praise = [Row(r.text, "thanks_goodbye", r.language, r.source) for r in compose_praise(seed=seed)]
    origins = origins + list(range(len(train_aug), len(train_aug) + len(praise)))
    train_aug = train_aug + praise
    sentiment_rows = load_sentiment_rows(dataset_dir, intent_rows=train_rows)
    sent_train, sent_heldout = split_heldout(sentiment_rows, seed=seed)
    composed = (
        compose_negative(sent_train, seed=seed) + compose_praise(seed=seed) + compose_criticism(seed=seed)
    )
    sent_train = sent_train + composed

    report(0.1, f"intent model on {len(train_aug)} rows")
    classes = list(INTENTS)
    intent = _fit_calibrated_svc(
        [r.text for r in train_aug], [r.label for r in train_aug], classes, INTENT_C, seed, groups=origins
    )
    # Threshold validation: the out-of-fold predictions plus out-of-scope messages never trained on.
    oos_val = _oos_validation(dataset_dir)
    svc, vec = intent["check"]
    val_proba = _softmax(intent["beta"] * svc.decision_function(vec.transform(oos_val))) if oos_val else None
    proba, y = intent["oof_proba"], intent["y"]
    if val_proba is not None:
        proba = np.vstack([proba, val_proba])
        y = np.concatenate([y, np.full(len(oos_val), classes.index(OUT_OF_SCOPE))])
    threshold = tune_oos_threshold(proba, y, classes)

    report(0.5, f"sentiment model on {len(sent_train)} rows")
    sentiments = ["negative", "neutral", "positive"]
    sentiment = _fit_calibrated_svc(
        [r.text for r in sent_train], [r.label for r in sent_train], sentiments, SENTIMENT_C, seed
    )

    report(0.75, "language model")
    language = _fit_language([*train_aug, *sent_train], seed)

    report(0.85, "writing the model")
    staging = out_dir.with_name(out_dir.name + ".partial")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    for name, fitted in (("intent", intent), ("sentiment", sentiment)):
        save_linear(
            staging,
            name,
            fitted["vocabulary"],
            fitted["idf"],
            fitted["weights"],
            fitted["bias"],
            fitted["beta"],
        )
    save_linear(
        staging,
        "language",
        language["vocabulary"],
        language["idf"],
        language["weights"],
        language["bias"],
        1.0,
    )
    files = [*sorted((dataset_dir / "intents").rglob("*")), *sorted((dataset_dir / "sentiment").rglob("*"))]
    digest = data_hash(p for p in files if p.is_file())
    created = datetime.now(UTC).replace(microsecond=0)
    version = f"{created:%Y%m%d%H%M%S}-{digest[:8]}"
    manifest: dict[str, Any] = {
        "version": version,
        "created": created.isoformat(),
        "seed": seed,
        "data_hash": digest,
        "classes": {"intent": classes, "sentiment": sentiments, "language": ["bn", "banglish", "en"]},
        "thresholds": {"out_of_scope_below": threshold},
        "hyperparameters": {
            "intent_C": INTENT_C,
            "sentiment_C": SENTIMENT_C,
            "language_C": LANGUAGE_C,
            "min_df": MIN_DF,
            "cv_folds": CV_FOLDS,
            "intent_beta": intent["beta"],
            "sentiment_beta": sentiment["beta"],
        },
        "counts": {
            "intent_rows": len(intent_rows),
            "oos_threshold_validation": len(oos_val),
            "intent_train": len(train_rows),
            "intent_train_augmented": len(train_aug),
            "intent_heldout": len(heldout_rows),
            "sentiment_train": len(sent_train),
            "sentiment_heldout": len(sent_heldout),
            "language_train": language["count"],
            "intent_features": len(intent["vocabulary"]),
            "sentiment_features": len(sentiment["vocabulary"]),
            "language_features": len(language["vocabulary"]),
        },
        "metrics": {},
    }
    (staging / "manifest.json").write_text(
        json.dumps(manifest, indent=2, ensure_ascii=False), encoding="utf-8"
    )
    write_rows_jsonl(heldout_rows, staging / "heldout_intents.jsonl")
    write_rows_jsonl(sent_heldout, staging / "heldout_sentiment.jsonl")
    _check_export(staging, intent, sentiment)

    report(0.9, "evaluating on the held-out split")
    model = load_model(staging)
    intent_eval = evaluate(model, heldout_rows)
    sentiment_eval = evaluate(model, sent_heldout, task="sentiment")
    manifest["metrics"] = {
        "heldout_intent": intent_eval.summary(),
        "heldout_sentiment": sentiment_eval.summary(),
        "train_seconds": round(time.perf_counter() - started, 2),
    }
    (staging / "manifest.json").write_text(
        json.dumps(manifest, indent=2, ensure_ascii=False), encoding="utf-8"
    )
    write_reports(intent_eval, staging, "heldout_intent")
    write_reports(sentiment_eval, staging, "heldout_sentiment")
    if out_dir.exists():
        shutil.rmtree(out_dir)
    staging.rename(out_dir)
    report(1.0, f"model {version} written")
    return TrainReport(
        out_dir=out_dir,
        version=version,
        seconds=time.perf_counter() - started,
        counts=manifest["counts"],
        oos_threshold=threshold,
        heldout=intent_eval.as_dict(),
    )


def _check_export(directory: Path, intent: dict[str, Any], sentiment: dict[str, Any]) -> None:
    """The numpy reader must reproduce scikit-learn's decision scores on a few texts."""
    model = load_model(directory)
    samples = ["আমার order টা কোথায়?", "amar taka ferot chai", "where is my refund", "ধন্যবাদ"]
    for fitted, linear in ((intent, model.intent), (sentiment, model.sentiment)):
        svc, vec = fitted["check"]
        expected = svc.decision_function(vec.transform(samples))
        got = np.vstack([linear.decision(text) for text in samples])
        if not np.allclose(expected, got, atol=1e-3):
            raise RuntimeError("exported model does not reproduce scikit-learn's scores")
