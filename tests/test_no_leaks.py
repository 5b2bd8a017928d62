"""Personal data never echoes: the shipped example full of personal data goes through every
command and format, including the audit log and the batch manifest, and none of the raw
values appears anywhere in what mailguard writes."""

from __future__ import annotations

import json
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


NAMES_DRAFT = (
    "From: =?utf-8?b?{sender}?= <k.mori@example-city.lg.jp>\r\n"
    "To: =?utf-8?b?{to}?= <t.ichiro@example-mail.jp>\r\n"
    "Cc: Margaret Thornbury <m.thornbury@bridgeworks-example.co.jp>\r\n"
    "Subject: =?utf-8?b?{subject}?=\r\n"
    "MIME-Version: 1.0\r\n"
    'Content-Type: multipart/mixed; boundary="b"\r\n\r\n'
    "--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nresults attached\r\n"
    "--b\r\nContent-Type: text/csv\r\nContent-Disposition: attachment; filename*=utf-8''{filename}\r\n\r\n"
    "date,site\r\n12-01,north\r\n"
    "--b--\r\n"
)
PERSONAL = {
    "sender": "薬師寺 涼子",
    "to": "権田原 源三郎",
    "subject": "【蒲生久美子様】検査結果 090-7731-2468",
    "filename": "権田原源三郎_診断書.csv",
}
RAW_PERSONAL = ["権田原", "源三郎", "蒲生久美子", "090-7731-2468", "診断書", "Thornbury", "Margaret", "薬師寺"]


def names_draft(tmp_path: Path) -> Path:
    import base64
    from urllib.parse import quote

    fields = {k: base64.b64encode(v.encode()).decode() for k, v in PERSONAL.items() if k != "filename"}
    path = tmp_path / "draft.eml"
    path.write_bytes(NAMES_DRAFT.format(filename=quote(PERSONAL["filename"]), **fields).encode())
    return path


def test_subjects_file_names_and_display_names_are_masked_in_machine_outputs(tmp_path: Path) -> None:
    draft = names_draft(tmp_path)
    policy = tmp_path / "mailguard.yaml"
    policy.write_text(f"internal_domains: [example-city.lg.jp]\naudit_log: {tmp_path / 'audit.jsonl'}\n")
    manifest = tmp_path / "manifest.json"
    outputs = {}
    for command in (
        ["check", "--format", "json"],
        ["check", "--format", "sarif"],
        ["check", "--format", "json", "--lang", "ja"],
        ["batch", "--format", "jsonl", "--manifest", str(manifest)],
        ["batch", "--format", "json"],
        ["batch", "--format", "sarif"],
    ):
        result = run_cli(*command, "--policy", str(policy), str(draft))
        assert result.returncode in (1, 3), (command, result.stderr)
        outputs[" ".join(command)] = result.stdout.decode()
        assert '"masked"' in outputs[" ".join(command)]
    run_cli("check", "--interactive", "--policy", str(policy), str(draft), stdin=b"y\n")  # recorded, refused
    outputs["manifest"] = manifest.read_text(encoding="utf-8")
    outputs["audit log"] = (tmp_path / "audit.jsonl").read_text(encoding="utf-8")
    for where, text in outputs.items():
        for value in RAW_PERSONAL:
            assert value not in text, f"{value!r} leaked in {where}"
    report = json.loads(outputs["check --format json"])["messages"][0]
    assert report["attachments"][0]["filename"].endswith(".csv") and "*" in report["attachments"][0]["filename"]
    assert "090-****-**68" in report["subject"] and "様" in report["subject"]
    # The sender's own terminal report shows what they are sending.
    screen = run_cli("check", "--policy", str(policy), str(draft)).stdout.decode()
    assert PERSONAL["subject"] in screen and PERSONAL["filename"] in screen and "権田原 源三郎" in screen


def test_show_personal_data_opts_in_and_says_so(tmp_path: Path) -> None:
    draft = names_draft(tmp_path)
    shown = run_cli("check", "--format", "json", "--show-personal-data", str(draft)).stdout.decode()
    data = json.loads(shown)
    assert data["personal_data"] == "shown" and data["messages"][0]["subject"] == PERSONAL["subject"]
    assert data["messages"][0]["attachments"][0]["filename"] == PERSONAL["filename"]
    sarif = json.loads(run_cli("check", "--format", "sarif", "--show-personal-data", str(draft)).stdout)
    assert sarif["runs"][0]["properties"]["personalData"] == "shown"
