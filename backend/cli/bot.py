"""`seba bot`: classify customer messages (the INTENTS.md contract), train and evaluate the bot's models."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import IO, Any

import click


@click.group()
def bot() -> None:
    """Support bot: intent, language and sentiment of customer messages."""


def _error(code: str, **params: Any) -> str:
    """`code: English / Bengali` from the message catalog (backend/i18n/messages.py)."""
    from backend.i18n.messages import message

    return f"{code}: {message(code, 'en', **params)} / {message(code, 'bn', **params)}"


def _line_error(raw: bytes) -> tuple[str | None, str | None]:
    """(text, None) for a usable input line, else (None, error message)."""
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None, _error("bot_line_encoding")
    if not line.strip():
        return None, _error("bot_line_empty")
    try:
        payload = json.loads(line)
    except ValueError:
        return None, _error("bot_line_json")
    if not isinstance(payload, dict):
        return None, _error("bot_line_not_object")
    text = payload.get("text")
    if text is None:
        return None, _error("bot_text_missing")
    if not isinstance(text, str):
        return None, _error("bot_text_not_string")
    if not text.strip():
        return None, _error("bot_text_empty")
    return text, None


def classify_stream(source: IO[bytes], sink: IO[str], model: Any) -> int:
    """Answer every JSON line of `source` with one JSON line on `sink`, in order; returns lines read."""
    count = 0
    for raw in source:
        count += 1
        text, error = _line_error(raw.rstrip(b"\r\n"))
        if error is not None:
            out: dict[str, Any] = {"error": error}
        else:
            try:
                out = model.classify(text).as_contract()
            except Exception as exc:  # one bad message must not stop the stream
                out = {"error": _error("bot_classify_failed", detail=type(exc).__name__)}
        sink.write(json.dumps(out, ensure_ascii=False) + "\n")
        sink.flush()
    return count


@bot.command("classify")
@click.option(
    "--model",
    "model_dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="A model directory (default: the model shipped with Seba).",
)
def classify_command(model_dir: Path | None) -> None:
    """Read JSON lines {"text": "..."} on stdin; write {"intent", "confidence", "language", "sentiment"}.

    One output line per input line, in order, flushed at once; a malformed line gets {"error": "..."}.
    Needs no server, database or network."""
    from backend.bot.nlu.model import load_model

    try:
        model = load_model(model_dir)
    except (OSError, ValueError, KeyError) as exc:
        raise click.ClickException(_error("bot_model_unavailable", detail=str(exc))) from exc
    try:
        classify_stream(sys.stdin.buffer, sys.stdout, model)
    except BrokenPipeError:  # the reader went away (e.g. `| head -1`): stop quietly
        sys.stderr.close()
        os._exit(0)


@bot.command("train")
@click.option(
    "--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), help="Where to write the model."
)
@click.option(
    "--data", "data_dir", type=click.Path(exists=True, file_okay=False, path_type=Path), help="Training data."
)
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print the training report as one JSON object.")
def train_command(out_dir: Path | None, data_dir: Path | None, seed: int, as_json: bool) -> None:
    """Train the intent, sentiment and language models and write them (default: the shipped model)."""
    from backend.bot.nlu.dataset import DATA_DIR
    from backend.bot.nlu.training import train

    def progress(fraction: float, message: str) -> None:
        if not as_json:
            click.echo(f"[{fraction * 100:5.1f}%] {message}", err=True)

    report = train(data_dir or DATA_DIR, out_dir, seed=seed, progress=progress)
    if as_json:
        payload = report.as_dict()
        payload["heldout"] = {k: v for k, v in payload["heldout"].items() if k not in ("errors", "confusion")}
        click.echo(json.dumps(payload, ensure_ascii=False))
        return
    held = report.heldout
    click.echo(f"model {report.version} in {report.out_dir} ({report.seconds:.1f} s)")
    click.echo(f"out-of-scope threshold: {report.oos_threshold}")
    click.echo(f"held-out intent accuracy {held['accuracy']:.4f} on {held['n']} rows")
    for language, scores in held["per_language"].items():
        click.echo(f"  {language:<9} {scores['accuracy']:.4f} ({scores['n']} rows)")


@bot.command("evaluate")
@click.option(
    "--model",
    "model_dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="A model directory (default: the shipped model).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the reports as one JSON object.")
def evaluate_command(model_dir: Path | None, as_json: bool) -> None:
    """Evaluate a model on its held-out split and on the separate test sets (unseen phrasings, CLINC oos)."""
    from backend.bot.nlu.evaluation import evaluate
    from backend.bot.nlu.model import load_model
    from backend.bot.nlu.testsets import evaluation_sets

    model = load_model(model_dir)
    results: dict[str, Any] = {"version": model.version}
    for name, task, rows in evaluation_sets(model.directory):
        results[name] = evaluate(model, rows, task=task).summary()
    if as_json:
        click.echo(json.dumps(results, ensure_ascii=False))
        return
    click.echo(f"model {model.version}")
    for name, summary in results.items():
        if name == "version":
            continue
        langs = ", ".join(f"{k} {v['accuracy']:.3f} ({v['n']})" for k, v in summary["per_language"].items())
        click.echo(f"{name:<22} accuracy {summary['accuracy']:.4f} on {summary['n']} rows; {langs}")
