"""Supervisors and admins: satisfaction (CSAT) per agent and per team."""

from __future__ import annotations

import reflex as rx

from backend.db import read_session
from backend.i18n.formatting import bengali_digits
from backend.models.enums import Role
from backend.queries.csat import CsatFigures, csat_by_agent, csat_by_team
from state.session import SessionState


class AdminCsatState(SessionState):
    by_agent: list[dict[str, str]] = []
    by_team: list[dict[str, str]] = []

    def _row(self, figures: CsatFigures) -> dict[str, str]:
        def shown(text: str) -> str:
            return bengali_digits(text) if self.locale == "bn" else text

        return {
            "id": str(figures.id),
            "name": figures.name,
            "name_bn": figures.name_bn,
            "answers": shown(str(figures.answers)),
            "average": shown(f"{figures.average:.2f}"),
            "satisfied": shown(f"{figures.satisfied_pct:.1f}%"),
        }

    @rx.event
    def load(self):
        self.error = ""
        if self._agent(Role.supervisor) is None:
            self.by_agent, self.by_team = [], []
            return self._turn_away()
        with read_session() as session:
            self.by_agent = [self._row(f) for f in csat_by_agent(session)]
            self.by_team = [self._row(f) for f in csat_by_team(session)]
        return None
