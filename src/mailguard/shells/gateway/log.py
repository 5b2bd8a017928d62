"""Structured logs: one JSON object a line, no personal data.

Addresses are masked as everywhere in mailguard (``t***@example.jp``: the domain stays, which
is what an operator needs to see where mail goes); subjects and bodies never appear. Finding
ids and rule ids do: they are hashes and names, not content.
"""

from __future__ import annotations

import json
import sys
import time
from typing import IO, Any

from mailguard.mask import mask_address
from mailguard.shells.gateway.store import StoredMessage


class Log:
    def __init__(self, stream: IO[str] | None = None) -> None:
        self.stream = stream or sys.stderr

    @classmethod
    def to(cls, target: str) -> Log:
        if target == "-":
            return cls(sys.stderr)
        return cls(open(target, "a", encoding="utf-8", buffering=1))

    def write(self, event: str, **fields: Any) -> None:
        record = {"time": round(time.time(), 3), "event": event, **{k: v for k, v in fields.items() if v is not None}}
        try:
            self.stream.write(json.dumps(record, ensure_ascii=False) + "\n")
            self.stream.flush()
        except (OSError, ValueError):
            pass  # a full disk must not stop mail; the store keeps the truth

    def event(self, event: str, message: StoredMessage, **fields: Any) -> None:
        record: dict[str, Any] = {
            "id": message.id,
            "kind": message.kind,
            "state": message.state,
            "verdict": message.verdict,
            "rules": sorted({f["rule"] for f in message.findings}),
            "mail_from": masked(message.mail_from),
            "rcpts": [masked(r) for r in message.rcpts],
        }
        self.write(event, **{**record, **fields})

    def error(self, where: str, problem: str, **fields: Any) -> None:
        self.write("error", where=where, problem=problem, **fields)


def masked(address: str) -> str:
    return mask_address(address) if address else "<>"
