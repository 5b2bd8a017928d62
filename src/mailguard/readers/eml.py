"""RFC 5322 / MIME reader.

Uses the standard library's compat32 parser (fast and tolerant, see NOTES.md) and does the
careful parts itself: unfolding before address parsing, encoded words decoded per display name
after the address list is split, charsets decoded with fallbacks. Every header access and
payload read is guarded: hostile messages raise inside the stdlib long after the first parse.
"""

from __future__ import annotations

import email
import email.message
import email.utils
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.policy import compat32
from typing import Any

from mailguard.errors import InputError
from mailguard.findings import Reason, reason
from mailguard.limits import Limits
from mailguard.model import Address, AddressRepair, Attachment, Draft, Field, Recipient, digest_bytes
from mailguard.readers.addresses import repair_header
from mailguard.readers.charset import decode_bytes, decode_words, raw_header_bytes, unfold
from mailguard.readers.mime import content_type, holds_part_headers, parse_message, plain_params, recover_parts
from mailguard.readers.notes import ReadNotes

_RECIPIENT_FIELDS = (("to", Field.TO), ("cc", Field.CC), ("bcc", Field.BCC))
_RESENT_FIELDS = ("resent-to", "resent-cc", "resent-bcc")
_ADDRESS_HEADERS = {"to", "cc", "bcc", "from", "sender", "reply-to", *_RESENT_FIELDS}
_NEEDS_HEADER = (
    "from",
    "to",
    "cc",
    "bcc",
    "subject",
    "date",
    "message-id",
    "mime-version",
    "content-type",
    "received",
    "x-mailer",
    "reply-to",
)


@dataclass
class _Collector(ReadNotes):
    """Mutable state while walking one message; frozen into a Draft at the end."""

    parts_seen: int = 0
    repairs: list[AddressRepair] = field(default_factory=list)


_BOM = b"\xef\xbb\xbf"
_FIRST_LINE = re.compile(rb"^(?:From [^\r\n]*(?:\r\n|\r|\n))?([!-9;-~]+)[ \t]*:")


def looks_like_message(data: bytes) -> bool:
    """Whether ``data`` starts like an RFC 5322 header block (not binary junk).

    Accepts an mbox ``From `` line, a UTF-8 BOM, bare-CR line ends and the obsolete
    ``Name :`` syntax, all of which real drafts and archives contain.
    """
    head = data[:4096].removeprefix(_BOM).lstrip(b"\r\n\t ")
    first_line = head.split(b"\n", 1)[0].split(b"\r", 1)[0]  # up to the first line end
    if b"\x00" in first_line:
        return False
    return _FIRST_LINE.match(head) is not None


_OBSOLETE_NAME = re.compile(rb"^([!-9;-~]+)[ \t]+:", re.MULTILINE)
# A line in a header block that is neither a field (name, colon) nor a continuation.
_BROKEN_LINE = re.compile(rb"(?:\r\n|\r|\n)(?![!-9;-~]+[ \t]*:|[ \t]|\r|\n|From )")
_LINE = re.compile(rb"[^\r\n]*(?:\r\n|\r|\n)?")
# Fields whose loss changes who receives the message or how its body is read.
_VITAL_FIELD = re.compile(
    rb"(?:to|cc|bcc|from|sender|reply-to|subject|date|message-id|mime-version|content-[a-z-]+)[ \t]*:", re.IGNORECASE
)
_FIELD = re.compile(rb"[!-9;-~]+[ \t]*:")
_MAX_BROKEN_RUN = 40


def _normalise_header_names(data: bytes, state: _Collector | None = None) -> bytes:
    """Rewrite the obsolete ``To :`` form (RFC 5322 4.5.2) to ``To:`` in the header block, and
    join lines that broke the header block early (a folded line without its leading blank)
    to the field before them when recipients or MIME fields still follow.

    The stdlib parser would otherwise take such a line as the start of the body, and the
    recipients or the Content-Type after it would go unseen.
    """
    split = _header_end(data)
    head = original = data[:split]
    if _BROKEN_LINE.search(head, 1) is not None:
        head = _join_broken_lines(head, state)
    if (b" :" in head or b"\t:" in head) and _OBSOLETE_NAME.search(head):  # a blank before a colon
        head = _OBSOLETE_NAME.sub(rb"\1:", head)
    return data if head is original else head + data[split:]


def _header_end(data: bytes) -> int:
    """Where the first blank line starts (``\\r?\\n\\r?\\n|\\r\\r``), or the length: found with
    plain searches for each way such a line can start, the earliest winning (a regular
    expression for it tries every byte of the header block, the costliest step of a read)."""
    if b"\r" not in data:
        found = data.find(b"\n\n")
        return found if found >= 0 else len(data)
    starts = (data.find(blank) for blank in (b"\n\n", b"\n\r\n", b"\r\n\n", b"\r\n\r\n", b"\r\r"))
    return min((start for start in starts if start >= 0), default=len(data))


def _join_broken_lines(head: bytes, state: _Collector | None) -> bytes:
    """Make each run of broken lines a continuation when a vital field follows it in the
    block; a run that reaches a boundary line (``--``) or no vital field is left as the
    start of the body, as the stdlib reads it."""
    lines = [m.group(0) for m in _LINE.finditer(head) if m.group(0)]
    # vital_from[i]: a vital field stands at line i or after it (read once, from the end: asking
    # the rest of the block for each broken run was quadratic in its lines; issue 16, fuzz)
    vital_from = [False] * (len(lines) + 1)
    for number in range(len(lines) - 1, -1, -1):
        vital_from[number] = vital_from[number + 1] or _VITAL_FIELD.match(lines[number]) is not None
    out: list[bytes] = [lines[0]]
    index, joined = 1, 0
    while index < len(lines):
        if _FIELD.match(lines[index]) or lines[index][:1] in (b" ", b"\t"):
            out.append(lines[index])
            index += 1
            continue
        run = index
        while run < len(lines) and run - index < _MAX_BROKEN_RUN and not _FIELD.match(lines[run]):
            run += 1
        broken = lines[index:run]
        if any(line.startswith(b"--") for line in broken) or not vital_from[run]:
            return head if not joined else b"".join(out + lines[index:])
        out.extend(b" " + line for line in broken)
        joined += len(broken)
        index = run
    if state is not None and joined:
        state.warn(reason("MG901.folded_lines", count=joined))
    return b"".join(out)


def read_eml(data: bytes, source: str, limits: Limits, depth: int = 0) -> Draft:
    """Parse RFC 5322 bytes into a Draft; InputError when it is not a message at all."""
    if not looks_like_message(data):
        raise InputError(source, reason("error.eml.no_header_block"))
    state = _Collector(source, limits)
    try:
        msg = parse_message(_normalise_header_names(data.removeprefix(_BOM), state))
    except RecursionError as exc:
        raise InputError(source, reason("error.read.too_deep")) from exc
    except Exception as exc:  # the stdlib parser raises many types on hostile input
        raise InputError(source, reason("error.eml.parse", detail=type(exc).__name__)) from exc
    headers = _index(msg)
    if not any(name in headers for name in _NEEDS_HEADER):
        raise InputError(source, reason("error.eml.no_known_header"))
    return _build(msg, headers, data, state, depth)


Headers = dict[str, list[str]]


def _html_text(parts: list[str]) -> str:
    from mailguard.readers.html import to_text  # lazy: most drafts have a plain-text part

    return "\n".join(to_text(h) for h in parts)


def _index(msg: email.message.Message) -> Headers:
    """Every header by lower-case name, read once; all occurrences kept (drafts with two To
    lines must not lose the second). Names are compared without surrounding blanks, so the
    obsolete ``To :`` syntax is not a way for recipients to go unseen."""
    index: Headers = {}
    try:
        items = msg.raw_items()
        for key, value in items:
            index.setdefault(key.strip().lower(), []).append(decode_raw(str(value), key))
    except Exception:
        return index
    return index


def decode_raw(value: str, name: str) -> str:
    """A header value whose raw 8-bit bytes (kept by the parser as surrogates) or raw
    ISO-2022-JP escapes are decoded *before* it is split into addresses or parameters: a
    Shift_JIS trail byte ``\\`` or ``@``, or the ``(`` of ``ESC ( B``, would otherwise split
    names into phantom addresses or comments. Encoded words are left for later."""
    if value.isascii() and "\x1b" not in value:
        return value
    if not value.isascii() and not _SURROGATE.search(value) and "\x1b" not in value:
        return value
    raw = raw_header_bytes(value)
    text, _ = decode_bytes(
        raw, "iso-2022-jp" if "\x1b" in value and raw.isascii() else None, reason("ui.read.header", name=name)
    )
    return text.replace("\x1b", "")


_SURROGATE = re.compile("[\udc80-\udcff]")


def _build(msg: email.message.Message, headers: Headers, data: bytes, state: _Collector, depth: int) -> Draft:
    recipients, invalid = _recipients(headers, state)
    body_parts: list[str] = []
    html_parts: list[str] = []
    attachments: list[Attachment] = []
    for part, part_depth, media_type in _walk(msg, state, depth):
        _take_part(part, media_type, part_depth, state, body_parts, html_parts, attachments)
    body = "\n".join(body_parts) if body_parts else _html_text(html_parts)
    senders = _addresses(headers, "from", state)
    return Draft(
        source=state.source,
        format="eml",
        raw_digest=digest_bytes(data),
        sender=senders[0] if senders else None,
        recipients=tuple(recipients),
        subject=_text_header(headers, "subject", state),
        body=body,
        attachments=tuple(attachments),
        reply_to=tuple(_addresses(headers, "reply-to", state)),
        resent_recipients=tuple(a for name in _RESENT_FIELDS for a in _addresses(headers, name, state)),
        headers=_other_headers(headers, state),
        invalid_addresses=tuple(invalid),
        address_repairs=tuple(state.repairs),
        warnings=tuple(state.warnings),
        incomplete=tuple(state.incomplete),
    )


def _text_header(headers: Headers, name: str, state: _Collector) -> str:
    values = headers.get(name)
    if not values:
        return ""
    value = values[0]
    text, warning = decode_words(unfold(value), reason("ui.read.header", name=name.title()))
    state.warn(warning)
    return text.strip()


def _addresses(headers: Headers, name: str, state: _Collector) -> list[Address]:
    good, _ = _parse_address_field(headers, name, state)
    return good


def _parse_address_field(headers: Headers, name: str, state: _Collector) -> tuple[list[Address], list[str]]:
    """Split an address header, then decode each display name (never the other way round).

    Group syntax is flattened (``undisclosed-recipients:;`` yields nobody); addresses inside
    comments or quoted display names are not recipients; a malformed entry is kept as invalid.
    """
    values = headers.get(name)
    if not values:  # most of the eight fields asked for are absent
        return [], []
    raw = [unfold(v) for v in values]
    if sum(map(len, raw)) > state.limits.max_header_bytes:
        state.stop(reason("MG900.header_too_long", header=name.title(), limit=state.limits.max_header_bytes))
        # cut at the last whole address: a cut one (user@example.j) is a phantom recipient
        raw = [_cut(v, state.limits.max_header_bytes) for v in raw]
    try:
        pairs = _rescue_encoded_addresses(split_addresses(_repaired(raw, name, state)), name, state)
    except Exception:
        state.warn(reason("MG901.address_list_unparsed", header=name.title()))
        return [], [" ".join(raw)[:200]]
    good: list[Address] = []
    invalid: list[str] = []
    if any(not address.strip() for _, address in pairs):
        invalid.extend(_unread_entries(raw, pairs))
    where = reason("ui.read.header", name=name.title())
    for display, address in pairs:
        address, _ = decode_words(address.strip(), where)
        if not address:
            continue
        if len(good) >= state.limits.max_recipients:
            state.stop(reason("MG900.too_many_addresses", limit=state.limits.max_recipients, header=name.title()))
            break
        decoded, warning = decode_words(display, where)
        state.warn(warning)
        if "@" not in address or address.startswith("@") or address.endswith("@"):
            invalid.append(address)
            continue
        good.append(Address(decoded.strip(), address))
    return good, invalid


_ENTRY_SPLIT = re.compile(r',(?=(?:[^"]*"[^"]*")*[^"]*$)')
_GROUP_OR_COMMENT = re.compile(r'^[^:<>"@]*:|;\s*$|\([^()]*\)')


def _unread_entries(raw: list[str], pairs: list[tuple[str, str]]) -> list[str]:
    """Entries of an address header that yield no address at all (``To: @``, ``To: <>``,
    ``To: a@``): the parser drops them silently, so they are reported as invalid (MG106)
    instead of leaving a draft with no recipient. Group names and comments are not entries."""
    found = [address.lower() for _, address in pairs if address.strip()]
    unread: list[str] = []
    for value in raw:
        for entry in _ENTRY_SPLIT.split(value):
            text = _GROUP_OR_COMMENT.sub("", entry).strip()
            if text and not any(address in text.lower() for address in found):
                unread.append(text[:200])
    return unread


_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"  # RFC 5322 atext; an encoded word is one atom
_ADDR_SPEC = rf"{_ATOM}(?:\.{_ATOM})*@{_ATOM}(?:\.{_ATOM})*"
_ONE_MAILBOX = re.compile(
    rf"[ \t]*(?:(?:(?P<name>{_ATOM}(?:[ \t]+{_ATOM})*)[ \t]*)?<(?P<angled>{_ADDR_SPEC})>|(?P<bare>{_ADDR_SPEC}))[ \t]*"
)


def _repaired(values: list[str], name: str, state: _Collector) -> list[str]:
    """Separators and typos people make, read as meant and noted (``readers.addresses``)."""
    fixed = []
    for value in values:
        text, repairs = repair_header(value)
        fixed.append(text)
        state.repairs.extend(AddressRepair(name.title(), r.kind.value, r.written, r.read, r.detail) for r in repairs)
    return fixed


def _cut(value: str, limit: int) -> str:
    head = value[:limit]
    return head if len(value) <= limit else (head.rpartition(",")[0] or head)


def split_addresses(values: list[str]) -> list[tuple[str, str]]:
    """``email.utils.getaddresses``, answered directly for the commonest header: one mailbox
    written as ``addr``, ``<addr>`` or ``Name Words <addr>`` (plain or encoded-word atoms).

    The stdlib walks such a header character by character in Python; the result is the
    same (tested against it), anything else goes to the stdlib.
    """
    if len(values) == 1:
        found = _ONE_MAILBOX.fullmatch(values[0])
        if found is not None:
            if found["bare"]:
                return [("", found["bare"])]
            return [(" ".join((found["name"] or "").split()), found["angled"])]
    return email.utils.getaddresses(values)


def _rescue_encoded_addresses(pairs: list[tuple[str, str]], name: str, state: _Collector) -> list[tuple[str, str]]:
    """Some mailers (mailmerge 2.3 among them) encode name *and* address in one encoded word;
    decoding it first recovers the address instead of losing the recipient."""
    rescued: list[tuple[str, str]] = []
    for display, address in pairs:
        if "@" not in address and "=?" in address:
            decoded, _ = decode_words(address, f"{name.title()} header")
            inner = [p for p in email.utils.getaddresses([decoded]) if "@" in p[1]]
            if inner:
                state.warn(reason("MG901.address_in_encoded_word", header=name.title()))
                rescued.extend(inner)
                continue
        rescued.append((display, address))
    return rescued


def _recipients(headers: Headers, state: _Collector) -> tuple[list[Recipient], list[tuple[Field, str]]]:
    recipients: list[Recipient] = []
    invalid: list[tuple[Field, str]] = []
    for name, which in _RECIPIENT_FIELDS:
        good, bad = _parse_address_field(headers, name, state)
        recipients.extend(Recipient(a, which) for a in good)
        invalid.extend((which, b) for b in bad)
    return recipients, invalid


def _other_headers(headers: Headers, state: _Collector) -> tuple[tuple[str, str], ...]:
    """Non-address headers (bulk markers, List-*, Precedence, ...) as written, bounded;
    ``Draft.header`` decodes the few that a rule asks for."""
    kept: list[tuple[str, str]] = []
    for key, values in headers.items():
        if key in _ADDRESS_HEADERS:
            continue
        for value in values:
            if len(kept) >= state.limits.max_headers:
                state.stop(reason("MG900.too_many_headers", limit=state.limits.max_headers))
                return tuple(kept)
            kept.append((key, value[: state.limits.max_header_bytes]))
    return tuple(kept)


def _walk(
    msg: email.message.Message, state: _Collector, depth: int
) -> Iterator[tuple[email.message.Message, int, str]]:
    """Leaf parts in order with their content types (read once), bounded in depth and count;
    message/rfc822 stays a leaf."""
    stack: list[tuple[email.message.Message, int]] = [(msg, depth)]
    while stack:
        part, level = stack.pop()
        state.parts_seen += 1
        if state.parts_seen > state.limits.max_parts:
            state.stop(reason("MG900.too_many_parts", limit=state.limits.max_parts))
            return
        try:
            media_type = content_type(part)
            is_multipart = media_type.split("/")[0] == "multipart"
            children = part.get_payload() if is_multipart else None
        except Exception:
            state.warn(reason("MG901.part_unreadable"))
            continue
        if is_multipart and not isinstance(children, list):
            children = _unsplit(part, part.__dict__.get("_payload"), state)  # raw: get_payload() replaces 8-bit
            if children is None:
                continue
        if isinstance(children, list):
            if level >= state.limits.max_depth:
                state.stop(reason("MG900.mime_too_deep", limit=state.limits.max_depth))
                continue
            children = [c for c in children if isinstance(c, email.message.Message)] + _hidden(part, state)
            stack.extend((child, level + 1) for child in reversed(children))
            continue
        yield part, level, media_type


def _part_name(part: email.message.Message, state: _Collector) -> Reason:
    return reason("ui.read.mime_part", number=state.parts_seen, type=part.get_content_type())


def _unsplit(part: email.message.Message, payload: object, state: _Collector) -> list[email.message.Message] | None:
    """A multipart the parser could not split (no or unusable boundary): the parts found in
    its body by their delimiter lines, else its body read as plain text. Never dropped."""
    text = payload if isinstance(payload, str) else ""
    if not text.strip():
        return None
    name = _part_name(part, state)
    recovered = recover_parts(text, _boundaries(part))
    if recovered:
        state.warn(reason("MG901.parts_by_delimiter", part=name))
        return recovered
    if holds_part_headers(text):
        state.stop(reason("MG900.unsplit", part=name))
    else:
        state.warn(reason("MG901.read_as_plain", part=name))
    plain = email.message.Message(policy=compat32)
    plain.set_payload(text)
    return [plain]


def _hidden(part: email.message.Message, state: _Collector) -> list[email.message.Message]:
    """Parts hidden in a multipart's preamble or epilogue (after the closing delimiter, or an
    inner part that reused the outer boundary): read them as parts, or say they were not."""
    found: list[email.message.Message] = []
    for where in ("preamble", "epilogue"):
        text = getattr(part, where, None)
        if not isinstance(text, str) or not holds_part_headers(text):
            continue
        recovered = recover_parts(text, _boundaries(part))
        name = reason(f"ui.read.{where}_of", part=_part_name(part, state))
        if recovered:
            state.warn(reason("MG901.hidden_read", where=name))
            found.extend(recovered)
        else:
            state.stop(reason("MG900.hidden_unread", where=name))
    return found


def _boundaries(part: email.message.Message) -> tuple[str, ...]:
    try:
        boundary = part.get_boundary()
    except Exception:
        return ()
    return (boundary,) if boundary else ()


def _take_part(
    part: email.message.Message,
    media_type: str,
    depth: int,
    state: _Collector,
    body_parts: list[str],
    html_parts: list[str],
    attachments: list[Attachment],
) -> None:
    try:
        disposition_params = _params(part, "content-disposition")
        type_params = _params(part, "content-type")
    except Exception:
        media_type, disposition_params, type_params = "application/octet-stream", [("attachment", "")], []
    disposition = disposition_params[0][0].lower() if disposition_params else ""
    filename = _filename(disposition_params, type_params, state)
    is_text_body = disposition != "attachment" and not filename
    if is_text_body and media_type in ("text/plain", "text/html"):
        charset = _param(type_params, "charset")
        label = email.utils.collapse_rfc2231_value(charset).lower() if charset else None
        text = _part_text(part, state, media_type, label)
        (body_parts if media_type == "text/plain" else html_parts).append(text)
        return
    if media_type == "message/rfc822" or (media_type.startswith("message/") and filename):
        attachments.append(_nested(part, filename, depth, state))
        return
    if is_text_body and (media_type.startswith("multipart/") or media_type == "text/enriched"):
        return
    data = _payload_bytes(part, state)
    attachments.append(
        Attachment(
            filename=filename or _unnamed(media_type),
            media_type=media_type,
            size=len(data),
            data=data,
            inline=disposition == "inline",
        )
    )


def _params(part: email.message.Message, header: str) -> list[tuple[str, Any]]:
    """A part's header parameters, its raw 8-bit or ISO-2022-JP bytes decoded first (a file
    name written raw in Shift_JIS or UTF-8 by a Japanese mailer: 申請書_山田花子.pdf)."""
    # The stored value (get() would replace 8-bit bytes); the list is compat32's own.
    missing = object()
    value = next((v for k, v in part.__dict__.get("_headers", ()) if k.lower() == header), missing)
    if value is missing:
        return []  # get_params() without the header (None), not asked a second time
    if value is None or (isinstance(value, str) and value.isascii() and "\x1b" not in value):
        found = plain_params(value)
        return found if found is not None else part.get_params(header=header) or []
    holder = email.message.Message(policy=compat32)
    holder[header] = decode_raw(str(value), header)
    return holder.get_params(header=header) or []


def _unnamed(media_type: str) -> str:
    return f"(unnamed {media_type})"


def _param(params: list[tuple[str, Any]], key: str) -> Any:
    return next((value for name, value in params[1:] if name.lower() == key), None)


def _filename(disposition: list[tuple[str, Any]], content_type: list[tuple[str, Any]], state: _Collector) -> str:
    """The attachment's name (RFC 2231 and encoded words), from the headers parsed once."""
    value = _param(disposition, "filename") or _param(content_type, "name")
    if not value:
        return ""
    try:
        name = email.utils.collapse_rfc2231_value(value).strip()
    except Exception:
        return ""
    text, warning = decode_words(unfold(str(name)), reason("ui.read.attachment_name"))
    state.warn(warning)
    return text.strip()


def _payload_bytes(part: email.message.Message, state: _Collector) -> bytes:
    try:
        payload = part.get_payload(decode=True)
    except Exception:
        state.warn(reason("MG901.transfer_encoding"))
        payload = None
    if payload is None:
        raw = part.get_payload()
        payload = raw.encode("utf-8", "surrogateescape") if isinstance(raw, str) else b""
    if not isinstance(payload, bytes):
        return b""
    return payload


def _part_text(part: email.message.Message, state: _Collector, media_type: str, label: str | None) -> str:
    data = _payload_bytes(part, state)
    if len(data) > state.limits.max_text_bytes:
        state.stop(reason("MG900.text_part_too_large", media_type=media_type, limit=state.limits.max_text_bytes))
        data = data[: state.limits.max_text_bytes]
    text, warning = decode_bytes(data, label, reason("ui.read.part_body", media_type=media_type))
    state.warn(warning)
    return text


def _nesting(part: email.message.Message, most: int) -> int:
    """How deep attached messages go below ``part`` (counted without recursion, up to
    ``most``): serialising or parsing a chain hundreds deep would exhaust the stack."""
    deepest = 0
    stack: list[tuple[email.message.Message, int]] = [(part, 0)]
    while stack:
        entity, level = stack.pop()
        if level > deepest:
            deepest = level
            if deepest >= most:
                return deepest
        children = entity.get_payload()
        if isinstance(children, list):
            step = 1 if entity.get_content_maintype() == "message" else 0
            stack.extend((c, level + step) for c in children if isinstance(c, email.message.Message))
    return deepest


def _nested(part: email.message.Message, filename: str, depth: int, state: _Collector) -> Attachment:
    """Open an attached message so rules see its recipients, text and attachments too."""
    payload = part.get_payload()
    name = filename or "(attached message)"
    nesting = _nesting(part, state.limits.max_depth + 1)
    if depth + nesting > state.limits.max_depth:
        state.stop(reason("MG900.attached_too_deep", name=name, limit=state.limits.max_depth))
        return Attachment(name, "message/rfc822", 0, b"")
    if isinstance(payload, list) and payload and isinstance(payload[0], email.message.Message):
        try:
            data = payload[0].as_bytes()
        except RecursionError:
            state.stop(reason("MG900.attached_recursion", name=name))
            data = b""
        except Exception:
            state.stop(reason("MG900.attached_unreadable", name=name))
            data = b""
    else:
        data = _payload_bytes(part, state)
    nested: Draft | None = None
    if data:
        try:
            nested = read_eml(data, f"{state.source}#{name}", state.limits, depth + 1)
        except InputError:
            state.warn(reason("MG901.attached_unreadable", name=name))
    if nested is not None:
        for warning in nested.warnings:
            state.warn(warning)
        for stop in nested.incomplete:
            state.stop(stop)
    return Attachment(name, "message/rfc822", len(data), data, message=nested)
