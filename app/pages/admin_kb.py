"""Supervisors and admins: the help-centre editor and analytics."""

import reflex as rx

from app import routes
from app.shell import page
from components.i18n import t
from components.layout import error_banner, notice_banner, page_frame
from state.admin_kb import AdminKbState as S


def _article_row(a: rx.Var) -> rx.Component:
    return rx.el.tr(
        rx.el.td(
            rx.el.button(a["title"], type="button", class_name="link-button", on_click=S.select(a["id"]))
        ),
        rx.el.td(a["lang"]),
        rx.el.td(rx.cond(a["status"] == "published", t("kb_published"), t("kb_draft"))),
        rx.el.td(a["views"]),
        rx.el.td(a["helpful"]),
    )


def article_list() -> rx.Component:
    return rx.el.section(
        rx.el.h2(t("kb_articles")),
        rx.el.table(
            rx.el.thead(
                rx.el.tr(
                    rx.el.th(t("kb_title")),
                    rx.el.th(t("kb_lang")),
                    rx.el.th(t("kb_status")),
                    rx.el.th(t("kb_views")),
                    rx.el.th(t("kb_helpful")),
                )
            ),
            rx.el.tbody(rx.foreach(S.articles, _article_row)),
            class_name="table",
            id="kb-articles",
        ),
    )


def missed_searches() -> rx.Component:
    return rx.el.section(
        rx.el.h2(t("kb_missed_searches")),
        rx.cond(
            S.missed.length() == 0,
            rx.el.p(t("kb_missed_none"), class_name="empty"),
            rx.el.table(
                rx.el.tbody(
                    rx.foreach(
                        S.missed,
                        lambda m: rx.el.tr(
                            rx.el.td(m["query"]), rx.el.td(m["times"]), rx.el.td(m["last_at"])
                        ),
                    )
                ),
                class_name="table",
                id="kb-missed",
            ),
        ),
    )


def _field(label: str, name: str, value: rx.Var, rows: int = 0) -> rx.Component:
    control = (
        rx.el.textarea(name=name, default_value=value, rows=rows, class_name="input textarea")
        if rows
        else rx.el.input(name=name, default_value=value, class_name="input")
    )
    return rx.el.label(rx.el.span(t(label), class_name="field-label"), control, class_name="field")


def editor() -> rx.Component:
    return rx.cond(
        S.selected_id != "",
        rx.el.section(
            rx.el.div(
                rx.el.h2(t("kb_edit"), " · ", S.lang),
                rx.el.button(
                    rx.cond(S.status == "published", t("kb_unpublish"), t("kb_publish")),
                    type="button",
                    class_name="button",
                    on_click=S.toggle_published,
                    id="kb-publish",
                ),
                rx.cond(
                    S.translation_id != "",
                    rx.el.button(
                        t("kb_open_translation"),
                        type="button",
                        class_name="button",
                        on_click=S.select(S.translation_id),
                    ),
                ),
                class_name="title-row",
            ),
            rx.el.form(
                _field("kb_title", "title", S.title),
                _field("kb_summary", "summary", S.summary),
                _field("kb_keywords", "keywords", S.keywords),
                rx.el.label(
                    rx.el.span(t("kb_body"), class_name="field-label"),
                    rx.el.textarea(
                        value=S.body, on_change=S.set_body.debounce(400), rows=14, class_name="input textarea"
                    ),
                    class_name="field",
                ),
                rx.el.button(t("kb_save"), type="submit", class_name="button primary", id="kb-save"),
                on_submit=S.save,
                class_name="stack",
                key=S.selected_id,
            ),
            rx.el.h3(t("kb_preview")),
            rx.el.div(rx.markdown(S.body), class_name="panel kb-preview"),
            rx.el.h3(t("kb_versions")),
            rx.el.ul(
                rx.foreach(
                    S.versions,
                    lambda v: rx.el.li(
                        "v",
                        v["version"],
                        " · ",
                        v["status"],
                        " · ",
                        v["note"],
                        " · ",
                        v["actor"],
                        " · ",
                        v["at"],
                        " ",
                        rx.el.button(
                            t("kb_restore"),
                            type="button",
                            class_name="link-button",
                            on_click=S.restore(v["version"]),
                        ),
                    ),
                ),
                id="kb-versions",
            ),
            rx.cond(
                S.translation_id == "",
                rx.el.details(
                    rx.el.summary(t("kb_add_translation")),
                    rx.el.form(
                        _field("kb_title", "title", ""),
                        _field("kb_body", "body", "", rows=8),
                        rx.el.button(t("kb_create"), type="submit", class_name="button"),
                        on_submit=S.add_translation,
                        class_name="stack",
                    ),
                ),
            ),
            class_name="panel",
        ),
    )


def new_article() -> rx.Component:
    return rx.el.details(
        rx.el.summary(t("kb_new_article")),
        rx.el.form(
            rx.el.select(
                rx.el.option("বাংলা", value="bn"),
                rx.el.option("English", value="en"),
                name="lang",
                class_name="input",
            ),
            _field("kb_slug", "slug", ""),
            rx.el.select(
                rx.foreach(S.categories, lambda c: rx.el.option(c[1], value=c[0])),
                name="category",
                class_name="input",
            ),
            _field("kb_title", "title", ""),
            _field("kb_body", "body", "", rows=8),
            rx.el.button(t("kb_create"), type="submit", class_name="button"),
            on_submit=S.create,
            reset_on_submit=True,
            class_name="stack",
        ),
    )


@page(routes.ADMIN_KB, title="সাহায্য কেন্দ্র · Help centre", guard="agent", on_load=S.load)
def admin_kb() -> rx.Component:
    return page_frame(
        rx.el.div(
            rx.el.h1(t("kb_admin_title")),
            rx.el.a(t("inbox"), href=routes.AGENT_INBOX, class_name="button"),
            class_name="title-row",
        ),
        rx.el.p(t("kb_admin_intro"), class_name="muted"),
        error_banner(S.error),
        notice_banner(S.notice),
        rx.el.div(
            rx.el.div(article_list(), new_article(), missed_searches(), class_name="main-column"),
            rx.el.div(editor(), class_name="panel tools"),
            class_name="split",
        ),
        header_actions=(rx.el.button(t("sign_out"), on_click=S.sign_out, class_name="link-button"),),
        home=routes.AGENT_INBOX,
        wide=True,
    )
