"""Keep what the customer wrote: strip quoted history and signatures from a reply's text.

Recognised: our own "reply above this line" marker, Gmail's attribution line in English ("On ...
wrote:") and Bengali ("... লিখেছেন:"), also when wrapped over two lines, Outlook's "-----Original
Message-----", its underscore rule and its From:/Sent: header block (English and Bengali labels),
">" quoted lines, the "-- " signature separator and the usual "Sent from my phone" lines. The
original text is kept by the caller (backend/channels/email/inbound.py) as a file, never lost."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from backend.channels.email.templates import REPLY_ABOVE

_ATTRIBUTION_END = re.compile(r"(wrote|writes|লিখেছেন|লিখেছিলেন)\s*:\s*$", re.IGNORECASE)
_ATTRIBUTION_START = re.compile(r"^(On\s|Le\s|Am\s|El\s|[০-৯0-9]{1,4}[\s/,-])", re.IGNORECASE)
_ORIGINAL_MESSAGE = re.compile(r"^-{2,}\s*(Original Message|Forwarded message|মূল বার্তা)\s*-{2,}", re.I)
_UNDERSCORE_RULE = re.compile(r"^_{10,}\s*$")
_OUTLOOK_FROM = re.compile(r"^\*?(From|প্রেরক|থেকে)\s*:\*?\s", re.IGNORECASE)
_OUTLOOK_NEXT = re.compile(r"^\*?(Sent|Date|To|Subject|পাঠানো হয়েছে|তারিখ|প্রতি|বিষয়)\s*:", re.IGNORECASE)
_SIGNATURE = re.compile(r"^--\s*$")
_MOBILE_SIGNATURE = re.compile(
    r"^(Sent from my \w+|Sent from (Mail|Outlook) for \w+|Get Outlook for \w+|Sent from Yahoo Mail"
    r"|আমার (আইফোন|অ্যান্ড্রয়েড|মোবাইল) থেকে পাঠানো)",
    re.IGNORECASE,
)


def _is_cut(lines: list[str], i: int) -> bool:
    line = lines[i].strip()
    if not line:
        return False
    if any(marker in line for marker in REPLY_ABOVE.values()):
        return True
    if _ORIGINAL_MESSAGE.match(line) or _UNDERSCORE_RULE.match(line):
        return True
    if _ATTRIBUTION_END.search(line):
        return True
    # An attribution wrapped over two lines: "On Mon, 3 Mar 2026, Seba <" + "support@x> wrote:".
    if _ATTRIBUTION_START.match(line) and i + 1 < len(lines) and _ATTRIBUTION_END.search(lines[i + 1]):
        return True
    if _OUTLOOK_FROM.match(line):
        following = [ln.strip() for ln in lines[i + 1 : i + 4] if ln.strip()]
        return bool(following) and bool(_OUTLOOK_NEXT.match(following[0]))
    return bool(_SIGNATURE.match(lines[i]) or _MOBILE_SIGNATURE.match(line))


def strip_quoted(text: str) -> str:
    """The new part of a reply; the whole text when nothing new is left (a forward, say)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    kept: list[str] = []
    for i, line in enumerate(lines):
        if _is_cut(lines, i):
            break
        if line.lstrip().startswith(">"):
            continue
        kept.append(line.rstrip())
    result = "\n".join(kept).strip()
    return result or text.strip()


class _HtmlText(HTMLParser):
    _BLOCK = frozenset({"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "table"})
    _SKIP = frozenset({"style", "script", "head", "title"})
    _QUOTE_CLASSES = ("gmail_quote", "gmail_signature", "moz-cite-prefix", "yahoo_quoted")
    _QUOTE_IDS = ("appendonsend", "divrplyfwdmsg", "signature")

    def __init__(self, drop_quotes: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.drop_quotes = drop_quotes
        self.parts: list[str] = []
        self.skip_depth = 0
        self.stack: list[bool] = []
        self.stopped = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.stopped:
            return
        values = {k: (v or "").lower() for k, v in attrs}
        quote = self.drop_quotes and (
            tag == "blockquote"
            or any(c in values.get("class", "") for c in self._QUOTE_CLASSES)
            or values.get("id", "") in self._QUOTE_IDS
        )
        if values.get("id", "") == "appendonsend" and self.drop_quotes:
            self.stopped = True  # Outlook: everything after this empty div is the old thread
            return
        if tag in ("br", "hr", "img", "meta", "link", "input"):
            if tag == "br" and not self.skip_depth:
                self.parts.append("\n")
            return
        skip = quote or tag in self._SKIP
        self.stack.append(skip)
        if skip:
            self.skip_depth += 1
        if tag in self._BLOCK and not self.skip_depth:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if self.stopped or tag in ("br", "hr", "img", "meta", "link", "input") or not self.stack:
            return
        if self.stack.pop():
            self.skip_depth -= 1
        if tag in self._BLOCK and not self.skip_depth:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skip_depth and not self.stopped:
            self.parts.append(data)


def html_to_text(markup: str, *, drop_quotes: bool = True) -> str:
    """Readable text from an HTML-only email, without the quoted thread when `drop_quotes`."""
    parser = _HtmlText(drop_quotes)
    parser.feed(markup)
    parser.close()
    text = "".join(parser.parts)
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
