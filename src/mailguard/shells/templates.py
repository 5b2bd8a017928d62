"""Newsletter and mail-merge templates: read them, check them statically, render sample rows.

Two layouts share one reader: awdeorio's mailmerge format (``TO: {{email}}``, ``SUBJECT:``,
``ATTACHMENT:`` headers, a blank line, the body) and ``.eml`` files with Jinja2
placeholders (multipart/HTML included). Templates are parsed with Jinja2's own parser, so
the checks see loops, filters and variables as Jinja2 does, and rendered in a sandbox with
strict undefined variables (a missing column is an error, never an empty string).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mailguard.errors import InputError

SUPPRESSION = re.compile(
    r"\{#-?\s*mailguard:\s*allow\s+(?P<rules>[A-Za-z0-9,\s]+?)\s*(?:--\s*(?P<reason>.*?))?\s*-?#\}", re.DOTALL
)
_HEADER = re.compile(r"^(?P<name>[A-Za-z][A-Za-z0-9\-]*)\s*:\s?(?P<value>.*)$")


@dataclass(frozen=True, slots=True)
class Suppression:
    rules: tuple[str, ...]
    reason: str
    line: int


@dataclass(frozen=True, slots=True)
class HeaderLine:
    name: str
    value: str
    line: int


@dataclass
class Template:
    source: str
    text: str
    headers: list[HeaderLine]
    body: str
    body_line: int
    suppressions: list[Suppression] = field(default_factory=list)

    def header_values(self, name: str) -> list[HeaderLine]:
        return [h for h in self.headers if h.name.lower() == name.lower()]


def environment() -> Any:
    """A sandboxed Jinja2 environment with strict undefined variables (lazy import)."""
    from jinja2 import StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    return SandboxedEnvironment(undefined=StrictUndefined, keep_trailing_newline=True, autoescape=False)


def load_template(path: Path) -> Template:
    """Read and syntax-check a template; InputError names the file and line."""
    source = str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(source, f"cannot read template ({exc.strerror or type(exc).__name__})") from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(source, "template is not UTF-8 text") from exc
    from jinja2 import TemplateSyntaxError

    try:
        environment().parse(text)
    except TemplateSyntaxError as exc:
        raise InputError(source, f"line {exc.lineno}: template syntax error: {exc.message}") from exc
    return _split(source, text.replace("\r\n", "\n"))


def _split(source: str, text: str) -> Template:
    lines = text.split("\n")
    headers: list[HeaderLine] = []
    index = 0
    while index < len(lines) and lines[index].strip():
        line = lines[index]
        if line[:1] in (" ", "\t") and headers:
            last = headers[-1]
            headers[-1] = HeaderLine(last.name, last.value + " " + line.strip(), last.line)
        elif (match := _HEADER.match(line)) is not None:
            headers.append(HeaderLine(match.group("name"), match.group("value").strip(), index + 1))
        elif not line.lstrip().startswith("{#"):
            raise InputError(source, f"line {index + 1}: expected a header (Name: value) before the blank line")
        index += 1
    if not any(h.name.lower() == "to" for h in headers):
        raise InputError(source, "template has no To header (TO: {{email}})")
    body = "\n".join(lines[index + 1 :])
    suppressions = [
        Suppression(
            tuple(r.upper() for r in re.split(r"[,\s]+", m.group("rules").strip()) if r),
            (m.group("reason") or "").strip(),
            text.count("\n", 0, m.start()) + 1,
        )
        for m in SUPPRESSION.finditer(text)
    ]
    return Template(source, text, headers, body, index + 2, suppressions)


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
    headers = _split(template.source, rendered).headers
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
        data = path.read_bytes() if path.is_file() else b""
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


def rows_of(path: Path, limit: int | None) -> Iterator[dict[str, str]]:
    """Sample rows from a CSV (any Japanese encoding), at most ``limit``."""
    import csv
    import io

    from mailguard.readers.charset import decode_document

    try:
        text = decode_document(path.read_bytes(), str(path))
    except OSError as exc:
        raise InputError(str(path), f"cannot read data ({exc.strerror or type(exc).__name__})") from exc
    for number, row in enumerate(csv.DictReader(io.StringIO(text)), start=1):
        if limit is not None and number > limit:
            return
        yield {k.strip(): (v or "") for k, v in row.items() if k}
