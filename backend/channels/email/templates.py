"""The emails we write, in Bengali and English, each as plain text and HTML.

Kinds: `agent_reply` (an agent's answer on an email ticket, optionally quoting the customer's last
message), `reply_alert` (a reply waits in the app), `survey` (how did we do: five signed score
links, backend/csat/). Subjects carry the ticket number as `[#1234]` so that people and
filters can find the thread; the number stays in ASCII digits in both languages."""

from __future__ import annotations

import html
from dataclasses import dataclass

from backend.i18n.messages import normalise_locale

REPLY_ABOVE = {
    "bn": "— এই লাইনের উপরে উত্তর লিখুন —",
    "en": "— Reply above this line —",
}

_TEXTS: dict[str, dict[str, str]] = {
    "bn": {
        "footer": "টিকিট #{number} · {organisation}\nএই ইমেইলের উত্তর দিলেই আপনার বার্তা টিকিটে যোগ হবে।",
        "quoted_intro": "আপনি লিখেছিলেন:",
        "alert_subject": "[#{number}] আপনার টিকিটে নতুন উত্তর",
        "alert_body": "টিকিট #{number} ({subject})-এ আপনার জন্য নতুন উত্তর এসেছে।",
        "alert_link": "পড়তে এখানে যান: {url}",
        "survey_subject": "[#{number}] আমাদের সেবা কেমন লেগেছে?",
        "survey_body": "টিকিট #{number}-এ আমাদের সেবা কেমন লেগেছে জানালে আমরা আরও ভালো করতে পারব।",
        "survey_link": "মতামত দিন: {url}",
    },
    "en": {
        "footer": "Ticket #{number} · {organisation}\nReply to this email to add to your ticket.",
        "quoted_intro": "You wrote:",
        "alert_subject": "[#{number}] A new reply on your ticket",
        "alert_body": "There is a new reply for you on ticket #{number} ({subject}).",
        "alert_link": "Read it here: {url}",
        "survey_subject": "[#{number}] How did we do?",
        "survey_body": "Tell us how we did on ticket #{number} and help us serve you better.",
        "survey_link": "Give feedback: {url}",
    },
}


@dataclass(frozen=True)
class RenderedEmail:
    subject: str
    text: str
    html: str


def _t(locale: str, key: str, **params: object) -> str:
    return _TEXTS[normalise_locale(locale)][key].format(**params)


def _paragraphs_html(text: str) -> str:
    blocks = [b for b in text.split("\n\n") if b.strip()]
    return "".join(f"<p>{html.escape(b).replace(chr(10), '<br>')}</p>" for b in blocks)


def _page(locale: str, inner: str) -> str:
    lang = normalise_locale(locale)
    return (
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8"></head>'
        "<body style=\"font-family:'Noto Sans Bengali',Arial,sans-serif;line-height:1.5\">"
        f"{inner}</body></html>"
    )


def reply_subject(number: int, subject: str) -> str:
    return f"Re: [#{number}] {subject}"


def agent_reply(
    *, locale: str, number: int, subject: str, body: str, organisation: str, quoted: str = ""
) -> RenderedEmail:
    footer = _t(locale, "footer", number=number, organisation=organisation)
    above = REPLY_ABOVE[normalise_locale(locale)]
    text = f"{above}\n\n{body}\n\n-- \n{footer}\n"
    inner = (
        f'<p style="color:#888">{html.escape(above)}</p>{_paragraphs_html(body)}'
        f'<hr><p style="color:#666;font-size:small">{html.escape(footer).replace(chr(10), "<br>")}</p>'
    )
    if quoted:
        intro = _t(locale, "quoted_intro")
        quoted_text = "\n".join(f"> {line}" for line in quoted.splitlines())
        text += f"\n{intro}\n{quoted_text}\n"
        inner += (
            f"<p>{html.escape(intro)}</p>"
            f'<blockquote style="border-left:3px solid #ccc;margin:0;padding-left:8px">'
            f"{_paragraphs_html(quoted)}</blockquote>"
        )
    return RenderedEmail(reply_subject(number, subject), text, _page(locale, inner))


def reply_alert(*, locale: str, number: int, subject: str, url: str, organisation: str) -> RenderedEmail:
    body = _t(locale, "alert_body", number=number, subject=subject)
    link = _t(locale, "alert_link", url=url)
    footer = _t(locale, "footer", number=number, organisation=organisation)
    text = f"{body}\n\n{link}\n\n-- \n{footer}\n"
    inner = (
        f"<p>{html.escape(body)}</p>"
        f'<p><a href="{html.escape(url, quote=True)}">{html.escape(link)}</a></p>'
        f'<hr><p style="color:#666;font-size:small">{html.escape(footer).replace(chr(10), "<br>")}</p>'
    )
    return RenderedEmail(_t(locale, "alert_subject", number=number), text, _page(locale, inner))


def survey(*, locale: str, number: int, score_urls: list[str], organisation: str) -> RenderedEmail:
    """How did we do: five signed links, score 1 (poor) to 5 (excellent), from backend/csat/tokens.py."""
    body = _t(locale, "survey_body", number=number)
    footer = _t(locale, "footer", number=number, organisation=organisation)
    digits = "০১২৩৪৫" if locale == "bn" else "012345"
    lines = "\n".join(f"{digits[i]}: {url}" for i, url in enumerate(score_urls, start=1))
    text = f"{body}\n\n{lines}\n\n-- \n{footer}\n"
    buttons = " ".join(
        f'<a href="{html.escape(url, quote=True)}" style="display:inline-block;padding:8px 14px;'
        f'margin:2px;border:1px solid #0a7;border-radius:6px;text-decoration:none">{digits[i]}</a>'
        for i, url in enumerate(score_urls, start=1)
    )
    inner = (
        f"<p>{html.escape(body)}</p><p>{buttons}</p>"
        f'<hr><p style="color:#666;font-size:small">{html.escape(footer).replace(chr(10), "<br>")}</p>'
    )
    return RenderedEmail(_t(locale, "survey_subject", number=number), text, _page(locale, inner))
