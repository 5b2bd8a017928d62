"""Parties: who can see whom.

Every address of one organisation belongs to that organisation's party; each address at a
personal mail provider (gmail.com, docomo.ne.jp, ...) or a student subdomain
(stu.example-univ.ac.jp) is a party of its own, because those are private persons who must
not learn of each other (#1, #4, #5, #9). Organisations follow ``organisations.Boundaries``
(``pref.saitama.lg.jp`` and ``city.saitama.lg.jp`` are two).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

from mailguard.destinations.domains import DomainSet, normalise_domain, remember
from mailguard.model import Address, Draft, Recipient

if TYPE_CHECKING:
    from mailguard.policy import Policy


class PartyKind(StrEnum):
    INTERNAL = "internal"
    ORGANISATION = "organisation"
    PERSON = "person"
    UNRESOLVED = "unresolved"
    UNKNOWN = "unknown"  # internal or external: not known (no sender, no policy; an Exchange DN)


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


class Basis(StrEnum):
    """Where "internal" came from for one draft."""

    POLICY = "policy"  # internal_domains in the policy: authoritative
    ORGANISATION = "organisation"  # the sender's organisation
    PERSON = "person"  # the sender is a private person (gmail.com, a student): only that address
    UNKNOWN = "unknown"  # no policy and no usable sender: colleagues cannot be told apart


@dataclass(frozen=True)
class Internal:
    """What is internal for one draft: the one place every rule and shell asks.

    Internal means the sender's *organisation* (``city.saitama.lg.jp``, not the registrable
    ``saitama.lg.jp``), or the policy's ``internal_domains`` when it names them."""

    basis: Basis
    policy: Policy = field(repr=False)
    organisation: str = ""
    address: str = ""

    def is_private(self, domain: str) -> bool:
        """A private person's mailbox: a personal provider or a student address."""
        return domain in self.policy.provider_domains or self.policy.boundaries.is_student(domain)

    def organisation_of(self, domain: str) -> str:
        return self.policy.boundaries.organisation(domain)

    def includes(self, address: str) -> bool:
        """Whether mail to ``address`` stays inside the sender's organisation."""
        _, at, domain = address.rpartition("@")
        domain = normalise_domain(domain) if at else ""
        if not domain:
            return False
        if self.basis is Basis.POLICY:
            return domain in self.policy.internal_domain_set
        if self.basis is Basis.PERSON:
            return address.strip().lower() == self.address
        if self.basis is Basis.ORGANISATION:
            return not self.is_private(domain) and self.organisation_of(domain) == self.organisation
        return False


def sender_organisation(sender: Address | None, policy: Policy) -> str:
    """The organisation the sender writes from ("" for none, or for a private person)."""
    if sender is None or not sender.domain:
        return ""
    # A policy answer about a domain (no message text): kept on the policy, bounded.
    known: dict[str, str] = policy.memo.setdefault("sender_organisation", {})
    found = known.get(sender.domain)
    if found is None:
        found = remember(known, sender.domain, _organisation_writing_from(sender.domain, policy), _SENDER_DOMAINS)
    return found


_SENDER_DOMAINS = 4096


def _organisation_writing_from(domain: str, policy: Policy) -> str:
    domain = normalise_domain(domain)
    if domain in policy.provider_domains or policy.boundaries.is_student(domain):
        return ""
    return policy.boundaries.organisation(domain)


def internal_for(sender: Address | None, policy: Policy) -> Internal:
    """Internal from the policy, else from the sender's organisation, else unknown."""
    if policy.internal_domains:
        return Internal(Basis.POLICY, policy)
    if sender is None or not sender.domain:
        return Internal(Basis.UNKNOWN, policy)
    address = sender.address.strip().lower()
    organisation = sender_organisation(sender, policy)
    if not organisation:
        return Internal(Basis.PERSON, policy, address=address)
    return Internal(Basis.ORGANISATION, policy, organisation=organisation, address=address)


EXCHANGE_KEY = "exchange"


def classify(recipient: Recipient, internal: Internal, policy: Policy) -> tuple[str, PartyKind, str]:
    """(party key, kind, label) for one recipient."""
    address = recipient.address
    if address.lower().startswith("/o="):
        # An Exchange directory entry: the sender's server resolves it, but nothing here
        # says whose organisation it is, so it is never silently internal.
        return EXCHANGE_KEY, PartyKind.UNKNOWN, "Exchange directory address (no SMTP address)"
    domain = normalise_domain(recipient.domain)
    if not domain:
        return f"unresolved:{address.lower()}", PartyKind.UNRESOLVED, address
    if internal.includes(address):
        return "internal", PartyKind.INTERNAL, "internal"
    if internal.is_private(domain):
        return f"person:{address.lower()}", PartyKind.PERSON, address
    for name, patterns in policy.organisations.items():
        if domain in DomainSet(patterns):
            return f"org:{name}", PartyKind.ORGANISATION, name
    organisation = internal.organisation_of(domain)
    if internal.basis is Basis.UNKNOWN:
        return f"org:{organisation}", PartyKind.UNKNOWN, organisation
    return f"org:{organisation}", PartyKind.ORGANISATION, organisation


def group_parties(draft: Draft, policy: Policy) -> tuple[Party, ...]:
    """Recipients grouped into parties: internal first, then in order of first appearance."""
    internal = internal_for(draft.sender, policy)
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
