"""PDF geometry for the redaction check (pdfplumber, MIT): characters under dark boxes and
unapplied redaction annotations."""

from __future__ import annotations

import io
from typing import Any

PDF_MAGIC = b"%PDF-"
DARK = 0.25


def _luminance(color: Any) -> float | None:
    """0 (black) .. 1 (white) for gray, RGB or CMYK fill colours; None when unknown."""
    if color is None:
        return None
    values = list(color) if isinstance(color, list | tuple) else [color]
    if not values or not all(isinstance(v, int | float) for v in values):
        return None
    numbers = [float(v) for v in values]
    if len(numbers) == 1:
        return numbers[0]
    if len(numbers) == 3:
        r, g, b = numbers
        return 0.299 * r + 0.587 * g + 0.114 * b
    if len(numbers) == 4:
        c, m, y, k = numbers
        return (1 - min(1.0, c + k)) * 0.299 + (1 - min(1.0, m + k)) * 0.587 + (1 - min(1.0, y + k)) * 0.114
    return None


def _covered(char: dict[str, Any], box: dict[str, Any]) -> bool:
    x = (float(char["x0"]) + float(char["x1"])) / 2
    y = (float(char["top"]) + float(char["bottom"])) / 2
    return float(box["x0"]) <= x <= float(box["x1"]) and float(box["top"]) <= y <= float(box["bottom"])


def _is_redact_annotation(annotation: dict[str, Any]) -> bool:
    data = annotation.get("data") or {}
    subtype = data.get("Subtype")
    return "Redact" in str(getattr(subtype, "name", subtype))


def hidden_text_pages(data: bytes, max_pages: int) -> list[int]:
    """Pages (1-based) where extractable text lies under a filled dark rectangle or where a
    redaction annotation was never applied. A PDF that cannot be opened yields none (the
    extraction rule reports unreadable files)."""
    import logging

    import pdfplumber

    for name in ("pdfminer", "pdfplumber"):
        logging.getLogger(name).setLevel(logging.CRITICAL + 1)
    pages: list[int] = []
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for number, page in enumerate(pdf.pages[:max_pages], start=1):
                if any(_is_redact_annotation(a) for a in page.annots or []):
                    pages.append(number)
                    continue
                boxes = [
                    r
                    for r in page.rects
                    if r.get("fill") and (lum := _luminance(r.get("non_stroking_color"))) is not None and lum < DARK
                ]
                if boxes and any(_covered(c, b) for c in page.chars if c.get("text", "").strip() for b in boxes):
                    pages.append(number)
    except Exception:
        return pages
    return pages
