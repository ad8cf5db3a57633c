"""HTTP API routers (FastAPI) that the Reflex app mounts under /api, plus /healthz."""
