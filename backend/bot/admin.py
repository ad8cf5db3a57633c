"""What supervisors and admins do with the bot (the /admin/bot page and `seba bot`): connect it to
inboxes, label messages, retrain, activate or roll back a version, run an A/B test. Each action is
one audited transaction; every function checks the caller's role first."""

from __future__ import annotations

import uuid

from sqlmodel import col, select

from backend.auth.principal import Principal, require_agent
from backend.bot import training, versions
from backend.bot.events import BotRetrainRequested
from backend.db import Actor, Tx, transaction
from backend.errors import NotFound, ValidationFailed
from backend.models import BotInbox, BotModelVersion, BotTrainingExample, BotTurn, Inbox
from backend.models.enums import Role

BOT_ROLE = Role.supervisor  # supervisors and admins


def _actor(principal: Principal | None) -> tuple[Principal, Actor]:
    who = require_agent(principal, BOT_ROLE)
    return who, Actor.agent(who.id)


def set_inbox_connection(tx: Tx, channel: str, *, on: bool, agent_id: uuid.UUID | None = None) -> bool:
    """Connect (or disconnect) the bot to the channel's inbox; True when something changed. From
    then on the bot answers the inbox's new tickets; earlier tickets and conversations in progress
    are not affected."""
    from backend.bot.hold import BOT_CHANNELS
    from backend.services.organisation import inbox_for_channel

    if channel not in BOT_CHANNELS:
        raise ValidationFailed("bot_channel_unsupported", channel=str(channel)[:20])
    inbox = inbox_for_channel(tx.session, channel)
    row = tx.session.get(BotInbox, inbox.id)
    if on and row is None:
        tx.session.add(BotInbox(inbox_id=inbox.id, enabled_by_agent_id=agent_id))
        tx.audit("bot.inbox_connected", "inbox", inbox.id, channel=channel)
        return True
    if not on and row is not None:
        tx.session.delete(row)
        tx.audit("bot.inbox_disconnected", "inbox", inbox.id, channel=channel)
        return True
    return False


def connect_inbox(principal: Principal | None, *, channel: str) -> bool:
    who, actor = _actor(principal)
    with transaction(actor) as tx:
        return set_inbox_connection(tx, channel, on=True, agent_id=who.id)


def disconnect_inbox(principal: Principal | None, *, channel: str) -> bool:
    _, actor = _actor(principal)
    with transaction(actor) as tx:
        return set_inbox_connection(tx, channel, on=False)


def connected_channels() -> list[str]:
    from backend.db import read_session

    with read_session() as session:
        rows = session.exec(
            select(Inbox.channel).join(BotInbox, col(BotInbox.inbox_id) == col(Inbox.id))
        ).all()
    return sorted(set(rows))


def label(principal: Principal | None, *, turn_id: uuid.UUID, intent: str) -> BotTrainingExample:
    who = require_agent(principal)  # every agent may label what the bot did not understand
    with transaction(Actor.agent(who.id)) as tx:
        return training.label_turn(tx, turn_id=turn_id, intent=intent)


def dismiss(principal: Principal | None, *, turn_id: uuid.UUID) -> BotTurn:
    who = require_agent(principal)
    with transaction(Actor.agent(who.id)) as tx:
        return training.dismiss_turn(tx, turn_id=turn_id)


def request_retraining(principal: Principal | None) -> BotModelVersion:
    """A new version row (`training`); after the commit the retraining job fills it. One at a time."""
    who, actor = _actor(principal)
    with transaction(actor) as tx:
        running = tx.session.exec(
            select(BotModelVersion.label).where(BotModelVersion.status == versions.TRAINING)
        ).first()
        if running is not None:
            raise ValidationFailed("bot_training_running", label=running)
        versions.ensure_shipped_version(tx)
        count = len(
            tx.session.exec(
                select(BotModelVersion.id).where(BotModelVersion.source == versions.RETRAINED)
            ).all()
        )
        label_text = f"v{count + 1}"
        while tx.session.exec(select(BotModelVersion.id).where(BotModelVersion.label == label_text)).first():
            count += 1
            label_text = f"v{count + 1}"
        version = BotModelVersion(
            label=label_text,
            source=versions.RETRAINED,
            status=versions.TRAINING,
            path=label_text,
            progress_note="queued",
            created_by_agent_id=who.id,
        )
        tx.session.add(version)
        tx.session.flush()
        tx.audit("bot.retrain_requested", "bot_model_version", version.id, label=label_text)
        tx.emit(BotRetrainRequested(version.id))
        return version


def activate(principal: Principal | None, *, version_id: uuid.UUID) -> BotModelVersion:
    _, actor = _actor(principal)
    with transaction(actor) as tx:
        return versions.activate(tx, version_id)


def rollback(principal: Principal | None) -> BotModelVersion:
    _, actor = _actor(principal)
    with transaction(actor) as tx:
        return versions.rollback(tx)


def set_ab_test(
    principal: Principal | None, *, version_id: uuid.UUID | None, percent: int
) -> BotModelVersion | None:
    _, actor = _actor(principal)
    with transaction(actor) as tx:
        return versions.set_ab_test(tx, version_id, percent)


def ensure_shipped(principal: Principal | None = None) -> BotModelVersion:
    actor = Actor.system() if principal is None else _actor(principal)[1]
    with transaction(actor) as tx:
        return versions.ensure_shipped_version(tx)


def version_by_label(label_text: str) -> BotModelVersion:
    from backend.db import read_session

    with read_session() as session:
        row = session.exec(select(BotModelVersion).where(BotModelVersion.label == label_text)).first()
    if row is None:
        raise NotFound("bot_version_not_found")
    return row


DEMO_CONNECTED = "bot.demo_connected"


def connect_demo_inboxes(tx: Tx) -> int:
    """The demo (development only): the bot answers new web, sms and email tickets. Done once (an
    audit marker), so an admin who turns the bot off on a channel is not overridden by a restart.
    Tickets already there stay with people (they are older than the connection)."""
    from backend.bot.hold import BOT_CHANNELS
    from backend.models import AuditEvent

    if tx.session.exec(select(AuditEvent.id).where(AuditEvent.action == DEMO_CONNECTED)).first():
        return 0
    connected = sum(set_inbox_connection(tx, channel, on=True) for channel in BOT_CHANNELS)
    tx.audit(DEMO_CONNECTED, "organisation", "demo", channels=list(BOT_CHANNELS))
    return connected
