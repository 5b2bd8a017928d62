"""The fuzzer's growth detector (``scripts/growth.py``, issue 16): it tells linear work from
superlinear by steps and by peak memory, a one-off jump is not growth, and the whole check is
linear in steps and memory on the families where a quadratic loop would live (recipients,
header lines, quoted lines). By steps and tracemalloc only, never the clock; the fuzzer adds
the CPU time for work inside C calls (regular expressions), which ``test_patterns`` covers by
steps.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("growth", ROOT / "scripts" / "growth.py")
assert _spec and _spec.loader
growth = importlib.util.module_from_spec(_spec)
sys.modules["growth"] = growth
_spec.loader.exec_module(growth)

UNTIMED = ("steps", "peak")
LINES = growth.Shape("raw", b"", b"a line\n", b"")


def _lines(message: bytes) -> list[bytes]:
    return message.split(b"\n")


def linear(message: bytes) -> int:
    return sum(len(line) for line in _lines(message))


def quadratic_steps(message: bytes) -> int:
    lines = _lines(message)
    return sum(1 for a in lines for b in lines if a is b)  # every line against every line


def quadratic_memory(message: bytes) -> int:
    lines = _lines(message)
    prefixes = [b"".join(lines[:i]) for i in range(len(lines))]  # every prefix, kept at once: n^2 bytes
    return len(prefixes)


def one_jump(message: bytes) -> int:
    """Linear, plus a fixed extra amount of work once the message passes a size (as when one
    more rule starts to find something)."""
    extra = sum(1 for _ in range(60_000)) if len(message) > 10_000 else 0
    return linear(message) + extra


def test_a_shape_survives_the_fuzzers_bytes() -> None:
    for shape in growth.seeds():
        assert growth.Shape.decode(shape.encode()) == shape
    assert growth.Shape.decode(b"\x00\x00") is None
    assert growth.Shape.decode(b"\xff\xff\xff\x00abcdef") is not None  # any bytes are some shape


FAMILIES = [
    growth.Shape("to", b"", b"a@example.jp, ", b"b@example.jp"),  # many recipients
    growth.Shape("to", b"", "a@example.jp、".encode(), b"b@example.jp"),  # repaired separators
    growth.Shape("raw", b"From: a@example.jp\r\nTo: b@example.jp\r\n", b"X-Note: y\r\n", b"\r\nbody\r\n"),
    growth.Shape("body", b"", b"> quoted text\r\n", b"new text\r\n"),
    growth.Shape("html", b"<html><body>", b"<p>text</p>", b"</body></html>"),
    # found by `fuzz.sh growth` (a real message's header lines, repeated): each line without a
    # field name asked every line after it for a vital field, quadratic in the header's lines
    growth.Shape(
        "raw", b"From: a@example.jp\nSubject: x\n", b"X-Auth-Result: PASS\nexample.com\n", b"To: b@example.jp\n\nbody\n"
    ),
]


CHECKS = {
    "linear": linear,
    "one_jump": one_jump,
    "quadratic_steps": quadratic_steps,
    "quadratic_memory": quadratic_memory,
}


def judgements() -> dict[str, str | None]:
    """Every judgement the tests look at, by name: the growing measure, or None."""
    found = {name: growth.judge(LINES, check, UNTIMED) for name, check in CHECKS.items()}
    whole = growth.default_check()
    found |= {f"family-{number}": growth.judge(shape, whole, UNTIMED) for number, shape in enumerate(FAMILIES)}
    return {name: (None if verdict is None else verdict.measure) for name, verdict in found.items()}


@pytest.fixture(scope="module")
def judged() -> dict[str, str | None]:
    """Judged in a fresh interpreter: a trace hook and tracemalloc measure everything the
    process does, so nothing another test left running (a timer, a thread) may share it."""
    code = (
        "import importlib.util, json, sys; spec = importlib.util.spec_from_file_location('growth_cases', sys.argv[1]);"
        "module = importlib.util.module_from_spec(spec); spec.loader.exec_module(module);"
        "print(json.dumps(module.judgements()))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, __file__], capture_output=True, text=True, timeout=900, check=True
    )
    found: dict[str, str | None] = json.loads(done.stdout.strip().splitlines()[-1])
    return found


@pytest.mark.parametrize("name", ["linear", "one_jump"])
def test_linear_work_is_not_growth(judged: dict[str, str | None], name: str) -> None:
    assert judged[name] is None


def test_quadratic_steps_and_memory_are_growth(judged: dict[str, str | None]) -> None:
    assert judged["quadratic_steps"] == "steps" and judged["quadratic_memory"] == "peak"


@pytest.mark.parametrize("number", range(len(FAMILIES)), ids=[f"{s.place}-{s.unit[:12]!r}" for s in FAMILIES])
def test_the_whole_check_is_linear_in_steps_and_memory(judged: dict[str, str | None], number: int) -> None:
    assert judged[f"family-{number}"] is None, FAMILIES[number]
