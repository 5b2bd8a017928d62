"""Every file of the shared corpus (1,366 real-world and hostile messages) is handled:
a verdict or one clear error line, never a traceback, never a hang."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

import mailguard
from conftest import corpus_dir, run_cli
from mailguard.policy import Policy

CORPUS = corpus_dir()
pytestmark = pytest.mark.skipif(CORPUS is None, reason="shared corpus not present (set MAILGUARD_CORPUS)")
HANG_GUARD_SECONDS = 5


def corpus_files() -> list[Path]:
    assert CORPUS is not None
    return sorted(p for p in CORPUS.rglob("*") if p.is_file() and p.name not in ("SOURCES.md", ".gitattributes"))


@contextmanager
def hang_guard(seconds: int) -> Iterator[None]:
    """Fail a file that takes longer than the issue allows (a hang, not a benchmark)."""

    def expire(signum: int, frame: object) -> None:
        raise TimeoutError(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def test_every_corpus_file_gives_a_verdict_or_a_clean_error() -> None:
    policy = Policy.default()
    files = corpus_files()
    assert len(files) >= 1300
    outcomes: dict[str, int] = {}
    for path in files:
        with hang_guard(HANG_GUARD_SECONDS):
            result = mailguard.check(path, policy)
            result.to_dict("ja")
        key = "error" if result.error else result.verdict.label
        outcomes[key] = outcomes.get(key, 0) + 1
        if result.error:
            assert "\n" not in result.error and result.error, path
    # Most of the corpus is readable mail; only non-messages and TNEF are refused.
    assert outcomes.get("error", 0) < 30, outcomes


def test_the_real_command_over_the_whole_corpus_prints_no_traceback() -> None:
    files = [str(p) for p in corpus_files()]
    result = run_cli("check", "--format", "json", *files)
    assert result.returncode in (1, 3, 4)
    stderr = result.stderr.decode()
    assert "Traceback" not in stderr
    for line in stderr.splitlines():
        assert line.startswith("mailguard: ") and line.split(": ")[1] in files, line


def test_known_hostile_files_are_refused_cleanly() -> None:
    assert CORPUS is not None
    for relative, problem in [
        ("apache-poi/hmef/quick-winmail.dat", "TNEF"),
        ("enmime/mail/erroneous.raw", "not an email message"),
        ("zbateson-mmp/winmail.dat", "not an email message"),
    ]:
        path = CORPUS / relative
        if path.exists():
            result = mailguard.check(path)
            assert result.error is not None and problem in result.error, relative


def test_outlook_file_without_extension_is_read_by_magic() -> None:
    assert CORPUS is not None
    result = mailguard.check(CORPUS / "spamscope-mailparser" / "mail_outlook_1")
    assert result.error is None and result.draft is not None and result.draft.format == "msg"
