"""Every reading limit is configurable and, when hit, is reported: never a pass by omission."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

import mailguard
from conftest import eml
from mailguard.attachments.extract import extract
from mailguard.limits import Limits
from mailguard.model import Attachment
from mailguard.policy import Policy


def check(text: str | bytes, **limits: int) -> mailguard.MessageResult:
    data = text if isinstance(text, bytes) else eml(text)
    return mailguard.check(data, Policy.from_mapping({"limits": limits}))


def stops(result: mailguard.MessageResult) -> list[str]:
    return [f.message.en for f in result.findings if f.rule == "MG900"]


def test_input_size_limit_refuses_the_file() -> None:
    result = check("From: a@example.jp\nTo: b@example.jp\n\n" + "x" * 5000, max_input_bytes=1000)
    assert result.exit_code == 4 and "input limit" in (result.error or "")


def test_header_size_limit() -> None:
    header = ", ".join(f"user{i}@example.jp" for i in range(200))
    result = check(f"From: a@example.jp\nTo: {header}\n\nx\n", max_header_bytes=500)
    assert result.verdict.label == "confirm" and any("longer than 500 bytes" in s for s in stops(result))


def test_header_count_limit() -> None:
    extra = "".join(f"X-Note-{i}: {i}\n" for i in range(30))
    result = check(f"From: a@example.jp\nTo: b@example.jp\n{extra}\nx\n", max_headers=10)
    assert any("more than 10 headers" in s for s in stops(result))


def test_text_part_size_limit() -> None:
    result = check(
        "From: a@example.jp\nTo: b@example.jp\nContent-Type: text/plain\n\n" + "あ" * 3000, max_text_bytes=1000
    )
    assert any("larger than 1000 bytes" in s for s in stops(result))
    assert result.draft is not None and len(result.draft.body.encode()) <= 1000


def test_depth_limit_for_attached_messages() -> None:
    inner = "From: c@example.jp\nTo: d@example.jp\nSubject: inner\n\nbody\n"
    for level in range(4):
        inner = f"From: x{level}@example.jp\nTo: y@example.jp\nContent-Type: message/rfc822\n\n{inner}"
    result = check(inner, max_depth=2)
    assert stops(result)


def test_zip_expanded_size_limit() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for i in range(5):
            archive.writestr(f"{i}.txt", b"a" * 4000)
    attachment = Attachment("big.zip", "application/zip", len(buffer.getvalue()), buffer.getvalue())
    result = extract(attachment, Limits(max_expanded_bytes=10_000))
    assert any("expanded size over 10000" in p.en for p in result.all_problems())


@pytest.mark.parametrize("key", Limits.names())
def test_every_limit_is_documented_in_the_shipped_policy(key: str) -> None:
    from mailguard.policy import shipped_dir

    text = (shipped_dir() / "default.yaml").read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if line.strip().startswith(f"{key}:"))
    assert "#" in line, f"limits.{key} has no comment"


def test_an_endless_input_is_read_to_the_cap_and_refused(tmp_path: Path) -> None:
    """An endless standard input (here /dev/zero) stops at max_input_bytes + 1 (exit 4), in
    bounded memory (a device given by name is refused before reading)."""
    import subprocess
    import sys

    probe = (
        "import resource, subprocess, sys\n"
        "with open('/dev/zero', 'rb') as zero:\n"
        "    r = subprocess.run([sys.executable, '-m', 'mailguard', 'check', '--policy', sys.argv[1], '-'],"
        " stdin=zero, capture_output=True)\n"
        "print(r.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
        "sys.stderr.write(r.stderr.decode())\n"
    )
    policy = tmp_path / "small-input.yaml"
    policy.write_text("limits: {max_input_bytes: 1000000}\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", probe, str(policy)], capture_output=True, text=True, timeout=120)
    status, peak_kib = done.stdout.split()
    assert status == "4" and "larger than the 1000000-byte input limit" in done.stderr
    assert int(peak_kib) < 200 * 1024  # the interpreter and its imports, not the endless input


def test_messages_nested_deeper_than_the_limit_are_mg900_naming_the_depth() -> None:
    def nested(levels: int) -> bytes:
        inner = "From: a@example.jp\nTo: friend@gmail.com\nSubject: deep\nContent-Type: text/plain; charset=utf-8\n\n個人番号：1234 5678 9018\n"
        for level in range(levels):
            inner = f"From: x{level}@example.jp\nTo: y@example.jp\nSubject: l{level}\nContent-Type: message/rfc822\n\n{inner}"
        return (
            "From: k.mori@example-city.lg.jp\nTo: friend@gmail.com\nSubject: top\nMIME-Version: 1.0\n"
            "Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\n\nsee\n"
            f"--b\nContent-Type: message/rfc822\n\n{inner}\n--b--\n"
        ).encode()

    import mailguard

    shallow = mailguard.check(nested(5), source="five")
    assert "MG401" in {f.rule for f in shallow.findings} and shallow.verdict.label == "block"
    deep = mailguard.check(nested(250), source="deep")
    messages = [f.message.en for f in deep.findings if f.rule == "MG900"]
    assert messages and "nested more than 20 deep" in messages[0] and deep.verdict.label == "confirm"
