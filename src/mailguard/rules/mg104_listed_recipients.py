"""MG104 blocked-recipient and MG105 watched-recipient: the policy's own address lists."""

from __future__ import annotations

from collections.abc import Iterator

from mailguard.destinations.domains import address_matches
from mailguard.findings import Finding, Severity, reason
from mailguard.model import Draft
from mailguard.rules import Context, Rule


def _matches(draft: Draft, patterns: tuple[str, ...]) -> list[tuple[str, str, str]]:
    """(address, field label, pattern) for each recipient matching a policy pattern."""
    hits = []
    for recipient in draft.recipients:
        for pattern in patterns:
            if address_matches(recipient.address, pattern):
                hits.append((recipient.address, recipient.field.label, pattern))
                break
    return hits


class BlockedRecipient(Rule):
    """
    ## What it does
    Blocks a message to any address or domain in the policy's `blocked_recipients`
    (`user@example.jp`, `*@example.jp`, `example.jp`, `*.example.jp`).

    ## Why
    Some destinations must never receive office mail: a former contractor, a known wrong
    business whose number was once mistaken for another (#13, #15), a personal address
    staff must not forward to (#10).

    ## Example
    ```yaml
    blocked_recipients: ["*@old-contractor.example.co.jp"]
    ```
    `To: sato@old-contractor.example.co.jp` is blocked.

    ## Use instead
    Send to the current, approved address.

    ## Configuration
    `blocked_recipients: [patterns]` at the top level of the policy.

    ## Known problems
    Patterns match literally. `example.jp` covers only that domain, not `mail.example.jp`
    (add `*.example.jp`); `sato@example.jp` does not cover `sato+info@example.jp`; and a
    look-alike of a blocked domain (`old-contracter.example.co.jp`) is not matched here.

    Only the recipients are read: a `Reply-To` or `Resent-To` that points to a blocked address
    is not blocked by this rule (MG304 asks about those).

    ## References
    Incidents #10, #13, #15.
    """

    id = "MG104"
    name = "blocked-recipient"
    incidents = (10, 13, 15)
    default_severity = Severity.BLOCK
    summary = reason("MG104.summary")

    def check(self, draft: Draft, ctx: Context) -> Iterator[Finding]:
        for address, label, pattern in _matches(draft, ctx.policy.blocked_recipients):
            yield self.finding(
                draft,
                message=reason("MG104.check", address=address, label=label, pattern=pattern),
                fix=reason("MG104.check.fix", address=address, label=label),
                location=f"header:{label}",
                value=address.lower(),
                subjects=(address,),
            )


class WatchedRecipient(Rule):
    """
    ## What it does
    Asks for confirmation before mail goes to an address or domain in the policy's
    `watched_recipients` (same patterns as `blocked_recipients`).

    ## Why
    Destinations that are easy to confuse with others, or that receive sensitive data only
    under a procedure, deserve a deliberate second look (#13: read the number back before
    you fax).

    ## Example
    ```yaml
    watched_recipients: ["*@hospital.example.or.jp"]
    ```

    ## Use instead
    Confirm the address, then acknowledge the finding.

    ## Configuration
    `watched_recipients: [patterns]` at the top level of the policy.

    ## Known problems
    The same literal matching as MG104: `hospital.example.or.jp` does not cover
    `mail.hospital.example.or.jp`, and `Reply-To`/`Resent-To` are not read.

    It asks every time, whatever the message holds: a routine reply to a watched address needs
    the same confirmation as the one that carries the sensitive data, so people may learn to
    confirm it without reading.

    ## References
    Incidents #13, #18.
    """

    id = "MG105"
    name = "watched-recipient"
    incidents = (13, 18)
    default_severity = Severity.CONFIRM
    summary = reason("MG105.summary")

    def check(self, draft: Draft, ctx: Context) -> Iterator[Finding]:
        for address, label, pattern in _matches(draft, ctx.policy.watched_recipients):
            yield self.finding(
                draft,
                message=reason("MG105.check", address=address, label=label, pattern=pattern),
                fix=reason("MG105.check.fix", address=address),
                location=f"header:{label}",
                value=address.lower(),
                subjects=(address,),
            )
