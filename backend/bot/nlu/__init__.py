"""The bot's language understanding: intent, language (bn/banglish/en) and sentiment of a customer message.

Public interface (imports are lazy so that `classify` does not pull in scikit-learn):
- `classify(text) -> Classification` with the shipped model (loaded once, thread-safe)
- `load_model(path=None) -> BotModel`; `BotModel.classify(text)`
- `train(dataset_dir, out_dir, *, seed=0, progress=None) -> TrainReport`
- `evaluate(model, rows) -> EvalReport`
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from backend.bot.nlu.model import MODEL_DIR, BotModel, Classification, classify, load_model

if TYPE_CHECKING:
    from backend.bot.nlu.evaluation import EvalReport
    from backend.bot.nlu.training import TrainReport

__all__ = [
    "MODEL_DIR",
    "BotModel",
    "Classification",
    "EvalReport",
    "TrainReport",
    "classify",
    "evaluate",
    "load_model",
    "train",
]


def train(*args: Any, **kwargs: Any) -> TrainReport:
    """Train and write a model directory (see backend.bot.nlu.training.train)."""
    from backend.bot.nlu.training import train as _train

    return _train(*args, **kwargs)


def evaluate(model: Any, rows: Any, task: str = "intent") -> EvalReport:
    """Evaluate a model on labelled rows (see backend.bot.nlu.evaluation.evaluate)."""
    from backend.bot.nlu.evaluation import evaluate as _evaluate

    return _evaluate(model, rows, task=task)


def __getattr__(name: str) -> Any:
    if name == "TrainReport":
        from backend.bot.nlu.training import TrainReport

        return TrainReport
    if name == "EvalReport":
        from backend.bot.nlu.evaluation import EvalReport

        return EvalReport
    raise AttributeError(name)
