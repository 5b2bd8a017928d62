"""The queue and the actions layer on a real SQLite file (the PostgreSQL run is in
test_gateway_postgres.py): states, the append-only log, claims, bindings, the Bcc rewrite."""

from __future__ import annotations

import asyncio
import multiprocessing
from pathlib import Path
from typing import Any

import pytest

from conftest import EXAMPLES, run_cli
from mailguard.errors import InputError
from mailguard.shells.gateway.actions import ActionRefused, Actions
from mailguard.shells.gateway.config import ConfigError, config_from_mapping
from mailguard.shells.gateway.rewrite import UNDISCLOSED, split_header, to_bcc
from mailguard.shells.gateway.store import NewMessage, StateConflict, Store, StoreError

DATA = b"From: tanaka@example-city.lg.jp\r\nTo: a@sakura.example.jp\r\nCc: b@midori.example.jp\r\nSubject: x\r\n\r\nbody\r\n"
FINDING = {
    "id": "MG101-abc",
    "rule": "MG101",
    "name": "visible-external-parties",
    "severity": "confirm",
    "message": {"en": "To/Cc show 2 external parties to each other.", "ja": "外部の相手が互いに見えます。"},
}


def config(tmp_path: Path, **extra: Any) -> Any:
    return config_from_mapping(
        {"listen": "127.0.0.1:1", "upstream": "127.0.0.1:2", "database": f"sqlite://{tmp_path / 'q.db'}", **extra},
        "test",
        tmp_path,
    )


def new(state: str = "held", **extra: Any) -> NewMessage:
    values: dict[str, Any] = {
        "kind": "mail",
        "state": state,
        "verdict": "confirm",
        "findings": (FINDING,),
        "identity": "f" * 64,
        "mail_from": "tanaka@example-city.lg.jp",
        "rcpts": ("a@sakura.example.jp", "b@midori.example.jp"),
        "summary": {"subject": "x"},
        "data": DATA,
        "reason": "confirm: MG101",
        **extra,
    }
    return NewMessage(**values)


def run(tmp_path: Path, work: Any, **extra: Any) -> Any:
    async def go() -> Any:
        async with Store(config(tmp_path).database) as store:
            return await work(store, Actions(store, config(tmp_path, **extra)))

    return asyncio.run(go())


def test_release_binds_to_identity_and_findings(tmp_path: Path) -> None:
    async def work(store: Store, actions: Actions) -> Any:
        held = await store.insert(new())
        with pytest.raises(ActionRefused, match="not the message that was shown"):
            await actions.release(held.id, "op", identity="0" * 64)
        with pytest.raises(ActionRefused, match="not acknowledged: MG101-abc"):
            await actions.release(held.id, "op", acknowledged=[])
        released = await actions.release(held.id, "op", acknowledged=["MG101-abc"], identity="f" * 64)
        with pytest.raises(StateConflict):
            await actions.release(held.id, "op")
        return released, await actions.history(held.id)

    released, history = run(tmp_path, work)
    assert released.state == "released"
    assert [(t.from_state, t.to_state) for t in history] == [
        (None, "received"),
        ("received", "held"),
        ("held", "released"),
    ]
    assert history[-1].detail["findings"] == ["MG101-abc"] and history[-1].detail["identity"] == "f" * 64


def test_transition_log_is_append_only(tmp_path: Path) -> None:
    async def work(store: Store, actions: Actions) -> None:
        await store.insert(new())
        for statement in ("UPDATE mg_transitions SET actor = 'x'", "DELETE FROM mg_transitions"):
            with pytest.raises(StoreError, match="append-only"):
                async with store.backend.transaction() as tx:
                    await tx.execute(statement)

    run(tmp_path, work)


def test_cancel_until_claimed_and_delay(tmp_path: Path) -> None:
    async def work(store: Store, actions: Actions) -> Any:
        first = await store.insert(new())
        await actions.release(first.id, "op", delay_seconds=60)
        assert await store.claim("n1", 10, 300) == []  # still inside its delay
        cancelled = await actions.cancel(first.id, "tanaka")
        second = await store.insert(new())
        await actions.release(second.id, "op")
        claimed = await store.claim("n1", 10, 300)
        with pytest.raises(ActionRefused, match="too late"):
            await actions.cancel(second.id, "tanaka")
        return cancelled, claimed, second

    cancelled, claimed, second = run(tmp_path, work)
    assert cancelled.state == "cancelled" and [m.id for m in claimed] == [second.id]


def test_approval_is_four_eyes(tmp_path: Path) -> None:
    async def work(store: Store, actions: Actions) -> Any:
        held = await store.insert(new(needs_approval=("MG101-abc",), auth_user="tanaka"))
        with pytest.raises(ActionRefused, match="needs approval"):
            await actions.release(held.id, "tanaka")
        for sender in ("tanaka", "TANAKA@example-city.lg.jp"):
            with pytest.raises(ActionRefused, match="second person"):
                await actions.approve(held.id, sender)
        return await actions.approve(held.id, "kacho", bcc=True)

    approved = run(tmp_path, work)
    assert approved.state == "released" and approved.approved_by == "kacho" and approved.rewrite == "bcc-sender"


def test_blocked_is_never_released_and_expiry_tells_the_sender(tmp_path: Path) -> None:
    async def work(store: Store, actions: Actions) -> Any:
        blocked = await store.insert(new("blocked", expires_at=0.0))
        with pytest.raises(ActionRefused, match="blocked"):
            await actions.release(blocked.id, "op")
        expired = await actions.expire_due()
        return expired, await store.list_messages(kind="notice")

    expired, notices = run(tmp_path, work)
    assert [m.state for m in expired] == ["expired"]
    assert notices[0].rcpts == ("tanaka@example-city.lg.jp",) and notices[0].mail_from == ""


def _claimer(url: str, node: str, out: Any) -> None:
    async def go() -> list[str]:
        async with Store(url) as store:
            got: list[str] = []
            while batch := await store.claim(node, 3, 300):
                got += [m.id for m in batch]
            return got

    out.put(asyncio.run(go()))


def test_two_processes_never_claim_the_same_message(tmp_path: Path) -> None:
    url = config(tmp_path).database

    async def fill() -> list[str]:
        async with Store(url) as store:
            return [(await store.insert(new("passed"))).id for _ in range(120)]

    ids = asyncio.run(fill())
    context = multiprocessing.get_context("spawn")
    out = context.Queue()
    workers = [context.Process(target=_claimer, args=(url, f"n{i}", out)) for i in range(3)]
    for w in workers:
        w.start()
    claimed = [out.get(timeout=120) for _ in workers]
    for w in workers:
        w.join(30)
    everything = [i for batch in claimed for i in batch]
    assert sorted(everything) == sorted(ids)  # every message once, none twice


def test_bcc_rewrite_keeps_everything_else_byte_for_byte() -> None:
    fixed = to_bcc(DATA)
    assert fixed == b"From: tanaka@example-city.lg.jp\r\nTo: tanaka@example-city.lg.jp\r\nSubject: x\r\n\r\nbody\r\n"
    folded = DATA.replace(b"Cc: b@midori.example.jp\r\n", b"Cc: b@midori.example.jp,\r\n c@hikari.example.org\r\n")
    assert to_bcc(folded, to="undisclosed").startswith(
        b"From: tanaka@example-city.lg.jp\r\nTo: " + UNDISCLOSED.encode()
    )
    assert b"hikari" not in to_bcc(folded)
    with pytest.raises(InputError):
        to_bcc(b"no header block at all")


def test_fix_command_moves_visible_recipients_to_bcc(tmp_path: Path) -> None:
    target = tmp_path / "fixed.eml"
    done = run_cli("fix", str(EXAMPLES / "05-supervised-orgs-in-cc.eml"), "-o", str(target))
    assert done.returncode == 0, done.stderr
    checked = run_cli("check", "--policy", str(EXAMPLES / "mailguard.yaml"), str(target))
    assert b"MG101" not in checked.stdout  # nobody sees anybody else any more
    assert b"Bcc" in checked.stdout and b"office@sakura-kai-example.or.jp" in checked.stdout
    original = split_header((EXAMPLES / "05-supervised-orgs-in-cc.eml").read_bytes())
    fixed = split_header(target.read_bytes())
    assert fixed[1:] == original[1:]  # the same body, byte for byte


def test_config_is_strict_and_minimal_config_runs_on_sqlite(tmp_path: Path) -> None:
    minimal = config_from_mapping({"listen": "127.0.0.1:10025", "upstream": "127.0.0.1:10026"}, "t", tmp_path)
    assert minimal.database.startswith("sqlite://") and minimal.database.endswith("gateway.db")
    assert minimal.block_action == "reject" and minimal.policy_path is None
    with pytest.raises(ConfigError, match="listen: required"):
        config_from_mapping({"upstream": "h:1"}, "t", tmp_path)
    for bad, problem in [
        ({"block_action": "relay"}, "block_action: must be one of reject, hold"),
        ({"relay": {"retries": 3}}, "relay.retries: unknown key"),
        ({"listen": "127.0.0.1:99999"}, "listen: "),
        ({"hold_internal": "yes"}, "hold_internal: must be true or false"),
        ({"database": "mysql://x"}, "database: must be sqlite"),
        ({"trusted_clients": ["not-an-ip"]}, "trusted_clients: 'not-an-ip'"),
    ]:
        with pytest.raises(ConfigError, match=problem):
            config_from_mapping({"listen": "127.0.0.1:1", "upstream": "127.0.0.1:2", **bad}, "t", tmp_path)


def test_postgres_statements_are_the_same_with_numbered_placeholders() -> None:
    from mailguard.shells.gateway.store import _numbered

    assert _numbered("SELECT ? FROM t WHERE a = ? AND b IN (?, ?)") == "SELECT $1 FROM t WHERE a = $2 AND b IN ($3, $4)"


def test_the_documented_example_config_is_valid() -> None:
    from conftest import ROOT
    from mailguard.shells.gateway.config import load_config

    example = load_config(ROOT / "docs" / "gateway" / "gateway.yaml")
    assert example.node == "gw1" and example.notices.approvers == ("kacho@example-city.lg.jp",)
    assert example.relay.workers == 4 and example.database == "sqlite:///var/lib/mailguard/queue.db"


async def check_queue_pages(store: Store, actions: Actions) -> None:
    """What the console's queue asks of a store (SQLite here, PostgreSQL in
    test_gateway_postgres.py): counts per state with delayed mail apart, pages newest first in
    a stable order when many share a second, the rule filter, and no SQL from a rule id."""
    now = [1_800_000_000.0]
    store.clock = actions.clock = lambda: now[0]
    for _ in range(3):
        now[0] += 1
        await store.insert(new(), [new() for _ in range(3)])  # four created in the same second
    await store.insert(new(findings=({**FINDING, "id": "MG303-x", "rule": "MG303"},)))
    notice = await store.insert(new(kind="notice", state="passed", findings=()))
    ids = [m.id for m in await store.list_messages(kind="mail")]
    await actions.release(ids[0], "op", delay_seconds=60, acknowledged=["MG101-abc"])
    await actions.release(ids[1], "op", delay_seconds=0, acknowledged=["MG101-abc"])
    assert await store.counts(kind="mail", now=now[0]) == {"held": 11, "delayed": 1, "released": 1}
    assert await store.counts(kind="mail", now=now[0] + 61) == {"held": 11, "released": 2}
    assert (await store.counts())["passed"] == 1 and notice.kind == "notice"  # without now: as stored
    everything, total = await store.page(kind="mail", now=now[0], limit=100)
    assert total == 13 and len(everything) == 13
    assert [m.id for m in everything] == [
        m.id for m in sorted(await store.list_messages(kind="mail"), key=lambda m: (m.created, m.id), reverse=True)
    ]
    pages = [await store.page(kind="mail", now=now[0], offset=o, limit=5) for o in (0, 5, 10)]
    assert [m.id for rows, _ in pages for m in rows] == [m.id for m in everything]
    assert [len(rows) for rows, _ in pages] == [5, 5, 3] and {n for _, n in pages} == {13}
    assert [m.id for m in (await store.page(kind="mail", now=now[0], state="delayed"))[0]] == [ids[0]]
    assert [m.id for m in (await store.page(kind="mail", now=now[0], state="released"))[0]] == [ids[1]]
    assert (await store.page(kind="mail", now=now[0], state="held", rule="MG303"))[1] == 1
    assert (await store.page(kind="mail", now=now[0], state="held", rule="MG101"))[1] == 10
    for crafted in ('MG101"%', "MG101' OR 1=1 --", "%", ""):
        with pytest.raises(StoreError):
            await store.page(kind="mail", now=now[0], rule=crafted)


def test_the_queue_counts_and_pages_for_the_console(tmp_path: Path) -> None:
    run(tmp_path, check_queue_pages)
