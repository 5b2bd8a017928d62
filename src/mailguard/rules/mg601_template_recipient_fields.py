"""MG601 template-recipient-fields: a template's To/Cc is exactly one per-row recipient (#7)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from email.utils import getaddresses
from typing import TYPE_CHECKING, Any

from mailguard.destinations.parties import Internal, internal_for
from mailguard.findings import Finding, Severity, reason
from mailguard.model import Address
from mailguard.patterns import on_first_use
from mailguard.readers.template import HeaderLine, Template
from mailguard.rules import TemplateRule
from mailguard.rules._template import expressions, nodes, parse

if TYPE_CHECKING:
    from mailguard.policy import Policy

_LIST_LIKE = on_first_use(r"(emails|addresses|recipients|members|subscribers|list|all|rows)$", re.IGNORECASE)
_JOINING_FILTERS = {"join", "map", "list", "batch", "sum", "unique", "select", "reject", "selectattr", "rejectattr"}


def _placeholders(text: str) -> list[str]:
    """Each ``{{ ... }}`` of a header value, left to right (one pass, no pattern to backtrack)."""
    found = []
    start = text.find("{{")
    while start != -1:
        end = text.find("}}", start + 2)
        if end == -1:
            break
        found.append(text[start : end + 2])
        start = text.find("{{", end + 2)
    return found


class TemplateRecipientFields(TemplateRule):
    """
    ## What it does
    Checks the To and Cc headers of a newsletter or mail-merge template before anything is
    rendered. They must hold exactly one per-row recipient variable (`TO: {{ email }}` or
    `TO: "{{ name }}" <{{ email }}>`), or fixed internal addresses. A loop, a joining
    filter (`|join`, `|map`), several per-row addresses, a variable that looks like a list
    (`{{ recipients }}`) or a fixed external address **blocks**.

    ## Why
    Incident #7: a change to a newsletter program put every subscriber's address in To.
    The countermeasure asks for reviewed changes with test evidence: this check is that
    evidence in CI.

    ## Example
    ```
    TO: {{ subscribers|join(", ") }}
    ```

    ## Use instead
    ```
    TO: {{ email }}
    ```

    ## Configuration
    `internal_domains` decides which fixed addresses are internal. Allow a reviewed exception
    in the template itself: `{# mailguard: allow MG601 -- internal announcement list #}`.

    ## Known problems
    It reads the template, not the data. A per-row variable whose name does not look like a
    list (`TO: {{ contact }}`) passes even when the data's `contact` column holds
    `a@example.jp, b@example.jp`; check rendered messages with `mailguard batch` (MG102).

    Only `To` and `Cc` are read: a fixed external address in `Reply-To` or `Bcc` is not
    checked here.

    ## References
    Incident #7.
    """

    id = "MG601"
    name = "template-recipient-fields"
    incidents = (7,)
    default_severity = Severity.BLOCK
    summary = reason("MG601.summary")

    def check_template(self, template: Template, policy: Policy) -> Iterator[Finding]:
        sender = _fixed_sender(template)
        # The same notion of "internal" as for messages: the policy's internal domains, else
        # the sender's organisation (destinations.parties).
        internal = internal_for(sender, policy)
        for header in (*template.header_values("to"), *template.header_values("cc")):
            yield from self._header(template, header, policy, internal)

    def _header(self, template: Template, header: HeaderLine, policy: Policy, internal: Internal) -> Iterator[Finding]:
        kinds = nodes()
        tree = parse(header.value)
        if list(tree.find_all(kinds.For)):
            yield self._list(template, header, reason("MG601.what.loop"))
            return
        for flt in tree.find_all(kinds.Filter):
            if flt.name in _JOINING_FILTERS:
                yield self._list(template, header, reason("MG601.what.filter", filter=flt.name))
                return
        markers: dict[str, Any] = {}
        text = header.value
        for index, span in enumerate(_placeholders(header.value)):
            found = expressions(parse(span))
            if found:
                markers[f"mgvar{index}x"] = found[0]
                text = text.replace(span, f"mgvar{index}x", 1)
        per_row, fixed = [], []
        for _, address in getaddresses([text]):
            if any(m in address for m in markers):
                per_row.append(next(markers[m] for m in markers if m in address))
            elif "@" in address:
                fixed.append(address)
        if len(per_row) > 1:
            yield self._list(template, header, reason("MG601.what.several", count=len(per_row)))
        for expression in per_row:
            name = getattr(expression, "attr", None) or getattr(expression, "name", "") or ""
            if _LIST_LIKE.search(str(name)):
                yield self._list(template, header, reason("MG601.what.list_variable", variable=repr(name)))
        label = header.name.title()
        for address in fixed:
            if not internal.includes(address):
                yield self.at_line(
                    template,
                    header.line,
                    reason("MG601.fixed_external", field=label, address=address),
                    reason("MG601.fixed_external.fix", field=label, address=address),
                    address.lower(),
                )

    def _list(self, template: Template, header: HeaderLine, what: Any) -> Finding:
        label = header.name.title()
        return self.at_line(
            template,
            header.line,
            reason("MG601.several", field=label, what=what),
            reason("MG601.several.fix", field=label),
            header.value,
        )


def _fixed_sender(template: Template) -> Address | None:
    for header in template.header_values("from"):
        for name, address in getaddresses([header.value]):
            if "@" in address and "{" not in address:
                return Address(name, address)
    return None
