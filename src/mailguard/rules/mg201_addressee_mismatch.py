"""MG201 addressee-mismatch."""

from __future__ import annotations

from collections.abc import Iterator

from mailguard.content.addressees import Addressee, AddresseeKind, split_person_from_organisation
from mailguard.content.identities import Identity, works_elsewhere
from mailguard.content.names import NameKey, is_cjk, name_key, names_match
from mailguard.destinations.contacts import Contact
from mailguard.findings import Finding, Severity, reason
from mailguard.mask import mask_address, mask_name
from mailguard.model import Draft, Field
from mailguard.rules import Context, Rule


class AddresseeMismatch(Rule):
    """
    ## What it does
    Reads who the message is written to (the salutation and addressee block at the top of the
    body's own text, and a name in the subject such as `【田中様】登録完了`) and compares it
    with the recipients' display names and, when the policy has one, the address book (names,
    readings and romaji aliases, organisations). In mail among colleagues (no external
    recipient) a name in the subject is the case at hand (`【訪問記録】田村 和子様`), not the
    addressee: only the salutation is compared there. It understands:

    - several people in one line or one per line (`山田様、中川様`, `山田様・中川様`,
      `Dear Ms Brown and Mr Lee,`): each must be a recipient;
    - titles before or after the name (`課長 森 健一 様`, `森 健一 部長`, `田中課長`,
      `Dr. Lee`, `Tanaka-san`), representatives' titles of corporations and associations
      (`常務理事 加藤 舞 様`, `代表社員 藤井様`, 代表理事, 専務理事, 監事, 評議員 ...) and role
      words (`経理担当 池田様`, `経理ご担当 吉田様`, `総務部 ご担当の三浦様`): not part of the
      name; a name in kanji has two parts at most, so a word before a surname and given name
      is a post, not the name; `総務課長様` and `西小学校長 様` address a post, that is its
      organisation, and `経理担当 様` whoever holds the role;
    - company / department / title / person blocks (`株式会社〇〇` / `営業部 部長` /
      `田中 一郎 様`), `〇〇 御中`, `〇〇 ご担当者様`; a surname closed by its title under
      its unit (`システム開発部 松本課長`); a company written without its legal form before
      the surname on one line (`はるかぜ企画 藤井様`, `みらい印刷 吉田様`): the company, then
      the person;
    - ditto lines: `同 品質保証課 山下様`, `同社 山下様` under another addressee are of the
      same company (`同課`, `同部`: the same unit), and the mark is never part of the name;
    - a person written under a company with its legal form (`株式会社みらい印刷` /
      `経理ご担当 吉田様`) is not a namesake who works for another company, whether a
      recipient (by display name or address book) or another contact;
    - generic addressees, which never mismatch: `各位`, `関係者各位`, `皆様`, `保護者の皆様`,
      `ご担当者様` and `御中` alone, `各…長 様` circulars (`各区保健センター所長 様`), a post
      at an organisation of a kind rather than one body (`市内介護サービス事業所 管理者 様`,
      `関係機関 御中`: each recipient's own), `Dear all`, `To whom it may concern`;
    - the sender's own name (From's display name) is never a mismatch;
    - a surname alone matches a full name; names compare after NFKC, width, space (U+3000
      too), honorific, case and kana folding, in Western or Japanese order.

    Verdicts:

    - The name is **another known contact** (address book) who is not a recipient, and the
      name is a full name or the recipients' own names are known and differ: **block**. A
      contact reached through their organisation's shared address (the school office for its
      principal) is not another person.
    - The name matches no recipient, and every To recipient's name is known in the same
      script: **confirm**.
    - Otherwise (a bare address, an organisation's shared mailbox, `Hanako Yamada` greeted as
      `山田 花子 様`, which cannot be compared without a reading): **info** only.
    - Names in the subject that are *about* someone (`中島様の検査結果`, `田中様からの
      お問い合わせ`) are not addressees, nor is a name with 様 inside a sentence
      (`昨日訪問した田中様（本町二丁目）の記録を…`). Quoted replies and forwarded threads are
      ignored.

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

    ## Known problems
    - Kanji and romaji or katakana are not compared without an address book (there is no
      reading dictionary): a swapped mail to `Hanako Yamada` greeted as `田中 一郎 様` is only
      information. Give the address book aliases (`Hanako Yamada`, `ヤマダ ハナコ`).
    - A salutation glued to a department name that is not in the list of common ones
      (`国保年金課長様` is read as a post, `森課長様` as a person; an unusual two-character
      department such as `用地課長` may be read as a person called 用地).
    - Three-character names without a space are taken for surnames when deciding whether a
      surname-only match is decisive (`長谷川` and `森健一` look alike).
    - The sender's display name is trusted: a draft whose From carries the addressee's name
      is not checked for that name.
    - A company written without its legal form is recognised before a name by the line of
      business its name ends in (`印刷`, `企画`, `建設`, `システム` ...), by mixing kana and
      kanji (`はるかぜ企画`), or as a katakana word before a kanji surname (`ケアサポート
      三浦様`); a short hiragana one (`あおば 田中様`) stays part of the name. A foreign given
      name in katakana written before a kanji surname (`エミリー 田中様`) is read as a company,
      so only the surname is compared.
    - A surname that matches a recipient is taken for the recipient unless the company written
      above it carries its legal form and the recipient's company is known to be another
      (address book or display name): `みらい印刷 吉田様` to a 吉田 of another company, or any
      such draft without an address book, is not caught.
    - A surname closed by a title without an honorific (`松本課長`) is read as an addressee
      only inside a block (an organisation on the line or above it) and only for a surname
      of two or three kanji: `森課長` alone at the top of a mail is not checked.
    - Role words are recognised by their endings (`担当`, `担当者`, `責任者`); others
      (`窓口 田中様`) are read as part of the name.

    ## References
    Incidents #2, #8, #18.
    """

    id = "MG201"
    name = "addressee-mismatch"
    incidents = (2, 8, 18)
    default_severity = Severity.BLOCK
    summary = reason("MG201.summary")

    def check(self, draft: Draft, ctx: Context) -> Iterator[Finding]:
        found = ctx.addressees
        if not found or found[0].kind is AddresseeKind.COLLECTIVE or not draft.recipients:
            return
        seen: list[NameKey] = list(_sender_names(draft))
        # Among colleagues a name in the subject is the case at hand (a resident's file), and
        # mail that stays inside the organisation reaches no wrong outside person.
        among_colleagues = not ctx.external_parties
        for addressee in found:
            if among_colleagues and addressee.where == "subject":
                continue
            written = addressee.name if addressee.kind is AddresseeKind.PERSON else addressee.organisation
            key = name_key(written)
            if addressee.kind is AddresseeKind.COLLECTIVE or key.empty or any(names_match(key, k) for k in seen):
                continue  # nobody in particular, said before, or the sender's own name
            seen.append(key)
            finding = self._judge(draft, ctx, addressee)
            if finding is not None:
                yield finding

    def _judge(self, draft: Draft, ctx: Context, addressee: Addressee) -> Finding | None:
        person = addressee.kind is AddresseeKind.PERSON
        written = addressee.name if person else addressee.organisation
        key = name_key(written)
        # 吉田 of 株式会社みらい印刷 is not 吉田 of another company that the recipient works for.
        if person and any(
            i.is_person(key) and not works_elsewhere(addressee.organisation, i.organisations) for i in ctx.identities
        ):
            return None
        if not person and any(i.is_organisation(written) for i in ctx.identities):
            return None
        recipients = {r.address.lower() for r in draft.recipients}
        book = ctx.policy.address_book
        others: tuple[Contact, ...] = ()
        if book is not None:
            named = book.people_named(key) if person else book.organisations_named(written)
            if person:
                named = tuple(c for c in named if not works_elsewhere(addressee.organisation, _organisation_of(c)))
            others = tuple(c for c in named if c.email.lower() not in recipients)
            if any(c.email.lower() in recipients for c in named):
                return None
        # A person reached through a shared address of their own organisation (the school
        # office for its principal) is not another person.
        if person and any(_reached_through(i, addressee, others) for i in ctx.identities):
            return None
        unmatched = _unmatched_severity(draft, ctx, addressee, key)
        # A surname alone names many people: another contact with it blocks only when the
        # recipients' own names are known and differ.
        decisive = not person or _full_name(key) or unmatched is Severity.CONFIRM
        severity = Severity.BLOCK if others and decisive else unmatched
        shown = mask_name(written) if person else written
        to = ", ".join(r.address for r in draft.recipients[:3])
        location = addressee.where
        if severity is Severity.BLOCK:
            other = ", ".join(mask_address(c.email) for c in others[:3])
            return self.finding(
                draft,
                severity=Severity.BLOCK,
                message=reason("MG201.judge", shown=shown, location=location, other=other, to=to),
                fix=reason("MG201.judge.fix"),
                location=location,
                value=key.joined,
                subjects=tuple(r.address for r in draft.recipients),
            )
        if severity is Severity.CONFIRM:
            return self.finding(
                draft,
                severity=Severity.CONFIRM,
                message=reason("MG201.judge.2", shown=shown, location=location, to=to),
                fix=reason("MG201.judge.fix.2"),
                location=location,
                value=key.joined,
                subjects=tuple(r.address for r in draft.recipients),
            )
        return self.finding(
            draft,
            severity=Severity.INFO,
            message=reason("MG201.judge.3", shown=shown, location=location),
            fix=reason("MG201.judge.fix.3"),
            location=location,
            value=key.joined,
        )


def _organisation_of(contact: Contact) -> tuple[str, ...]:
    return (contact.organisation,) if contact.organisation else ()


def _full_name(key: NameKey) -> bool:
    """Two parts, or four unspaced characters (田中一郎): 長谷川 and 佐々木 are surnames."""
    return len(key.tokens) >= 2 or (is_cjk(key.joined) and len(key.joined) >= 4)


def _reached_through(identity: Identity, addressee: Addressee, contacts: tuple[Contact, ...]) -> bool:
    """Whether ``identity`` is an organisation's shared address (no person's name) of the
    organisation the addressee belongs to: the block names it, or the address book puts the
    named person in it."""
    if identity.name_known or not identity.organisations:
        return False
    if addressee.organisation and identity.is_organisation(addressee.organisation):
        return True
    return any(c.organisation and identity.is_organisation(c.organisation) for c in contacts)


def _sender_names(draft: Draft) -> tuple[NameKey, ...]:
    """The sender's own name (display name of From): writing it is never a mismatch."""
    if draft.sender is None or "@" in draft.sender.name:
        return ()  # an address written as the name: nothing to compare
    person, _ = split_person_from_organisation(draft.sender.name) if draft.sender.name else ("", "")
    key = name_key(person)
    return () if key.empty else (key,)


def _unmatched_severity(draft: Draft, ctx: Context, addressee: Addressee, key: NameKey) -> Severity:
    """Confirm only when every addressed recipient's name (or organisation) is known and
    could be compared; otherwise the written name may well be the recipient's: info."""
    addressed = [i for i in ctx.identities if i.recipient.field is Field.TO] or list(ctx.identities)
    if addressee.kind is AddresseeKind.PERSON:
        if any(not i.name_known and i.contact is None for i in addressed):
            return Severity.INFO  # a bare address: it may be this person's
        if not any(i.can_compare(key) for i in ctx.identities):
            return Severity.INFO  # 山田様 to "Hanako Yamada": another script, no reading
        return Severity.CONFIRM
    if any(not i.organisations for i in addressed):
        return Severity.INFO
    return Severity.CONFIRM
