"""Training infrastructure: agents' corrections and labels become training data, retraining as an RQ
job produces a version with its held-out evaluation, activation and rollback, the A/B split
(deterministic per customer, containment measured per version), and the monitoring figures."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from sqlmodel import select

from backend.auth.principal import Principal
from backend.bot import admin, metrics, queries, training_run, versions
from backend.db import Actor, read_session, transaction
from backend.errors import Forbidden, ValidationFailed
from backend.models import BotConversation, BotModelVersion, BotTrainingExample, BotTurn
from backend.models.base import utcnow
from backend.services.ticket_ops import set_intent
from tests.bot_flows.conftest import FixedClassifier, WebChat, conversation
from tests.support.factories import make_agent
from tests.support.jobs import run_queued_jobs

LANGUAGES = ("bn", "banglish", "en")


def _principal(role: str = "supervisor") -> Principal:
    agent = make_agent(role=role, name=f"{role.title()} Rahman")
    return Principal(
        kind="agent", id=agent.id, session_id=uuid.uuid4(), name=agent.name, locale="en", role=role
    )


def test_an_intent_corrected_by_an_agent_becomes_a_training_example(
    api: Any, bot_inboxes: None, classifier: FixedClassifier
) -> None:
    classifier.on("order ta batil korte chai", "track_order")  # the bot got it wrong
    chat = WebChat(api)
    chat.say("order ta batil korte chai")
    agent = make_agent()
    with transaction(Actor.agent(agent.id)) as tx:
        set_intent(tx, ticket_id=chat.ticket_id, intent="cancel_order")  # type: ignore[arg-type]
    with read_session() as session:
        example = session.exec(select(BotTrainingExample)).one()
        turn = session.get(BotTurn, example.turn_id)
        points = metrics.accuracy_on_labelled(session, period="day")
    assert (example.text, example.intent, example.language) == (
        "order ta batil korte chai",
        "cancel_order",
        "banglish",
    )
    assert example.source == "agent_correction" and example.labelled_by_agent_id == agent.id
    assert turn is not None and turn.review_status == "labelled" and turn.corrected_intent == "cancel_order"
    assert [(p.labelled, p.correct) for p in points] == [(1, 0)]
    # An agent confirming what the bot read counts as correct.
    with transaction(Actor.agent(agent.id)) as tx:
        set_intent(tx, ticket_id=chat.ticket_id, intent="track_order")  # type: ignore[arg-type]
    with read_session() as session:
        assert session.exec(select(BotTrainingExample)).one().intent == "track_order"  # one per message
        assert [(p.labelled, p.correct) for p in metrics.accuracy_on_labelled(session, period="week")] == [
            (1, 1)
        ]


def test_a_ticket_the_bot_never_read_gives_no_example(api: Any, classifier: FixedClassifier) -> None:
    from tests.support.factories import make_customer, open_ticket

    opened = open_ticket(make_customer())
    agent = make_agent()
    with transaction(Actor.agent(agent.id)) as tx:
        set_intent(tx, ticket_id=opened.ticket.id, intent="complaint")
    with read_session() as session:
        assert session.exec(select(BotTrainingExample)).first() is None


def test_agents_label_what_the_bot_did_not_understand(
    api: Any, bot_inboxes: None, classifier: FixedClassifier
) -> None:
    chat = WebChat(api)
    chat.say("amar jinis ta onno rokom")
    chat.say("blah blah")
    with read_session() as session:
        queue = queries.review_queue(session)
    assert [item.text for item in queue] == ["blah blah", "amar jinis ta onno rokom"]
    labeller = _principal("agent")
    admin.label(labeller, turn_id=queue[1].turn_id, intent="item_problem")
    admin.dismiss(labeller, turn_id=queue[0].turn_id)
    with pytest.raises(ValidationFailed) as refused:
        admin.label(labeller, turn_id=queue[0].turn_id, intent="no_such_intent")
    assert refused.value.code == "intent_unknown"
    with read_session() as session:
        assert queries.review_queue(session) == []
        labelled = queries.review_queue(session, include_labelled=True)
        example = session.exec(select(BotTrainingExample)).one()
    assert [(i.text, i.corrected_intent) for i in labelled] == [("amar jinis ta onno rokom", "item_problem")]
    assert (example.source, example.intent, example.labelled_by_agent_id) == (
        "review",
        "item_problem",
        labeller.id,
    )


def test_retraining_job_produces_a_version_with_its_evaluation_then_activate_and_rollback(
    api: Any, bot_inboxes: None, classifier: FixedClassifier
) -> None:
    chat = WebChat(api)
    chat.say("amar parcel er khobor ki")
    with read_session() as session:
        turn = session.exec(select(BotTurn)).one()
    supervisor = _principal()
    admin.label(supervisor, turn_id=turn.id, intent="track_order")
    version = admin.request_retraining(supervisor)
    assert (version.label, version.status, version.progress_note) == ("v1", "training", "queued")
    with pytest.raises(ValidationFailed) as busy:
        admin.request_retraining(supervisor)
    assert busy.value.code == "bot_training_running"
    run_queued_jobs()
    with read_session() as session:
        trained = session.get(BotModelVersion, version.id)
        shipped = session.exec(select(BotModelVersion).where(BotModelVersion.label == "shipped")).one()
    assert trained is not None and trained.status == "ready", trained and trained.error
    assert trained.progress == 1.0 and trained.finished_at is not None
    assert trained.example_counts["review"] == 1 and trained.example_counts["intent_heldout"] > 100
    report = training_run.evaluation_report(trained)
    assert report["accuracy"] >= 0.85 and set(report["per_language"]) == {"bn", "banglish", "en"}
    assert 0 <= report["per_label"]["track_order"]["f1"] <= 1 and len(report["confusion"]) == len(
        report["labels"]
    )
    assert training_run.confusion_png_data_uri(trained).startswith("data:image/png;base64,")
    directory = versions.version_dir(trained)
    assert directory is not None and (directory / "manifest.json").is_file()
    own = (directory.parent / "v1.data").exists()
    assert not own  # the merged data set is removed after training
    # The trained model really classifies (loaded from DATA_DIR/bot-models/v1).
    from backend.bot.nlu import load_model

    assert load_model(directory).classify("amar order kothay?").intent == "track_order"

    assert shipped.is_active
    admin.activate(supervisor, version_id=trained.id)
    with read_session() as session:
        assert versions.active_version(session).label == "v1"  # type: ignore[union-attr]
    back = admin.rollback(supervisor)
    assert back.label == "shipped"
    with pytest.raises(ValidationFailed) as nothing_left:
        admin.rollback(supervisor)
    assert nothing_left.value.code == "bot_no_previous_version"


def test_only_supervisors_and_admins_manage_versions() -> None:
    with pytest.raises(Forbidden):
        admin.request_retraining(_principal("agent"))
    with pytest.raises(Forbidden):
        admin.rollback(_principal("agent"))


def test_a_version_still_training_cannot_be_activated() -> None:
    supervisor = _principal()
    version = admin.request_retraining(supervisor)
    with pytest.raises(ValidationFailed) as refused:
        admin.activate(supervisor, version_id=version.id)
    assert refused.value.code == "bot_version_not_ready"


def _ready_version(label: str) -> BotModelVersion:
    with transaction(Actor.system()) as tx:
        versions.ensure_shipped_version(tx)
        report = {
            "accuracy": 0.95,
            "per_language": {lang: {"accuracy": 0.93, "n": 100} for lang in LANGUAGES},
        }
        row = BotModelVersion(
            label=label,
            source="retrained",
            status="ready",
            path=label,
            finished_at=utcnow(),
            metrics={"heldout_intent": report},
        )
        tx.session.add(row)
        return row


def test_ab_split_is_deterministic_per_customer_and_measured_per_version(
    api: Any, bot_inboxes: None, classifier: FixedClassifier
) -> None:
    challenger = _ready_version("v7")
    supervisor = _principal()
    with pytest.raises(ValidationFailed):
        admin.set_ab_test(supervisor, version_id=challenger.id, percent=95)
    admin.set_ab_test(supervisor, version_id=challenger.id, percent=30)
    customers = [uuid.UUID(int=i * 7919 + 13) for i in range(400)]
    with transaction(Actor.system()) as tx:
        first = [versions.choose_version(tx, c).label for c in customers]
        again = [versions.choose_version(tx, c).label for c in customers]
    assert first == again
    share = first.count("v7") / len(first)
    assert 0.22 <= share <= 0.38
    assert all(versions.ab_bucket(c) < 30 for c, label in zip(customers, first, strict=True) if label == "v7")

    # Conversations remember their version; containment is counted per version.
    classifier.on("hi", "greeting")
    by_version: dict[str, list[Any]] = {"v7": [], "shipped": []}
    while min(len(v) for v in by_version.values()) < 2:
        chat = WebChat(api)
        label = "v7" if versions.ab_bucket(chat.customer_id) < 30 else "shipped"  # type: ignore[arg-type]
        if len(by_version[label]) >= 2:
            continue
        chat.say("hi")
        by_version[label].append(chat)
    by_version["v7"][0].say("thanks")  # contained
    by_version["v7"][1].say("agent")  # handed off
    by_version["shipped"][0].say("thanks")
    by_version["shipped"][1].say("thanks")
    for label, chats in by_version.items():
        for chat in chats:
            with read_session() as session:
                row = session.get(BotConversation, chat.ticket_id)
                assert row is not None and session.get(BotModelVersion, row.model_version_id).label == label  # type: ignore[union-attr]
    with read_session() as session:
        measured = {v.label: v.containment for v in metrics.containment_by_version(session)}
        overall = metrics.containment(session)
    assert measured["v7"].containment_rate == 0.5 and measured["v7"].handoff_reasons == {"talk_to_agent": 1}
    assert measured["shipped"].containment_rate == 1.0
    assert (overall.resolved, overall.handed_off, overall.containment_rate) == (3, 1, 0.75)
    admin.set_ab_test(supervisor, version_id=None, percent=0)
    with read_session() as session:
        assert versions.challenger(session) is None


def test_conversation_keeps_its_version_when_the_active_one_changes(
    api: Any, bot_inboxes: None, classifier: FixedClassifier
) -> None:
    classifier.on("hi", "greeting")
    chat = WebChat(api)
    chat.say("hi")
    started_on = conversation(chat.ticket_id).model_version_id  # type: ignore[arg-type]
    other = _ready_version("v2")
    admin.activate(_principal(), version_id=other.id)
    chat.say("hi")
    assert conversation(chat.ticket_id).model_version_id == started_on  # type: ignore[arg-type]


def test_a_bot_resolved_ticket_reopened_to_a_person_is_not_contained(
    api: Any, bot_inboxes: None, classifier: FixedClassifier
) -> None:
    from backend.services.messages import post_agent_reply

    classifier.on("hi", "greeting")
    chat = WebChat(api)
    chat.say("hi")
    chat.say("thanks")
    with read_session() as session:
        assert metrics.containment(session).containment_rate == 1.0
    chat.say("ar ekta proshno ache")  # reopens the ticket: people answer from now on
    agent = make_agent()
    with transaction(Actor.agent(agent.id)) as tx:
        post_agent_reply(tx, agent_id=agent.id, ticket_id=chat.ticket_id, body="Bolun, ami achi.")  # type: ignore[arg-type]
    with read_session() as session:
        figures = metrics.containment(session)
    assert (figures.resolved, figures.handed_off, figures.handoff_reasons) == (0, 1, {"reopened_to_agent": 1})


def test_a_slot_answer_is_not_sent_to_review(
    api: Any, bot_inboxes: None, classifier: FixedClassifier
) -> None:
    classifier.on("amar order kothay?", "track_order")
    chat = WebChat(api)
    chat.say("amar order kothay?")
    chat.say("240117")  # the fixed classifier does not understand it; it answers the bot's question
    with read_session() as session:
        assert queries.review_queue(session) == []
        turns = session.exec(select(BotTurn)).all()
    assert sorted(t.action for t in turns) == ["asked", "asked"]


def test_a_version_below_the_quality_gate_cannot_serve_customers() -> None:
    weak = _ready_version("v3")
    with transaction(Actor.system()) as tx:
        row = tx.session.get(BotModelVersion, weak.id)
        assert row is not None
        report = dict(row.metrics["heldout_intent"])
        report["per_language"] = {**report["per_language"], "banglish": {"accuracy": 0.87, "n": 100}}
        row.metrics = {"heldout_intent": report}
        tx.session.add(row)
    supervisor = _principal()
    for attempt in (
        lambda: admin.activate(supervisor, version_id=weak.id),
        lambda: admin.set_ab_test(supervisor, version_id=weak.id, percent=20),
    ):
        with pytest.raises(ValidationFailed) as refused:
            attempt()
        assert refused.value.code == "bot_version_below_gate"
        assert "banglish accuracy 0.870 is below 0.90" in refused.value.message("en")
    with read_session() as session:
        assert versions.active_version(session).label == "shipped"  # type: ignore[union-attr]
