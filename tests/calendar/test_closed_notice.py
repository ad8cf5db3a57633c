"""The closed-hours notice: once per ticket, in the customer's language, on its channel; not when open."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlmodel import col, select

from backend.calendar import admin
from backend.calendar.expectation import reply_expectation
from backend.calendar.loader import load_shipped_calendars
from backend.calendar.notice import notice_client_id
from backend.calendar.shipped import shipped_spec
from backend.db import Actor, read_session, transaction
from backend.models import AuditEvent, Message, Notification
from backend.services.organisation import ensure_organisation
from tests.support.factories import make_customer, open_ticket
from tests.support.jobs import failed_job_count, run_queued_jobs
from workers.jobs.calendar import send_closed_hours_notice

DHAKA = ZoneInfo("Asia/Dhaka")
WEEK = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def setup_calendar(hours: str) -> None:
    with transaction(Actor.system()) as tx:
        load_shipped_calendars(tx, ensure_organisation(tx).id)
    with transaction(Actor.system()) as tx:
        admin.update_weekly_hours(tx, calendar_name="default", hours=dict.fromkeys(WEEK, hours))
        row = admin.get_calendar_row(tx, "default")
        row.closed_kinds = []  # today's date must not matter: only the hours decide
        admin.set_jumuah_break(tx, calendar_name="default", interval=None)


def system_messages(ticket_id) -> list[Message]:  # type: ignore[no-untyped-def]
    with read_session() as session:
        return list(
            session.exec(
                select(Message).where(Message.ticket_id == ticket_id, Message.author_type == "system")
            )
        )


def closed_now() -> str:
    """Hours that are closed for the next half hour whenever the test runs (open later today or tomorrow)."""
    return "23:00-23:30" if datetime.now(DHAKA).hour < 12 else "01:00-01:30"


def test_ticket_created_while_closed_gets_one_notice_in_the_customers_language() -> None:
    setup_calendar(closed_now())
    customer = make_customer(locale="en")
    ticket = open_ticket(customer).ticket
    run_queued_jobs()
    assert send_closed_hours_notice(str(ticket.id)) == "sent"  # a retry: still one message
    run_queued_jobs()
    notices = system_messages(ticket.id)
    assert len(notices) == 1
    notice = notices[0]
    assert notice.direction == "outbound" and notice.channel == ticket.channel
    assert notice.client_id == notice_client_id(ticket.id)
    assert notice.body.startswith("Outside office hours: we will reply by")
    assert closed_now()[:5] in notice.body
    with read_session() as session:
        audit = session.exec(
            select(AuditEvent).where(AuditEvent.action == "message.closed_hours_notice")
        ).all()
        in_app = session.exec(
            select(Notification).where(Notification.message_id == notice.id, Notification.channel == "in_app")
        ).all()
    assert len(audit) == 1 and audit[0].actor_type == "system" and audit[0].data["locale"] == "en"
    assert len(in_app) == 1  # the reply path ran (in-app notification and poke)
    assert failed_job_count() == 0


def test_bengali_customer_reads_bengali() -> None:
    setup_calendar(closed_now())
    ticket = open_ticket(make_customer(locale="bn")).ticket
    run_queued_jobs()
    (notice,) = system_messages(ticket.id)
    assert notice.body.startswith("অফিস সময়ের বাইরে:") and notice.body.endswith("উত্তর দেব।")
    assert any(digit in notice.body for digit in "০১২৩") and "0" not in notice.body


def test_no_notice_while_open() -> None:
    setup_calendar("00:00-24:00")
    ticket = open_ticket(make_customer(locale="en")).ticket
    run_queued_jobs()
    assert send_closed_hours_notice(str(ticket.id)) == "not_due"
    assert system_messages(ticket.id) == []


def test_no_notice_before_calendars_exist() -> None:
    ticket = open_ticket(make_customer()).ticket
    run_queued_jobs()
    assert send_closed_hours_notice(str(ticket.id)) == "not_due"
    with read_session() as session:
        assert session.exec(select(col(Message.id)).where(Message.author_type == "system")).all() == []


def test_reply_expectation_sentences() -> None:
    default, payments = shipped_spec("default"), shipped_spec("payments")
    eid = datetime(2026, 5, 29, 9, 0, tzinfo=DHAKA)
    assert reply_expectation(payments, eid, "en") == "Eid-ul-Adha holidays: we will reply by Monday 10:00."
    assert reply_expectation(payments, eid, "bn") == "ঈদুল আযহার ছুটি: সোমবার ১০:০০-এর মধ্যে উত্তর দেব।"
    jumuah = datetime(2026, 4, 3, 13, 0, tzinfo=DHAKA)
    assert reply_expectation(default, jumuah, "en") == "Jumu'ah prayer break: we will reply by 14:30 today."
    assert reply_expectation(default, jumuah, "bn") == "জুমার নামাজের বিরতি: আজ ১৪:৩০-এর মধ্যে উত্তর দেব।"
    assert reply_expectation(default, datetime(2026, 4, 3, 11, 0, tzinfo=DHAKA), "en") is None
    # Ramadan evening: the range's own name.
    assert reply_expectation(default, datetime(2026, 3, 2, 17, 0, tzinfo=DHAKA), "en") == (
        "Ramadan hours: we will reply by Tuesday 10:00."
    )


def test_an_sms_ticket_gets_the_notice_as_an_sms_to_the_customers_phone() -> None:
    setup_calendar(closed_now())
    customer = make_customer(locale="bn")
    ticket = open_ticket(customer, channel="sms").ticket
    # The job itself (the listener enqueued it too); the SMS notification it queues is the end of
    # this path here: sending it is the SMS channel's job, tested with its own peer.
    assert send_closed_hours_notice(str(ticket.id)) == "sent"
    assert send_closed_hours_notice(str(ticket.id)) == "sent"  # a rerun: still one message, one SMS
    (notice,) = system_messages(ticket.id)
    assert notice.channel == "sms"
    with read_session() as session:
        sms = session.exec(
            select(Notification).where(Notification.message_id == notice.id, Notification.channel == "sms")
        ).all()
    assert len(sms) == 1 and sms[0].to_address == customer.phone and sms[0].purpose == "reply"


def test_the_notice_follows_the_team_the_ticket_has_when_the_job_runs() -> None:
    from backend.models import Team, Ticket
    from tests.support.factories import make_team

    setup_calendar("00:00-24:00")  # the default calendar is always open
    payments = make_team(slug="payments", name="Payments")
    with transaction(Actor.system()) as tx:
        admin.update_weekly_hours(tx, calendar_name="payments", hours=dict.fromkeys(WEEK, closed_now()))
        row = admin.get_calendar_row(tx, "payments")
        row.closed_kinds = []
        admin.assign_team_calendar(tx, team_id=payments.id, calendar_name="payments")
    ticket = open_ticket(make_customer(locale="en")).ticket
    with transaction(Actor.system()) as tx:  # routed to payments before the notice job runs
        stored = tx.session.get(Ticket, ticket.id)
        assert stored is not None and tx.session.get(Team, payments.id) is not None
        stored.team_id = payments.id
        tx.session.add(stored)
    run_queued_jobs()
    (notice,) = system_messages(ticket.id)
    assert notice.body.startswith("Outside office hours: we will reply by")
