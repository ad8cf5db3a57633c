"""The bot on email: a customer's email (SendGrid Inbound Parse, recorded fixture) is answered by
email through the local SendGrid peer, in Bengali, on the ticket's own thread."""

from __future__ import annotations

import uuid
from typing import Any

from tests.bot_flows.conftest import FixedClassifier, bot_replies, conversation, ticket
from tests.channels.email.conftest import client, post_inbound, sendgrid_peer  # noqa: F401  (fixtures)
from tests.support.jobs import run_queued_jobs

WRONG_ITEM = "আমি নীল শাড়ি অর্ডার করেছিলাম, লাল এসেছে। ছবি আর চালান সংযুক্ত করলাম।"


def test_an_email_with_a_photo_of_the_wrong_item_is_answered_by_email(
    client: Any,  # noqa: F811
    sendgrid_peer: Any,  # noqa: F811
    bot_inboxes: None,
    classifier: FixedClassifier,
) -> None:
    classifier.on_part(WRONG_ITEM, "item_problem", language="bn", sentiment="negative", sentiment_score=0.7)
    response = post_inbound(client, "new_unknown_sender")
    assert response.status_code == 200, response.text
    ticket_id = uuid.UUID(response.json()["ticket_id"])
    run_queued_jobs()
    [reply] = bot_replies(ticket_id)
    assert (
        reply.startswith("ধন্যবাদ।") and "জরুরি" in reply
    )  # the photo came with the email (the PDF is no photo)
    state = conversation(ticket_id)
    assert state.slots["photos"] == 1 and state.handoff_reason == "needs_agent"
    assert ticket(ticket_id).priority == "high" and ticket(ticket_id).channel == "email"
    [sent] = sendgrid_peer.sent
    text = next(c["value"] for c in sent["body"]["content"] if c["type"] == "text/plain")
    assert reply in text
    assert sent["body"]["personalizations"][0]["to"][0]["email"] == "farhana.akter@yahoo.com"
