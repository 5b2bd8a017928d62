"""Relaying to the upstream smart host: per-recipient results, retries, and no duplicates.

A delivery is three durable steps:

1. ``claim``: the message becomes ``relaying`` under this node's lease (phase ``claimed``);
   a crash here is harmless, the message is claimed again.
2. ``set_phase("data")`` just before DATA: from here until step 3 the upstream may have the
   message. A crash in this window cannot be resolved by asking an SMTP server, so the
   message is **held** as "delivery uncertain" (with a notice) instead of being sent again.
   The window is measured on every delivery (``window_ms`` in the ``sent`` log line: from
   the upstream's reply to the end of our commit) and in ``benchmarks/gateway.py``.
3. the outcome: ``sent`` / ``failed`` with each recipient's reply, or back to the queue with
   exponential backoff for the recipients that got a temporary error.

A 5xx for one recipient fails that recipient only, with a bounce notice to the sender; the
others are delivered. Messages older than ``relay.max_lifetime_seconds`` stop retrying.
"""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Callable
from typing import Any

import aiosmtplib

from mailguard.shells.gateway.actions import Actions, relayed_bytes
from mailguard.shells.gateway.config import GatewayConfig
from mailguard.shells.gateway.log import Log
from mailguard.shells.gateway.store import READY, StateConflict, Store, StoredMessage, StoreError

DELIVERY_HEADER = b"X-Mailguard-Delivery-Id"


class Relay:
    def __init__(self, store: Store, actions: Actions, config: GatewayConfig, log: Log) -> None:
        self.store = store
        self.actions = actions
        self.config = config
        self.log = log
        self.wake = asyncio.Event()
        self._stopping = False
        self._busy: set[asyncio.Task[None]] = set()

    async def recover(self) -> None:
        """At start: this node's deliveries that a crash interrupted (see the module docstring)."""
        for message in await self.store.stale_deliveries(self.config.node):
            await self._reconcile(message)

    async def _reconcile(self, message: StoredMessage) -> None:
        try:
            if message.phase == "data":
                await self.store.transition(
                    message.id,
                    ("relaying",),
                    "held",
                    "gateway",
                    "delivery uncertain: interrupted after DATA began; held so it is not sent twice",
                    detail={"delivery_id": message.delivery_id, "node": message.node},
                    enqueue=self.actions.notices_for(message, "uncertain"),
                    node=None,
                    lease_until=None,
                    phase=None,
                )
                self.log.event("reconciled", message, state="held", reason="delivery-uncertain")
            else:
                await self.store.transition(
                    message.id,
                    ("relaying",),
                    message.origin,
                    "gateway",
                    "interrupted before DATA: queued again",
                    node=None,
                    lease_until=None,
                    phase=None,
                )
                self.log.event("reconciled", message, state=message.origin, reason="requeued")
        except StateConflict:
            return  # another node reconciled it first

    def stop(self) -> None:
        self._stopping = True
        self.wake.set()

    async def run(self) -> None:
        """Claim due messages and deliver them until stopped; then finish what is in flight."""
        last_housekeeping = 0.0
        while not self._stopping:
            try:
                if time.monotonic() - last_housekeeping > max(self.config.relay.poll_seconds, 1.0):
                    last_housekeeping = time.monotonic()
                    await self._housekeeping()
                free = self.config.relay.workers - len(self._busy)
                claimed = (
                    await self.store.claim(self.config.node, free, self.config.relay.lease_seconds) if free else []
                )
            except StoreError as exc:
                self.log.error("store", str(exc))
                claimed = []
            for message in claimed:
                task = asyncio.create_task(self._deliver_logged(message))
                self._busy.add(task)
                task.add_done_callback(self._busy.discard)
            if claimed and len(claimed) == free:
                await asyncio.sleep(0)
                continue
            self.wake.clear()
            waiters = [asyncio.ensure_future(self.wake.wait()), *self._busy]
            await asyncio.wait(waiters, timeout=self.config.relay.poll_seconds, return_when=asyncio.FIRST_COMPLETED)
            waiters[0].cancel()
        if self._busy:
            await asyncio.wait(set(self._busy))

    async def _housekeeping(self) -> None:
        for message in await self.actions.expire_due():
            self.log.event("expired", message)
        for message in await self.store.stale_deliveries(None):
            await self._reconcile(message)
        await self.store.heartbeat(self.config.node, os.getpid(), str(self.config.listen), _STARTED)

    async def _deliver_logged(self, message: StoredMessage) -> None:
        try:
            await self.deliver(message)
        except StoreError as exc:
            self.log.error("store", str(exc), id=message.id)
        except Exception as exc:  # a defect must not kill the relay loop; the lease recovers it
            self.log.error("relay", f"{type(exc).__name__}: {exc}", id=message.id)

    async def deliver(self, message: StoredMessage) -> None:
        """Deliver one message this node has just claimed (with its bytes)."""
        if message.data is None:
            message = await self.store.get(message.id, with_data=True)
        results = {r: dict(v) for r, v in message.results.items()}
        pending = [r for r in message.rcpts if results.get(r, {}).get("status") not in ("sent", "failed")]
        attempt = _Attempt(self.config, self.store, message, results, pending)
        await attempt.run()
        await self._finish(message, results, attempt)

    async def _finish(self, message: StoredMessage, results: dict[str, dict[str, Any]], attempt: _Attempt) -> None:
        now = time.time()
        if attempt.uncertain:
            await self._reconcile_now(message, results, attempt.uncertain)
            return
        waiting = [r for r in message.rcpts if results.get(r, {}).get("status") not in ("sent", "failed")]
        too_old = now - message.created > self.config.relay.max_lifetime_seconds
        if waiting and too_old:
            for r in waiting:
                results[r] = {**results.get(r, {}), "status": "failed", "gave_up": True}
            waiting = []
        failed = [r for r in message.rcpts if results.get(r, {}).get("status") == "failed"]
        bounce = _new_failures(message, results)
        notices = self.actions.notices_for(message, "bounce", {"results": _describe(results, bounce)}) if bounce else []
        common: dict[str, Any] = {"results": results, "node": None, "lease_until": None, "phase": None}
        if waiting:
            delay = min(self.config.relay.retry_base_seconds * 2**message.attempts, self.config.relay.retry_max_seconds)
            await self.store.transition(
                message.id,
                ("relaying",),
                message.origin if message.origin in READY else "passed",
                f"node:{self.config.node}",
                f"deferred: {attempt.reason}; retry in {delay:g} s",
                detail={"pending": len(waiting)},
                enqueue=notices,
                attempts=message.attempts + 1,
                next_attempt=now + delay,
                **common,
            )
            self.log.event(
                "deferred",
                message,
                state=message.origin,
                reason=attempt.reason,
                retry_seconds=delay,
                attempts=message.attempts + 1,
            )
            return
        state = "failed" if len(failed) == len(message.rcpts) else "sent"
        await self.store.transition(
            message.id,
            ("relaying",),
            state,
            f"node:{self.config.node}",
            attempt.reason,
            detail={"delivery_id": message.delivery_id, "failed": len(failed)},
            enqueue=notices,
            attempts=message.attempts + 1,
            **common,
        )
        window = (time.perf_counter() - attempt.replied_at) * 1000 if attempt.replied_at else None
        self.log.event(
            state, message, state=state, failed=len(failed), window_ms=None if window is None else round(window, 2)
        )

    async def _reconcile_now(self, message: StoredMessage, results: dict[str, dict[str, Any]], why: str) -> None:
        await self.store.transition(
            message.id,
            ("relaying",),
            "held",
            f"node:{self.config.node}",
            f"delivery uncertain: {why}; held so it is not sent twice",
            detail={"delivery_id": message.delivery_id},
            enqueue=self.actions.notices_for(message, "uncertain"),
            results=results,
            node=None,
            lease_until=None,
            phase=None,
        )
        self.log.event("held", message, state="held", reason="delivery-uncertain")


_STARTED = time.time()


def _new_failures(message: StoredMessage, results: dict[str, dict[str, Any]]) -> list[str]:
    before = {r for r, v in message.results.items() if v.get("status") == "failed"}
    return [r for r, v in results.items() if v.get("status") == "failed" and r not in before]


def _describe(results: dict[str, dict[str, Any]], recipients: list[str]) -> str:
    return "\n".join(f"    {r}: {results[r].get('code', '')} {results[r].get('text', '')}".rstrip() for r in recipients)


class _Attempt:
    """One SMTP conversation with the upstream for the recipients still pending."""

    def __init__(
        self,
        config: GatewayConfig,
        store: Store,
        message: StoredMessage,
        results: dict[str, dict[str, Any]],
        pending: list[str],
    ) -> None:
        self.config = config
        self.store = store
        self.message = message
        self.results = results
        self.pending = pending
        self.reason = ""
        self.uncertain = ""
        self.replied_at = 0.0
        self._clock: Callable[[], float] = time.perf_counter

    def _record(self, recipients: list[str], status: str, code: int, text: str) -> None:
        for r in recipients:
            self.results[r] = {"status": status, "code": code, "text": text[:200]}

    async def run(self) -> None:
        relay = self.config.relay
        password = os.environ.get(relay.password_env, "") if relay.password_env else None
        client = aiosmtplib.SMTP(
            hostname=self.config.upstream.host,
            port=self.config.upstream.port,
            timeout=relay.timeout_seconds,
            start_tls=relay.starttls,
            local_hostname=self.config.hostname,
            username=relay.user,
            password=password if relay.user else None,
        )
        try:
            await client.connect()
        except (aiosmtplib.SMTPException, OSError, TimeoutError) as exc:
            self.reason = f"upstream unreachable ({type(exc).__name__})"
            self._record(self.pending, "pending", 0, self.reason)
            return
        try:
            await self._transaction(client)
        finally:
            try:
                await client.quit()
            except (aiosmtplib.SMTPException, OSError, TimeoutError):
                client.close()

    async def _transaction(self, client: aiosmtplib.SMTP) -> None:
        try:
            await client.mail(self.message.mail_from)
        except aiosmtplib.SMTPSenderRefused as exc:
            status = "failed" if exc.code >= 500 else "pending"
            self._record(self.pending, status, exc.code, exc.message)
            self.reason = f"sender refused: {exc.code}"
            return
        except (aiosmtplib.SMTPException, OSError, TimeoutError) as exc:
            self.reason = f"upstream dropped the connection ({type(exc).__name__})"
            return
        accepted = await self._recipients(client)
        if not accepted:
            self.reason = self.reason or "no recipient accepted"
            return
        await self.store.set_phase(self.message.id, self.config.node, "data", self.results)
        try:
            response = await client.data(_with_delivery_id(relayed_bytes(self.message), self.message.delivery_id))
        except aiosmtplib.SMTPDataError as exc:
            self.replied_at = self._clock()
            status = "failed" if exc.code >= 500 else "pending"
            self._record(accepted, status, exc.code, exc.message)
            self.reason = f"upstream answered {exc.code} to DATA"
            return
        except (aiosmtplib.SMTPException, OSError, TimeoutError) as exc:
            self.uncertain = f"the upstream connection failed during DATA ({type(exc).__name__})"
            return
        self.replied_at = self._clock()
        self._record(accepted, "sent", response.code, response.message)
        self.reason = f"upstream answered {response.code}"

    async def _recipients(self, client: aiosmtplib.SMTP) -> list[str]:
        accepted = []
        for recipient in self.pending:
            try:
                await client.rcpt(recipient)
                accepted.append(recipient)
            except aiosmtplib.SMTPRecipientRefused as exc:
                status = "failed" if exc.code >= 500 else "pending"
                self._record([recipient], status, exc.code, exc.message)
                self.reason = f"recipient refused: {exc.code}"
            except (aiosmtplib.SMTPException, OSError, TimeoutError) as exc:
                self.reason = f"upstream dropped the connection ({type(exc).__name__})"
                return []
        return accepted


def _with_delivery_id(data: bytes, delivery_id: str) -> bytes:
    newline = b"\r\n" if b"\r\n" in data[:4096] else b"\n"
    return DELIVERY_HEADER + b": <" + delivery_id.encode("ascii") + b">" + newline + data
