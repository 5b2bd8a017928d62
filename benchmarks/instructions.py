"""Instructions per message of a merge run: mailguard against the standard library, by callgrind.

`batch_throughput.py` measures the clock, and on a shared machine the clock moves by tens of
percent from one minute to the next. This counts instructions instead (valgrind's callgrind),
which repeat to within a fraction of a percent, so two trees or two commits can be compared
by a change of a few percent. Each side runs twice under callgrind, with a few warm-up
messages and with ``--messages`` more; the difference divided by ``--messages`` is the cost
of one message, without start-up:

- baseline: the standard library parsing and decoding each message (as in
  `batch_throughput.py`);
- mailguard: what a batch worker does for each message (`shells.runner._check_item`: the
  check, the run rules' findings about it alone and its report), in one process (no
  workers, no files).

Needs valgrind (Debian: `apt-get install valgrind`). About four minutes for 100 messages.

    python benchmarks/instructions.py --messages 100
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
WARM_UP = 30

BASELINE = """
import sys
sys.path.insert(0, {here!r})
import batch_throughput as b
messages = [b.message(i) for i in range({total})][:{count}]
import email, email.header, email.utils
for data in messages:
    msg = email.message_from_bytes(data)
    for field in ("to", "from", "cc"):
        for display, _ in email.utils.getaddresses(msg.get_all(field, [])):
            email.header.decode_header(display)
    email.header.decode_header(msg.get("subject", ""))
    for part in msg.walk():
        if not part.is_multipart():
            payload = part.get_payload(decode=True) or b""
            if part.get_content_maintype() == "text":
                payload.decode(part.get_content_charset() or "ascii", errors="replace")
"""

MAILGUARD = """
import sys
sys.path.insert(0, {here!r})
import batch_throughput as b
messages = [b.message(i) for i in range({total})][:{count}]
from mailguard.policy import Policy
from mailguard.rules._run import RunInputs
from mailguard.limits import alarm_scope
from mailguard.scope import run_scope
from mailguard.shells.runner import _check_item
run = RunInputs(Policy.default(), None)
with run_scope(), alarm_scope():  # as run_batch and a batch worker hold them for the run
    for index, data in enumerate(messages):
        _check_item((f"{{index}}.eml", data), index, run, "en")
"""


def instructions(script: str, count: int, total: int) -> int:
    """Instructions callgrind counts for ``script`` over ``count`` of ``total`` messages (all
    ``total`` are generated either way, so the difference is only the work on them)."""
    with tempfile.TemporaryDirectory() as work:
        program = Path(work) / "run.py"
        program.write_text(script.format(here=str(HERE), count=count, total=total), encoding="utf-8")
        done = subprocess.run(
            ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable, str(program)],
            capture_output=True,
            text=True,
            check=False,
            # One hash seed for every run: with a random one, dict and set layouts (and so
            # start-up's instructions) differ from run to run, and the difference between
            # two runs is no longer the messages' cost alone.
            env={**os.environ, "PYTHONHASHSEED": "0"},
        )
    found = re.search(r"Collected : (\d+)", done.stderr)
    if done.returncode != 0 or found is None:
        raise SystemExit(f"callgrind failed ({done.returncode}): {done.stderr.strip().splitlines()[-1:]}")
    return int(found.group(1))


def per_message(script: str, messages: int) -> float:
    total = WARM_UP + messages
    return (instructions(script, total, total) - instructions(script, WARM_UP, total)) / messages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--messages", type=int, default=100)
    parser.add_argument("--mailguard-only", action="store_true", help="skip the baseline (comparing two trees)")
    arguments = parser.parse_args()
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed (Debian: apt-get install valgrind)")
    ours = per_message(MAILGUARD, arguments.messages)
    print(f"{arguments.messages} messages after {WARM_UP} to warm up, instructions per message (callgrind)")
    if not arguments.mailguard_only:
        base = per_message(BASELINE, arguments.messages)
        print(f"stdlib parse + decode (baseline) {base / 1e6:8.2f} M")
    print(f"mailguard check + run + report   {ours / 1e6:8.2f} M")
    if not arguments.mailguard_only:
        print(f"ratio (baseline / mailguard): {base / ours:.3f}")


if __name__ == "__main__":
    main()
