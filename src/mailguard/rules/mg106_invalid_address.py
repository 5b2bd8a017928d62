"""MG106 invalid-address."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import replace

from mailguard.findings import Finding, Reason, Severity, joined, reason
from mailguard.mask import mask_address
from mailguard.model import AddressRepair, Draft
from mailguard.rules import Context, Rule
from mailguard.scope import per_message

_PLAIN_ADDRESS = re.compile(
    r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r"@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$"
)
_SPECIAL_USE = (".test", ".local", ".invalid", ".example", ".localhost", ".onion")


@per_message
def address_problem(address: str) -> Reason | None:
    """Why an address cannot be delivered as written, or None (syntax only, never DNS).

    The common case (an ASCII dot-atom at an ordinary domain) is settled by one regular
    expression; anything else goes to email-validator, which knows every corner of the RFCs.
    Its explanation is English prose, so the reason carries it as ``detail`` (the English
    words) beside the part of the address it concerns, which every language can say.
    """
    if address.lower().startswith("/o="):
        return None  # Exchange directory entry: resolved by the sender's own server
    plain = len(address) <= 254 and _PLAIN_ADDRESS.match(address)
    if plain and address.lower().endswith(_SPECIAL_USE):
        return reason("MG106.why.special_use")
    if plain:
        return None
    from email_validator import EmailNotValidError, validate_email

    try:
        validate_email(address, check_deliverability=False, allow_smtputf8=True)
    except EmailNotValidError as exc:
        return reason("MG106.why.invalid", part=reason(f"MG106.part.{_part(str(exc))}"), detail=str(exc))
    return None


def _part(explanation: str) -> str:
    """Which part of the address email-validator's explanation is about."""
    if "after the @-sign" in explanation:
        return "domain"
    if "before the @-sign" in explanation:
        return "local"
    return "address"


class InvalidAddress(Rule):
    """
    ## What it does
    Asks for confirmation when a recipient address is not a valid address as written: no
    domain (`tanaka`), a typo in the syntax, or a special-use domain that never receives mail
    (`.test`, `.local`, `.invalid`). Checked offline, without DNS.

    The slips people make in an address header are read as meant, so that each meant
    recipient counts once and no phantom party appears, and this finding shows the addresses
    as read (local parts masked): the Japanese comma `、`, `，`, `；`, `;` or a full-width space
    between addresses; a comma or full-width dot in a domain (`sato@sample-town,lg.jp`); `＠`;
    a trailing dot; a name glued to an address (`田中太郎tanaka@example.jp`,
    `Tanaka Taro tanaka@example.jp`); an unquoted `@` in a display name
    (`営業@本社 <sato@example.jp>`); two mailboxes with no comma between them.

    ## Why
    A malformed address is a typed or auto-completed destination gone wrong: the e-mail
    twin of a fax number dialled wrongly (#13). Fix it before sending rather than trusting
    the mail server to reject it.

    ## Example
    ```
    To: yamada@example-city,lg.jp
    ```

    ## Use instead
    ```
    To: yamada@example-city.lg.jp
    ```

    ## Configuration
    Only `enabled` and `severity`.

    ## Known problems
    A comma in a domain is read as a dot only when the part before it is not a whole domain
    already (`a@example.co,jp` stays two entries). A name glued to an address is split only
    where the name is in another script (`田中太郎tanaka@…`) or separated by a space
    (`TaroTanakatanaka@…` cannot be told apart). An address missing its `@` altogether
    (`tanaka.example.jp`) is reported, not repaired: where the `@` belongs is a guess.

    ## References
    Incident #13.
    """

    id = "MG106"
    name = "invalid-address"
    incidents = (13,)
    default_severity = Severity.CONFIRM
    summary = reason("MG106.summary")

    def check(self, draft: Draft, ctx: Context) -> Iterator[Finding]:
        yield from self._repairs(draft)
        problems: list[tuple[str, str, Reason]] = [
            (f.label, a, reason("MG106.why.no_domain")) for f, a in draft.invalid_addresses
        ]
        for recipient in draft.recipients:
            problem = address_problem(recipient.address)
            if problem:
                problems.append((recipient.field.label, recipient.address, problem))
        if not problems:
            return
        shown = ", ".join(f"{label}: {address}" for label, address, _ in problems[:3])
        more = f" (+{len(problems) - 3})" if len(problems) > 3 else ""
        addresses = tuple(address for _, address, _ in problems)
        yield self.finding(
            draft,
            message=reason("MG106.invalid", count=len(problems), shown=shown, more=more, why=problems[0][2]),
            fix=reason("MG106.invalid.fix"),
            location="header:" + "/".join(sorted({label for label, _, _ in problems})),
            value="\n".join(sorted(a.lower() for a in addresses)),
            subjects=addresses,
        )

    def _repairs(self, draft: Draft) -> Iterator[Finding]:
        """One finding for the slips the reader repaired: what was written, how it was read."""
        repairs = _grouped(r for r in draft.address_repairs if r.header in _REPORTED)
        if not repairs:
            return
        shown = joined([_shown(r) for r in repairs[:3]])
        more = reason("MG106.repaired.more", count=len(repairs) - 3) if len(repairs) > 3 else ""
        read = tuple(dict.fromkeys(a for r in repairs for a in r.read))
        yield self.finding(
            draft,
            message=reason("MG106.repaired", shown=shown, more=more),
            fix=reason("MG106.repaired.fix"),
            location="header:" + "/".join(sorted({r.header for r in repairs})),
            value="\n".join(sorted({f"{r.kind}:{a.lower()}" for r in repairs for a in r.read})),
            subjects=read,
        )


_REPORTED = frozenset({"To", "Cc", "Bcc", "Reply-To"})
_KINDS = frozenset(
    {"separator", "missing_comma", "comma_in_domain", "wide_characters", "trailing_dot", "glued_name", "at_in_name"}
)
_SEPARATORS = frozenset({"comma", "wide_comma", "semicolon", "wide_space"})


def _grouped(repairs: Iterable[AddressRepair]) -> list[AddressRepair]:
    """``a、b、c`` is one slip read as three addresses, not two slips of two."""
    groups: dict[tuple[str, str, str], AddressRepair] = {}
    for repair in repairs:
        merged = repair.kind in ("separator", "missing_comma")
        key = (repair.header, repair.kind, repair.detail if merged else repair.written)
        known = groups.get(key)
        groups[key] = (
            repair if known is None else replace(known, read=tuple(dict.fromkeys((*known.read, *repair.read))))
        )
    return list(groups.values())


def _shown(repair: AddressRepair) -> Reason:
    """``To: the Japanese comma 、 between addresses, read as t***@x.jp, s***@y.jp``."""
    separator = reason(f"MG106.separator.{repair.detail}") if repair.detail in _SEPARATORS else ""
    what = reason(f"MG106.slip.{repair.kind}", sep=separator) if repair.kind in _KINDS else repair.kind
    read = ", ".join(mask_address(a) for a in repair.read)
    return reason("MG106.repaired.one", header=repair.header, what=what, read=read)
