"""MG410 name-in-subject and MG411 cosmetic-redaction."""

from __future__ import annotations

from collections.abc import Iterator

from mailguard.content.addressees import AddresseeKind, subject_addressees
from mailguard.content.mentions import contacts_in
from mailguard.content.names import is_cjk, name_key
from mailguard.findings import Finding, Severity, reason
from mailguard.mask import mask_name
from mailguard.model import Draft
from mailguard.rules import Context, Rule


def _full_names(subject: str, ctx: Context) -> list[str]:
    found = []
    for addressee in subject_addressees(subject, mentioned=True):
        key = name_key(addressee.name)
        initials = all(len(t) <= 1 for t in key.tokens)
        full = not initials and (len(key.tokens) >= 2 or (is_cjk(key.joined) and len(key.joined) >= 3))
        if addressee.kind is AddresseeKind.PERSON and full:
            found.append(addressee.name)
    found += [m.written for m in contacts_in(subject, ctx.policy.address_book) if not m.organisation]
    return list(dict.fromkeys(found))


class NameInSubject(Rule):
    """
    ## What it does
    Asks for confirmation when the subject of mail to an external party carries a person's
    full name with an honorific (`【田中一郎様】検査結果`, `【田中 一郎様】紹介状`,
    `中島 加奈様の検査結果について`), or an address-book contact's full name. A surname alone
    (`田中様の件`, also with a title: `【田中部長】`), initials (`T.I.様`), organisations
    (`東小学校御中`) and circulars (`関係者各位`) pass.

    ## Why
    Subjects are shown in lists, notifications and logs where the body is not; incident #19's
    countermeasure is to use initials instead of names.

    ## Example
    ```
    Subject: 【田中一郎様】検査結果のお知らせ
    ```

    ## Use instead
    ```
    Subject: 【T.I.様】検査結果のお知らせ
    ```

    ## Configuration
    Only `enabled` and `severity`; `address_book` adds contacts' names.

    ## Known problems
    - A spaced name is read as surname + given name only when the first word looks like a
      surname (one to three kanji or katakana, not a noun such as 紹介状): `検査 田中様` may
      be read as a full name.
    - Three unspaced kanji (`長谷川様`) count as a full name: three-character surnames ask for
      a confirmation.
    - Full names without an honorific (`田中一郎 検査結果`) are found only through the address
      book.

    ## References
    Incident #19.
    """

    id = "MG410"
    name = "name-in-subject"
    incidents = (19,)
    default_severity = Severity.CONFIRM
    summary = reason("MG410.summary")

    def check(self, draft: Draft, ctx: Context) -> Iterator[Finding]:
        if not ctx.external_parties or not draft.subject:
            return
        names = _full_names(draft.subject, ctx)
        if names:
            shown = ", ".join(mask_name(n) for n in names[:3])
            yield self.finding(
                draft,
                message=reason("MG410.check", shown=shown),
                fix=reason("MG410.check.fix"),
                location="subject",
                value="\n".join(sorted(name_key(n).joined for n in names)),
            )


class CosmeticRedaction(Rule):
    """
    ## What it does
    Blocks a PDF attachment whose "redaction" is only cosmetic: text that can still be
    extracted lies under a filled dark rectangle, or redaction annotations were drawn but
    never applied. The finding names the pages. Images, scanned pages and video are out of
    scope for now (a black box painted into an image cannot be undone, and mailguard does
    not read images).

    ## Why
    Incident #22: a training video's masking came off on smartphones and a patient could be
    identified. In PDFs the same happens when a black box is drawn over text: copy-and-paste
    or any reader still reveals it.

    ## Example
    A PDF where a name was covered with a black rectangle in a drawing tool.

    ## Use instead
    Apply redaction with a tool that removes the text (Acrobat "Apply redactions", or export
    the page as an image), then check that the text cannot be selected.

    ## Configuration
    `limits.max_pdf_pages` bounds the pages inspected.

    ## Known problems
    - Black boxes painted into images, scanned pages and video are not inspected.
    - Text hidden by other means (white text, text outside the page box, optional content
      layers switched off) is not detected.

    ## References
    Incident #22.
    """

    id = "MG411"
    name = "cosmetic-redaction"
    incidents = (22,)
    default_severity = Severity.BLOCK
    summary = reason("MG411.summary")

    def check(self, draft: Draft, ctx: Context) -> Iterator[Finding]:
        for attachment in draft.attachments:
            for document in ctx.extracted(attachment).documents():
                if document.hidden_text_pages:
                    yield self._finding(draft, document.name, document.hidden_text_pages, attachment.sha256)

    def _finding(self, draft: Draft, name: str, pages: list[int], digest: str) -> Finding:
        listed = ", ".join(str(p) for p in pages[:10])
        return self.finding(
            draft,
            message=reason("MG411.finding", name=name, listed=listed),
            fix=reason("MG411.finding.fix"),
            location=f"attachment:{name}",
            value=digest + ":" + ",".join(map(str, pages)),
            subjects=(name,),
        )
