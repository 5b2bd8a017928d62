"""MG690 invalid-suppression: a suppression names known rules and gives a reason (#7)."""

from __future__ import annotations

from collections.abc import Container

from mailguard.findings import Finding, Severity, reason
from mailguard.readers.template import Suppression, Template
from mailguard.rules import TemplateRule


class InvalidSuppression(TemplateRule):
    """
    ## What it does
    A suppression in a template (`{# mailguard: allow MG601 -- reason #}`) must name known
    rules and give a reason after `--`. One without a reason or with an unknown rule is an
    error (**block**) and suppresses nothing.

    ## Why
    An exception to a safety check must say why, so that a reviewer can judge it later.

    ## Example
    `{# mailguard: allow MG601 #}`

    ## Use instead
    `{# mailguard: allow MG601 -- internal announcement list, reviewed by the data owner #}`

    ## Configuration
    None.

    ## Known problems
    Any text after `--` is a reason: `-- x` or `-- TODO` pass. Whether the reason is good is
    the reviewer's judgement, not this rule's.

    Only suppression comments in templates are checked; the policy's own settings (a rule
    turned off, `trusted_domains`) ask for no reason.

    ## References
    Incident #7 (reviewed changes).
    """

    id = "MG690"
    name = "invalid-suppression"
    incidents = (7,)
    default_severity = Severity.BLOCK
    summary = reason("MG690.summary")

    def problem(self, template: Template, suppression: Suppression, known: Container[str]) -> Finding | None:
        """The finding for a suppression that names an unknown rule or gives no reason."""
        unknown = tuple(r for r in suppression.rules if r not in known)
        if unknown:
            why = reason("MG690.why.unknown", rules=unknown)
        elif not suppression.reason:
            why = reason("MG690.why.no_reason")
        else:
            return None
        message = reason("MG690.invalid", line=suppression.line, why=why)
        return self.at_line(
            template, suppression.line, message, reason("MG690.fix"), f"MG690:{suppression.line}:{message.en}"
        )
