"""Shared decision for the personal-data detectors (MG401-MG409): where the data goes
decides the severity, never the detector.

What they read is settled once per message by :mod:`mailguard.content.ownership`: the body's
new text and the quoted text the recipients did not already have, never the sender's own
signature; a value that is the office's own contact (learned from the signature, or listed
in the policy's ``own_contacts``) or a quoted business signature's is dropped wherever it
stands. A detector may further ask what the words next to a value say it is about
(:func:`mailguard.content.personal.context_of`)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import ClassVar

from mailguard.content.names import name_key, strip_honorifics
from mailguard.content.ownership import PersonalView
from mailguard.content.personal import Hit, roster_rows
from mailguard.destinations.parties import PartyKind
from mailguard.findings import Finding, Param, Reason, Severity, Words, reason
from mailguard.model import Draft
from mailguard.patterns import on_first_use
from mailguard.rules import Context, Rule

_DIGIT = re.compile(r"\d")
_DEFAULTS = {
    "to_personal_mail": Severity.BLOCK,
    "to_external": Severity.CONFIRM,
    "in_attachment_to_external": Severity.CONFIRM,
}


def _has_digit(text: str, ctx: Context) -> bool:
    """Whether ``text`` holds a digit, asked once per text and check (most detectors need
    one, and a body without any is scanned whole)."""
    known: dict[str, bool] = ctx.memo.setdefault("personal_data.digits", {})
    found = known.get(text)
    if found is None:
        found = known[text] = _DIGIT.search(text) is not None
    return found


def _to_person(ctx: Context) -> bool:
    """Whether an external party is a private person, settled once per check for the
    eleven detectors."""
    found: bool | None = ctx.memo.get("personal_data.to_person")
    if found is None:
        found = ctx.memo["personal_data.to_person"] = any(p.kind is PartyKind.PERSON for p in ctx.external_parties)
    return found


class PersonalDataRule(Rule):
    """Base: subclasses name a detector and what it finds."""

    kind: ClassVar[Reason]
    attachments_only: ClassVar[bool] = False
    needs_digits: ClassVar[bool] = True
    # My Number and card numbers must not travel by mail at all: they are judged in all the
    # body but the sender's signature, quoted back to their owner or not.
    everywhere: ClassVar[bool] = False
    default_severity = Severity.CONFIRM

    @staticmethod
    def detect(text: str) -> list[Hit]:
        raise NotImplementedError

    def hits(self, text: str, ctx: Context) -> list[Hit]:
        return self.detect(text)

    def personal(self, text: str, hit: Hit, view: PersonalView, rows: frozenset[int]) -> bool:
        """Whether a value found is about a private person (a detector that needs context
        to tell, such as a phone number, says so)."""
        return True

    def texts(self, ctx: Context) -> tuple[tuple[str, str, bool], ...]:
        """(location, text, from an attachment): the subject, the body as it counts for this
        detector, and every readable attachment (settled once per check for all detectors
        of the same kind: the eleven rules read the same few texts)."""
        key = "personal_data.everywhere" if self.everywhere else "personal_data.counted"
        found: tuple[tuple[str, str, bool], ...] | None = ctx.memo.get(key)
        if found is None:
            view = ctx.personal
            body = view.outside_signature if self.everywhere else view.counted
            subject = tuple(entry for entry in ctx.texts if entry[0] == "subject")
            attached = tuple(entry for entry in ctx.texts if entry[2])
            found = ctx.memo[key] = subject + ((("body", body, False),) if body.strip() else ()) + attached
        return found

    def _searched(self, ctx: Context) -> tuple[tuple[str, str, bool], ...]:
        """:meth:`texts` less those this detector skips (attachments only; no digit where it
        needs one), in order: settled once per check for each kind of detector rather than
        asked again, text by text, by each of them."""
        key = f"personal_data.searched:{self.everywhere}:{self.attachments_only}:{self.needs_digits}"
        found: tuple[tuple[str, str, bool], ...] | None = ctx.memo.get(key)
        if found is None:
            found = ctx.memo[key] = tuple(
                (location, text, in_attachment)
                for location, text, in_attachment in self.texts(ctx)
                if (in_attachment or not self.attachments_only) and (not self.needs_digits or _has_digit(text, ctx))
            )
        return found

    def check(self, draft: Draft, ctx: Context) -> Iterator[Finding]:
        external = ctx.external_parties
        if not external:
            return  # internal-only mail passes
        to_person = _to_person(ctx)
        for location, text, in_attachment in self._searched(ctx):
            found = self.hits(text, ctx)
            if found and type(self).personal is not PersonalDataRule.personal:
                rows = roster_rows(text)
                found = [h for h in found if self.personal(text, h, ctx.personal, rows)]
            if found:
                own = location == "body" and _all_within(found, recipients_own_details(text, ctx))
                yield self._finding(draft, ctx, location, found, to_person, in_attachment, own)

    def _decide(
        self, ctx: Context, to_person: bool, in_attachment: bool, recipients_own: bool = False
    ) -> tuple[Severity, str, Words]:
        decisions = {**_DEFAULTS, **ctx.policy.personal_data}
        if recipients_own:
            # Her own details back to her: nobody else's data, but a mistyped address would
            # hand them to a stranger, so the sender looks at the address once.
            return (
                min(decisions["to_personal_mail" if to_person else "to_external"], Severity.CONFIRM),
                "recipients_own",
                reason("personal_data.recipients_own.fix"),
            )
        if to_person:
            return (
                decisions["to_personal_mail"],
                "to_personal_mail",
                reason("personal_data.to_personal_mail.fix"),
            )
        if in_attachment:
            return (
                decisions["in_attachment_to_external"],
                "in_attachment_to_external",
                reason("personal_data.in_attachment_to_external.fix"),
            )
        return (
            decisions["to_external"],
            "to_external",
            reason("personal_data.to_external.fix"),
        )

    def _finding(
        self,
        draft: Draft,
        ctx: Context,
        location: str,
        hits: list[Hit],
        to_person: bool,
        in_attachment: bool,
        recipients_own: bool = False,
    ) -> Finding:
        severity, decision, fix = self._decide(ctx, to_person, in_attachment, recipients_own)
        shown = ", ".join(h.masked for h in hits[:3]) + (f" (+{len(hits) - 3})" if len(hits) > 3 else "")
        where = where_in(location)
        return self.finding(
            draft,
            severity=severity,
            message=reason(
                "personal_data.found",
                kind=self.kind,
                where=where,
                shown=shown,
                going=reason(f"personal_data.{decision}"),
            ),
            fix=fix,
            location=location,
            value="\n".join(sorted(h.raw for h in hits)),
            subjects=(location.removeprefix("attachment:"),) if in_attachment else (),
        )


# The name line of a details block: 氏名：清水 翔太 / お名前：清水 翔太 様 / Name: Alice Brown.
_NAME_LABEL = on_first_use(
    r"^[ \t\u3000]{0,4}(?:お名前|ご氏名|氏名|名前|申込者(?:氏)?名|申請者(?:氏)?名|name)"
    r"[ \t\u3000]{0,2}[:：][ \t\u3000]{0,2}([^\n]{1,40})$",
    re.MULTILINE | re.IGNORECASE,
)


def recipients_own_details(text: str, ctx: Context) -> tuple[tuple[int, int], ...]:
    """The paragraphs of ``text`` that a name label attributes to the one external recipient,
    by full name: the details an acknowledgement repeats to the person they belong to.

    Only mail to one private person counts (anyone else reading would be given her data),
    and only a full name (a surname is shared by many); memoised per text and check."""
    memo: dict[str, tuple[tuple[int, int], ...]] = ctx.memo.setdefault("personal_data.own_details", {})
    found = memo.get(text)
    if found is None:
        found = memo[text] = _own_details(text, ctx)
    return found


def _own_details(text: str, ctx: Context) -> tuple[tuple[int, int], ...]:
    members = [m for party in ctx.external_parties for m in party.members]
    if len(members) != 1 or ctx.external_parties[0].kind is not PartyKind.PERSON:
        return ()
    identity = next((i for i in ctx.identities if i.recipient.address == members[0].address), None)
    if identity is None or not identity.name_known:
        return ()
    spans = []
    for match in _NAME_LABEL.finditer(text):
        key = name_key(strip_honorifics(match.group(1).strip()))
        if len(key.tokens) < 2 or not identity.is_person(key):
            continue
        start = text.rfind("\n\n", 0, match.start())
        end = text.find("\n\n", match.end())
        spans.append((0 if start < 0 else start + 2, len(text) if end < 0 else end))
    return tuple(spans)


def _all_within(hits: list[Hit], spans: tuple[tuple[int, int], ...]) -> bool:
    return bool(spans) and all(any(start <= h.start and h.end <= end for start, end in spans) for h in hits)


def where_in(location: str) -> Param:
    """A finding's location in the reader's words: the subject, the body, an attachment."""
    if location.startswith("attachment:"):
        return reason("ui.where.attachment", name=location.removeprefix("attachment:"))
    if location in ("subject", "body"):
        return reason(f"ui.where.{location}")
    return location


_READS = (
    "It reads the subject, the sender's new text, quoted or forwarded text that the "
    "recipients did not already have (a quoted message's author and its To/Cc had it: quoting "
    "a resident's own message back to her is not a leak, forwarding it to a contractor is), "
    "and readable attachments; never the sender's own signature. The office's own contacts "
    "(learned from the signature, or policy `own_contacts`) and a quoted business signature's "
    "are not personal data wherever they stand, and neither is a phone, address or account that "
    "every recipient already had in such a quote (an acknowledgement repeating the applicant's "
    "own address and phone from her quoted mail back to her). Details in a paragraph whose name "
    "label (`氏名：`, `お名前：`, `Name:`) gives the one private recipient's full name are hers: "
    "a web form's acknowledgement with no quote only asks the sender to look at the address "
    "(at most **confirm**)."
)
_READS_EVERYWHERE = (
    "It reads the subject, all of the body but the sender's own signature (quoted text too, "
    "even quoted back to its author: this number must not travel by mail at all) and readable "
    "attachments."
)


def rule_docs(
    what: str,
    why: str,
    bad: str,
    good: str,
    incidents: str,
    known_problems: str,
    extra_config: str = "",
    everywhere: bool = False,
) -> str:
    """The fixed documentation sections shared by the detectors."""
    return f"""
    ## What it does
    {what}

    {_READS_EVERYWHERE if everywhere else _READS}

    Where the data goes decides the verdict (policy `personal_data`): to a personal mail
    address **block** (#10); in an unencrypted attachment to an external party **confirm**
    with "encrypt or share by link" (#20); to any other external party **confirm** (#15).
    Mail that stays internal passes. Values are shown masked, with the kind and where.

    ## Why
    {why}

    ## Example
    ```
    {bad}
    ```

    ## Use instead
    ```
    {good}
    ```

    ## Configuration
    ```yaml
    personal_data:
      to_personal_mail: block
      to_external: confirm
      in_attachment_to_external: confirm
    {extra_config}
    ```

    ## Known problems
    {known_problems}

    ## References
    Incidents {incidents}.
    """
