"""Every file of the shared corpus (1,366 real-world and hostile messages) is handled:
a verdict or one clear error line, never a traceback, never a hang."""

from __future__ import annotations

import email
import email.message
import email.policy
import re
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


_PART_HEADER = re.compile(r"^content-(?:type|disposition|transfer-encoding)[ \t]*:", re.IGNORECASE | re.MULTILINE)
_VITAL = ("to", "cc", "bcc", "from", "reply-to", "content-type", "mime-version")


def unparsed_by_the_stdlib(data: bytes) -> list[str]:
    """What the standard library's own parse of ``data`` leaves unread (the truth the reader is
    measured against): multiparts it could not split, parts hidden in a preamble or epilogue,
    vital fields (recipients, Content-Type) after a line that ended the header block early."""
    data = data.removeprefix(b"\xef\xbb\xbf")  # a BOM is no header name (the reader drops it)
    msg = email.message_from_bytes(data, policy=email.policy.compat32)
    found: list[str] = []
    for part in msg.walk():
        raw = part.__dict__.get("_payload")
        if part.get_content_maintype() == "multipart" and isinstance(raw, str) and raw.strip():
            found.append("multipart not split")
        for where in ("preamble", "epilogue"):
            text = getattr(part, where)
            if text and _PART_HEADER.search(text):
                found.append(f"parts in the {where}")
    head = re.split(rb"\r?\n\r?\n|\r\r", data, maxsplit=1)[0]
    written = {m.group(1).lower().decode() for m in re.finditer(rb"(?m)^([A-Za-z-]+)[ \t]*:", head)}
    lost = [name for name in _VITAL if name in written and msg.get(name) is None]
    if lost:
        found.append(f"header block ended before {', '.join(lost)}")
    return found


# Warnings by which the reader says it read what the stdlib left unparsed.
_READ_ANYWAY = re.compile(
    r"were found by their delimiter lines|held MIME parts; they were read|read as plain text|header block:"
)


def test_every_corpus_file_gives_a_verdict_or_a_clean_error() -> None:
    """...and no rule crashes on any of them, and content the standard library leaves unparsed
    is either read or confirmed as not fully inspected (MG900), never passed by omission."""
    policy = Policy.default()
    files = corpus_files()
    assert len(files) >= 1300
    outcomes: dict[str, int] = {}
    fidelity = {"read": 0, "with unparsed content": 0, "recovered": 0, "confirmed (MG900)": 0}
    silent: list[str] = []
    for path in files:
        with hang_guard(HANG_GUARD_SECONDS):
            result = mailguard.check(path, policy)
            result.to_dict("ja")
        key = "error" if result.error else result.verdict.label
        outcomes[key] = outcomes.get(key, 0) + 1
        if result.error:
            assert "\n" not in result.error and result.error, path
            continue
        crashed = [f.message.en for f in result.findings if f.rule == "MG000"]
        assert not crashed, (path, crashed)
        fidelity["read"] += 1
        assert result.draft is not None
        if result.draft.format != "eml" or not unparsed_by_the_stdlib(path.read_bytes()):
            continue
        fidelity["with unparsed content"] += 1
        if any(f.rule == "MG900" for f in result.findings):
            fidelity["confirmed (MG900)"] += 1
        elif any(_READ_ANYWAY.search(w.en) for w in result.draft.warnings):
            fidelity["recovered"] += 1
        else:
            silent.append(str(path))
    print(f"corpus: {outcomes}; fidelity: {fidelity}; silently omitted: {len(silent)}")
    assert not silent, silent
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
