"""Run a coroutine to the end from a synchronous test.

The browser tests' Playwright keeps an event loop running in the main thread for the whole
session, where `asyncio.run` refuses to start; a worker thread has no loop of its own."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")


def run_async(coroutine: Coroutine[Any, Any, T]) -> T:
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()
