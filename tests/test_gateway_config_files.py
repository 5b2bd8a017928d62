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
