"""Decoding text whose declared charset may be missing, unknown or lying.

Japanese mail is the hard case: ISO-2022-JP bodies using NEC/IBM extensions (①, ㈱, 髙),
``Shift_JIS`` labels on CP932 text, raw 8-bit headers. Every function here returns text and
a warning (or ``None``) instead of raising, so a reader can degrade and say so.
"""

from __future__ import annotations

import codecs
import re
from email.header import decode_header

# Declared labels mapped to the superset real mailers actually produce.
_SUPERSETS: dict[str, tuple[str, ...]] = {
    "iso2022_jp": ("iso2022_jp", "cp50220"),
    "shift_jis": ("cp932", "shift_jis_2004"),
    "cp932": ("cp932", "shift_jis_2004"),
    "euc_jp": ("euc_jp", "euc_jis_2004", "cp932"),
    "ascii": ("ascii", "utf-8", "cp932"),
    "gb2312": ("gb18030",),
    "gbk": ("gb18030",),
    "big5": ("big5hkscs", "cp950"),
    "ks_c_5601-1987": ("cp949",),
    "euc_kr": ("cp949",),
    "latin_1": ("cp1252",),
    "iso8859-1": ("cp1252",),
}

_ALIASES = {
    "x-sjis": "shift_jis",
    "sjis": "shift_jis",
    "shift-jis": "shift_jis",
    "windows-31j": "cp932",
    "ms932": "cp932",
    "cp50220": "iso2022_jp",
    "cp50221": "iso2022_jp",
    "iso-2022-jp-ms": "iso2022_jp",
    "x-unknown": "",
    "unknown-8bit": "",
    "us-ascii": "ascii",
    "ks_c_5601-1987": "ks_c_5601-1987",
}

# Encodings tried, in order, when nothing usable is declared.
_GUESSES = ("cp50220", "utf-8", "cp932", "euc_jp")


def _canonical(label: str) -> str | None:
    """Python codec name for a MIME charset label, or None when unknown."""
    label = label.strip().strip('"').lower()
    label = _ALIASES.get(label, label)
    if not label:
        return None
    if label == "ks_c_5601-1987":
        return label
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _candidates(label: str | None) -> tuple[str, ...]:
    canonical = _canonical(label) if label else None
    if canonical is None:
        return _GUESSES
    return _SUPERSETS.get(canonical, (canonical,))


_ESCAPES = {b"\x1b(B": "ascii", b"\x1b(J": "ascii", b"\x1b$@": "jis", b"\x1b$B": "jis", b"\x1b(I": "kana"}


def _jis_pair_to_sjis(j1: int, j2: int) -> bytes:
    s1 = ((j1 - 0x21) >> 1) + 0x81
    if s1 > 0x9F:
        s1 += 0x40
    s2 = j2 + 0x1F + (1 if j2 >= 0x60 else 0) if j1 & 1 else j2 + 0x7E
    return bytes((s1, s2))


def decode_cp50220(data: bytes) -> str:
    """ISO-2022-JP as Microsoft writes it (CP50220): JIS X 0208 plus NEC and IBM extensions.

    Python's iso2022_jp rejects the NEC row 13 characters (①, ㈱, №) that Japanese office
    mail uses all the time; mapping each JIS pair to Shift_JIS and decoding as CP932 keeps
    them. Raises UnicodeDecodeError on anything that is not ISO-2022-JP.
    """
    out = bytearray()
    mode = "ascii"
    i = 0
    while i < len(data):
        escape = data[i : i + 3]
        if escape in _ESCAPES:
            mode = _ESCAPES[escape]
            i += 3
            continue
        byte = data[i]
        if byte >= 0x80 or (byte == 0x1B):
            raise UnicodeDecodeError("cp50220", data, i, i + 1, "not 7-bit ISO-2022-JP")
        if mode == "jis" and 0x21 <= byte <= 0x7E and i + 1 < len(data):
            out += _jis_pair_to_sjis(byte, data[i + 1])
            i += 2
            continue
        out.append(byte + 0x80 if mode == "kana" and 0x21 <= byte <= 0x5F else byte)
        i += 1
    return out.decode("cp932")


def _decode_with(data: bytes, encoding: str) -> str:
    """Decode strictly; a multi-byte character cut at the very end (a size limit truncated
    the text there) is dropped instead of failing the whole text into a wrong guess."""
    if encoding == "cp50220":
        return decode_cp50220(data)
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        if error.reason == "unexpected end of data" and error.start >= len(data) - 4:
            return data[: error.start].decode(encoding)
        raise


def decode_bytes(data: bytes, label: str | None, where: str) -> tuple[str, str | None]:
    """Decode ``data`` declared as ``label``; returns (text, warning or None).

    Tries the declared charset and the supersets mailers really use, then common guesses,
    and finally replaces undecodable bytes, warning about what it did.
    """
    if not data:
        return "", None
    unknown = bool(label) and _canonical(label or "") is None
    for encoding in () if unknown else _candidates(label):
        try:
            return _decode_with(data, encoding), None
        except (UnicodeDecodeError, LookupError):
            continue
    if unknown:
        warning = f"{where}: unknown charset {label!r}; decoded by guessing"
    else:
        warning = f"{where}: text does not match charset {label or 'undeclared'!r}; decoded by guessing"
    for encoding in _GUESSES:
        try:
            return _decode_with(data, encoding), warning
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", errors="replace"), warning


def raw_header_bytes(value: str) -> bytes:
    """Recover the bytes of a header that the stdlib parsed with surrogateescape."""
    return value.encode("utf-8", errors="surrogateescape")


_SURROGATES = re.compile("[\udc80-\udcff]")
_FOLD = re.compile(r"\r?\n[ \t]|\r[ \t]")
_ENCODED_WORD_GAP = re.compile(r"(\?=)\s+(=\?)")


def unfold(value: str) -> str:
    """Join folded header lines (RFC 5322 2.2.3) before any further parsing."""
    return _FOLD.sub(" ", value).replace("\r", " ").replace("\n", " ")


def decode_words(value: str, where: str) -> tuple[str, str | None]:
    """Decode RFC 2047 encoded words and raw 8-bit in a header value.

    Returns (text, warning or None). Folding must already be removed.
    """
    warning: str | None = None
    if not value.isascii() and _SURROGATES.search(value):
        # Raw 8-bit header (common from Japanese phones): the bytes survive as surrogates.
        value, warning = decode_bytes(raw_header_bytes(value), None, where)
    if "\x1b" in value:
        # Raw 7-bit ISO-2022-JP in a header, without encoded words (old Japanese mailers).
        value, warning = decode_bytes(raw_header_bytes(value), "iso-2022-jp", where)
    if "=?" not in value:
        return value, warning
    try:
        parts = decode_header(_ENCODED_WORD_GAP.sub(r"\1\2", value))
    except (ValueError, AssertionError, LookupError):
        return value, f"{where}: malformed encoded word left undecoded"
    pieces: list[str] = []
    for chunk, charset in parts:
        if isinstance(chunk, str):
            pieces.append(chunk)
            continue
        text, chunk_warning = decode_bytes(chunk, charset, where)
        pieces.append(text)
        warning = warning or chunk_warning
    return "".join(pieces), warning


def decode_document(data: bytes, name: str) -> str:
    """A text file of unknown encoding (CSV from Excel in Japan is CP932; others UTF-8 with
    or without BOM): decoded by the same guesses as message text."""
    text, _ = decode_bytes(data.removeprefix(b"\xef\xbb\xbf"), None, name)
    return text
