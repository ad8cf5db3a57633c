"""Reproducible builds: the same commit builds to the same asset names and bytes, whether built
again in place (a server restart) or in a fresh checkout, so phones never re-download an
unchanged bundle over 2G. Real `reflex export` builds, in copies of the repository."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from backend.cli.supervisor import reflex_environment
from backend.config import PROJECT_ROOT

pytestmark = [pytest.mark.e2e, pytest.mark.no_stores]


def _checkout(dest: Path) -> Path:
    """A clean copy of the tracked files, like a fresh clone (no .web, no build)."""
    files = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        check=True,
    ).stdout.split(b"\0")
    for name in filter(None, files):
        source = PROJECT_ROOT / name.decode()
        if source.is_file():
            target = dest / name.decode()
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    return dest


def _build(project: Path) -> dict[str, str]:
    env = reflex_environment()
    env["PYTHONPATH"] = str(project)
    result = subprocess.run(
        [sys.executable, "-m", "reflex", "export", "--frontend-only", "--no-zip", "--env", "prod"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    client = project / ".web" / "build" / "client"
    return {
        path.relative_to(client).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(client.rglob("*"))
        if path.is_file()
    }


def test_same_commit_builds_identical_assets(tmp_path: Path) -> None:
    first = _build(_checkout(tmp_path / "a"))
    rebuilt = _build(tmp_path / "a")  # a restart rebuilds in place
    fresh = _build(_checkout(tmp_path / "b"))  # another clean checkout of the same commit

    assets = sorted(name for name in first if name.startswith("assets/") and name.endswith(".js"))
    assert len(assets) > 5, first
    assert rebuilt == first, {
        k: (first.get(k), rebuilt.get(k)) for k in set(first) | set(rebuilt) if first.get(k) != rebuilt.get(k)
    }
    assert fresh == first, {
        k: (first.get(k), fresh.get(k)) for k in set(first) | set(fresh) if first.get(k) != fresh.get(k)
    }
    # The service worker's version is a content hash: unchanged when nothing changed.
    version = json.loads((tmp_path / "a" / ".web" / "build" / "client" / "build-version.json").read_text())
    assert len(version["version"]) == 16


def test_a_code_change_changes_the_service_worker_version(tmp_path: Path) -> None:
    project = _checkout(tmp_path / "c")
    before = _build(project)
    css = project / "assets" / "seba.css"
    css.write_text(css.read_text() + "\n.changed-for-the-test { color: red; }\n")
    after = _build(project)
    assert before["sw.js"] != after["sw.js"]
    unchanged_chunks = [n for n in before if n.startswith("assets/") and n in after and before[n] == after[n]]
    assert unchanged_chunks, "JS chunks that did not change should keep their names and bytes"
