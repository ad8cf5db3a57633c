"""Customer sign-in: mobile number, then the one-time code from the SMS."""

from __future__ import annotations

import reflex as rx

from backend.auth import otp
from backend.errors import SebaError
from state.session import SessionState


class CustomerLoginState(SessionState):
    phone: str = ""
    code: str = ""
    code_sent: bool = False
    busy: bool = False

    @rx.event
    def set_phone(self, value: str) -> None:
        self.phone = value

    @rx.event
    def set_code(self, value: str) -> None:
        self.code = value

    @rx.event
    def start(self):
        self.error = ""
        if self._customer() is not None:
            return rx.redirect("/")
        return None

    @rx.event
    def request_code(self, form: dict | None = None) -> None:
        if form and "phone" in form:
            self.phone = form["phone"]
        self.error = ""
        try:
            sent = otp.request_code(phone=self.phone, device_id=self._ensure_device(), locale=self.locale)
        except SebaError as exc:
            self._error(exc)
            return
        self.phone = sent.phone
        self.code_sent = True

    @rx.event
    def verify_code(self, form: dict | None = None):
        if form and "code" in form:
            self.code = form["code"]
        self.error = ""
        try:
            signed = otp.verify_code(
                phone=self.phone,
                code=self.code,
                device_id=self._ensure_device(),
                locale=self.locale,
            )
        except SebaError as exc:
            self._error(exc)
            return None
        self.token = signed.token
        self.code = ""
        self.code_sent = False
        self._principal()
        return rx.redirect("/")

    @rx.event
    def change_number(self) -> None:
        self.code_sent = False
        self.code = ""
        self.error = ""
