"""Decoding text whose declared charset may be missing, unknown or lying.

Japanese mail is the hard case: ISO-2022-JP bodies using NEC/IBM extensions (①, ㈱, 髙),
``Shift_JIS`` labels on CP932 text, raw 8-bit headers. Every function here returns text and
a warning (or ``None``) instead of raising, so a reader can degrade and say so.
"""

from __future__ import annotations

import binascii
import codecs
import re
from email.header import decode_header

from mailguard.findings import Param, Reason, reason

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


def _candidates(canonical: str | None) -> tuple[str, ...]:
    """The codecs to try for a label's canonical name (:func:`_canonical`)."""
    if canonical is None:
        return _GUESSES
    return _SUPERSETS.get(canonical, (canonical,))


_ESCAPES = {b"\x1b(B": "ascii", b"\x1b(J": "ascii", b"\x1b$@": "jis", b"\x1b$B": "jis", b"\x1b(I": "kana"}
# SoftBank's emoji escapes (ESC $ G/E/F/O/P/Q, each character a byte, until SI): one mark each.
_SOFTBANK = frozenset(b"GEFOPQ")
GETA = "\u3013"  # 〓: the mark Japanese text uses for a character that cannot be shown


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
    them. Raises UnicodeDecodeError on anything that is not ISO-2022-JP, and on characters
    outside CP932 (see :func:`decode_cp50220_replacing`)."""
    text, replaced = decode_cp50220_replacing(data)
    if replaced:
        raise UnicodeDecodeError("cp50220", data, 0, len(data), "characters outside CP932")
    return text


def decode_cp50220_replacing(data: bytes) -> tuple[str, int]:
    """ISO-2022-JP (CP50220) where each character outside CP932 (the au, docomo and SoftBank
    emoji rows, SoftBank's own escapes) becomes 〓, one character at a time, never an escape
    sequence left in the text. Returns the text and how many characters were replaced."""
    out: list[str] = []
    run = bytearray()  # Shift_JIS bytes of the current stretch, decoded together
    mode = "ascii"
    replaced = 0
    i = 0
    while i < len(data):
        escape = data[i : i + 3]
        if escape in _ESCAPES:
            mode = _ESCAPES[escape]
            i += 3
            continue
        if escape[:2] == b"\x1b$" and len(escape) == 3 and escape[2] in _SOFTBANK:
            end = data.find(b"\x0f", i + 3)
            end = len(data) if end < 0 else end
            out.append(_sjis(run) + GETA * (end - i - 3))
            run.clear()
            replaced += end - i - 3
            i = end + 1
            continue
        byte = data[i]
        if byte >= 0x80 or byte == 0x1B:
            raise UnicodeDecodeError("cp50220", data, i, i + 1, "not 7-bit ISO-2022-JP")
        if mode == "jis" and 0x21 <= byte <= 0x7E and i + 1 < len(data):
            if not 0x21 <= data[i + 1] <= 0x7E:
                raise UnicodeDecodeError("cp50220", data, i + 1, i + 2, "not a JIS X 0208 pair")
            pair = _jis_pair_to_sjis(byte, data[i + 1])
            if _cp932_char(pair) is None:
                out.append(_sjis(run) + GETA)
                run.clear()
                replaced += 1
            else:
                run += pair
            i += 2
            continue
        run.append(byte + 0x80 if mode == "kana" and 0x21 <= byte <= 0x5F else byte)
        i += 1
    out.append(_sjis(run))
    return "".join(out), replaced


def _cp932_char(pair: bytes) -> str | None:
    try:
        return pair.decode("cp932")
    except UnicodeDecodeError:
        return None


def _sjis(run: bytearray) -> str:
    return bytes(run).decode("cp932")


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


_SINGLE_BYTE = re.compile(
    r"^(?:iso8859[-_]\d+|latin[-_]?\d|koi8[-_][a-z]+|cp125\d|cp437|cp850|cp866|mac[-_][a-z]+|tis[-_]620|cp874)$"
)
_JAPANESE_GUESSES = ("cp932", "euc_jp")
# The notes of a declared charset that hid Japanese text (MG901 asks for confirmation).
REDECODED = frozenset({"MG901.declared_other", "MG901.declared_japanese"})


def decode_bytes(data: bytes, label: str | None, where: Param) -> tuple[str, Reason | None]:
    """Decode ``data`` declared as ``label``; returns (text, warning or None). ``where`` names
    the part read (a catalogue reason, or a file name), the warning is a catalogue reason.

    Tries the declared charset and the supersets mailers really use, then the Japanese
    encodings, then CP1252 (text from Western mailers labelled UTF-8), keeping the first
    decode that reads as plausible text; and finally replaces undecodable bytes, warning about
    what it did. A single-byte label (koi8-r, iso-8859-15, ...) on bytes that read far better
    as CP932 or EUC-JP is a lie that hides Japanese text: it is re-decoded, with a warning
    that MG901 reports as a confirm.
    """
    if not data:
        return "", None
    if not label:
        return _guess(data), None
    canonical = _canonical(label)  # looked up once: every header and part body comes here
    unknown = canonical is None
    candidates = _candidates(canonical)
    for encoding in () if unknown else candidates:
        try:
            text, replaced = _decode_counted(data, encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        if replaced:
            return text, reason("MG901.outside_jis", where=where, count=replaced, geta=GETA)
        if not data.isascii() and _SINGLE_BYTE.match(encoding):
            japanese = _japanese_instead(data, text)
            if japanese is not None:
                return japanese[1], reason("MG901.declared_other", where=where, label=label, actual=japanese[0])
        return text, None
    text = _guess(data)
    if unknown:
        return text, reason("MG901.unknown_charset", where=where, label=label)
    if _SINGLE_BYTE.match(candidates[0]) and japanese_score(text) >= _PLAUSIBLE:
        return text, reason("MG901.declared_japanese", where=where, label=label)
    return text, reason("MG901.charset_mismatch", where=where, label=label)


def _decode_counted(data: bytes, encoding: str) -> tuple[str, int]:
    if encoding == "cp50220":
        return decode_cp50220_replacing(data)
    return _decode_with(data, encoding), 0


def _guess(data: bytes) -> str:
    """Japanese encodings first (the users' mail), then CP1252, each only when the result reads
    as text of its kind; charset-normalizer breaks the tie when nothing reads well."""
    fallback: str | None = None
    for encoding in _GUESSES:
        try:
            text, _ = _decode_counted(data, encoding)
        except UnicodeDecodeError:
            continue
        if encoding in ("cp50220", "utf-8") or japanese_score(text) >= _PLAUSIBLE:
            return text
        fallback = fallback or text
    western = _western(data)
    if western is not None and (fallback is None or japanese_score(fallback) < _IMPLAUSIBLE):
        return western
    if fallback is not None:
        return fallback
    best = _normalizer_guess(data)
    return best if best is not None else data.decode("utf-8", errors="replace")


def _western(data: bytes) -> str | None:
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    letters = sum(1 for c in text if not c.isascii() and c.isalpha())
    others = sum(1 for c in text if not c.isascii()) - letters
    return text if letters >= others else None


def _normalizer_guess(data: bytes) -> str | None:
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - a dependency of requests, always present
        return None
    best = from_bytes(data[:65536]).best()
    if best is None or best.encoding is None:
        return None
    try:
        return data.decode(best.encoding)
    except (UnicodeDecodeError, LookupError):
        return None


_PLAUSIBLE = 0.25
_IMPLAUSIBLE = 0.05


def japanese_score(text: str) -> float:
    """How much non-ASCII text reads as Japanese: the share of kana, CJK punctuation and
    full-width forms (and, weighed less, kanji) among its non-ASCII characters. Real Japanese
    writes particles in hiragana; Western bytes read as CP932 give half-width kana, symbols
    and stray kanji."""
    foreign = [c for c in text if not c.isascii()]
    if not foreign:
        return 0.0
    kana = sum(1 for c in foreign if "\u3000" <= c <= "\u30ff" or "\uff01" <= c <= "\uff5e")
    kanji = sum(1 for c in foreign if "\u4e00" <= c <= "\u9fff")
    return (kana + 0.6 * kanji) / len(foreign)


def _japanese_instead(data: bytes, declared: str) -> tuple[str, str] | None:
    """(encoding, text) when the bytes read as plausible Japanese in CP932 or EUC-JP and the
    declared single-byte reading does not read as text of its own script."""
    if japanese_score(declared) > 0 or _western_letters(declared) >= 0.9:
        return None
    for encoding in _JAPANESE_GUESSES:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if japanese_score(text) >= _PLAUSIBLE:
            return encoding.upper().replace("_", "-"), text
    return None


def _western_letters(text: str) -> float:
    """Share of Latin letters with accents among the non-ASCII characters (French, German,
    ...: text that really is in a single-byte charset)."""
    foreign = [c for c in text if not c.isascii()]
    if not foreign:
        return 1.0
    return sum(1 for c in foreign if "\u00c0" <= c <= "\u024f") / len(foreign)


def raw_header_bytes(value: str) -> bytes:
    """Recover the bytes of a header that the stdlib parsed with surrogateescape."""
    return value.encode("utf-8", errors="surrogateescape")


_SURROGATES = re.compile("[\udc80-\udcff]")
_FOLD = re.compile(r"\r?\n[ \t]|\r[ \t]")
_ENCODED_WORD_GAP = re.compile(r"(\?=)\s+(=\?)")


def unfold(value: str) -> str:
    """Join folded header lines (RFC 5322 2.2.3) before any further parsing."""
    if "\n" not in value and "\r" not in value:  # most values: one line, nothing to join
        return value
    return _FOLD.sub(" ", value).replace("\r", " ").replace("\n", " ")


def decode_words(value: str, where: Param) -> tuple[str, Reason | None]:
    """Decode RFC 2047 encoded words and raw 8-bit in a header value.

    Returns (text, warning or None). Folding must already be removed.
    """
    warning: Reason | None = None
    if not value.isascii() and _SURROGATES.search(value):
        # Raw 8-bit header (common from Japanese phones): the bytes survive as surrogates.
        value, warning = decode_bytes(raw_header_bytes(value), None, where)
    if "\x1b" in value:
        # Raw 7-bit ISO-2022-JP in a header, without encoded words (old Japanese mailers).
        value, warning = decode_bytes(raw_header_bytes(value), "iso-2022-jp", where)
        value = value.replace("\x1b", "")
    if "=?" not in value:
        return value, warning
    try:
        # sub() with a template goes through Python code even when nothing matches
        joined = _ENCODED_WORD_GAP.sub(r"\1\2", value) if _ENCODED_WORD_GAP.search(value) else value
        parts = _base64_words(joined) or decode_header(joined)
    except (ValueError, AssertionError, LookupError):
        return value, reason("MG901.malformed_encoded_word", where=where)
    pieces: list[str] = []
    for chunk, charset in parts:
        if isinstance(chunk, str):
            pieces.append(chunk)
            continue
        text, chunk_warning = decode_bytes(chunk, charset, where)
        pieces.append(text)
        warning = warning or chunk_warning
    return "".join(pieces), warning


def _base64_words(value: str) -> list[tuple[bytes | str, str | None]] | None:
    """``decode_header(value)`` for the commonest encoded header, nothing but B-encoded words
    side by side (``=?ISO-2022-JP?B?...?=``, as Japanese mailers write names and subjects);
    None for anything else, which the stdlib reads (its walk of every word costs more than
    the whole decode). Each word padded and decoded alone, runs of one charset joined, as
    the stdlib does; tested against it."""
    if not (value.startswith("=?") and value.endswith("?=")):
        return None
    runs: list[tuple[bytes, str]] = []
    for word in value[2:-2].split("?==?"):
        pieces = word.split("?")
        if len(pieces) != 3:
            return None
        charset, encoding, text = pieces
        base64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/="
        if encoding not in ("b", "B") or not (charset.isascii() and charset.isprintable()) or text.strip(base64):
            return None
        if len(text) % 4:
            text += "==="[: 4 - len(text) % 4]
        try:
            data = binascii.a2b_base64(text.encode("ascii"))
        except binascii.Error:
            return None  # the stdlib raises its own error for it
        charset = charset.lower()
        if runs and runs[-1][1] == charset:
            runs[-1] = (runs[-1][0] + data, charset)
        else:
            runs.append((data, charset))
    return [(data, charset) for data, charset in runs]


def decode_document(data: bytes, name: str) -> str:
    """A text file of unknown encoding (CSV from Excel in Japan is CP932; others UTF-8 with
    or without BOM): decoded by the same guesses as message text."""
    text, _ = decode_bytes(data.removeprefix(b"\xef\xbb\xbf"), None, name)
    return text
