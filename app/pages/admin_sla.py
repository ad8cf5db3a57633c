"""Admin: SLA policies in the order they apply; create, edit, reorder, activate and deactivate."""

import reflex as rx

from app import routes
from app.shell import page
from components.forms import field, submit_button
from components.i18n import t
from components.layout import error_banner, page_frame
from state.admin_sla import AdminSlaState as S


def policy_row(policy: rx.Var) -> rx.Component:
    return rx.el.tr(
        rx.el.td(policy["position"]),
        rx.el.td(
            policy["name"],
            rx.cond(policy["default"] != "", rx.el.span(" ", t("sla_default_badge"), class_name="pill")),
            rx.cond(policy["active"] == "", rx.el.span(" ", t("sla_policy_inactive"), class_name="pill")),
        ),
        rx.el.td(
            rx.cond(policy["conditions"] != "", policy["conditions"], t("sla_any_ticket")), class_name="small"
        ),
        rx.el.td(policy["first"], " / ", policy["next"], " / ", policy["resolution"], class_name="nowrap"),
        rx.el.td(
            rx.cond(policy["clock"] == "calendar", t("sla_clock_calendar"), t("sla_clock_business")),
            class_name="small",
        ),
        rx.el.td(policy["warning"], class_name="small"),
        rx.el.td(policy["actions"], class_name="small"),
        rx.el.td(
            rx.cond(
                policy["default"] == "",
                rx.fragment(
                    rx.el.button(
                        t("sla_move_up"),
                        on_click=S.move(policy["id"], -1),
                        class_name="link-button",
                        type="button",
                    ),
                    rx.el.button(
                        t("sla_move_down"),
                        on_click=S.move(policy["id"], 1),
                        class_name="link-button",
                        type="button",
                    ),
                    rx.cond(
                        policy["active"] != "",
                        rx.el.button(
                            t("disable"),
                            on_click=S.set_active(policy["id"], False),
                            class_name="link-button danger",
                            type="button",
                        ),
                        rx.el.button(
                            t("enable"),
                            on_click=S.set_active(policy["id"], True),
                            class_name="link-button",
                            type="button",
                        ),
                    ),
                ),
            ),
            rx.el.button(
                t("sla_edit"), on_click=S.edit(policy["id"]), class_name="link-button", type="button"
            ),
            class_name="nowrap",
        ),
        class_name=rx.cond(policy["active"] != "", "", "sla-policy-inactive"),
        key=policy["id"],
    )


def _action_box(action: str, label_key: str) -> rx.Component:
    return rx.el.label(
        rx.el.input(
            type="checkbox", name=f"action_{action}", default_checked=S.form[f"action_{action}"] != ""
        ),
        " ",
        t(label_key),
    )


def policy_form() -> rx.Component:
    return rx.el.form(
        rx.el.h2(rx.cond(S.editing_id != "", t("sla_edit_policy"), t("sla_new_policy"))),
        field(t("sla_name_en"), "name", required=True, max_length=120, default_value=S.form["name"]),
        field(t("sla_name_bn"), "name_bn", max_length=120, default_value=S.form["name_bn"]),
        field(t("sla_priorities"), "priorities", default_value=S.form["priorities"]),
        field(t("sla_channels"), "channels", default_value=S.form["channels"]),
        field(t("sla_topics"), "topics", default_value=S.form["topics"]),
        field(t("sla_tiers"), "tiers", default_value=S.form["tiers"]),
        field(
            t("sla_first_minutes"),
            "first_response_minutes",
            input_type="number",
            min=1,
            default_value=S.form["first_response_minutes"],
        ),
        field(
            t("sla_next_minutes"),
            "next_response_minutes",
            input_type="number",
            min=1,
            default_value=S.form["next_response_minutes"],
        ),
        field(
            t("sla_resolution_minutes"),
            "resolution_minutes",
            input_type="number",
            min=1,
            default_value=S.form["resolution_minutes"],
        ),
        rx.el.label(
            rx.el.span(t("sla_clock"), class_name="field-label"),
            rx.el.select(
                rx.el.option(t("sla_clock_business"), value="business"),
                rx.el.option(t("sla_clock_calendar"), value="calendar"),
                name="clock",
                default_value=S.form["clock"],
                class_name="input",
            ),
            class_name="field",
        ),
        field(
            t("sla_warn_percent"),
            "warn_percent",
            input_type="number",
            min=1,
            max=99,
            default_value=S.form["warn_percent"],
        ),
        field(
            t("sla_warn_before"),
            "warn_minutes_before",
            input_type="number",
            min=1,
            default_value=S.form["warn_minutes_before"],
        ),
        rx.el.fieldset(
            rx.el.legend(t("sla_on_breach")),
            _action_box("notify_supervisors", "sla_action_notify_supervisors"),
            _action_box("raise_priority", "sla_action_raise_priority"),
            _action_box("reassign", "sla_action_reassign"),
            class_name="sla-actions",
        ),
        rx.el.div(
            submit_button(t("sla_save"), id="sla-save"),
            rx.cond(
                S.editing_id != "",
                rx.el.button(
                    t("sla_cancel_edit"), on_click=S.cancel_edit, class_name="button", type="button"
                ),
            ),
            class_name="row-top",
        ),
        on_submit=S.save,
        key=S.form_key.to(str),
        class_name="stack narrow",
        id="sla-policy-form",
    )


@page(routes.ADMIN_SLA, title="এসএলএ নীতি · SLA policies", guard="admin", on_load=S.load)
def admin_sla() -> rx.Component:
    return page_frame(
        rx.el.div(
            rx.el.h1(t("sla_policies")),
            rx.el.a(t("agents"), href=routes.ADMIN_AGENTS, class_name="button"),
            rx.el.a(t("inbox"), href=routes.AGENT_INBOX, class_name="button"),
            class_name="title-row",
        ),
        rx.el.p(t("sla_policies_intro"), class_name="muted"),
        error_banner(S.error),
        rx.cond(
            S.notice != "",
            rx.el.p(t("sla_saved"), class_name="banner notice", role="status", id="sla-notice"),
        ),
        rx.el.div(
            rx.el.table(
                rx.el.thead(
                    rx.el.tr(
                        rx.el.th(t("sla_order")),
                        rx.el.th(t("name_label")),
                        rx.el.th(t("sla_conditions")),
                        rx.el.th(t("sla_targets")),
                        rx.el.th(t("sla_clock")),
                        rx.el.th(t("sla_warning")),
                        rx.el.th(t("sla_on_breach")),
                        rx.el.th(""),
                    )
                ),
                rx.el.tbody(rx.foreach(S.policies, policy_row)),
                class_name="table",
                id="sla-policies-table",
            ),
            class_name="table-scroll",
        ),
        policy_form(),
        header_actions=(rx.el.button(t("sign_out"), on_click=S.sign_out, class_name="link-button"),),
        home=routes.AGENT_INBOX,
        wide=True,
    )
