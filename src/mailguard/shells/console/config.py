"""The ``console:`` section of ``gateway.yaml``, validated as strictly as the rest of it.

```yaml
console:
  listen: 127.0.0.1:8025
  base_url: https://mail-check.example-city.lg.jp   # what notice links start with
  secret_file: /var/lib/mailguard/console.key       # signs links and cookies (created if absent)
  link_ttl_seconds: 259200                           # default: the hold expiry
  secure_cookies: true                               # false only for plain-http tests on loopback
  trusted_header: X-Remote-User                      # optional: user name from the SSO proxy ...
  trusted_proxies: [127.0.0.1/32]                    # ... only when the request comes from these
  accounts:
    - {user: admin, password: "$argon2id$v=19$...", roles: [admin, approver]}
    - {user: kacho, roles: [approver]}               # no password: signs in through the proxy only
```

An unknown key or a wrong type names the key, because a typo must never switch a protection
off (a misspelt ``trusted_proxies`` that fell back to "anyone" would let any client name itself).
"""

from __future__ import annotations

import ipaddress
import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mailguard.errors import InputError, PolicyError
from mailguard.files import read_regular
from mailguard.findings import Reason, reason

ROLES = ("admin", "approver")
_SECRETS: dict[Path, bytes] = {}


class ConsoleConfigError(PolicyError):
    """The console section cannot be used as written (exit status 4)."""


KEY_LIMIT = 4096  # a key file is 64 hex digits; anything far larger is not one


@dataclass(frozen=True)
class Account:
    user: str
    password_hash: str | None
    roles: tuple[str, ...]


@dataclass(frozen=True)
class ConsoleConfig:
    host: str = "127.0.0.1"
    port: int = 8025
    base_url: str = ""
    secret_file: Path | None = None
    link_ttl_seconds: float | None = None
    secure_cookies: bool = True
    trusted_header: str | None = None
    trusted_proxies: tuple[str, ...] = ()
    accounts: tuple[Account, ...] = ()
    session_seconds: float = 8 * 3600.0
    login_attempts: int = 5
    login_window_seconds: float = 900.0

    @property
    def url(self) -> str:
        return (self.base_url or f"http://{self.host}:{self.port}").rstrip("/")

    def account(self, user: str) -> Account | None:
        return next((a for a in self.accounts if a.user == user), None)

    def trusts_proxy(self, address: str | None) -> bool:
        if not self.trusted_header or not address:
            return False
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            return False
        return any(ip in ipaddress.ip_network(net, strict=False) for net in self.trusted_proxies)

    def secret(self, beside: str) -> bytes:
        """The signing key: ``secret_file`` (created with mode 0600 when absent), else a file
        beside an SQLite queue. Several nodes on one PostgreSQL queue must share one file."""
        path = self.secret_file
        if path is None:
            if not beside.startswith("sqlite://"):
                raise _fail("console", "secret_file", reason("error.console.secret_needed"))
            path = Path(beside.removeprefix("sqlite://") + ".console-key")
        if path in _SECRETS:
            return _SECRETS[path]
        try:
            data = read_regular(path, KEY_LIMIT, "console_key", missing=_MISSING)
        except InputError as exc:
            if exc.reason != _MISSING:  # a FIFO, a directory, a dangling link, too large: refused
                raise ConsoleConfigError(str(path), exc.reason) from exc
            data = secrets.token_hex(32).encode()
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
        except OSError as exc:
            raise ConsoleConfigError(
                str(path), reason("error.console.key_unreadable", detail=type(exc).__name__)
            ) from exc
        if len(data.strip()) < 32:
            raise ConsoleConfigError(str(path), reason("error.console.key_short"))
        _SECRETS[path] = data.strip()
        return _SECRETS[path]


_KEYS = {
    "listen",
    "base_url",
    "secret_file",
    "link_ttl_seconds",
    "secure_cookies",
    "trusted_header",
    "trusted_proxies",
    "accounts",
    "session_seconds",
    "login_attempts",
    "login_window_seconds",
}


_MISSING = reason("error.file.not_found", what=reason("error.kind.console_key"))  # made on first use


def _fail(source: str, key: str, problem: Reason) -> ConsoleConfigError:
    """What is wrong with one key of ``console:``: "console.key: problem"."""
    return ConsoleConfigError(source, reason("error.config.key", key=f"console.{key}", problem=problem))


def console_config(data: Any, source: str, base_dir: Path) -> ConsoleConfig:
    """Validate the ``console:`` mapping (``source`` names the file in every error)."""
    if not isinstance(data, Mapping):
        raise ConsoleConfigError(source, reason("error.console.not_mapping"))
    for key in data:
        if key not in _KEYS:
            raise _fail(source, str(key), reason("error.config.unknown_key", known=tuple(sorted(_KEYS))))
    values: dict[str, Any] = {}
    if "listen" in data:
        values["host"], values["port"] = _listen(data["listen"], source)
    for key in ("base_url", "trusted_header"):
        if key in data:
            values[key] = _string(data[key], source, key)
    if "secret_file" in data:
        path = Path(_string(data["secret_file"], source, "secret_file")).expanduser()
        values["secret_file"] = path if path.is_absolute() else base_dir / path
    for key in ("link_ttl_seconds", "session_seconds", "login_window_seconds"):
        if key in data:
            values[key] = _seconds(data[key], source, key)
    if "login_attempts" in data:
        value = data["login_attempts"]
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise _fail(source, "login_attempts", reason("error.console.at_least_one"))
        values["login_attempts"] = value
    if "secure_cookies" in data:
        if not isinstance(data["secure_cookies"], bool):
            raise _fail(source, "secure_cookies", reason("error.console.bool"))
        values["secure_cookies"] = data["secure_cookies"]
    if "trusted_proxies" in data:
        values["trusted_proxies"] = _networks(data["trusted_proxies"], source)
    if "accounts" in data:
        values["accounts"] = _accounts(data["accounts"], source)
    config = ConsoleConfig(**values)
    if config.trusted_header and not config.trusted_proxies:
        raise _fail(source, "trusted_proxies", reason("error.console.proxies_needed"))
    return config


def _string(value: Any, source: str, key: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _fail(source, key, reason("error.console.string"))
    return value.strip()


def _seconds(value: Any, source: str, key: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        raise _fail(source, key, reason("error.console.seconds"))
    return float(value)


def _listen(value: Any, source: str) -> tuple[str, int]:
    host, sep, port = str(value).strip().rpartition(":")
    if not sep or not port.isdigit() or not 0 < int(port) < 65536:
        raise _fail(source, "listen", reason("error.config.host_port", value=repr(value), example="127.0.0.1:8025"))
    return host.strip("[]") or "127.0.0.1", int(port)


def _networks(value: Any, source: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _fail(source, "trusted_proxies", reason("error.console.networks"))
    for item in value:
        try:
            ipaddress.ip_network(item, strict=False)
        except ValueError as exc:
            raise _fail(source, "trusted_proxies", reason("error.config.network", value=repr(item))) from exc
    return tuple(value)


def _accounts(value: Any, source: str) -> tuple[Account, ...]:
    if not isinstance(value, list):
        raise _fail(source, "accounts", reason("error.console.accounts", shape="{user, password, roles}"))
    accounts = []
    for index, item in enumerate(value):
        where = f"accounts[{index}]"
        if not isinstance(item, Mapping) or set(item) - {"user", "password", "roles"} or "user" not in item:
            raise _fail(source, where, reason("error.console.account"))
        password = item.get("password")
        if password is not None and (not isinstance(password, str) or not password.startswith("$argon2")):
            raise _fail(source, f"{where}.password", reason("error.console.password"))
        roles = item.get("roles", ["admin"])
        if not isinstance(roles, list) or not roles or any(r not in ROLES for r in roles):
            raise _fail(source, f"{where}.roles", reason("error.console.roles", roles=tuple(ROLES)))
        accounts.append(Account(_string(item["user"], source, f"{where}.user"), password, tuple(roles)))
    if len({a.user for a in accounts}) != len(accounts):
        raise _fail(source, "accounts", reason("error.console.user_twice"))
    return tuple(accounts)
