"""Labelled form fields, large enough for thumbs on a 360 px screen."""

from __future__ import annotations

from typing import Any

import reflex as rx


def field(label: rx.Var | str, name: str, *, input_type: str = "text", **attrs: Any) -> rx.Component:
    return rx.el.label(
        rx.el.span(label, class_name="field-label"),
        rx.el.input(name=name, id=name, type=input_type, class_name="input", **attrs),
        class_name="field",
    )


def text_area(label: rx.Var | str, name: str, **attrs: Any) -> rx.Component:
    return rx.el.label(
        rx.el.span(label, class_name="field-label"),
        rx.el.textarea(name=name, id=name, class_name="input textarea", **attrs),
        class_name="field",
    )


def submit_button(label: rx.Var | str, **attrs: Any) -> rx.Component:
    return rx.el.button(label, type="submit", class_name="button primary", **attrs)
