"""Municipalities and their heads as they are written on a document: ``えがお市``,
``さざなみ町``, ``東京都``, ``えがお市長``, ``東京都知事``.

A document to a municipality is addressed to its head (``えがお市長 様``): that is the
municipality, an organisation, and never a private person's name. A bare municipality needs
two characters before 市/町/村 (``えがお市``): 木村, 中村, 高市 and 大町 are surnames.
"""

from __future__ import annotations

import unicodedata

from mailguard.content.names import MUNICIPAL_HEADS

_LOCAL = "市区町村"
_PREFECTURE = "都道府県"
_GENERIC = frozenset(["市町村", "区市町村", "都道府県", "市区町村"])
MOST = 16


def municipality(written: str) -> str:
    """The municipality ``written`` is or heads (``えがお市`` for ``えがお市長``), or ''."""
    text = unicodedata.normalize("NFKC", written).strip()
    if not text or len(text) > MOST or any(c.isspace() or c.isdigit() for c in text):
        return ""
    if text.endswith("知事") and len(text) >= 4 and text[-3] in _PREFECTURE:
        found = text[:-2]
    elif text.endswith(MUNICIPAL_HEADS) and len(text) >= 3:
        found = text[:-1]
    elif len(text) >= 3 and text[-1] in _LOCAL + _PREFECTURE:
        found = text
    else:
        return ""
    if found in _GENERIC or found.startswith(("各", "全", "貴", "本", "当", "同")):
        return ""
    return found
