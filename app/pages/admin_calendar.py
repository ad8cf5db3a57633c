"""Admin and supervisors: business calendars — weekly hours, Jumu'ah break, holidays, hour ranges, teams."""

import reflex as rx

from app import routes
from app.shell import page
from components.i18n import t
from components.layout import error_banner, page_frame
from state.admin_calendar import AdminCalendarState as S

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
KINDS = ("general", "executive", "optional")
NOTICES = (
    "cal_saved",
    "cal_default_set",
    "cal_holiday_added",
    "cal_holiday_confirmed",
    "cal_holiday_moved",
    "cal_holiday_removed",
    "cal_estimates_added",
    "cal_range_added",
    "cal_range_moved",
    "cal_range_removed",
    "cal_team_assigned",
)


def _field(label: str, name: str, **props: object) -> rx.Component:
    return rx.el.label(t(label), rx.el.input(name=name, class_name="input", **props), class_name="field")


def _choice(value: str, label: str) -> rx.Component:
    return rx.el.option(t(label), value=value)


def calendar_picker() -> rx.Component:
    return rx.el.div(
        rx.el.label(t("cal_calendar"), for_="calendar-picker"),
        rx.el.select(
            rx.foreach(S.calendars, lambda c: rx.el.option(c["name"], value=c["name"])),
            value=S.selected,
            on_change=S.choose,
            id="calendar-picker",
            class_name="input",
        ),
        rx.cond(
            S.selected_is_default,
            rx.el.span(t("cal_default"), class_name="muted"),
            rx.el.button(t("cal_make_default"), on_click=S.make_default, class_name="button", type="button"),
        ),
        class_name="title-row",
    )


def hours_form() -> rx.Component:
    return rx.el.form(
        rx.el.h2(t("cal_weekly_hours")),
        rx.el.p(t("cal_hours_help"), class_name="muted small"),
        *[_field(f"cal_{day}", day, default_value=S.hours[day], id=f"hours-{day}") for day in DAYS],
        _field("cal_jumuah", "jumuah", default_value=S.hours["jumuah"], id="hours-jumuah"),
        rx.el.button(t("cal_save"), type="submit", class_name="button primary"),
        on_submit=S.save_hours,
        key=S.selected + S.revision.to_string(),
        id="hours-form",
    )


def holiday_row(h: rx.Var) -> rx.Component:
    return rx.el.tr(
        rx.el.td(h["dates"], class_name="nowrap"),
        rx.el.td(rx.cond(S.locale == "en", h["name_en"], h["name_bn"]), title=h["source_note"]),
        rx.el.td(h["kind"]),
        rx.el.td(rx.cond(h["status"] == "estimated", t("cal_estimated"), t("cal_confirmed"))),
        rx.el.td(rx.cond(h["scope"] == "national", t("cal_national"), h["scope"])),
        rx.el.td(
            rx.cond(
                h["status"] == "estimated",
                rx.el.button(
                    t("cal_confirm"),
                    on_click=S.confirm_holiday(h["id"]),
                    class_name="link-button",
                    type="button",
                ),
            ),
            rx.el.form(
                rx.el.input(type="hidden", name="holiday_id", value=h["id"]),
                rx.el.input(type="date", name="start", default_value=h["start"], aria_label="new first day"),
                rx.el.button(t("cal_move"), type="submit", class_name="link-button"),
                on_submit=S.move_holiday,
                class_name="inline-form",
            ),
            rx.el.button(
                t("cal_remove"),
                on_click=S.remove_holiday(h["id"]),
                class_name="link-button danger",
                type="button",
            ),
            class_name="nowrap",
        ),
        key=h["id"],
    )


def holidays_section() -> rx.Component:
    return rx.el.section(
        rx.el.h2(t("cal_holidays")),
        rx.el.form(
            _field("cal_year", "year", default_value=S.year, type="number", min="1900", max="2100"),
            rx.el.button(t("cal_show"), type="submit", class_name="button"),
            rx.el.button(
                t("cal_add_estimates"), on_click=S.add_estimates, type="button", class_name="button"
            ),
            on_submit=S.choose_year,
            class_name="inline-form",
            key=S.year,
        ),
        rx.cond(
            S.holidays.length() == 0,
            rx.el.p(t("cal_no_holidays"), class_name="empty"),
            rx.el.div(
                rx.el.table(
                    rx.el.thead(
                        rx.el.tr(
                            *[
                                rx.el.th(t(k))
                                for k in ("cal_dates", "cal_name", "cal_kind", "cal_status", "cal_scope")
                            ],
                            rx.el.th(""),
                        )
                    ),
                    rx.el.tbody(rx.foreach(S.holidays, holiday_row)),
                    class_name="table",
                    id="holidays-table",
                ),
                class_name="table-scroll",
            ),
        ),
        rx.el.form(
            rx.el.h3(t("cal_add_holiday")),
            _field("cal_start", "start", type="date", required=True),
            _field("cal_end", "end", type="date"),
            _field("cal_name_bn", "name_bn", required=True),
            _field("cal_name_en", "name_en", required=True),
            rx.el.label(
                t("cal_kind"),
                rx.el.select(*[_choice(k, f"cal_{k}") for k in KINDS], name="kind", class_name="input"),
                class_name="field",
            ),
            rx.el.label(
                t("cal_status"),
                rx.el.select(
                    _choice("confirmed", "cal_confirmed"),
                    _choice("estimated", "cal_estimated"),
                    name="status",
                    class_name="input",
                ),
                class_name="field",
            ),
            rx.el.label(
                t("cal_scope"),
                rx.el.select(
                    _choice("national", "cal_national"),
                    _choice("calendar", "cal_this_calendar"),
                    name="scope",
                    class_name="input",
                ),
                class_name="field",
            ),
            _field("cal_source_note", "source_note"),
            rx.el.button(t("cal_add_holiday"), type="submit", class_name="button primary"),
            on_submit=S.add_holiday,
            reset_on_submit=True,
            id="add-holiday-form",
        ),
    )


def range_row(r: rx.Var) -> rx.Component:
    return rx.el.tr(
        rx.el.td(rx.cond(S.locale == "en", r["name_en"], r["name_bn"])),
        rx.el.td(r["hours"]),
        rx.el.td(
            rx.el.form(
                rx.el.input(type="hidden", name="range_id", value=r["id"]),
                rx.el.input(type="date", name="start", default_value=r["start"], aria_label="first day"),
                rx.el.input(type="date", name="end", default_value=r["end"], aria_label="last day"),
                rx.el.button(t("cal_move"), type="submit", class_name="link-button"),
                on_submit=S.move_range,
                class_name="inline-form",
            ),
        ),
        rx.el.td(
            rx.el.button(
                t("cal_remove"),
                on_click=S.remove_range(r["id"]),
                class_name="link-button danger",
                type="button",
            )
        ),
        key=r["id"],
    )


def ranges_section() -> rx.Component:
    return rx.el.section(
        rx.el.h2(t("cal_ranges")),
        rx.cond(
            S.ranges.length() == 0,
            rx.el.p(t("cal_no_ranges"), class_name="empty"),
            rx.el.table(rx.el.tbody(rx.foreach(S.ranges, range_row)), class_name="table", id="ranges-table"),
        ),
        rx.el.form(
            rx.el.h3(t("cal_add_range")),
            _field("cal_start", "start", type="date", required=True),
            _field("cal_end", "end", type="date", required=True),
            _field("cal_name_bn", "name_bn", required=True),
            _field("cal_name_en", "name_en", required=True),
            _field("cal_every_day", "hours", placeholder="10:00-16:00", required=True),
            rx.el.button(t("cal_add_range"), type="submit", class_name="button primary"),
            on_submit=S.add_range,
            reset_on_submit=True,
            id="add-range-form",
        ),
    )


def team_row(team: rx.Var) -> rx.Component:
    return rx.el.tr(
        rx.el.td(rx.cond(S.locale == "en", team["name"], team["name_bn"])),
        rx.el.td(
            rx.el.select(
                rx.el.option(t("cal_default"), value=""),
                rx.foreach(S.calendars, lambda c: rx.el.option(c["name"], value=c["name"])),
                value=team["calendar"],
                on_change=lambda name: S.assign_team(team["id"], name),
                class_name="input",
                aria_label="calendar",
            )
        ),
        key=team["id"],
    )


PRAYERS = ("fajr", "dhuhr", "asr", "maghrib", "isha")


def prayer_row(row: rx.Var) -> rx.Component:
    return rx.el.tr(
        rx.el.td(rx.cond(S.locale == "en", row["name_en"], row["name_bn"])),
        *[rx.el.td(row[name]) for name in PRAYERS],
        key=row["city"],
    )


def prayers_section() -> rx.Component:
    return rx.el.section(
        rx.el.h2(t("cal_prayers")),
        rx.el.p(t("cal_prayers_help"), class_name="muted small"),
        rx.el.table(
            rx.el.thead(rx.el.tr(rx.el.th(t("cal_city")), *[rx.el.th(t(f"cal_{name}")) for name in PRAYERS])),
            rx.el.tbody(rx.foreach(S.prayers, prayer_row)),
            class_name="table",
            id="prayers-table",
        ),
    )


@page(routes.ADMIN_CALENDAR, title="ক্যালেন্ডার · Calendars", guard="agent", on_load=S.load)
def admin_calendar() -> rx.Component:
    return page_frame(
        rx.el.h1(t("cal_title")),
        rx.el.p(t("cal_intro"), class_name="muted"),
        error_banner(S.error),
        rx.cond(
            S.notice != "",
            rx.el.p(
                rx.match(S.notice, *[(key, t(key)) for key in NOTICES], ""),
                class_name="banner notice",
                role="status",
                id="calendar-notice",
            ),
        ),
        calendar_picker(),
        hours_form(),
        holidays_section(),
        ranges_section(),
        prayers_section(),
        rx.el.section(
            rx.el.h2(t("cal_teams")),
            rx.el.table(rx.el.tbody(rx.foreach(S.teams, team_row)), class_name="table", id="teams-table"),
        ),
        header_actions=(rx.el.button(t("sign_out"), on_click=S.sign_out, class_name="link-button"),),
        home=routes.AGENT_INBOX,
        wide=True,
    )
