"""The `seba` command on the real stores: schema, demo, admin accounts and the health report."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
from click.testing import CliRunner, Result
from rq import SimpleWorker
from sqlmodel import func, select

from backend import logging_setup
from backend.auth.agents import sign_in_agent
from backend.cli.main import cli
from backend.db import read_session
from backend.migrations import head_revision
from backend.models import Agent, Customer, Message, Team, TeamMembership, Ticket
from backend.queue import ALL_QUEUES, get_queue
from backend.redis_store import get_redis
from tests.support.environment import production_settings


@pytest.fixture(autouse=True)
def keep_test_logging() -> Iterator[None]:
    """The CLI configures process-wide logging on stderr; put pytest's logging back afterwards."""
    root = logging.getLogger()
    handlers, level, configured = root.handlers[:], root.level, logging_setup._configured
    yield
    root.handlers[:] = handlers
    root.setLevel(level)
    logging_setup._configured = configured


def _seba(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def _count(model: type) -> int:
    with read_session() as session:
        return int(session.exec(select(func.count()).select_from(model)).one())


def test_db_upgrade_prints_the_revision() -> None:
    result = _seba("db", "upgrade")
    assert result.exit_code == 0, result.output
    assert result.output.strip() == f"Database is at revision {head_revision()}."
    current = _seba("db", "current")
    assert current.output.strip() == f"database: {head_revision()}; code: {head_revision()}"


def test_seed_demo_seeds_once() -> None:
    first = _seba("seed-demo")
    assert first.exit_code == 0, first.output
    assert first.output.startswith("Demo seeded.")
    assert "admin@seba.test" in first.output and "seba-admin-2026" in first.output
    counts = (_count(Agent), _count(Customer), _count(Ticket), _count(Team), _count(Message))
    assert counts[:4] == (5, 12, 12, 2)

    second = _seba("seed-demo")
    assert second.exit_code == 0, second.output
    assert second.output.startswith("Demo already present; nothing changed.")
    assert (_count(Agent), _count(Customer), _count(Ticket), _count(Team), _count(Message)) == counts


def test_the_demo_speaks_bengali_banglish_and_english_across_two_teams() -> None:
    assert _seba("seed-demo").exit_code == 0
    with read_session() as session:
        tickets = session.exec(select(Ticket)).all()
        teams = {t.slug: t for t in session.exec(select(Team))}
        agents = {a.email: a for a in session.exec(select(Agent))}
        members = session.exec(select(TeamMembership)).all()
    assert {t.language for t in tickets} == {"bn", "banglish", "en"}
    assert any(any("\u0980" <= ch <= "\u09ff" for ch in t.subject) for t in tickets if t.language == "bn")
    assert set(teams) == {"general", "payments"}
    # Payment problems go to the payments team.
    payment_tickets = [t for t in tickets if t.category == "payment_issue"]
    assert payment_tickets and all(t.team_id == teams["payments"].id for t in payment_tickets)
    assert {a.role for a in agents.values()} == {"admin", "supervisor", "agent"}
    assert (teams["payments"].id, agents["tania@seba.test"].id) in {(m.team_id, m.agent_id) for m in members}
    assert {t.status for t in tickets} >= {"new", "open", "pending", "resolved"}
    # The printed sign-ins work.
    assert sign_in_agent(email="nusrat@seba.test", password="seba-agent-2026").principal.role == "agent"


def test_seed_demo_refuses_in_production(monkeypatch: pytest.MonkeyPatch) -> None:
    with production_settings(monkeypatch):
        result = _seba("seed-demo")
    assert result.exit_code != 0
    assert "only seeded when SEBA_ENV=development" in result.output
    assert _count(Agent) == 0 and _count(Customer) == 0 and _count(Ticket) == 0


def test_create_admin_creates_an_admin_who_can_sign_in() -> None:
    result = _seba(
        "create-admin", "--email", "Boss@Seba.test", "--name", "ফারহানা", "--password", "a-long-password"
    )
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "Admin boss@seba.test created."
    with read_session() as session:
        admin = session.exec(select(Agent)).one()
    assert admin.role == "admin" and admin.name == "ফারহানা" and admin.is_active
    assert "a-long-password" not in admin.password_hash
    assert sign_in_agent(email="boss@seba.test", password="a-long-password").principal.role == "admin"


def test_create_admin_takes_the_password_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SEBA_ADMIN_PASSWORD", "from-the-environment")
    result = _seba("create-admin", "--email", "env@seba.test", "--name", "Env Admin")
    assert result.exit_code == 0, result.output
    assert sign_in_agent(email="env@seba.test", password="from-the-environment").principal.role == "admin"


def test_create_admin_refuses_a_short_password_clearly() -> None:
    result = _seba("create-admin", "--email", "boss@seba.test", "--name", "Boss", "--password", "short")
    assert result.exit_code != 0
    assert "The password must have at least 10 characters." in result.output
    assert "পাসওয়ার্ড অন্তত 10 অক্ষরের হতে হবে।" in result.output
    assert _count(Agent) == 0


def test_create_admin_refuses_a_taken_email() -> None:
    args = ("create-admin", "--email", "boss@seba.test", "--name", "Boss", "--password", "a-long-password")
    assert _seba(*args).exit_code == 0
    again = _seba(*args)
    assert again.exit_code != 0 and "An account with this email already exists." in again.output
    assert _count(Agent) == 1


def test_create_admin_without_a_password_and_no_terminal_says_how() -> None:
    result = _seba("create-admin", "--email", "boss@seba.test", "--name", "Boss")
    assert result.exit_code != 0
    assert "use --password or SEBA_ADMIN_PASSWORD" in result.output
    assert _count(Agent) == 0


def _doctor_lines(result: Result) -> dict[str, str]:
    lines = {}
    for line in result.output.splitlines():
        if line.startswith("  [") and "] " in line:
            mark, rest = line[3:].split("] ", 1)
            name, words = rest.split(": ", 1)
            lines[name] = f"{mark.strip()}|{words}"
    return lines


def test_doctor_reports_every_part_and_fails_without_a_worker() -> None:
    result = CliRunner().invoke(cli, ["doctor"])
    assert result.exit_code == 1, result.output
    lines = _doctor_lines(result)
    assert lines["database"].startswith("ok|") and "up to date" in lines["database"]
    assert lines["redis"].startswith("ok|") and "is reachable" in lines["redis"]
    assert lines["worker"].startswith("FAIL|") and "no worker" in lines["worker"]
    assert lines["elasticsearch"].startswith("off|") and "not configured" in lines["elasticsearch"]
    assert lines["mongodb"].startswith("off|") and "not configured" in lines["mongodb"]
    assert lines["SMS (Twilio)"].startswith("off|") and "disabled" in lines["SMS (Twilio)"]
    assert "written to the worker log" in lines["SMS (Twilio)"]
    assert result.output.splitlines()[0].startswith("Seba in development mode")
    assert "1 problem(s) found." in result.output


def test_doctor_passes_when_a_worker_is_alive() -> None:
    worker = SimpleWorker([get_queue(name) for name in ALL_QUEUES], connection=get_redis())
    worker.register_birth()
    try:
        result = CliRunner().invoke(cli, ["doctor"])
    finally:
        worker.register_death()
    assert result.exit_code == 0, result.output
    assert _doctor_lines(result)["worker"].startswith("ok|1 worker(s) alive")
    assert result.output.strip().endswith("Everything configured is reachable.")


def test_doctor_names_an_unreachable_configured_store(monkeypatch: pytest.MonkeyPatch) -> None:
    from backend.config import reset_settings_cache

    monkeypatch.setenv("ELASTICSEARCH_URL", "http://127.0.0.1:9")
    reset_settings_cache()
    try:
        result = CliRunner().invoke(cli, ["doctor"])
    finally:
        monkeypatch.delenv("ELASTICSEARCH_URL")
        reset_settings_cache()
    assert result.exit_code == 1
    line = _doctor_lines(result)["elasticsearch"]
    assert line.startswith("FAIL|") and "127.0.0.1:9" in line and "not reachable" in line
