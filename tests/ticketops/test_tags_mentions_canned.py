"""Tags, intent, priority, @mentions in notes, canned responses."""

from __future__ import annotations

import pytest
from sqlmodel import select

from backend.db import Actor, read_session, transaction
from backend.errors import Conflict, ValidationFailed
from backend.models import AgentNotification, TicketTag
from backend.services import canned as canned_service
from backend.services import messages as message_service
from backend.services import ticket_ops
from backend.services.mentions import mention_candidates, parse_mentions
from tests.support.factories import make_agent, make_customer, make_team, open_ticket
from tests.ticketops.conftest import as_agent, audit_actions, ticket


def test_tags_are_normalised_and_kept_in_step_with_their_rows() -> None:
    agent = make_agent()
    t = open_ticket(make_customer()).ticket
    as_agent(agent.id, ticket_ops.add_tags, ticket_id=t.id, tags=["  Delivery  Delay ", "ফেরত", "COD", "cod"])
    assert ticket(t.id).tags == ["cod", "delivery-delay", "ফেরত"]
    as_agent(agent.id, ticket_ops.remove_tags, ticket_id=t.id, tags=["COD", "not-there"])
    assert ticket(t.id).tags == ["delivery-delay", "ফেরত"]
    with read_session() as session:
        assert sorted(session.exec(select(TicketTag.tag).where(TicketTag.ticket_id == t.id)).all()) == [
            "delivery-delay",
            "ফেরত",
        ]
    for bad in ("", "a" * 41, "no/slash", "#hash"):
        with pytest.raises(ValidationFailed) as refused:
            ticket_ops.normalise_tag(bad)
        assert refused.value.code == "tag_invalid"
    assert [a for a, _ in audit_actions(t.id) if a.startswith("ticket.tags")] == [
        "ticket.tags_added",
        "ticket.tags_removed",
    ]


def test_intent_must_be_an_intents_md_label_and_priority_goes_through_change_priority() -> None:
    agent = make_agent()
    t = open_ticket(make_customer()).ticket
    as_agent(agent.id, ticket_ops.set_intent, ticket_id=t.id, intent="Payment_Issue")
    assert ticket(t.id).intent == "payment_issue"
    with pytest.raises(ValidationFailed) as refused:
        as_agent(agent.id, ticket_ops.set_intent, ticket_id=t.id, intent="where_is_my_money")
    assert refused.value.code == "intent_unknown"
    assert "অজানা" in refused.value.message("bn")
    as_agent(agent.id, ticket_ops.set_intent, ticket_id=t.id, intent=None)
    assert ticket(t.id).intent is None
    as_agent(agent.id, ticket_ops.set_priority, ticket_id=t.id, priority="urgent")
    assert ticket(t.id).priority == "urgent"
    with pytest.raises(ValidationFailed):
        as_agent(agent.id, ticket_ops.set_priority, ticket_id=t.id, priority="asap")


def test_mentions_are_parsed_by_handle_and_never_from_an_email_address() -> None:
    assert parse_mentions("@Nusrat দেখুন, cc @নুসরাত_জাহান. mail rahim@seba.test @kamrul.hasan.") == [
        "nusrat",
        "নুসরাত_জাহান",
        "kamrul.hasan",
    ]


def test_a_note_notifies_the_agents_it_mentions_but_not_its_author() -> None:
    author = make_agent(email="tania@seba.test", name="Tania Akter")
    nusrat = make_agent(email="nusrat@seba.test", name="Nusrat Jahan")
    jasim = make_agent(email="jasim@seba.test", name="জসিম উদ্দিন")
    make_agent(email="other@seba.test", name="Other Person")
    t = open_ticket(make_customer()).ticket
    note = as_agent(
        author.id,
        message_service.add_internal_note,
        agent_id=author.id,
        ticket_id=t.id,
        body="@nusrat আর @জসিম দেখবেন? @tania নিজে; ইমেইল other@seba.test",
    )
    assert note.mentions == [str(nusrat.id), str(jasim.id), str(author.id)]
    with read_session() as session:
        notes = session.exec(select(AgentNotification)).all()
    assert sorted(n.agent_id for n in notes) == sorted([nusrat.id, jasim.id])
    assert all(n.kind == "mention" and n.ticket_id == t.id and n.message_id == note.id for n in notes)
    assert notes[0].data["ticket_number"] == t.number


def test_mention_candidates_match_handles_names_and_bengali_names() -> None:
    make_agent(email="nusrat@seba.test", name="Nusrat Jahan")
    make_agent(email="jasim@seba.test", name="জসিম উদ্দিন")
    with read_session() as session:
        assert [c.handle for c in mention_candidates(session, "@nus")] == ["nusrat"]
        assert [c.handle for c in mention_candidates(session, "jah")] == ["nusrat"]
        assert [c.name_handle for c in mention_candidates(session, "জসি")] == ["জসিম_উদ্দিন"]


def _canned(**overrides):  # type: ignore[no-untyped-def]
    boss = make_agent(role="supervisor")
    fields = {
        "shortcut": "/order-status",
        "title": "Order status",
        "body_bn": "প্রিয় {customer_name}, {order_number} পথে আছে। টিকিট {ticket_number} — {agent_name}",
        "body_en": "Dear {customer_name}, {order_number} is on its way. "
        "Ticket {ticket_number} — {agent_name}",
    }
    fields.update(overrides)
    return as_agent(boss.id, canned_service.create_canned, **fields)


def test_a_template_naming_an_unknown_variable_is_refused_when_saved() -> None:
    for body in ("Hello {name}", "Hello {customer_name", "{{customer_name}}"):
        with pytest.raises(ValidationFailed) as refused:
            _canned(body_en=body)
        assert refused.value.code == "canned_unknown_variable"
    canned = _canned()
    assert canned.shortcut == "order-status"
    with pytest.raises(Conflict):
        _canned()
    with pytest.raises(ValidationFailed):
        _canned(shortcut="Bad Shortcut!")


def test_render_in_the_customers_language_with_fallbacks() -> None:
    canned = _canned()
    agent = make_agent(name="Nusrat Jahan")
    bn_customer = make_customer(name="আয়েশা সিদ্দিকা", locale="bn")
    with_order = open_ticket(bn_customer, order_ref="ORD-240117").ticket
    without_order = open_ticket(make_customer(name="Sadia Rahman", locale="en")).ticket
    with read_session() as session:
        bn = canned_service.render_canned(session, canned.id, with_order.id, agent_id=agent.id)
        en = canned_service.render_canned(session, canned.id, without_order.id)
        forced = canned_service.render_canned(session, canned.id, with_order.id, "en", agent_id=agent.id)
    assert bn.locale == "bn" and bn.fallbacks == []
    number_bn = str(with_order.number).translate(str.maketrans("0123456789", "০১২৩৪৫৬৭৮৯"))
    assert bn.body == f"প্রিয় আয়েশা সিদ্দিকা, ORD-240117 পথে আছে। টিকিট #{number_bn} — Nusrat Jahan"
    assert en.locale == "en"
    assert (
        en.body
        == f"Dear Sadia Rahman, your order is on its way. Ticket #{without_order.number} — the Seba team"
    )
    assert en.fallbacks == ["order_number", "agent_name"]
    assert forced.body.startswith("Dear আয়েশা সিদ্দিকা, ORD-240117")
    assert "{" not in bn.body + en.body + forced.body


def test_agents_see_canned_responses_for_everyone_and_for_their_teams() -> None:
    general, payments = make_team(slug="general"), make_team(slug="payments", name="Payments")
    _canned(shortcut="hello")
    _canned(shortcut="refund-bkash", team_id=payments.id)
    _canned(shortcut="general-only", team_id=general.id)
    payer = make_agent(team_ids=[payments.id])
    with read_session() as session:
        mine = [c.shortcut for c in canned_service.list_canned(session, agent_id=payer.id)]
        found = [c.shortcut for c in canned_service.list_canned(session, agent_id=payer.id, search="/ref")]
        everything = canned_service.list_canned(session)
    assert mine == ["hello", "refund-bkash"]
    assert found == ["refund-bkash"]
    assert len(everything) == 3


def test_update_and_delete_canned() -> None:
    canned = _canned()
    boss = make_agent(role="supervisor")
    with transaction(Actor.agent(boss.id)) as tx:
        canned_service.update_canned(tx, canned_id=canned.id, changes={"title": "অর্ডারের অবস্থা"})
    with pytest.raises(ValidationFailed):
        as_agent(boss.id, canned_service.update_canned, canned_id=canned.id, changes={"body_bn": "{oops}"})
    as_agent(boss.id, canned_service.delete_canned, canned_id=canned.id)
    with read_session() as session:
        assert canned_service.list_canned(session) == []
