"""MG202 attachment-other-person."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from mailguard.attachments.extract import Extracted
from mailguard.content.addressees import AddresseeKind
from mailguard.content.mentions import (
    Mention,
    OrganisationMention,
    contacts_in,
    labelled_names,
    organisation_kind,
    organisations_for,
)
from mailguard.content.names import name_key, names_match
from mailguard.destinations.contacts import Contact, organisation_key, organisations_match
from mailguard.destinations.domains import DomainSet, normalise_domain
from mailguard.destinations.parties import sender_organisation
from mailguard.findings import Finding, Param, Severity, reason
from mailguard.mask import mask_name
from mailguard.model import Address, Draft
from mailguard.patterns import on_first_use
from mailguard.rules import Context, Rule


@dataclass(frozen=True)
class _Reading:
    name: str
    others: tuple[Mention, ...]  # known contacts who are not recipients
    strangers: tuple[Mention, ...]  # labelled names that match no recipient
    names_recipient: bool


class AttachmentOtherPerson(Rule):
    """
    ## What it does
    Reads every attachment (its file name and its text: PDF, Word/Excel/PowerPoint, CSV/TXT in
    any Japanese encoding, attached mail, and ZIPs within limits) and asks whether it belongs
    to someone other than the person or organisation the message is written to.

    **Organisations** (#6, the school disc), with or without an address book: the
    organisation the message is addressed to (`東小学校 御中`, the organisation lines of the
    addressee block, the recipients' display names, the address book's `organisation`) is
    compared with the organisations an attachment is *for*: its file name
    (`名簿_西小学校.xlsx`), an addressee line at its top (`西小学校長 様`, `西小学校 御中`), a
    label (`学校名：西小学校`), or a 学校名 / 事業所名 / 施設名 column. Another school,
    nursery, care provider, clinic or company of the same kind (or any organisation in an
    addressee line or label) that is not the addressee:

    - **block** when the attachment carries personal data (a roster, labelled names, My
      Numbers, dates of birth), **confirm** otherwise;
    - a list that includes the addressee's own rows (every school's schedule) passes unless
      it carries other organisations' personal data (**confirm**).

    **People**: when the message is written to a private person (a resident, a patient), names
    found in the attachments are compared with the recipient:

    - an **address-book contact who is not a recipient** (full name, alias or organisation)
      and the recipient is not named there: **block**;
    - a name written with a label or an honorific (`氏名：田中 一郎`, `田中一郎様_結果.pdf`,
      a spreadsheet's `氏名` cell next to a name, `Patient: Alice Brown`) that matches no
      recipient, where the recipient's own name does not appear: **confirm**;
    - several attachments where one names the recipient and another names someone else (the
      classic "another patient's results in the envelope"): **block**.

    The sender and the contacts of the sender's own organisation (by its domain, or the
    organisation the address book gives the sender) are never somebody else: a contractor's
    monthly report names the contractor and its staff.

    An organisation is reached through any of its addresses: a contact named by its
    organisation (`株式会社ブリッジワークス 御中`) is the recipient when the address book puts a
    recipient in that organisation, or when a recipient it places in none is at that
    organisation's domain (the recipient's party; a personal provider's domain never counts,
    nor a domain where the address book has other organisations too, such as one domain for
    every school). A partner's own payment notice to a new address at the partner's domain is
    the partner's, not another contact's.

    A municipality or its head written with 様 (`えがお市長 様`, `えがお市様` in a file name:
    how an invoice to a city is addressed) is that organisation, never a person's name.

    Mail to an organisation, or to a person within one (`東小学校 校長 山田 太郎 様`), carries
    its members' names (pupils, patients referred): there only a document *addressed* to
    another person counts. Names are shown masked (`田* 一*`).

    The organisation check lives here, not in MG201, because the incident is what the
    attachment holds, and the fix is the same: take the other organisation's file out.

    ## Why
    Incidents #6 (a school's disc held another school's data), #11 and #12 (another patient's
    test results handed over), #21 (another patient's papers in the luggage).

    ## Example
    ```
    To: 田中 一郎 <ichiro.tanaka@example.jp>
    Attachments: 検査結果_田中一郎.pdf, 検査結果_山田花子.pdf
    ```

    ## Use instead
    Attach only the recipient's own documents: `検査結果_田中一郎.pdf`.

    ## Configuration
    ```yaml
    address_book: contacts.csv
    limits: {max_pdf_pages: 50, max_archive_depth: 3, max_expanded_bytes: 67108864}
    ```

    ## Known problems
    - Images and scanned PDFs without a text layer cannot be read.
    - Organisations are recognised by their kind (小学校, 保育園, 事業所, 病院, 株式会社 …);
      abbreviations (`西小`, `東中`) and names without a kind word are not seen without an
      address book.
    - A file name naming a peer (`交流会_西小学校.pdf` sent to 東小学校) asks for a confirmation
      even when the document is meant for both schools, unless it also names the addressee.
    - Names of other people in mail to an organisation are not checked (they are expected
      there); a wrong pupil's record to the right school passes.
    - Municipalities are not compared with each other: an invoice addressed to another city's
      head (`みなと市長 様`) sent to this city's staff passes. A three-character surname that
      ends in 村, 町 or 市 (野々村) with 様 is read as a municipality.
    - A contact named by its *person* (not its organisation) is somebody else even when a
      recipient works at the same organisation.

    ## References
    Incidents #6, #11, #12, #21.
    """

    id = "MG202"
    name = "attachment-other-person"
    incidents = (6, 11, 12, 21)
    default_severity = Severity.BLOCK
    summary = reason("MG202.summary")

    def check(self, draft: Draft, ctx: Context) -> Iterator[Finding]:
        if not draft.attachments:
            return
        documents = [document for a in draft.attachments for document in ctx.extracted(a).documents()]
        yield from self._other_organisations(draft, ctx, documents)
        if not _addressed_to_someone(draft, ctx):
            return
        readings = [self._read(document.name, document.text, draft, ctx) for document in documents]
        any_names_recipient = any(r.names_recipient for r in readings)
        for reading in readings:
            if reading.others and not reading.names_recipient:
                yield self._finding(draft, reading, reading.others, Severity.BLOCK)
            elif reading.strangers and not reading.names_recipient:
                severity = Severity.BLOCK if any_names_recipient else Severity.CONFIRM
                yield self._finding(draft, reading, reading.strangers, severity)

    def _read(self, name: str, content: str, draft: Draft, ctx: Context) -> _Reading:
        text = name.rsplit("/", 1)[-1] + "\n" + content
        recipients = {r.address.lower() for r in draft.recipients}
        known = contacts_in(text, ctx.policy.address_book)
        own = _sender_side(draft, ctx)
        reached = _recipients_organisation(draft, ctx)
        # A contact named by its organisation is the recipient when a recipient belongs to
        # that organisation: its documents go to any of its addresses.
        recipient = [
            m
            for m in known
            if m.contact is not None
            and (m.contact.email.lower() in recipients or (m.organisation and reached(m.contact)))
        ]
        others = tuple(m for m in known if m.contact is not None and m not in recipient and not own(m.contact))
        named_recipient = bool(recipient)
        # Who the message is written to counts as the recipient's name when the address has
        # none (MG201 checks that salutation and recipient agree).
        addressed = [name_key(a.name) for a in ctx.addressees if a.kind is AddresseeKind.PERSON]
        # Mail to an organisation (or to a person within one) carries its members' names:
        # only a document addressed to another person is suspect there.
        private = _addressed_to_private_person(ctx)
        candidates = labelled_names(text) if private else _document_people(name, content)
        strangers = []
        for mention in candidates:
            if any(i.is_person(mention.key) for i in ctx.identities) or any(
                names_match(mention.key, k) for k in addressed
            ):
                named_recipient = True
            elif not any(o.key == mention.key for o in others):
                strangers.append(mention)
        return _Reading(name, others, tuple(strangers), named_recipient)

    def _other_organisations(self, draft: Draft, ctx: Context, documents: list[Extracted]) -> Iterator[Finding]:
        """Another school's, facility's or company's documents going to this one (#6)."""
        addressed = _addressed_organisations(draft, ctx)
        if not addressed:
            return
        kinds = {_addressed_kind(o) for o in addressed} - {""}
        for document in documents:
            named = [
                m
                for m in organisations_for(document.name, document.text)
                if m.how in ("addressee", "label") or m.kind in kinds
            ]
            foreign: list[OrganisationMention] = []
            for m in named:
                if not any(organisations_match(m.written, o) for o in addressed) and not any(
                    organisations_match(m.written, f.written) for f in foreign
                ):
                    foreign.append(m)
            if not foreign:
                continue
            # A list of every school that includes this one is its own data too, unless the
            # other schools' rows carry personal data.
            mine = any(organisations_match(m.written, o) for m in named for o in addressed)
            personal = _personal(document.text)
            if mine and not personal:
                continue
            severity = Severity.BLOCK if personal and not mine else Severity.CONFIRM
            yield self._organisation_finding(draft, document.name, foreign, addressed[0], severity, personal)

    def _organisation_finding(
        self,
        draft: Draft,
        name: str,
        foreign: list[OrganisationMention],
        addressed: str,
        severity: Severity,
        personal: bool,
    ) -> Finding:
        shown = ", ".join(m.written for m in foreign[:3]) + (f" (+{len(foreign) - 3})" if len(foreign) > 3 else "")
        how = foreign[0].how
        carries: Param = reason("MG202.carries_personal_data") if personal else ""
        return self.finding(
            draft,
            severity=severity,
            message=reason(
                "MG202.organisation_finding",
                name=name,
                shown=shown,
                how=how,
                carries=carries,
                addressed=addressed,
            ),
            fix=reason("MG202.organisation_finding.fix", name=name, addressed=addressed),
            location=f"attachment:{name}",
            value="org:" + "\n".join(sorted(organisation_key(m.written) for m in foreign)),
            subjects=(name,),
        )

    def _finding(self, draft: Draft, reading: _Reading, names: tuple[Mention, ...], severity: Severity) -> Finding:
        shown = ", ".join((m.written if m.organisation else mask_name(m.written)) for m in names[:3]) + (
            f" (+{len(names) - 3})" if len(names) > 3 else ""
        )
        name = reading.name
        known = names[0].contact is not None
        what = reason("MG202.what.known" if known else "MG202.what.not_a_recipient")
        return self.finding(
            draft,
            severity=severity,
            message=reason("MG202.finding", name=name, what=what, shown=shown),
            fix=reason("MG202.finding.fix", name=name),
            location=f"attachment:{name}",
            value="\n".join(sorted(m.key.joined for m in names)),
            subjects=(name,),
        )


def _sender_side(draft: Draft, ctx: Context) -> Callable[[Contact], bool]:
    """Whether an address-book contact is the sender or of the sender's own organisation (by
    domain, or by the organisation the address book gives the sender): a contractor's report
    names the contractor and its staff, and that is nobody else's data."""
    sender = draft.sender.address.lower() if draft.sender else ""
    organisation = sender_organisation(draft.sender, ctx.policy)
    book = ctx.policy.address_book
    entry = book.by_email(sender) if book is not None and sender else None
    listed = entry.organisation if entry is not None else ""

    def own(contact: Contact) -> bool:
        address = contact.email.lower()
        if address == sender:
            return True
        if organisation and "@" in address:
            domain = normalise_domain(address.rsplit("@", 1)[1])
            if domain not in ctx.policy.provider_domains and ctx.policy.boundaries.organisation(domain) == organisation:
                return True
        return bool(listed and contact.organisation and organisations_match(listed, contact.organisation))

    return own


def _recipients_organisation(draft: Draft, ctx: Context) -> Callable[[Contact], bool]:
    """Whether an address-book contact is of an organisation a recipient belongs to: the
    address book puts a recipient in that organisation, or a recipient the address book
    places in none is at that organisation's domain (its party: the organisation of the
    domain, never a personal provider's), and every contact the address book has there is
    of that one organisation (one domain for several schools names none of them)."""
    book = ctx.policy.address_book
    if book is None:
        return lambda contact: False
    entries = [(r, book.by_email(r.address)) for r in draft.recipients]
    listed = [e.organisation for _, e in entries if e is not None and e.organisation]
    parties = {_party(r.address, ctx) for r, e in entries if e is None or not e.organisation} - {""}

    def reached(contact: Contact) -> bool:
        if not contact.organisation:
            return False
        if any(organisations_match(o, contact.organisation) for o in listed):
            return True
        party = _party(contact.email, ctx) if parties else ""
        if not party or party not in parties:
            return False
        return all(organisations_match(o, contact.organisation) for o in _organisations_at(party, ctx))

    return reached


def _party(address: str, ctx: Context) -> str:
    """The organisation an address belongs to by its domain ('' for a personal provider's or
    a student's address): a policy ``organisations`` entry, else the domain's organisation."""
    mailbox = Address("", address)
    organisation = sender_organisation(mailbox, ctx.policy)
    for name, patterns in ctx.policy.organisations.items() if organisation else ():
        if normalise_domain(mailbox.domain) in DomainSet(patterns):
            return "named:" + name
    return organisation


def _organisations_at(party: str, ctx: Context) -> frozenset[str]:
    """The organisations the address book gives its contacts at one party's domains: derived
    from the policy alone, so kept on it."""
    known: dict[str, frozenset[str]] | None = ctx.policy.memo.get("mg202_organisations_at")
    if known is None:
        grouped: dict[str, set[str]] = {}
        book = ctx.policy.address_book
        for contact in book.contacts if book is not None else ():
            if contact.organisation:
                grouped.setdefault(_party(contact.email, ctx), set()).add(contact.organisation)
        known = ctx.policy.memo["mg202_organisations_at"] = {k: frozenset(v) for k, v in grouped.items()}
    return known.get(party, frozenset())


def _addressed_organisations(draft: Draft, ctx: Context) -> list[str]:
    """Organisations the message is written to: ``東小学校 御中``, the organisation lines of
    an addressee block, the recipients' display names and address-book organisations."""
    found = [a.organisation for a in ctx.addressees if a.organisation and a.kind is not AddresseeKind.COLLECTIVE]
    for identity in ctx.identities:
        found.extend(identity.organisations)
    return list(dict.fromkeys(found))


def _addressed_kind(organisation: str) -> str:
    """The kind of an addressed organisation, also when a unit of it follows the name
    (``えがお市立第一小学校 事務室`` is a school, ``株式会社サンプル 営業部`` a company)."""
    kind = organisation_kind(organisation)
    for token in reversed(organisation.split()):
        kind = kind or organisation_kind(token)
    return kind


def _addressed_to_private_person(ctx: Context) -> bool:
    """A person written to without an organisation (a resident, a patient): names of other
    people in the attachments are then somebody else's data."""
    people = [a for a in ctx.addressees if a.kind is not AddresseeKind.COLLECTIVE]
    if people and (people[0].kind is not AddresseeKind.PERSON or people[0].organisation):
        return False
    return not any(i.organisations for i in ctx.identities)


def _document_people(name: str, text: str) -> tuple[Mention, ...]:
    """People a document is addressed to (its salutation, a name with 様 in its file name)."""
    from mailguard.content.addressees import document_addressees

    found = [
        Mention(a.name, name_key(a.name), None)
        for a in document_addressees(text)
        if a.kind is AddresseeKind.PERSON and not name_key(a.name).empty
    ]
    found += [m for m in labelled_names(name.rsplit("/", 1)[-1]) if m.key not in {f.key for f in found}]
    return tuple(found)


# Column headings of a table about people (a roster): 児童氏名, 保護者連絡先, 生年月日 …
_PERSON_COLUMNS = on_first_use(
    r"氏名|名前|ふりがな|フリガナ|生年月日|住所|連絡先|電話|携帯|メール|保護者|name|birth|phone|address", re.I
)
_CELLS = re.compile(r"[,\t]")


def _personal(text: str) -> bool:
    """Whether a document carries data about people: a roster (a table whose headings name
    people's columns, or many rows with contacts), labelled names, mobile numbers, My
    Numbers, dates of birth."""
    from mailguard.content import personal

    text = personal.normalise(text)
    if personal.rosters(text) or labelled_names(text, most=1) or personal.my_numbers(text):
        return True
    if personal.dates_of_birth(text):
        return True
    lines = [line for line in text[:200000].splitlines()[:2000] if line.strip()]
    for index, line in enumerate(lines[:5]):
        cells = _CELLS.split(line[:1000])
        if len(cells) >= 2 and any(_PERSON_COLUMNS.search(c) for c in cells) and len(lines) - index - 1 >= 2:
            return True
    mobiles = {h.raw for h in personal.phone_numbers(text[:200000]) if h.raw.startswith(("070", "080", "090"))}
    return len(mobiles) >= 3


def _addressed_to_someone(draft: Draft, ctx: Context) -> bool:
    """A salutation to a person or organisation, or a one-to-one mail to one outside address."""
    found = ctx.addressees
    if found and found[0].kind is not AddresseeKind.COLLECTIVE:
        return True
    external = [r for p in ctx.external_parties for r in p.members]
    return len(external) == 1 and not found
