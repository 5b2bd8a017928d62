"""Throughput of `mailguard batch` against the standard library parsing the same files.

Generates a realistic merge run (Japanese ISO-2022-JP and UTF-8 bodies with an HTML
alternative, a PDF on every third message, one recipient each), then measures in the same
run:

- baseline: the standard library (compat32) parsing each file, its headers and addresses,
  and decoding every part's payload and text, and nothing else;
- `mailguard batch --jobs 1` and `--jobs 2` over the same files (JSON lines to /dev/null).

Prints messages/second for each, the ratios, and each command's peak memory (max RSS). With
``--repeat N`` the three run in turn N times and the best of each counts (a shared machine's
slow minutes then cannot favour one of them).

    python benchmarks/batch_throughput.py --messages 20000 --repeat 3
"""

from __future__ import annotations

import argparse
import email
import email.utils
import os
import subprocess
import sys
import tempfile
import time
from email.header import Header, decode_header
from email.mime.application import MIMEApplication
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import formataddr
from pathlib import Path

SURNAMES = ["田中", "山田", "佐藤", "鈴木", "高橋", "伊藤", "渡辺", "中村", "小林", "加藤"]
GIVEN = ["一郎", "花子", "健", "美咲", "大輔", "陽子", "翔太", "由美", "誠", "彩"]
BODY = """{name} 様

この度は「市民防災アプリ」にご登録いただき、ありがとうございます。
ご登録番号：A-{number:06d}

下記の講座にお申し込みいただけます。
・はじめての防災（12月12日）
・応急手当の基礎（1月16日）

ご不明な点は危機管理課までお問い合わせください。

Example City 危機管理課
"""


def registration_card(number: int) -> bytes:
    """A small, well-formed one-page PDF (correct xref) that differs per message."""
    text = f"Registration card A-{number:06d}".encode()
    stream = b"BT /F1 12 Tf 72 760 Td (" + text + b") Tj ET"
    objects = [
        b"<</Type/Catalog/Pages 2 0 R>>",
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>>",
        b"<</Length %d>>stream\n" % len(stream) + stream + b"\nendstream",
        b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for index, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj" % index + body + b"endobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def message(number: int) -> bytes:
    name = f"{SURNAMES[number % 10]} {GIVEN[(number // 10) % 10]}"
    charset = "iso-2022-jp" if number % 2 else "utf-8"
    text = BODY.format(name=name, number=number)
    alternative = MIMEMultipart("alternative")
    alternative.attach(MIMEText(text, "plain", charset))
    html = "<html><body>" + "".join(f"<p>{line}</p>" for line in text.splitlines()) + "</body></html>"
    alternative.attach(MIMEText(html, "html", "utf-8"))
    if number % 3 == 0:
        outer = MIMEMultipart("mixed")
        outer.attach(alternative)
        pdf = MIMEApplication(registration_card(number), "pdf")
        pdf.add_header("Content-Disposition", "attachment", filename=f"card-{number}.pdf")
        outer.attach(pdf)
    else:
        outer = alternative
    outer["From"] = formataddr((str(Header("危機管理課", charset)), "bousai@example-city.lg.jp"))
    outer["To"] = formataddr((str(Header(name, charset)), f"user{number}@example-mail.jp"))
    outer["Subject"] = Header("ご登録完了のお知らせ", charset)
    outer["Date"] = "Tue, 24 Nov 2026 10:00:00 +0900"
    return outer.as_bytes()


def generate(directory: Path, count: int) -> None:
    for number in range(count):
        (directory / f"{number:06d}.eml").write_bytes(message(number))


def baseline(directory: Path) -> None:
    """The standard library merely parsing and decoding the same files."""
    for path in sorted(directory.iterdir()):
        msg = email.message_from_bytes(path.read_bytes())
        for field in ("to", "from", "cc"):
            for display, _ in email.utils.getaddresses(msg.get_all(field, [])):
                decode_header(display)
        decode_header(msg.get("subject", ""))
        for part in msg.walk():
            if part.is_multipart():
                continue
            payload = part.get_payload(decode=True) or b""
            if part.get_content_maintype() == "text":
                payload.decode(part.get_content_charset() or "ascii", errors="replace")


def timed(command: list[str], env: dict[str, str] | None = None) -> tuple[float, int]:
    """Wall time and peak RSS (KiB) of one child process."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) not in (0, 1, 3):
        raise SystemExit(f"{command[:4]} failed with status {status}")
    return elapsed, usage.ru_maxrss


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--messages", type=int, default=20000)
    parser.add_argument("--repeat", type=int, default=1, help="rounds of all three; the best of each is shown")
    parser.add_argument("--other-src", type=Path, help="another tree's src directory, run in the same rounds")
    arguments = parser.parse_args()
    other_env = {**os.environ, "PYTHONPATH": str(arguments.other_src)} if arguments.other_src else None
    with tempfile.TemporaryDirectory() as work:
        directory = Path(work)
        generate(directory, arguments.messages)
        count = arguments.messages
        commands: dict[str, tuple[list[str], dict[str, str] | None]] = {
            "stdlib parse + decode (baseline)": (
                [
                    sys.executable,
                    "-c",
                    f"import sys; sys.path.insert(0, {str(Path(__file__).parent)!r}); "
                    f"import batch_throughput as b, pathlib; b.baseline(pathlib.Path({work!r}))",
                ],
                None,
            ),
        }
        for jobs in (1, 2):
            command = [sys.executable, "-m", "mailguard", "batch", work, "--jobs", str(jobs), "--format", "jsonl"]
            commands[f"mailguard batch --jobs {jobs}"] = (command, None)
            if other_env is not None:
                commands[f"other tree --jobs {jobs}"] = (command, other_env)
        best: dict[str, tuple[float, int]] = {}
        for _ in range(arguments.repeat):  # in turn: a slow minute of a shared machine slows all
            for label, (command, env) in commands.items():
                elapsed, rss = timed(command, env)
                if label not in best or elapsed < best[label][0]:
                    best[label] = (elapsed, rss)
    rows = [(label, *best[label]) for label in commands]
    base_time = rows[0][1]
    print(f"{count} messages" + (f", best of {arguments.repeat} rounds" if arguments.repeat > 1 else ""))
    print(f"{'what':<36} {'msg/s':>10} {'ratio':>7} {'peak RSS':>10}")
    for label, elapsed, rss in rows:
        print(f"{label:<36} {count / elapsed:>10.0f} {base_time / elapsed:>7.2f} {rss / 1024:>8.0f} MB")
    one, two = best["mailguard batch --jobs 1"][0], best["mailguard batch --jobs 2"][0]
    print(f"--jobs 2 vs --jobs 1: {one / two:.2f}x")
    if other_env is not None:
        for jobs in (1, 2):
            this, other = best[f"mailguard batch --jobs {jobs}"][0], best[f"other tree --jobs {jobs}"][0]
            print(f"--jobs {jobs}: this tree {other / this:.2f}x the other tree's speed")


if __name__ == "__main__":
    main()
