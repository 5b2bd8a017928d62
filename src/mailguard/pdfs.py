"""PDF text and cosmetic-redaction geometry in one pass (pypdf, BSD).

While pypdf extracts a page's text, its operator visitor sees the fill colour and every
filled rectangle, and its text visitor sees where each run of text is drawn. Text drawn
inside a dark filled rectangle is text that a "redaction" box merely covers (#22). Redaction
annotations that were never applied (``/Subtype /Redact``) are reported too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

PDF_MAGIC = b"%PDF-"
DARK = 0.25
_FILL_OPERATORS = {b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*"}


def luminance(values: list[float]) -> float | None:
    """0 (black) .. 1 (white) for gray, RGB or CMYK colours; None when unknown."""
    if len(values) == 1:
        return values[0]
    if len(values) == 3:
        r, g, b = values
        return 0.299 * r + 0.587 * g + 0.114 * b
    if len(values) == 4:
        c, m, y, k = values
        return (1 - min(1.0, c + k)) * 0.299 + (1 - min(1.0, m + k)) * 0.587 + (1 - min(1.0, y + k)) * 0.114
    return None


def _apply(matrix: list[float], x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = (float(v) for v in matrix)
    return a * x + c * y + e, b * x + d * y + f


@dataclass
class PageGeometry:
    """Dark boxes and text positions seen on one page."""

    fill: list[float] = field(default_factory=lambda: [0.0])
    stack: list[list[float]] = field(default_factory=list)
    pending: list[tuple[float, float, float, float]] = field(default_factory=list)
    boxes: list[tuple[float, float, float, float]] = field(default_factory=list)
    texts: list[tuple[float, float]] = field(default_factory=list)

    def operator(self, operator: bytes, operands: Any, cm: Any, tm: Any) -> None:
        if operator == b"q":
            self.stack.append(self.fill)
        elif operator == b"Q" and self.stack:
            self.fill = self.stack.pop()
        elif operator in (b"g", b"rg", b"k", b"sc", b"scn"):
            numbers = [float(v) for v in operands if isinstance(v, int | float)]
            if numbers:
                self.fill = numbers
        elif operator == b"re" and len(operands) == 4:
            x, y, w, h = (float(v) for v in operands)
            corners = [_apply(cm, x, y), _apply(cm, x + w, y + h)]
            xs, ys = [p[0] for p in corners], [p[1] for p in corners]
            self.pending.append((min(xs), min(ys), max(xs), max(ys)))
        elif operator in _FILL_OPERATORS:
            level = luminance(self.fill)
            if level is not None and level < DARK:
                self.boxes.extend(self.pending)
            self.pending = []
        elif operator == b"n":
            self.pending = []

    def text(self, text: str, cm: Any, tm: Any, font: Any, size: Any) -> None:
        if text.strip():
            x, y = float(tm[4]), float(tm[5])
            self.texts.append(_apply(cm, x, y))

    def hides_text(self) -> bool:
        return any(x0 <= x <= x1 and y0 <= y + 2 <= y1 for x, y in self.texts for x0, y0, x1, y1 in self.boxes)


def has_redact_annotation(page: Any) -> bool:
    try:
        annotations = page.get("/Annots") or []
        return any(str(a.get_object().get("/Subtype")) == "/Redact" for a in annotations)
    except Exception:
        return False


def page_text_and_hidden(page: Any) -> tuple[str, bool]:
    """A page's text, and whether some of it is only covered, not removed."""
    geometry = PageGeometry()
    text = page.extract_text(visitor_operand_before=geometry.operator, visitor_text=geometry.text) or ""
    return text, has_redact_annotation(page) or geometry.hides_text()
