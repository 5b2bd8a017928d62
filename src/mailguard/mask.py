"""Masking: personal data never echoes in findings, logs, JSON, SARIF or manifests."""

from __future__ import annotations

import re
import unicodedata

from mailguard.scope import per_message

_SPACES = re.compile(r"[\s\u3000・･]+")
_MASKABLE = re.compile(r"[^\s\-]")


@per_message  # the report masks each display name twice (the redactor, the recipients)
def mask_name(text: str) -> str:
    """``田中 一郎`` -> ``田* 一*``; ``Alice Brown`` -> ``A**** B****``: enough to recognise."""
    parts = [p for p in _SPACES.split(unicodedata.normalize("NFKC", text).strip()) if p]
    return " ".join(p[0] + "*" * (len(p) - 1) for p in parts) or "*"


def mask_value(text: str, keep_start: int = 0, keep_end: int = 2) -> str:
    """Mask a value keeping a few characters: ``123456789018`` -> ``**********18``."""
    body = len(text) - keep_start - keep_end
    if body <= 0:
        return "*" * len(text)
    return (
        text[:keep_start] + _MASKABLE.sub("*", text[keep_start : len(text) - keep_end]) + text[len(text) - keep_end :]
    )


def mask_address(address: str) -> str:
    """``tanaka.ichiro@example.jp`` -> ``t***********@example.jp``: the domain stays readable."""
    local, at, domain = address.rpartition("@")
    if not at:
        return mask_value(address, 1, 0)
    return (local[:1] + "*" * max(len(local) - 1, 1)) + "@" + domain


def mask_filename(name: str) -> str:
    """``田中一郎_診断書.pdf`` -> ``田*******.pdf``: staff put people's names in file names and no
    detector reads them reliably, so machine outputs keep the first character and the type."""
    stem, dot, extension = name.rpartition(".")
    if not dot or not stem or len(extension) > 8 or not extension.isalnum():
        stem, extension = name, ""
    return mask_value(stem, 1, 0) + (f".{extension}" if extension else "")
