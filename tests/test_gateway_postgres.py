"""The same queue on PostgreSQL (Debian's server, started by the test on loopback): two gateway
processes share it; nothing is relayed or released twice, also when one of them is killed."""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import os
import pwd
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from gateway_parts import Gateway, Sink, free_port, wait_until
from test_gateway import MIDORI, SAKURA, confirm, message
from test_gateway_postfix import tokens
from test_gateway_store import check_queue_pages, config

PG_BIN = Path("/usr/lib/postgresql/15/bin")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not (PG_BIN / "initdb").exists() or shutil.which("runuser") is None, reason="no PostgreSQL"),
]


@contextlib.contextmanager
def postgres(directory: Path) -> Iterator[str]:
    """A private server owned by the postgres user (initdb refuses root), trust auth on loopback."""
    directory.mkdir(parents=True, exist_ok=True)
    for parent in [directory, *directory.parents]:
        if parent == Path("/tmp") or parent == parent.parent:
            break
        parent.chmod(parent.stat().st_mode | 0o755)
    data = directory / "pgdata"
    data.mkdir()
    user = pwd.getpwnam("postgres")
    os.chown(data, user.pw_uid, user.pw_gid)
    port = free_port()

    def as_postgres(*args: str) -> None:
        subprocess.run(["runuser", "-u", "postgres", "--", *args], check=True, capture_output=True, timeout=120)

    as_postgres(str(PG_BIN / "initdb"), "-D", str(data), "--auth=trust", "-U", "postgres", "--no-sync")
    options = f"-c listen_addresses=127.0.0.1 -p {port} -k {data} -c fsync=on -c synchronous_commit=on"
    as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(data / "log"), "-w", "start")
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
    finally:
        as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop")


def test_two_nodes_share_one_queue_and_send_nothing_twice(tmp_path: Path) -> None:
    sink = Sink()
    with postgres(tmp_path / "pg") as url, sink:
        (tmp_path / "a").mkdir()
        (tmp_path / "b").mkdir()
        first = Gateway(tmp_path / "a", sink.port, database=url)
        second = Gateway(tmp_path / "b", sink.port, database=url)
        with first, second:
            expected = []
            for i in range(40):
                token = f"T{i:04d}"
                node = first if i % 2 else second
                assert node.send(message([SAKURA], subject=f"定例 {token}"), [SAKURA])[0] == 250
                expected.append(token)
                if i == 25:
                    second.kill()  # one node dies mid-burst; the other takes over its queue
                    second.start()
            # held mail, released by two operators at once through both nodes' CLIs
            for _ in range(5):
                first.send(confirm(), [SAKURA, MIDORI])

            def confirms() -> list[dict[str, object]]:  # not those held as "delivery uncertain" by the kill
                return [m for m in first.listing("held") if m["verdict"] == "confirm"]

            held = wait_until(lambda: len(confirms()) == 5 and confirms(), 30, "held")
            with concurrent.futures.ThreadPoolExecutor(4) as pool:
                runs = list(
                    pool.map(
                        lambda args: args[0].cli("release", args[1]),
                        [(g, m["id"]) for m in held for g in (first, second)],
                    )
                )
            assert sorted(r.returncode for r in runs) == [0] * 5 + [1] * 5  # each released by one of the two
            wait_until(
                lambda: set(expected) <= set(tokens(sink.messages())) and len(sink.messages()) >= 45,
                120,
                "all delivered",
            )
            time.sleep(1.5)
            counts = tokens(sink.messages())
            assert max(counts.values()) == 1 and len(sink.messages()) == 45
            sent = first.listing("sent")
            assert {m["id"] for m in held} <= {m["id"] for m in sent}
            nodes = {_relayed_by(first, m["id"])["actor"] for m in held}
            assert nodes <= {f"node:{first.settings['node']}", f"node:{second.settings['node']}"}


def test_the_console_queue_counts_and_pages_on_postgresql(tmp_path: Path) -> None:
    from mailguard.shells.gateway.actions import Actions
    from mailguard.shells.gateway.store import Store

    async def work(url: str) -> None:
        async with Store(url) as store:
            await check_queue_pages(store, Actions(store, config(tmp_path)))

    with postgres(tmp_path / "pg") as url:
        asyncio.run(work(url))


def _relayed_by(gateway: Gateway, message_id: str) -> dict[str, str]:
    import json

    history = json.loads(gateway.cli("show", message_id, "--json").stdout)["history"]
    return next(h for h in history if h["to"] == "sent")
