"""Approvals that cannot be forged or replayed, and policies that cannot switch the
two-person check off by accident: each attack from issue 17, tried as an adversary would."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import re
import stat
import subprocess
import sys
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pexpect
import pytest

import mailguard
from conftest import EXAMPLES, ROOT, eml, run_cli
from mailguard.decisions import (
    Approval,
    Sender,
    approval_from_json,
    load_private_key,
    new_key,
    sign_approval,
    verify_approval,
)
from mailguard.errors import InputError, PolicyError
from mailguard.findings import Reason
from mailguard.policy import Approver, Policy, parse_public_key

CONFIRM = EXAMPLES / "05-two-partners.eml"
SENDER = "k.mori@road.example-city.lg.jp"
ANSI = re.compile(r"\x1b\[[0-9;?]*[a-zA-Z]|\x1b[()][0-9A-B]|\x1b[=>]")


def keypair(tmp_path: Path, name: str) -> tuple[Path, str]:
    pem, public = new_key()
    path = tmp_path / f"{name}.key"
    path.write_bytes(pem)
    return path, public


def approver(name: str, public: str, *addresses: str) -> Approver:
    raw = parse_public_key(public)
    assert raw is not None
    return Approver(name, raw, addresses)


@pytest.fixture
def setting(tmp_path: Path) -> dict[str, object]:
    sato_key, sato_public = keypair(tmp_path, "sato")
    policy = Policy.from_mapping(
        {
            "internal_domains": ["example-city.lg.jp", "*.example-city.lg.jp"],
            "approval": {
                "required_for": ["MG101"],
                "approvers": {"sato": {"key": sato_public, "addresses": ["h.sato@example-city.lg.jp"]}},
            },
        }
    )
    result = mailguard.check(CONFIRM, policy)
    required = [f.id for f in result.findings if f.rule == "MG101"]
    assert required
    return {"policy": policy, "result": result, "required": required, "sato": sato_key}


def verify(approval: Approval, setting: dict[str, object], message: bytes | None = None, **sender: object) -> str:
    policy = setting["policy"]
    assert isinstance(policy, Policy)
    result = mailguard.check(message, policy) if message is not None else setting["result"]
    assert isinstance(result, mailguard.MessageResult)
    checked = verify_approval(
        approval,
        identity=result.digest or "",
        required=[f.id for f in result.findings if f.rule == "MG101"],
        approvers=policy.approvers,
        sender=Sender(**sender) if sender else Sender(frozenset({SENDER})),  # type: ignore[arg-type]
    )
    return "ok" if checked else str(checked.problem)


def signed(setting: dict[str, object], key: Path | None = None, **kwargs: object) -> Approval:
    result = setting["result"]
    assert isinstance(result, mailguard.MessageResult)
    path = key or setting["sato"]
    assert isinstance(path, Path)
    return sign_approval(result.digest or "", setting["required"], load_private_key(path), "sato", **kwargs)  # type: ignore[arg-type]


def test_a_listed_approvers_signature_is_accepted(setting: dict[str, object]) -> None:
    assert verify(signed(setting), setting) == "ok"


def test_a_hand_written_or_unsigned_approval_is_refused(setting: dict[str, object]) -> None:
    good = signed(setting)
    assert "does not verify" in verify(replace(good, signature=""), setting)
    forged = replace(good, approver="kacho", time="2099-01-01T00:00:00+00:00")
    assert "does not verify" in verify(forged, setting)
    garbage = replace(good, signature=base64.b64encode(b"\0" * 64).decode())
    assert "does not verify" in verify(garbage, setting)


def test_an_approval_stretched_to_more_findings_does_not_verify(setting: dict[str, object]) -> None:
    good = signed(setting)
    assert "does not verify" in verify(replace(good, findings=(*good.findings, "MG401-000000000000")), setting)


def test_a_key_the_policy_does_not_list_is_refused(setting: dict[str, object], tmp_path: Path) -> None:
    other, _ = keypair(tmp_path, "mallory")
    assert "does not list" in verify(signed(setting, other), setting)


def test_the_sender_signing_her_own_mail_is_refused(setting: dict[str, object]) -> None:
    policy = setting["policy"]
    assert isinstance(policy, Policy)
    # The sender is also a listed approver (for other people's mail) and signs her own.
    mori_key, mori_public = keypair(Path(str(setting["sato"])).parent, "mori")
    setting["policy"] = replace(policy, approvers=(*policy.approvers, approver("mori", mori_public, SENDER)))
    assert "who is the sender" in verify(signed(setting, mori_key), setting)
    # Known by the key she holds, whatever login name she types.
    raw = parse_public_key(mori_public)
    assert raw is not None
    held = Sender(frozenset(), "anyone", frozenset({raw}))
    assert "who is the sender" in verify(signed(setting, mori_key), setting, **held.__dict__)
    # A full-width spelling of the approver's name is still that name.
    assert "who is the sender" in verify(signed(setting), setting, addresses=frozenset(), user="ＳＡＴＯ")


@pytest.mark.parametrize(
    "change",
    [
        (b"d.lee@steel-supply-example.net", b"x.kim@steel-supply-example.net"),
        (
            b"Subject: Bridge inspection: revised schedule",
            b"Bcc: x@example-mail.jp\r\nSubject: Bridge inspection: revised schedule",
        ),
        (b"RGVhciBNcyBCcm93", b"RGVhciBNcyBCcm94"),
    ],
    ids=["changed recipient", "added Bcc", "changed body"],
)
def test_an_approval_replayed_on_a_changed_message_is_refused(
    setting: dict[str, object], change: tuple[bytes, bytes]
) -> None:
    data = CONFIRM.read_bytes()
    assert change[0] in data
    assert "different message" in verify(signed(setting), setting, data.replace(*change))


def test_an_approval_replayed_on_a_changed_attachment_is_refused(tmp_path: Path) -> None:
    from email.message import EmailMessage

    key, public = keypair(tmp_path, "sato")
    policy = Policy.from_mapping(
        {
            "internal_domains": ["example-city.lg.jp"],
            "approval": {"required_for": ["MG101"], "approvers": {"sato": {"key": public}}},
        }
    )

    def message(content: bytes) -> EmailMessage:
        msg = EmailMessage()
        msg["From"] = "k.mori@example-city.lg.jp"
        msg["To"] = "a.brown@bridgeworks-example.co.jp, d.lee@steel-supply-example.net"
        msg["Subject"] = "schedule"
        msg.set_content("see attached")
        msg.add_attachment(content, maintype="text", subtype="csv", filename="schedule.csv")
        return msg

    first = mailguard.check(message(b"date,site\n12-01,north\n"), policy)
    approval = sign_approval(first.digest or "", [f.id for f in first.findings], load_private_key(key), "sato")
    swapped = mailguard.check(message(b"date,site\n12-01,north\nname,phone\n"), policy)
    checked = verify_approval(
        approval, identity=swapped.digest or "", required=[f.id for f in swapped.findings], approvers=policy.approvers
    )
    assert not checked and "different message" in str(checked.problem)


def test_an_approval_dated_in_the_future_is_refused(setting: dict[str, object]) -> None:
    later = signed(setting, time=datetime(2099, 1, 1, tzinfo=UTC))
    assert "future" in verify(later, setting)


def test_the_old_hmac_approvals_are_no_longer_read() -> None:
    old = {"version": 1, "message": "x", "findings": [], "approver": "kacho", "time": "2099-01-01T00:00:00"}
    with pytest.raises(InputError, match="HMAC approval"):
        approval_from_json(json.dumps(old), "a.json")


# -- the policy ---------------------------------------------------------------------------


@pytest.mark.parametrize("typo", ["mg101", "MG1O1", "MG999"])
def test_a_typo_in_required_for_is_an_error(typo: str) -> None:
    with pytest.raises(PolicyError, match=f"unknown rule id '{typo}'"):
        Policy.from_mapping({"approval": {"required_for": [typo]}})


def test_a_typo_in_type_domain_for_is_an_error() -> None:
    with pytest.raises(PolicyError, match="did you mean MG301"):
        Policy.from_mapping({"interactive": {"type_domain_for": ["mg301"]}})


def test_approval_required_without_approvers_fails_closed() -> None:
    with pytest.raises(PolicyError, match="lists nobody"):
        Policy.from_mapping({"approval": {"required_for": ["MG401"]}})


def test_a_missing_approver_key_file_fails_closed_naming_the_key(tmp_path: Path) -> None:
    with pytest.raises(PolicyError, match=r"approval\.approvers\.sato\.key.*not found"):
        Policy.from_mapping(
            {"approval": {"required_for": ["MG401"], "approvers": {"sato": {"key": "keys/sato.pub"}}}},
            base_dir=tmp_path,
        )
    with pytest.raises(PolicyError, match="not an Ed25519 public key"):
        Policy.from_mapping({"approval": {"approvers": {"sato": {"key": "ed25519:c2hvcnQ="}}}})


def test_the_hmac_key_env_is_refused_with_the_reason() -> None:
    with pytest.raises(PolicyError, match="HMAC approvals were removed"):
        Policy.from_mapping({"approval": {"key_env": "MAILGUARD_KEY"}})


# -- the command line, end to end --------------------------------------------------------------


def test_keys_new_writes_a_private_key_only_the_owner_can_read(tmp_path: Path) -> None:
    target = tmp_path / "keys" / "sato.key"
    made = run_cli("keys", "new", "sato", "--out", str(target), "--address", "h.sato@example-city.lg.jp")
    assert made.returncode == 0, made.stderr
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    name, _, entry = made.stdout.decode().strip().partition(": ")
    data = json.loads(entry)
    assert json.loads(name) == "sato" and data["addresses"] == ["h.sato@example-city.lg.jp"]
    assert parse_public_key(data["key"]) is not None
    assert (tmp_path / "keys" / "sato.pub").read_text().strip() == data["key"]
    again = run_cli("keys", "new", "sato", "--out", str(target))
    assert again.returncode == 4 and "never overwrites" in again.stderr.decode()


def _policy_file(tmp_path: Path, approvers: str, extra: str = "") -> Path:
    path = tmp_path / "mailguard.yaml"
    path.write_text(
        "internal_domains: [example-city.lg.jp, '*.example-city.lg.jp']\n"
        f"audit_log: {tmp_path / 'audit.jsonl'}\n"
        f"approval:\n  required_for: [MG101]\n  approvers:\n{approvers}" + extra,
        encoding="utf-8",
    )
    return path


def _approve(policy: Path, draft: Path, key: Path, config: Path) -> tuple[int, str]:
    """The approver re-reads the draft in the dialog (a plain terminal: each item typed back)."""
    env = {
        "PATH": os.environ["PATH"],
        "TERM": "dumb",
        "LANG": "C.UTF-8",
        "MAILGUARD_CONFIG_DIR": str(config),
        "PYTHONPATH": os.environ.get("PYTHONPATH", ""),
    }
    child = pexpect.spawn(
        sys.executable,
        ["-m", "mailguard", "approve", str(draft), "--key", str(key), "--policy", str(policy), "--reason", "agreed"],
        env=env,
        cwd=str(ROOT),
        encoding="utf-8",
        timeout=30,
    )
    for answer in ("a.brown@bridgeworks-example.co.jp", "d.lee@steel-supply-example.net", "MG101"):
        child.expect("to confirm it")
        child.sendline(answer)
    child.expect(pexpect.EOF)
    child.close()
    return child.exitstatus, ANSI.sub("", child.before or "")


def test_approve_then_check_end_to_end(tmp_path: Path) -> None:
    sato_config, mori_config = tmp_path / "sato-home", tmp_path / "mori-home"
    made = run_cli(
        "keys", "new", "sato", "--address", "h.sato@example-city.lg.jp", env={"MAILGUARD_CONFIG_DIR": str(sato_config)}
    )
    entry = made.stdout.decode().strip()
    policy = _policy_file(tmp_path, f"    {entry}\n")
    draft = tmp_path / "draft.eml"
    draft.write_bytes(CONFIRM.read_bytes())
    mori = {"MAILGUARD_CONFIG_DIR": str(mori_config), "MAILGUARD_USER": "mori"}

    waiting = run_cli("check", "--policy", str(policy), str(draft), env=mori)
    assert waiting.returncode == 1 and "needs approval by a second person" in waiting.stderr.decode()
    ids = re.findall(r"MG101-[0-9a-f]{12}", waiting.stdout.decode())
    own_ack = run_cli("check", "--policy", str(policy), "--ack", ids[0], str(draft), env=mori)
    assert own_ack.returncode == 1  # the sender's own acknowledgement is not enough

    code, screen = _approve(policy, draft, sato_config / "keys" / "sato.key", sato_config)
    assert code == 0, screen
    approval = json.loads(Path(f"{draft}.approval.json").read_text())
    assert approval["approver"] == "sato" and approval["signature"] and approval["reason"] == "agreed"
    assert approval["findings"] == ids
    accepted = run_cli("check", "--policy", str(policy), str(draft), env=mori)
    assert accepted.returncode == 0 and "-> approved" in accepted.stdout.decode()

    # The same approval in the hands of whoever holds sato's key is sato approving: refused
    # when sato sends, by key, whatever name is typed.
    as_sato = run_cli(
        "check",
        "--policy",
        str(policy),
        "--user",
        "someone",
        str(draft),
        env={"MAILGUARD_CONFIG_DIR": str(sato_config)},
    )
    assert as_sato.returncode == 1 and "who is the sender" in as_sato.stderr.decode()

    # Replayed on the message with one more recipient: refused.
    draft.write_bytes(draft.read_bytes().replace(b"Cc: David Lee", b"Bcc: x@example-mail.jp\r\nCc: David Lee"))
    replayed = run_cli("check", "--policy", str(policy), str(draft), env=mori)
    assert replayed.returncode == 1 and "different message" in replayed.stderr.decode()


def test_approve_with_a_key_the_policy_does_not_list_fails(tmp_path: Path) -> None:
    _, public = keypair(tmp_path, "sato")
    other, _ = keypair(tmp_path, "mallory")
    policy = _policy_file(tmp_path, f'    sato: {{key: "{public}"}}\n')
    result = run_cli("approve", str(CONFIRM), "--key", str(other), "--policy", str(policy))
    assert result.returncode == 4 and "not listed under approval.approvers" in result.stderr.decode()
    missing = run_cli("approve", str(CONFIRM), "--key", str(tmp_path / "nope.key"), "--policy", str(policy))
    assert missing.returncode == 4 and "nope.key: private key file not found" in missing.stderr.decode()


def test_a_policy_with_a_missing_key_file_stops_check_with_one_line(tmp_path: Path) -> None:
    policy = _policy_file(tmp_path, "    sato: {key: keys/sato.pub}\n")
    result = run_cli("check", "--policy", str(policy), str(CONFIRM))
    assert result.returncode == 4
    lines = result.stderr.decode().strip().splitlines()
    assert len(lines) == 1 and "approval.approvers.sato.key" in lines[0] and "not found" in lines[0]


def test_allow_override_never_bypasses_required_for(tmp_path: Path) -> None:
    _, public = keypair(tmp_path, "sato")
    block = EXAMPLES / "01-event-notice-all-in-to.eml"
    policy = _policy_file(tmp_path, f'    sato: {{key: "{public}"}}\n', "interactive: {allow_override: true}\n")
    env = {"PATH": os.environ["PATH"], "TERM": "xterm", "LANG": "C.UTF-8", "MAILGUARD_USER": "mori"}
    env["PYTHONPATH"] = os.environ.get("PYTHONPATH", "")
    env["MAILGUARD_CONFIG_DIR"] = str(tmp_path / "mori-home")
    child = pexpect.spawn(
        sys.executable,
        ["-m", "mailguard", "check", "--interactive", "--policy", str(policy), str(block)],
        env=env,
        cwd=str(ROOT),
        dimensions=(24, 80),
        encoding="utf-8",
        timeout=30,
    )
    child.expect("BLOCK")
    child.send("\r")
    child.expect("cannot be overridden")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 3
    entry = json.loads((tmp_path / "audit.jsonl").read_text().splitlines()[-1])
    assert entry["decision"] == "blocked"


# -- fingerprints -------------------------------------------------------------------------------


ACCOUNT_MAIL = (
    "From: k.mori@example-city.lg.jp\r\nTo: a.brown@bridgeworks-example.co.jp\r\n"
    "Subject: refund\r\n\r\nお振込先 普通 口座番号 {account} にお願いします。\r\n"
)


def test_a_seven_digit_account_cannot_be_recovered_from_the_output(tmp_path: Path) -> None:
    """The attack of issue 17: the JSON shows the masked value (last two digits), the rule,
    the location and the message digest; trying the remaining 100,000 candidates against the
    fingerprint and the id must find nothing without the secret (and with it, the same
    search finds the value: the search itself is right)."""
    account = "4819276"
    draft = tmp_path / "refund.eml"
    draft.write_bytes(ACCOUNT_MAIL.format(account=account).encode("utf-8"))
    config = tmp_path / "config"
    policy = tmp_path / "mailguard.yaml"
    policy.write_text("internal_domains: [example-city.lg.jp]\n", encoding="utf-8")
    out = run_cli(
        "check", "--format", "json", "--policy", str(policy), str(draft), env={"MAILGUARD_CONFIG_DIR": str(config)}
    )
    report = json.loads(out.stdout)["messages"][0]
    finding = next(f for f in report["findings"] if f["rule"] == "MG405")
    assert account not in out.stdout.decode()
    tail = re.search(r"\*{5}(\d\d)", finding["message"])
    assert tail is not None and tail.group(1) == account[-2:]

    def candidates() -> list[str]:
        return [f"{n:05d}{tail.group(1)}" for n in range(100_000)]

    rule, location, digest = finding["rule"], finding["location"], report["digest"]

    def fingerprint(key: bytes, value: str) -> str:
        text = "\x1f".join(("fingerprint", rule, location, value)).encode()
        return hmac.new(key, text, hashlib.sha256).hexdigest()[:20]

    def old_fingerprint(value: str) -> str:  # issue 17's unkeyed formula
        inner = hashlib.sha256("\x1f".join(("value", value)).encode()).hexdigest()[:16]
        return hashlib.sha256("\x1f".join((rule, location, inner)).encode()).hexdigest()[:20]

    def finding_id(key: bytes, value: str) -> str:
        text = "\x1f".join(("id", rule, location, value)).encode()
        return f"{rule}-{hmac.new(key, text, hashlib.sha256).hexdigest()[:12]}"

    guesses = {b"", digest.encode(), b"mailguard"}
    found = [
        v
        for v in candidates()
        if old_fingerprint(v) == finding["fingerprint"]
        or any(fingerprint(k, v) == finding["fingerprint"] or finding_id(k, v) == finding["id"] for k in guesses)
    ]
    assert found == []
    # With the installation secret (which never leaves the sender's config directory):
    secret = (config / "fingerprint-secret").read_bytes().strip()
    assert [v for v in candidates() if fingerprint(secret, v) == finding["fingerprint"]] == [account]


def test_fingerprints_follow_the_shared_secret(tmp_path: Path) -> None:
    """A team shares baselines by sharing the secret: same secret, same fingerprints on every
    machine; another installation's fingerprints differ. Ids never depend on it."""
    draft = tmp_path / "refund.eml"
    draft.write_bytes(ACCOUNT_MAIL.format(account="4819276").encode("utf-8"))

    def report(env: dict[str, str]) -> dict[str, str]:
        out = run_cli("check", "--format", "json", str(draft), env=env)
        finding = next(f for f in json.loads(out.stdout)["messages"][0]["findings"] if f["rule"] == "MG405")
        return {"fingerprint": finding["fingerprint"], "id": finding["id"]}

    shared = {"MAILGUARD_FINGERPRINT_SECRET": "team-secret-0123456789"}
    a = report({**shared, "MAILGUARD_CONFIG_DIR": str(tmp_path / "a")})
    b = report({**shared, "MAILGUARD_CONFIG_DIR": str(tmp_path / "b")})
    c = report({"MAILGUARD_CONFIG_DIR": str(tmp_path / "c")})
    d = report({"MAILGUARD_CONFIG_DIR": str(tmp_path / "d")})
    assert a == b
    assert c["fingerprint"] != d["fingerprint"] != a["fingerprint"]
    assert a["id"] == c["id"] == d["id"]
    secret_file = tmp_path / "team.secret"
    secret_file.write_text("team-secret-0123456789\n")
    policy = tmp_path / "mailguard.yaml"
    policy.write_text(f"fingerprint_secret_file: {secret_file}\n")
    out = run_cli(
        "check",
        "--format",
        "json",
        "--policy",
        str(policy),
        str(draft),
        env={"MAILGUARD_CONFIG_DIR": str(tmp_path / "e")},
    )
    finding = next(f for f in json.loads(out.stdout)["messages"][0]["findings"] if f["rule"] == "MG405")
    assert finding["fingerprint"] == a["fingerprint"]


# -- a rule that ran out of time is never the sender's to acknowledge (issue 16) ----------------

# The real CLI with one more rule, registered under the id given first, that computes for a
# minute (as a pathological pattern on hostile input would): the per-rule time limit stops it.
BUSY_CLI = """
import sys, time
import mailguard.engine as engine
import mailguard.rules as rules
from mailguard.findings import Severity
from mailguard.rules import Rule

class Busy(Rule):
    id = sys.argv.pop(1)
    name = "busy-" + id.lower()
    incidents = ()
    default_severity = Severity.INFO

    def check(self, draft, ctx):
        until = time.monotonic() + 60
        while time.monotonic() < until:
            pass
        return iter(())

registered = dict(sorted({**rules.registry(), Busy.id: Busy}.items()))
rules.registry = engine.registry = lambda: registered
from mailguard.shells.cli import cli
cli(prog_name="mailguard")
"""

TO_A_PARTNER = """From: k.mori@road.example-city.lg.jp
To: tantou@partner-example.co.jp
Subject: =?UTF-8?B?6LOH5paZ?=

お世話になっております。資料をお送りします。
"""


def _busy_cli(rule_id: str, *args: str, user: str = "mori") -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "LANG": "C.UTF-8", "MAILGUARD_USER": user}
    return subprocess.run(
        [sys.executable, "-c", BUSY_CLI, rule_id, *args], capture_output=True, env=env, timeout=120, check=False
    )


def _timed_out_policy(tmp_path: Path, approvers: str) -> Path:
    path = tmp_path / "mailguard.yaml"
    listed = f"approval:\n  approvers:\n{approvers}" if approvers else ""
    path.write_text(
        "internal_domains: [example-city.lg.jp, '*.example-city.lg.jp']\n"
        f"audit_log: {tmp_path / 'audit.jsonl'}\n"
        "limits: {max_seconds: 2}\n" + listed,
        encoding="utf-8",
    )
    return path


def _report(done: subprocess.CompletedProcess[bytes]) -> dict[str, object]:
    message = json.loads(done.stdout)["messages"][0]
    assert isinstance(message, dict)
    return message


@pytest.mark.parametrize("rule_id", ["MG499", "MG150"])
def test_a_personal_data_or_destination_rule_that_timed_out_is_not_sent_on_the_senders_ack(
    tmp_path: Path, rule_id: str
) -> None:
    sato_key, sato_public = keypair(tmp_path, "sato")
    mori_key, mori_public = keypair(tmp_path, "mori")
    policy = _timed_out_policy(
        tmp_path,
        f'    sato: {{key: "{sato_public}", addresses: [h.sato@example-city.lg.jp]}}\n'
        f'    mori: {{key: "{mori_public}", addresses: [k.mori@road.example-city.lg.jp]}}\n',
    )
    draft = tmp_path / "draft.eml"
    draft.write_bytes(eml(TO_A_PARTNER))
    first = _busy_cli(rule_id, "check", "--format", "json", "--policy", str(policy), str(draft))
    report = _report(first)
    findings = report["findings"]
    assert isinstance(findings, list)
    stops = [f for f in findings if f["rule"] == "MG900" and f["location"] == f"rule:{rule_id}"]
    assert first.returncode == 1 and report["verdict"] == "confirm" and len(stops) == 1
    ids = [str(f["id"]) for f in findings if f["severity"] == "confirm"]

    # Every confirm acknowledged by the sender, on the command line and from a file: not sent.
    acks = [arg for i in ids for arg in ("--ack", i)]
    acked = _busy_cli(rule_id, "check", "--format", "json", "--policy", str(policy), *acks, str(draft))
    assert acked.returncode == 1 and _report(acked)["decision"] == "needs-approval"
    assert f"{rule_id} did not finish in time" in acked.stderr.decode()
    ack_file = tmp_path / "acks.txt"
    ack_file.write_text("\n".join(ids) + "\n", encoding="utf-8")
    from_file = _busy_cli(rule_id, "check", "--policy", str(policy), "--ack-file", str(ack_file), str(draft))
    assert from_file.returncode == 1

    # The sender's own key, even where the policy lists it: still not sent.
    digest = str(report["digest"])
    own = tmp_path / "own.approval.json"
    own.write_text(sign_approval(digest, ids, load_private_key(mori_key), "mori").to_json(), encoding="utf-8")
    self_approved = _busy_cli(rule_id, "check", "--policy", str(policy), "--approval", str(own), *acks, str(draft))
    assert self_approved.returncode == 1 and "who is the sender" in self_approved.stderr.decode()

    # A second person's signed approval of this message releases it.
    theirs = tmp_path / "sato.approval.json"
    theirs.write_text(sign_approval(digest, ids, load_private_key(sato_key), "sato").to_json(), encoding="utf-8")
    approved = _busy_cli(
        rule_id, "check", "--format", "json", "--policy", str(policy), "--approval", str(theirs), str(draft)
    )
    assert approved.returncode == 0, approved.stderr
    assert _report(approved)["decision"] == "approved"


def test_a_timed_out_rule_with_no_approver_listed_cannot_be_sent_at_all(tmp_path: Path) -> None:
    policy = _timed_out_policy(tmp_path, "")
    draft = tmp_path / "draft.eml"
    draft.write_bytes(eml(TO_A_PARTNER))
    first = _report(_busy_cli("MG499", "check", "--format", "json", "--policy", str(policy), str(draft)))
    findings = first["findings"]
    assert isinstance(findings, list)
    acks = [arg for f in findings if f["severity"] == "confirm" for arg in ("--ack", str(f["id"]))]
    acked = _busy_cli("MG499", "check", "--policy", str(policy), *acks, str(draft))
    assert acked.returncode == 1
    assert "lists no approver: it cannot be sent as it is" in acked.stderr.decode()
    log = [json.loads(line) for line in (tmp_path / "audit.jsonl").read_text().splitlines()]
    assert [entry["decision"] for entry in log] == ["needs-approval"]


def _timed_out(monkeypatch: pytest.MonkeyPatch, text: str, policy: Policy) -> mailguard.MessageResult:
    from test_engine import _with_rule

    _with_rule(monkeypatch, "MG499")
    result = mailguard.check(eml(text), policy)
    assert any(f.rule == "MG900" and f.location == "rule:MG499" for f in result.findings)
    return result


def test_the_dialog_cannot_release_a_rule_that_timed_out(monkeypatch: pytest.MonkeyPatch) -> None:
    from mailguard.decisions import DecisionInputs, decide, needs_approval

    policy = Policy.from_mapping(
        {"internal_domains": ["example-city.lg.jp", "*.example-city.lg.jp"], "limits": {"max_seconds": 2}}
    )
    result = _timed_out(monkeypatch, TO_A_PARTNER, policy)
    assert any(needs_approval(f, ()) for f in result.findings)
    asked: list[str] = []

    def dialog(checked: mailguard.MessageResult, used: Policy) -> tuple[str, str]:
        asked.append(checked.source)
        return "confirmed", ""

    every = frozenset(f.id for f in result.findings)
    notes: list[Reason] = []
    decided = decide(result, policy, DecisionInputs(every, None, "mori", dialog), notes)
    # Every id acknowledged and a dialog that would confirm: nobody is even asked, it waits.
    assert asked == [] and decided.decision == "needs-approval" and decided.exit_code == 1
    assert any("MG499 did not finish in time" in n.en for n in notes)


def test_a_timed_out_block_offers_no_override_in_the_dialog(monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    from mailguard.shells import interactive

    policy = Policy.from_mapping(
        {
            "internal_domains": ["example-city.lg.jp"],
            "limits": {"max_seconds": 2},
            "interactive": {"allow_override": True},
        }
    )
    text = "From: a@example-city.lg.jp\nTo: citizen@gmail.com\nSubject: x\n\nこんにちは\n"
    result = _timed_out(monkeypatch, text, policy)
    assert result.verdict is mailguard.Verdict.BLOCK
    out = io.StringIO()
    typed: list[str] = []

    def ask(prompt: str) -> str:
        typed.append(prompt)
        return "I checked it myself"

    outcome = interactive.run(interactive.build(result, policy, "en"), ask_line=ask, out=out, terminal=True)
    assert outcome.decision == "blocked" and not typed
    assert "second person's approval" in out.getvalue()
