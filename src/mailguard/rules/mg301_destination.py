"""MG301-MG304: wrong destination (look-alike domains, display-name spoofing, first contact,
replies and resends that go elsewhere)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from types import MappingProxyType

from mailguard.content.names import name_key
from mailguard.content.segments import BodySegments, SegmentKind
from mailguard.destinations.domains import normalise_domain, remember
from mailguard.destinations.lookalike import (
    Closeness,
    LookAlike,
    LookalikeIndex,
    Reference,
    Where,
    best,
    reference_domain,
)
from mailguard.destinations.mentioned import mentioned_domains
from mailguard.destinations.parties import PartyKind, internal_for, sender_organisation
from mailguard.findings import Finding, Reason, Severity, reason
from mailguard.mask import mask_address
from mailguard.model import Draft, Field
from mailguard.policy import Policy
from mailguard.rules import Context, Rule

_DOMAIN_AFTER_AT = re.compile(r"[\w\-]+(?:\.[\w\-]+)+")


def addresses_in(text: str) -> list[str]:
    r"""Addresses written in a text (``local@domain.tld``), found from each ``@`` outwards.

    The pattern ``[\w.+-]+@...`` searched from every position re-read each long run of
    letters once per position (quadratic in a hostile display name); here each character is
    read at most twice: the local part back to the previous ``@`` or non-address character,
    the domain forward with an anchored match that stops at the next ``@``."""
    found: list[str] = []
    floor = 0
    at = text.find("@")
    while at != -1:
        start = at
        while start > floor and (text[start - 1].isalnum() or text[start - 1] in "._+-"):
            start -= 1
        domain = _DOMAIN_AFTER_AT.match(text, at + 1) if start < at else None
        if domain is not None:
            found.append(text[start : domain.end()])
            floor = domain.end()
            at = text.find("@", floor)
        else:
            at = text.find("@", at + 1)
    return found


def policy_references(policy: Policy) -> tuple[Reference, ...]:
    """Domains the policy says the sender writes to, each with where it is listed."""
    found: dict[str, Where] = {}

    def add(patterns: Iterable[str], where: Where) -> None:
        for pattern in patterns:
            domain = reference_domain(pattern)
            if domain:
                found.setdefault(domain, where)

    add(policy.internal_domains, Where.INTERNAL)
    if policy.address_book is not None:
        add((c.email.rpartition("@")[2] for c in policy.address_book.contacts), Where.ADDRESS_BOOK)
    add((*policy.trusted_domains, *policy.known_domains), Where.KNOWN)
    add((d for domains in policy.organisations.values() for d in domains), Where.KNOWN)
    add(policy.personal_mail_providers, Where.PROVIDER)
    return tuple(Reference(domain, where) for domain, where in found.items())


def draft_references(draft: Draft, policy: Policy, segments: BodySegments) -> tuple[Reference, ...]:
    """Domains this draft shows the sender means: their own organisation and every domain in
    the quoted thread, forwarded headers, signatures and text."""
    found = list(mentioned_domains(segments))
    own = sender_organisation(draft.sender, policy)
    if own:
        found.insert(0, Reference(own, Where.OWN))
    return tuple(found)


_DRAFT_ANSWERS = 4096


def _in_draft(policy: Policy, references: tuple[Reference, ...], domain: str) -> LookAlike | None:
    """The reference of the draft that ``domain`` imitates: ``LookalikeIndex(references).find``,
    remembered on the policy (bounded) by the domains and kinds of the references alone.

    A merge run's messages show the same few domains (the sender's own, a quoted partner's),
    and building an index for each message was most of this rule's cost. Only domains are
    kept, never a reference's detail (a quoted message's date): the answer names the
    reference by its place, and this draft's own is returned."""
    answers: dict[tuple[str, ...], tuple[str, int, Closeness] | None] = policy.memo.setdefault("lookalike:draft", {})
    key = (domain, *(f for r in references for f in (r.where, r.domain)))
    if key in answers:
        answer = answers[key]
    else:
        found = LookalikeIndex(references, policy.boundaries.organisation).find(domain)
        answer = None if found is None else (found.domain, references.index(found.reference), found.closeness)
        remember(answers, key, answer, _DRAFT_ANSWERS)
    return None if answer is None else LookAlike(answer[0], references[answer[1]], answer[2])


def _where(reference: Reference) -> Reason:
    """Where the reference domain was seen (``MG301.where.quoted.of``: with the quoted
    message's date or author)."""
    if reference.where is Where.QUOTED and reference.detail:
        return reason("MG301.where.quoted.of", detail=reference.detail)
    return reason(f"MG301.where.{reference.where.value}")


class LookalikeDomain(Rule):
    """
    ## What it does
    Blocks a recipient whose domain is close to, but not, a domain you mean to write to, and
    says where that domain was seen: your own organisation (`sarnple-town.lg.jp` from
    `sample-town.lg.jp`), the quoted thread, forwarded headers or signatures of the message
    (a reply to `hikari-densi.co.jp` quoting `hikari-denshi.co.jp`), the internal, trusted and
    known domains and the address book of a policy, and the well-known mail providers. No
    policy is needed. Close means visually the same (`rn`/`m`, `l`/`1`/`I`, `0`/`o`, `-`/`.`,
    Cyrillic, Greek or full-width homoglyphs, also in `xn--` form), one edit, transposition,
    doubled or dropped letter (`gmial.com`; short names such as `gmai.com` only against a mail
    provider), or the same name with its ending mistyped (`yahoo.co.jo`, `icloud.co`).
    The same name under another ending altogether (`example-city.jp` for
    `example-city.lg.jp`) asks for confirmation. Geographic and `lg.jp` names are compared
    whole: `pref.kanagwa.jp` for `pref.kanagawa.jp`.

    ## Why
    The e-mail twin of a fax sent to a wrong number (#13, #15): a typed or auto-completed
    address that reaches a stranger. The domain people mistype most is their own, and the
    right spelling is usually in the very message being answered.

    ## Example
    ```
    From: k.mori@example-city.lg.jp
    To: tanaka@example-clty.lg.jp
    ```

    ## Use instead
    ```
    From: k.mori@example-city.lg.jp
    To: tanaka@example-city.lg.jp
    ```

    ## Configuration
    Nothing is required. A policy adds references:
    ```yaml
    internal_domains: [example-city.lg.jp]
    known_domains: [partner-example.co.jp]
    address_book: contacts.csv
    ```
    A domain that is itself in `known_domains`, the address book or your internal domains is
    never a look-alike: two real partners one letter apart stay quiet once both are listed.

    ## Known problems
    A real domain one letter from a domain in the message or your own (a neighbouring town
    with a similar name, not in your address book) is blocked until it is listed in
    `known_domains`. Labels of fewer than five letters are compared only for visual sameness,
    except against mail providers; a domain that appears nowhere (not in the draft, the policy
    or the provider list) cannot be compared with anything.

    ## References
    Incidents #13, #15.
    """

    id = "MG301"
    name = "lookalike-domain"
    incidents = (13, 15)
    default_severity = Severity.BLOCK
    summary = reason("MG301.summary")

    def check(self, draft: Draft, ctx: Context) -> Iterator[Finding]:
        policy = ctx.policy
        index = policy.memo.get("lookalike")
        if index is None:
            index = policy.memo["lookalike"] = LookalikeIndex(policy_references(policy), policy.boundaries.organisation)
        domains = [d for d in dict.fromkeys(normalise_domain(r.domain) for r in draft.recipients if r.domain) if d]
        if not domains:
            return
        references = draft_references(draft, policy, ctx.segments)
        for domain in domains:
            if index.knows(domain):
                continue
            found = best(f for f in (_in_draft(policy, references, domain), index.find(domain)) if f is not None)
            if found is not None:
                in_draft = LookalikeIndex(references, policy.boundaries.organisation)
                yield self._finding(draft, in_draft.as_seen(found))

    def _finding(self, draft: Draft, found: LookAlike) -> Finding:
        domain, reference = found.domain, found.reference.domain
        addresses = tuple(r.address for r in draft.recipients if normalise_domain(r.domain) == domain)
        shown = ", ".join(mask_address(a) for a in addresses[:5]) + (" …" if len(addresses) > 5 else "")
        how = reason(f"MG301.how.{found.closeness.value}", ref=reference)
        return self.finding(
            draft,
            # The closeness decides, never the words: another ending may be a real domain.
            severity=Severity.BLOCK if found.closeness.certain else Severity.CONFIRM,
            message=reason("MG301.lookalike", domain=domain, how=how, where=_where(found.reference)),
            fix=reason("MG301.lookalike.fix", ref=reference, shown=shown),
            location="header:To/Cc/Bcc",
            value=domain,
            subjects=addresses,
        )


class DisplayNameSpoof(Rule):
    """
    ## What it does
    Asks for confirmation when a recipient's display name holds an e-mail address different
    from the real one (`"tanaka@example-city.lg.jp" <tanaka@mail-example.net>`), or the name
    of an address-book contact while the address is not that contact's. The finding shows
    the real address plainly.

    ## Why
    The sender reads the display name and trusts it; the message goes to the address behind
    it (#13: re-read the number before you send).

    ## Example
    ```
    To: "tanaka@example-city.lg.jp" <tanaka@mail-example.net>
    ```

    ## Use instead
    ```
    To: 田中 一郎 <tanaka@example-city.lg.jp>
    ```

    ## Configuration
    `address_book` makes the name check possible.

    ## Known problems
    Only an address written in the display name, or the full name of an address-book contact,
    is noticed. A domain without `@` (`"example-city.lg.jp 田中" <tanaka@mail-example.net>`)
    or a surname alone (`田中様 <tanaka@mail-example.net>`) passes: a surname names too many
    contacts.

    A recipient whose address is itself in the address book is not compared by name: `"山田
    花子" <ichiro.tanaka@example.jp>`, where that address is another contact's, passes. Without
    `address_book` only the written-address check runs.

    ## References
    Incident #13.
    """

    id = "MG302"
    name = "display-name-spoof"
    incidents = (13,)
    default_severity = Severity.CONFIRM
    summary = reason("MG302.summary")

    def check(self, draft: Draft, ctx: Context) -> Iterator[Finding]:
        book = ctx.policy.address_book
        for recipient in draft.recipients:
            shown = [a for a in addresses_in(recipient.name) if a.lower() != recipient.address.lower()]
            problem: Reason | None = None
            if shown:
                problem = reason("MG302.shows", shown=shown[0])
            elif book is not None and len(name_key(recipient.name).tokens) > 1 and not book.by_email(recipient.address):
                # a full name only: a surname alone names half the book
                owners = [c for c in book.people_named(name_key(recipient.name)) if len(c.keys[0].tokens) > 1]
                if owners:
                    problem = reason("MG302.contact_name", owner=mask_address(owners[0].email))
            if problem is not None:
                yield self.finding(
                    draft,
                    message=reason(
                        "MG302.spoof", address=recipient.address, field=recipient.field.label, problem=problem
                    ),
                    fix=reason("MG302.spoof.fix", address=recipient.address),
                    location=f"header:{recipient.field.label}",
                    value=recipient.address.lower() + "\n" + recipient.name,
                    subjects=(recipient.address,),
                )


class FirstContact(Rule):
    """
    ## What it does
    When the policy lists `known_domains` or has an address book, asks for confirmation
    before mail goes to an external domain that is in neither (first contact). At personal
    mail providers (gmail.com, docomo.ne.jp, ...) every address is a person of its own, so
    there the address itself must be known. With `per_address: true`, a new address at a
    known organisation's domain needs confirmation too.

    Addresses nobody typed are not a first contact: the address that wrote the quoted message
    (a resident who wrote in), the To of a reply (a draft with `In-Reply-To` or `References`:
    the mail client filled it from the message answered), and the Bcc of a distribution (every
    external recipient in Bcc, at least `list_bcc_at` of them, or any number in a bulk send,
    which the policy's `bulk_markers` recognise as MG102 does: `List-Unsubscribe`, `List-Id`,
    `Precedence: bulk`, a subject marker such as `【メルマガ】`: the addresses come
    from a list of participants, registrants or subscribers, and the list's risks are
    MG102/MG103's). Three is enough: an office that sends a notice to its event's registrants
    in Bcc, its own address in To, is doing #1 right, and asking about each of them as a
    first contact would ask about every such notice.

    ## Why
    Incident #13's countermeasure: read the number back and re-confirm before sending to a
    destination you have not used before.

    ## Example
    ```
    To: info@new-supplier-example.co.jp    # not in contacts.csv or known_domains
    ```

    ## Use instead
    Confirm the address with the person (not by replying to an unverified mail), then add it
    to the address book.

    ## Configuration
    ```yaml
    known_domains: [partner-example.co.jp]
    address_book: contacts.csv
    rules:
      MG303: {per_address: false, list_bcc_at: 3}
    ```

    ## Known problems
    Who wrote the quoted message is read from the draft's own text (the quoted header or
    attribution line): a reply to an unsolicited mail counts as known, as a person would
    count it. Its look-alikes are still MG301's. A reply whose To was replaced by hand with a
    new address, and three or more new addresses typed by hand into a Bcc-only send, are not
    asked about; a look-alike of a provider or of a domain in the thread is still MG301's.

    ## References
    Incident #13.
    """

    id = "MG303"
    name = "first-contact"
    incidents = (13,)
    default_severity = Severity.CONFIRM
    summary = reason("MG303.summary")
    options = MappingProxyType({"per_address": False, "list_bcc_at": 3})

    def check(self, draft: Draft, ctx: Context) -> Iterator[Finding]:
        policy = ctx.policy
        book = policy.address_book
        if not policy.known_domains and book is None:
            return
        book_domains = policy.memo.get("book_domains")
        if book_domains is None:  # once per policy, not per message: a book may hold 10,000
            contacts = book.contacts if book else ()
            book_domains = policy.memo["book_domains"] = {
                normalise_domain(c.email.rpartition("@")[2]) for c in contacts
            }
        new: list[str] = []
        wrote_in = _quoted_authors(ctx.segments)
        untyped = _untyped_fields(draft, ctx, self.option(ctx, "list_bcc_at"))
        for party in ctx.external_parties:
            for recipient in party.members:
                if recipient.field in untyped:
                    continue
                domain = normalise_domain(recipient.domain)
                known_domain = domain in book_domains or domain in policy.known_domain_set
                known_address = recipient.address.lower() in wrote_in or (
                    book is not None and book.by_email(recipient.address) is not None
                )
                per_address = self.option(ctx, "per_address") or party.kind is PartyKind.PERSON
                if not (known_address or (known_domain and not per_address)):
                    new.append(recipient.address)
        if new:
            listed = ", ".join(new[:5]) + (" …" if len(new) > 5 else "")
            yield self.finding(
                draft,
                message=reason("MG303.first", listed=listed),
                fix=reason("MG303.first.fix"),
                location="header:To/Cc/Bcc",
                value="\n".join(sorted(a.lower() for a in new)),
                subjects=tuple(new),
            )


def _untyped_fields(draft: Draft, ctx: Context, list_bcc_at: int) -> frozenset[Field]:
    """Recipient fields whose addresses nobody typed: the To of a reply (filled by the mail
    client from the message answered) and the Bcc of a distribution to a list (a large Bcc
    with nobody external in To/Cc, or any Bcc of a bulk send)."""
    fields: set[Field] = set()
    if draft.header("In-Reply-To") or draft.header("References"):
        fields.add(Field.TO)
    external = [r for party in ctx.external_parties for r in party.members]
    listed = len(external) >= list_bcc_at and all(r.field is Field.BCC for r in external)
    if listed or ctx.bulk_markers:  # a bulk send's recipients come from its list, however few
        fields.add(Field.BCC)
    return frozenset(fields)


def _quoted_authors(segments: BodySegments) -> frozenset[str]:
    """Addresses that wrote the messages this draft quotes: a reply to the very address a
    resident wrote in from is not a first contact (a typo of it is MG301's)."""
    return frozenset(s.author.lower() for s in segments.of(SegmentKind.QUOTED) if s.author)


class ReplyElsewhere(Rule):
    """
    ## What it does
    Asks for confirmation when `Reply-To` points to an address outside your organisation that
    is not among the recipients or the sender, or when `Resent-To/Cc/Bcc` headers send a copy
    to addresses the visible recipients do not include.

    ## Why
    Replies (often carrying personal data) then go somewhere the sender did not look at, and
    a resent copy goes to someone not shown in To/Cc (#13, #15).

    ## Example
    ```
    From: kyoiku@example-city.lg.jp
    To: parent@example-mail.jp
    Reply-To: form@survey-example.net
    ```

    ## Use instead
    Leave Reply-To empty, or set it to an address of your own organisation.

    ## Configuration
    Only `enabled` and `severity`.

    ## Known problems
    A `Reply-To` inside your own organisation never counts, nor one that is also a recipient:
    a Reply-To to the wrong colleague or to a personal address that is also in Bcc passes.
    Other ways replies can go elsewhere are not read: `Mail-Followup-To`, or a reply form
    linked in the body (`回答はこちら: https://survey-example.net/...`).

    It compares addresses, not intent: a legitimate external Reply-To (a contractor that runs
    the event's help desk) is asked about on every message.

    ## References
    Incidents #13, #15.
    """

    id = "MG304"
    name = "reply-elsewhere"
    incidents = (13, 15)
    default_severity = Severity.CONFIRM
    summary = reason("MG304.summary")

    def check(self, draft: Draft, ctx: Context) -> Iterator[Finding]:
        internal = internal_for(draft.sender, ctx.policy)
        involved = {r.address.lower() for r in draft.recipients}
        if draft.sender is not None:
            involved.add(draft.sender.address.lower())
        elsewhere = [
            a.address for a in draft.reply_to if a.address.lower() not in involved and not internal.includes(a.address)
        ]
        visible = {r.address.lower() for r in draft.visible_recipients}
        resent = [a.address for a in draft.resent_recipients if a.address.lower() not in visible]
        for header, addresses in (("Reply-To", elsewhere), ("Resent-*", resent)):
            if addresses:
                yield self.finding(
                    draft,
                    message=reason("MG304.elsewhere", header=header, addresses=", ".join(addresses)),
                    fix=reason("MG304.elsewhere.fix", header=header),
                    location=f"header:{header}",
                    value="\n".join(sorted(a.lower() for a in addresses)),
                    subjects=tuple(addresses),
                )
