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
    "iso2022_jp": ("iso2022_jp", "iso2022_jp_ext", "iso2022_jp_2004", "cp932"),
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
_GUESSES = ("utf-8", "iso2022_jp", "cp932", "euc_jp")


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


def decode_bytes(data: bytes, label: str | None, where: str) -> tuple[str, str | None]:
    """Decode ``data`` declared as ``label``; returns (text, warning or None).

    Tries the declared charset and the supersets mailers really use, then common guesses,
    and finally replaces undecodable bytes, warning about what it did.
    """
    if not data:
        return "", None
    for encoding in _candidates(label):
        try:
            return data.decode(encoding), None
        except (UnicodeDecodeError, LookupError):
            continue
    if label and _canonical(label) is None:
        warning = f"{where}: unknown charset {label!r}; decoded by guessing"
    else:
        warning = f"{where}: text does not match charset {label or 'undeclared'!r}; decoded by guessing"
    for encoding in _GUESSES:
        try:
            return data.decode(encoding), warning
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", errors="replace"), warning


def raw_header_bytes(value: str) -> bytes:
    """Recover the bytes of a header that the stdlib parsed with surrogateescape."""
    return value.encode("utf-8", errors="surrogateescape")


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
    if any("\udc80" <= ch <= "\udcff" for ch in value):
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
