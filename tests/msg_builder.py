"""Outlook .msg files with exactly the properties a test needs.

msgforge (MIT) writes drafts as Outlook makes them but only through its fixed API (no RTF-only
body, no attachment methods, no reply-to entries, no transport headers). Its compound-file
writer and property-stream builder are used here directly, so that each test states the
MAPI properties of its draft (MS-OXMSG 2.4) and nothing is hand-assembled byte by byte.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from typing import Any

from msgforge import _builder as forge

Value = str | bytes | int | bool
# (property id, value): str -> PtypString, bytes -> PtypBinary, int -> PtypInteger32,
# bool -> PtypBoolean.
Props = dict[int, Value]


@dataclass
class Part:
    props: Props = field(default_factory=dict)
    embedded: MsgSpec | None = None  # an attached message (method 5)


@dataclass
class MsgSpec:
    props: Props = field(default_factory=dict)
    recipients: list[Props] = field(default_factory=list)
    attachments: list[Part] = field(default_factory=list)
    declared_recipients: int | None = None  # what the header claims (damage tests)
    declared_attachments: int | None = None


def _add(ole: Any, parent: Any, table: Any, props: Props) -> None:
    for pid, value in props.items():
        if isinstance(value, bool):
            table.add_boolean(pid, value)
        elif isinstance(value, int):
            table.add_long(pid, value)
        elif isinstance(value, str):
            table.add_unicode(ole, parent, pid, value)
        else:
            table.add_binary(ole, parent, pid, value)


def _fill(ole: Any, storage: Any, spec: MsgSpec, top: bool) -> None:
    table = forge._Props()
    _add(ole, storage, table, {0x001A: "IPM.Note", **spec.props})
    for number, recipient in enumerate(spec.recipients):
        child = ole.add_storage(storage, f"__recip_version1.0_#{number:08X}")
        sub = forge._Props()
        _add(ole, child, sub, recipient)
        ole.add_stream(child, "__properties_version1.0", sub.build_sub_stream())
    for number, part in enumerate(spec.attachments):
        child = ole.add_storage(storage, f"__attach_version1.0_#{number:08X}")
        sub = forge._Props()
        props = dict(part.props)
        if part.embedded is not None:
            props.setdefault(0x3705, 5)
            inner = ole.add_storage(child, "__substg1.0_3701000D")
            _fill(ole, inner, part.embedded, top=False)
            sub._entries.append((0x3701, 0x000D, 0xFFFFFFFF))
        _add(ole, child, sub, props)
        ole.add_stream(child, "__properties_version1.0", sub.build_sub_stream())
    recipients = len(spec.recipients) if spec.declared_recipients is None else spec.declared_recipients
    attachments = len(spec.attachments) if spec.declared_attachments is None else spec.declared_attachments
    stream = table.build_msg_stream(recipients, attachments)
    if not top:  # an embedded message's header is 24 bytes (MS-OXMSG 2.4.1.2)
        stream = stream[:24] + stream[32:]
    ole.add_stream(storage, "__properties_version1.0", stream)


def build(spec: MsgSpec) -> bytes:
    ole = forge._OleWriter()
    ole.root.clsid = forge._MSG_CLSID
    nameid = ole.add_storage(ole.root, "__nameid_version1.0")
    for name in ("__substg1.0_00020102", "__substg1.0_00030102", "__substg1.0_00040102"):
        ole.add_stream(nameid, name, b"")
    _fill(ole, ole.root, spec, top=True)
    return bytes(ole.build())


def recipient(address: str, name: str = "", kind: int = 1, smtp: bool = True) -> Props:
    props: Props = {0x3001: name or address, 0x3003: address, 0x0C15: kind}
    if smtp:
        props[0x39FE] = address
    return props


def one_off_entries(entries: list[tuple[str, str]]) -> bytes:
    """A FlatEntryList of one-off entry ids (MS-OXCDATA 2.3.3, 2.2.5.1), Unicode strings."""
    body = b""
    for name, address in entries:
        entry = b"\x00" * 4 + bytes.fromhex("812B1FA4BEA310199D6E00DD010F5402") + struct.pack("<HH", 0, 0x8000 | 0x0190)
        entry += (name + "\x00" + "SMTP\x00" + address + "\x00").encode("utf-16-le")
        body += struct.pack("<I", len(entry)) + entry + b"\x00" * (-len(entry) % 4)
    return struct.pack("<II", len(entries), len(body)) + body
