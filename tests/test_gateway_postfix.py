"""End to end with a real Postfix (Debian's package, a private instance on loopback) as the
submitting MTA, the gateway as its relayhost, and an aiosmtpd sink upstream; then crash
tests: the gateway killed with SIGKILL in the middle of bursts, the upstream refusing, and
the queue on a full file system.

The claim under test: every message the gateway acknowledged with 250 is delivered exactly
once or held, and every message it did not acknowledge stays in Postfix's queue and is
retried. Messages are told apart by a unique token in their subject.
"""

from __future__ import annotations

import collections
import contextlib
import re
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from gateway_parts import Gateway, Postfix, Sink, postfix_available, wait_until
from test_gateway import HIKARI, MIDORI, SAKURA, confirm, message

pytestmark = [pytest.mark.slow, pytest.mark.skipif(not postfix_available(), reason="Postfix is not installed")]


@pytest.fixture
def parts(tmp_path: Path) -> Iterator[tuple[Postfix, Gateway, Sink]]:
    sink = Sink()
    gateway = Gateway(tmp_path, sink.port)
    postfix = Postfix(tmp_path / "postfix", gateway.port)
    with sink, gateway, postfix:
        yield postfix, gateway, sink


def token_message(token: str, to: str = SAKURA) -> bytes:
    return message([to], subject=f"定例会議 {token}")


def tokens(received: list) -> collections.Counter[str]:  # type: ignore[type-arg]
    found = collections.Counter()  # type: collections.Counter[str]
    for r in received:
        match = re.search(r"T\d{4}", str(r.message["Subject"]))
        if match:
            found[match.group(0)] += 1
    return found


def test_pass_arrives_once_through_postfix(parts: tuple[Postfix, Gateway, Sink]) -> None:
    postfix, gateway, sink = parts
    assert postfix.submit(token_message("T0001"), [SAKURA]) == (250, "ok")
    wait_until(sink.messages, 30, "delivery through Postfix and the gateway")
    time.sleep(1)
    assert tokens(sink.messages()) == {"T0001": 1}
    assert "Received:" in sink.messages()[0].data.decode("utf-8", "replace")  # it really went through Postfix
    assert re.search(r"status=sent \(250 2\.0\.0 Ok: queued as [0-9a-f]{16}\)", postfix.log())
    # XFORWARD told the gateway who the original client was
    assert gateway.listing("sent")[0]["client"] == "127.0.0.1"


def test_block_bounces_to_the_sender_with_the_finding_ids(parts: tuple[Postfix, Gateway, Sink]) -> None:
    postfix, _gateway, sink = parts
    postfix.submit(message([SAKURA], [MIDORI, HIKARI]), [SAKURA, MIDORI, HIKARI])
    wait_until(lambda: "status=bounced" in postfix.log(), 30, "Postfix to bounce")
    assert re.search(r"said: 550 5\.7\.1 mailguard blocked this message \(MG101-[0-9a-f]{12}\)", postfix.log())
    # Postfix tells the sender, with the gateway's reason in its report
    wait_until(lambda: "sender non-delivery notification" in postfix.log(), 30, "Postfix's bounce to the sender")
    time.sleep(1)
    assert not [r for r in sink.messages() if SAKURA in r.rcpts]


def test_block_is_refused_at_submission_through_a_before_queue_proxy(tmp_path: Path) -> None:
    sink = Sink()
    with sink, Gateway(tmp_path, sink.port) as gateway:
        postfix = Postfix(tmp_path / "postfix", gateway.port, proxy_filter=gateway.port)
        with postfix:
            code, text = postfix.submit(message([SAKURA], [MIDORI, HIKARI]), [SAKURA, MIDORI, HIKARI])
            assert code == 550 and "MG101-" in text
            assert postfix.submit(token_message("T0002"), [SAKURA]) == (250, "ok")
            wait_until(sink.messages, 30, "the pass message")
            assert tokens(sink.messages()) == {"T0002": 1}


def test_confirm_held_then_released_once_or_cancelled_never(parts: tuple[Postfix, Gateway, Sink]) -> None:
    postfix, gateway, sink = parts
    postfix.submit(confirm(), [SAKURA, MIDORI])
    postfix.submit(message([SAKURA], [MIDORI], subject="取り消す T0003"), [SAKURA, MIDORI])
    held = wait_until(lambda: len(gateway.listing("held")) == 2 and gateway.listing("held"), 30, "two held")
    keep = next(m for m in held if "T0003" not in m["subject"])
    drop = next(m for m in held if "T0003" in m["subject"])
    assert gateway.cli("cancel", drop["id"]).returncode == 0
    assert gateway.cli("release", keep["id"], "--bcc").returncode == 0
    arrived = wait_until(sink.messages, 30, "the released message")
    time.sleep(1.5)
    assert len(sink.messages()) == 1 and sorted(arrived[0].rcpts) == sorted([SAKURA, MIDORI])
    assert arrived[0].message["To"] == "tanaka@example-city.lg.jp" and arrived[0].message["Cc"] is None


def _burst(postfix: Postfix, count: int, start: int = 0) -> list[str]:
    sent = []
    for i in range(start, start + count):
        token = f"T{i:04d}"
        assert postfix.submit(token_message(token), [SAKURA])[0] == 250
        sent.append(token)
    return sent


def _settled(gateway: Gateway, sink: Sink, expected: list[str]) -> bool:
    """Every token delivered or held in the gateway, and Postfix's queue empty."""
    delivered = set(tokens(sink.messages()))
    held = {m["subject"].split()[-1] for m in gateway.listing("held")}
    return set(expected) <= delivered | held


def _acknowledged(postfix: Postfix) -> set[str]:
    """Gateway ids Postfix was told with 250 (its log: 'status=sent (250 ... queued as ID)')."""
    return set(re.findall(r"status=sent \(250 2\.0\.0 Ok: queued as ([0-9a-f]{16})\)", postfix.log()))


def _assert_exactly_once_or_held(postfix: Postfix, gateway: Gateway, sink: Sink, expected: list[str]) -> None:
    postfix.flush()
    wait_until(
        lambda: _settled(gateway, sink, expected) and not postfix.queue(), 150, "every message delivered or held"
    )
    time.sleep(1.5)  # a duplicate would arrive now
    counts = tokens(sink.messages())
    assert max(counts.values()) == 1, f"sent twice: {[t for t, n in counts.items() if n > 1]}"
    everything = {m["id"]: m for m in gateway.listing()}
    for acked in _acknowledged(postfix):
        assert everything[acked]["state"] in ("sent", "held"), everything[acked]
    held = [m for m in everything.values() if m["state"] == "held"]
    for m in held:  # held only as "delivery uncertain", never for another reason here
        history = gateway.cli("show", m["id"], "--json")
        assert "delivery uncertain" in history.stdout


def test_kill_9_mid_burst_loses_none_and_sends_none_twice(tmp_path: Path) -> None:
    sink = Sink()
    sink.handler.delay = 0.02  # relaying is in progress when the kill comes
    gateway = Gateway(tmp_path, sink.port)
    postfix = Postfix(tmp_path / "postfix", gateway.port)
    with sink, gateway, postfix:
        expected = []
        for round_ in range(3):
            expected += _burst(postfix, 25, start=round_ * 25)
            # kill while Postfix is still handing over (during DATA / after 250 / while relaying)
            target = len(expected) - 20
            wait_until(lambda: len(sink.messages()) >= target, 60, "some deliveries")  # noqa: B023
            gateway.kill()
            time.sleep(0.3)
            gateway.start()
        _assert_exactly_once_or_held(postfix, gateway, sink, expected)
        recovered = [e for e in gateway.events() if e["event"] == "reconciled"]
        assert all(e["reason"] in ("requeued", "delivery-uncertain") for e in recovered)


def test_upstream_refusing_then_kill_9(tmp_path: Path) -> None:
    sink = Sink()
    sink.handler.data_reply = "451 4.3.0 upstream busy"
    gateway = Gateway(tmp_path, sink.port)
    postfix = Postfix(tmp_path / "postfix", gateway.port)
    with sink, gateway, postfix:
        expected = _burst(postfix, 20)
        wait_until(lambda: len(_acknowledged(postfix)) >= 10, 60, "acknowledged messages")
        wait_until(lambda: any(e["event"] == "deferred" for e in gateway.events()), 30, "deferred deliveries")
        gateway.kill()
        sink.handler.data_reply = None
        gateway.start()
        _assert_exactly_once_or_held(postfix, gateway, sink, expected)


@contextlib.contextmanager
def small_filesystem(path: Path, size: str = "3m") -> Iterator[Path]:
    path.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)], capture_output=True, check=False
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {done.stderr.decode(errors='replace').strip()}")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], capture_output=True, check=False)


def test_full_disk_answers_451_and_postfix_retries(tmp_path: Path) -> None:
    sink = Sink()
    with small_filesystem(tmp_path / "small") as small:
        gateway = Gateway(tmp_path, sink.port, database=f"sqlite://{small / 'queue.db'}")
        postfix = Postfix(tmp_path / "postfix", gateway.port)
        with sink, gateway, postfix:
            expected = _burst(postfix, 3)
            wait_until(lambda: len(sink.messages()) == 3, 30, "the first messages")
            filler = small / "filler"
            with contextlib.suppress(OSError), filler.open("wb") as f:
                while True:
                    f.write(b"\0" * 65536)
            big = message([SAKURA], subject="大きい T0100", body="あ" * 100_000)
            assert postfix.submit(big, [SAKURA])[0] == 250
            wait_until(lambda: "451 4.3.0 mailguard cannot store" in postfix.log(), 30, "a 451 from the gateway")
            assert 100 not in {int(t[1:]) for t in tokens(sink.messages())}
            filler.unlink()
            _assert_exactly_once_or_held(postfix, gateway, sink, [*expected, "T0100"])
