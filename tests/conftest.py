"""Shared helpers: real messages as bytes, the real CLI, and the shared corpus location."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

# Tests never touch the user's own mailguard directory (fingerprint secret, approver keys).
os.environ.setdefault("MAILGUARD_CONFIG_DIR", tempfile.mkdtemp(prefix="mailguard-config-"))

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
EXAMPLES = ROOT / "examples"


def corpus_dir() -> Path | None:
    """The shared corpus (CI lays shared/ beside the clone); MAILGUARD_CORPUS overrides."""
    configured = os.environ.get("MAILGUARD_CORPUS")
    candidates = [Path(configured)] if configured else []
    candidates += [ROOT.parent / "shared" / "corpus", ROOT.parent.parent / "shared" / "corpus"]
    return next((c for c in candidates if c.is_dir()), None)


def eml(text: str) -> bytes:
    """A message written in a test as text, sent as CRLF bytes like a real draft."""
    return text.replace("\r\n", "\n").replace("\n", "\r\n").encode("utf-8")


def run_cli(
    *args: str, stdin: bytes | None = None, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[bytes]:
    """Run the real program (python -m mailguard) as a user would."""
    full_env = {**os.environ, "LANG": "C.UTF-8", **(env or {})}
    full_env.pop("LC_ALL", None)
    return subprocess.run(
        [sys.executable, "-m", "mailguard", *args],
        input=stdin,
        capture_output=True,
        cwd=cwd or ROOT,
        env=full_env,
        timeout=120,
        check=False,
    )


@pytest.fixture
def write_eml(tmp_path: Path):  # type: ignore[no-untyped-def]
    def write(text: str, name: str = "draft.eml") -> Path:
        path = tmp_path / name
        path.write_bytes(eml(text))
        return path

    return write
