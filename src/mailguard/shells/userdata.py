"""What the shells read from the process's surroundings, and nothing below them does: who is
sending (``--user``, ``MAILGUARD_USER``, the login name), the user's own configuration
directory with the installation secret that keys finding fingerprints, and approvers'
private keys.

The core takes all of it as arguments: :func:`with_secret` puts the secret into the
:class:`~mailguard.policy.Policy` the shell hands down, :func:`current_user` and
:func:`keys_dir` feed :class:`~mailguard.decisions.DecisionInputs`. A service's working
directory, environment and login say nothing about the mail it checks, so the engine never
asks them (``tests/test_structure.py`` holds every module below the shells to that).

The directory is platformdirs' user config directory for "mailguard"
(``~/.config/mailguard`` on Linux, ``%APPDATA%\\mailguard`` on Windows,
``~/Library/Application Support/mailguard`` on macOS); ``MAILGUARD_CONFIG_DIR`` points
elsewhere (a portable install, a test run).
"""

from __future__ import annotations

import getpass
import os
import secrets
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mailguard.policy import Policy

USER_ENV = "MAILGUARD_USER"
CONFIG_DIR_ENV = "MAILGUARD_CONFIG_DIR"
SECRET_ENV = "MAILGUARD_FINGERPRINT_SECRET"
SECRET_FILE = "fingerprint-secret"
MIN_SECRET_CHARS = 16
SECRET_FILE_LIMIT = 4096  # 64 hex characters are written; a file far longer is not ours


def current_user(explicit: str | None = None) -> str:
    """Who is deciding: ``--user``, else ``MAILGUARD_USER``, else the login name (procedural:
    see :mod:`mailguard.decisions`); "unknown" when the platform knows no login name."""
    if explicit:
        return explicit
    try:
        return os.environ.get(USER_ENV) or getpass.getuser()
    except Exception:  # getpass raises OSError, KeyError or ImportError depending on the platform
        return "unknown"


def with_secret(policy: Policy) -> Policy:
    """``policy`` with the fingerprint secret the checks key with: the policy's own
    (``fingerprint_secret_file``) when it names one, else :func:`installation_secret`.

    Every shell passes its policy through here once, where it loads it (the CLI, ``Batch``,
    ``GuardedSMTP``, ``mailguard.check``, the gateway and its workers, the console)."""
    if policy.fingerprint_secret:
        return policy
    last = _RESOLVED.get("last")
    if last is not None and last[0] is policy:
        return last[1]  # a library loop checks with one policy: copy it once, not per message
    resolved = replace(policy, fingerprint_secret=installation_secret())
    _RESOLVED["last"] = (policy, resolved)
    return resolved


# The last policy resolved and its copy with the secret (policy data only, never a message).
_RESOLVED: dict[str, tuple[Policy, Policy]] = {}


def config_dir() -> Path:
    configured = os.environ.get(CONFIG_DIR_ENV)
    if configured:
        return Path(configured).expanduser()
    from platformdirs import user_config_dir

    return Path(user_config_dir("mailguard", appauthor=False))


def keys_dir() -> Path:
    """Where ``mailguard keys new`` writes private keys by default."""
    return config_dir() / "keys"


def write_private(path: Path, data: bytes) -> None:
    """Create ``path`` readable by its owner only (0600); never overwrite an existing file."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)


@lru_cache(maxsize=1)
def installation_secret() -> bytes:
    """The secret that keys fingerprints when neither the policy nor the environment gives one.

    ``MAILGUARD_FINGERPRINT_SECRET`` wins (a CI secret shared by a team); else the file in the
    config directory, created with 32 random bytes on first use. When that directory cannot be
    written (a read-only home in a container) the secret lives for this process only: the
    fingerprints then match no earlier baseline, so baselined findings come back (fail
    closed), and nothing brute-forceable is written.
    """
    shared = os.environ.get(SECRET_ENV, "").strip()
    if shared:
        return shared.encode("utf-8")
    path = config_dir() / SECRET_FILE
    try:
        return _read_or_create(path)
    except OSError:
        return secrets.token_hex(32).encode("ascii")


def _read_secret(path: Path) -> bytes:
    """The secret file's value: a regular file, capped (a FIFO put there cannot hang every
    check); OSError when it cannot be read, so the caller fails closed."""
    from mailguard.errors import InputError
    from mailguard.files import read_regular

    try:
        return read_regular(path, SECRET_FILE_LIMIT, "fingerprint_secret").strip()
    except InputError as exc:
        raise OSError(str(exc)) from exc


def _read_or_create(path: Path) -> bytes:
    if os.path.lexists(path):
        value = _read_secret(path)
        if len(value) >= MIN_SECRET_CHARS:
            return value
    # Written whole under a temporary name, then linked into place: a process racing us
    # (batch workers on first use) either wins the link or reads the complete winner.
    temporary = path.with_name(f".{SECRET_FILE}.{os.getpid()}.{secrets.token_hex(4)}")
    write_private(temporary, secrets.token_hex(32).encode("ascii") + b"\n")
    try:
        os.link(temporary, path)
    except FileExistsError:
        pass
    finally:
        temporary.unlink(missing_ok=True)
    value = _read_secret(path)
    if len(value) < MIN_SECRET_CHARS:
        raise OSError(f"{path}: fingerprint secret too short")
    return value
