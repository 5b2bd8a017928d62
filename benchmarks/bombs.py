"""Peak memory of `mailguard check` on memory bombs, against the per-message cap.

Each bomb is generated here (nothing large is kept in the repository), written to a temporary
directory and checked by the real command in its own process; the peak resident memory of
that process (max RSS) is printed next to the cap it must respect: the interpreter's own
baseline (an ordinary draft, measured in the same run) plus `limits.max_expanded_bytes` and
the input itself. Also printed: the exit status, and whether the outcome is the documented
one (4 for unreadable input, otherwise a finding that says what was not inspected).

    python benchmarks/bombs.py
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import tempfile
import time
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

HEAD = b"From: k.mori@example-city.lg.jp\r\nTo: friend@gmail.com\r\nSubject: bomb\r\nMIME-Version: 1.0\r\n"
CAP = 64 * 1024 * 1024  # limits.max_expanded_bytes (default)


def _with_attachment(name: str, data: bytes) -> bytes:
    import base64

    encoded = base64.encodebytes(data).replace(b"\n", b"\r\n")
    return (
        HEAD + b'Content-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nsee\r\n'
        b"--b\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n"
        b'Content-Disposition: attachment; filename="' + name.encode() + b'"\r\n\r\n' + encoded + b"--b--\r\n"
    )


def ordinary() -> bytes:
    return HEAD + b"Content-Type: text/plain; charset=utf-8\r\n\r\n" + "ご確認ください。".encode() + b"\r\n"


def zip_of_zips() -> bytes:
    """A stored ZIP of 40 inner ZIPs, each expanding to 60 MB (under the per-ZIP limit)."""
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("a.txt", b"a" * 60_000_000)
    outer = io.BytesIO()
    with zipfile.ZipFile(outer, "w", zipfile.ZIP_STORED) as archive:
        for number in range(40):
            archive.writestr(f"{number}.zip", inner.getvalue())
    return _with_attachment("bomb.zip", outer.getvalue())


def pdf_stream() -> bytes:
    """A PDF whose content stream inflates to 1 GiB, with a card number after it."""
    packer = zlib.compressobj(9)
    chunk = b" " * (1 << 20)
    stream = b"".join(packer.compress(chunk) for _ in range(1024)) + packer.compress(b"BT (4111 1111 1111 1111) Tj ET")
    stream += packer.flush()
    objects = [
        b"<</Type/Catalog/Pages 2 0 R>>",
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R>>",
        b"<</Length %d/Filter/FlateDecode>>stream\n" % len(stream) + stream + b"\nendstream",
    ]
    body = b"%PDF-1.4\n" + b"".join(b"%d 0 obj\n" % (n + 1) + o + b"\nendobj\n" for n, o in enumerate(objects))
    return _with_attachment("bomb.pdf", body + b"trailer\n<</Root 1 0 R>>\n%%EOF\n")


def xml_elements() -> bytes:
    """A DOCX whose document.xml holds 4.9 million empty elements (a few hundred KB zipped)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        archive.writestr(
            "word/document.xml",
            b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
            + b"<w:p/>" * 4_900_000
            + b"</w:body></w:document>",
        )
    return _with_attachment("bomb.docx", buffer.getvalue())


def nested_messages() -> bytes:
    inner = b"From: a@example.jp\r\nTo: friend@gmail.com\r\nSubject: deep\r\n\r\nx\r\n"
    for level in range(250):
        inner = b"From: x%d@example.jp\r\nTo: y@example.jp\r\nContent-Type: message/rfc822\r\n\r\n" % level + inner
    return HEAD + b"Content-Type: message/rfc822\r\n\r\n" + inner


def many_recipients() -> bytes:
    import msgforge

    to = [(f"user{n}@example.jp", f"User {n}") for n in range(6000)]
    return bytes(msgforge.Message(subject="s", text_body="b", to=to).as_bytes())


BOMBS: dict[str, Callable[[], bytes]] = {
    "ordinary draft (baseline)": ordinary,
    "stored ZIP of 40 inner ZIPs (2.4 GB)": zip_of_zips,
    "PDF with a 1 GiB content stream": pdf_stream,
    "DOCX with 4.9 M XML elements": xml_elements,
    "messages nested 250 deep": nested_messages,
    ".msg with 6,000 recipients": many_recipients,
}

PROBE = (
    "import resource, subprocess, sys, time\n"
    "start = time.perf_counter()\n"
    "stdin = open(sys.argv[2], 'rb') if len(sys.argv) > 2 else None\n"
    "done = subprocess.run([sys.executable, '-m', 'mailguard', 'check', '--format', 'json', sys.argv[1]],"
    " stdin=stdin, capture_output=True)\n"
    "print(done.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, time.perf_counter() - start)\n"
    "sys.stdout.write(done.stdout.decode(errors='replace'))\n"
)


def measure(path: str, stdin: str | None = None) -> tuple[int, int, float, list[str]]:
    command = [sys.executable, "-c", PROBE, path, *([stdin] if stdin else [])]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    first, _, rest = done.stdout.partition("\n")
    status, peak_kib, seconds = first.split()
    rules: list[str] = []
    try:
        report = json.loads(rest)
        rules = sorted({f["rule"] for m in report["messages"] for f in m["findings"]})
    except (ValueError, KeyError):
        pass
    return int(status), int(peak_kib) * 1024, float(seconds), rules


def main() -> None:
    rows = []
    with tempfile.TemporaryDirectory() as work:
        for label, build in BOMBS.items():
            path = Path(work) / "bomb"
            path.write_bytes(build())
            size = path.stat().st_size
            rows.append((label, size, *measure(str(path))))
        rows.append(("/dev/zero as standard input", 0, *measure("-", stdin="/dev/zero")))
    baseline = rows[0][3]
    print(f"{'bomb':40} {'input':>9} {'exit':>4} {'peak RSS':>9} {'cap':>9} {'ok':>3} {'s':>6}  findings")
    for label, size, status, peak, seconds, rules in rows:
        cap = baseline + CAP + 2 * size  # the input, its decoded copy, and the expansion budget
        print(
            f"{label:40} {size / 1e6:8.1f}M {status:>4} {peak / 2**20:8.0f}M {cap / 2**20:8.0f}M "
            f"{'yes' if peak <= cap else 'NO':>3} {seconds:6.1f}  {' '.join(rules)}"
        )
    print(
        f"cap = baseline ({baseline / 2**20:.0f} MB) + max_expanded_bytes ({CAP // 2**20} MB) + 2 x input; "
        f"{os.cpu_count()} cores, {time.strftime('%Y-%m-%d')}"
    )


if __name__ == "__main__":
    main()
