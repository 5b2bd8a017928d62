"""Newsletter and mail-merge templates read into a :class:`Template` (no rendering here).

Two layouts share one reader: awdeorio's mailmerge format (``TO: {{email}}``, ``SUBJECT:``,
``ATTACHMENT:`` headers, a blank line, the body) and ``.eml`` files with Jinja2
placeholders (multipart/HTML included). Templates are parsed with Jinja2's own parser, so
the checks (``rules/mg6xx``) see loops, filters and variables as Jinja2 does.

In-template suppressions (``{# mailguard: allow MG601 -- reason #}``) are found in one pass:
each Jinja2 comment runs from ``{#`` to the next ``#}`` (they do not nest), and only its own
text is parsed, so no input can make the search revisit what it has read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mailguard.errors import InputError
from mailguard.findings import reason

_HEADER = re.compile(r"^(?P<name>[A-Za-z][A-Za-z0-9\-]*)[ \t]*:[ \t]?(?P<value>.*)$")
_RULE_LIST = re.compile(r"[A-Za-z0-9,\s]+")
_SEPARATORS = re.compile(r"[,\s]+")


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


def load_template(path: Path, limit: int | None = None) -> Template:
    """Read (a regular file, at most ``limit`` bytes: by default ``limits.max_input_bytes``)
    and syntax-check a template; InputError names the file and line."""
    from mailguard.files import read_regular
    from mailguard.limits import Limits

    source = str(path)
    raw = read_regular(path, Limits().max_input_bytes if limit is None else limit, "template")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(source, reason("error.template.not_utf8")) from exc
    from jinja2 import TemplateSyntaxError

    try:
        environment().parse(text)
    except TemplateSyntaxError as exc:
        raise InputError(source, reason("error.template.syntax", line=exc.lineno, detail=exc.message or "")) from exc
    return split_template(source, text.replace("\r\n", "\n"))


def split_template(source: str, text: str) -> Template:
    """Headers (with their lines), body and suppressions of a template's text."""
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
            raise InputError(source, reason("error.template.header_expected", line=index + 1))
        index += 1
    if not any(h.name.lower() == "to" for h in headers):
        raise InputError(source, reason("error.template.no_to", example="TO: {{email}}"))
    body = "\n".join(lines[index + 1 :])
    return Template(source, text, headers, body, index + 2, suppressions(text))


def suppressions(text: str) -> list[Suppression]:
    """Every ``{# mailguard: allow RULES -- reason #}`` comment, with its line, in one pass."""
    found: list[Suppression] = []
    line, counted, start = 1, 0, text.find("{#")
    while start != -1:
        end = text.find("#}", start + 2)
        if end == -1:
            break
        line += text.count("\n", counted, start)
        counted = start
        parsed = _suppression(text[start + 2 : end], line)
        if parsed is not None:
            found.append(parsed)
        start = text.find("{#", end + 2)
    return found


def _suppression(comment: str, line: int) -> Suppression | None:
    body = comment.removeprefix("-").removesuffix("-").strip()
    head, colon, rest = body.partition(":")
    if not colon or head.strip() != "mailguard":
        return None
    rest = rest.lstrip()
    if not rest.startswith("allow") or not rest[5:6].isspace():
        return None
    listed, dashes, why = rest[5:].partition("--")
    if not _RULE_LIST.fullmatch(listed) or not listed.strip():
        return None
    rules = tuple(r.upper() for r in _SEPARATORS.split(listed.strip()) if r)
    return Suppression(rules, why.strip() if dashes else "", line)
