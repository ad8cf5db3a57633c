"""Email attachment files: content-addressed under DATA_DIR/attachments/<sha256>, written once.

A file is written (atomically, through a temporary name) before the transaction that references it;
if that transaction rolls back the file stays, unreferenced and harmless, and a retry reuses it."""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path
from typing import Any

from backend.config import Settings

FOLDER = "attachments"


def attachment_path(settings: Settings, sha256: str) -> Path:
    return settings.data_dir / FOLDER / sha256


def store_bytes(settings: Settings, data: bytes) -> str:
    """Keep `data`; returns its sha256 (the file's name)."""
    digest = hashlib.sha256(data).hexdigest()
    path = attachment_path(settings, digest)
    if path.exists() and path.stat().st_size == len(data):
        return digest
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".incoming-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return digest


def stored_entry(
    settings: Settings, data: bytes, *, filename: str, content_type: str, kind: str = "file"
) -> dict[str, Any]:
    """Store `data` and describe it the way Message.attachments lists it."""
    digest = store_bytes(settings, data)
    return {
        "kind": kind,
        "filename": filename,
        "content_type": content_type,
        "size": len(data),
        "sha256": digest,
        "path": f"{FOLDER}/{digest}",
    }
