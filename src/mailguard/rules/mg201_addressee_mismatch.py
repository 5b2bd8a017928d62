"""MG201 addressee-mismatch."""

from __future__ import annotations

from collections.abc import Iterator

from mailguard.content.addressees import Addressee, AddresseeKind
from mailguard.content.names import NameKey, name_key, names_match
from mailguard.destinations.contacts import Contact
from mailguard.findings import Finding, Severity, Text
from mailguard.mask import mask_address, mask_name
from mailguard.model import Draft
from mailguard.rules import Context, Rule


class AddresseeMismatch(Rule):
    """
    ## What it does
    Reads who the message is written to (the salutation and addressee block at the top of the
    body: `田中 一郎 様`, `田中様`, `株式会社〇〇 御中`, `〇〇 ご担当者様`, `Dear Ms Brown,`,
    `Hi Alice,`; and a name in the subject such as `【田中様】登録完了`) and compares it with
    the recipients' display names and, when the policy has one, the address book (names,
    readings and romaji aliases, organisations). Names are compared after NFKC, width, space
    (U+3000 too), honorific, case and kana folding, in Western or Japanese order; a surname
    alone matches a full name.

    - The name is **another known contact** (address book) who is not a recipient: **block**.
    - The name matches no recipient whose name is known: **confirm**.
    - The recipient's name is unknown (a bare address and no address book): **info** only.
    - Collective salutations (`各位`, `皆様`, `Dear all`) and matches pass. Quoted replies
      and forwarded threads are ignored.

    ## Why
    Incidents #2 (another evacuee's name on the label), #8 (registration mails swapped between
    recipients) and #18 (information for patient A sent to B): the content is about one
    person and the envelope goes to another.

    ## Example
    ```
    To: 山田 花子 <hanako.yamada@example.jp>
    Subject: 【田中様】ご登録完了のお知らせ

    田中 一郎 様
    ```

    ## Use instead
    ```
    To: 田中 一郎 <ichiro.tanaka@example.jp>
    Subject: 【田中様】ご登録完了のお知らせ

    田中 一郎 様
    ```

    ## Configuration
    ```yaml
    address_book: contacts.csv    # email,name,aliases,organisation
    rules:
      MG201: {enabled: true}
    ```

    ## References
    Incidents #2, #8, #18.
    """

    id = "MG201"
    name = "addressee-mismatch"
    incidents = (2, 8, 18)
    default_severity = Severity.BLOCK
    summary = Text(
        en="The message is addressed to someone other than its recipient",
        ja="本文・件名の宛名と実際の宛先が一致しない",
    )

    def check(self, draft: Draft, ctx: Context) -> Iterator[Finding]:
        found = ctx.addressees
        if not found or found[0].kind is AddresseeKind.COLLECTIVE or not draft.recipients:
            return
        seen: list[NameKey] = []
        for addressee in found:
            written = addressee.name if addressee.kind is AddresseeKind.PERSON else addressee.organisation
            key = name_key(written)
            if addressee.kind is AddresseeKind.COLLECTIVE or key.empty or any(names_match(key, k) for k in seen):
                continue
            seen.append(key)
            finding = self._judge(draft, ctx, addressee)
            if finding is not None:
                yield finding

    def _judge(self, draft: Draft, ctx: Context, addressee: Addressee) -> Finding | None:
        person = addressee.kind is AddresseeKind.PERSON
        written = addressee.name if person else addressee.organisation
        key = name_key(written)
        if person and any(i.is_person(key) for i in ctx.identities):
            return None
        if not person and any(i.is_organisation(written) for i in ctx.identities):
            return None
        recipients = {r.address.lower() for r in draft.recipients}
        book = ctx.policy.address_book
        others: tuple[Contact, ...] = ()
        if book is not None:
            named = book.people_named(key) if person else book.organisations_named(written)
            others = tuple(c for c in named if c.email.lower() not in recipients)
            if any(c.email.lower() in recipients for c in named):
                return None
        shown = mask_name(written) if person else written
        to = ", ".join(r.address for r in draft.recipients[:3])
        location = addressee.where
        if others:
            other = ", ".join(mask_address(c.email) for c in others[:3])
            return self.finding(
                draft,
                severity=Severity.BLOCK,
                message=Text(
                    en=f"The message is addressed to {shown} ({location}), another contact ({other}), "
                    f"but goes to {to}.",
                    ja=f"宛名 {shown} ({location}) は別の登録済みの相手 ({other}) ですが、宛先は {to} です。",
                ),
                fix=Text(
                    en="Send it to the person it is written for, or correct the salutation and content.",
                    ja="本文の宛名の本人に送るか、宛名と内容を修正してください。",
                ),
                location=location,
                value=key.joined,
                subjects=tuple(r.address for r in draft.recipients),
            )
        if any(i.name_known or (not person and i.organisations) for i in ctx.identities):
            return self.finding(
                draft,
                severity=Severity.CONFIRM,
                message=Text(
                    en=f"The message is addressed to {shown} ({location}), which matches no recipient ({to}).",
                    ja=f"宛名 {shown} ({location}) がどの宛先 ({to}) とも一致しません。",
                ),
                fix=Text(
                    en="Check that the recipient is the person named in the message.",
                    ja="本文の宛名の人が宛先と同じか確認してください。",
                ),
                location=location,
                value=key.joined,
                subjects=tuple(r.address for r in draft.recipients),
            )
        return self.finding(
            draft,
            severity=Severity.INFO,
            message=Text(
                en=f"The message is addressed to {shown} ({location}); the recipients' names are unknown, "
                "so this could not be compared.",
                ja=f"宛名は {shown} ({location}) ですが、宛先の氏名が不明なため照合できませんでした。",
            ),
            fix=Text(
                en="Add the recipient's display name or an address book to the policy.",
                ja="宛先に表示名を付けるか、ポリシーにアドレス帳を設定してください。",
            ),
            location=location,
            value=key.joined,
        )
