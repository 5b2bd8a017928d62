"""MG102 bulk-visible-recipients."""

from __future__ import annotations

from collections.abc import Iterator
from types import MappingProxyType

from mailguard.findings import Finding, Severity, reason
from mailguard.model import Draft
from mailguard.rules import Context, Rule


class BulkVisibleRecipients(Rule):
    """
    ## What it does
    Blocks a message that looks like a newsletter or bulk send (a `List-Unsubscribe` or
    `List-Id` header, `Precedence: bulk/list/junk`, or a marker the policy names) when more
    than `max_visible` recipients stand in To or Cc. Internal copies (the office's own
    address in Cc) and the sender's address are not counted: they are not readers.

    ## Why
    In incident #7 a change to a newsletter program put every subscriber's address in To.
    A bulk message must show each reader at most their own address.

    ## Example
    ```
    List-Unsubscribe: <mailto:unsubscribe@news.example-city.lg.jp>
    To: a@example.com, b@example.net, c@example.org
    ```

    ## Use instead
    One message per subscriber with only that address in To, or the list in Bcc:
    ```
    List-Unsubscribe: <mailto:unsubscribe@news.example-city.lg.jp>
    To: a@example.com
    ```

    ## Configuration
    ```yaml
    bulk_markers:
      headers: [List-Unsubscribe, List-Id, X-Newsletter]
      precedence: [bulk, list, junk]
      subject_markers: ["【メルマガ】"]
    rules:
      MG102:
        max_visible: 1
    ```

    ## Known problems
    A bulk send is recognised only by its markers. A newsletter typed into an ordinary mail
    client with no `List-Unsubscribe`/`List-Id`, no `Precedence` and no subject marker is not
    bulk to this rule (MG101 still counts its external parties). Subject markers are plain
    substrings: `【メルマガ】` does not match `[メルマガ]` or `【メールマガジン】`.

    Recipients are counted one by one, not by party: a marked message to three people at one
    partner organisation (`To: a@partner.example.jp, b@partner.example.jp`) is blocked though
    they already know each other.

    ## References
    Incident #7.
    """

    id = "MG102"
    name = "bulk-visible-recipients"
    incidents = (7,)
    default_severity = Severity.BLOCK
    summary = reason("MG102.summary")
    options = MappingProxyType({"max_visible": 1})

    def check(self, draft: Draft, ctx: Context) -> Iterator[Finding]:
        # Internal copies (the office's own address in Cc, an archive) and the sender are not
        # readers of the newsletter: they neither learn of nor reveal a subscriber.
        sender = draft.sender.address.lower() if draft.sender else ""
        internal = {r for p in ctx.parties if not p.external for r in p.members}
        visible = tuple(r for r in draft.visible_recipients if r not in internal and r.address.lower() != sender)
        if len(visible) <= self.option(ctx, "max_visible"):
            return
        markers = ctx.bulk_markers
        if not markers:
            return
        addresses = tuple(r.address for r in visible)
        yield self.finding(
            draft,
            message=reason("MG102.check", join_markers=", ".join(markers), len_visible=len(visible)),
            fix=reason("MG102.check.fix"),
            location="header:To/Cc",
            value="\n".join(sorted(a.lower() for a in addresses)),
            subjects=addresses,
        )
