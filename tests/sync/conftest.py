"""Fixtures for the sync tests: the composed API in-process, signed-in customers, agents."""

from __future__ import annotations

import warnings
from collections.abc import Iterator

import pytest

from app.api import make_api
from tests.support.sync_client import SyncCustomer, new_sync_customer

with warnings.catch_warnings():
    warnings.simplefilter("ignore", UserWarning)
    from fastapi.testclient import TestClient


@pytest.fixture
def client() -> Iterator[TestClient]:
    with TestClient(make_api()) as test_client:
        yield test_client


@pytest.fixture
def customer(client: TestClient) -> SyncCustomer:
    return new_sync_customer(client)


@pytest.fixture
def other_customer(client: TestClient) -> SyncCustomer:
    return new_sync_customer(client)
