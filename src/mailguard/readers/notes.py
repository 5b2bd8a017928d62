"""What a reader noticed while reading one message: guesses (warnings) and the limits that
stopped it (incomplete). Both readers collect them the same way; the Draft carries them, as
catalogue reasons (``MG901.*`` and ``MG900.*``: the rules that report them)."""

from __future__ import annotations

from dataclasses import dataclass, field

from mailguard.findings import Reason
from mailguard.limits import Limits


@dataclass
class ReadNotes:
    source: str
    limits: Limits
    warnings: list[Reason] = field(default_factory=list)
    incomplete: list[Reason] = field(default_factory=list)

    def warn(self, note: Reason | None) -> None:
        if note is not None and note not in self.warnings:
            self.warnings.append(note)

    def stop(self, note: Reason) -> None:
        if note not in self.incomplete:
            self.incomplete.append(note)
