"""MG106 invalid-address."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import replace

from mailguard.findings import Finding, Severity, Text
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
    summary = Text(en="A recipient address is not valid as written", ja="宛先アドレスの形式が正しくない")

    def check(self, draft: Draft, ctx: Context) -> Iterator[Finding]:
        yield from self._repairs(draft)
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

    def _repairs(self, draft: Draft) -> Iterator[Finding]:
        """One finding for the slips the reader repaired: what was written, how it was read."""
        repairs = _grouped(r for r in draft.address_repairs if r.header in _REPORTED)
        if not repairs:
            return
        shown_en = "; ".join(_shown(r, "en") for r in repairs[:3]) + (
            f" (+{len(repairs) - 3})" if len(repairs) > 3 else ""
        )
        shown_ja = "、".join(_shown(r, "ja") for r in repairs[:3]) + (
            f" (ほか {len(repairs) - 3} 件)" if len(repairs) > 3 else ""
        )
        read = tuple(dict.fromkeys(a for r in repairs for a in r.read))
        yield self.finding(
            draft,
            message=Text(
                en=f"Addresses typed with a slip were read as meant: {shown_en}.",
                ja=f"入力ミスのあるアドレスを次のように読み取りました: {shown_ja}。",
            ),
            fix=Text(
                en="Check that these are the addresses you mean, and correct the header (commas between addresses).",
                ja="意図した宛先か確認し、宛先欄を修正してください (アドレスの区切りは半角カンマ)。",
            ),
            location="header:" + "/".join(sorted({r.header for r in repairs})),
            value="\n".join(sorted({f"{r.kind}:{a.lower()}" for r in repairs for a in r.read})),
            subjects=read,
        )


_REPORTED = frozenset({"To", "Cc", "Bcc", "Reply-To"})
_KINDS = {
    "separator": Text(en="{sep} between addresses", ja="アドレスの間に{sep}"),
    "missing_comma": Text(en="no comma between two addresses", ja="2つのアドレスの間にカンマがない"),
    "comma_in_domain": Text(en="a comma typed for a dot in the domain", ja="ドメインのドットがカンマになっている"),
    "wide_characters": Text(en="full-width characters (＠ ．) in the address", ja="アドレスに全角文字 (＠ ．)"),
    "trailing_dot": Text(en="a dot at the end of the address", ja="アドレスの末尾にドット"),
    "glued_name": Text(
        en="a name written without < > around the address", ja="名前とアドレスが < > なしでつながっている"
    ),
    "at_in_name": Text(en="an @ in the display name", ja="表示名に @ がある"),
}
_SEPARATORS = {
    "comma": Text(en="the Japanese comma 、", ja="読点「、」"),
    "wide_comma": Text(en="the full-width comma ，", ja="全角カンマ「，」"),
    "semicolon": Text(en="a semicolon", ja="セミコロン"),
    "wide_space": Text(en="a full-width space", ja="全角スペース"),
}


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


def _shown(repair: AddressRepair, lang: str) -> str:
    """``To: the Japanese comma 、 between addresses, read as t***@x.jp, s***@y.jp``."""
    separator = _SEPARATORS[repair.detail].get(lang) if repair.detail in _SEPARATORS else ""
    what = _KINDS[repair.kind].get(lang).format(sep=separator)
    read = ", ".join(mask_address(a) for a in repair.read)
    return f"{repair.header}: {what}, read as {read}" if lang == "en" else f"{repair.header}: {what} → {read}"
