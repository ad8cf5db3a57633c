"""Bot NLU: classification latency per message (p50/p99) on one core, training time, model size on disk.

Loads the shipped model (backend/bot/nlu/model), pins the process to one CPU core and single-threaded
BLAS, then classifies every held-out and unseen message (bn, banglish, en, mixed), `--rounds` times,
timing each `BotModel.classify` call (intent + language + sentiment): wall time, and the thread's
CPU time (the same call without the waits a busy shared machine adds). With `--train` it also times a
full training run into a temporary directory (the shipped model is left alone). Prints one JSON object.
Usage: `.venv/bin/python -m bench.bot_classify [--rounds 5] [--train]`.
"""

from __future__ import annotations

import argparse
import json
import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import platform  # noqa: E402
import statistics  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--train", action="store_true", help="also time a full training run")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})

    started = time.perf_counter()
    from backend.bot.nlu.dataset import read_rows_jsonl
    from backend.bot.nlu.model import MODEL_DIR, load_model
    from backend.bot.nlu.testsets import read_unseen

    model = load_model()
    load_seconds = time.perf_counter() - started
    texts = [r.text for r in read_rows_jsonl(MODEL_DIR / "heldout_intents.jsonl")]
    texts += [r.text for r in read_unseen()]
    for text in texts[:50]:  # warm caches
        model.classify(text)
    timings: list[float] = []
    cpu: list[float] = []
    for _ in range(args.rounds):
        for text in texts:
            c0, t0 = time.thread_time(), time.perf_counter()
            model.classify(text)
            timings.append((time.perf_counter() - t0) * 1000)
            cpu.append((time.thread_time() - c0) * 1000)
    size = sum(p.stat().st_size for p in MODEL_DIR.iterdir() if p.suffix in (".npz", ".json"))
    result: dict[str, object] = {
        "machine": f"{platform.machine()} {os.cpu_count()} cores, Python {platform.python_version()}",
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "model_version": model.version,
        "model_load_seconds": round(load_seconds, 3),
        "messages": len(texts),
        "classifications": len(timings),
        "latency_ms": {
            "p50": round(_percentile(timings, 50), 3),
            "p90": round(_percentile(timings, 90), 3),
            "p99": round(_percentile(timings, 99), 3),
            "max": round(max(timings), 3),
            "mean": round(statistics.fmean(timings), 3),
        },
        # CPU time of the classifying thread: the cost itself, without waiting for a busy core.
        "cpu_ms": {
            "p50": round(_percentile(cpu, 50), 3),
            "p99": round(_percentile(cpu, 99), 3),
            "max": round(max(cpu), 3),
        },
        "model_bytes_loaded": size,
        "model_dir_bytes_total": sum(p.stat().st_size for p in MODEL_DIR.iterdir()),
    }
    if args.train:
        from backend.bot.nlu.training import train

        with tempfile.TemporaryDirectory() as tmp:
            t0 = time.perf_counter()
            report = train(out_dir=Path(tmp) / "model")
            result["train_seconds"] = round(time.perf_counter() - t0, 2)
            result["train_rows"] = report.counts
    result["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
