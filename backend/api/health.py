"""/healthz: the database, Redis and the worker heartbeat, for load balancers and people."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from backend.health import database_status, redis_status, worker_status

router = APIRouter(tags=["health"])


@router.get("/healthz")
async def healthz() -> JSONResponse:
    def collect() -> dict[str, dict[str, object]]:
        parts = {"database": database_status(), "redis": redis_status()}
        parts["worker"] = worker_status() if parts["redis"].ok else parts["redis"]
        return {name: {"ok": s.ok, "detail": s.words} for name, s in parts.items()}

    parts = await run_in_threadpool(collect)
    # The web process can serve while the worker restarts: only the stores decide 200 or 503.
    serving = parts["database"]["ok"] and parts["redis"]["ok"]
    body = {
        "status": "ok" if serving and parts["worker"]["ok"] else ("degraded" if serving else "down"),
        **parts,
    }
    return JSONResponse(body, status_code=200 if serving else 503)
