"""MG106 invalid-address."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from mailguard.findings import Finding, Severity, Text
from mailguard.model import Draft
from mailguard.rules import Context, Rule

_PLAIN_ADDRESS = re.compile(
    r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r"@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$"
)
_SPECIAL_USE = (".test", ".local", ".invalid", ".example", ".localhost", ".onion")


@lru_cache(maxsize=2048)
def address_problem(address: str) -> str | None:
    """Why an address cannot be delivered as written, or None (syntax only, never DNS).

    The common case (an ASCII dot-atom at an ordinary domain) is settled by one regular
    expression; anything else goes to email-validator, which knows every corner of the RFCs.
    """
    if address.lower().startswith("/o="):
        return None  # Exchange directory entry: resolved by the sender's own server
    if len(address) <= 254 and _PLAIN_ADDRESS.match(address) and not address.lower().endswith(_SPECIAL_USE):
        return None
    from email_validator import EmailNotValidError, validate_email

    try:
        validate_email(address, check_deliverability=False, allow_smtputf8=True)
    except EmailNotValidError as exc:
        return str(exc)
    return None


class InvalidAddress(Rule):
    """
    ## What it does
    Asks for confirmation when a recipient address is not a valid address as written: no
    domain (`tanaka`), a typo in the syntax (`tanaka@example,co.jp`), or a special-use domain
    that never receives mail (`.test`, `.local`, `.invalid`). Checked offline, without DNS.

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

    ## References
    Incident #13.
    """

    id = "MG106"
    name = "invalid-address"
    incidents = (13,)
    default_severity = Severity.CONFIRM
    summary = Text(en="A recipient address is not valid as written", ja="宛先アドレスの形式が正しくない")

    def check(self, draft: Draft, ctx: Context) -> Iterator[Finding]:
        problems = [(f.label, a, "no domain") for f, a in draft.invalid_addresses]
        for recipient in draft.recipients:
            problem = address_problem(recipient.address)
            if problem:
                problems.append((recipient.field.label, recipient.address, problem))
        if not problems:
            return
        shown = ", ".join(f"{label}: {address}" for label, address, _ in problems[:3])
        more = f" (+{len(problems) - 3})" if len(problems) > 3 else ""
        reason = problems[0][2]
        addresses = tuple(address for _, address, _ in problems)
        yield self.finding(
            draft,
            message=Text(
                en=f"{len(problems)} address(es) not valid as written: {shown}{more}. {reason}",
                ja=f"正しくないアドレスが {len(problems)} 件あります: {shown}{more}。{reason}",
            ),
            fix=Text(
                en="Correct or remove these addresses before sending.",
                ja="送信前にこれらのアドレスを修正するか削除してください。",
            ),
            location="header:" + "/".join(sorted({label for label, _, _ in problems})),
            value="\n".join(sorted(a.lower() for a in addresses)),
            subjects=addresses,
        )
