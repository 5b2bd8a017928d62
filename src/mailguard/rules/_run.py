"""What the run rules (MG501-MG504) share: the target list, each message's compact
:class:`Facts`, and the run-wide interfaces.

Single-message rules cannot see a run whose bodies shifted by one row (#8), a wrong
extraction list (#16), or a row silently dropped (#3, #14, #17). Each message contributes
small facts (addresses, names, its form) computed where it is checked (a worker process in
``mailguard batch``); the parent keeps a few 64-bit keys of them per message, so memory stays
flat however long the run.

Internal copies are not run recipients (#7, #16): an archive Bcc or a colleague in Cc of
every message is neither a target outside the list nor a duplicate, unless the target list
itself names that address.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from mailguard.content.names import name_key
from mailguard.destinations.parties import PartyKind
from mailguard.findings import pickled_by_fields
from mailguard.scope import per_message

if TYPE_CHECKING:
    from mailguard.content.addressees import AddresseeKind
    from mailguard.findings import Finding
    from mailguard.policy import Policy
    from mailguard.result import MessageResult

MAX_SOURCES_LISTED = 200
NameResolver = Callable[[Iterable[int]], dict[int, str]]


@dataclass(frozen=True, slots=True)
class Target:
    """One row of the approved target list (#16)."""

    email: str
    name: str = ""
    id: str = ""


@dataclass(frozen=True)
class Targets:
    source: str
    rows: tuple[Target, ...]

    def by_email(self) -> dict[str, Target]:
        return {t.email.lower(): t for t in self.rows}


@pickled_by_fields  # every message's facts go from a batch worker to the parent
@dataclass(frozen=True, slots=True)
class Facts:
    """What the cross-message checks need from one message, and nothing more.

    ``recipients`` are the run's recipients (external, not the sender); ``internal`` the
    internal copies, kept apart so that they count only when the target list names them."""

    index: int
    source: str
    verdict: str
    recipients: tuple[str, ...]
    recipient_names: tuple[str, ...]
    addressees: tuple[str, ...]
    shape: str
    internal: tuple[str, ...] = ()


@per_message  # a recipient's name is usually also the addressee's, and the row's
def person_key(written: str) -> str:
    """Order-independent comparable full name ('' when empty)."""
    return "".join(sorted(name_key(written).tokens))


def surname_agrees(full: str, written: str) -> bool:
    """A salutation by surname only (田中様) agrees with the full name on the list."""
    return bool(written) and len(written) < len(full) and written in full


def key(text: str) -> int:
    """64-bit key for an address or a name: the run keeps these, not the strings."""
    return int.from_bytes(
        hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "little", signed=True
    )


def facts_of(result: MessageResult, index: int) -> Facts:
    """The facts of one checked message. The addressees are those the check read (within
    the message's time budget): nothing is computed here again, outside any limit."""
    draft = result.draft
    if draft is None:
        return Facts(index, result.source, "error", (), (), (), "")
    person = _person_kind()
    people = dict.fromkeys(k for a in result.addressees if a.kind is person and (k := person_key(a.name)))
    sender = draft.sender.address.lower() if draft.sender else ""
    internal = {r.address.lower() for p in result.parties if p.kind is PartyKind.INTERNAL for r in p.members}
    everyone: dict[str, None] = {}  # each address once, in order
    names: dict[str, None] = {}
    for recipient in draft.recipients:  # one pass (most messages have one recipient)
        everyone[recipient.address.lower()] = None
        if recipient.name and "@" not in recipient.name:
            names[person_key(recipient.name)] = None
    outside: list[str] = []
    copies: list[str] = []
    for address in everyone:
        if address != sender:
            (copies if address in internal else outside).append(address)
    return Facts(
        index=index,
        source=result.source,
        verdict=result.verdict.label,
        recipients=tuple(outside),
        recipient_names=tuple(n for n in names if n),
        addressees=tuple(people),
        shape=f"{len(draft.attachments)}:{_written_lines(draft.body)}",
        internal=tuple(copies),
    )


def _written_lines(body: str) -> int:
    """How many lines of the body hold text."""
    return sum(map(bool, map(str.strip, body.splitlines())))


@functools.cache
def _person_kind() -> AddresseeKind:
    """``AddresseeKind.PERSON``, imported on first use and kept: content.addressees takes
    ~20 ms to import, which commands that check nothing must not pay, and a ``from ...
    import`` in a function costs ~7k instructions at every call (the module's ``__path__``
    looked up: an AttributeError made and cleared)."""
    from mailguard.content.addressees import AddresseeKind

    return AddresseeKind.PERSON


@dataclass(frozen=True)
class RunInputs:
    """What a run is checked against besides its messages."""

    policy: Policy
    targets: Targets | None = None


class Collector:
    """A run rule's state during one run: :meth:`add` sees each message's facts in input
    order, :meth:`finish` reports what needs the whole run."""

    def add(self, facts: Facts) -> None:
        """Record one message."""

    def finish(self, names: NameResolver) -> list[Finding]:
        """The run findings; ``names`` turns message indexes back into source names."""
        return []


def configured(finding: Finding, policy: Policy) -> Finding:
    """A run finding at the severity the policy sets for its rule."""
    severity = policy.rule(finding.rule).severity
    return finding if severity is None else finding.with_severity(severity)


def row_of(row: Mapping[str, str]) -> Target:
    return Target((row.get("email") or "").strip(), (row.get("name") or "").strip(), (row.get("id") or "").strip())
