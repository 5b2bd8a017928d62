"""What the gateway costs, measured against baselines in the same run (loopback, real parts).

1. Throughput and added latency of pass mail: Postfix -> gateway -> sink against
   Postfix -> sink directly (two private Postfix instances, Debian's package). Latency is
   from the client's 250 at Postfix to the sink's arrival; median and p99; ratios.
2. The durable acknowledgement rate: 250s per second from the gateway (SMTP straight in,
   4 clients) and commits per second of the store alone, against this disk's own rate of
   8 KB append + fsync in the same directory.
3. The crash window of relaying: from the upstream's reply to our durable commit
   (``window_ms`` of every ``sent`` line), median and p99.

    python benchmarks/gateway.py --messages 200

Needs root (Postfix's private instances) and the postfix package; prints one line per figure.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import smtplib
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests")]

from gateway_parts import Gateway, Postfix, Sink, SinkHandler, wait_until  # noqa: E402

SENDER = "tanaka@example-city.lg.jp"
RCPT = "office@sakura-kai-example.or.jp"


def draft(token: str) -> bytes:
    body = "お世話になっております。\r\n来週の定例会議の資料をお送りします。\r\n" * 20
    return (
        f"From: 田中 <{SENDER}>\r\nTo: {RCPT}\r\nSubject: 定例会議 {token}\r\n"
        f"Message-ID: <{token}@example-city.lg.jp>\r\nMIME-Version: 1.0\r\n"
        "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" + body
    ).encode("utf-8")


class TimedSink(SinkHandler):
    """Records when each token arrives."""

    def __init__(self) -> None:
        super().__init__()
        self.arrived: dict[str, float] = {}

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        match = re.search(rb"Subject: [^\r\n]* (B\d+-\d+)", bytes(envelope.original_content))
        if match:
            self.arrived.setdefault(match.group(1).decode(), time.perf_counter())
        return "250 2.0.0 Ok"


def through(postfix: Postfix, handler: TimedSink, label: str, count: int) -> tuple[float, list[float]]:
    submitted: dict[str, float] = {}
    started = time.perf_counter()
    with smtplib.SMTP("127.0.0.1", postfix.port, timeout=60) as client:
        for i in range(count):
            token = f"{label}-{i}"
            client.sendmail(SENDER, [RCPT], draft(token))
            submitted[token] = time.perf_counter()
    wait_until(lambda: all(t in handler.arrived for t in submitted), 300, f"{label}: every message")
    elapsed = max(handler.arrived[t] for t in submitted) - started
    return count / elapsed, [handler.arrived[t] - submitted[t] for t in submitted]


def p99(values: list[float]) -> float:
    return sorted(values)[max(0, int(len(values) * 0.99) - 1)]


def fsync_rate(directory: Path, seconds: float = 2.0) -> float:
    path = directory / "fsync.probe"
    count = 0
    with path.open("ab") as f:
        deadline = time.perf_counter() + seconds
        while time.perf_counter() < deadline:
            f.write(b"\0" * 8192)
            f.flush()
            os.fsync(f.fileno())
            count += 1
    path.unlink()
    return count / seconds


def store_rate(url: str, count: int) -> float:
    from mailguard.shells.gateway.store import NewMessage, Store

    async def run() -> float:
        async with Store(url) as store:
            data = draft("S-0")
            started = time.perf_counter()
            for _ in range(count):
                await store.insert(
                    NewMessage(
                        kind="mail",
                        state="held",
                        verdict="confirm",
                        findings=(),
                        identity="0" * 64,
                        mail_from=SENDER,
                        rcpts=(RCPT,),
                        summary={},
                        data=data,
                        reason="benchmark",
                    )
                )
            return count / (time.perf_counter() - started)

    return asyncio.run(run())


def smtp_ack_rate(port: int, count: int, clients: int = 4) -> float:
    def one(worker: int) -> None:
        with smtplib.SMTP("127.0.0.1", port, timeout=60) as client:
            for i in range(count // clients):
                client.sendmail(SENDER, [RCPT], draft(f"A{worker}-{i}"))

    threads = [threading.Thread(target=one, args=(w,)) for w in range(clients)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return (count // clients * clients) / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="mg-bench-", dir="/tmp") as tmp:
        base = Path(tmp)
        handler = TimedSink()
        sink = Sink()
        sink.handler = handler
        sink.controller.handler = handler
        gateway = Gateway(base, sink.port, check_workers=2, relay={"poll_seconds": 0.2, "workers": 8})
        direct = Postfix(base / "direct", sink.port)
        guarded = Postfix(base / "guarded", gateway.port)
        with sink, gateway, direct, guarded:
            through(direct, handler, "B0", 20)  # warm both paths
            through(guarded, handler, "B1", 20)
            rate_direct, lat_direct = through(direct, handler, "B2", args.messages)
            rate_guarded, lat_guarded = through(guarded, handler, "B3", args.messages)
            ack_rate = smtp_ack_rate(gateway.port, args.messages)
            windows = [e["window_ms"] for e in gateway.events() if e["event"] == "sent" and e.get("window_ms")]
        fsyncs = fsync_rate(base)
        commits = store_rate(f"sqlite://{base / 'store-only.db'}", args.messages)
    med_d, med_g = statistics.median(lat_direct) * 1000, statistics.median(lat_guarded) * 1000
    print(
        f"messages per second  Postfix->sink {rate_direct:7.1f}   Postfix->gateway->sink {rate_guarded:7.1f}   ratio {rate_guarded / rate_direct:.2f}"
    )
    print(f"latency median (ms)  direct {med_d:7.1f}   through the gateway {med_g:7.1f}   added {med_g - med_d:6.1f}")
    print(
        f"latency p99 (ms)     direct {p99(lat_direct) * 1000:7.1f}   through the gateway {p99(lat_guarded) * 1000:7.1f}"
    )
    print(
        f"durable acks/s       gateway 250s {ack_rate:7.1f}   store commits {commits:7.1f}   disk fsync(8 KB) {fsyncs:7.1f}   ratios {ack_rate / fsyncs:.2f} / {commits / fsyncs:.2f}"
    )
    if windows:
        print(
            f"crash window (ms)    upstream reply -> durable commit: median {statistics.median(windows):.2f}  p99 {p99(windows):.2f}  ({len(windows)} deliveries)"
        )


if __name__ == "__main__":
    main()
