"""Evaluate a bot model on labelled rows: accuracy overall and per language, per-label P/R/F1, confusion.

`write_reports` saves the report as JSON and the confusion matrix as a PNG picture (Pillow) next to the
model.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from backend.bot.nlu.dataset import Row


@dataclass
class EvalReport:
    """Scores of one evaluation run."""

    task: str  # intent | sentiment | language
    n: int
    accuracy: float
    per_language: dict[str, dict[str, float]]  # language -> {n, accuracy}
    per_label: dict[str, dict[str, float]]  # label -> {precision, recall, f1, support}
    labels: list[str]
    confusion: list[list[int]]  # rows: true label, columns: predicted label
    mean_confidence: float
    errors: list[dict[str, Any]] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        return {
            "n": self.n,
            "accuracy": round(self.accuracy, 4),
            "per_language": self.per_language,
            "mean_confidence": round(self.mean_confidence, 4),
            "macro_f1": round(sum(v["f1"] for v in self.per_label.values()) / max(len(self.per_label), 1), 4),
        }

    def as_dict(self) -> dict[str, Any]:
        return {
            "task": self.task,
            **self.summary(),
            "per_label": self.per_label,
            "labels": self.labels,
            "confusion": self.confusion,
            "errors": self.errors,
        }


def _predict(model: Any, text: str, task: str) -> tuple[str, float, str]:
    result = model.classify(text)
    if task == "sentiment":
        return result.sentiment, result.sentiment_score, result.language
    if task == "language":
        return result.language, 1.0, result.language
    return result.intent, result.confidence, result.language


def evaluate(model: Any, rows: Iterable[Row], task: str = "intent", max_errors: int = 200) -> EvalReport:
    """Score `model` (anything with .classify(text) -> Classification) on labelled rows."""
    rows = list(rows)
    truth: list[str] = []
    predicted: list[str] = []
    confidences: list[float] = []
    by_language: dict[str, list[bool]] = {}
    errors: list[dict[str, Any]] = []
    for row in rows:
        label = row.language if task == "language" else row.label
        guess, confidence, _ = _predict(model, row.text, task)
        truth.append(label)
        predicted.append(guess)
        confidences.append(confidence)
        by_language.setdefault(row.language, []).append(guess == label)
        if guess != label and len(errors) < max_errors:
            errors.append({"text": row.text, "language": row.language, "expected": label, "predicted": guess})
    labels = sorted(set(truth) | set(predicted))
    index = {label: i for i, label in enumerate(labels)}
    confusion = [[0] * len(labels) for _ in labels]
    for t, p in zip(truth, predicted, strict=True):
        confusion[index[t]][index[p]] += 1
    per_label: dict[str, dict[str, float]] = {}
    for label, i in index.items():
        tp = confusion[i][i]
        predicted_n = sum(confusion[r][i] for r in range(len(labels)))
        support = sum(confusion[i])
        precision = tp / predicted_n if predicted_n else 0.0
        recall = tp / support if support else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_label[label] = {
            "precision": round(precision, 4),
            "recall": round(recall, 4),
            "f1": round(f1, 4),
            "support": support,
        }
    n = len(rows)
    correct = sum(1 for t, p in zip(truth, predicted, strict=True) if t == p)
    return EvalReport(
        task=task,
        n=n,
        accuracy=correct / n if n else 0.0,
        per_language={
            lang: {"n": len(hits), "accuracy": round(sum(hits) / len(hits), 4)}
            for lang, hits in sorted(by_language.items())
        },
        per_label=per_label,
        labels=labels,
        confusion=confusion,
        mean_confidence=sum(confidences) / n if n else 0.0,
        errors=errors,
    )


def write_reports(report: EvalReport, directory: Path, name: str) -> None:
    """`<name>.json` (the whole report) and `<name>_confusion.png` (the matrix as a picture)."""
    (directory / f"{name}.json").write_text(
        json.dumps(report.as_dict(), indent=1, ensure_ascii=False), encoding="utf-8"
    )
    draw_confusion_png(report, directory / f"{name}_confusion.png")


def draw_confusion_png(report: EvalReport, path: Path) -> None:
    """Draw the confusion matrix: rows are the true labels, columns the predictions, darker = more."""
    from PIL import Image, ImageDraw, ImageFont

    labels = report.labels
    cell, left, top = 34, 150, 150
    size = len(labels)
    width, height = left + cell * size + 20, top + cell * size + 60
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default()
    title = (
        f"{report.task}: accuracy {report.accuracy:.3f} on {report.n} rows (rows: true, columns: predicted)"
    )
    draw.text((10, 10), title, fill="black", font=font)
    for i, label in enumerate(labels):
        draw.text((10, top + i * cell + cell // 3), label[:22], fill="black", font=font)
        column = Image.new("RGBA", (top - 20, 14), (255, 255, 255, 0))
        ImageDraw.Draw(column).text((0, 0), label[:22], fill="black", font=font)
        rotated = column.rotate(90, expand=True)
        image.paste(rotated, (left + i * cell + cell // 3, 20), rotated)
    for i, row in enumerate(report.confusion):
        total = max(sum(row), 1)
        for j, count in enumerate(row):
            share = count / total
            if i == j:
                colour = (int(255 - 180 * share), int(255 - 60 * share), int(255 - 180 * share))
            else:
                colour = (255, int(255 - 200 * share), int(255 - 200 * share))
            x0, y0 = left + j * cell, top + i * cell
            draw.rectangle((x0, y0, x0 + cell - 1, y0 + cell - 1), fill=colour, outline=(200, 200, 200))
            if count:
                draw.text((x0 + 6, y0 + cell // 3), str(count), fill="black", font=font)
    image.save(path, format="PNG")
