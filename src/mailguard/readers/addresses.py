"""Address headers as people type them: separators and typos repaired before splitting.

The standard library splits ``To:`` at commas only. A Japanese office also writes
``a@x.jp、b@y.jp`` (the Japanese comma), ``，`` ``；`` ``;`` or a full-width space between
addresses, ``sato@sample-town,lg.jp`` (a comma typed for the dot), ``sato@sample-town．lg.jp``,
``tanaka＠example.jp``, a trailing dot, ``Tanaka Taro tanaka@example.jp`` or
``田中太郎tanaka@example.jp`` (a name glued to the address), ``営業@本社 <sato@example.jp>`` (an
unquoted ``@`` in a display name) and two mailboxes with no comma between them. Split as
written, those give no recipients at all, or phantom parties (``lg.jp``, ``営業@本社``) that
MG101 would count. :func:`repair_header` rewrites such a header into what was meant and
says what it repaired, so that the reader gets one recipient each where one was meant and
MG106 can show the sender the addresses as read (a confirmation, never a silent fix).

Only what is certain is rewritten: a separator counts only between two addresses, a comma in
a domain only when the rest is a public suffix and no address, a name only when it is
outside any quotes and angle brackets. Everything else is left to the standard parser.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum

from mailguard.readers.charset import decode_bytes, raw_header_bytes

_SEPARATORS = "、，；;\u3000､﹐"
_SEPARATOR_NAMES = {
    "、": "comma",
    "､": "comma",
    "，": "wide_comma",
    "﹐": "wide_comma",
    "；": "semicolon",
    ";": "semicolon",
    "\u3000": "wide_space",
}
# An addr-spec as typed: no spaces, separators, quotes, brackets or commas inside. Both this
# and the local-part tail start only where their run starts (the look-behind): a run that
# fails is read once, not once from each of its letters (issue 16: 18 s at 20,000 letters).
_TYPED = rf"\s<>(),\"{_SEPARATORS}@＠"
_ADDRESS = re.compile(rf"(?<![^{_TYPED}])[^{_TYPED}]+[@＠][^{_TYPED}]+")
_ASCII_LOCAL_TAIL = re.compile(r"(?<![A-Za-z0-9._%+'!#$&*/=?^`{|}~-])[A-Za-z0-9._%+'!#$&*/=?^`{|}~-]+$")
_WIDE_DOTS = str.maketrans({"．": ".", "。": ".", "｡": "."})
_COMMA_IN_DOMAIN = re.compile(
    rf"(@[A-Za-z0-9-]{{1,63}}(?:\.[A-Za-z0-9-]{{1,63}}){{0,8}}),([A-Za-z]{{2,63}}(?:\.[A-Za-z]{{2,63}}){{0,3}})"
    rf"(?=$|[\s>;,{_SEPARATORS}])"
)
_GROUP = re.compile(r"^[^\"<>]*:")
_ATEXT = r"\-A-Za-z0-9!#$%&'*+/=?^_`{|}~"
# The common mailbox, settled without the repairs: `addr`, `<addr>`, `Name Words <addr>`.
# The blanks before a name are the name's own (one run, not two that share the spaces).
_PLAIN = re.compile(
    rf"(?:[{_ATEXT} \t]*<[{_ATEXT}.]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+>|[ \t]*[{_ATEXT}.]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)[ \t]*"
)


class Repair(StrEnum):
    """What was wrong with the header as written (MG106 words each kind)."""

    SEPARATOR = "separator"  # 、 ， ； ; or a full-width space between addresses
    MISSING_COMMA = "missing_comma"
    COMMA_IN_DOMAIN = "comma_in_domain"
    WIDE_CHARACTERS = "wide_characters"  # ＠, ．, full-width letters in an address
    TRAILING_DOT = "trailing_dot"
    GLUED_NAME = "glued_name"
    AT_IN_NAME = "at_in_name"


@dataclass(frozen=True, slots=True)
class Repaired:
    kind: Repair
    written: str  # the text as written
    read: tuple[str, ...]  # the address(es) it was read as
    detail: str = ""  # the separator's name for SEPARATOR


def _working_text(value: str) -> str:
    """The header as text: raw 8-bit (kept as surrogates by the parser) decoded, so that a
    Japanese comma written in UTF-8 or CP932 is seen as one."""
    if value.isascii() and "\x1b" not in value:
        return value
    if "\x1b" in value:
        return decode_bytes(raw_header_bytes(value), "iso-2022-jp", "address header")[0]
    if re.search("[\udc80-\udcff]", value):
        return decode_bytes(raw_header_bytes(value), None, "address header")[0]
    return value


def repair_header(value: str) -> tuple[str, tuple[Repaired, ...]]:
    """``value`` (one unfolded header value) rewritten as meant, and what was repaired; the
    value itself, untouched, when nothing was."""
    if "@" not in value and "＠" not in value and "\udc81" not in value and "\udcef" not in value:
        return value, ()
    text = _working_text(value)
    if "," not in text and _PLAIN.fullmatch(text):
        return value, ()  # one mailbox, as _repair_piece settles it: no comma in a domain either
    repairs: list[Repaired] = []
    text = _COMMA_IN_DOMAIN.sub(lambda m: _comma_in_domain(m, repairs), text)
    grouped = bool(_GROUP.match(text))
    pieces = [_repair_piece(piece, repairs, grouped) for piece in _top_level(text)]
    if not repairs:
        return value, ()
    return ", ".join(p for p in pieces if p.strip()), tuple(repairs)


def _comma_in_domain(match: re.Match[str], repairs: list[Repaired]) -> str:
    from mailguard.destinations.domains import public_suffix

    before, after = match.group(1), match.group(2)
    joined = f"{before[1:]}.{after}"
    if public_suffix(before[1:]) or not public_suffix(joined) or public_suffix(joined) == joined:
        return match.group(0)  # the part before was a whole domain already: a real separator
    start = match.string.rfind(" ", 0, match.start()) + 1
    local = re.split(rf"[<\s,{_SEPARATORS}]", match.string[start : match.start()])[-1]
    repairs.append(Repaired(Repair.COMMA_IN_DOMAIN, f"{local}{before},{after}", (f"{local}@{joined}",)))
    return f"@{joined}"


def _top_level(text: str) -> Iterator[str]:
    """``text`` split at commas outside quotes, angle brackets and comments."""
    if "," not in text:  # one mailbox (the commonest header): nothing to walk
        yield text
        return
    if not any(c in text for c in '"(<'):
        yield from text.split(",")
        return
    depth_angle = depth_comment = 0
    quoted = False
    start = 0
    for index, char in enumerate(text):
        if quoted:
            quoted = char != '"' or text[index - 1] == "\\"
        elif char == '"':
            quoted = True
        elif char == "(":
            depth_comment += 1
        elif char == ")":
            depth_comment = max(depth_comment - 1, 0)
        elif char == "<":
            depth_angle += 1
        elif char == ">":
            depth_angle = max(depth_angle - 1, 0)
        elif char == "," and not depth_angle and not depth_comment:
            yield text[start:index]
            start = index + 1
    yield text[start:]


def _outside_quotes(piece: str) -> Iterator[re.Match[str]]:
    """Addresses in ``piece`` that are not inside a quoted string or a comment."""
    shielded = re.sub(r'"(?:[^"\\]|\\.)*"|\([^()]*\)', lambda m: " " * len(m.group(0)), piece)
    yield from _ADDRESS.finditer(shielded)


def _repair_piece(piece: str, repairs: list[Repaired], grouped: bool) -> str:
    """One comma-separated piece: several mailboxes in it are split where they meet."""
    if _PLAIN.fullmatch(piece):
        return piece
    ends = []
    for match in _outside_quotes(piece):
        after = match.end()
        while after < len(piece) and piece[after] in " \t":
            after += 1
        if piece[after : after + 1] == "<" and piece[match.start() - 1 : match.start()] != "<":
            continue  # an address written in a display name: part of the next mailbox
        close = piece.find(">", match.end()) if piece[match.start() - 1 : match.start()] == "<" else -1
        ends.append(close + 1 if close >= 0 else match.end())
    if not ends:
        return piece
    mailboxes, start = [], 0
    for number, end in enumerate(ends):
        last = number == len(ends) - 1
        mailboxes.append(piece[start : len(piece) if last else end])
        if not last:
            following = _mailbox_start(piece, end)
            if not grouped or ";" not in piece[end:following]:
                _note_gap(piece[end:following], piece[start:end], piece[following : ends[number + 1]], repairs)
            start = following
    return ", ".join(_repair_mailbox(m.strip(" \t" + _SEPARATORS), repairs) for m in mailboxes)


def _mailbox_start(piece: str, end: int) -> int:
    """Where the mailbox after ``end`` starts: after the separators, at its display name."""
    start = end
    while start < len(piece) and (piece[start] in _SEPARATORS or piece[start] in " \t"):
        start += 1
    return start


def _note_gap(gap: str, before: str, after: str, repairs: list[Repaired]) -> None:
    read = (_address_of(before), _address_of(after))
    separator = next((c for c in gap if c in _SEPARATORS), "")
    if separator:
        repairs.append(Repaired(Repair.SEPARATOR, gap, read, _SEPARATOR_NAMES[separator]))
    else:
        repairs.append(Repaired(Repair.MISSING_COMMA, gap, read))


def _address_of(mailbox: str) -> str:
    found = list(_outside_quotes(mailbox))
    return _clean(found[0].group(0)) if found else mailbox.strip()


def _clean(address: str) -> str:
    return unicodedata.normalize("NFKC", address.translate(_WIDE_DOTS)).rstrip(".")


def _repair_mailbox(mailbox: str, repairs: list[Repaired]) -> str:
    """One mailbox: an unquoted ``@`` in its name, a glued name, wide characters, a trailing dot."""
    found = list(_outside_quotes(mailbox))
    if not found:
        return mailbox
    if len(found) > 1 and "<" in mailbox:
        angle = mailbox.index("<")
        name = mailbox[:angle].strip()
        address = _clean(mailbox[angle:].strip("<> "))
        repairs.append(Repaired(Repair.AT_IN_NAME, name, (address,)))
        return f'"{name}" <{mailbox[angle + 1 :].split(">")[0].strip()}>'
    match = found[-1]
    address = match.group(0)
    prefix, rest = mailbox[: match.start()], mailbox[match.end() :]
    local, _, domain = address.replace("＠", "@").rpartition("@")
    if not prefix.strip() and not local.isascii():
        tail = _ASCII_LOCAL_TAIL.search(unicodedata.normalize("NFKC", local))
        name = unicodedata.normalize("NFKC", local)[: tail.start()] if tail else ""
        if tail and name and not any(c.isascii() for c in name):  # 田中太郎tanaka@, not dangl\u00fce@
            fixed = _clean(f"{tail.group(0)}@{domain}")
            repairs.append(Repaired(Repair.GLUED_NAME, address, (fixed,)))
            return f'"{name}" <{fixed}>'
    fixed = _clean(address)
    if prefix.strip() and "<" not in prefix and ":" not in prefix and not rest.strip(" >"):
        repairs.append(Repaired(Repair.GLUED_NAME, mailbox.strip(), (fixed,)))
        return f'"{prefix.strip()}" <{fixed}>'
    if fixed != address:
        trailing_only = address.rstrip(".") == fixed
        repairs.append(Repaired(Repair.TRAILING_DOT if trailing_only else Repair.WIDE_CHARACTERS, address, (fixed,)))
        return prefix + fixed + rest
    return mailbox
