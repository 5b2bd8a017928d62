"""The gateway's configuration is read like a policy (issue 16): a regular file only, capped,
YAML aliases and duplicate keys refused, one line naming the file and exit status 4."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import run_cli


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("listen: 127.0.0.1:2525\nupstream: &u 127.0.0.1:25\nnote: *u\n", "anchors and aliases"),
        ("listen: 127.0.0.1:2525\nupstream: 127.0.0.1:25\nlisten: 127.0.0.1:2526\n", "duplicate key 'listen'"),
    ],
)
def test_a_configuration_with_aliases_or_duplicate_keys_is_refused(tmp_path: Path, text: str, problem: str) -> None:
    config = tmp_path / "gateway.yaml"
    config.write_text(text, encoding="utf-8")
    result = run_cli("gateway", "check-config", "--config", str(config))
    lines = result.stderr.decode().strip().splitlines()
    assert result.returncode == 4 and len(lines) == 1
    assert lines[0].startswith(f"mailguard: error: {config}: invalid YAML") and problem in lines[0]


def test_a_fifo_as_the_configuration_is_one_line_and_exit_4(tmp_path: Path) -> None:
    fifo = tmp_path / "gateway.yaml"
    os.mkfifo(fifo)
    result = run_cli("gateway", "check-config", "--config", str(fifo))
    assert result.returncode == 4
    assert (
        result.stderr.decode().strip()
        == f"mailguard: error: {fifo}: is a FIFO (named pipe), not a gateway configuration"
    )


def test_the_console_key_is_created_once_and_a_fifo_in_its_place_is_refused(tmp_path: Path) -> None:
    from mailguard.shells.console.config import ConsoleConfig, ConsoleConfigError

    key = tmp_path / "console.key"
    created = ConsoleConfig(secret_file=key).secret("")
    assert len(created) == 64 and key.read_bytes() == created and (key.stat().st_mode & 0o777) == 0o600
    fifo = tmp_path / "fifo.key"
    os.mkfifo(fifo)
    with pytest.raises(ConsoleConfigError, match="is a FIFO"):
        ConsoleConfig(secret_file=fifo).secret("")


def test_an_smtp_users_file_that_is_a_fifo_fails_authentication_without_a_hang(tmp_path: Path) -> None:
    from aiosmtpd.smtp import LoginPassword

    from mailguard.shells.gateway.smtp_in import UsersFile

    fifo = tmp_path / "users"
    os.mkfifo(fifo)
    result = UsersFile(fifo)(None, None, None, "PLAIN", LoginPassword(b"alice", b"secret"))  # type: ignore[arg-type]
    assert result.success is False and "454" in str(result.message)
