"""Text of an RTF body, the form Outlook keeps when a message has no plain-text body.

Outlook stores such bodies as compressed RTF (PidTagRtfCompressed, MS-OXRTFCP); the
``compressed-rtf`` package (MIT) inflates them. The RTF itself is read here: the one
permissively licensed extractor (striprtf) decodes each ``\\'hh`` byte on its own, which
breaks every CP932 character (two bytes), and RTFDE is LGPL. This reader follows the RTF 1.9
syntax for what carries text: groups, control words, ``\\'hh`` bytes in the document's
``\\ansicpg`` code page (or a font's ``\\fcharset``), ``\\uN`` with its ``\\ucN`` fallback
count, and the destinations that hold no text (font and colour tables, pictures, ``\\*``).

HTML encapsulated in RTF (``\\fromhtml1``, MS-OXRTFEX) is returned as HTML: the ``\\htmltag``
groups and the text outside ``\\htmlrtf`` spans, so that the caller converts it like any HTML body.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from mailguard.findings import Reason, reason
from mailguard.readers.charset import decode_bytes

_TOKEN = re.compile(
    rb"\\([a-zA-Z]{1,32})(-?\d{1,10})? ?|\\'([0-9a-fA-F]{2})|\\(.)|([{}])|([^\\{}\r\n]+)|[\r\n]+", re.DOTALL
)
_SKIPPED = frozenset(
    (
        b"fonttbl colortbl stylesheet info pict object themedata colorschememapping datastore "
        b"latentstyles listtable listoverridetable rsidtbl generator xmlnstbl mmathPr header footer "
        b"headerl headerr footerl footerr filetbl revtbl pgdsctbl operator author title"
    ).split()
)
_BREAKS = {b"par": "\n", b"line": "\n", b"sect": "\n", b"row": "\n", b"cell": "\t", b"tab": "\t", b"page": "\n"}
_SYMBOLS = {b"emdash": "\u2014", b"endash": "\u2013", b"lquote": "\u2018", b"rquote": "\u2019", b"ldblquote": "\u201c"}
_SYMBOLS[b"rdblquote"] = "\u201d"
_SYMBOLS[b"bullet"] = "\u2022"
_CHARSET_CODEPAGES = {128: "cp932", 134: "gbk", 136: "cp950", 129: "cp949", 161: "cp1253", 162: "cp1254", 204: "cp1251"}


@dataclass
class _Group:
    skip: bool = False
    html_rtf: bool = False
    html_tag: bool = False
    uc: int = 1
    codepage: str | None = None


@dataclass
class RtfText:
    text: str
    is_html: bool
    warnings: list[Reason] = field(default_factory=list)


def rtf_to_text(data: bytes) -> RtfText:
    """The text (or encapsulated HTML) of an RTF document; never raises on bad RTF."""
    reader = _Reader(b"\\fromhtml" in data[:2048])
    reader.feed(data)
    return RtfText(reader.result(), reader.html, reader.warnings)


class _Reader:
    def __init__(self, html: bool) -> None:
        self.html = html
        self.stack: list[_Group] = [_Group()]
        self.out: list[str] = []
        self.pending = bytearray()  # \'hh bytes of one run, decoded together (CP932 pairs)
        self.pending_codepage: str | None = None
        self.document_codepage = "cp1252"
        self.font_codepages: dict[int, str] = {}
        self.skip_chars = 0
        self.warnings: list[Reason] = []
        self._font: int | None = None

    @property
    def group(self) -> _Group:
        return self.stack[-1]

    def visible(self) -> bool:
        group = self.group
        if group.skip:
            return False
        return not self.html or group.html_tag or not group.html_rtf

    def emit(self, text: str) -> None:
        if self.skip_chars:
            take = min(self.skip_chars, len(text))
            self.skip_chars -= take
            text = text[take:]
        if text and self.visible():
            self.flush()
            self.out.append(text)

    def flush(self) -> None:
        if self.pending:
            text, warning = decode_bytes(bytes(self.pending), self.pending_codepage, reason("ui.read.rtf_body"))
            if warning is not None and warning not in self.warnings:
                self.warnings.append(warning)
            self.out.append(text)
            self.pending.clear()

    def feed(self, data: bytes) -> None:
        destination_next = False
        for match in _TOKEN.finditer(data):
            word, number, hex_byte, symbol, brace, text = match.groups()
            if brace == b"{":
                self.flush()
                parent = self.group
                self.stack.append(_Group(parent.skip, parent.html_rtf, parent.html_tag, parent.uc, parent.codepage))
                continue
            if brace == b"}":
                self.flush()
                if len(self.stack) > 1:
                    self.stack.pop()
                continue
            if hex_byte is not None:
                if self.skip_chars:
                    self.skip_chars -= 1
                elif self.visible():
                    codepage = self.group.codepage or self.document_codepage
                    if self.pending and codepage != self.pending_codepage:
                        self.flush()
                    self.pending_codepage = codepage
                    self.pending.append(int(hex_byte, 16))
                continue
            if symbol is not None:
                destination_next = self._symbol(symbol, destination_next)
                continue
            if word is not None:
                destination_next = self._word(word, number, destination_next)
                continue
            if text is not None:
                self.emit(text.decode("latin-1"))
        self.flush()

    def _symbol(self, symbol: bytes, destination_next: bool) -> bool:
        if symbol == b"*":
            return True
        if symbol in (b"\\", b"{", b"}"):
            self.emit(symbol.decode())
        elif symbol == b"~":
            self.emit("\u00a0")
        elif symbol in (b"\n", b"\r"):
            self.emit("\n")
        return destination_next

    def _word(self, word: bytes, number: bytes | None, destination_next: bool) -> bool:
        group = self.group
        value = int(number) if number is not None else None
        if word == b"htmltag":
            group.html_tag = True
            group.skip = False
            return False
        if destination_next or word in _SKIPPED:
            group.skip = True
            return False
        if word == b"htmlrtf":
            group.html_rtf = value != 0
        elif word == b"ansicpg" and value:
            self.document_codepage = f"cp{value}"
        elif word == b"f" and value is not None:
            self._font = value
            group.codepage = self.font_codepages.get(value)
        elif word == b"fcharset" and value is not None and self._font is not None:
            codepage = _CHARSET_CODEPAGES.get(value)
            if codepage:
                self.font_codepages[self._font] = codepage
        elif word == b"uc" and value is not None:
            group.uc = max(0, min(value, 8))
        elif word == b"u" and value is not None:
            self.emit(chr(value % 65536))  # a signed 16-bit UTF-16 unit (halves are joined at the end)
            self.skip_chars = group.uc
        elif word in _BREAKS:
            self.emit(_BREAKS[word])
        elif word in _SYMBOLS:
            self.emit(_SYMBOLS[word])
        return False

    def result(self) -> str:
        self.flush()
        text = "".join(self.out)
        return _join_surrogates(text)


_SURROGATE_PAIR = re.compile("[\ud800-\udbff][\udc00-\udfff]")


def _join_surrogates(text: str) -> str:
    """``\\uN`` writes characters beyond U+FFFF as two UTF-16 halves: join them."""
    if not any("\ud800" <= c <= "\udfff" for c in text):
        return text
    joined = _SURROGATE_PAIR.sub(lambda m: m.group(0).encode("utf-16-le", "surrogatepass").decode("utf-16-le"), text)
    return joined.encode("utf-8", "replace").decode("utf-8")
