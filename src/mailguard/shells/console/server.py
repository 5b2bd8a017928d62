"""Running the console: uvicorn on the gateway's event loop, beside the SMTP listener.

One process and one loop for both means a release from the browser goes through the same
store connection and wakes the same relay as the SMTP side (no second writer to coordinate,
no polling delay). uvicorn's own signal handling is switched off: the gateway owns SIGTERM
and stops the console with everything else. The access log is off too: request lines carry
notice links, which are credentials; the console writes its own events to the gateway log.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable, Iterator

import uvicorn

from mailguard.errors import MailguardError
from mailguard.policy import load_policy
from mailguard.shells.console.app import Console, create_app
from mailguard.shells.console.config import ConsoleConfig
from mailguard.shells.console.links import Links
from mailguard.shells.gateway.actions import Actions
from mailguard.shells.gateway.config import GatewayConfig
from mailguard.shells.gateway.log import Log
from mailguard.shells.gateway.store import Store
from mailguard.shells.userdata import with_secret


class ConsoleUnavailable(MailguardError):
    exit_code = 4


def links_for(gateway: GatewayConfig, console: ConsoleConfig) -> Links:
    """The signer for notice links (the notices and the pages must use the same key)."""
    ttl = console.link_ttl_seconds or gateway.hold_expire_seconds
    return Links(console.secret(gateway.database), ttl, console.url)


def build_console(
    gateway: GatewayConfig,
    config: ConsoleConfig,
    store: Store,
    actions: Actions,
    log: Log,
    wake: Callable[[], None] = lambda: None,
) -> Console:
    return Console(
        gateway=gateway,
        config=config,
        store=store,
        actions=actions,
        policy=with_secret(load_policy(gateway.policy_path)),
        links=links_for(gateway, config),
        log=log,
        wake=wake,
    )


class _Server(uvicorn.Server):
    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield  # the gateway handles signals and stops us


class ConsoleServer:
    def __init__(self, console: Console) -> None:
        app = create_app(console, console.config.secret(console.gateway.database))
        self.config = console.config
        self.server = _Server(
            uvicorn.Config(
                app,
                host=console.config.host,
                port=console.config.port,
                access_log=False,
                log_level="warning",
                lifespan="off",
                proxy_headers=False,
                server_header=False,
            )
        )
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        """Listen, or raise :class:`ConsoleUnavailable` (the port is taken, say)."""
        self._task = asyncio.create_task(self._serve())
        while not self.server.started:
            if self._task.done():
                self._task.result()
                raise ConsoleUnavailable(f"the console cannot listen on {self.config.host}:{self.config.port}")
            await asyncio.sleep(0.02)

    async def _serve(self) -> None:
        try:
            await self.server.serve()
        except SystemExit as exc:  # uvicorn exits when it cannot bind
            raise ConsoleUnavailable(f"the console cannot listen on {self.config.host}:{self.config.port}") from exc

    async def stop(self) -> None:
        self.server.should_exit = True
        if self._task is not None:
            with contextlib.suppress(ConsoleUnavailable):
                await self._task
