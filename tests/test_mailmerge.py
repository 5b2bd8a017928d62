"""A real client: awdeorio's mailmerge renders the run, mailguard batch checks it.

The classic swap (the e-mail column sorted on its own) is blocked with the pairs named; the
correct database passes. Runs the real `mailmerge` command from this environment.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EXAMPLES, run_cli

MERGE = EXAMPLES / "mailmerge"


def mailmerge_transcript(database: str) -> bytes:
    command = shutil.which("mailmerge") or str(Path(sys.executable).with_name("mailmerge"))
    result = subprocess.run(
        [
            command,
            "--template",
            str(MERGE / "registration.txt"),
            "--database",
            str(MERGE / database),
            "--config",
            str(MERGE / "server.conf"),
            "--dry-run",
            "--no-limit",
            "--output-format",
            "raw",
        ],
        capture_output=True,
        check=True,
        timeout=120,
    )
    assert result.stdout.count(b">>> message ") >= 8
    return result.stdout


def test_swapped_database_is_blocked_with_pairs_named() -> None:
    result = run_cli(
        "batch",
        "-",
        "--targets",
        str(MERGE / "targets.csv"),
        "--format",
        "json",
        stdin=mailmerge_transcript("database-swapped.csv"),
    )
    data = json.loads(result.stdout)
    assert result.returncode == 3
    swaps = [f for f in data["batch_findings"] if f["rule"] == "MG501"]
    assert {tuple(f["sources"]) for f in swaps} == {("-#1", "-#3"), ("-#2", "-#4"), ("-#3", "-#2"), ("-#4", "-#1")}
    assert all(m["verdict"] == "block" for m in data["messages"])


def test_correct_database_passes() -> None:
    result = run_cli("batch", "-", "--targets", str(MERGE / "targets.csv"), stdin=mailmerge_transcript("database.csv"))
    assert result.returncode == 0, result.stdout.decode()
    assert "4 messages: 4 pass" in result.stdout.decode()


def test_mailmerge_defective_from_header_is_rescued() -> None:
    transcript = mailmerge_transcript("database.csv")
    result = run_cli("batch", "-", "--format", "jsonl", stdin=transcript)
    first = json.loads(result.stdout.splitlines()[0])
    assert first["sender"] == "bousai@example-city.lg.jp"


@pytest.mark.parametrize(("database", "code"), [("database-swapped.csv", 3), ("database.csv", 0)])
def test_library_loop_with_rows(database: str, code: int) -> None:
    result = subprocess.run(
        [sys.executable, str(MERGE / "send_with_guard.py"), database], capture_output=True, timeout=120, check=False
    )
    assert result.returncode == code, result.stdout.decode() + result.stderr.decode()
