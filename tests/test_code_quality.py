"""ruff (lint and format) and mypy stay clean: the suite fails when they do not."""

from __future__ import annotations

import subprocess
import sys

import pytest

from backend.config import PROJECT_ROOT

pytestmark = pytest.mark.no_stores
PACKAGES = ["backend", "sync", "workers", "app", "state", "components", "tests", "bench"]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    existing = [p for p in PACKAGES if (PROJECT_ROOT / p).exists()]
    return subprocess.run(
        [sys.executable, "-m", *args, *existing] if args[0] == "ruff" else [sys.executable, "-m", *args],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_ruff_lint_is_clean() -> None:
    result = _run("ruff", "check", "--output-format", "concise")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format_is_clean() -> None:
    result = _run("ruff", "format", "--check")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_is_clean_on_backend_sync_and_workers() -> None:
    result = _run("mypy")
    assert result.returncode == 0, result.stdout + result.stderr
