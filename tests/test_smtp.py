"""The guarded SMTP client against a real SMTP server (aiosmtpd) started by the test."""

from __future__ import annotations

import email.message
from collections.abc import Iterator

import pytest
from aiosmtpd.controller import Controller

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
