"""The choice of an agent for a ticket, as a pure function of the candidates (no database, no Redis).

Hard rules (an agent failing one is never chosen): active, online (not away, not offline), load
below capacity, speaks the ticket's language. Preferences, applied in this order and each only when
it leaves somebody: a female agent when the customer asked for one; an agent whose skills name the
ticket's intent or category. Among those left: the lowest load, then the least recent turn in this
pool (round-robin), then the agent id (deterministic)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field

from backend.models.enums import Gender

ONLINE = "online"

# Banglish is Bengali written in Latin letters: every Bengali-speaking agent reads it.
_ALSO_READ_BY = {"banglish": ("bn",)}


@dataclass(frozen=True)
class Candidate:
    agent_id: uuid.UUID
    name: str
    is_active: bool
    presence: str
    load: int
    capacity: int
    languages: tuple[str, ...] = ()
    skills: tuple[str, ...] = ()
    gender: str = Gender.unspecified
    last_turn: int = 0  # 0: never given a ticket in this pool

    @property
    def has_room(self) -> bool:
        return self.load < self.capacity


@dataclass(frozen=True)
class Needs:
    """What the ticket asks of its agent."""

    language: str | None = None
    topics: tuple[str, ...] = ()  # the ticket's intent and category, intent first
    female_requested: bool = False


@dataclass(frozen=True)
class Selection:
    chosen: Candidate | None
    # Hard-rule funnel, for the audit reason and for "why is nobody taking this ticket".
    counts: dict[str, int] = field(default_factory=dict)
    gender: str | None = None  # female_requested_honoured | female_requested_unavailable
    skill: str | None = None  # the topic matched, or "none_matched"
    eligible: int = 0  # how many agents were left after the preferences


def speaks(languages: Sequence[str], language: str | None) -> bool:
    """True if an agent with `languages` can serve a ticket written in `language`."""
    if not language:
        return True
    return language in languages or any(alt in languages for alt in _ALSO_READ_BY.get(language, ()))


def hard_eligible(needs: Needs, candidates: Sequence[Candidate]) -> tuple[list[Candidate], dict[str, int]]:
    active = [c for c in candidates if c.is_active]
    online = [c for c in active if c.presence == ONLINE]
    with_room = [c for c in online if c.has_room]
    speaking = [c for c in with_room if speaks(c.languages, needs.language)]
    counts = {
        "pool": len(candidates),
        "online": len(online),
        "with_capacity": len(with_room),
        "speak_language": len(speaking),
    }
    return speaking, counts


def select_agent(needs: Needs, candidates: Sequence[Candidate]) -> Selection:
    eligible, counts = hard_eligible(needs, candidates)
    if not eligible:
        return Selection(None, counts)
    gender = None
    if needs.female_requested:
        female = [c for c in eligible if c.gender == Gender.female]
        if female:
            eligible, gender = female, "female_requested_honoured"
        else:
            gender = "female_requested_unavailable"
    skill = None
    if needs.topics:
        skill = "none_matched"
        for topic in needs.topics:
            skilled = [c for c in eligible if topic in c.skills]
            if skilled:
                eligible, skill = skilled, topic
                break
    chosen = min(eligible, key=lambda c: (c.load, c.last_turn, str(c.agent_id)))
    return Selection(chosen, counts, gender=gender, skill=skill, eligible=len(eligible))
