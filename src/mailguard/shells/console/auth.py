"""Who is asking: administrators and approvers by password or by the SSO proxy's header,
senders and approvers by the link in their notice; CSRF tokens and login rate limits.

Passwords are checked against argon2 hashes from the config (argon2-cffi); an unknown user
costs the same hash as a known one, so timing does not tell which user names exist. The
proxy's header is believed only from the addresses in ``trusted_proxies``: anyone else who
sends it is ignored, never trusted.
"""

from __future__ import annotations

import hmac
import secrets
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from mailguard.shells.console.config import ConsoleConfig

_HASHER = PasswordHasher()
_DUMMY = _HASHER.hash("mailguard-no-such-user")


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


@dataclass(frozen=True)
class Person:
    user: str
    roles: tuple[str, ...]
    via: str  # "password" | "header"

    def can(self, role: str) -> bool:
        return role in self.roles


def check_password(config: ConsoleConfig, user: str, password: str) -> Person | None:
    account = config.account(user)
    stored = account.password_hash if account is not None and account.password_hash else _DUMMY
    try:
        _HASHER.verify(stored, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return None
    if account is None or not account.password_hash:
        return None
    return Person(account.user, account.roles, "password")


def from_header(config: ConsoleConfig, client: str | None, value: str | None) -> Person | None:
    """The proxy's user, when the request came through a trusted proxy and names a known account."""
    if not value or not config.trusts_proxy(client):
        return None
    account = config.account(value.strip())
    return Person(account.user, account.roles, "header") if account is not None else None


class RateLimit:
    """At most ``attempts`` failed logins per client address and per user name in ``window``."""

    def __init__(self, attempts: int, window: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.attempts = attempts
        self.window = window
        self.clock = clock
        self._failures: dict[str, deque[float]] = {}

    def _recent(self, key: str) -> deque[float]:
        times = self._failures.get(key, deque())
        while times and times[0] < self.clock() - self.window:
            times.popleft()
        if not times:
            self._failures.pop(key, None)  # many guessed names must not grow the table for ever
        return times

    def retry_after(self, *keys: str) -> float:
        """Seconds until another attempt is allowed (0: allowed now)."""
        waits = [
            times[0] + self.window - self.clock()
            for times in (self._recent(k) for k in keys)
            if len(times) >= self.attempts
        ]
        return max(waits, default=0.0)

    def failed(self, *keys: str) -> None:
        for key in keys:
            times = self._recent(key)
            times.append(self.clock())
            self._failures[key] = times

    def succeeded(self, *keys: str) -> None:
        for key in keys:
            self._failures.pop(key, None)


def new_csrf() -> str:
    return secrets.token_urlsafe(24)


def same_token(expected: object, given: object) -> bool:
    return (
        isinstance(expected, str) and isinstance(given, str) and bool(expected) and hmac.compare_digest(expected, given)
    )
