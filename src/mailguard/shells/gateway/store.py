"""The durable queue: every message's bytes, state and the append-only log of its transitions.

One schema and one code path for both databases; only the dialect differs (placeholders, the
blob and serial types, and row locks). SQLite (WAL, ``synchronous=FULL``) is the embedded
default; PostgreSQL lets several gateway nodes share one queue, each claiming due messages
with ``FOR UPDATE SKIP LOCKED`` so no message is relayed by two nodes.

A transaction commits only once its rows are on disk (SQLite: the WAL is fsync'd on every
commit with ``synchronous=FULL``; PostgreSQL: ``synchronous_commit`` on, its default), so the
SMTP side may answer ``250`` as soon as :meth:`Store.insert` returns. Anything that keeps a
commit from happening (a full disk, a locked or vanished database) is raised as
:class:`StoreUnavailable`, which the SMTP side turns into ``451``.

States::

    received -> passed | held | blocked
    held -> released | cancelled | expired          (blocked -> cancelled | expired)
    passed | released -> relaying -> sent | failed  (or back to passed/released to retry,
                                                     or held when delivery is uncertain)
"""

from __future__ import annotations

import asyncio
import json
import re
import secrets
import sqlite3
import time
from collections.abc import AsyncIterator, Collection, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Protocol

from mailguard.errors import MailguardError

STATES = (
    "received",
    "passed",
    "held",
    "blocked",
    "released",
    "cancelled",
    "expired",
    "relaying",
    "sent",
    "failed",
)
READY = ("passed", "released")  # waiting to be relayed
FINAL = ("cancelled", "expired", "sent", "failed")


class StoreError(MailguardError):
    """A store operation that cannot be done as asked."""


class StoreUnavailable(StoreError):
    """The database cannot commit now (full disk, locked, unreachable): answer 451, never 250."""


class NotFound(StoreError):
    def __init__(self, message_id: str) -> None:
        super().__init__(f"no message {message_id} in the gateway queue")
        self.message_id = message_id


class StateConflict(StoreError):
    """The message is not (or no longer) in a state that allows the change."""

    exit_code = 1

    def __init__(self, message_id: str, state: str, wanted: str) -> None:
        super().__init__(f"message {message_id} is {state}: cannot {wanted}")
        self.message_id = message_id
        self.state = state


@dataclass(frozen=True)
class Transition:
    seq: int
    message_id: str
    time: float
    from_state: str | None
    to_state: str
    actor: str
    reason: str
    detail: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "time": self.time,
            "from": self.from_state,
            "to": self.to_state,
            "actor": self.actor,
            "reason": self.reason,
            "detail": self.detail,
        }


@dataclass(frozen=True)
class StoredMessage:
    """One queued message as the store has it (``data`` only when asked for)."""

    id: str
    kind: str  # "mail" or "notice"
    state: str
    origin: str  # the ready state a retry returns to: passed or released
    verdict: str
    findings: tuple[dict[str, Any], ...]
    identity: str
    mail_from: str
    rcpts: tuple[str, ...]
    summary: dict[str, Any]
    created: float
    updated: float
    size: int
    auth_user: str | None = None
    client: str | None = None
    release_at: float = 0.0
    expires_at: float | None = None
    next_attempt: float = 0.0
    attempts: int = 0
    rewrite: str | None = None
    needs_approval: tuple[str, ...] = ()
    approved_by: str | None = None
    node: str | None = None
    lease_until: float | None = None
    phase: str | None = None
    results: dict[str, dict[str, Any]] = field(default_factory=dict)
    data: bytes | None = None

    @property
    def delivery_id(self) -> str:
        """Stable across retries and nodes: upstream logs and the header carry it."""
        return f"{self.id}.{self.identity[:12]}@mailguard"

    @property
    def sender(self) -> str:
        """Who decisions are about: the authenticated user, else the envelope sender."""
        return self.auth_user or self.mail_from

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "state": self.state,
            "verdict": self.verdict,
            "findings": list(self.findings),
            "identity": self.identity,
            "delivery_id": self.delivery_id,
            "mail_from": self.mail_from,
            "rcpts": list(self.rcpts),
            "auth_user": self.auth_user,
            "client": self.client,
            "subject": self.summary.get("subject"),
            "parties": self.summary.get("parties", []),
            "attachments": self.summary.get("attachments", []),
            "error": self.summary.get("error"),
            "size": self.size,
            "created": self.created,
            "updated": self.updated,
            "release_at": self.release_at,
            "expires_at": self.expires_at,
            "next_attempt": self.next_attempt,
            "attempts": self.attempts,
            "rewrite": self.rewrite,
            "needs_approval": list(self.needs_approval),
            "approved_by": self.approved_by,
            "results": self.results,
        }


def new_id() -> str:
    """Never reused (Postfix reuses short queue ids; 64 random bits do not collide here)."""
    return secrets.token_hex(8)


# ---------------------------------------------------------------- the backends


class Tx(Protocol):
    async def execute(self, sql: str, *args: Any) -> int: ...

    async def fetch(self, sql: str, *args: Any) -> list[dict[str, Any]]: ...


class Backend(Protocol):
    dialect: str
    skip_locked: str
    for_update: str

    async def open(self) -> None: ...

    async def close(self) -> None: ...

    def transaction(self) -> Any: ...  # an async context manager yielding a Tx


_DDL = [
    """CREATE TABLE IF NOT EXISTS mg_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS mg_messages (
        id TEXT PRIMARY KEY, kind TEXT NOT NULL, state TEXT NOT NULL, origin TEXT NOT NULL,
        verdict TEXT NOT NULL, findings TEXT NOT NULL, identity TEXT NOT NULL,
        mail_from TEXT NOT NULL, rcpts TEXT NOT NULL, summary TEXT NOT NULL,
        auth_user TEXT, client TEXT,
        created DOUBLE PRECISION NOT NULL, updated DOUBLE PRECISION NOT NULL,
        release_at DOUBLE PRECISION NOT NULL, expires_at DOUBLE PRECISION,
        next_attempt DOUBLE PRECISION NOT NULL, attempts INTEGER NOT NULL,
        rewrite TEXT, needs_approval TEXT NOT NULL, approved_by TEXT,
        node TEXT, lease_until DOUBLE PRECISION, phase TEXT,
        results TEXT NOT NULL, size INTEGER NOT NULL, dedupe TEXT, data {blob} NOT NULL)""",
    """CREATE INDEX IF NOT EXISTS mg_messages_state ON mg_messages (state, next_attempt)""",
    """CREATE INDEX IF NOT EXISTS mg_messages_dedupe ON mg_messages (dedupe)""",
    # The console's queue: newest first within a kind (and a state), one page at a time.
    """CREATE INDEX IF NOT EXISTS mg_messages_newest ON mg_messages (kind, created, id)""",
    """CREATE INDEX IF NOT EXISTS mg_messages_state_newest ON mg_messages (kind, state, created, id)""",
    """CREATE TABLE IF NOT EXISTS mg_transitions (
        seq {serial}, message_id TEXT NOT NULL, time DOUBLE PRECISION NOT NULL,
        from_state TEXT, to_state TEXT NOT NULL, actor TEXT NOT NULL, reason TEXT NOT NULL,
        detail TEXT NOT NULL)""",
    """CREATE INDEX IF NOT EXISTS mg_transitions_message ON mg_transitions (message_id, seq)""",
    """CREATE TABLE IF NOT EXISTS mg_nodes (
        node TEXT PRIMARY KEY, heartbeat DOUBLE PRECISION NOT NULL, pid INTEGER NOT NULL,
        listen TEXT NOT NULL, started DOUBLE PRECISION NOT NULL)""",
]
_APPEND_ONLY = {
    "sqlite": [
        """CREATE TRIGGER IF NOT EXISTS mg_transitions_no_update BEFORE UPDATE ON mg_transitions
           BEGIN SELECT RAISE(ABORT, 'the transition log is append-only'); END""",
        """CREATE TRIGGER IF NOT EXISTS mg_transitions_no_delete BEFORE DELETE ON mg_transitions
           BEGIN SELECT RAISE(ABORT, 'the transition log is append-only'); END""",
    ],
    "postgresql": [
        """CREATE OR REPLACE FUNCTION mg_append_only() RETURNS trigger LANGUAGE plpgsql AS
           $$ BEGIN RAISE EXCEPTION 'the transition log is append-only'; END $$""",
        """DROP TRIGGER IF EXISTS mg_transitions_append_only ON mg_transitions""",
        """CREATE TRIGGER mg_transitions_append_only BEFORE UPDATE OR DELETE ON mg_transitions
           FOR EACH ROW EXECUTE FUNCTION mg_append_only()""",
    ],
}
_TYPES = {
    "sqlite": {"blob": "BLOB", "serial": "INTEGER PRIMARY KEY AUTOINCREMENT"},
    "postgresql": {"blob": "BYTEA", "serial": "BIGSERIAL PRIMARY KEY"},
}
SCHEMA_VERSION = "2"


class SQLiteBackend:
    """sqlite3 on one dedicated thread (the module is blocking); one writer at a time.

    Several processes (the server, ``mailguard gateway release`` from a shell) share the file:
    WAL lets readers go on while one writes, ``BEGIN IMMEDIATE`` serialises writers, and
    ``busy_timeout`` waits for the lock instead of failing at once.
    """

    dialect = "sqlite"
    skip_locked = ""
    for_update = ""

    def __init__(self, path: Path, busy_timeout_ms: int = 10_000) -> None:
        self.path = path
        self.busy_timeout_ms = busy_timeout_ms
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="mailguard-sqlite")
        self._lock = asyncio.Lock()
        self._db: sqlite3.Connection | None = None

    async def _run(self, fn: Any, *args: Any) -> Any:
        try:
            return await asyncio.get_running_loop().run_in_executor(self._thread, fn, *args)
        except sqlite3.IntegrityError as exc:
            raise StoreError(f"{self.path}: {exc}") from exc
        except (sqlite3.Error, OSError) as exc:
            raise StoreUnavailable(f"{self.path}: {exc}") from exc

    def _connect(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(
            self.path, isolation_level=None, check_same_thread=False, timeout=self.busy_timeout_ms / 1000
        )
        db.row_factory = sqlite3.Row
        db.execute(f"PRAGMA busy_timeout={self.busy_timeout_ms}")
        mode = db.execute("PRAGMA journal_mode=WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            raise sqlite3.OperationalError(f"cannot switch to WAL journal (got {mode})")
        db.execute("PRAGMA synchronous=FULL")
        db.execute("PRAGMA foreign_keys=ON")
        self._db = db

    async def open(self) -> None:
        await self._run(self._connect)

    async def close(self) -> None:
        if self._db is not None:
            await self._run(self._db.close)
            self._db = None
        self._thread.shutdown(wait=True)

    def _execute(self, sql: str, args: Sequence[Any]) -> int:
        assert self._db is not None
        return self._db.execute(sql, args).rowcount

    def _fetch(self, sql: str, args: Sequence[Any]) -> list[dict[str, Any]]:
        assert self._db is not None
        return [dict(row) for row in self._db.execute(sql, args).fetchall()]

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Tx]:
        if self._db is None:
            raise StoreUnavailable(f"{self.path}: the store is not open")
        async with self._lock:
            await self._run(self._execute, "BEGIN IMMEDIATE", ())
            try:
                yield _SQLiteTx(self)
            except BaseException:
                await asyncio.shield(self._run(self._execute, "ROLLBACK", ()))
                raise
            try:
                await self._run(self._execute, "COMMIT", ())
            except StoreError:
                # A failed COMMIT (disk full) leaves the transaction open: end it.
                with _suppress_store_errors():
                    await self._run(self._execute, "ROLLBACK", ())
                raise


class _suppress_store_errors:
    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: object, value: object, tb: object) -> bool:
        return isinstance(value, StoreError)


class _SQLiteTx:
    def __init__(self, backend: SQLiteBackend) -> None:
        self.backend = backend

    async def execute(self, sql: str, *args: Any) -> int:
        return int(await self.backend._run(self.backend._execute, sql, args))

    async def fetch(self, sql: str, *args: Any) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = await self.backend._run(self.backend._fetch, sql, args)
        return rows


class PostgresBackend:
    """asyncpg (Apache-2.0): the same statements with ``$n`` placeholders and row locks."""

    dialect = "postgresql"
    skip_locked = " FOR UPDATE SKIP LOCKED"
    for_update = " FOR UPDATE"

    def __init__(self, url: str) -> None:
        self.url = url
        self._pool: Any = None

    async def open(self) -> None:
        try:
            import asyncpg
        except ImportError as exc:
            raise StoreUnavailable("PostgreSQL needs the asyncpg package: pip install 'mailguard[postgresql]'") from exc
        try:
            self._pool = await asyncpg.create_pool(self.url, min_size=1, max_size=4, command_timeout=30)
        except (TimeoutError, OSError, asyncpg.PostgresError) as exc:
            raise StoreUnavailable(f"PostgreSQL: {_safe(exc)}") from exc

    async def close(self) -> None:
        if self._pool is not None:
            await self._pool.close()
            self._pool = None

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Tx]:
        import asyncpg

        if self._pool is None:
            raise StoreUnavailable("PostgreSQL: the store is not open")
        try:
            async with self._pool.acquire() as conn, conn.transaction():
                yield _PostgresTx(conn)
        except asyncpg.UniqueViolationError as exc:
            raise StoreError(f"PostgreSQL: {_safe(exc)}") from exc
        except (TimeoutError, OSError, asyncpg.PostgresError, asyncpg.InterfaceError) as exc:
            raise StoreUnavailable(f"PostgreSQL: {_safe(exc)}") from exc


def _safe(exc: BaseException) -> str:
    """Database errors never echo the URL's password."""
    return re.sub(r"://[^@/\s]*@", "://***@", f"{type(exc).__name__}: {exc}")[:300]


_PLACEHOLDER = re.compile(r"\?")


def _numbered(sql: str) -> str:
    counter = iter(range(1, 10_000))
    return _PLACEHOLDER.sub(lambda _: f"${next(counter)}", sql)


class _PostgresTx:
    def __init__(self, conn: Any) -> None:
        self.conn = conn

    async def execute(self, sql: str, *args: Any) -> int:
        status = await self.conn.execute(_numbered(sql), *args)
        tail = str(status).rsplit(" ", 1)[-1]
        return int(tail) if tail.isdigit() else 0

    async def fetch(self, sql: str, *args: Any) -> list[dict[str, Any]]:
        return [dict(r) for r in await self.conn.fetch(_numbered(sql), *args)]


def open_backend(url: str) -> Backend:
    if url.startswith("sqlite://"):
        return SQLiteBackend(Path(url.removeprefix("sqlite://")))
    if url.startswith(("postgresql://", "postgres://")):
        return PostgresBackend(url)
    raise StoreError(f"unknown database URL {url.split(':', 1)[0]}: (sqlite:// or postgresql://)")


# ---------------------------------------------------------------- the store


@dataclass(frozen=True)
class NewMessage:
    """What the SMTP side (or a notice) hands the store; ``state`` is where it lands."""

    kind: str
    state: str
    verdict: str
    findings: tuple[dict[str, Any], ...]
    identity: str
    mail_from: str
    rcpts: tuple[str, ...]
    summary: dict[str, Any]
    data: bytes
    reason: str
    actor: str = "smtp"
    auth_user: str | None = None
    client: str | None = None
    expires_at: float | None = None
    needs_approval: tuple[str, ...] = ()
    # Same bytes, same envelope: a client retrying after our commit but before it heard 250.
    dedupe: str | None = None
    id: str = field(default_factory=new_id)


_COLUMNS = (
    "id, kind, state, origin, verdict, findings, identity, mail_from, rcpts, summary, auth_user, client, "
    "created, updated, release_at, expires_at, next_attempt, attempts, rewrite, needs_approval, approved_by, "
    "node, lease_until, phase, results, size"
)
# The state as a person reads it: released with its release time ahead is "delayed".
_VIEW_STATE = "CASE WHEN state = 'released' AND release_at > ? THEN 'delayed' ELSE state END"
_JSON_FIELDS = ("findings", "rcpts", "summary", "needs_approval", "results")
_TUPLE_FIELDS = ("findings", "rcpts", "needs_approval")


class Store:
    """The queue API both the server and the actions (CLI, web console) use."""

    def __init__(self, url: str, clock: Any = time.time) -> None:
        self.url = url
        self.backend = open_backend(url)
        self.clock = clock

    async def open(self) -> None:
        await self.backend.open()
        types = _TYPES[self.backend.dialect]
        async with self.backend.transaction() as tx:
            if self.backend.dialect == "postgresql":
                await tx.execute("SELECT pg_advisory_xact_lock(732170)")  # two nodes starting at once
            for statement in _DDL:
                await tx.execute(statement.format(**types))
            for statement in _APPEND_ONLY[self.backend.dialect]:
                await tx.execute(statement)
            rows = await tx.fetch("SELECT value FROM mg_meta WHERE key = ?", "schema")
            if not rows:
                await tx.execute("INSERT INTO mg_meta (key, value) VALUES (?, ?)", "schema", SCHEMA_VERSION)
            elif rows[0]["value"] != SCHEMA_VERSION:
                raise StoreError(f"the queue has schema {rows[0]['value']}; this mailguard knows {SCHEMA_VERSION}")

    async def close(self) -> None:
        await self.backend.close()

    async def __aenter__(self) -> Store:
        await self.open()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    # -- writing

    async def insert(
        self, message: NewMessage, extra: Sequence[NewMessage] = (), dedupe_seconds: float = 86400.0
    ) -> StoredMessage:
        """Store a received message (and its notices) in one durable commit: 250 may follow.

        A message with the ``dedupe`` key of one stored in the last ``dedupe_seconds`` is not
        stored again: the existing one is returned (its id differs from ``message.id``). That
        closes the receiving side's window: killed after our commit and before the client
        heard ``250``, the client (Postfix) sends the same bytes again."""
        async with self.backend.transaction() as tx:
            if message.dedupe is not None:
                if self.backend.dialect == "postgresql":  # two nodes receiving the same retry at once
                    await tx.execute("SELECT pg_advisory_xact_lock(hashtext(?))", message.dedupe)
                rows = await tx.fetch(
                    "SELECT id FROM mg_messages WHERE dedupe = ? AND created > ? LIMIT 1",
                    message.dedupe,
                    float(self.clock()) - dedupe_seconds,
                )
                if rows:
                    return await self._get(tx, str(rows[0]["id"]), False)
            for item in (message, *extra):
                await self._insert(tx, item)
            return await self._get(tx, message.id, False)

    async def _insert(self, tx: Tx, m: NewMessage) -> None:
        now = float(self.clock())
        origin = "released" if m.state == "released" else "passed"
        await tx.execute(
            f"INSERT INTO mg_messages ({_COLUMNS}, dedupe, data) VALUES ({', '.join('?' * 28)})",
            m.id,
            m.kind,
            m.state,
            origin,
            m.verdict,
            _dump(m.findings),
            m.identity,
            m.mail_from,
            _dump(m.rcpts),
            _dump(m.summary),
            m.auth_user,
            m.client,
            now,
            now,
            now,
            None if m.expires_at is None else float(m.expires_at),
            now,
            0,
            None,
            _dump(m.needs_approval),
            None,
            None,
            None,
            None,
            _dump({}),
            len(m.data),
            m.dedupe,
            m.data,
        )
        await self._log(tx, m.id, now, None, "received", m.actor, "accepted at end of DATA", {"size": len(m.data)})
        if m.state != "received":
            detail = {"verdict": m.verdict, "findings": [f["id"] for f in m.findings], "identity": m.identity}
            await self._log(tx, m.id, now, "received", m.state, "engine", m.reason, detail)

    async def _log(
        self,
        tx: Tx,
        message_id: str,
        now: float,
        from_state: str | None,
        to_state: str,
        actor: str,
        reason: str,
        detail: dict[str, Any],
    ) -> None:
        await tx.execute(
            "INSERT INTO mg_transitions (message_id, time, from_state, to_state, actor, reason, detail) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            message_id,
            now,
            from_state,
            to_state,
            actor,
            reason,
            _dump(detail),
        )

    async def transition(
        self,
        message_id: str,
        allowed: Collection[str],
        to_state: str,
        actor: str,
        reason: str,
        *,
        detail: dict[str, Any] | None = None,
        check: Any = None,
        enqueue: Sequence[NewMessage] = (),
        **changes: Any,
    ) -> StoredMessage:
        """Move one message from one of ``allowed`` to ``to_state`` atomically, with a log row.

        ``check(message)`` may raise to refuse the change after the row is locked (so two
        people releasing at once see one success and one :class:`StateConflict`). Notices in
        ``enqueue`` commit with the change."""
        if to_state not in STATES:
            raise StoreError(f"unknown state {to_state}")
        async with self.backend.transaction() as tx:
            rows = await tx.fetch(
                f"SELECT {_COLUMNS} FROM mg_messages WHERE id = ?{self.backend.for_update}", message_id
            )
            if not rows:
                raise NotFound(message_id)
            current = _message(rows[0])
            if current.state not in allowed:
                raise StateConflict(message_id, current.state, f"become {to_state}")
            if check is not None:
                check(current)
            now = float(self.clock())
            await self._update(tx, message_id, now, state=to_state, **changes)
            await self._log(tx, message_id, now, current.state, to_state, actor, reason, detail or {})
            for item in enqueue:
                await self._insert(tx, item)
        return replace(current, state=to_state, updated=now, **changes)  # as committed, without reading it back

    async def _update(self, tx: Tx, message_id: str, now: float, **changes: Any) -> None:
        changes["updated"] = now
        names = list(changes)
        values = [_dump(changes[n]) if n in _JSON_FIELDS else changes[n] for n in names]
        await tx.execute(
            f"UPDATE mg_messages SET {', '.join(f'{n} = ?' for n in names)} WHERE id = ?", *values, message_id
        )

    async def set_phase(self, message_id: str, node: str, phase: str, results: dict[str, dict[str, Any]]) -> None:
        """Record, durably, that the DATA of a delivery is about to go: from here a crash leaves
        the outcome uncertain, and the message is held rather than sent again."""
        async with self.backend.transaction() as tx:
            count = await tx.execute(
                "UPDATE mg_messages SET phase = ?, results = ?, updated = ? WHERE id = ? AND state = ? AND node = ?",
                phase,
                _dump(results),
                float(self.clock()),
                message_id,
                "relaying",
                node,
            )
        if count != 1:
            raise StateConflict(message_id, "not relaying on this node", "send")

    async def claim(self, node: str, limit: int, lease_seconds: float) -> list[StoredMessage]:
        """Take up to ``limit`` due messages for this node (its lease keeps other nodes off),
        with their bytes: the delivery needs no second read."""
        now = float(self.clock())
        async with self.backend.transaction() as tx:
            rows = await tx.fetch(
                f"SELECT {_COLUMNS}, data FROM mg_messages WHERE "
                "(state IN ('passed', 'released') AND release_at <= ? AND next_attempt <= ?) "
                "OR (state = 'relaying' AND phase = 'claimed' AND lease_until < ?) "
                f"ORDER BY next_attempt LIMIT ?{self.backend.skip_locked}",
                now,
                now,
                now,
                limit,
            )
            claimed = []
            for row in rows:
                message = _message(row)
                origin = message.state if message.state in READY else message.origin
                await self._update(
                    tx,
                    message.id,
                    now,
                    state="relaying",
                    origin=origin,
                    node=node,
                    lease_until=now + lease_seconds,
                    phase="claimed",
                )
                reason = "lease of another node expired" if message.state == "relaying" else "due"
                await self._log(tx, message.id, now, message.state, "relaying", f"node:{node}", reason, {})
                claimed.append(
                    replace(
                        message,
                        state="relaying",
                        origin=origin,
                        node=node,
                        phase="claimed",
                        lease_until=now + lease_seconds,
                        updated=now,
                    )
                )
        return claimed

    async def stale_deliveries(self, node: str | None) -> list[StoredMessage]:
        """Deliveries a crash interrupted: this node's own (at start) or any with an expired lease."""
        now = float(self.clock())
        async with self.backend.transaction() as tx:
            if node is None:
                rows = await tx.fetch(
                    f"SELECT {_COLUMNS} FROM mg_messages WHERE state = 'relaying' AND lease_until < ?", now
                )
            else:
                rows = await tx.fetch(f"SELECT {_COLUMNS} FROM mg_messages WHERE state = 'relaying' AND node = ?", node)
        return [_message(r) for r in rows]

    async def heartbeat(self, node: str, pid: int, listen: str, started: float) -> None:
        now = float(self.clock())
        async with self.backend.transaction() as tx:
            count = await tx.execute(
                "UPDATE mg_nodes SET heartbeat = ?, pid = ?, listen = ?, started = ? WHERE node = ?",
                now,
                pid,
                listen,
                started,
                node,
            )
            if not count:
                await tx.execute(
                    "INSERT INTO mg_nodes (node, heartbeat, pid, listen, started) VALUES (?, ?, ?, ?, ?)",
                    node,
                    now,
                    pid,
                    listen,
                    started,
                )

    # -- reading

    async def get(self, message_id: str, with_data: bool = False) -> StoredMessage:
        async with self.backend.transaction() as tx:
            return await self._get(tx, message_id, with_data)

    async def _get(self, tx: Tx, message_id: str, with_data: bool) -> StoredMessage:
        columns = f"{_COLUMNS}, data" if with_data else _COLUMNS
        rows = await tx.fetch(f"SELECT {columns} FROM mg_messages WHERE id = ?", message_id)
        if not rows:
            raise NotFound(message_id)
        return _message(rows[0])

    async def list_messages(
        self, states: Collection[str] = (), limit: int = 1000, kind: str | None = None
    ) -> list[StoredMessage]:
        where: list[str] = []
        args: list[Any] = []
        if states:
            where.append(f"state IN ({', '.join('?' * len(states))})")
            args.extend(states)
        if kind:
            where.append("kind = ?")
            args.append(kind)
        clause = f" WHERE {' AND '.join(where)}" if where else ""
        async with self.backend.transaction() as tx:
            rows = await tx.fetch(
                f"SELECT {_COLUMNS} FROM mg_messages{clause} ORDER BY created, id LIMIT ?", *args, limit
            )
        return [_message(r) for r in rows]

    async def due_for_expiry(self) -> list[StoredMessage]:
        now = float(self.clock())
        async with self.backend.transaction() as tx:
            rows = await tx.fetch(
                f"SELECT {_COLUMNS} FROM mg_messages WHERE state IN ('held', 'blocked') "
                "AND expires_at IS NOT NULL AND expires_at <= ?",
                now,
            )
        return [_message(r) for r in rows]

    async def history(self, message_id: str) -> list[Transition]:
        async with self.backend.transaction() as tx:
            rows = await tx.fetch(
                "SELECT seq, message_id, time, from_state, to_state, actor, reason, detail FROM mg_transitions "
                "WHERE message_id = ? ORDER BY seq",
                message_id,
            )
        return [
            Transition(
                int(r["seq"]),
                r["message_id"],
                float(r["time"]),
                r["from_state"],
                r["to_state"],
                r["actor"],
                r["reason"],
                json.loads(r["detail"]),
            )
            for r in rows
        ]

    async def counts(self, kind: str | None = None, now: float | None = None) -> dict[str, int]:
        """Messages per state (of one ``kind`` if given). With ``now``, a released message whose
        release time is still ahead counts as ``delayed`` (the sender may still cancel it)."""
        args: list[Any] = [] if now is None else [float(now)]
        view = "state" if now is None else _VIEW_STATE
        where = ""
        if kind:
            where, args = " WHERE kind = ?", [*args, kind]
        async with self.backend.transaction() as tx:
            rows = await tx.fetch(f"SELECT {view} AS state, COUNT(*) AS n FROM mg_messages{where} GROUP BY 1", *args)
        return {r["state"]: int(r["n"]) for r in rows}

    async def page(
        self,
        *,
        kind: str,
        now: float,
        state: str | None = None,
        rule: str | None = None,
        offset: int = 0,
        limit: int = 100,
    ) -> tuple[list[StoredMessage], int]:
        """One page of messages, newest first (by created, then id: a stable order when many
        arrive in the same second), and how many match in all. ``state`` is a state as
        :meth:`counts` names it with ``now`` (``delayed`` or ``released``); ``rule`` a rule
        id (letters and digits), matched against the stored findings."""
        where: list[str] = ["kind = ?"]
        args: list[Any] = [kind]
        if state == "delayed":
            where.append("state = 'released' AND release_at > ?")
            args.append(float(now))
        elif state == "released":
            where.append("state = 'released' AND release_at <= ?")
            args.append(float(now))
        elif state:
            where.append("state = ?")
            args.append(state)
        if rule is not None:
            if not rule.isascii() or not rule.isalnum():
                raise StoreError(f"not a rule id: {rule!r}")
            # The findings column is JSON written by _dump: a rule is exactly this text there (a
            # quote inside a string value is escaped, so a message text cannot fake it).
            where.append("findings LIKE ?")
            args.append(f'%"rule": "{rule}"%')
        clause = " WHERE " + " AND ".join(where)
        async with self.backend.transaction() as tx:
            total = await tx.fetch(f"SELECT COUNT(*) AS n FROM mg_messages{clause}", *args)
            rows = await tx.fetch(
                f"SELECT {_COLUMNS} FROM mg_messages{clause} ORDER BY created DESC, id DESC LIMIT ? OFFSET ?",
                *args,
                int(limit),
                int(offset),
            )
        return [_message(r) for r in rows], int(total[0]["n"])

    async def nodes(self) -> list[dict[str, Any]]:
        async with self.backend.transaction() as tx:
            rows: list[dict[str, Any]] = await tx.fetch(
                "SELECT node, heartbeat, pid, listen, started FROM mg_nodes ORDER BY node"
            )
        return rows


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _message(row: dict[str, Any]) -> StoredMessage:
    values = dict(row)
    for name in _JSON_FIELDS:
        loaded = json.loads(values[name])
        values[name] = tuple(loaded) if name in _TUPLE_FIELDS else loaded
    if values.get("data") is not None:
        values["data"] = bytes(values["data"])
    for name in ("created", "updated", "release_at", "next_attempt"):
        values[name] = float(values[name])
    return StoredMessage(**values)
