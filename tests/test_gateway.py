"""The gateway as a real process between an SMTP client and an aiosmtpd sink (loopback).

Whole behaviours: what the client is told, what arrives upstream (and how often), what is
held, and what each action does. The Postfix, crash and PostgreSQL suites build on the same
parts (tests/gateway_parts.py).
"""

from __future__ import annotations

import json
import smtplib
import time
from pathlib import Path

import pytest

from gateway_parts import Gateway, Sink, wait_until

SENDER = "tanaka@example-city.lg.jp"
SAKURA = "office@sakura-kai-example.or.jp"
MIDORI = "info@midori-en-example.or.jp"
HIKARI = "contact@hikari-npo-example.org"
INTERNAL = "suzuki@example-city.lg.jp"


def message(
    to: list[str], cc: list[str] = (), body: str = "来週の打ち合わせの件、よろしくお願いします。\n", **headers: str
) -> bytes:  # type: ignore[assignment]
    lines = [f"From: 田中 <{SENDER}>", "To: " + ", ".join(to)]
    if cc:
        lines.append("Cc: " + ", ".join(cc))
    lines += [
        f"Subject: {headers.get('subject', '打ち合わせの件')}",
        "Date: Tue, 1 Dec 2026 09:00:00 +0900",
        f"Message-ID: <{time.monotonic_ns()}@example-city.lg.jp>",
        "MIME-Version: 1.0",
        "Content-Type: text/plain; charset=utf-8",
        "Content-Transfer-Encoding: 8bit",
        "",
        body.replace("\r\n", "\n").replace("\n", "\r\n"),
    ]
    return "\r\n".join(lines).encode("utf-8")


PASS = message([SAKURA])


def confirm() -> bytes:
    """MG101: two external parties see each other (a new Message-ID each time)."""
    return message([SAKURA], [MIDORI])


CONFIRM = confirm()
BLOCK = message([SAKURA], [MIDORI, HIKARI])  # MG101: three


@pytest.fixture
def sink():  # type: ignore[no-untyped-def]
    with Sink() as running:
        yield running


@pytest.fixture
def gateway(tmp_path: Path, sink: Sink):  # type: ignore[no-untyped-def]
    with Gateway(tmp_path, sink.port) as running:
        yield running


def held_id(gw: Gateway) -> str:
    held = wait_until(lambda: gw.listing("held"), 20, "a held message")
    assert len(held) == 1
    return str(held[0]["id"])


def test_pass_is_relayed_once_with_a_delivery_id(gateway: Gateway, sink: Sink) -> None:
    assert gateway.send(PASS, [SAKURA]) == (250, "ok")
    arrived = wait_until(sink.messages, 20, "the relayed message")
    time.sleep(0.5)  # anything sent twice would have arrived by now
    assert len(sink.messages()) == 1
    assert arrived[0].rcpts == [SAKURA] and arrived[0].mail_from == SENDER
    assert arrived[0].delivery_id and arrived[0].data.endswith(PASS)
    assert [m["state"] for m in gateway.listing()] == ["sent"]


def test_block_is_refused_at_end_of_data_with_the_finding_ids(gateway: Gateway, sink: Sink) -> None:
    code, text = gateway.send(BLOCK, [SAKURA, MIDORI, HIKARI])
    assert code == 550 and text.startswith("5.7.1") and "MG101-" in text
    assert gateway.listing() == []
    time.sleep(0.5)
    assert sink.messages() == [] and sink.messages("notice") == []


def test_confirm_is_held_with_a_notice_then_released_exactly_once(gateway: Gateway, sink: Sink) -> None:
    assert gateway.send(confirm(), [SAKURA, MIDORI])[0] == 250
    message_id = held_id(gateway)
    notice = wait_until(lambda: sink.messages("notice"), 20, "the held notice")[0]
    assert notice.rcpts == [SENDER] and notice.mail_from == "<>"
    text = notice.message.get_content()
    assert "MG101" in text and message_id in text and "送信保留" in str(notice.message["Subject"])
    assert SAKURA in text and "sakura-kai-example.or.jp" in text
    assert sink.messages() == []

    done = gateway.cli("release", message_id)
    assert done.returncode == 0, done.stderr
    wait_until(sink.messages, 20, "the released message")
    time.sleep(0.5)
    assert len(sink.messages()) == 1 and sorted(sink.messages()[0].rcpts) == sorted([SAKURA, MIDORI])
    again = gateway.cli("release", message_id)
    assert again.returncode == 1 and "cannot" in again.stderr
    history = json.loads(gateway.cli("show", message_id, "--json").stdout)["history"]
    assert [h["to"] for h in history] == ["received", "held", "released", "relaying", "sent"]
    assert history[2]["actor"] == "operator" and history[2]["detail"]["identity"]


def test_cancelled_mail_is_never_sent(gateway: Gateway, sink: Sink) -> None:
    gateway.send(confirm(), [SAKURA, MIDORI])
    message_id = held_id(gateway)
    assert gateway.cli("cancel", message_id).returncode == 0
    assert gateway.cli("release", message_id).returncode == 1
    time.sleep(1.0)
    assert sink.messages() == []
    assert gateway.listing("cancelled")[0]["id"] == message_id


def test_release_with_bcc_rewrites_headers_and_keeps_the_envelope(gateway: Gateway, sink: Sink) -> None:
    gateway.send(confirm(), [SAKURA, MIDORI])
    message_id = held_id(gateway)
    assert gateway.cli("release", message_id, "--bcc").returncode == 0
    arrived = wait_until(sink.messages, 20, "the released message")[0]
    assert sorted(arrived.rcpts) == sorted([SAKURA, MIDORI])
    headers = arrived.message
    assert headers["To"] == SENDER and headers["Cc"] is None and headers["Bcc"] is None
    assert arrived.data.endswith(confirm().split(b"\r\n\r\n", 1)[1])  # the body as written


def test_delayed_release_can_still_be_cancelled(gateway: Gateway, sink: Sink) -> None:
    gateway.send(confirm(), [SAKURA, MIDORI])
    first = held_id(gateway)
    assert gateway.cli("release", first, "--delay", "30").returncode == 0
    assert gateway.cli("cancel", first).returncode == 0
    gateway.send(confirm(), [SAKURA, MIDORI])
    second = held_id(gateway)
    assert gateway.cli("release", second, "--delay", "1").returncode == 0
    arrived = wait_until(sink.messages, 20, "the delayed message")
    assert len(arrived) == 1 and arrived[0].delivery_id and second in arrived[0].delivery_id


def test_unreadable_message_is_held_never_relayed(gateway: Gateway, sink: Sink) -> None:
    garbage = b"\x00\x01\x02 not a message at all \xff\xfe" * 10 + b"\r\n"
    assert gateway.send(garbage, [SAKURA])[0] == 250
    held = wait_until(lambda: gateway.listing("held"), 20, "a held message")
    assert held[0]["verdict"] in ("confirm", "block") and held[0]["findings"][0]["rule"] in ("MG900", "MG000")
    time.sleep(0.5)
    assert sink.messages() == []


def test_size_limit_is_552_and_nothing_is_kept(tmp_path: Path, sink: Sink) -> None:
    with Gateway(tmp_path, sink.port, max_message_size=2000) as gw:
        code, _ = gw.send(message([SAKURA], body="あ" * 2000), [SAKURA])
        assert code == 552
        assert gw.listing() == []


def test_internal_confirm_is_not_held_unless_asked(tmp_path: Path, sink: Sink) -> None:
    forgot = message([INTERNAL], body="添付の資料をご確認ください。\n")  # MG203 would confirm
    with Gateway(tmp_path, sink.port) as gw:
        assert gw.send(forgot, [INTERNAL])[0] == 250
        wait_until(sink.messages, 20, "internal mail relayed")
    (tmp_path / "hold").mkdir()
    with Gateway(tmp_path / "hold", sink.port, hold_internal=True) as gw:
        gw.send(forgot, [INTERNAL])
        assert wait_until(lambda: gw.listing("held"), 20, "held internal mail")[0]["findings"][0]["rule"] == "MG203"


def test_one_refused_recipient_bounces_alone(gateway: Gateway, sink: Sink) -> None:
    sink.handler.refuse[MIDORI] = "550 5.1.1 no such user"
    other = "tanaka2@example-city.lg.jp"
    gateway.send(message([SAKURA], [other]), [SAKURA, MIDORI, other])
    arrived = wait_until(sink.messages, 20, "delivery to the others")
    assert sorted(arrived[0].rcpts) == sorted([SAKURA, other])
    bounce = wait_until(lambda: sink.messages("notice"), 20, "the bounce notice")[0]
    results = bounce.message.get_content().replace("\r\n", "\n").split("Delivery results:\n", 1)[1]
    assert bounce.rcpts == [SENDER] and results.startswith(f"    {MIDORI}: 550 5.1.1")
    assert SAKURA not in results
    sent = gateway.listing("sent")[0]
    assert sent["results"][MIDORI]["status"] == "failed" and sent["results"][SAKURA]["status"] == "sent"


def test_upstream_down_queues_then_delivers_once(tmp_path: Path) -> None:
    sink = Sink()
    with Gateway(tmp_path, sink.port) as gw:
        assert gw.send(PASS, [SAKURA])[0] == 250
        wait_until(lambda: any(e["event"] == "deferred" for e in gw.events()), 20, "a deferred delivery")
        assert gw.listing("passed")[0]["attempts"] >= 1
        with sink:
            arrived = wait_until(sink.messages, 30, "delivery after the upstream came back")
            time.sleep(0.5)
            assert len(sink.messages()) == 1 and arrived[0].rcpts == [SAKURA]


def test_upstream_temporary_refusal_is_retried(gateway: Gateway, sink: Sink) -> None:
    sink.handler.data_reply = "451 4.3.0 try later"
    gateway.send(PASS, [SAKURA])
    wait_until(lambda: any(e["event"] == "deferred" for e in gateway.events()), 20, "a deferred delivery")
    sink.handler.data_reply = None
    wait_until(sink.messages, 30, "delivery after the retry")
    assert gateway.listing("sent")[0]["attempts"] >= 2


def test_expiry_ends_undecided_mail_with_a_notice(tmp_path: Path, sink: Sink) -> None:
    with Gateway(tmp_path, sink.port, hold_expire_seconds=1) as gw:
        gw.send(confirm(), [SAKURA, MIDORI])
        expired = wait_until(lambda: gw.listing("expired"), 20, "expiry")
        notices = wait_until(
            lambda: [n for n in sink.messages("notice") if "expired" in str(n.message["X-Mailguard-Notice"])],
            20,
            "the expiry notice",
        )
        assert notices[0].rcpts == [SENDER] and expired[0]["id"] in notices[0].message.get_content()
        assert gw.cli("release", expired[0]["id"]).returncode == 1
        assert sink.messages() == []


def test_block_can_be_held_for_the_full_report(tmp_path: Path, sink: Sink) -> None:
    with Gateway(tmp_path, sink.port, block_action="hold") as gw:
        assert gw.send(BLOCK, [SAKURA, MIDORI, HIKARI])[0] == 250
        blocked = wait_until(lambda: gw.listing("blocked"), 20, "a blocked message")
        notice = wait_until(lambda: sink.messages("notice"), 20, "the report")[0]
        assert "MG101" in notice.message.get_content() and "送信禁止" in str(notice.message["Subject"])
        refused = gw.cli("release", blocked[0]["id"])
        assert refused.returncode == 1 and "blocked" in refused.stderr
        assert gw.cli("cancel", blocked[0]["id"]).returncode == 0


def test_approval_needs_a_second_person(tmp_path: Path, sink: Sink) -> None:
    policy = tmp_path / "mailguard.yaml"
    # A policy that requires approval lists its approvers (their public keys): without any it
    # is refused (fail closed, issue 17).
    policy.write_text(
        "approval:\n  required_for: [MG101]\n  approvers:\n"
        '    kacho: {key: "ed25519:hGAxDsZSkJ6aJtiOfsaPzMHXl+mGOev4xGcBFQkeFac=", addresses: [kacho@example-city.lg.jp]}\n',
        encoding="utf-8",
    )
    settings = {
        "policy": str(policy),
        "notices": {"from": "mg@example-city.lg.jp", "approvers": ["kacho@example-city.lg.jp"]},
    }
    with Gateway(tmp_path, sink.port, **settings) as gw:
        gw.send(confirm(), [SAKURA, MIDORI])
        message_id = held_id(gw)
        notices = wait_until(lambda: len(sink.messages("notice")) >= 2 and sink.messages("notice"), 20, "two notices")
        assert sorted(r for n in notices for r in n.rcpts) == sorted([SENDER, "kacho@example-city.lg.jp"])
        refused = gw.cli("release", message_id)
        assert refused.returncode == 1 and "approval" in refused.stderr
        own = gw.cli("approve", message_id, user="tanaka")
        assert own.returncode == 1 and "second person" in own.stderr
        assert gw.cli("approve", message_id, user="kacho").returncode == 0
        wait_until(sink.messages, 20, "the approved message")
        assert gw.listing("sent")[0]["approved_by"] == "kacho"


def test_malformed_dialogue_gets_5xx_and_the_session_ends_cleanly(gateway: Gateway) -> None:
    with smtplib.SMTP("127.0.0.1", gateway.port, timeout=30) as client:
        client.ehlo("client.test")
        assert client.docmd("DATA")[0] == 503
        assert client.docmd("RCPT TO:<nobody@example.jp>")[0] == 503
        assert client.docmd("MAIL FROM:<a@b.jp> BOGUS=1")[0] in (501, 555)
        assert client.docmd("XYZZY")[0] == 500
    assert gateway.process is not None and gateway.process.poll() is None


def test_xforward_and_xclient_only_from_trusted_clients(tmp_path: Path, sink: Sink) -> None:
    with Gateway(tmp_path, sink.port) as gw, smtplib.SMTP("127.0.0.1", gw.port, timeout=30) as client:
        client.ehlo("postfix.test")
        assert client.has_extn("xforward") and client.has_extn("xclient")
        assert client.docmd("XFORWARD ADDR=192.0.2.7 NAME=pc7.example-city.lg.jp")[0] == 250
        assert client.docmd("XCLIENT LOGIN=tanaka ADDR=192.0.2.7")[0] == 220
        client.ehlo("postfix.test")
        client.sendmail(SENDER, [SAKURA, MIDORI], CONFIRM)
        held = wait_until(lambda: gw.listing("held"), 20, "held")[0]
        assert held["auth_user"] == "tanaka" and held["client"] == "192.0.2.7"
    (tmp_path / "untrusted").mkdir()
    untrusted = Gateway(tmp_path / "untrusted", sink.port, trusted_clients=["192.0.2.0/24"])
    with untrusted as gw, smtplib.SMTP("127.0.0.1", gw.port, timeout=30) as client:
        client.ehlo("client.test")
        assert not client.has_extn("xclient")
        assert client.docmd("XCLIENT LOGIN=kacho")[0] == 550


def test_logs_are_json_lines_without_personal_data(gateway: Gateway, sink: Sink) -> None:
    gateway.send(confirm(), [SAKURA, MIDORI])
    gateway.send(BLOCK, [SAKURA, MIDORI, HIKARI])
    wait_until(lambda: any(e["event"] == "sent" for e in gateway.events()), 20, "the notice sent")
    text = gateway.log_path.read_text(encoding="utf-8")
    events = [json.loads(line) for line in text.splitlines()]
    assert {"started", "accepted", "rejected", "sent"} <= {e["event"] for e in events}
    for secret in (SENDER, SAKURA, MIDORI, "打ち合わせ", "田中"):
        assert secret not in text
    assert "o*****@sakura-kai-example.or.jp" in text


def test_graceful_shutdown_keeps_what_was_acknowledged(tmp_path: Path) -> None:
    sink = Sink()
    gw = Gateway(tmp_path, sink.port).start()
    try:
        assert gw.send(PASS, [SAKURA])[0] == 250
        assert gw.stop() == 0
        assert any(e["event"] == "stopped" for e in gw.events())
        with sink:
            gw.start()
            wait_until(sink.messages, 30, "delivery after the restart")
    finally:
        gw.__exit__()


def test_check_config_and_health(gateway: Gateway, tmp_path: Path) -> None:
    done = gateway.cli("check-config")
    assert done.returncode == 0 and "ok" in done.stdout
    health = gateway.cli("health", "--json")
    assert health.returncode == 0, health.stdout
    assert json.loads(health.stdout)["healthy"] is True
    gateway.config_path.write_text(gateway.config_path.read_text() + "block_actoin: hold\n", encoding="utf-8")
    refused = gateway.cli("check-config")
    assert refused.returncode == 4 and "block_actoin: unknown key" in refused.stderr


def test_the_same_bytes_and_envelope_again_are_one_message(gateway: Gateway, sink: Sink) -> None:
    """A client that retries after our commit (it never heard 250) must not cause a second copy."""
    once = confirm()
    assert gateway.send(once, [SAKURA, MIDORI])[0] == 250
    assert gateway.send(once, [SAKURA, MIDORI])[0] == 250
    assert len(gateway.listing("held")) == 1
    assert gateway.send(once, [SAKURA])[0] == 250  # another envelope is another message
    assert len(gateway.listing("held")) == 2
    assert [e["event"] for e in gateway.events()].count("duplicate") == 1
