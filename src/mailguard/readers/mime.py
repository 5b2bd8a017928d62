"""MIME structure: the standard library's compat32 tree, built faster for well-formed mail.

The stdlib parser feeds every body line through Python-level line splitting and compiles a
fresh regular expression for each multipart boundary (every message has its own), which
profiling showed to be most of the cost of reading a merge run. Here multipart bodies are
split on their delimiter lines with plain string searches, and header blocks made only of
field and continuation lines are split into names and values the way compat32 does it (any
other header block still goes through the stdlib's header parser).

The fast path yields exactly the tree the stdlib parser would (same headers, payloads,
preambles, epilogues, default types; tested against it over the shared corpus and generated
messages), and only for mail it can prove regular: one line-ending style, a blank line after
every header block, no header defects, delimiter lines that are all well formed, a closing
delimiter at every level. Anything else (bounces, truncated or hand-made messages, mixed line
ends) is parsed by the stdlib from the start, so the tolerant behaviour is unchanged.
"""

from __future__ import annotations

import email
import email.message
import re
from email.parser import HeaderParser
from email.policy import compat32
from email.utils import collapse_rfc2231_value, unquote
from typing import Any

_MAX_FAST_DEPTH = 64
_MULTIPART_ENCODINGS = ("7bit", "8bit", "binary")
# A header block whose every line is a field (name, colon) or a continuation, nothing else:
# the lines the stdlib's headerRE accepts, minus the mbox "From " line.
_FIELD_LINE = r"(?:[\041-\071\073-\176]+:|[ \t])"
_LF_BLOCK = re.compile(rf"(?:{_FIELD_LINE}[^\n]*\n)+")
_CRLF_BLOCK = re.compile(rf"(?:{_FIELD_LINE}[^\r\n]*\r\n)+")


class _Irregular(Exception):
    """The message is not one the fast path can prove it reads like the stdlib."""


def parse_message(data: bytes) -> email.message.Message:
    """The compat32 message tree of ``data``, as ``email.message_from_bytes`` would build it."""
    text = data.decode("ascii", "surrogateescape")  # what BytesParser does
    fast = parse_regular(text)
    return fast if fast is not None else email.message_from_string(text, policy=compat32)


def parse_regular(text: str) -> email.message.Message | None:
    """The fast path alone: the tree, or None when the message is not provably regular."""
    try:
        return _parse(text, 0, len(text), _line_end(text), "text/plain", 0, 0)
    except _Irregular:
        return None


def observable(msg: email.message.Message) -> list[object]:
    """Everything a reader can observe of a tree: per entity its types, envelope line,
    headers as written, raw payload, preamble, epilogue and defects; then the re-serialised
    bytes. The fast path must leave all of it as the stdlib would (the tests and the fuzzer
    compare it)."""
    entities = [
        (
            part.get_content_type(),
            part.get_default_type(),
            part.get_unixfrom(),
            part.items(),
            _raw_payload(part),
            part.preamble,
            part.epilogue,
            [type(defect).__name__ for defect in part.defects],
        )
        for part in msg.walk()
    ]
    try:
        written: object = msg.as_bytes()
    except Exception as error:  # the stdlib cannot re-serialise some 8-bit trees: same either way
        written = type(error).__name__
    return [entities, written]


def content_type(msg: email.message.Message) -> str:
    """``msg.get_content_type()``, read from the stored header when it is plain ASCII text
    (the stdlib fetches and copies the header and splits its parameters on every call, and a
    reader asks each part several times); any other value is the stdlib's to read."""
    for name, value in msg.__dict__.get("_headers", ()):
        if name.lower() == "content-type":
            if isinstance(value, str) and value.isascii():
                found = value.partition(";")[0].strip().lower()
                return found if found.count("/") == 1 else "text/plain"
            return msg.get_content_type()
    return msg.get_default_type()


def header_params(msg: email.message.Message, header: str) -> list[tuple[str, Any]] | None:
    """``msg.get_params(header=header)`` (None without the header): see :func:`plain_params`."""
    for name, value in msg.__dict__.get("_headers", ()):
        if name.lower() == header:
            found = plain_params(value)
            return found if found is not None else msg.get_params(header=header)
    return None


def plain_params(value: object) -> list[tuple[str, str]] | None:
    """The parameters compat32's ``get_params`` gives for a stored header value, worked out
    directly for the common value (ASCII text without a backslash or an RFC 2231 ``*``, no
    ``;`` inside quotes), where its quote-aware splitter, RFC 2231 pass and quoting round
    trip change nothing; None for any other value (the stdlib reads those). Tested against
    the stdlib over the corpus and generated values."""
    if not isinstance(value, str) or not value.isascii() or "\\" in value or "*" in value:
        return None
    segments = value.split(";")
    if any(segment.count('"') % 2 for segment in segments):
        return None  # a ';' inside a quoted string: the stdlib's splitter decides
    params: list[tuple[str, str]] = []
    for segment in segments:
        name, equals, rest = segment.partition("=")
        if equals:
            params.append((name.strip().lower(), unquote(rest.strip())))
        else:
            params.append((segment.strip(), ""))
    return params


def _raw_payload(part: email.message.Message) -> object:
    payload = part.__dict__.get("_payload")  # get_payload() would decode 8-bit text
    return payload if isinstance(payload, str) else len(payload or ())


def _line_end(text: str) -> str:
    if "\r" not in text:
        return "\n"
    if text.count("\r\n") == text.count("\r") == text.count("\n"):
        return "\r\n"
    raise _Irregular  # mixed line ends: the stdlib's universal-newline rules apply


def _parse(
    text: str, start: int, stop: int, nl: str, default_type: str, depth: int, trim: int
) -> email.message.Message:
    """One entity in ``text[start:stop]``: its header block, then its body split here.

    ``trim`` is the length of the line end before the next delimiter: it belongs to the
    delimiter, so the stdlib strips it from the last entity it created (the innermost of a
    message/rfc822 chain, a multipart's epilogue, or a leaf's payload).
    """
    if depth > _MAX_FAST_DEPTH:
        raise _Irregular
    if text.startswith(nl, start, stop):  # no headers at all: the part has the default type
        msg = email.message.Message(policy=compat32)
        body = start + len(nl)
    else:
        end = text.find(nl + nl, start, stop)
        if end < 0:
            raise _Irregular
        msg = _headers(text[start : end + len(nl)], nl)
        body = end + 2 * len(nl)
    if default_type != "text/plain":
        msg.set_default_type(default_type)
    media_type = content_type(msg)
    maintype = media_type.split("/")[0]
    if maintype == "multipart":
        _split(msg, media_type, text, body, stop, nl, depth, trim)
    elif maintype == "message":
        if media_type == "message/delivery-status":
            raise _Irregular  # header blocks separated by blank lines: the stdlib's own rules
        msg.set_payload([_parse(text, body, stop, nl, "text/plain", depth + 1, trim)])
    else:
        msg.set_payload(text[body : max(body, stop - trim)])
    return msg


def _headers(block: str, nl: str) -> email.message.Message:
    """A header block (each line ending in ``nl``) as compat32 reads it: the name up to the
    colon, the value with the first line's leading blanks and the last line end removed."""
    if not (_LF_BLOCK if nl == "\n" else _CRLF_BLOCK).fullmatch(block) or block[0] in " \t":
        return _stdlib_headers(block)  # an mbox From line, a continuation first: the stdlib decides
    msg = email.message.Message(policy=compat32)
    # The list set_raw appends to; compat32 stores each (name, value) as given.
    fields: list[tuple[str, str]] = msg.__dict__["_headers"]
    lines = block.split(nl)
    lines.pop()  # the empty string after the last line end
    name, value = "", ""
    for line in lines:
        if line[0] in " \t":
            value += nl + line
            continue
        if name:
            fields.append((name, value))
        name, _, value = line.partition(":")
        value = value.lstrip(" \t")
    fields.append((name, value))
    return msg


def _stdlib_headers(block: str) -> email.message.Message:
    msg = HeaderParser(policy=compat32).parsestr(block)
    if msg.defects or msg.get_payload():
        raise _Irregular
    return msg


def _split(
    msg: email.message.Message, media_type: str, text: str, body: int, stop: int, nl: str, depth: int, trim: int
) -> None:
    """Cut a multipart body at its delimiter lines (RFC 2046 5.1.1); the line end before each
    delimiter belongs to the delimiter, as in the stdlib."""
    boundary = _boundary(msg)
    if not boundary or "\r" in boundary or "\n" in boundary:
        raise _Irregular  # no delimiter could match a line: the stdlib reports the defects
    if str(msg.get("content-transfer-encoding", "8bit")).lower() not in _MULTIPART_ENCODINGS:
        raise _Irregular
    delimiters, close, epilogue = _delimiters(text, body, stop, nl, "--" + boundary)
    if delimiters[0] > body:
        msg.preamble = text[body : delimiters[0] - len(nl)]
    child_type = "message/rfc822" if media_type == "multipart/digest" else "text/plain"
    parts: list[email.message.Message | str] = []
    ends = [*delimiters[1:], close]
    for delimiter, end in zip(delimiters, ends, strict=True):
        content = text.find(nl, delimiter, end) + len(nl)
        if end - len(nl) <= content:
            raise _Irregular  # an empty part or repeated delimiters: the stdlib skips those
        parts.append(_parse(text, content, end, nl, child_type, depth + 1, len(nl)))
    msg.set_payload(parts)
    if not trim:
        msg.epilogue = text[epilogue:stop]
    elif epilogue < stop:
        msg.epilogue = text[epilogue : stop - trim]


def _boundary(msg: email.message.Message) -> str | None:
    """``msg.get_boundary()``, from :func:`header_params`."""
    for name, value in header_params(msg, "content-type") or ():
        if name.lower() == "boundary":
            return collapse_rfc2231_value(value).rstrip()
    return None


def _delimiters(text: str, body: int, stop: int, nl: str, separator: str) -> tuple[list[int], int, int]:
    """Where each opening delimiter line starts, where the closing one starts, and where the
    epilogue starts; any line that starts like a delimiter but is not one is irregular."""
    opening: list[int] = []
    at = body if text.startswith(separator, body, stop) else _next_line_start(text, body, stop, nl, separator)
    while at >= 0:
        line_end = text.find(nl, at, stop)
        after = stop if line_end < 0 else line_end
        tail = text[at + len(separator) : after].rstrip(" \t")
        if tail == "--":
            if not opening:
                raise _Irregular
            return opening, at, stop if line_end < 0 else line_end + len(nl)
        if tail or line_end < 0:
            raise _Irregular
        opening.append(at)
        at = _next_line_start(text, line_end, stop, nl, separator)
    raise _Irregular  # no closing delimiter


def _next_line_start(text: str, start: int, stop: int, nl: str, separator: str) -> int:
    found = text.find(nl + separator, start, stop)
    return found + len(nl) if found >= 0 else -1


# ---------------------------------------------------------------- content the stdlib left unsplit

_PART_HEADER = re.compile(r"^content-(?:type|disposition|transfer-encoding)[ \t]*:", re.IGNORECASE | re.MULTILINE)
_DELIMITER_LINE = re.compile(r"^--([!-~](?:[ -~]{0,68}[!-~])?)[ \t]*\r?$", re.MULTILINE)


def holds_part_headers(text: str) -> bool:
    """Whether unparsed text (a multipart body nobody could split, a preamble, an epilogue)
    carries lines that start a MIME part: then it holds content that must be read."""
    return bool(text) and _PART_HEADER.search(text) is not None


def recover_parts(text: str, boundaries: tuple[str, ...] = ()) -> list[email.message.Message]:
    """The MIME parts inside text the stdlib left as one string (no or unusable boundary, an
    inner part reusing the outer boundary, parts after the closing delimiter).

    The delimiter is the declared boundary when its lines occur, else the ``--token`` line
    that most often comes right before part headers; the text is then parsed as the body of
    a multipart with that boundary. Without delimiter lines, text that starts with part
    headers is one part. Returns [] when no part can be found."""
    boundary = _likely_boundary(text, boundaries)
    if boundary is not None:
        wrapper = email.message_from_string(
            f'Content-Type: multipart/mixed; boundary="{boundary}"\n\n{text}', policy=compat32
        )
        children = wrapper.get_payload()
        if isinstance(children, list) and children:
            return [c for c in children if isinstance(c, email.message.Message)]
    stripped = text.lstrip("\r\n")
    if _PART_HEADER.match(stripped):
        return [email.message_from_string(stripped, policy=compat32)]
    return []


def _likely_boundary(text: str, boundaries: tuple[str, ...]) -> str | None:
    counts: dict[str, int] = {}
    for found in _DELIMITER_LINE.finditer(text):
        token = found.group(1)
        if token.endswith("--"):
            token = token[:-2]
        if token in boundaries:
            return token
        following = text[found.end() : found.end() + 400].lstrip("\r\n")
        if _PART_HEADER.match(following) and '"' not in token:
            counts[token] = counts.get(token, 0) + 1
    return max(counts, key=counts.__getitem__) if counts else None
