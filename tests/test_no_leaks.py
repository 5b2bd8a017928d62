"""Personal data never echoes: the shipped example full of personal data goes through every
command and format, including the audit log and the batch manifest, and none of the raw
values appears anywhere in what mailguard writes."""

from __future__ import annotations

from pathlib import Path

from conftest import EXAMPLES, run_cli

DRAFT = str(EXAMPLES / "10-personal-data-to-free-mail.eml")
RAW_VALUES = [
    "202611260000",
    "2026 1126 0000",
    "080-2345-6789",
    "08023456789",
    "5555 5555 5555 4444",
    "5555555555554444",
    "1979年12月3日",
    "7654321",
    "090-0000-0007",
    "c7@example-mail.jp",
]


def assert_clean(text: str, where: str) -> None:
    for value in RAW_VALUES:
        assert value not in text, f"{value!r} leaked in {where}"


def test_no_raw_personal_data_in_any_output(tmp_path: Path) -> None:
    policy = tmp_path / "mailguard.yaml"
    policy.write_text(
        (EXAMPLES / "mailguard.yaml")
        .read_text(encoding="utf-8")
        .replace("contacts.csv", str(EXAMPLES / "contacts.csv"))
        + f"audit_log: {tmp_path / 'audit.jsonl'}\n",
        encoding="utf-8",
    )
    outputs = []
    for command in (
        ["check", "--format", "text"],
        ["check", "--format", "json"],
        ["check", "--format", "sarif"],
        ["check", "--format", "json", "--lang", "ja"],
        ["check", "--ack", "MG401-000000000000"],
        ["batch", "--format", "jsonl", "--manifest", str(tmp_path / "manifest.json")],
        ["batch", "--format", "sarif"],
        ["batch", "--format", "text"],
    ):
        result = run_cli(*command, "--policy", str(policy), DRAFT)
        assert result.returncode == 3, command
        outputs.append((" ".join(command), result.stdout.decode() + result.stderr.decode()))
    # The dialog shows the sender their own draft on screen; what it records must be clean.
    run_cli("check", "--interactive", "--policy", str(policy), DRAFT, stdin=b"", env={"TERM": "dumb"})
    outputs.append(("manifest", (tmp_path / "manifest.json").read_text(encoding="utf-8")))
    outputs.append(("audit log", (tmp_path / "audit.jsonl").read_text(encoding="utf-8")))
    for where, text in outputs:
        assert_clean(text, where)
    # The findings are really there, masked.
    assert "****-****-**00" in outputs[0][1] and "5555-****-****-**44" in outputs[0][1]
