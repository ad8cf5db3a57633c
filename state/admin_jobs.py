"""Admin: failed background jobs of every queue, with retry and discard."""

from __future__ import annotations

from typing import Any

import redis
import reflex as rx

from backend.auth.principal import Principal
from backend.delivery.failed_jobs import FailedJob, discard_failed_job, list_failed_jobs, retry_failed_job
from backend.errors import SebaError
from backend.i18n.formatting import format_datetime
from backend.i18n.messages import message
from backend.models.enums import Role
from state.session import SessionState


class AdminJobsState(SessionState):
    jobs: list[dict[str, str]] = []
    notice: str = ""  # "" | "retried" | "discarded" (the page shows it in the reader's language)
    notice_job: str = ""

    def _row(self, job: FailedJob) -> dict[str, str]:
        return {
            "key": f"{job.queue}:{job.job_id}",
            "queue": job.queue,
            "job_id": job.job_id,
            "func": ".".join(job.func_name.split(".")[-2:]),  # notifications.deliver_notification
            "func_full": job.func_name,
            "args": ", ".join(job.args),
            "error": job.error,
            "failed_at": format_datetime(job.failed_at, self.locale),
        }

    def _refresh(self) -> None:
        try:
            self.jobs = [self._row(job) for job in list_failed_jobs()]
        except redis.RedisError:
            self.jobs = []
            self.error = message("service_unavailable", self.locale)

    def _admin_or_redirect(self) -> tuple[Principal | None, Any]:
        admin = self._agent(Role.admin)
        if admin is None:
            return None, rx.redirect("/agent/login" if self._principal() is None else "/forbidden")
        return admin, None

    @rx.event
    def load(self):
        self.error = self.notice = self.notice_job = ""
        admin, away = self._admin_or_redirect()
        if admin is None:
            return away
        self._refresh()
        return None

    @rx.event
    def retry(self, queue: str, job_id: str):
        return self._act("retried", queue, job_id)

    @rx.event
    def discard(self, queue: str, job_id: str):
        return self._act("discarded", queue, job_id)

    def _act(self, outcome: str, queue: str, job_id: str) -> Any:
        self.error = self.notice = self.notice_job = ""
        admin, away = self._admin_or_redirect()
        if admin is None:
            return away
        action = retry_failed_job if outcome == "retried" else discard_failed_job
        try:
            action(admin, queue=queue, job_id=job_id)
            self.notice, self.notice_job = outcome, job_id
        except SebaError as exc:
            self._error(exc)
        except redis.RedisError:
            self.error = message("service_unavailable", self.locale)
        self._refresh()
        return None
