"""``gateway.yaml``: validated as strictly as the policy.

An unknown key, a wrong type or an impossible value is an error naming the key and the file,
because a typo in a mail gateway's configuration must never silently switch a protection off
(a misspelt ``block_action`` that fell back to a default would relay blocked mail).

Only ``listen`` and ``upstream`` are required: everything else has the default an operator
expects (SQLite in the user's data directory, the shipped policy, hold on confirm, reject on
block, expiry after three days).
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mailguard.errors import PolicyError
from mailguard.findings import Reason, reason
from mailguard.shells.console.config import ConsoleConfig, console_config


class ConfigError(PolicyError):
    """The gateway configuration cannot be read or does not validate (exit status 4)."""


@dataclass(frozen=True, slots=True)
class HostPort:
    host: str
    port: int

    def __str__(self) -> str:
        return f"[{self.host}]:{self.port}" if ":" in self.host else f"{self.host}:{self.port}"


@dataclass(frozen=True)
class RelayConfig:
    """How mail leaves: retries with exponential backoff, then a bounce."""

    retry_base_seconds: float = 60.0
    retry_max_seconds: float = 3600.0
    max_lifetime_seconds: float = 5 * 86400.0  # Postfix's maximal_queue_lifetime
    timeout_seconds: float = 60.0
    workers: int = 4
    lease_seconds: float = 300.0
    poll_seconds: float = 1.0
    starttls: bool = False
    user: str | None = None
    password_env: str | None = None


@dataclass(frozen=True)
class NoticeConfig:
    enabled: bool = True
    sender: str = ""  # From: of notices; empty means postmaster@<hostname>
    approvers: tuple[str, ...] = ()
    lang: str = "both"
    console_url: str | None = None


@dataclass(frozen=True)
class GatewayConfig:
    source: str
    listen: HostPort
    upstream: HostPort
    database: str
    policy_path: Path | None = None
    node: str = field(default_factory=socket.gethostname)
    hostname: str = field(default_factory=socket.getfqdn)
    max_message_size: int = 25 * 1024 * 1024
    max_recipients: int = 1000
    block_action: str = "reject"
    hold_internal: bool = False
    hold_expire_seconds: float = 3 * 86400.0
    release_delay_seconds: float = 0.0
    bcc_to: str = "sender"
    check_workers: int = 2
    check_timeout_seconds: float = 120.0
    shutdown_timeout_seconds: float = 30.0
    tls_cert: Path | None = None
    tls_key: Path | None = None
    require_starttls: bool = False
    auth_users_file: Path | None = None
    auth_required: bool = False
    trusted_clients: tuple[str, ...] = ("127.0.0.0/8", "::1/128")
    log: str = "-"
    relay: RelayConfig = field(default_factory=RelayConfig)
    notices: NoticeConfig = field(default_factory=NoticeConfig)
    console: ConsoleConfig | None = None  # the web console (its own port); off when absent

    @property
    def notice_sender(self) -> str:
        return self.notices.sender or f"postmaster@{self.hostname}"

    def trusts(self, address: str) -> bool:
        """May this client send XCLIENT/XFORWARD (an MTA of ours, not a mail client)?"""
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            return False
        return any(ip in ipaddress.ip_network(net, strict=False) for net in self.trusted_clients)


def default_database() -> str:
    """SQLite in the user's data directory (platformdirs), for a config with only listen/upstream."""
    import platformdirs

    return f"sqlite://{Path(platformdirs.user_data_dir('mailguard')) / 'gateway.db'}"


def load_config(path: Path) -> GatewayConfig:
    """Read like a policy: a regular file only, capped (``files.read_config_text``), YAML
    with duplicate keys and aliases refused (``safe_yaml``), errors naming file and line."""
    from mailguard import safe_yaml
    from mailguard.errors import InputError
    from mailguard.files import read_config_text

    try:
        text = read_config_text(path, "gateway_config")
    except InputError as exc:
        raise ConfigError(str(path), exc.reason) from exc
    try:
        data = safe_yaml.load(text, str(path))
    except PolicyError as exc:
        raise ConfigError(str(path), exc.reason) from exc
    if not isinstance(data, dict):
        raise ConfigError(str(path), reason("error.config.gateway_not_mapping"))
    return config_from_mapping(data, str(path), path.parent)


def config_from_mapping(data: Mapping[str, Any], source: str, base_dir: Path) -> GatewayConfig:
    _check(data, _SPEC, source, "")
    for required in ("listen", "upstream"):
        if required not in data:
            raise _fail(source, required, reason("error.config.required_host_port"))
    values: dict[str, Any] = {
        "source": source,
        "listen": _host_port(data["listen"], source, "listen"),
        "upstream": _host_port(data["upstream"], source, "upstream"),
        "database": _database(data.get("database"), base_dir, source),
    }
    for key in _PATHS:
        if data.get(key) is not None:
            values[_RENAMED.get(key, key)] = _relative(str(data[key]), base_dir)
    for key in _SCALARS:
        if key in data:
            values[key] = tuple(data[key]) if isinstance(data[key], list) else data[key]
    if "relay" in data:
        relay: dict[str, Any] = {k: float(v) if _FLOATS.get(k) else v for k, v in data["relay"].items()}
        values["relay"] = RelayConfig(**relay)
    if "notices" in data:
        notices = dict(data["notices"])
        if "from" in notices:
            notices["sender"] = notices.pop("from")
        if "approvers" in notices:
            notices["approvers"] = tuple(notices["approvers"])
        values["notices"] = NoticeConfig(**notices)
    if "console" in data:
        values["console"] = console_config(data["console"], source, base_dir)
    config = GatewayConfig(**values)
    if (config.tls_cert is None) != (config.tls_key is None):
        raise ConfigError(source, reason("error.config.tls_pair"))
    if config.require_starttls and config.tls_cert is None:
        raise _fail(source, "require_starttls", reason("error.config.starttls_needs_tls"))
    if config.auth_required and config.auth_users_file is None:
        raise _fail(source, "auth_required", reason("error.config.auth_needs_users"))
    return config


# ---------------------------------------------------------------- validation

Check = Callable[[Any, str, str], None]


def _fail(source: str, key: str, problem: Reason) -> ConfigError:
    """What is wrong with one key of the configuration: "key: problem"."""
    return ConfigError(source, reason("error.config.key", key=key, problem=problem))


def _type(kind: type | tuple[type, ...], label: str) -> Check:
    """``label``: what the value must be, an ``error.config.type.*`` code."""
    what = reason(f"error.config.type.{label}")

    def check(value: Any, source: str, key: str) -> None:
        if isinstance(value, bool) and bool not in (kind if isinstance(kind, tuple) else (kind,)):
            raise _fail(source, key, reason("error.config.not_boolean", what=what))
        if not isinstance(value, kind):
            raise _fail(source, key, reason("error.config.wrong_type", what=what, type=type(value).__name__))

    return check


def _positive(kind: type | tuple[type, ...], label: str, zero: bool = False) -> Check:
    base = _type(kind, label)

    def check(value: Any, source: str, key: str) -> None:
        base(value, source, key)
        if value < 0 or (value == 0 and not zero):
            raise _fail(source, key, reason("error.config.zero_or_more" if zero else "error.config.more_than_zero"))

    return check


def _choice(*choices: str) -> Check:
    def check(value: Any, source: str, key: str) -> None:
        if value not in choices:
            raise _fail(source, key, reason("error.config.choice", choices=choices, value=repr(value)))

    return check


def _str_list(value: Any, source: str, key: str) -> None:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _fail(source, key, reason("error.config.str_list"))


def _networks(value: Any, source: str, key: str) -> None:
    _str_list(value, source, key)
    for item in value:
        try:
            ipaddress.ip_network(item, strict=False)
        except ValueError as exc:
            raise _fail(source, key, reason("error.config.network", value=repr(item))) from exc


def _section(spec: Mapping[str, Check]) -> Check:
    def check(value: Any, source: str, key: str) -> None:
        if not isinstance(value, dict):
            raise _fail(source, key, reason("error.config.mapping"))
        _check(value, spec, source, f"{key}.")

    return check


def _check(data: Mapping[str, Any], spec: Mapping[str, Check], source: str, prefix: str) -> None:
    for key, value in data.items():
        if key not in spec:
            raise _fail(source, f"{prefix}{key}", reason("error.config.unknown_key", known=tuple(sorted(spec))))
        spec[key](value, source, f"{prefix}{key}")


_STR = _type(str, "string")
_BOOL = _type(bool, "bool")
_SECONDS = _positive((int, float), "seconds", zero=True)
_COUNT = _positive(int, "whole")
_NUMBER = (int, float)

_SPEC: dict[str, Check] = {
    "listen": _type((str, int), "host_port"),
    "upstream": _type((str, int), "host_port"),
    "database": _STR,
    "policy": _STR,
    "node": _STR,
    "hostname": _STR,
    "max_message_size": _COUNT,
    "max_recipients": _COUNT,
    "block_action": _choice("reject", "hold"),
    "hold_internal": _BOOL,
    "hold_expire_seconds": _positive(_NUMBER, "seconds"),
    "release_delay_seconds": _SECONDS,
    "bcc_to": _choice("sender", "undisclosed"),
    "check_workers": _COUNT,
    "check_timeout_seconds": _positive(_NUMBER, "seconds"),
    "shutdown_timeout_seconds": _SECONDS,
    "tls_cert": _STR,
    "tls_key": _STR,
    "require_starttls": _BOOL,
    "auth_users_file": _STR,
    "auth_required": _BOOL,
    "trusted_clients": _networks,
    "log": _STR,
    "relay": _section(
        {
            "retry_base_seconds": _positive(_NUMBER, "seconds"),
            "retry_max_seconds": _positive(_NUMBER, "seconds"),
            "max_lifetime_seconds": _positive(_NUMBER, "seconds"),
            "timeout_seconds": _positive(_NUMBER, "seconds"),
            "workers": _COUNT,
            "lease_seconds": _positive(_NUMBER, "seconds"),
            "poll_seconds": _positive(_NUMBER, "seconds"),
            "starttls": _BOOL,
            "user": _STR,
            "password_env": _STR,
        }
    ),
    "notices": _section(
        {
            "enabled": _BOOL,
            "from": _STR,
            "approvers": _str_list,
            "lang": _choice("both", "ja", "en"),
            "console_url": _STR,
        }
    ),
    "console": lambda value, source, key: None,  # validated by console_config, key by key
}
_PATHS = ("policy", "tls_cert", "tls_key", "auth_users_file")
_RENAMED = {"policy": "policy_path"}
_SCALARS = tuple(
    k for k in _SPEC if k not in (*_PATHS, "listen", "upstream", "database", "relay", "notices", "console")
)
_FLOATS = {k: True for k in RelayConfig.__dataclass_fields__ if k.endswith("_seconds")}


def _host_port(value: Any, source: str, key: str) -> HostPort:
    text = str(value).strip()
    host, sep, port = text.rpartition(":")
    if not sep:
        host, port = "127.0.0.1", text
    host = host.strip("[]") or "127.0.0.1"
    if not port.isdigit() or not 0 < int(port) < 65536:
        raise _fail(source, key, reason("error.config.host_port", value=repr(text), example="127.0.0.1:10025"))
    return HostPort(host, int(port))


def _relative(value: str, base_dir: Path) -> Path:
    path = Path(value).expanduser()
    return path if path.is_absolute() else base_dir / path


def _database(value: str | None, base_dir: Path, source: str) -> str:
    """``sqlite:///abs/path``, ``sqlite://relative.db`` (beside the config) or ``postgresql://...``."""
    if value is None:
        return default_database()
    if value.startswith("sqlite://") and value.removeprefix("sqlite://"):
        return f"sqlite://{_relative(value.removeprefix('sqlite://'), base_dir)}"
    if value.startswith(("postgresql://", "postgres://")):
        return value
    raise _fail(source, "database", reason("error.config.database"))
