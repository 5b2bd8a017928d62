"""Parties: who can see whom.

Every address of one organisation belongs to that organisation's party; each address at a
personal mail provider (gmail.com, docomo.ne.jp, ...) is a party of its own, because those
are private persons who must not learn of each other (#1, #4, #5, #9).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from typing import TYPE_CHECKING

from mailguard.destinations.domains import DomainSet, normalise_domain, registrable_domain
from mailguard.model import Draft, Recipient

if TYPE_CHECKING:
    from mailguard.policy import Policy


class PartyKind(StrEnum):
    INTERNAL = "internal"
    ORGANISATION = "organisation"
    PERSON = "person"
    UNRESOLVED = "unresolved"


@dataclass(frozen=True, slots=True)
class Party:
    """A group of recipients who share an organisation (or one private person)."""

    key: str
    kind: PartyKind
    label: str
    trusted: bool
    members: tuple[Recipient, ...]

    @property
    def external(self) -> bool:
        return self.kind is not PartyKind.INTERNAL

    @property
    def visible_members(self) -> tuple[Recipient, ...]:
        return tuple(m for m in self.members if m.field.visible)


def internal_domains(draft: Draft, policy: Policy) -> DomainSet:
    """Internal domains from the policy, else the sender's registrable domain and subdomains."""
    if policy.internal_domains:
        return policy.internal_domain_set
    if draft.sender is not None and draft.sender.domain:
        return _sender_organisation(draft.sender.domain)
    return DomainSet(())


@lru_cache(maxsize=256)
def _sender_organisation(domain: str) -> DomainSet:
    base = registrable_domain(domain)
    return DomainSet((base, f"*.{base}"))


def classify(recipient: Recipient, internal: DomainSet, policy: Policy) -> tuple[str, PartyKind, str]:
    """(party key, kind, label) for one recipient."""
    address = recipient.address
    if address.lower().startswith("/o="):  # Exchange DN: resolvable only inside our own org
        return "internal", PartyKind.INTERNAL, "internal"
    domain = normalise_domain(recipient.domain)
    if not domain:
        return f"unresolved:{address.lower()}", PartyKind.UNRESOLVED, address
    if domain in internal:
        return "internal", PartyKind.INTERNAL, "internal"
    if domain in policy.provider_domains:
        return f"person:{address.lower()}", PartyKind.PERSON, address
    for name, patterns in policy.organisations.items():
        if domain in DomainSet(patterns):
            return f"org:{name}", PartyKind.ORGANISATION, name
    base = registrable_domain(domain)
    return f"org:{base}", PartyKind.ORGANISATION, base


def group_parties(draft: Draft, policy: Policy) -> tuple[Party, ...]:
    """Recipients grouped into parties: internal first, then in order of first appearance."""
    internal = internal_domains(draft, policy)
    members: dict[str, list[Recipient]] = {}
    kinds: dict[str, tuple[PartyKind, str]] = {}
    for recipient in draft.recipients:
        key, kind, label = classify(recipient, internal, policy)
        members.setdefault(key, []).append(recipient)
        kinds.setdefault(key, (kind, label))
    parties = [
        Party(
            key=key,
            kind=kinds[key][0],
            label=kinds[key][1],
            trusted=_trusted(group, policy),
            members=tuple(group),
        )
        for key, group in members.items()
    ]
    parties.sort(key=lambda p: p.kind is not PartyKind.INTERNAL)
    return tuple(parties)


def _trusted(group: list[Recipient], policy: Policy) -> bool:
    return bool(policy.trusted_domains) and all(r.domain in policy.trusted_domain_set for r in group)
