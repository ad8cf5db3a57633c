"""`seba sms`: tools for operators checking SMS texts (segments, encoding, estimated cost)."""

from __future__ import annotations

import json

import click


@click.group()
def sms() -> None:
    """SMS: segment counts and costs of a text."""


@sms.command("segments")
@click.argument("text")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of a sentence.")
def segments(text: str, as_json: bool) -> None:
    """How TEXT goes out as SMS: encoding (gsm7 or ucs2), segments, characters used, cost.

    Characters are code units: GSM-7 septets (^ { } \\ [ ~ ] | € count 2) or UTF-16 units
    (an emoji counts 2). The empty text is 0 characters and 0 segments."""
    from backend.channels.sms.segments import count_segments, estimate_cost_paisa

    info = count_segments(text)
    cost = estimate_cost_paisa(info)
    if as_json:
        payload = {**info.as_dict(), "cost_paisa": cost}
        click.echo(json.dumps(payload, ensure_ascii=False))
        return
    plural = "" if info.segments == 1 else "s"
    click.echo(
        f"{info.encoding}: {info.segments} segment{plural}, {info.characters} characters "
        f"(up to {info.per_segment_limit} per segment), estimated cost {cost} paisa"
    )
