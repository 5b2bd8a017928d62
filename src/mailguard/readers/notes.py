"""What a reader noticed while reading one message: guesses (warnings) and the limits that
stopped it (incomplete). Both readers collect them the same way; the Draft carries them."""

from __future__ import annotations

from dataclasses import dataclass, field

from mailguard.limits import Limits


@dataclass
class ReadNotes:
    source: str
    limits: Limits
    warnings: list[str] = field(default_factory=list)
    incomplete: list[str] = field(default_factory=list)

    def warn(self, text: str | None) -> None:
        if text and text not in self.warnings:
            self.warnings.append(text)

    def stop(self, text: str) -> None:
        if text not in self.incomplete:
            self.incomplete.append(text)
