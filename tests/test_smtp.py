"""The guarded SMTP client against a real SMTP server (aiosmtpd) started by the test."""

from __future__ import annotations

import email.message
from collections.abc import Iterator

import pytest
from aiosmtpd.controller import Controller

import mailguard
from mailguard.policy import Policy
from mailguard.shells.smtp import ConfirmationRequired, GuardedSMTP, MessageBlocked


class Collect:
    def __init__(self) -> None:
        self.received: list[tuple[str, list[str]]] = []

    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:
        self.received.append((envelope.mail_from, list(envelope.rcpt_tos)))  # type: ignore[attr-defined]
        return "250 OK"


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def server() -> Iterator[tuple[Controller, Collect]]:
    handler = Collect()
    controller = Controller(handler, hostname="127.0.0.1", port=_free_port())
    controller.start()
    try:
        yield controller, handler
    finally:
        controller.stop()


def message(to: str, cc: str = "", body: str = "本文です。") -> email.message.EmailMessage:
    msg = email.message.EmailMessage()
    msg["From"] = "k.mori@example-city.lg.jp"
    msg["To"] = to
    if cc:
        msg["Cc"] = cc
    msg["Subject"] = "お知らせ"
    msg.set_content(body)
    return msg


POLICY = Policy.from_mapping({"internal_domains": ["example-city.lg.jp"]})


def connect(controller: Controller) -> GuardedSMTP:
    return GuardedSMTP(controller.hostname, controller.port, policy=POLICY)


def test_a_passing_message_is_delivered(server: tuple[Controller, Collect]) -> None:
    controller, handler = server
    with connect(controller) as smtp:
        smtp.send_message(message("a.brown@bridgeworks-example.co.jp"))
    assert handler.received == [("k.mori@example-city.lg.jp", ["a.brown@bridgeworks-example.co.jp"])]


def test_a_blocked_message_raises_and_nothing_is_sent(server: tuple[Controller, Collect]) -> None:
    controller, handler = server
    with connect(controller) as smtp, pytest.raises(MessageBlocked) as caught:
        smtp.send_message(message("a@gmail.com, b@docomo.ne.jp, c@ezweb.ne.jp"))
    assert caught.value.result.findings[0].rule == "MG101"
    assert handler.received == []


def test_a_confirm_needs_each_finding_acknowledged(server: tuple[Controller, Collect]) -> None:
    controller, handler = server
    draft = message("a.brown@bridgeworks-example.co.jp", cc="d.lee@steel-supply-example.net")
    with connect(controller) as smtp:
        with pytest.raises(ConfirmationRequired) as caught:
            smtp.send_message(draft)
        assert handler.received == []
        ids = caught.value.pending
        assert ids and all(i.startswith("MG101-") for i in ids)
        with pytest.raises(ConfirmationRequired):
            smtp.send_message(draft, acknowledge=["MG101-000000000000"])
        smtp.send_message(draft, acknowledge=ids)
    assert len(handler.received) == 1


def test_an_acknowledgement_does_not_carry_over_to_another_message(server: tuple[Controller, Collect]) -> None:
    controller, _ = server
    first = message("a.brown@bridgeworks-example.co.jp", cc="d.lee@steel-supply-example.net")
    second = message("a.brown@bridgeworks-example.co.jp", cc="x.kim@steel-supply-example.net")
    with connect(controller) as smtp:
        with pytest.raises(ConfirmationRequired) as caught:
            smtp.send_message(first)
        with pytest.raises(ConfirmationRequired):
            smtp.send_message(second, acknowledge=caught.value.pending)


def test_sendmail_checks_hidden_envelope_recipients(server: tuple[Controller, Collect]) -> None:
    controller, handler = server
    raw = message("a@gmail.com").as_bytes()
    with connect(controller) as smtp:
        smtp.sendmail("k.mori@example-city.lg.jp", ["a@gmail.com"], raw)
        assert len(handler.received) == 1
        policy_blocked = Policy.from_mapping({"blocked_recipients": ["*@evil-example.net"]})
        smtp.policy = policy_blocked
        with pytest.raises(MessageBlocked):
            smtp.sendmail("k.mori@example-city.lg.jp", ["a@gmail.com", "x@evil-example.net"], raw)
    assert len(handler.received) == 1


def rich_message() -> email.message.EmailMessage:
    """Japanese display names and subject, a Bcc, an attachment: smtplib re-serialises all of it."""
    msg = email.message.EmailMessage()
    msg["From"] = "森 健 <k.mori@example-city.lg.jp>"
    msg["To"] = "Alice Brown <a.brown@bridgeworks-example.co.jp>"
    msg["Cc"] = "李 大衛 <d.lee@steel-supply-example.net>"
    msg["Bcc"] = "佐藤 <h.sato@example-city.lg.jp>"
    msg["Subject"] = "【ご確認】橋梁点検の日程変更について（第二回）"
    msg.set_content("各位\n\n日程を変更します。\n")
    msg.add_attachment(b"date,site\n12-01,north\n", maintype="text", subtype="csv", filename="日程表.csv")
    return msg


def test_ids_from_check_hold_for_the_message_smtplib_sends(server: tuple[Controller, Collect]) -> None:
    import mailguard

    controller, handler = server
    msg = rich_message()
    ids = [f.id for f in mailguard.check(msg, POLICY).findings if f.severity.label == "confirm"]
    assert ids
    envelope = ["a.brown@bridgeworks-example.co.jp", "d.lee@steel-supply-example.net", "h.sato@example-city.lg.jp"]
    with connect(controller) as smtp:
        smtp.send_message(msg, to_addrs=envelope, acknowledge=ids)
        smtp.send_message(msg, acknowledge=ids)
    assert [sorted(r) for _, r in handler.received] == [sorted(envelope)] * 2


def test_a_hidden_envelope_recipient_changes_the_message_acknowledged(server: tuple[Controller, Collect]) -> None:
    import mailguard

    controller, handler = server
    msg = rich_message()
    ids = [f.id for f in mailguard.check(msg, POLICY).findings if f.severity.label == "confirm"]
    envelope = ["a.brown@bridgeworks-example.co.jp", "d.lee@steel-supply-example.net", "x@other-example.org"]
    with connect(controller) as smtp, pytest.raises((ConfirmationRequired, MessageBlocked)) as caught:
        smtp.send_message(msg, to_addrs=envelope, acknowledge=ids)
    checked = caught.value.result.draft
    assert checked is not None
    assert "x@other-example.org" in [r.address for r in checked.recipients if r.field.value == "bcc"]
    assert handler.received == []


def test_from_addr_stands_in_for_a_missing_from(server: tuple[Controller, Collect]) -> None:
    controller, _ = server
    msg = message("a.brown@bridgeworks-example.co.jp")
    del msg["From"]
    with connect(controller) as smtp:
        smtp.send_message(msg, from_addr="k.mori@example-city.lg.jp")
        assert smtp.last_result is not None and smtp.last_result.draft is not None
        sender = smtp.last_result.draft.sender
        assert sender is not None and sender.address == "k.mori@example-city.lg.jp"


def test_a_bcc_line_in_raw_sendmail_bytes_is_visible_to_everyone(server: tuple[Controller, Collect]) -> None:
    controller, handler = server
    raw = (
        message("a@gmail.com")
        .as_bytes()
        .replace(b"To: a@gmail.com", b"To: a@gmail.com\r\nBcc: b@docomo.ne.jp, c@ezweb.ne.jp")
    )
    with connect(controller) as smtp, pytest.raises(MessageBlocked) as caught:
        smtp.sendmail("k.mori@example-city.lg.jp", ["a@gmail.com", "b@docomo.ne.jp", "c@ezweb.ne.jp"], raw)
    assert caught.value.result.findings[0].rule == "MG101"
    assert handler.received == []


def test_a_rule_that_timed_out_is_not_sent_on_the_callers_acknowledgement(
    server: tuple[Controller, Collect], monkeypatch: pytest.MonkeyPatch
) -> None:
    # A personal-data rule that ran out of time (issue 16): acknowledging every id sends
    # nothing; an approver's signed approval of this very message does.
    from cryptography.hazmat.primitives import serialization

    from mailguard.decisions import new_key, sign_approval
    from mailguard.shells.smtp import ApprovalRequired
    from test_engine import _with_rule

    _with_rule(monkeypatch, "MG499")
    pem, public = new_key()
    policy = Policy.from_mapping(
        {
            "internal_domains": ["example-city.lg.jp"],
            "limits": {"max_seconds": 2},
            "approval": {"approvers": {"sato": {"key": public, "addresses": ["h.sato@example-city.lg.jp"]}}},
        }
    )
    controller, handler = server
    draft = message("tantou@partner-example.co.jp")
    with GuardedSMTP(controller.hostname, controller.port, policy=policy) as smtp:
        with pytest.raises(ApprovalRequired) as first:
            smtp.send_message(draft)
        result = first.value.result
        every = [f.id for f in result.findings if f.severity is mailguard.Severity.CONFIRM]
        assert result.verdict is mailguard.Verdict.CONFIRM and first.value.required == [
            f.id for f in result.findings if f.rule == "MG900" and f.location == "rule:MG499"
        ]
        with pytest.raises(ApprovalRequired):
            smtp.send_message(draft, acknowledge=every)
        assert handler.received == []
        key = serialization.load_pem_private_key(pem, password=None)
        approval = sign_approval(result.digest or "", first.value.required, key, "sato")  # type: ignore[arg-type]
        smtp.send_message(draft, acknowledge=every, approval=approval)
    assert handler.received == [("k.mori@example-city.lg.jp", ["tantou@partner-example.co.jp"])]
