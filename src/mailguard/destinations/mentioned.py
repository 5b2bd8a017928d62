"""Domains the message itself shows: the quoted thread, forwarded headers, signatures.

A reply to ``hikari-densi.co.jp`` whose quoted mail came from ``hikari-denshi.co.jp`` carries
the right domain inside the draft; so does a reply to ``icloud.co`` quoting ``icloud.com``.
The body is read in the shared segments (``content.segments``: quoted and forwarded parts with
their authors, signatures, the sender's own text), and each domain of an address or a link is
kept with where it was seen and, for a quoted message, the date its header shows.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from mailguard.content.segments import BodySegments, Segment, SegmentKind
from mailguard.destinations.domains import normalise_domain
from mailguard.destinations.lookalike import Reference, Where

_ADDRESS = re.compile(r"[\w.+\-]{1,64}@([A-Za-z0-9\-]{1,63}(?:\.[A-Za-z0-9\-]{1,63}){1,8})")
_URL_HOST = re.compile(r"https?://([A-Za-z0-9\-]{1,63}(?:\.[A-Za-z0-9\-]{1,63}){1,8})", re.IGNORECASE)
_DATE = re.compile(r"(20\d\d)\s{0,2}[/年.\-]\s{0,2}(\d{1,2})\s{0,2}[/月.\-]\s{0,2}(\d{1,2})")
_HEADER_LINES = 8  # a quoted header block's date is in its first lines


def _where(segment: Segment) -> Where:
    if segment.kind in (SegmentKind.QUOTED, SegmentKind.FORWARDED) or segment.depth > 0:
        return Where.QUOTED
    if segment.kind is SegmentKind.SIGNATURE:
        return Where.SIGNATURE
    return Where.BODY


def _date(segment: Segment) -> str:
    """The date a quoted message's header or attribution line shows (``2026-11-30``)."""
    for line in segment.text.splitlines()[:_HEADER_LINES]:
        found = _DATE.search(line)
        if found:
            year, month, day = found.groups()
            return f"{year}-{int(month):02d}-{int(day):02d}"
    return ""


def _domains(segment: Segment) -> Iterator[str]:
    if segment.author:
        yield segment.author.rpartition("@")[2]
    text = segment.text
    if "@" in text:
        yield from _ADDRESS.findall(text)
    if "://" in text:
        yield from _URL_HOST.findall(text)


def mentioned_domains(segments: BodySegments) -> tuple[Reference, ...]:
    """Every domain of an address or a link in the body, once, with where it was first seen
    (the quoted thread before a signature before the sender's own text)."""
    seen: dict[str, Reference] = {}
    date_of: dict[int, str] = {}
    for segment in segments.segments:
        where = _where(segment)
        for found in _domains(segment):
            domain = normalise_domain(found)
            if not domain:
                continue
            known = seen.get(domain)
            if known is None or where.rank < known.where.rank:
                if where is Where.QUOTED and id(segment) not in date_of:
                    date_of[id(segment)] = _date(segment)
                seen[domain] = Reference(domain, where, date_of.get(id(segment), ""))
    return tuple(seen.values())
