"""MG204 attachment-not-inspected."""

from __future__ import annotations

from collections.abc import Iterator

from mailguard.findings import Finding, Severity, joined, reason
from mailguard.model import Draft
from mailguard.rules import Context, Rule


class AttachmentNotInspected(Rule):
    """
    ## What it does
    Reports attachments whose content mailguard could not read: a damaged PDF or Office file,
    an archive over its limits (entries, depth, compression ratio, and the expanded bytes of
    the whole message, summed over every attachment and nested archive: zip bombs stop here),
    a PDF longer than `limits.max_pdf_pages` or with a stream that would expand beyond
    `limits.max_expanded_bytes`, a container the standard library cannot open (7z, RAR, LZH,
    CAB, TNEF/winmail.dat, OLE packages), and an Outlook attachment that is only a link
    (by reference) or an embedded OLE object. ZIP, tar, gzip, bzip2 and xz are opened and
    read. That is a **confirm**, because rules that read attachments could not look inside.
    An encrypted attachment (a password-protected ZIP or PDF) is reported as **info**:
    encryption is the right practice (#20), and its content is the sender's to vouch for. A
    ZIP entry whose encryption flag is set but whose bytes match its recorded size and CRC is
    plaintext, and is read.

    ## Why
    A check must never pass by omission: what could not be inspected is shown to a person
    (#6, #11, #12, #21 all involve attachments nobody re-read).

    ## Example
    A 10 GB-expanding ZIP attached to a reply.

    ## Use instead
    Attach the documents themselves, or check the archive by hand before confirming.

    ## Configuration
    ```yaml
    limits: {max_attachment_bytes: 33554432, max_pdf_pages: 50, max_archive_entries: 500,
             max_archive_depth: 3, max_expanded_bytes: 67108864, max_compression_ratio: 200}
    ```

    ## Known problems
    A file that opens without error counts as inspected even when it holds no readable text:
    a scanned PDF, a photo of a form (`申込書.jpg`) or another unknown binary is neither
    reported here nor read by the rules that look for names and personal data in
    attachments.

    The check is about reading, not content: an encrypted ZIP is only information, so a
    password-protected archive of the wrong person's documents passes this rule, and what it
    holds is the sender's to know.

    ## References
    Incidents #6, #11, #12, #20, #21.
    """

    id = "MG204"
    name = "attachment-not-inspected"
    incidents = (6, 11, 12, 20, 21)
    default_severity = Severity.CONFIRM
    summary = reason("MG204.summary")

    def check(self, draft: Draft, ctx: Context) -> Iterator[Finding]:
        for attachment in draft.attachments:
            extracted = ctx.extracted(attachment)
            problems = extracted.all_problems()
            name = attachment.filename
            if problems:
                yield self.finding(
                    draft,
                    message=reason("MG204.problems", problems=joined(problems[:3])),
                    fix=reason("MG204.problems.fix", name=name),
                    location=f"attachment:{name}",
                    value="\n".join(p.en for p in problems),
                    subjects=(name,),
                )
            elif extracted.any_encrypted():
                yield self.finding(
                    draft,
                    severity=Severity.INFO,
                    message=reason("MG204.encrypted", name=name),
                    fix=reason("MG204.encrypted.fix"),
                    location=f"attachment:{name}",
                    value="encrypted",
                    subjects=(name,),
                )
