"""MG101 visible-external-parties."""

from __future__ import annotations

from collections.abc import Iterator
from types import MappingProxyType

from mailguard.content.addressees import Addressee, AddresseeKind
from mailguard.content.names import name_key
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

    A group that works together is written to as one: its salutation names a standing body
    (`地域福祉推進協議会 委員各位`, `子育て支援ネットワーク 構成団体の皆様`, `Dear committee
    members`), or addresses the recipients together and names every one of them
    (`委員の皆さま / 前田先生、藤井様、石川様`). Its members know each other's addresses by
    design, so such a message asks for confirmation instead of being blocked (whether these
    members may see each other is the sender's to confirm). Members of a class, a club or a
    service (`会員の皆様`, `参加者の皆様`, `利用者の皆様`) have agreed to nothing of the kind and
    are counted as strangers.

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
    A standing body is recognised by its words (委員会, 協議会, 連絡会, 審議会, 部会, 理事会,
    ネットワーク, 構成団体, committee, council, working group, ...): a mailing to strangers that
    calls them a committee is only confirmed, and a group that calls itself something else
    (`〇〇の会 の皆様`) without naming its members is blocked.

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
        if severity is Severity.BLOCK and _written_to_as_one_group(parties, ctx):
            severity = Severity.CONFIRM
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


# Words of a standing body whose members meet and write to each other: a committee, a
# council, a liaison group, a board, a network of organisations, a working group. Not the
# members of a class, a club, a newsletter or a service (会員, 参加者, 利用者, 受講者): they
# never agreed to share their addresses (incidents #1 and #4 were such lists).
_STANDING_BODIES = (
    "委員",
    "協議会",
    "連絡会",
    "審議会",
    "検討会",
    "部会",
    "分科会",
    "理事会",
    "理事各位",
    "幹事会",
    "幹事各位",
    "ネットワーク",
    "構成団体",
    "構成員",
    "ワーキング",
    "プロジェクトメンバー",
    "committee",
    "council",
    "board",
    "working group",
    "steering group",
    "task force",
    "taskforce",
)


def _written_to_as_one_group(parties: list[Party], ctx: Context) -> bool:
    """Whether the salutation writes to the recipients as one working group: it names a
    standing body, or it addresses them together and names every visible external one."""
    collective = [a for a in ctx.addressees if a.kind is AddresseeKind.COLLECTIVE]
    if not collective:
        return False
    if any(_names_standing_body(a) for a in collective):
        return True
    named = [name_key(a.name) for a in ctx.addressees if a.kind is AddresseeKind.PERSON]
    visible = {r.address.lower() for p in parties for r in p.visible_members}
    shown = [i for i in ctx.identities if i.recipient.address.lower() in visible]
    return bool(named) and bool(shown) and all(any(i.is_person(k) for k in named) for i in shown)


def _names_standing_body(addressee: Addressee) -> bool:
    text = addressee.name.casefold()
    return any(word in text for word in _STANDING_BODIES)


def _message(count: int, parties: list[Party], unknown: int) -> Reason:
    code = "MG101.parties.side_unknown" if unknown else "MG101.parties"
    return reason(code, count=count, labels=_labels(parties))


def _fix(severity: Severity, count: int) -> Reason:
    return reason("MG101.fix.block" if severity is Severity.BLOCK else "MG101.fix.confirm", count=count)


def _labels(parties: list[Party], most: int = 4) -> str:
    labels = [p.label for p in parties[:most]]
    more = len(parties) - most
    return ", ".join(labels) + (f", +{more}" if more > 0 else "")
