"""Records that can be trusted later: the hash-chained audit log (`mailguard audit verify`)
and the batch manifest (written whole or not at all, never read back as a message)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EXAMPLES, ROOT, run_cli

CONFIRM = str(EXAMPLES / "05-two-partners.eml")


@pytest.fixture
def log(tmp_path: Path) -> Path:
    """Five real decisions appended by `mailguard check --ack`."""
    policy = tmp_path / "mailguard.yaml"
    audit = tmp_path / "audit.jsonl"
    policy.write_text(f"internal_domains: ['*.example-city.lg.jp']\naudit_log: {audit}\n", encoding="utf-8")
    report = json.loads(run_cli("check", "--format", "json", "--policy", str(policy), CONFIRM).stdout)
    ack = report["messages"][0]["findings"][0]["id"]
    for _ in range(5):
        assert run_cli("check", "--policy", str(policy), "--ack", ack, CONFIRM).returncode == 0
    return audit


def verify(path: Path, *extra: str) -> tuple[int, str]:
    result = run_cli("audit", "verify", str(path), *extra)
    return result.returncode, result.stdout.decode() + result.stderr.decode()


def test_an_untouched_log_verifies_and_names_its_head(log: Path) -> None:
    code, text = verify(log)
    assert code == 0 and "5 record(s), chain intact" in text
    records = [json.loads(line) for line in log.read_text().splitlines()]
    assert [r["seq"] for r in records] == [1, 2, 3, 4, 5] and records[0]["prev"] == "0" * 64
    assert all(r["message"] and r["raw_sha256"] and r["policy"] and r["tool"].startswith("mailguard") for r in records)


def test_an_edited_line_is_found(log: Path) -> None:
    lines = log.read_text().splitlines()
    lines[1] = lines[1].replace('"decision": "acknowledged"', '"decision": "cancelled"')
    log.write_text("\n".join(lines) + "\n")
    code, text = verify(log)
    assert code == 3 and "line 3: does not follow line 2" in text


def test_an_inserted_line_is_found(log: Path) -> None:
    lines = log.read_text().splitlines()
    forged = json.loads(lines[2])
    forged["decision"] = "approved"
    lines.insert(3, json.dumps(forged, ensure_ascii=False))
    log.write_text("\n".join(lines) + "\n")
    code, text = verify(log)
    assert code == 3 and "line 4" in text


def test_a_deleted_line_is_found(log: Path) -> None:
    lines = log.read_text().splitlines()
    del lines[2]
    log.write_text("\n".join(lines) + "\n")
    code, text = verify(log)
    assert code == 3 and "line 3: does not follow line 2" in text


def test_a_deleted_first_line_is_found(log: Path) -> None:
    log.write_text("\n".join(log.read_text().splitlines()[1:]) + "\n")
    code, text = verify(log)
    assert code == 3 and "line 1: does not follow the first record" in text


def test_a_removed_newest_line_is_found_with_the_kept_head(log: Path) -> None:
    head = verify(log)[1].split("head ")[1].split()[0]
    log.write_text("\n".join(log.read_text().splitlines()[:-1]) + "\n")
    assert verify(log)[0] == 0  # the chain alone cannot know
    code, text = verify(log, "--head", head)
    assert code == 3 and "no longer in the log" in text


def test_a_missing_log_is_one_line_and_status_4(tmp_path: Path) -> None:
    result = run_cli("audit", "verify", str(tmp_path / "none.jsonl"))
    assert result.returncode == 4 and result.stderr.decode().count("\n") == 1


# -- the manifest -------------------------------------------------------------------------------


def write_run(directory: Path, count: int) -> None:
    directory.mkdir()
    for number in range(1, count + 1):
        (directory / f"{number:03d}.eml").write_bytes(
            f"From: k.mori@example-city.lg.jp\r\nTo: person{number}@example-mail.jp\r\n"
            f"Subject: registration {number}\r\n\r\nThank you for registering.\r\n".encode()
        )


def test_the_manifest_records_what_went_out(tmp_path: Path) -> None:
    write_run(tmp_path / "run", 3)
    manifest = tmp_path / "run" / "manifest.json"
    assert run_cli("batch", str(tmp_path / "run"), "--manifest", str(manifest)).returncode == 0
    data = json.loads(manifest.read_text())
    assert data["complete"] is True and data["tool"].startswith("mailguard ")
    assert len(data["policy_digest"]) == 64 and data["started"] <= data["finished"]
    assert data["verdict"] == "pass" and data["exit_code"] == 0
    first = data["messages"][0]
    assert len(first["digest"]) == 64 and len(first["raw_sha256"]) == 64 and first["digest"] != first["raw_sha256"]
    # Run again over the same directory: the manifest is not read as a message, nor are
    # the files desktops leave behind.
    (tmp_path / "run" / "desktop.ini").write_text("[.ShellClassInfo]\r\n")
    (tmp_path / "run" / "Thumbs.db").write_bytes(b"\xd0\xcf\x11\xe0")
    (tmp_path / "run" / ".DS_Store").write_bytes(b"\0\0\0\1Bud1")
    again = run_cli("batch", str(tmp_path / "run"), "--manifest", str(manifest))
    assert again.returncode == 0, again.stderr
    assert [m["source"] for m in json.loads(manifest.read_text())["messages"]] == [
        m["source"] for m in data["messages"]
    ]


def test_the_manifest_says_error_when_the_run_did(tmp_path: Path) -> None:
    write_run(tmp_path / "run", 2)
    (tmp_path / "run" / "zz.eml").write_bytes(b"\0\1not a message")
    manifest = tmp_path / "m.json"
    assert run_cli("batch", str(tmp_path / "run"), "--manifest", str(manifest)).returncode == 4
    data = json.loads(manifest.read_text())
    assert data["verdict"] == "error" and data["exit_code"] == 4 and data["messages"][-1]["verdict"] == "error"


def test_an_aborted_run_leaves_no_manifest_and_keeps_the_old_one(tmp_path: Path) -> None:
    write_run(tmp_path / "run", 400)
    manifest = tmp_path / "m.json"
    manifest.write_text('{"earlier": "run"}\n')
    command = [sys.executable, "-m", "mailguard", "batch", "--jobs", "1", "--format", "jsonl"]
    command += ["--manifest", str(manifest), str(tmp_path / "run")]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
    assert process.stdout is not None and process.stderr is not None
    assert process.stdout.readline().startswith(b'{"source"')  # it is running
    process.stdout.close()  # as `| head -1` does: the run stops part-way
    assert process.wait() == 4
    process.stderr.close()
    assert manifest.read_text() == '{"earlier": "run"}\n'
    assert [p.name for p in tmp_path.iterdir() if "incomplete" in p.name] == []
