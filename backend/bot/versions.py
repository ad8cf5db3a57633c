"""Model versions: the shipped model and retrained ones, which one is active, the A/B challenger and
its traffic share, activation and rollback, and loading a version's classifier (cached per process).

Retrained versions live in DATA_DIR/bot-models/<label>/; the shipped model is the directory in the
repository (`backend/bot/nlu/model`), registered as version "shipped" the first time it is needed.
"""

from __future__ import annotations

import hashlib
import threading
import uuid
from pathlib import Path
from typing import Any, Protocol

from sqlmodel import Session, col, select

from backend.config import get_settings
from backend.db import Tx
from backend.errors import NotFound, ValidationFailed
from backend.models import BotModelVersion
from backend.models.base import utcnow

SHIPPED = "shipped"
RETRAINED = "retrained"
TRAINING, READY, FAILED = "training", "ready", "failed"


class Classifier(Protocol):
    def classify(self, text: str) -> Any: ...


def models_dir() -> Path:
    return get_settings().data_dir / "bot-models"


def version_dir(version: BotModelVersion) -> Path | None:
    """The model directory of `version` (None: the shipped model)."""
    return None if version.source == SHIPPED or not version.path else models_dir() / version.path


def ensure_shipped_version(tx: Tx) -> BotModelVersion:
    """The row for the shipped model; created (and made active when nothing is) on first use."""
    row = tx.session.exec(select(BotModelVersion).where(BotModelVersion.label == SHIPPED)).first()
    if row is not None:
        metrics = _shipped_metrics()
        if metrics and metrics.get("model") != (row.metrics or {}).get("model"):
            row.metrics = metrics  # a release shipped a retrained model: show its evaluation
            tx.session.add(row)
        return row
    any_active = tx.session.exec(select(BotModelVersion.id).where(col(BotModelVersion.is_active))).first()
    now = utcnow()
    row = BotModelVersion(
        label=SHIPPED,
        source=SHIPPED,
        status=READY,
        progress=1.0,
        is_active=any_active is None,
        activated_at=None if any_active else now,
        finished_at=now,
        metrics=_shipped_metrics(),
    )
    tx.session.add(row)
    tx.session.flush()
    tx.audit("bot.version_registered", "bot_model_version", row.id, label=SHIPPED)
    return row


def _shipped_metrics() -> dict[str, Any]:
    """The shipped model's held-out evaluation (written next to it by the trainer)."""
    import json

    try:
        from backend.bot.nlu.model import MODEL_DIR

        report = json.loads((MODEL_DIR / "heldout_intent.json").read_text(encoding="utf-8"))
        manifest = json.loads((MODEL_DIR / "manifest.json").read_text(encoding="utf-8"))
    except (ImportError, OSError, ValueError):
        return {}
    report["errors"] = list(report.get("errors") or [])[:25]
    seconds = (manifest.get("metrics") or {}).get("train_seconds")
    return {"heldout_intent": report, "train_seconds": seconds, "model": manifest.get("version")}


def active_version(session: Session) -> BotModelVersion | None:
    return session.exec(select(BotModelVersion).where(col(BotModelVersion.is_active))).first()


def challenger(session: Session) -> BotModelVersion | None:
    return session.exec(
        select(BotModelVersion).where(
            col(BotModelVersion.traffic_percent) > 0,
            col(BotModelVersion.is_active).is_(False),
            BotModelVersion.status == READY,
        )
    ).first()


def ab_bucket(key: uuid.UUID | str) -> int:
    """0-99, the same for the same key forever (SHA-256, not Python's salted hash)."""
    return int(hashlib.sha256(str(key).encode()).hexdigest()[:8], 16) % 100


def choose_version(tx: Tx, customer_id: uuid.UUID) -> BotModelVersion:
    """The version that answers this customer: the challenger for its share of customers (by a
    stable hash of the customer id, so one customer always meets the same model), else the active."""
    active = active_version(tx.session) or ensure_shipped_version(tx)
    if not active.is_active:  # the shipped row existed but somebody deactivated everything
        active.is_active = True
        tx.session.add(active)
    other = challenger(tx.session)
    if other is not None and ab_bucket(customer_id) < other.traffic_percent:
        return other
    return active


def get_version(session: Session, version_id: uuid.UUID) -> BotModelVersion:
    version = session.get(BotModelVersion, version_id)
    if version is None:
        raise NotFound("bot_version_not_found")
    return version


def check_quality_gate(version: BotModelVersion) -> None:
    """Refuse a version whose held-out accuracy is below BOT_MIN_ACCURACY overall or in any language
    (the issue's gate: 0.90); the bilingual error names the figure that failed."""
    gate = get_settings().bot_min_accuracy
    report = (version.metrics or {}).get("heldout_intent") or {}
    figures = {"overall": report.get("accuracy")}
    figures.update(
        {lang: (v or {}).get("accuracy") for lang, v in (report.get("per_language") or {}).items()}
    )
    if figures["overall"] is None or not {"bn", "banglish", "en"} <= set(figures):
        raise ValidationFailed("bot_version_not_evaluated", label=version.label)
    for name, value in figures.items():
        if value is None or float(value) < gate:
            raise ValidationFailed(
                "bot_version_below_gate",
                label=version.label,
                part=name,
                accuracy=f"{float(value or 0):.3f}",
                gate=f"{gate:.2f}",
            )


def activate(tx: Tx, version_id: uuid.UUID) -> BotModelVersion:
    """Make a ready version the active one (the previous one stays for rollback); a challenger that
    becomes active leaves the A/B test."""
    version = get_version(tx.session, version_id)
    if version.status != READY:
        raise ValidationFailed("bot_version_not_ready", label=version.label)
    current = active_version(tx.session)
    if current is not None and current.id == version.id:
        return version
    check_quality_gate(version)
    if current is not None:
        current.is_active = False
        tx.session.add(current)
    version.is_active = True
    version.traffic_percent = 0
    version.activated_at = utcnow()
    tx.session.add(version)
    tx.audit(
        "bot.version_activated",
        "bot_model_version",
        version.id,
        label=version.label,
        previous=current.label if current else None,
    )
    return version


def rollback(tx: Tx) -> BotModelVersion:
    """Go back to the version that was active before the current one."""
    current = active_version(tx.session)
    if current is None or current.activated_at is None:
        raise ValidationFailed("bot_no_previous_version")
    previous = tx.session.exec(
        select(BotModelVersion)
        .where(
            BotModelVersion.status == READY,
            BotModelVersion.id != current.id,
            col(BotModelVersion.activated_at).is_not(None),
            col(BotModelVersion.activated_at) < current.activated_at,
        )
        .order_by(col(BotModelVersion.activated_at).desc())
    ).first()
    if previous is None:
        raise ValidationFailed("bot_no_previous_version")
    current.is_active = False
    previous.is_active = True
    previous.traffic_percent = 0
    # Not re-stamped: a second rollback goes one further back, not forth again.
    tx.session.add_all([current, previous])
    tx.audit(
        "bot.version_rolled_back",
        "bot_model_version",
        previous.id,
        label=previous.label,
        from_label=current.label,
    )
    return previous


def set_ab_test(tx: Tx, version_id: uuid.UUID | None, percent: int) -> BotModelVersion | None:
    """Give a ready, inactive version `percent` (1-90) of new conversations; None or 0 stops the test."""
    for row in tx.session.exec(select(BotModelVersion).where(col(BotModelVersion.traffic_percent) > 0)):
        row.traffic_percent = 0
        tx.session.add(row)
    if version_id is None or percent == 0:
        tx.audit("bot.ab_stopped", "bot_model_version", "-")
        return None
    if not 1 <= percent <= 90:
        raise ValidationFailed("bot_ab_share_invalid", percent=percent)
    version = get_version(tx.session, version_id)
    if version.status != READY or version.is_active:
        raise ValidationFailed("bot_ab_version_invalid", label=version.label)
    check_quality_gate(version)
    version.traffic_percent = percent
    tx.session.add(version)
    tx.audit("bot.ab_started", "bot_model_version", version.id, label=version.label, percent=percent)
    return version


_cache: dict[tuple[str, str], Classifier] = {}
_cache_lock = threading.Lock()


def classifier_for(version: BotModelVersion) -> Classifier:
    """The loaded model of `version`, once per process (models are read-only after loading)."""
    directory = version_dir(version)
    key = (str(version.id), str(directory))
    with _cache_lock:
        found = _cache.get(key)
        if found is not None:
            return found
    from backend.bot.nlu.model import load_model, shipped_model

    model: Classifier = shipped_model() if directory is None else load_model(directory)
    with _cache_lock:
        _cache[key] = model
    return model
