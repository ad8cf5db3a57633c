"""SMS segment counts against hand-checked examples, the keywords, the one-segment templates and
`seba sms segments`."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from backend.channels.sms.keywords import Keyword, KeywordCommand, parse_keyword
from backend.channels.sms.segments import count_segments, estimate_cost_paisa
from backend.channels.sms.templates import SmsTemplate, render
from backend.cli.main import cli

pytestmark = pytest.mark.no_stores

BN = "আ"  # one Bengali letter: one UTF-16 unit, forces UCS-2


@pytest.mark.parametrize(
    ("text", "encoding", "segments", "characters"),
    [
        ("a" * 160, "gsm7", 1, 160),
        ("a" * 161, "gsm7", 2, 161),
        ("a" * 306, "gsm7", 2, 306),
        ("a" * 307, "gsm7", 3, 307),
        ("a" * 158 + "€", "gsm7", 1, 160),  # € takes 2 septets: exactly 160
        ("a" * 159 + "€", "gsm7", 2, 161),  # ... and pushes 159 + 1 character over
        ("a" * 159 + "[", "gsm7", 2, 161),
        ("{}[]~\\|^€", "gsm7", 1, 18),
        ("a" * 152 + "€" + "a" * 10, "gsm7", 2, 164),  # the ESC pair is not split: 152 + (2 + 10)
        ("a" * 152 + "[" + "a" * 152, "gsm7", 3, 306),  # 306 units but the pair moves: 3 segments
        ("Apnar order ti pathano hoyechhe. Dhonnobad!", "gsm7", 1, 43),
        ("@£$¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ¤¡ÄÖÑÜ§¿äöñüà", "gsm7", 1, 42),
        (BN * 70, "ucs2", 1, 70),
        (BN * 71, "ucs2", 2, 71),
        (BN * 134, "ucs2", 2, 134),
        (BN * 135, "ucs2", 3, 135),
        ("a" * 69 + BN, "ucs2", 1, 70),  # one Bengali letter turns the whole text UCS-2
        ("😀", "ucs2", 1, 2),  # outside the BMP: a surrogate pair
        ("a" * 68 + "😀", "ucs2", 1, 70),
        ("a" * 69 + "😀", "ucs2", 2, 71),
        ("a" * 66 + "😀" + "a" * 10, "ucs2", 2, 78),  # the pair is not split: 66 | 2 + 10
        ("আমার অর্ডার কোথায়?", "ucs2", 1, 19),
        ("Price: 500৳", "ucs2", 1, 11),  # the taka sign is not GSM-7
        ("curly ’quote’", "ucs2", 1, 13),  # no smart encoding assumed
        ("", "gsm7", 0, 0),
    ],
)
def test_segment_counts_match_hand_checked_examples(
    text: str, encoding: str, segments: int, characters: int
) -> None:
    info = count_segments(text)
    assert (info.encoding, info.segments, info.characters) == (encoding, segments, characters)


def test_the_per_segment_limit_is_the_single_or_the_concatenated_one() -> None:
    assert count_segments("a").per_segment_limit == 160
    assert count_segments("a" * 161).per_segment_limit == 153
    assert count_segments(BN).per_segment_limit == 70
    assert count_segments(BN * 71).per_segment_limit == 67


def test_the_cost_is_segments_times_the_configured_price_per_encoding() -> None:
    from backend.config import Settings

    settings = Settings(sms_cost_paisa_per_segment_gsm7=25, sms_cost_paisa_per_segment_ucs2=40)
    assert estimate_cost_paisa(count_segments("a" * 161), settings) == 50
    assert estimate_cost_paisa(count_segments(BN * 135), settings) == 120
    assert estimate_cost_paisa(count_segments(""), settings) == 0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("STOP", KeywordCommand(Keyword.stop)),
        ("  stop ", KeywordCommand(Keyword.stop)),
        ("Unsubscribe", KeywordCommand(Keyword.stop)),
        ("STOPALL", KeywordCommand(Keyword.stop)),
        ("cancel", KeywordCommand(Keyword.stop)),
        ("end", KeywordCommand(Keyword.stop)),
        ("quit", KeywordCommand(Keyword.stop)),
        ("বন্ধ", KeywordCommand(Keyword.stop)),
        (" বন্ধ। ", KeywordCommand(Keyword.stop)),
        ("START", KeywordCommand(Keyword.start)),
        ("unstop", KeywordCommand(Keyword.start)),
        ("চালু", KeywordCommand(Keyword.start)),
        ("help", KeywordCommand(Keyword.help)),
        ("সাহায্য", KeywordCommand(Keyword.help)),
        ("status", KeywordCommand(Keyword.status)),
        ("অবস্থা", KeywordCommand(Keyword.status)),
        ("STATUS 1234567", KeywordCommand(Keyword.status, 1234567)),
        ("status #42", KeywordCommand(Keyword.status, 42)),
        ("অবস্থা ১২৩৪৫", KeywordCommand(Keyword.status, 12345)),
        ("অবস্থা #৭", KeywordCommand(Keyword.status, 7)),
        ("please stop", None),
        ("stop sending me the wrong size", None),
        ("yes", None),
        ("বন্ধ করুন আমার অর্ডার", None),
        ("status of my order", None),
        ("", None),
    ],
)
def test_keywords_are_the_whole_message_in_bengali_or_english(
    text: str, expected: KeywordCommand | None
) -> None:
    assert parse_keyword(text) == expected


@pytest.mark.parametrize("script", ["bengali", "banglish"])
@pytest.mark.parametrize("template", list(SmsTemplate))
def test_every_template_fits_one_segment_with_the_longest_values(script: str, template: SmsTemplate) -> None:
    longest_status = "pending"  # the longest status name in both scripts
    text = render(template, script, number=9_999_999, status=longest_status, code="999999", minutes=10)
    info = count_segments(text)
    assert info.segments == 1, (text, info)
    assert info.encoding == ("ucs2" if script == "bengali" else "gsm7")
    assert "{" not in text and "}" not in text


def test_templates_fill_values_in_the_scripts_digits() -> None:
    assert "#১২৩৪৫৬৭" in render(SmsTemplate.reply_alert, "bengali", number=1234567)
    assert "#1234567" in render(SmsTemplate.reply_alert, "banglish", number=1234567)
    assert render(SmsTemplate.ticket_status, "bengali", number=8, status="resolved") == (
        "সেবা: টিকিট #৮: সমাধান হয়েছে।"
    )
    assert render(SmsTemplate.ticket_status, "banglish", number=8, status="resolved") == (
        "Seba: Ticket #8: somadhan hoyechhe."
    )
    # The Bengali one-time code is the sign-in flow's own text.
    assert render(SmsTemplate.otp, "bengali", code="314159", minutes=5) == (
        "আপনার সেবা কোড 314159। কাউকে জানাবেন না। মেয়াদ 5 মিনিট।"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hello", {"encoding": "gsm7", "segments": 1, "characters": 5}),
        ("a" * 161, {"encoding": "gsm7", "segments": 2, "characters": 161}),
        ("€uro", {"encoding": "gsm7", "segments": 1, "characters": 5}),
        ("আমার অর্ডার", {"encoding": "ucs2", "segments": 1, "characters": 11}),
        (BN * 71, {"encoding": "ucs2", "segments": 2, "characters": 71}),
        ("😀", {"encoding": "ucs2", "segments": 1, "characters": 2}),
        ("", {"encoding": "gsm7", "segments": 0, "characters": 0}),
    ],
)
def test_cli_segments_json_prints_exactly_the_three_keys(text: str, expected: dict[str, object]) -> None:
    result = CliRunner().invoke(cli, ["sms", "segments", text, "--json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert {key: payload[key] for key in ("encoding", "segments", "characters")} == expected
    assert result.output.count("\n") == 1


def test_cli_segments_without_json_prints_a_sentence_and_a_missing_text_is_an_error() -> None:
    result = CliRunner().invoke(cli, ["sms", "segments", "a" * 161])
    assert result.exit_code == 0
    assert result.output.startswith("gsm7: 2 segments, 161 characters (up to 153 per segment)")
    missing = CliRunner().invoke(cli, ["sms", "segments"])
    assert missing.exit_code == 2
    assert "Missing argument 'TEXT'" in missing.output
