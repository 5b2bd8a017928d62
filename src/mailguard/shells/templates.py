"""Rendering newsletter and mail-merge templates: one row into RFC 5322 bytes, and the sample
rows of a CSV. Reading a template is :mod:`mailguard.readers.template`; its checks are the
MG6xx rules; :mod:`mailguard.shells.template_run` runs them."""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from mailguard.errors import InputError
from mailguard.files import not_csv, read_regular
from mailguard.limits import Limits
from mailguard.readers.template import Template, environment, load_template, split_template

__all__ = ["Template", "environment", "load_template", "render", "rows_of"]


def render(template: Template, row: Mapping[str, Any]) -> bytes:
    """One row rendered into RFC 5322 bytes, as mailmerge would send it (strict undefined).

    ``ATTACHMENT:`` headers (mailmerge) become real attachments: the file when it exists
    beside the template, else an empty part with that name, so that the rules still read
    the per-person file name.
    """
    from email.mime.text import MIMEText

    # Leading suppression comments render to blank lines: the headers start after them.
    rendered = environment().from_string(template.text).render(**row).replace("\r\n", "\n").lstrip("\n")
    body = rendered.partition("\n\n")[2]
    headers = split_template(template.source, rendered).headers
    content_type = next((h.value.lower() for h in headers if h.name.lower() == "content-type"), "")
    if "multipart" in content_type:
        return bytes(rendered.replace("\n", "\r\n").encode("utf-8"))
    text = MIMEText(body, "html" if "html" in content_type else "plain", "utf-8")
    files = [h.value for h in headers if h.name.lower() == "attachment"]
    message = _with_files(text, files, Path(template.source).parent) if files else text
    for header in headers:
        if header.name.lower() not in ("content-type", "content-transfer-encoding", "mime-version", "attachment"):
            message[_CANONICAL.get(header.name.lower(), header.name)] = _encoded(header.name, header.value)
    return bytes(message.as_bytes())


def _with_files(text: Any, files: list[str], base: Path) -> Any:
    from email.mime.application import MIMEApplication
    from email.mime.multipart import MIMEMultipart

    outer = MIMEMultipart("mixed")
    outer.attach(text)
    for name in files:
        path = Path(name) if Path(name).is_absolute() else base / name
        # A named file beside the template, read as every input is (regular, capped); a
        # missing one is an empty part (its name is what the rules read).
        data = read_regular(path, Limits().max_input_bytes, "attachment") if os.path.lexists(path) else b""
        part = MIMEApplication(data)
        part.add_header("Content-Disposition", "attachment", filename=("utf-8", "", Path(name).name))
        outer.attach(part)
    return outer


_CANONICAL = {"to": "To", "cc": "Cc", "bcc": "Bcc", "from": "From", "subject": "Subject", "reply-to": "Reply-To"}


def _encoded(name: str, value: str) -> str:
    """A header value as a mailer writes it: RFC 2047 words for non-ASCII text."""
    if value.isascii():
        return value
    from email.header import Header
    from email.utils import formataddr, getaddresses

    if name.lower() in ("to", "cc", "bcc", "from", "reply-to"):
        return ", ".join(formataddr((n, a), "utf-8") for n, a in getaddresses([value]))
    return str(Header(value, "utf-8").encode())


def rows_of(path: Path, limit: int | None, max_bytes: int | None = None) -> Iterator[dict[str, str]]:
    """Sample rows from a CSV (any Japanese encoding), at most ``limit`` rows; the file is a
    regular file of at most ``max_bytes`` (by default ``limits.max_input_bytes``)."""
    import csv
    import io

    from mailguard.readers.charset import decode_document

    cap = Limits().max_input_bytes if max_bytes is None else max_bytes
    text = decode_document(read_regular(path, cap, "data_file"), str(path))
    reader = csv.DictReader(io.StringIO(text))
    try:
        for number, row in enumerate(reader, start=1):
            if limit is not None and number > limit:
                return
            yield {k.strip(): (v or "") for k, v in row.items() if k}
    except csv.Error as exc:
        raise InputError(str(path), not_csv(reader.line_num, exc)) from exc
