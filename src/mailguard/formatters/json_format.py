"""JSON output: the RunResult's dict, stable keys, UTF-8 text (Japanese stays readable)."""

from __future__ import annotations

import json
from typing import TextIO

from mailguard.result import RunResult


def render(run: RunResult, stream: TextIO, lang: str) -> None:
    json.dump(run.to_dict(lang), stream, ensure_ascii=False, indent=2)
    stream.write("\n")
