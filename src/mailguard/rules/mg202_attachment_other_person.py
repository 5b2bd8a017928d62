"""MG202 attachment-other-person."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from mailguard.content.addressees import AddresseeKind
from mailguard.content.mentions import Mention, contacts_in, labelled_names
from mailguard.content.names import name_key, names_match
from mailguard.findings import Finding, Severity, Text
from mailguard.mask import mask_name
from mailguard.model import Draft
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
    When a message is addressed to a specific person or organisation (a salutation, or a
    single external recipient), reads every attachment (its file name and its text: PDF,
    Word/Excel/PowerPoint, CSV/TXT in any Japanese encoding, attached mail, and ZIPs within
    limits) and looks for names:

    - an **address-book contact who is not a recipient** (full name, alias or organisation)
      and the recipient is not named there: **block**;
    - a name written with a label or an honorific (`氏名：田中 一郎`, `田中一郎様_結果.pdf`,
      `Patient: Alice Brown`) that matches no recipient, where the recipient's own name does
      not appear: **confirm**;
    - several attachments where one names the recipient and another names someone else (the
      classic "another patient's results in the envelope"): **block**.

    Names are shown masked (`田* 一*`). Images and scanned PDFs without a text layer cannot be
    read and are out of scope.

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

    ## References
    Incidents #6, #11, #12, #21.
    """

    id = "MG202"
    name = "attachment-other-person"
    incidents = (6, 11, 12, 21)
    default_severity = Severity.BLOCK
    summary = Text(
        en="An attachment names someone other than the recipient",
        ja="添付ファイルに宛先以外の人・組織の名前がある",
    )

    def check(self, draft: Draft, ctx: Context) -> Iterator[Finding]:
        if not draft.attachments or not _addressed_to_someone(draft, ctx):
            return
        readings = [
            self._read(document.name, document.text, draft, ctx)
            for attachment in draft.attachments
            for document in ctx.extracted(attachment).documents()
        ]
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
        others = tuple(m for m in known if m.contact is not None and m.contact.email.lower() not in recipients)
        named_recipient = any(m.contact is not None and m.contact.email.lower() in recipients for m in known)
        # Who the message is written to counts as the recipient's name when the address has
        # none (MG201 checks that salutation and recipient agree).
        addressed = [name_key(a.name) for a in ctx.addressees if a.kind is AddresseeKind.PERSON]
        strangers = []
        for mention in labelled_names(text):
            if any(i.is_person(mention.key) for i in ctx.identities) or any(
                names_match(mention.key, k) for k in addressed
            ):
                named_recipient = True
            elif not any(o.key == mention.key for o in others):
                strangers.append(mention)
        return _Reading(name, others, tuple(strangers), named_recipient)

    def _finding(self, draft: Draft, reading: _Reading, names: tuple[Mention, ...], severity: Severity) -> Finding:
        shown = ", ".join((m.written if m.organisation else mask_name(m.written)) for m in names[:3]) + (
            f" (+{len(names) - 3})" if len(names) > 3 else ""
        )
        name = reading.name
        known = names[0].contact is not None
        what_en = "another known contact" if known else "a person who is not a recipient"
        what_ja = "宛先ではない登録済みの相手" if known else "宛先ではない人"
        return self.finding(
            draft,
            severity=severity,
            message=Text(
                en=f"Attachment {name!r} names {what_en}: {shown}.",
                ja=f"添付ファイル「{name}」に{what_ja}の名前があります: {shown}",
            ),
            fix=Text(
                en=f"Remove {name!r} unless it belongs to this recipient; attach the recipient's own file.",
                ja=f"この宛先のものでなければ「{name}」を外し、本人のファイルを添付してください。",
            ),
            location=f"attachment:{name}",
            value="\n".join(sorted(m.key.joined for m in names)),
            subjects=(name,),
        )


def _addressed_to_someone(draft: Draft, ctx: Context) -> bool:
    """A salutation to a person or organisation, or a one-to-one mail to one outside address."""
    found = ctx.addressees
    if found and found[0].kind is not AddresseeKind.COLLECTIVE:
        return True
    external = [r for p in ctx.external_parties for r in p.members]
    return len(external) == 1 and not found
