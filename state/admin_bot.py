"""The bot's admin page (/admin/bot, supervisors and admins): channels, monitoring, the review list,
model versions with retraining progress, activation, rollback, A/B, and a version's evaluation."""

from __future__ import annotations

import asyncio
import uuid
from datetime import timedelta
from typing import Any

import reflex as rx

from backend.bot import admin, metrics, queries, training_run
from backend.bot.handoff import REASON_NAMES
from backend.db import read_session
from backend.errors import SebaError
from backend.i18n.formatting import format_datetime
from backend.intents import INTENT_NAMES, intent_name
from backend.models.base import utcnow
from backend.models.enums import Role
from state.session import SessionState

STATUS_NAMES = {
    "training": ("প্রশিক্ষণ চলছে", "Training"),
    "ready": ("তৈরি", "Ready"),
    "failed": ("ব্যর্থ", "Failed"),
}
WATCH_SECONDS = 2.0
WATCH_LIMIT = 900  # stop polling after 30 minutes


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


class AdminBotState(SessionState):
    notice: str = ""
    channels: list[dict[str, str]] = []
    summary: dict[str, str] = {}
    reasons: list[dict[str, str]] = []
    by_day: list[dict[str, str]] = []
    by_week: list[dict[str, str]] = []
    by_version: list[dict[str, str]] = []
    review: list[dict[str, str]] = []
    show_labelled: bool = False
    versions: list[dict[str, str]] = []
    training: bool = False
    report_label: str = ""
    report_overall: str = ""
    report_languages: list[dict[str, str]] = []
    report_intents: list[dict[str, str]] = []
    confusion_src: str = ""
    # Every intent label named in both languages, for the review list's select.
    intent_choices: list[dict[str, str]] = [
        {"value": label, "label": f"{names['bn']} · {names['en']}"} for label, names in INTENT_NAMES.items()
    ]

    def _supervisor(self) -> Any:
        principal = self._principal()
        if principal is None:
            return None, rx.redirect("/agent/login")
        if not principal.has_role(Role.supervisor):
            return None, rx.redirect("/forbidden")
        return principal, None

    def _refresh(self) -> None:
        locale = self.locale
        since = utcnow() - timedelta(days=30)
        with read_session() as session:
            overall = metrics.containment(session, since=since)
            day = metrics.accuracy_on_labelled(session, period="day", days=14)
            week = metrics.accuracy_on_labelled(session, period="week", days=84)
            per_version = metrics.containment_by_version(session, since=since)
            items = queries.review_queue(session, include_labelled=self.show_labelled)
            rows = queries.model_versions(session)
        connected = set(admin.connected_channels())
        self.channels = [{"channel": c, "on": "1" if c in connected else ""} for c in ("web", "sms", "email")]
        self.summary = {
            "containment": _percent(overall.containment_rate),
            "handoff": _percent(overall.handoff_rate),
            "conversations": str(overall.conversations),
            "active": str(overall.active),
        }
        self.reasons = [
            {"reason": REASON_NAMES.get(r, (r, r))[0 if locale == "bn" else 1], "count": str(n)}
            for r, n in overall.handoff_reasons.items()
        ]
        self.by_day = [self._point(p) for p in day]
        self.by_week = [self._point(p) for p in week]
        self.by_version = [
            {
                "label": v.label,
                "active": "1" if v.is_active else "",
                "share": f"{v.traffic_percent}%" if v.traffic_percent else "",
                "conversations": str(v.containment.conversations),
                "containment": _percent(v.containment.containment_rate),
                "handoff": _percent(v.containment.handoff_rate),
            }
            for v in per_version
        ]
        self.review = [
            {
                "turn_id": str(i.turn_id),
                "ticket_id": str(i.ticket_id),
                "number": str(i.ticket_number),
                "text": i.text,
                "intent": f"{intent_name(i.intent, locale)} ({i.confidence:.2f})",
                "language": i.language,
                "corrected": intent_name(i.corrected_intent, locale) if i.corrected_intent else "",
            }
            for i in items
        ]
        self.versions = [
            {
                "id": str(v.id),
                "label": v.label,
                "status": v.status,
                "status_label": STATUS_NAMES.get(v.status, (v.status, v.status))[0 if locale == "bn" else 1],
                "progress": f"{v.progress * 100:.0f}%",
                "progress_value": str(round(v.progress * 100)),
                "note": v.progress_note,
                "accuracy": _percent(((v.metrics or {}).get("heldout_intent") or {}).get("accuracy")),
                "active": "1" if v.is_active else "",
                "share": f"{v.traffic_percent}%" if v.traffic_percent else "",
                "created": format_datetime(v.created_at, locale),
                "error": v.error or "",
            }
            for v in rows
        ]
        self.training = any(v.status == "training" for v in rows)
        if not self.report_label and rows:
            active = next((v for v in rows if v.is_active), rows[0])
            self._load_report(active.label)

    @staticmethod
    def _point(point: metrics.AccuracyPoint) -> dict[str, str]:
        return {
            "period": point.period,
            "labelled": str(point.labelled),
            "correct": str(point.correct),
            "accuracy": _percent(point.accuracy),
        }

    def _load_report(self, label: str) -> None:
        try:
            version = admin.version_by_label(label)
        except SebaError as exc:
            self._error(exc)
            return
        report = training_run.evaluation_report(version)
        self.report_label = label
        self.report_overall = _percent(report.get("accuracy")) if report else ""
        self.report_languages = [
            {"language": lang, "accuracy": _percent(v.get("accuracy")), "n": str(int(v.get("n", 0)))}
            for lang, v in sorted((report.get("per_language") or {}).items())
        ]
        self.report_intents = [
            {
                "intent": intent_name(name, self.locale),
                "f1": f"{v.get('f1', 0):.3f}",
                "precision": f"{v.get('precision', 0):.3f}",
                "recall": f"{v.get('recall', 0):.3f}",
                "support": str(int(v.get("support", 0))),
            }
            for name, v in sorted((report.get("per_label") or {}).items())
        ]
        self.confusion_src = training_run.confusion_png_data_uri(version)

    @rx.event
    def load(self):
        self.error = self.notice = ""
        principal, away = self._supervisor()
        if principal is None:
            return away
        admin.ensure_shipped(principal)
        self._refresh()
        return AdminBotState.watch_training if self.training else None

    def _act(self, action: Any, notice: str = "bot_saved") -> Any:
        self.error = self.notice = ""
        principal, away = self._supervisor()
        if principal is None:
            return away
        try:
            action(principal)
            self.notice = notice
        except SebaError as exc:
            self._error(exc)
        self._refresh()
        return AdminBotState.watch_training if self.training else None

    @rx.event
    def toggle_channel(self, channel: str, on: bool):
        if on:
            return self._act(lambda p: admin.connect_inbox(p, channel=channel))
        return self._act(lambda p: admin.disconnect_inbox(p, channel=channel))

    @rx.event
    def label(self, turn_id: str, intent: str):
        if not intent:
            return None
        return self._act(lambda p: admin.label(p, turn_id=uuid.UUID(turn_id), intent=intent))

    @rx.event
    def dismiss(self, turn_id: str):
        return self._act(lambda p: admin.dismiss(p, turn_id=uuid.UUID(turn_id)))

    @rx.event
    def toggle_labelled(self):
        self.show_labelled = not self.show_labelled
        return self._act(lambda p: None, notice="")

    @rx.event
    def retrain(self):
        return self._act(lambda p: admin.request_retraining(p), notice="bot_retrain_queued")

    @rx.event
    def activate(self, version_id: str):
        return self._act(lambda p: admin.activate(p, version_id=uuid.UUID(version_id)))

    @rx.event
    def rollback(self):
        return self._act(lambda p: admin.rollback(p))

    @rx.event
    def start_ab(self, version_id: str, percent: str):
        try:
            share = int(percent)
        except ValueError:
            share = -1
        return self._act(lambda p: admin.set_ab_test(p, version_id=uuid.UUID(version_id), percent=share))

    @rx.event
    def stop_ab(self):
        return self._act(lambda p: admin.set_ab_test(p, version_id=None, percent=0))

    @rx.event
    def show_report(self, label: str):
        self.error = ""
        principal, away = self._supervisor()
        if principal is None:
            return away
        self._load_report(label)
        return None

    @rx.event(background=True)
    async def watch_training(self):
        """Poll the version rows while a retraining runs, so its progress moves on the page."""
        for _ in range(WATCH_LIMIT):
            await asyncio.sleep(WATCH_SECONDS)
            async with self:
                self._refresh()
                if not self.training:
                    return
