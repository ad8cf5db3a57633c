"""One retraining run: the shipped training data plus every example agents labelled, trained by
`backend.bot.nlu.train` into DATA_DIR/bot-models/<label>/, with progress written to the version row
(the admin page polls it) and the held-out evaluation stored on it when done."""

from __future__ import annotations

import base64
import json
import logging
import shutil
import uuid
from pathlib import Path
from typing import Any

from sqlmodel import col, select

from backend.bot import versions
from backend.db import Actor, read_session, transaction
from backend.errors import ValidationFailed
from backend.models import BotModelVersion, BotTrainingExample
from backend.models.base import utcnow

log = logging.getLogger(__name__)

PROGRESS_STEP = 0.02  # write progress only when it moved this much (one short transaction each)
ERRORS_KEPT = 25


def shipped_data_dir() -> Path:
    from backend.bot.nlu.dataset import DATA_DIR

    return DATA_DIR


def _clean(text: str) -> str:
    return " ".join(text.replace("\t", " ").split())


def build_dataset(target: Path, source: Path | None = None) -> dict[str, int]:
    """Copy the shipped data to `target` and append the labelled examples to the team's own
    `intents/seba/<intent>.tsv` files (the format nlu.dataset reads). Returns counts per source."""
    source = source or shipped_data_dir()
    if not (source / "intents").is_dir():
        raise ValidationFailed("bot_training_data_missing", detail=str(source))
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    own = target / "intents" / "seba"
    own.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    with read_session() as session:
        examples = session.exec(select(BotTrainingExample).order_by(col(BotTrainingExample.created_at))).all()
    by_intent: dict[str, list[str]] = {}
    for example in examples:
        text = _clean(example.text)
        if not text or example.language not in ("bn", "banglish", "en"):
            continue
        by_intent.setdefault(example.intent, []).append(f"{example.language}\t{text}")
        counts[example.source] = counts.get(example.source, 0) + 1
    for intent, lines in by_intent.items():
        path = own / f"{intent}.tsv"
        with path.open("a", encoding="utf-8") as fh:
            fh.write("\n# labelled by agents in Seba (bot_training_example)\n" + "\n".join(lines) + "\n")
    counts["labelled_total"] = sum(len(v) for v in by_intent.values())
    return counts


class _Progress:
    """Writes the training's progress to the version row, at most every PROGRESS_STEP."""

    def __init__(self, version_id: uuid.UUID) -> None:
        self.version_id = version_id
        self.last = -1.0

    def __call__(self, fraction: float, note: str) -> None:
        if fraction < 1.0 and fraction - self.last < PROGRESS_STEP:
            return
        self.last = fraction
        with transaction(Actor.system()) as tx:
            row = tx.session.get(BotModelVersion, self.version_id)
            if row is not None and row.status == versions.TRAINING:
                row.progress, row.progress_note = min(max(fraction, 0.0), 0.99), note[:200]
                tx.session.add(row)


def run_retraining(version_id: uuid.UUID, *, data_dir: Path | None = None, seed: int = 0) -> str:
    """Train version `version_id` (status training); idempotent: a finished version is left alone."""
    from backend.bot import nlu

    with read_session() as session:
        version = session.get(BotModelVersion, version_id)
    if version is None:
        return "missing"
    if version.status != versions.TRAINING:
        return version.status
    out_dir = versions.models_dir() / version.path
    work = versions.models_dir() / f"{version.path}.data"
    progress = _Progress(version_id)
    try:
        progress(0.01, "preparing data")
        counts = build_dataset(work, data_dir)
        report = nlu.train(work, out_dir, seed=seed, progress=progress)
    except Exception as exc:
        _finish(version_id, status=versions.FAILED, error=f"{type(exc).__name__}: {exc}"[:2000])
        shutil.rmtree(work, ignore_errors=True)
        raise
    shutil.rmtree(work, ignore_errors=True)
    heldout = dict(report.heldout)
    heldout["errors"] = list(heldout.get("errors") or [])[:ERRORS_KEPT]
    _finish(
        version_id,
        status=versions.READY,
        metrics={
            "heldout_intent": heldout,
            "train_seconds": round(report.seconds, 2),
            "model": report.version,
        },
        counts={**report.counts, **counts},
    )
    return versions.READY


def _finish(
    version_id: uuid.UUID,
    *,
    status: str,
    error: str | None = None,
    metrics: dict[str, Any] | None = None,
    counts: dict[str, Any] | None = None,
) -> None:
    with transaction(Actor.system()) as tx:
        row = tx.session.get(BotModelVersion, version_id)
        if row is None:
            return
        row.status, row.error, row.finished_at = status, error, utcnow()
        row.progress = 1.0 if status == versions.READY else row.progress
        row.progress_note = "done" if status == versions.READY else "failed"
        if metrics is not None:
            row.metrics = metrics
        if counts is not None:
            row.example_counts = counts
        tx.session.add(row)
        tx.audit(f"bot.version_{status}", "bot_model_version", row.id, label=row.label, error=error)


def evaluation_report(version: BotModelVersion) -> dict[str, Any]:
    """The held-out intent evaluation of `version` (accuracy, per language, per-intent F1, confusion)."""
    stored = (version.metrics or {}).get("heldout_intent")
    if isinstance(stored, dict) and stored.get("confusion"):
        return stored
    directory = _directory(version)
    path = directory / "heldout_intent.json" if directory else None
    if path is not None and path.is_file():
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        return data
    return {}


def confusion_png_data_uri(version: BotModelVersion) -> str:
    """The confusion-matrix picture the trainer drew, as a data: URI (empty when there is none)."""
    directory = _directory(version)
    path = directory / "heldout_intent_confusion.png" if directory else None
    if path is None or not path.is_file():
        return ""
    return "data:image/png;base64," + base64.b64encode(path.read_bytes()).decode("ascii")


def _directory(version: BotModelVersion) -> Path | None:
    directory = versions.version_dir(version)
    if directory is None:
        from backend.bot.nlu.model import MODEL_DIR

        return MODEL_DIR
    return directory
