"""Real parts for the gateway tests: an aiosmtpd sink as the upstream, the gateway as a real
process (so it can be killed with SIGKILL), a private Postfix instance, a PostgreSQL server.

Everything listens on loopback only and is stopped by the test that started it.
"""

from __future__ import annotations

import asyncio
import contextlib
import email
import email.policy
import json
import os
import shutil
import signal
import smtplib
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from aiosmtpd.controller import Controller

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until(predicate: Callable[[], Any], timeout: float = 30.0, what: str = "condition") -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


@dataclass
class Received:
    mail_from: str
    rcpts: list[str]
    data: bytes

    @property
    def message(self) -> email.message.EmailMessage:
        return email.message_from_bytes(self.data, policy=email.policy.default)  # type: ignore[return-value]

    @property
    def delivery_id(self) -> str | None:
        value = self.message.get("X-Mailguard-Delivery-Id")
        return str(value) if value else None


@dataclass
class SinkHandler:
    """Records what arrives; ``refuse`` maps a recipient to a reply (per recipient results)."""

    received: list[Received] = field(default_factory=list)
    refuse: dict[str, str] = field(default_factory=dict)
    data_reply: str | None = None
    delay: float = 0.0  # seconds before answering DATA (a slow upstream)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, options: list[str]) -> str:
        if address in self.refuse:
            return self.refuse[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.data_reply:
            return self.data_reply
        with self.lock:
            self.received.append(
                Received(envelope.mail_from, list(envelope.rcpt_tos), bytes(envelope.original_content))
            )
        return "250 2.0.0 Ok: stored"

    def messages(self, kind: str = "mail") -> list[Received]:
        """Mail (kind="mail") or the gateway's notices (kind="notice")."""
        with self.lock:
            items = list(self.received)
        return [r for r in items if (r.message.get("X-Mailguard-Notice") is not None) == (kind == "notice")]


class Sink:
    def __init__(self, port: int | None = None) -> None:
        self.port = port or free_port()
        self.handler = SinkHandler()
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port, enable_SMTPUTF8=True)

    def __enter__(self) -> Sink:
        self.controller.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.controller.stop()

    def messages(self, kind: str = "mail") -> list[Received]:
        return self.handler.messages(kind)


class Gateway:
    """``mailguard gateway serve`` in its own process, with a config written for the test."""

    def __init__(self, directory: Path, upstream: int, database: str | None = None, **settings: Any) -> None:
        self.directory = directory
        self.port = settings.pop("port", None) or free_port()
        self.config_path = directory / f"gateway-{self.port}.yaml"
        self.log_path = directory / f"gateway-{self.port}.log"
        self.settings: dict[str, Any] = {
            "listen": f"127.0.0.1:{self.port}",
            "upstream": f"127.0.0.1:{upstream}",
            "database": database or f"sqlite://{directory / 'queue.db'}",
            "node": f"node-{self.port}",
            "hostname": "gateway.test",
            "log": str(self.log_path),
            "check_workers": 1,
            "relay": {"poll_seconds": 0.2, "retry_base_seconds": 0.5, "retry_max_seconds": 2},
            "notices": {"from": "mailguard@example-city.lg.jp"},
            **settings,
        }
        self.process: subprocess.Popen[bytes] | None = None

    def write_config(self) -> Path:
        self.config_path.write_text(yaml.safe_dump(self.settings), encoding="utf-8")
        return self.config_path

    def start(self) -> Gateway:
        self.write_config()
        before = sum(e["event"] == "started" for e in self.events())
        env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "MAILGUARD_USER": "operator"}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "mailguard", "gateway", "serve", "--config", str(self.config_path)],
            cwd=self.directory,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=open(self.directory / f"gateway-{self.port}.stderr", "ab"),  # noqa: SIM115
        )
        wait_until(lambda: self._started(before), 60, "the gateway to listen")
        return self

    def _started(self, before: int) -> bool:
        assert self.process is not None
        if self.process.poll() is not None:
            stderr = (self.directory / f"gateway-{self.port}.stderr").read_text(errors="replace")
            raise AssertionError(f"gateway exited with {self.process.returncode}: {stderr[-2000:]}")
        return sum(e["event"] == "started" for e in self.events()) > before

    def events(self) -> list[dict[str, Any]]:
        if not self.log_path.exists():
            return []
        return [json.loads(line) for line in self.log_path.read_text(encoding="utf-8").splitlines() if line.strip()]

    def stop(self) -> int:
        assert self.process is not None
        self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout=60)

    def kill(self) -> None:
        assert self.process is not None
        self.process.kill()
        self.process.wait(timeout=30)

    def __enter__(self) -> Gateway:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=30)

    def cli(self, *args: str, user: str = "operator") -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "MAILGUARD_USER": user, "LANG": "C.UTF-8"}
        return subprocess.run(
            [sys.executable, "-m", "mailguard", "gateway", *args, "--config", str(self.config_path)],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
            check=False,
        )

    def listing(self, *states: str) -> list[dict[str, Any]]:
        args = [a for s in states for a in ("--state", s)]
        done = self.cli("list", *args, "--json")
        assert done.returncode == 0, done.stderr
        return list(json.loads(done.stdout))

    def send(self, data: bytes, rcpts: list[str], mail_from: str = "tanaka@example-city.lg.jp") -> tuple[int, str]:
        """One SMTP transaction; the reply to DATA (or the refusal)."""
        with smtplib.SMTP("127.0.0.1", self.port, timeout=60) as client:
            try:
                client.sendmail(mail_from, rcpts, data)
            except (smtplib.SMTPDataError, smtplib.SMTPSenderRefused) as exc:
                return exc.smtp_code, exc.smtp_error.decode()
            except smtplib.SMTPRecipientsRefused as exc:
                code, text = next(iter(exc.recipients.values()))
                return code, text.decode()
            code, text = client.noop()
            return 250, "ok"


# ---------------------------------------------------------------- Postfix, private instance


def postfix_available() -> bool:
    return shutil.which("postfix") is not None and Path("/usr/sbin/postconf").exists()


class Postfix:
    """A private Postfix (``postfix -c DIR start``): loopback smtpd on ``port``, relayhost = the
    gateway. Its own queue, data and log under ``directory``; no chroot."""

    def __init__(
        self, directory: Path, relayhost: int, port: int | None = None, proxy_filter: int | None = None
    ) -> None:
        self.directory = directory
        self.proxy_filter = proxy_filter
        self.port = port or free_port()
        self.relayhost = relayhost
        self.config_dir = directory / "etc"
        self.queue_dir = directory / "spool"
        self.data_dir = directory / "lib"
        self.name = f"mgtest{self.port}"
        self.log_file = Path(f"/var/log/{self.name}.log")

    def _main_cf(self) -> str:
        return "\n".join(
            [
                "compatibility_level = 3.6",
                f"queue_directory = {self.queue_dir}",
                f"data_directory = {self.data_dir}",
                "command_directory = /usr/sbin",
                "daemon_directory = /usr/lib/postfix/sbin",
                "mail_owner = postfix",
                "setgid_group = postdrop",
                f"syslog_name = {self.name}",
                f"maillog_file = {self.log_file}",
                "maillog_file_prefixes = /var",
                "inet_interfaces = 127.0.0.1",
                "inet_protocols = ipv4",
                "myhostname = postfix.test",
                "mydestination =",
                "mynetworks = 127.0.0.0/8",
                "smtpd_relay_restrictions = permit_mynetworks, reject",
                f"relayhost = [127.0.0.1]:{self.relayhost}",
                "default_transport = smtp",
                "relay_transport = smtp",
                "smtp_send_xforward_command = yes",
                "enable_long_queue_ids = yes",
                "alias_maps =",
                "alias_database =",
                "local_recipient_maps =",
                "smtputf8_enable = no",
                # Retry quickly: the tests wait for Postfix to retry what the gateway refused.
                "queue_run_delay = 1s",
                "minimal_backoff_time = 1s",
                "maximal_backoff_time = 2s",
                "smtp_connect_timeout = 5s",
                "disable_dns_lookups = yes",
                "smtp_host_lookup = native",
                "smtp_dns_support_level = disabled",
                "biff = no",
                "",
            ]
        )

    def start(self) -> Postfix:
        for d in (self.config_dir, self.queue_dir, self.data_dir):
            d.mkdir(parents=True, exist_ok=True)
        # Postfix's daemons run as the postfix user: pytest's 0700 temporary folders must let it in.
        for parent in [self.directory, *self.directory.parents]:
            if parent == Path("/tmp") or parent == parent.parent:
                break
            parent.chmod(parent.stat().st_mode | 0o755)
        (self.config_dir / "main.cf").write_text(self._main_cf(), encoding="utf-8")
        master = Path("/etc/postfix/master.cf").read_text(encoding="utf-8")
        lines = []
        for line in master.splitlines():
            fields = line.split()
            if fields and not line.startswith((" ", "\t", "#")) and len(fields) >= 8:
                if fields[0] == "smtp" and fields[1] == "inet":
                    fields[0] = f"127.0.0.1:{self.port}"
                    if self.proxy_filter:  # before-queue: the client hears the gateway's answer
                        fields.append(f"-o smtpd_proxy_filter=127.0.0.1:{self.proxy_filter}")
                fields[4] = "n"  # no chroot
                line = " ".join(fields)
            lines.append(line)
        (self.config_dir / "master.cf").write_text("\n".join(lines) + "\n", encoding="utf-8")
        self._run("postfix", "-c", str(self.config_dir), "set-permissions")
        for attempt in range(3):  # Postfix says why only in its log; a busy machine can make start fail once
            done = subprocess.run(
                ["postfix", "-c", str(self.config_dir), "start"],
                capture_output=True,
                text=True,
                timeout=60,
                check=False,
            )
            if done.returncode == 0:
                break
            self.stop()
            time.sleep(1 + attempt)
        else:
            raise AssertionError(f"postfix start failed: {done.stdout} {done.stderr} {self.log()[-1500:]}")
        wait_until(self._listening, 30, "postfix to listen")
        return self

    def _listening(self) -> bool:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port), timeout=1):
            return True
        return False

    def _run(self, *args: str) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(args, capture_output=True, text=True, timeout=60, check=False)
        if done.returncode != 0:
            raise AssertionError(f"{' '.join(args)} failed: {done.stdout} {done.stderr}")
        return done

    def stop(self) -> None:
        subprocess.run(["postfix", "-c", str(self.config_dir), "stop"], capture_output=True, timeout=60, check=False)
        # Postfix's master leaves when told; make sure nothing of this instance survives a test.
        pid_file = self.queue_dir / "pid" / "master.pid"
        with contextlib.suppress(OSError, ValueError):
            pid = int(pid_file.read_text().strip())
            wait_until(lambda: not Path(f"/proc/{pid}").exists(), 20, "postfix master to exit")

    def __enter__(self) -> Postfix:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
        with contextlib.suppress(OSError):
            self.log_file.unlink()

    def flush(self) -> None:
        subprocess.run(["postqueue", "-c", str(self.config_dir), "-f"], capture_output=True, timeout=30, check=False)

    def queue(self) -> list[dict[str, Any]]:
        done = subprocess.run(
            ["postqueue", "-c", str(self.config_dir), "-j"], capture_output=True, text=True, timeout=30, check=False
        )
        return [json.loads(line) for line in done.stdout.splitlines() if line.strip()]

    def log(self) -> str:
        try:
            return self.log_file.read_text(errors="replace")
        except OSError:
            return ""

    def submit(self, data: bytes, rcpts: list[str], mail_from: str = "tanaka@example-city.lg.jp") -> tuple[int, str]:
        with smtplib.SMTP("127.0.0.1", self.port, timeout=60) as client:
            try:
                client.sendmail(mail_from, rcpts, data)
            except smtplib.SMTPDataError as exc:
                return exc.smtp_code, exc.smtp_error.decode()
            return 250, "ok"


@contextlib.contextmanager
def running(*parts: Any) -> Iterator[None]:
    with contextlib.ExitStack() as stack:
        for part in parts:
            stack.enter_context(part)
        yield
