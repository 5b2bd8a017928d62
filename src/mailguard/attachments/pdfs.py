"""PDF text and cosmetic-redaction geometry (pypdfium2: PDFium, BSD-3/Apache-2.0).

PDFium extracts text fast and gives what the redaction check needs: filled path objects with
their fill colour and bounds, each character's box, and annotation subtypes. Text whose
characters lie inside a dark filled rectangle is text that a "redaction" box merely covers
(#22); redaction annotations that were never applied (``/Subtype /Redact``) count too.
"""

from __future__ import annotations

import ctypes
import re
import zlib
from dataclasses import dataclass, field
from typing import Any

PDF_MAGIC = b"%PDF-"
DARK = 0.25


@dataclass
class PdfText:
    pages: list[str] = field(default_factory=list)
    page_count: int = 0
    hidden_text_pages: list[int] = field(default_factory=list)
    encrypted: bool = False


def luminance(red: int, green: int, blue: int) -> float:
    """0 (black) .. 1 (white) for an 8-bit RGB colour."""
    return (0.299 * red + 0.587 * green + 0.114 * blue) / 255


def _dark_boxes(page: Any, raw: Any) -> list[tuple[float, float, float, float]]:
    boxes = []
    for obj in page.get_objects(filter=[raw.FPDF_PAGEOBJ_PATH], max_depth=2):
        fill_mode, stroke = ctypes.c_int(), ctypes.c_int()
        if not raw.FPDFPath_GetDrawMode(obj.raw, fill_mode, stroke) or fill_mode.value == 0:
            continue
        red, green, blue, alpha = (ctypes.c_uint() for _ in range(4))
        if not raw.FPDFPageObj_GetFillColor(obj.raw, red, green, blue, alpha) or alpha.value < 128:
            continue
        if luminance(red.value, green.value, blue.value) < DARK:
            boxes.append(obj.get_bounds())
    return boxes


def _has_redact_annotation(page: Any, raw: Any) -> bool:
    for index in range(raw.FPDFPage_GetAnnotCount(page.raw)):
        annotation = raw.FPDFPage_GetAnnot(page.raw, index)
        try:
            if raw.FPDFAnnot_GetSubtype(annotation) == raw.FPDF_ANNOT_REDACT:
                return True
        finally:
            raw.FPDFPage_CloseAnnot(annotation)
    return False


def _covers_text(textpage: Any, boxes: list[tuple[float, float, float, float]]) -> bool:
    for index in range(textpage.count_chars()):
        left, bottom, right, top = textpage.get_charbox(index)
        x, y = (left + right) / 2, (bottom + top) / 2
        if any(x0 <= x <= x1 and y0 <= y <= y1 for x0, y0, x1, y1 in boxes):
            return True
    return False


def read_pdf(data: bytes, max_pages: int) -> PdfText:
    """Text of the first ``max_pages`` pages and the pages whose redaction is cosmetic.

    Raises whatever PDFium raises for a damaged file (the caller reports it); an encrypted
    file comes back with ``encrypted`` set and no text."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        if "password" in str(error).lower():
            return PdfText(encrypted=True)
        raise
    result = PdfText(page_count=len(document))
    try:
        for number in range(min(result.page_count, max_pages)):
            page = document[number]
            textpage = page.get_textpage()
            try:
                result.pages.append(textpage.get_text_range().replace("\r\n", "\n"))
                boxes = _dark_boxes(page, raw)
                if _has_redact_annotation(page, raw) or (boxes and _covers_text(textpage, boxes)):
                    result.hidden_text_pages.append(number + 1)
            finally:
                textpage.close()
                page.close()
    finally:
        document.close()
    return result


_STREAM_START = re.compile(rb"(?<!end)stream(?:\r\n|\n|\r)")
_STEP = 1 << 20


def expanded_streams(data: bytes, cap: int) -> tuple[int, bool]:
    """Bytes the PDF's Flate streams expand to, and whether any one stream (or all together)
    expands beyond ``cap``: measured by inflating step by step and discarding the output,
    before PDFium is given the file. PDFium inflates a content stream whole (a 1 GiB stream
    in a 1.4 MB PDF took 2.1 GB) and cannot be stopped from outside once it has started."""
    total = 0
    for found in _STREAM_START.finditer(data):
        inflater = zlib.decompressobj()
        pending = data[found.end() : found.end() + _STEP]
        position = found.end() + len(pending)
        try:
            while pending:
                total += len(inflater.decompress(pending, _STEP))
                if total > cap:
                    return total, True
                if inflater.eof:
                    break
                pending = inflater.unconsumed_tail
                if not pending:
                    pending = data[position : position + _STEP]
                    position += len(pending)
        except zlib.error:
            continue  # not a Flate stream (images, plain text): PDFium does not inflate it
    return total, False
