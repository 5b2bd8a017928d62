"""Peak memory of `mailguard batch` as the run grows: 10,000 vs 100,000 small messages.

Memory must stay flat: the run keeps only what the cross-message checks need, never the
parsed messages. Prints each run's peak RSS and their ratio.

    python benchmarks/batch_memory.py --small 10000 --large 100000 --jobs 1
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TEMPLATE = (
    "From: =?UTF-8?B?5Y2x5qmf566h55CG6Kqy?= <bousai@example-city.lg.jp>\r\n"
    "To: user{n}@example-mail.jp\r\n"
    "Subject: =?UTF-8?B?44GU55m76Yyy5a6M5LqG?=\r\n"
    "Content-Type: text/plain; charset=utf-8\r\n\r\n"
    "山田 {n} 様\r\n\r\nご登録ありがとうございます。登録番号 A-{n:07d}\r\n"
)


def generate(directory: Path, count: int) -> None:
    for n in range(count):
        (directory / f"{n:07d}.eml").write_bytes(TEMPLATE.format(n=n).encode("utf-8"))


def peak(directory: Path, jobs: int) -> tuple[float, int]:
    command = [sys.executable, "-m", "mailguard", "batch", str(directory), "--jobs", str(jobs), "--format", "jsonl"]
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    if os.waitstatus_to_exitcode(status) not in (0, 1, 3):
        raise SystemExit(f"batch failed with status {status}")
    return time.perf_counter() - started, usage.ru_maxrss


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--small", type=int, default=10000)
    parser.add_argument("--large", type=int, default=100000)
    parser.add_argument("--jobs", type=int, default=1)
    arguments = parser.parse_args()
    rows = []
    for count in (arguments.small, arguments.large):
        with tempfile.TemporaryDirectory() as work:
            generate(Path(work), count)
            elapsed, rss = peak(Path(work), arguments.jobs)
            rows.append((count, elapsed, rss))
            print(f"{count:>8} messages: {count / elapsed:8.0f} msg/s, peak RSS {rss / 1024:6.1f} MB", flush=True)
    print(f"peak memory ratio {arguments.large}/{arguments.small}: {rows[1][2] / rows[0][2]:.2f}x")


if __name__ == "__main__":
    main()
