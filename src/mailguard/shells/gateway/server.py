"""``mailguard gateway serve``: the SMTP listener, the relay and housekeeping in one process.

Start: open the store (creating the schema), reconcile this node's interrupted deliveries,
start the check workers, then listen. Stop (SIGTERM/SIGINT): refuse new transactions with
``421``, let the sessions in flight finish (``shutdown_timeout_seconds``), let the relay
finish the deliveries it started, then close the store. Nothing acknowledged is lost by
stopping: it is in the store, and the next start relays it.
"""

from __future__ import annotations

import asyncio
import os
import signal
import ssl
import time
from typing import Any

from mailguard.shells.gateway.actions import Actions
from mailguard.shells.gateway.checking import CheckPool
from mailguard.shells.gateway.config import GatewayConfig
from mailguard.shells.gateway.log import Log
from mailguard.shells.gateway.relay import Relay
from mailguard.shells.gateway.smtp_in import GatewaySMTP, Handler, UsersFile
from mailguard.shells.gateway.store import Store


def serve(config: GatewayConfig) -> None:
    asyncio.run(run(config))


async def run(config: GatewayConfig, ready: asyncio.Event | None = None, stop: asyncio.Event | None = None) -> None:
    log = Log.to(config.log)
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    store = Store(config.database)
    await store.open()
    actions = Actions(store, config)
    relay = Relay(store, actions, config, log)
    await relay.recover()
    checks = CheckPool(config.policy_path, config.check_workers, config.check_timeout_seconds)
    await loop.run_in_executor(None, checks.warm)
    handler = Handler(config, store, actions, checks, log, relay.wake)
    server = await loop.create_server(
        lambda: GatewaySMTP(handler, **_smtp_options(config)), config.listen.host, config.listen.port
    )
    await store.heartbeat(config.node, os.getpid(), str(config.listen), time.time())
    console = await _start_console(config, store, actions, log, relay)
    relay_task = asyncio.create_task(relay.run())
    log.write("started", node=config.node, listen=str(config.listen), upstream=str(config.upstream), pid=os.getpid())
    if ready is not None:
        ready.set()
    try:
        await stop.wait()
    finally:
        log.write("stopping", node=config.node, sessions=len(handler.sessions))
        handler.draining = True
        server.close()
        if console is not None:
            await console.stop()
        await _drain(handler, config.shutdown_timeout_seconds)
        relay.stop()
        await relay_task
        checks.shutdown()
        await store.close()
        log.write("stopped", node=config.node)


async def _start_console(config: GatewayConfig, store: Store, actions: Actions, log: Log, relay: Relay) -> Any:
    """The web console on its own port, on this loop and this store (``console:`` in the config)."""
    if config.console is None:
        return None
    from mailguard.shells.console.server import ConsoleServer, build_console

    console = ConsoleServer(build_console(config, config.console, store, actions, log, relay.wake.set))
    await console.start()
    log.write("console_started", listen=f"{config.console.host}:{config.console.port}")
    return console


async def _drain(handler: Handler, timeout: float) -> None:
    """Wait for sessions in flight (a DATA being checked and stored finishes and is answered)."""
    deadline = time.monotonic() + timeout
    while handler.sessions and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
    for session in list(handler.sessions):
        if session.transport is not None:
            session.transport.close()


def _smtp_options(config: GatewayConfig) -> dict[str, Any]:
    options: dict[str, Any] = {
        "data_size_limit": config.max_message_size,
        "hostname": config.hostname,
        "ident": "mailguard",
        "enable_SMTPUTF8": True,
        "decode_data": False,
        "timeout": 300,
    }
    if config.tls_cert is not None and config.tls_key is not None:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(config.tls_cert, config.tls_key)
        options["tls_context"] = context
        options["require_starttls"] = config.require_starttls
    if config.auth_users_file is not None:
        options["authenticator"] = UsersFile(config.auth_users_file)
        options["auth_required"] = config.auth_required
        options["auth_require_tls"] = config.tls_cert is not None
    return options
