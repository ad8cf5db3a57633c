"""Admin: failed background jobs (every RQ queue's failed registry) with retry and discard."""

import reflex as rx

from app import routes
from app.shell import page
from components.i18n import t
from components.layout import error_banner, page_frame
from state.admin_jobs import AdminJobsState as S


def job_row(job: rx.Var) -> rx.Component:
    return rx.el.tr(
        rx.el.td(job["failed_at"], class_name="nowrap"),
        rx.el.td(job["queue"]),
        rx.el.td(rx.el.code(job["func"], title=job["func_full"])),
        rx.el.td(rx.el.code(job["args"], class_name="small")),
        rx.el.td(job["error"], class_name="small job-error"),
        rx.el.td(rx.el.code(job["job_id"], class_name="small muted")),
        rx.el.td(
            rx.el.button(
                t("job_retry"),
                on_click=S.retry(job["queue"], job["job_id"]),
                class_name="link-button",
                type="button",
            ),
            rx.el.button(
                t("job_discard"),
                on_click=S.discard(job["queue"], job["job_id"]),
                class_name="link-button danger",
                type="button",
            ),
            class_name="nowrap",
        ),
        key=job["key"],
    )


def outcome_banner() -> rx.Component:
    return rx.cond(
        S.notice != "",
        rx.el.p(
            rx.cond(S.notice == "retried", t("job_retried"), t("job_discarded")),
            " ",
            rx.el.code(S.notice_job),
            class_name="banner notice",
            role="status",
            id="job-outcome",
        ),
    )


@page(routes.ADMIN_JOBS, title="ব্যর্থ কাজ · Failed jobs", guard="admin", on_load=S.load)
def admin_jobs() -> rx.Component:
    return page_frame(
        rx.el.div(
            rx.el.h1(t("failed_jobs")),
            rx.el.button(t("refresh"), on_click=S.load, class_name="button", type="button"),
            rx.el.a(t("agents"), href=routes.ADMIN_AGENTS, class_name="button"),
            class_name="title-row",
        ),
        rx.el.p(t("failed_jobs_intro"), class_name="muted"),
        error_banner(S.error),
        outcome_banner(),
        rx.cond(
            S.jobs.length() == 0,
            rx.el.p(t("no_failed_jobs"), class_name="empty", id="no-failed-jobs"),
            rx.el.div(
                rx.el.table(
                    rx.el.thead(
                        rx.el.tr(
                            rx.el.th(t("job_failed_at")),
                            rx.el.th(t("job_queue")),
                            rx.el.th(t("job_function")),
                            rx.el.th(t("job_args")),
                            rx.el.th(t("job_error")),
                            rx.el.th(t("job_id")),
                            rx.el.th(""),
                        )
                    ),
                    rx.el.tbody(rx.foreach(S.jobs, job_row)),
                    class_name="table",
                    id="failed-jobs-table",
                ),
                class_name="table-scroll",
            ),
        ),
        header_actions=(rx.el.button(t("sign_out"), on_click=S.sign_out, class_name="link-button"),),
        home=routes.AGENT_INBOX,
        wide=True,
    )
