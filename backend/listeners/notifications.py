"""Customer notifications: queued sends go to the high queue; agent replies trigger the reply job."""

from __future__ import annotations

from backend.events import MessageCreated, NotificationQueued, listens_to
from backend.models.enums import AuthorType, MessageDirection
from backend.queue import QueueName, enqueue


@listens_to(NotificationQueued)
def deliver_queued_notification(event: NotificationQueued) -> None:
    enqueue(
        "workers.jobs.notifications.deliver_notification",
        str(event.notification_id),
        queue=QueueName.high,
        job_id=f"deliver-{event.notification_id}",
    )


@listens_to(MessageCreated)
def notify_customer_of_reply(event: MessageCreated) -> None:
    if event.direction == MessageDirection.outbound and event.author_type in (
        AuthorType.agent,
        AuthorType.bot,
    ):
        enqueue(
            "workers.jobs.notifications.notify_customer_of_reply",
            str(event.message_id),
            queue=QueueName.high,
            job_id=f"reply-{event.message_id}",
        )
