"""@mentions in internal notes: who a handle means, the notifications, the composer's suggestions.

An agent can be mentioned by any of their handles (case-insensitive):
- the local part of their email: `@nusrat` for nusrat@seba.test (always unique in practice, ASCII,
  what the composer inserts);
- their whole name, lower-case, words joined by "_": `@nusrat_jahan`, `@নুসরাত_জাহান` (Bengali names
  work as they are written);
- their first name alone, `@নুসরাত`, only while no other active agent has the same first name.

A mention starts at an "@" that does not follow a letter, digit, "." or "@" (so an email address
in a note is not a mention) and runs over letters of any script, digits, "_", "-" and "."; a
trailing "." or "-" is punctuation. Inactive agents cannot be mentioned. The note stores the ids
of the agents it mentions (`Message.mentions`); each mentioned agent but the author gets an
`AgentNotification(kind="mention")` and their console hears `agent.mentioned`.
"""

from __future__ import annotations

import re
import unicodedata
import uuid
from collections import defaultdict
from dataclasses import dataclass

from sqlmodel import Session, col, select

from backend.db import Tx
from backend.events import AgentMentioned
from backend.models import Agent, AgentNotification, Message, Ticket

_WORD = r"\w\u0980-\u09FF"
_MENTION = re.compile(rf"(?<![{_WORD}.@])@([{_WORD}][{_WORD}.\-]*)")
EXCERPT_MAX = 140


@dataclass(frozen=True)
class MentionCandidate:
    """One suggestion for the composer: insert `@{handle}`."""

    id: str
    name: str
    email: str
    handle: str
    name_handle: str


def _fold(text: str) -> str:
    return unicodedata.normalize("NFC", text).strip().lower()


def email_handle(email: str) -> str:
    return _fold(email.split("@", 1)[0])


def name_handle(name: str) -> str:
    """`Nusrat Jahan` → `nusrat_jahan`; `নুসরাত জাহান` → `নুসরাত_জাহান`."""
    words = [re.sub(rf"[^{_WORD}\-]", "", w) for w in _fold(name).split()]
    return "_".join(w for w in words if w)


def parse_mentions(body: str) -> list[str]:
    """The handles written in `body`, folded, in order of first appearance."""
    seen: dict[str, None] = {}
    for match in _MENTION.finditer(unicodedata.normalize("NFC", body or "")):
        handle = match.group(1).rstrip(".-").lower()
        if handle:
            seen.setdefault(handle, None)
    return list(seen)


def _handle_index(agents: list[tuple[uuid.UUID, str, str]]) -> dict[str, set[uuid.UUID]]:
    index: dict[str, set[uuid.UUID]] = defaultdict(set)
    first_names: dict[str, set[uuid.UUID]] = defaultdict(set)
    for agent_id, name, email in agents:
        index[email_handle(email)].add(agent_id)
        full = name_handle(name)
        if full:
            index[full].add(agent_id)
            first_names[full.split("_", 1)[0]].add(agent_id)
    for first, ids in first_names.items():
        if len(ids) == 1:
            index[first] |= ids
    return index


def _active_agents(session: Session) -> list[tuple[uuid.UUID, str, str]]:
    rows = session.exec(
        select(Agent.id, Agent.name, Agent.email)
        .where(col(Agent.is_active).is_(True))
        .order_by(col(Agent.name))
    ).all()
    return [(r[0], r[1], r[2]) for r in rows]


def resolve_mentions(session: Session, body: str) -> list[uuid.UUID]:
    """The active agents `body` mentions, in order of first mention."""
    handles = parse_mentions(body)
    if not handles:
        return []
    index = _handle_index(_active_agents(session))
    found: dict[uuid.UUID, None] = {}
    for handle in handles:
        for agent_id in sorted(index.get(handle, ())):
            found.setdefault(agent_id, None)
    return list(found)


def record_mentions(tx: Tx, note: Message) -> list[AgentNotification]:
    """Store the note's mentions and notify each mentioned agent except its author."""
    mentioned = resolve_mentions(tx.session, note.body)
    if not mentioned:
        return []
    note.mentions = [str(agent_id) for agent_id in mentioned]
    tx.session.add(note)
    ticket = tx.session.get(Ticket, note.ticket_id)
    excerpt = " ".join(note.body.split())[:EXCERPT_MAX]
    notifications = [
        AgentNotification(
            agent_id=agent_id,
            kind="mention",
            ticket_id=note.ticket_id,
            message_id=note.id,
            data={
                "by_agent_id": str(note.author_agent_id) if note.author_agent_id else None,
                "ticket_number": ticket.number if ticket else None,
                "excerpt": excerpt,
            },
        )
        for agent_id in mentioned
        if agent_id != note.author_agent_id
    ]
    tx.session.add_all(notifications)
    tx.session.flush()
    for notification in notifications:
        tx.emit(AgentMentioned(notification.agent_id, notification.id, note.ticket_id, note.id))
    tx.audit("message.mentioned", "ticket", note.ticket_id, message_id=note.id, agents=note.mentions)
    return notifications


def mention_candidates(session: Session, prefix: str, limit: int = 8) -> list[MentionCandidate]:
    """Active agents whose handle, name or email starts with `prefix` (without the "@")."""
    wanted = _fold(prefix.lstrip("@"))
    out: list[MentionCandidate] = []
    for agent_id, name, email in _active_agents(session):
        handle, full = email_handle(email), name_handle(name)
        words = _fold(name).split()
        if not wanted or any(h.startswith(wanted) for h in (handle, full, _fold(name), _fold(email), *words)):
            out.append(MentionCandidate(str(agent_id), name, email, handle, full))
            if len(out) >= limit:
                break
    return out
