"""Admin: automation rules: ordered list, editor with allow-list pickers, dry run on 100 tickets."""

import reflex as rx

from app import routes
from app.shell import page
from components.automation import action_row, condition_row, dry_run_row, picker, rule_row
from components.i18n import t
from components.layout import error_banner, page_frame
from state.admin_rules import AdminRulesState as S


def rule_list() -> rx.Component:
    return rx.cond(
        S.rules.length() == 0,
        rx.el.p(t("rules_none"), class_name="empty", id="no-rules"),
        rx.el.div(
            rx.el.table(
                rx.el.thead(
                    rx.el.tr(
                        rx.el.th(t("rules_order")),
                        rx.el.th(t("rules_rule")),
                        rx.el.th(t("rules_state")),
                        rx.el.th(""),
                    )
                ),
                rx.el.tbody(
                    rx.foreach(
                        S.rules,
                        lambda r: rule_row(
                            r, on_move=S.move, on_edit=S.edit, on_toggle=S.toggle, on_delete=S.delete
                        ),
                    )
                ),
                class_name="table",
                id="rules-table",
            ),
            class_name="table-scroll",
        ),
    )


def editor() -> rx.Component:
    return rx.el.section(
        rx.el.h2(rx.cond(S.editing_id != "", t("rules_editing"), t("rules_new"))),
        rx.el.label(
            rx.el.span(t("rules_name"), class_name="field-label"),
            rx.el.input(
                value=S.name, on_change=lambda v: S.set_form("name", v), class_name="input", id="rule-name"
            ),
            class_name="field",
        ),
        rx.el.label(
            rx.el.span(t("rules_trigger"), class_name="field-label"),
            picker(S.trigger_options, S.trigger, lambda v: S.set_form("trigger", v), id="rule-trigger"),
            class_name="field",
        ),
        rx.cond(
            S.trigger == "customer_silent",
            rx.el.label(
                rx.el.span(t("rules_silent_hours"), class_name="field-label"),
                rx.el.input(
                    value=S.silent_hours,
                    on_change=lambda v: S.set_form("silent_hours", v),
                    type="number",
                    min=1,
                    class_name="input",
                ),
                class_name="field",
            ),
        ),
        rx.el.label(
            rx.el.span(t("rules_match"), class_name="field-label"),
            rx.el.select(
                rx.el.option(t("rules_match_all"), value="all"),
                rx.el.option(t("rules_match_any"), value="any"),
                value=S.match,
                on_change=lambda v: S.set_form("match", v),
                class_name="input",
            ),
            class_name="field",
        ),
        rx.el.h3(t("rules_conditions")),
        rx.foreach(
            S.conditions,
            lambda c, i: condition_row(
                c,
                i,
                fields=S.field_options,
                operators=S.operator_options,
                on_set=S.set_condition,
                on_remove=S.remove_condition,
            ),
        ),
        rx.el.button(t("rules_add_condition"), on_click=S.add_condition, type="button", class_name="button"),
        rx.el.h3(t("rules_actions")),
        rx.foreach(
            S.actions,
            lambda a, i: action_row(
                a, i, kinds=S.action_options, on_set=S.set_action, on_remove=S.remove_action
            ),
        ),
        rx.el.button(t("rules_add_action"), on_click=S.add_action, type="button", class_name="button"),
        rx.el.label(
            rx.el.input(
                type="checkbox",
                checked=S.stop_processing,
                on_change=lambda v: S.set_form("stop_processing", v),
            ),
            " ",
            t("rules_stop"),
            class_name="field inline",
        ),
        rx.el.label(
            rx.el.input(
                type="checkbox", checked=S.rule_active, on_change=lambda v: S.set_form("rule_active", v)
            ),
            " ",
            t("rules_active"),
            class_name="field inline",
        ),
        rx.el.div(
            rx.el.button(
                t("rules_save"), on_click=S.save, type="button", class_name="button primary", id="rule-save"
            ),
            rx.el.button(
                t("rules_dry_run"), on_click=S.run_dry, type="button", class_name="button", id="rule-dry-run"
            ),
            class_name="title-row",
        ),
        class_name="stack",
        id="rule-editor",
    )


def dry_run_result() -> rx.Component:
    return rx.cond(
        S.dry_matched != "",
        rx.el.section(
            rx.el.h2(t("rules_dry_run")),
            rx.el.p(t("rules_dry_intro"), class_name="muted"),
            rx.el.p(t("rules_dry_matched"), ": ", rx.el.strong(S.dry_matched), id="dry-run-matched"),
            rx.el.div(
                rx.el.table(
                    rx.el.thead(
                        rx.el.tr(
                            rx.el.th(t("rules_ticket")),
                            rx.el.th(t("subject_label")),
                            rx.el.th(t("status_label")),
                            rx.el.th(t("rules_dry_matched")),
                            rx.el.th(t("rules_would_do")),
                        )
                    ),
                    rx.el.tbody(rx.foreach(S.dry_rows, dry_run_row)),
                    class_name="table",
                    id="dry-run-table",
                ),
                class_name="table-scroll",
            ),
        ),
    )


def notice() -> rx.Component:
    return rx.cond(
        S.notice != "",
        rx.el.p(
            rx.match(
                S.notice, ("moved", t("rules_moved")), ("deleted", t("rules_deleted")), t("rules_saved")
            ),
            class_name="banner notice",
            role="status",
            id="rules-notice",
        ),
    )


@page(routes.ADMIN_RULES, title="স্বয়ংক্রিয় নিয়ম · Automation rules", guard="admin", on_load=S.load)
def admin_rules() -> rx.Component:
    return page_frame(
        rx.el.div(
            rx.el.h1(t("rules_title")),
            rx.el.button(t("rules_new"), on_click=S.new_rule, type="button", class_name="button"),
            rx.el.a(t("csat_title"), href=routes.ADMIN_CSAT, class_name="button"),
            class_name="title-row",
        ),
        rx.el.p(t("rules_intro"), class_name="muted"),
        error_banner(S.error),
        notice(),
        rule_list(),
        editor(),
        dry_run_result(),
        header_actions=(rx.el.button(t("sign_out"), on_click=S.sign_out, class_name="link-button"),),
        home=routes.AGENT_INBOX,
        wide=True,
    )
