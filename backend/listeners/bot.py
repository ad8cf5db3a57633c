"""The support bot reacts to customers' messages on tickets it holds (a job per message), hands
tickets it gave up to routing, and queues retraining runs.

Turn jobs are not retried: a turn that fails hands the ticket to a person at once (the customer
should not wait for retries) and stays in the failed registry for an admin."""

from __future__ import annotations

from backend.bot.events import BotHandedOff, BotRetrainRequested
from backend.bot.hold import ACTIVE, BOT_CHANNELS, bot_holds
from backend.db import read_session
from backend.events import MessageCreated, TicketCreated, listens_to
from backend.models import BotConversation, Ticket
from backend.models.enums import AuthorType, MessageDirection
from backend.queue import QueueName, enqueue

TURN_JOB = "workers.jobs.bot.run_bot_turn"
NEW_TICKET_JOB = "workers.jobs.bot.run_bot_for_new_ticket"
RETRAIN_JOB = "workers.jobs.bot.retrain_bot_model"


def _bot_wants(ticket_id: object) -> bool:
    with read_session() as session:
        ticket = session.get(Ticket, ticket_id)
        if ticket is None:
            return False
        conversation = session.get(BotConversation, ticket.id)
        if conversation is not None:
            return conversation.status == ACTIVE
        return bot_holds(session, ticket)


@listens_to(TicketCreated)
def answer_new_ticket(event: TicketCreated) -> None:
    if event.channel in BOT_CHANNELS and _bot_wants(event.ticket_id):
        enqueue(
            NEW_TICKET_JOB,
            str(event.ticket_id),
            queue=QueueName.high,
            job_id=f"bot-ticket-{event.ticket_id}",
        )


@listens_to(MessageCreated)
def answer_customer_message(event: MessageCreated) -> None:
    if event.direction != MessageDirection.inbound or event.author_type != AuthorType.customer:
        return
    if _bot_wants(event.ticket_id):
        enqueue(
            TURN_JOB,
            str(event.message_id),
            queue=QueueName.high,
            job_id=f"bot-turn-{event.message_id}",
        )


@listens_to(BotHandedOff)
def route_handed_off_ticket(event: BotHandedOff) -> None:
    from backend.listeners.routing import route_soon

    route_soon(event.ticket_id, "bot_handoff")


@listens_to(BotRetrainRequested)
def queue_retraining(event: BotRetrainRequested) -> None:
    enqueue(RETRAIN_JOB, str(event.version_id), queue=QueueName.low, job_id=f"bot-retrain-{event.version_id}")
