"""MG101 visible-external-parties."""

from __future__ import annotations

from collections.abc import Iterator
from types import MappingProxyType

from mailguard.content.segments import BodySegments, SegmentKind
from mailguard.destinations.parties import Party, PartyKind
from mailguard.findings import Finding, Reason, Severity, reason
from mailguard.model import Draft
from mailguard.rules import Context, Rule


class VisibleExternalParties(Rule):
    """
    ## What it does
    Counts the external *parties* whose addresses stand in To or Cc. All addresses of one
    organisation are one party; every address at a personal mail provider (gmail.com,
    docomo.ne.jp, ...) is a party of its own. With `block_at` or more parties the message is
    blocked; with `confirm_at` or more it needs confirmation. Internal addresses and trusted
    domains never count; Bcc never counts. Organisations follow the shipped boundaries:
    `pref.saitama.lg.jp` and `city.saitama.lg.jp` are two parties, and each student address
    (`stu.example-univ.ac.jp`) is a private person.

    When neither the policy (`internal_domains`) nor the draft (an unsent Outlook draft has
    no sender) says which organisation is the sender's, one of the organisations shown may be
    the sender's own: the report says so, and such a message asks for confirmation at most,
    unless even without that one there are `block_at` parties.

    A reply-all in a thread shows nobody a new address when one quoted message's header
    (`From`/`差出人` with its `To`/`Cc`/`宛先`) already had every external address of To/Cc:
    those parties saw each other there, and the message passes this rule. One new party added
    to such a thread is counted with all the others.

    ## Why
    Putting citizens, customers or several organisations in To/Cc tells each of them who the
    others are: incidents #1 (event notice), #4 (museum shop customers), #5 (supervising
    organisations in CC) and #9 (survey staff) all happened this way.

    ## Example
    ```
    From: 生涯学習課 <event@example-city.lg.jp>
    To: yamada.taro@gmail.com, suzuki@docomo.ne.jp, info@example-npo.or.jp
    Subject: 講座のご案内
    ```
    Three external parties see each other: **block**.

    ## Use instead
    ```
    From: 生涯学習課 <event@example-city.lg.jp>
    To: event@example-city.lg.jp
    Bcc: yamada.taro@gmail.com, suzuki@docomo.ne.jp, info@example-npo.or.jp
    ```
    Several people at one partner organisation in To/Cc are one party and pass.

    ## Configuration
    ```yaml
    rules:
      MG101:
        confirm_at: 2   # external parties visible to each other that need confirmation
        block_at: 3     # ... that block the message
    trusted_domains: ["partner.example.co.jp"]   # never counted
    ```

    ## Known problems
    A thread quoted with only an attribution line (`On ... wrote:`, `〇〇 のメッセージ:`) does
    not say who else received it: such a reply-all is counted like a new message.

    A faculty subdomain that happens to be named like a student label (`st.` for science and
    technology) makes its staff private persons: more parties are counted. Name your own
    domains in `internal_domains`, and add `organisation_boundaries.separate_organisations`
    for a body with its own domain under another's.

    ## References
    Incidents #1, #4, #5, #9.
    """

    id = "MG101"
    name = "visible-external-parties"
    incidents = (1, 4, 5, 9)
    default_severity = Severity.BLOCK
    summary = reason("MG101.summary")
    options = MappingProxyType({"confirm_at": 2, "block_at": 3})

    def check(self, draft: Draft, ctx: Context) -> Iterator[Finding]:
        parties = [p for p in ctx.external_parties if p.visible_members and not p.trusted]
        count = len(parties)
        if count == 0 or count < min(self.option(ctx, "confirm_at"), self.option(ctx, "block_at")):
            return
        if _seen_together(parties, ctx.segments):
            return
        # A party whose side is unknown (no sender organisation, an Exchange DN) may be the
        # sender's own: at most one of them is, so only the rest are sure to be external.
        unknown = sum(p.kind is PartyKind.UNKNOWN for p in parties)
        certain = count - min(unknown, 1)
        severity = Severity.BLOCK if certain >= self.option(ctx, "block_at") else Severity.CONFIRM
        addresses = tuple(r.address for p in parties for r in p.visible_members)
        yield self.finding(
            draft,
            severity=severity,
            message=_message(count, parties, unknown),
            fix=_fix(severity, len(addresses)),
            location="header:To/Cc",
            value="\n".join(sorted(a.lower() for a in addresses)),
            subjects=addresses,
        )


def _seen_together(parties: list[Party], segments: BodySegments) -> bool:
    """Whether one quoted message already went to (or came from) every visible external
    address: its header's author, To and Cc saw each other, so a reply-all reveals nothing.
    Only a header that writes its recipients counts; an attribution line alone does not."""
    visible = {r.address.lower() for p in parties for r in p.visible_members}
    for segment in segments.of(SegmentKind.QUOTED):
        if segment.author and segment.recipients:
            audience = {segment.author.lower(), *(a.lower() for a in segment.recipients)}
            if visible <= audience:
                return True
    return False


def _message(count: int, parties: list[Party], unknown: int) -> Reason:
    code = "MG101.parties.side_unknown" if unknown else "MG101.parties"
    return reason(code, count=count, labels=_labels(parties))


def _fix(severity: Severity, count: int) -> Reason:
    return reason("MG101.fix.block" if severity is Severity.BLOCK else "MG101.fix.confirm", count=count)


def _labels(parties: list[Party], most: int = 4) -> str:
    labels = [p.label for p in parties[:most]]
    more = len(parties) - most
    return ", ".join(labels) + (f", +{more}" if more > 0 else "")
