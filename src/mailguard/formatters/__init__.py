"""Formatters: a registry of ``render(run, stream, lang)`` functions over one RunResult.

As in bandit, adding an output format means adding one function here; no shell changes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TextIO

from ..result import RunResult
from . import json_format, sarif, text

Renderer = Callable[[RunResult, TextIO, str], None]

FORMATTERS: dict[str, Renderer] = {
    "text": text.render,
    "json": json_format.render,
    "sarif": sarif.render,
}


def render(name: str, run: RunResult, stream: TextIO, lang: str) -> None:
    FORMATTERS[name](run, stream, lang)
