"""`seba bot classify` as INTENTS.md specifies it, through a real subprocess (no server, no database)."""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
from pathlib import Path

import pytest

from backend.intents import INTENTS

pytestmark = pytest.mark.no_stores

ROOT = Path(__file__).resolve().parents[2]
COMMAND = [sys.executable, "-m", "backend.cli.main", "bot", "classify"]
CONTRACT_KEYS = {"intent", "confidence", "language", "sentiment"}


def _env() -> dict[str, str]:
    # No stores configured: classify must not need them.
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env["PYTHONPATH"] = str(ROOT)
    return env


def _run(stdin: bytes) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        COMMAND, input=stdin, capture_output=True, cwd=ROOT, env=_env(), timeout=60, check=False
    )


def _lines(result: subprocess.CompletedProcess[bytes]) -> list[dict]:
    return [json.loads(line) for line in result.stdout.decode("utf-8").splitlines()]


def test_valid_lines_get_the_four_contract_keys_in_order() -> None:
    texts = [
        "আমার order টা কোথায়?",
        "amar bkash e taka kete geche kintu order hoy nai",
        "I want to talk to a human",
        "ধন্যবাদ ভাই",
        "assalamu alaikum",
    ]
    stdin = "".join(json.dumps({"text": t}, ensure_ascii=False) + "\n" for t in texts).encode()
    result = _run(stdin)
    assert result.returncode == 0, result.stderr.decode()
    out = _lines(result)
    assert len(out) == len(texts)
    for line in out:
        assert set(line) == CONTRACT_KEYS
        assert line["intent"] in INTENTS
        assert 0.0 <= line["confidence"] <= 1.0
        assert line["language"] in ("bn", "banglish", "en")
        assert line["sentiment"] in ("negative", "neutral", "positive")
    assert [o["intent"] for o in out] == [
        "track_order",
        "payment_issue",
        "talk_to_agent",
        "thanks_goodbye",
        "greeting",
    ]
    assert [o["language"] for o in out] == ["bn", "banglish", "en", "bn", "banglish"]


def test_malformed_lines_get_an_error_each_and_the_stream_goes_on() -> None:
    lines = [
        b'{"text": "where is my refund"}',
        b"",
        b"   ",
        b"not json",
        b"[1, 2]",
        b'"just a string"',
        b"{}",
        b'{"text": 42}',
        b'{"text": null}',
        b'{"text": "   "}',
        b'{"text": "ok", ',
        b"\xff\xfe broken utf-8",
        '{"text": "অর্ডার বাতিল করতে চাই"}'.encode(),
    ]
    result = _run(b"\n".join(lines) + b"\n")
    assert result.returncode == 0, result.stderr.decode()
    out = _lines(result)
    assert len(out) == len(lines)
    assert out[0]["intent"] == "refund_status" and set(out[0]) == CONTRACT_KEYS
    codes = []
    for line in out[1:-1]:
        assert set(line) == {"error"} and isinstance(line["error"], str)
        code, _, text = line["error"].partition(": ")
        english, _, bengali = text.partition(" / ")
        assert english and any("\u0980" <= ch <= "\u09ff" for ch in bengali)  # bilingual
        codes.append(code)
    assert codes == [
        "bot_line_empty",
        "bot_line_empty",
        "bot_line_json",
        "bot_line_not_object",
        "bot_line_not_object",
        "bot_text_missing",
        "bot_text_not_string",
        "bot_text_missing",
        "bot_text_empty",
        "bot_line_json",
        "bot_line_encoding",
    ]
    assert out[-1]["intent"] == "cancel_order"


def test_empty_input_writes_nothing_and_exits_zero() -> None:
    result = _run(b"")
    assert result.returncode == 0
    assert result.stdout == b""


def test_last_line_without_newline_and_crlf_are_read() -> None:
    result = _run(b'{"text": "hello"}\r\n{"text": "bye"}')
    assert [o["intent"] for o in _lines(result)] == ["greeting", "thanks_goodbye"]


def test_each_answer_is_flushed_before_the_next_line_arrives() -> None:
    with subprocess.Popen(
        COMMAND, stdin=subprocess.PIPE, stdout=subprocess.PIPE, cwd=ROOT, env=_env()
    ) as proc:
        assert proc.stdin is not None and proc.stdout is not None
        for text, intent in (("cancel my order", "cancel_order"), ("রিফান্ড চাই", "request_refund")):
            proc.stdin.write((json.dumps({"text": text}, ensure_ascii=False) + "\n").encode())
            proc.stdin.flush()
            # The answer must arrive while stdin is still open (no waiting for EOF); never hang CI.
            ready, _, _ = select.select([proc.stdout], [], [], 30)
            if not ready:
                proc.kill()
                pytest.fail("no answer within 30 s while the input stayed open: output not flushed")
            assert json.loads(proc.stdout.readline())["intent"] == intent
        proc.stdin.close()
        assert proc.wait(timeout=30) == 0


def test_classify_path_imports_no_web_database_or_queue_modules() -> None:
    # The `bot` group and its classify command (what `seba bot classify` runs after the entry point's
    # own imports) must not pull in Reflex, SQLModel, Redis, RQ or scikit-learn.
    code = (
        "import sys, json\n"
        "from click.testing import CliRunner\n"
        "from backend.cli.bot import bot\n"
        "r = CliRunner().invoke(bot, ['classify'], input='{\"text\": \"hi\"}\\n')\n"
        "assert r.exit_code == 0, r.output\n"
        "names = ('reflex', 'sqlmodel', 'sqlalchemy', 'redis', 'rq', 'sklearn', 'fastapi')\n"
        "heavy = [m for m in names if m in sys.modules]\n"
        "print(json.dumps(heavy))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, cwd=ROOT, env=_env(), timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr.decode()
    assert json.loads(result.stdout.decode().strip().splitlines()[-1]) == []
