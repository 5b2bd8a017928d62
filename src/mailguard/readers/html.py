"""HTML to plain text for rules that read the body.

The standard library's tolerant HTMLParser is enough: rules need the words and the line
structure (salutation at the top), not the layout. Script and style content is dropped.
Text inside ``blockquote`` (how Gmail, Apple Mail and Thunderbird quote a reply in HTML) is
written as ``> `` lines, one ``>`` per nesting level, so the body segments read an HTML reply's
quote as quoted, as they do a plain-text one.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

_BLOCK = {
    "p",
    "div",
    "br",
    "tr",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "blockquote",
    "pre",
    "hr",
    "section",
    "article",
    "header",
    "footer",
    "ul",
    "ol",
}
_SKIP = {"script", "style", "head", "title", "template"}


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.chunks: list[str] = []
        self._skipping = 0
        self._quoting = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self._skipping += 1
        elif tag in _BLOCK:
            self.chunks.append("\n")
            if tag == "blockquote":
                self._quoting += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self._skipping = max(0, self._skipping - 1)
        elif tag in _BLOCK:
            if tag == "blockquote":
                self._quoting = max(0, self._quoting - 1)
            self.chunks.append("\n")

    def handle_data(self, data: str) -> None:
        if self._skipping:
            return
        data = data.replace(_QUOTE_MARK, "")
        if self._quoting:  # every line of quoted text starts with its depth's marker
            data = data.replace("\n", "\n" + _QUOTE_MARK * self._quoting)
            self.chunks.append(_QUOTE_MARK * self._quoting)
        self.chunks.append(data)


_QUOTE_MARK = "\x00"  # stands for one '>' until the lines are joined (no HTML text holds NUL)
_QUOTE_MARKS = re.compile("\x00+")
_SPACES = re.compile(r"[ \t\r\f\v]+")
_BLANKS = re.compile(r"\n\s*\n+")


def to_text(markup: str) -> str:
    """Readable text of an HTML body: paragraphs become lines, tags and scripts vanish."""
    parser = _TextExtractor()
    try:
        parser.feed(markup)
        parser.close()
    except Exception:  # HTMLParser is tolerant, but never let a body crash a check
        # Tags end at a '>': none after the last one, where each '<' would read to the end.
        head, close, tail = markup.rpartition(">")
        return re.sub(r"<[^>]*>", " ", head + close) + tail
    text = _SPACES.sub(" ", "".join(parser.chunks))
    lines = (_quoted_line(line) for line in text.split("\n"))
    return _BLANKS.sub("\n\n", "\n".join(lines)).strip()


def _quoted_line(line: str) -> str:
    """A line with its quote marks as ``> ``: the deepest run of marks in it is its depth."""
    line = line.strip()
    if _QUOTE_MARK not in line:
        return line
    depth = max(len(run) for run in _QUOTE_MARKS.findall(line))
    rest = _QUOTE_MARKS.sub("", line).strip()
    return (">" * depth + " " + rest) if rest else ""
