"""Whether one check's work grows faster than its input (issue 16): steps, peak memory, time.

A fuzzer input (:class:`Shape`) describes a family of messages: where a variable text goes
(the whole raw message, the subject, the recipients, a display name, the plain or HTML body,
an attachment's name or content), a prefix, a unit repeated ``n`` times, and a suffix. The
whole check (``mailguard.check`` with the default policy, its time limit off so that nothing
cuts the work short) runs at ``n``, ``2n`` and ``4n`` units and three costs are measured:

- **steps**: the Python events (calls, lines, returns) of the check, counted by a
  ``sys.settrace`` hook in every thread (Python 3.11 has no ``sys.monitoring``). Deterministic:
  the same input always gives the same count, whatever else runs on the machine. It costs
  about 2-3x the check's time, which is affordable at these sizes;
- **peak memory**: ``tracemalloc``'s peak during the check (same run, also deterministic);
- **time**: process CPU seconds of an untraced run (the best of two), for the work the steps
  cannot see: a regular expression or a decompressor works inside one C call, which is one
  step however long it runs.

Growth is judged on *differences*, which cancel the check's fixed cost: with ``d1`` the cost
added from ``n`` to ``2n`` and ``d2`` from ``2n`` to ``4n``, a linear check has
``d2 / d1 = 2`` and a quadratic one 4. A ratio above :data:`GROWTH` that also holds one size
further (``8n``), above a floor that noise cannot reach, is growth. A single jump (a size where
one more rule starts to find something) makes one ratio large and the next one small, so it
never counts. Thresholds are calibrated on the seeds (``fuzz.py growth-calibrate``).
"""

from __future__ import annotations

import dataclasses
import sys
import threading
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from types import FrameType
from typing import Any

PLACES = ("raw", "subject", "to", "display_name", "body", "html", "filename", "attachment")
BASE_BYTES = 2048  # the variable part at the smallest size (then 4 KB, 8 KB, and 16 KB to confirm)
GROWTH = 3.0  # d2 / d1: 2 is linear, 4 quadratic
FLOORS = {"steps": 20_000, "peak": 1 << 20, "seconds": 0.1}  # d2 below these is noise or nothing

_SKELETON = (
    b"From: k.mori@example-city.lg.jp\r\nTo: %(to)s\r\nSubject: %(subject)s\r\n"
    b"Date: Tue, 01 Dec 2026 09:00:00 +0900\r\nMessage-ID: <growth@example-city.lg.jp>\r\nMIME-Version: 1.0\r\n"
    b'Content-Type: multipart/mixed; boundary="b"\r\n\r\n'
    b"--b\r\nContent-Type: %(body_type)s; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n%(body)s\r\n"
    b'--b\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Disposition: attachment; filename="%(filename)s"\r\n'
    b"Content-Transfer-Encoding: 8bit\r\n\r\n%(attachment)s\r\n--b--\r\n"
)


@dataclass(frozen=True)
class Shape:
    """A message family: ``prefix + unit * n + suffix`` at ``place``."""

    place: str
    prefix: bytes
    unit: bytes
    suffix: bytes

    def encode(self) -> bytes:
        """The fuzzer's bytes for this shape (the inverse of :meth:`decode`)."""
        assert len(self.prefix) < 1 << 16 and 0 < len(self.unit) < 256
        head = bytes([PLACES.index(self.place)]) + len(self.prefix).to_bytes(2, "big") + bytes([len(self.unit)])
        return head + self.prefix + self.unit + self.suffix

    @classmethod
    def decode(cls, data: bytes) -> Shape | None:
        """Any fuzzer bytes as a shape: a place, two lengths, then prefix, unit, suffix."""
        if len(data) < 5:
            return None
        place = PLACES[data[0] % len(PLACES)]
        rest = data[4:]
        cut = int.from_bytes(data[1:3], "big") % len(rest)
        unit = rest[cut : cut + max(data[3], 1)]
        if not unit:
            return None
        return cls(place, rest[:cut], unit, rest[cut + len(unit) :])

    def units(self, scale: int) -> int:
        """How many units make the variable part ``scale`` times :data:`BASE_BYTES`."""
        return scale * max(1, BASE_BYTES // len(self.unit))

    def message(self, n: int) -> bytes:
        variable = self.prefix + self.unit * n + self.suffix
        if self.place == "raw":
            return variable
        one_line = variable.replace(b"\r", b" ").replace(b"\n", b" ")
        fields = {  # a colleague and a free-mail address: the destination rules and the
            # personal-data rules (which look harder at mail leaving the office) all run
            "to": b"s.tanaka@example-city.lg.jp, taro.yamada@gmail.com",
            "subject": b"growth",
            "body_type": b"text/plain",
            "body": b"\xe7\x94\xb0\xe4\xb8\xad\xe6\xa7\x98",  # 田中様
            "filename": b"a.txt",
            "attachment": b"x",
        }
        if self.place == "display_name":
            fields["to"] = b'"' + one_line.replace(b'"', b"'") + b'" <taro.yamada@gmail.com>'
        elif self.place in ("to", "subject"):
            fields[self.place] = one_line
        elif self.place == "filename":
            fields["filename"] = one_line.replace(b'"', b"'")
        elif self.place == "html":
            fields["body_type"], fields["body"] = b"text/html", variable
        else:
            fields[self.place] = variable
        return _SKELETON % {name.encode(): value for name, value in fields.items()}


@dataclass(frozen=True)
class Cost:
    steps: int
    peak: int
    seconds: float


def measure(check: Callable[[bytes], Any], message: bytes, timed: bool = True) -> Cost:
    """Steps and peak memory of one traced run, CPU seconds of the better of two plain runs
    (first: they also warm what the check imports or caches on first use, which would be
    counted as steps of the first size only). Untimed (tests: never the clock), one plain
    run warms and the seconds are 0."""
    seconds = []
    for _ in range(2 if timed else 1):
        started = time.process_time()
        check(message)
        seconds.append(time.process_time() - started)
    count = 0

    def tracer(frame: FrameType, event: str, arg: Any) -> Any:
        nonlocal count
        count += 1
        return tracer

    tracemalloc.start()
    threading.settrace(tracer)
    sys.settrace(tracer)
    try:
        check(message)
    finally:
        sys.settrace(None)
        threading.settrace(None)  # type: ignore[arg-type,unused-ignore]
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return Cost(count, peak, min(seconds) if timed else 0.0)


def ratio(low: float, middle: float, high: float) -> float:
    """The cost added by the second doubling over the cost added by the first."""
    return (high - middle) / max(middle - low, 1e-9)


@dataclass(frozen=True)
class Growth:
    """A measure that grew faster than linear at two scales."""

    measure: str
    sizes: tuple[int, ...]
    values: tuple[float, ...]

    def __str__(self) -> str:
        shown = ", ".join(f"{n} units: {v:,.3f}" for n, v in zip(self.sizes, self.values, strict=True))
        return f"{self.measure} grow faster than the input ({shown})"


MEASURES = tuple(FLOORS)


def ratios(costs: list[Cost], measures: tuple[str, ...] = MEASURES) -> dict[str, float]:
    """Per measure, the growth ratio of the last three sizes, or 0 below the floor."""
    found = {}
    for name in measures:
        values = [float(getattr(c, name)) for c in costs[-3:]]
        found[name] = ratio(*values) if values[2] - values[1] >= FLOORS[name] else 0.0
    return found


def judge(shape: Shape, check: Callable[[bytes], Any], measures: tuple[str, ...] = MEASURES) -> Growth | None:
    """The first measure whose growth on ``shape`` is superlinear at two scales, or None.

    Three sizes first; the fourth (8n) only when one of the measures is suspect."""
    timed = "seconds" in measures
    sizes = [shape.units(scale) for scale in (1, 2, 4)]
    costs = [measure(check, shape.message(n), timed) for n in sizes]
    suspects = [name for name, found in ratios(costs, measures).items() if found > GROWTH]
    if not suspects:
        return None
    sizes.append(shape.units(8))
    costs.append(measure(check, shape.message(sizes[-1]), timed))
    confirmed = ratios(costs, measures)
    for name in suspects:
        if confirmed[name] > GROWTH:
            return Growth(name, tuple(sizes), tuple(float(getattr(c, name)) for c in costs))
    return None


def default_check() -> Callable[[bytes], Any]:
    """``mailguard.check`` with the default policy, its time limit off (a timer would cut
    the very work being measured short) and its fingerprint secret resolved once."""
    import mailguard
    from mailguard.policy import Policy
    from mailguard.shells.userdata import with_secret

    policy = Policy.default()
    policy = with_secret(dataclasses.replace(policy, limits=dataclasses.replace(policy.limits, max_seconds=0)))
    return lambda message: mailguard.check(message, policy)


def seeds() -> list[Shape]:
    """Message families a city office writes, each at the place it is written: Japanese and
    English lines, address lists, blanks after a label, table rows, markup."""
    jp = "田中太郎様\r\n".encode()
    return [
        Shape("body", "お世話になっております。\r\n".encode(), jp, "よろしくお願いいたします。\r\n".encode()),
        Shape("body", b"Dear Mr Smith,\r\n", b"Please find the minutes attached. ", b"\r\nRegards\r\n"),
        Shape("body", "氏名,住所,電話\r\n".encode(), "山田花子,東京都千代田区1-1,03-1234-5678\r\n".encode(), b""),
        Shape("body", b"", b"a@example.jp\r\n", b""),
        Shape("body", "旅券番号".encode(), b" ", b"TK1234567\r\n"),
        Shape("body", b"Dear", b" ", b"!x\r\n"),
        Shape("body", b"", b"> quoted text\r\n", b"new text\r\n"),
        Shape("html", b"<html><body>", b"<p>text</p>", b"</body></html>"),
        Shape("html", b"<html><body>", b"<", b"</body></html>"),
        Shape("to", b"", b"a@example.jp, ", b"b@example.jp"),
        Shape("to", b"", "a@example.jp、".encode(), b"b@example.jp"),
        Shape("to", b"", b"a", b" x@example.jp"),
        Shape("subject", "【ご案内】".encode(), "説明会".encode(), b""),
        Shape("display_name", b"", "田中".encode(), b""),
        Shape("filename", b"", "名簿".encode(), b".csv"),
        Shape("attachment", b"", "個人番号 1234 5678 9012\r\n".encode(), b""),
        Shape("raw", b"From: a@example.jp\r\nTo: b@example.jp\r\nSubject: x\r\n", b"X-Note: y\r\n", b"\r\nbody\r\n"),
        Shape("raw", b"From: a@example.jp\r\nTo: b@example.jp\r\n\r\n", b"line\r\n", b""),
    ]


def calibrate(shapes: list[Shape], check: Callable[[bytes], Any]) -> None:
    """Print, for each shape, every measure's ratio at both scales (n..4n and 2n..8n) and its
    cost at 8n: what the thresholds are set against (linear inputs stay near 2)."""
    print(f"{'place':<13} {'unit':<24} {'steps':>11} {'peak':>11} {'seconds':>11}  at 8n: steps, peak, s")
    for shape in shapes:
        costs = [measure(check, shape.message(shape.units(scale))) for scale in (1, 2, 4, 8)]
        first, second = ratios(costs[:3]), ratios(costs)
        cells = " ".join(f"{first[name]:5.2f}/{second[name]:<5.2f}" for name in FLOORS)
        top = costs[-1]
        print(f"{shape.place:<13} {shape.unit[:22]!r:<24} {cells}  {top.steps:,} {top.peak:,} {top.seconds:.3f}")


def corpus_shape(message: bytes) -> Shape | None:
    """A real message as a raw family: one of its body lines (the middle one) is the unit."""
    head, blank, body = message.partition(b"\r\n\r\n") if b"\r\n\r\n" in message else message.partition(b"\n\n")
    lines = body.splitlines(keepends=True)
    if not blank or not lines or len(head) + len(blank) >= 1 << 16:
        return None
    middle = len(lines) // 2
    unit = lines[middle][:255]
    if not unit.strip():
        return None
    before = head + blank + b"".join(lines[:middle])
    if len(before) >= 1 << 16:
        return None
    return Shape("raw", before, unit, lines[middle][len(unit) :] + b"".join(lines[middle + 1 :]))
