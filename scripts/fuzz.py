"""Coverage-guided fuzzing (atheris) of the .eml and .msg readers, the whole check, and the
policy loader. Not part of the test run; see scripts/fuzz.sh.

    python scripts/fuzz.py reader -atheris_runs=20000 corpus-dir...
    python scripts/fuzz.py mime -max_total_time=60 corpus-dir...
    python scripts/fuzz.py policy -max_total_time=60

A crash is any exception other than the clean errors mailguard reports (InputError,
PolicyError), or a tree from the fast MIME path that differs from the standard library's:
those become regression fixtures in tests/fixtures/fuzz/.
"""

from __future__ import annotations

import contextlib
import email
import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports():
    import mailguard
    from mailguard.errors import MailguardError
    from mailguard.policy import Policy, load_policy
    from mailguard.readers import read_bytes
    from mailguard.readers.mime import observable, parse_message

POLICY = Policy.default()
POLICY_FILE = Path(tempfile.mkdtemp()) / "mailguard.yaml"


def reader(data: bytes) -> None:
    """Readers raise only InputError; the full check never raises."""
    with contextlib.suppress(MailguardError):
        read_bytes(data, "fuzz")
    result = mailguard.check(data, POLICY)
    result.to_dict("ja")


def mime(data: bytes) -> None:
    """The fast MIME path builds exactly the stdlib's tree (or leaves the message to it)."""
    try:
        expected = observable(email.message_from_bytes(data))
    except Exception:
        return  # the stdlib gives up on this input: nothing to compare
    assert observable(parse_message(data)) == expected


def policy(data: bytes) -> None:
    """The policy loader raises only PolicyError, naming the file."""
    POLICY_FILE.write_bytes(data)
    try:
        load_policy(POLICY_FILE)
    except MailguardError as error:
        assert str(POLICY_FILE) in str(error)


TARGETS = {"reader": reader, "mime": mime, "policy": policy}


def main() -> None:
    target = TARGETS[sys.argv[1]]
    atheris.Setup([sys.argv[0], *sys.argv[2:]], target)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
