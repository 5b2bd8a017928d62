"""Formatters: a registry of ``render(run, stream, lang)`` functions over one RunResult.

As in bandit, adding an output format means adding one function here; no shell changes.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TextIO

from mailguard.catalogue import words
from mailguard.result import RunResult

Renderer = Callable[[RunResult, TextIO, str], None]

# name -> module whose ``render(run, stream, lang)`` writes that format (imported on use).
FORMATTERS: dict[str, str] = {
    "text": "text",
    "json": "json_format",
    "sarif": "sarif",
}


def renderer(name: str) -> Renderer:
    module = importlib.import_module(f"{__name__}.{FORMATTERS[name]}")
    function: Renderer = module.render
    return function


def render(name: str, run: RunResult, stream: TextIO, lang: str) -> None:
    renderer(name)(run, stream, lang)


def policy_line(source: str, lang: str) -> str:
    """The report's last line, naming the policy: a file as given, the shipped one in words."""
    from mailguard.policy import SHIPPED

    marker = f" ({SHIPPED})"
    if source.endswith(marker):
        source = f"{source[: -len(marker)]} ({words(lang, 'ui.policy.shipped')})"
    return f"{words(lang, 'ui.policy')}: {source}"
