"""Parts for the console tests: a gateway process with its web console, a policy that holds,
asks for approval and blocks, the messages that trigger each, and the links from notices.

The gateway and its sink come from tests/gateway_parts.py (a real ``mailguard gateway serve``
process and an aiosmtpd upstream); links are read from the notice mails the sink receives,
as the sender would read them.
"""

from __future__ import annotations

import io
import re
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from gateway_parts import Gateway, Sink, wait_until
from mailguard.shells.console.auth import hash_password

SENDER = "tanaka@example-city.lg.jp"
INTERNAL = "suzuki@example-city.lg.jp"
KACHO = "kacho@example-city.lg.jp"  # an approver
SAKURA = "office@sakura-kai-example.or.jp"
MIDORI = "info@midori-en-example.or.jp"
HIKARI = "contact@hikari-npo-example.org"  # no mail exchanged before: MG303
WATCHED = "kouhou@watch-example.or.jp"  # on the watched list: MG105, needs approval
ADMIN, ADMIN_PASSWORD = "admin", "correct horse battery staple"

POLICY = """\
version: 1
internal_domains: [example-city.lg.jp]
known_domains: [sakura-kai-example.or.jp, midori-en-example.or.jp, watch-example.or.jp]
watched_recipients: ["*@watch-example.or.jp"]
approval:
  required_for: [MG105]
  approvers:
    kacho: {key: "ed25519:hGAxDsZSkJ6aJtiOfsaPzMHXl+mGOev4xGcBFQkeFac=", addresses: [kacho@example-city.lg.jp]}
"""


def pdf() -> bytes:
    """A real one-page PDF (reportlab), so the attachment is read, not reported unreadable."""
    import io

    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    page = canvas.Canvas(out)
    page.drawString(72, 720, "Meeting agenda, 8 December")
    page.save()
    return out.getvalue()


def message(to: list[str], cc: list[str] = (), subject: str = "打ち合わせの件", attach: bool = False) -> bytes:  # type: ignore[assignment]
    boundary = "mg-console-test"
    lines = [f"From: 田中 太郎 <{SENDER}>", "To: " + ", ".join(to)]
    if cc:
        lines.append("Cc: " + ", ".join(cc))
    lines += [
        f"Subject: {subject}",
        "Date: Tue, 1 Dec 2026 09:00:00 +0900",
        f"Message-ID: <{time.monotonic_ns()}@example-city.lg.jp>",
        "MIME-Version: 1.0",
    ]
    text = "各位\r\n\r\n来週の打ち合わせの資料をお送りします。\r\nご確認をお願いいたします。\r\n\r\n田中\r\n"
    if not attach:
        lines += ["Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: 8bit", "", text]
        return "\r\n".join(lines).encode("utf-8")
    import base64

    lines += [
        f'Content-Type: multipart/mixed; boundary="{boundary}"',
        "",
        f"--{boundary}",
        "Content-Type: text/plain; charset=utf-8",
        "Content-Transfer-Encoding: 8bit",
        "",
        text,
        f"--{boundary}",
        'Content-Type: application/pdf; name="shiryou.pdf"',
        'Content-Disposition: attachment; filename="shiryou.pdf"',
        "Content-Transfer-Encoding: base64",
        "",
        base64.encodebytes(pdf()).decode().replace("\n", "\r\n"),
        f"--{boundary}--",
        "",
    ]
    return "\r\n".join(lines).encode("utf-8")


def console_gateway(directory: Path, sink: Sink, **settings: Any) -> Gateway:
    (directory / "mailguard.yaml").write_text(POLICY, encoding="utf-8")
    port = settings.pop("console_port", None)
    from gateway_parts import free_port

    port = port or free_port()
    console = {
        "listen": f"127.0.0.1:{port}",
        "secret_file": str(directory / "console.key"),
        "secure_cookies": False,  # plain http on loopback in the tests
        "accounts": [
            {"user": ADMIN, "password": hash_password(ADMIN_PASSWORD), "roles": ["admin", "approver"]},
            {"user": "kacho", "password": hash_password("kacho-password"), "roles": ["approver"]},
        ],
        **settings.pop("console", {}),
    }
    gateway = Gateway(
        directory,
        sink.port,
        policy=str(directory / "mailguard.yaml"),
        block_action="hold",
        notices={"from": "mailguard@example-city.lg.jp", "approvers": [KACHO, SENDER]},
        console=console,
        **settings,
    )
    gateway.console_url = f"http://127.0.0.1:{port}"  # type: ignore[attr-defined]
    return gateway


_LINK = re.compile(r"https?://[^\s]+/m/[A-Za-z0-9_.\-]+")


def notice_link(sink: Sink, message_id: str, kind: str = "held", to: str = SENDER) -> str:
    """The console link in the notice of ``kind`` about ``message_id`` sent to ``to``."""

    def find() -> str | None:
        for notice in sink.messages("notice"):
            header = str(notice.message.get("X-Mailguard-Notice", ""))
            if header == f"{kind}; id={message_id}" and to in notice.rcpts:
                body = notice.message.get_body(("plain",))
                found = _LINK.search(body.get_content() if body else "")
                if found:
                    return found.group(0)
        return None

    return str(wait_until(find, 30, f"the {kind} notice for {to}"))


def submit(gateway: Gateway, data: bytes, rcpts: list[str], state: str = "held") -> str:
    """Send through the gateway; the id of the message once it is in ``state``."""
    before = {m["id"] for m in gateway.listing()}
    code, text = gateway.send(data, rcpts)
    assert code == 250, text

    def arrived() -> str | None:
        fresh = [m for m in gateway.listing(state) if m["id"] not in before]
        return str(fresh[0]["id"]) if fresh else None

    return str(wait_until(arrived, 30, f"a {state} message"))


class LocalConsole:
    """The console app in this process, on a real SQLite queue, with a clock the test moves.

    For what a gateway process cannot show without sleeping: the countdown before the final
    yes (the console's injected clock), and queues of thousands of messages (inserted straight
    into the store, as the SMTP side would, without checking each one through SMTP)."""

    def __init__(self, directory: Path, policy: str = POLICY, **console: Any) -> None:
        from mailguard.policy import load_policy
        from mailguard.shells.gateway.config import config_from_mapping

        (directory / "mailguard.yaml").write_text(policy, encoding="utf-8")
        self.config = config_from_mapping(
            {
                "listen": "127.0.0.1:1",
                "upstream": "127.0.0.1:2",
                "database": f"sqlite://{directory / 'q.db'}",
                "policy": str(directory / "mailguard.yaml"),
                "notices": {"from": "mailguard@example-city.lg.jp", "approvers": [KACHO, SENDER]},
                "console": {"secure_cookies": False, "secret_file": str(directory / "console.key"), **console},
            },
            "gateway.yaml",
            directory,
        )
        self.policy = load_policy(directory / "mailguard.yaml")
        self.now = 1_800_000_000.0
        self.made: dict[str, Any] = {}  # what hold() stored, by id

    def clock(self) -> float:
        return self.now

    async def __aenter__(self) -> LocalConsole:
        from mailguard.shells.console.app import Console, create_app
        from mailguard.shells.console.server import links_for
        from mailguard.shells.gateway.actions import Actions
        from mailguard.shells.gateway.log import Log
        from mailguard.shells.gateway.store import Store

        console_config = self.config.console
        assert console_config is not None
        self.store = await Store(self.config.database, clock=self.clock).__aenter__()
        self.links = links_for(self.config, console_config)
        self.console = Console(
            self.config,
            console_config,
            self.store,
            Actions(self.store, self.config, clock=self.clock),
            self.policy,
            self.links,
            Log(io.StringIO()),
            clock=self.clock,
        )
        self.app = create_app(self.console, console_config.secret(self.config.database))
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.store.close()

    def client(self, **headers: str) -> Any:
        import httpx

        transport = httpx.ASGITransport(app=self.app, client=("127.0.0.1", 50000))
        return httpx.AsyncClient(transport=transport, base_url="http://console.test", headers=headers)

    async def hold(self, data: bytes, rcpts: list[str], **changes: Any) -> Any:
        """Check ``data`` as the gateway does and store it held (or blocked); the stored message."""
        from mailguard.shells.gateway.checking import summarise
        from mailguard.shells.gateway.store import NewMessage

        checked = summarise(data, rcpts, self.policy)
        state = "blocked" if checked.verdict == "block" else "held"
        message = NewMessage(
            kind="mail",
            state=state,
            verdict=checked.verdict,
            findings=checked.findings,
            identity=checked.identity,
            mail_from=SENDER,
            rcpts=tuple(rcpts),
            summary=checked.summary,
            data=data,
            reason=f"{checked.verdict}: {' '.join(checked.rules())}",
            needs_approval=checked.needs_approval,
            **changes,
        )
        self.made[message.id] = message
        return await self.store.insert(message)

    def link(self, message: Any, role: str = "s", approver: int | None = None) -> str:
        return "/m/" + self.links.token(message, role, approver)

    async def copies(self, template: Any, count: int, per_second: int = 1000) -> None:
        """``count`` more messages like ``template`` (one :meth:`hold` made: its bytes and
        findings, new ids), ``per_second`` of them created in the same second (ties the queue
        must order stably)."""
        from mailguard.shells.gateway.store import new_id

        made = self.made[template.id]
        for start in range(0, count, per_second):
            batch = [replace(made, id=new_id()) for _ in range(min(per_second, count - start))]
            await self.store.insert(batch[0], batch[1:])
            self.now += 1
