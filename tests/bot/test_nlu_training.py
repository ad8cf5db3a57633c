"""Training: reproducible with a seed, progress reported, model written and readable, CLI train/evaluate."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from backend.bot.nlu import evaluate, load_model, train
from backend.bot.nlu.dataset import DATA_DIR, read_rows_jsonl, split_heldout

pytestmark = pytest.mark.no_stores
ROOT = Path(__file__).resolve().parents[2]


def _head(source: Path, target: Path, lines: int) -> None:
    with source.open(encoding="utf-8") as fh:
        target.write_text("".join(line for _, line in zip(range(lines), fh, strict=False)), encoding="utf-8")


@pytest.fixture(scope="module")
def small_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The team's own utterances in full, small slices of the public sets (fast training)."""
    root = tmp_path_factory.mktemp("corpus")
    shutil.copytree(DATA_DIR / "intents" / "seba", root / "intents" / "seba")
    _head(DATA_DIR / "intents" / "bitext_en.csv", root / "intents" / "bitext_en.csv", 400)
    _head(DATA_DIR / "intents" / "clinc_en.csv", root / "intents" / "clinc_en.csv", 300)
    (root / "sentiment").mkdir()
    _head(DATA_DIR / "sentiment" / "bprd_bn.csv", root / "sentiment" / "bprd_bn.csv", 700)
    shutil.copy(DATA_DIR / "sentiment" / "seba_sentiment.tsv", root / "sentiment" / "seba_sentiment.tsv")
    return root


def _arrays(directory: Path) -> dict[str, np.ndarray]:
    out = {}
    for npz in sorted(directory.glob("*.npz")):
        with np.load(npz, allow_pickle=False) as data:
            out.update({f"{npz.stem}.{k}": data[k] for k in data.files})
    return out


def test_training_is_reproducible_with_the_seed(small_corpus: Path, tmp_path: Path) -> None:
    progress: list[tuple[float, str]] = []
    first = train(small_corpus, tmp_path / "a", seed=3, progress=lambda f, m: progress.append((f, m)))
    second = train(small_corpus, tmp_path / "b", seed=3)
    a, b = _arrays(tmp_path / "a"), _arrays(tmp_path / "b")
    assert a.keys() == b.keys()
    for key in a:
        assert np.array_equal(a[key], b[key]), key
    for name in ("intent.vocab.json", "heldout_intents.jsonl"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    assert first.counts == second.counts and first.oos_threshold == second.oos_threshold
    fractions = [f for f, _ in progress]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    # Another seed draws another held-out split.
    other = train(small_corpus, tmp_path / "c", seed=4)
    assert (tmp_path / "c" / "heldout_intents.jsonl").read_bytes() != (
        tmp_path / "a" / "heldout_intents.jsonl"
    ).read_bytes()
    assert other.version != ""


def test_trained_model_is_complete_and_evaluable(small_corpus: Path, tmp_path: Path) -> None:
    report = train(small_corpus, tmp_path / "m", seed=0)
    directory = tmp_path / "m"
    manifest = json.loads((directory / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["version"] == report.version and manifest["seed"] == 0
    assert len(manifest["data_hash"]) == 64
    assert manifest["metrics"]["heldout_intent"]["accuracy"] == pytest.approx(
        report.heldout["accuracy"], abs=1e-4
    )
    png = (directory / "heldout_intent_confusion.png").read_bytes()
    assert png.startswith(b"\x89PNG")
    confusion = json.loads((directory / "heldout_intent.json").read_text(encoding="utf-8"))
    assert sum(map(sum, confusion["confusion"])) == confusion["n"]
    model = load_model(directory)
    heldout = read_rows_jsonl(directory / "heldout_intents.jsonl")
    again = evaluate(model, heldout)
    assert again.accuracy == pytest.approx(report.heldout["accuracy"], abs=1e-4)
    assert model.classify("amar order kothay").intent == "track_order"
    assert not (tmp_path / "m.partial").exists()


def test_heldout_split_is_stratified_and_disjoint() -> None:
    from backend.bot.nlu.dataset import load_intent_rows

    rows = load_intent_rows()
    train_rows, heldout = split_heldout(rows, seed=0)
    assert not ({(r.text, r.label) for r in train_rows} & {(r.text, r.label) for r in heldout})
    share = len(heldout) / len(rows)
    assert 0.18 <= share <= 0.22
    for language in ("bn", "banglish"):
        for intent in {r.label for r in rows}:
            stratum = [r for r in heldout if r.language == language and r.label == intent]
            assert len(stratum) >= 5, (language, intent)


def test_cli_train_and_evaluate(small_corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "cli-model"
    base = [sys.executable, "-m", "backend.cli.main", "bot"]
    trained = subprocess.run(
        [*base, "train", "--data", str(small_corpus), "--out", str(out), "--json"],
        capture_output=True,
        cwd=ROOT,
        timeout=600,
        check=False,
    )
    assert trained.returncode == 0, trained.stderr.decode()
    payload = json.loads(trained.stdout)
    assert payload["out_dir"] == str(out) and 0 <= payload["heldout"]["accuracy"] <= 1
    evaluated = subprocess.run(
        [*base, "evaluate", "--model", str(out), "--json"],
        capture_output=True,
        cwd=ROOT,
        timeout=300,
        check=False,
    )
    assert evaluated.returncode == 0, evaluated.stderr.decode()
    results = json.loads(evaluated.stdout)
    assert results["version"] == payload["version"]
    assert {"heldout_intent", "heldout_sentiment", "unseen_intent", "clinc_oos_test"} <= set(results)
