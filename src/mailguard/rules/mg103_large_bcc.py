"""MG103 large-bcc."""

from __future__ import annotations

from collections.abc import Iterator
from types import MappingProxyType

from mailguard.findings import Finding, Severity, reason
from mailguard.model import Draft, Field
from mailguard.rules import Context, Rule


class LargeBcc(Rule):
    """
    ## What it does
    Asks for confirmation when Bcc holds `confirm_at` or more addresses. Off by default:
    Bcc is the correct form for mail to many external people (#1), so this is for offices
    that want a deliberate look before a large send from a personal mail client.

    ## Why
    A very large Bcc list is usually a list pasted from a spreadsheet; a second look catches
    a wrong extraction before it goes out (#1, #16).

    ## Example
    ```
    To: event@example-city.lg.jp
    Bcc: (600 citizens' addresses)
    ```

    ## Use instead
    A mailing-list or newsletter system with managed subscriptions, or confirm the list.

    ## Configuration
    ```yaml
    rules:
      MG103:
        enabled: true
        confirm_at: 200
    ```

    ## Known problems
    Only the number of Bcc addresses of one message is counted: a 600-address list sent
    as four messages of 150 passes each time, and a wrong extraction of 50
    addresses is never looked at. It says nothing about who the addresses are (MG502 compares
    a run with its approved list).

    ## References
    Incidents #1, #16.
    """

    id = "MG103"
    name = "large-bcc"
    incidents = (1, 16)
    default_severity = Severity.CONFIRM
    enabled_by_default = False
    summary = reason("MG103.summary")
    options = MappingProxyType({"confirm_at": 200})

    def check(self, draft: Draft, ctx: Context) -> Iterator[Finding]:
        bcc = draft.in_field(Field.BCC)
        if len(bcc) < self.option(ctx, "confirm_at"):
            return
        yield self.finding(
            draft,
            message=reason("MG103.check", len_bcc=len(bcc)),
            fix=reason("MG103.check.fix"),
            location="header:Bcc",
            value=str(len(bcc)),
        )
