"""Coverage-guided fuzzing (atheris) of the .eml and .msg readers, the whole check, and the
policy loader. Not part of the test run; see scripts/fuzz.sh.

    python scripts/fuzz.py reader -atheris_runs=20000 corpus-dir...
    python scripts/fuzz.py policy -max_total_time=60

A crash is any exception other than the clean errors mailguard reports (InputError,
PolicyError): those become regression fixtures in tests/fixtures/fuzz/.
"""

from __future__ import annotations

import contextlib
import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports():
    import mailguard
    from mailguard.errors import MailguardError
    from mailguard.policy import Policy, load_policy
    from mailguard.readers import read_bytes

POLICY = Policy.default()
POLICY_FILE = Path(tempfile.mkdtemp()) / "mailguard.yaml"


def reader(data: bytes) -> None:
    """Readers raise only InputError; the full check never raises."""
    with contextlib.suppress(MailguardError):
        read_bytes(data, "fuzz")
    result = mailguard.check(data, POLICY)
    result.to_dict("ja")


def policy(data: bytes) -> None:
    """The policy loader raises only PolicyError, naming the file."""
    POLICY_FILE.write_bytes(data)
    try:
        load_policy(POLICY_FILE)
    except MailguardError as error:
        assert str(POLICY_FILE) in str(error)


TARGETS = {"reader": reader, "policy": policy}


def main() -> None:
    target = TARGETS[sys.argv[1]]
    atheris.Setup([sys.argv[0], *sys.argv[2:]], target)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
