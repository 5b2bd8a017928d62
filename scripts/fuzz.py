"""Coverage-guided fuzzing (atheris) of the .eml and .msg readers, the whole check, and the
policy loader. Not part of the test run; see scripts/fuzz.sh.

    python scripts/fuzz.py reader -atheris_runs=20000 corpus-dir...
    python scripts/fuzz.py mime -max_total_time=60 corpus-dir...
    python scripts/fuzz.py policy -max_total_time=60
    python scripts/fuzz.py rtf -max_total_time=60        # RTF bodies (plain and compressed)
    python scripts/fuzz.py headers -max_total_time=60    # raw 8-bit / ISO-2022-JP header bytes
    python scripts/fuzz.py growth -max_total_time=600 seeds-dir   # steps, memory, time per size
    python scripts/fuzz.py growth-seeds seeds-dir [message...]    # write the growth seeds
    python scripts/fuzz.py growth-calibrate [seeds-dir]           # the seeds' growth ratios

A crash is any exception other than the clean errors mailguard reports (InputError,
PolicyError), or a tree from the fast MIME path that differs from the standard library's,
or (``growth``) a message family whose check's steps, peak memory or time grow faster than
the message (``scripts/growth.py``): those become regression fixtures in tests/fixtures/fuzz/
or, for growth, a generator in tests/test_growth.py.
"""

from __future__ import annotations

import contextlib
import email
import sys
import tempfile
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).resolve().parent))
import growth as growth_measure  # not instrumented: it is the measure, not the subject

with atheris.instrument_imports():
    import mailguard
    from mailguard.errors import MailguardError
    from mailguard.policy import Policy, load_policy
    from mailguard.readers import read_bytes
    from mailguard.readers.charset import decode_bytes
    from mailguard.readers.mime import observable, parse_message
    from mailguard.readers.rtf import rtf_to_text

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


def rtf(data: bytes) -> None:
    """RTF bodies: the text extractor never raises and never returns lone surrogates, on the
    bytes as they are and after compressed-RTF decompression (what a .msg stores)."""
    import compressed_rtf

    texts = [rtf_to_text(b"{\\rtf1\\ansi\\ansicpg932 " + data + b"}"), rtf_to_text(data)]
    with contextlib.suppress(Exception):  # compressed_rtf's own errors: the reader reports them (MG900)
        texts.append(rtf_to_text(compressed_rtf.decompress(data)))
    for found in texts:
        found.text.encode("utf-8")  # raises on a lone surrogate


_HEADER_MESSAGE = (
    b"From: k.mori@example-city.lg.jp\r\nTo: %s\r\nCc: a@example.jp, %s\r\nSubject: %s\r\nMIME-Version: 1.0\r\n"
    b'Content-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nx\r\n'
    b'--b\r\nContent-Disposition: attachment; filename="%s"\r\n\r\nx\r\n--b--\r\n'
)


def headers(data: bytes) -> None:
    """Raw header bytes (8-bit, ISO-2022-JP escapes) in addresses, display names and file
    names: the reader raises only InputError, no decoded name or address keeps an escape or
    a surrogate, every header charset guess gives text, and the check never raises."""
    value = data.replace(b"\r", b" ").replace(b"\n", b" ")[:2000]
    message = _HEADER_MESSAGE % (value, value, value, value)
    try:
        draft = read_bytes(message, "fuzz")
    except MailguardError:
        return
    for text in [*(r.name + r.address for r in draft.recipients), *(a.filename for a in draft.attachments)]:
        assert "\x1b" not in text, text
        text.encode("utf-8")  # raises on a surrogate left from raw bytes
    for label in (None, "iso-2022-jp", "koi8-r", "utf-8"):
        decode_bytes(data, label, "fuzz")[0].encode("utf-8")
    mailguard.check(message, POLICY).to_dict("ja")


_GROWTH_CHECK = growth_measure.default_check()


def growth(data: bytes) -> None:
    """The whole check's steps, peak memory and time grow linearly with the message: the
    input is a message family (``growth.Shape``), checked at 2, 4, 8 (and 16) KB of its
    repeated part; growth faster than that at two scales is a crash."""
    shape = growth_measure.Shape.decode(data)
    if shape is None:
        return
    found = growth_measure.judge(shape, _GROWTH_CHECK)
    if found is not None:
        raise AssertionError(f"{found}; place {shape.place}, unit {shape.unit[:40]!r}")


TARGETS = {"reader": reader, "mime": mime, "policy": policy, "rtf": rtf, "headers": headers, "growth": growth}


def _growth_seeds(directory: Path, messages: list[Path]) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    shapes = growth_measure.seeds()
    shapes += [s for path in messages if (s := growth_measure.corpus_shape(path.read_bytes())) is not None]
    for number, shape in enumerate(shapes):
        (directory / f"growth-{number:03d}").write_bytes(shape.encode())
    print(f"{len(shapes)} growth seeds in {directory}")


def _growth_calibrate(directory: Path | None) -> None:
    shapes = growth_measure.seeds()
    if directory is not None:
        decoded = (growth_measure.Shape.decode(path.read_bytes()) for path in sorted(directory.iterdir()))
        shapes = [s for s in decoded if s is not None]
    growth_measure.calibrate(shapes, _GROWTH_CHECK)


def main() -> None:
    if sys.argv[1] == "growth-seeds":
        _growth_seeds(Path(sys.argv[2]), [Path(p) for p in sys.argv[3:]])
        return
    if sys.argv[1] == "growth-calibrate":
        _growth_calibrate(Path(sys.argv[2]) if len(sys.argv) > 2 else None)
        return
    target = TARGETS[sys.argv[1]]
    atheris.Setup([sys.argv[0], *sys.argv[2:]], target)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
