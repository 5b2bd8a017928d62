"""Domains the message itself shows: the quoted thread, forwarded headers, signatures.

A reply to ``hikari-densi.co.jp`` whose quoted mail came from ``hikari-denshi.co.jp`` carries
the right domain inside the draft; so does a reply to ``icloud.co`` quoting ``icloud.com``.
This reads the body line by line and tells quoted and forwarded text (``>`` lines, Outlook's
``-----Original Message-----`` and ``差出人:`` blocks, ``… wrote:`` / ``…のメッセージ:``) and
signatures (after ``-- `` or a rule line near the end) from the sender's own text, keeping the
date of the quoted message when its header shows one.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from mailguard.destinations.domains import normalise_domain
from mailguard.destinations.lookalike import Reference, Where

MAX_BODY_CHARS = 1_000_000

_ADDRESS = re.compile(r"[\w.+\-]+@([A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+)")
_URL_HOST = re.compile(r"https?://([A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+)", re.IGNORECASE)
_QUOTE_START = re.compile(
    r"^\s*(?:-{2,}\s*(?:original message|forwarded message|転送メッセージ|元のメッセージ)\s*-{2,}"
    r"|_{10,}\s*$"
    r"|.*(?:wrote|écrit|のメッセージ|書きました|さんは書きました)\s*[:：]\s*$"
    r"|.*@.*>\s*[:：]\s*$"
    r"|(?:from|差出人|送信者)\s*[:：].*@)",
    re.IGNORECASE,
)
_SIGNATURE_START = re.compile(r"^(?:-- ?|[-=_*─━＝＿＊~〜]{8,})\s*$")
_DATE = re.compile(r"(20\d\d)\s*[/年.\-]\s*(\d{1,2})\s*[/月.\-]\s*(\d{1,2})")


@dataclass(frozen=True, slots=True)
class _Line:
    text: str
    where: Where
    date: str


def _lines(body: str) -> list[_Line]:
    lines = body[:MAX_BODY_CHARS].splitlines()
    found: list[_Line] = []
    quoted, signature_from = False, _signature_start(lines)
    date = ""
    for number, line in enumerate(lines):
        if not quoted and _QUOTE_START.match(line):
            quoted = True
            date = _date_near(lines, number)
        if quoted or line.lstrip().startswith((">", "＞")):
            where = Where.QUOTED
        elif number >= signature_from:
            where = Where.SIGNATURE
        else:
            where = Where.BODY
        found.append(_Line(line, where, date if where is Where.QUOTED else ""))
    return found


def _signature_start(lines: list[str]) -> int:
    """The first line of the sender's signature: after ``-- `` or a rule line in the last 15
    lines before any quoted text (the end of the text when there is none)."""
    end = next((n for n, line in enumerate(lines) if _QUOTE_START.match(line)), len(lines))
    for number in range(end - 1, max(end - 15, 0) - 1, -1):
        if _SIGNATURE_START.match(lines[number].rstrip()):
            return number
    return end


def _date_near(lines: list[str], start: int) -> str:
    for line in lines[start : start + 6]:
        found = _DATE.search(line)
        if found:
            year, month, day = found.groups()
            return f"{year}-{int(month):02d}-{int(day):02d}"
    return ""


def mentioned_domains(body: str) -> tuple[Reference, ...]:
    """Every domain of an address or a link in the body, once, with where it was first seen
    (the quoted thread before a signature before the sender's own text)."""
    if "@" not in body and "://" not in body:
        return ()
    seen: dict[str, Reference] = {}
    order = list(Where)
    for line in _lines(body):
        if "@" not in line.text and "://" not in line.text:
            continue
        text = unicodedata.normalize("NFKC", line.text)
        for domain in (*_ADDRESS.findall(text), *_URL_HOST.findall(text)):
            domain = normalise_domain(domain)
            reference = Reference(domain, line.where, line.date)
            known = seen.get(domain)
            if known is None or order.index(reference.where) < order.index(known.where):
                seen[domain] = reference
    return tuple(seen.values())
