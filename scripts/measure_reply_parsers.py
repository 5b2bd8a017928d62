"""Measure reply-parsing libraries against our body segments on the same realistic mail.

    python scripts/measure_reply_parsers.py

Reads ``tests/reply_samples.py`` (Japanese and English replies and forwards, each line tagged
with the segment a careful reader puts it in) and prints, per library and language, how many
samples it gets right:

- *quotes*: the kept text has every line of the sender's own text and none of the quoted or
  forwarded lines;
- *new text*: the kept text is exactly the salutation and new text (signature left out too).

The libraries are not dependencies of mailguard; install them in a scratch environment
(``pip install email-reply-parser mail-parser-reply quotequail talon``) to measure them. The
figures are quoted in ``mailguard/content/segments.py`` and the CHANGELOG.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests")]

from mailguard.content.segments import SegmentKind, segment_body  # noqa: E402
from reply_samples import SAMPLES, Sample  # noqa: E402

# A parser returns (text kept as the sender's own, text kept as new text without signature).
Parser = Callable[[str], tuple[str, str]]


def _ours(text: str) -> tuple[str, str]:
    found = segment_body(text)
    own = "".join(text[s.start : s.end] for s in found.own)
    new = "".join(text[s.start : s.end] for s in found.of(SegmentKind.SALUTATION, SegmentKind.NEW))
    return own, new


def _email_reply_parser() -> Parser:
    from email_reply_parser import EmailReplyParser

    def parse(text: str) -> tuple[str, str]:
        message = EmailReplyParser.read(text)
        own = "\n".join(f.content for f in message.fragments if not f.quoted)
        return own, EmailReplyParser.parse_reply(text)

    return parse


def _mail_parser_reply() -> Parser:
    from mailparser_reply import EmailReplyParser

    parser = EmailReplyParser(languages=["ja", "en"])

    def parse(text: str) -> tuple[str, str]:
        replies = parser.read(text).replies
        return (replies[0].full_body, replies[0].body) if replies else ("", "")

    return parse


def _quotequail() -> Parser:
    import quotequail

    def parse(text: str) -> tuple[str, str]:
        own = "\n".join(part for mine, part in quotequail.quote(text) if mine)
        return own, own

    return parse


def _talon() -> Parser:
    import talon
    from talon import quotations
    from talon.signature.bruteforce import extract_signature

    talon.init()

    def parse(text: str) -> tuple[str, str]:
        own = quotations.extract_from_plain(text)
        return own, extract_signature(own)[0]

    return parse


def _lines(text: str) -> set[str]:
    return {line.strip() for line in text.splitlines() if line.strip()}


def _judge(sample: Sample, parser: Parser) -> tuple[bool, bool]:
    tagged = [(kind, line.strip()) for kind, line in sample.expected]
    own = {line for kind, line in tagged if kind in ("salutation", "new", "signature")}
    new = {line for kind, line in tagged if kind in ("salutation", "new")}
    quoted = {line for kind, line in tagged if kind in ("quoted", "forwarded")} - own
    try:
        kept_own, kept_new = parser(sample.body)
    except Exception:  # a library that raises on a sample gets it wrong
        return False, False
    kept_own_lines, kept_new_lines = _lines(kept_own or ""), _lines(kept_new or "")
    quotes_right = new <= kept_own_lines and not (kept_own_lines & quoted)
    return quotes_right, kept_new_lines == new


def main() -> None:
    parsers: dict[str, Parser | str] = {"mailguard segments": _ours}
    for name, make in (
        ("email-reply-parser", _email_reply_parser),
        ("mail-parser-reply", _mail_parser_reply),
        ("quotequail", _quotequail),
        ("talon", _talon),
    ):
        try:
            parsers[name] = make()
        except Exception as error:  # not installed here, or does not start
            parsers[name] = f"not measured ({type(error).__name__}: {error})"
    totals = {lang: sum(1 for s in SAMPLES if s.language == lang) for lang in ("ja", "en")}
    print(f"{'library':22} {'ja quotes':>10} {'ja new':>8} {'en quotes':>10} {'en new':>8}")
    for name, parser in parsers.items():
        if isinstance(parser, str):
            print(f"{name:22} {parser}")
            continue
        scores = {lang: [0, 0] for lang in totals}
        for sample in SAMPLES:
            quotes_right, new_right = _judge(sample, parser)
            scores[sample.language][0] += quotes_right
            scores[sample.language][1] += new_right
        cells = [f"{scores[lang][k]}/{totals[lang]}" for lang in ("ja", "en") for k in (0, 1)]
        print(f"{name:22} {cells[0]:>10} {cells[1]:>8} {cells[2]:>10} {cells[3]:>8}")


if __name__ == "__main__":
    main()
