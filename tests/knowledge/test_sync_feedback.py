"""`kb.feedback` through /api/sync/push: answered offline, pushed later, counted exactly once."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlmodel import select

from app.api import make_api
from backend.db import read_session
from backend.models import AuditEvent
from backend.models.knowledge import KbArticle, KbFeedback
from tests.support.sync_client import new_sync_customer


@pytest.fixture
def client(help_centre: int) -> Iterator[TestClient]:
    with TestClient(make_api()) as test_client:
        yield test_client


def _article(slug: str = "otp-not-received", lang: str = "bn") -> KbArticle:
    with read_session() as session:
        return session.exec(select(KbArticle).where(KbArticle.slug == slug, KbArticle.lang == lang)).one()


def test_feedback_queued_offline_is_counted_once_when_the_outbox_is_pushed_again(client: TestClient) -> None:
    customer = new_sync_customer(client)
    article = _article()
    # Offline: the app queued the tap in its outbox; the first push got no answer back (lost on 2G),
    # so the app sends the same outbox entry again.
    queued = customer.mutation("kb.feedback", {"article_id": str(article.id), "helpful": True})
    for _ in range(2):
        response = customer.push(queued)
        assert response.status_code == 200, response.text
    assert response.json()["rejections"] == []
    # The same device tapping again (a new seq) is acknowledged and changes nothing.
    again = customer.mutation("kb.feedback", {"article_id": str(article.id), "helpful": False})
    assert customer.push(again).json()["rejections"] == []
    refreshed = _article()
    assert (refreshed.helpful_yes, refreshed.helpful_no) == (1, 0)
    with read_session() as session:
        rows = session.exec(select(KbFeedback).where(KbFeedback.article_id == article.id)).all()
        audited = session.exec(select(AuditEvent).where(AuditEvent.action == "kb.feedback")).all()
    assert len(rows) == 1 and rows[0].customer_id == customer.customer_id
    assert len(audited) == 1


def test_another_device_counts_separately(client: TestClient) -> None:
    article = _article("refund-timelines", "en")
    for helpful in (True, False):
        device = new_sync_customer(client)
        device.push(device.mutation("kb.feedback", {"article_id": str(article.id), "helpful": helpful}))
    refreshed = _article("refund-timelines", "en")
    assert (refreshed.helpful_yes, refreshed.helpful_no) == (1, 1)


@pytest.mark.parametrize(
    ("args", "code"),
    [
        ({"article_id": "00000000-0000-0000-0000-000000000000", "helpful": True}, "kb_article_not_found"),
        ({"article_id": "not-a-uuid", "helpful": True}, "invalid_args"),
        ({"helpful": "yes"}, "invalid_args"),
        ({"helpful": True, "stars": 5}, "invalid_args"),
    ],
)
def test_bad_feedback_is_rejected_and_does_not_block_the_queue(
    client: TestClient, args: dict, code: str
) -> None:
    customer = new_sync_customer(client)
    args = {"article_id": str(_article().id), **args} if "article_id" not in args else args
    body = customer.push(customer.mutation("kb.feedback", args)).json()
    assert [r["code"] for r in body["rejections"]] == [code]
