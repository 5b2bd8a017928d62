"""MG691 unused-suppression: a suppression that suppresses nothing (#7)."""

from __future__ import annotations

from mailguard.findings import Finding, Severity, reason
from mailguard.readers.template import Suppression, Template
from mailguard.rules import TemplateRule


class UnusedSuppression(TemplateRule):
    """
    ## What it does
    Reports a suppression that no longer suppresses anything (like ruff's unused-noqa), so
    that stale exceptions do not hide a future problem.

    ## Why
    An exception that outlived its reason is the next incident's blind spot.

    ## Example
    `{# mailguard: allow MG601 -- old list #}` in a template whose To is now `{{ email }}`.

    ## Use instead
    Remove the comment.

    ## Configuration
    Only `enabled` and `severity`.

    ## Known problems
    It reports a suppression that suppresses nothing, not one that still suppresses something
    it should not: `{# mailguard: allow MG601 -- reviewed #}` above a To that now holds a
    real external address stays silent, because it is used.

    Only template suppressions are checked.

    ## References
    Incident #7.
    """

    id = "MG691"
    name = "unused-suppression"
    incidents = (7,)
    default_severity = Severity.CONFIRM
    summary = reason("MG691.summary")

    def unused(self, template: Template, suppression: Suppression) -> Finding:
        message = reason("MG691.unused", line=suppression.line, rules=suppression.rules)
        return self.at_line(
            template, suppression.line, message, reason("MG691.fix"), f"MG691:{suppression.line}:{message.en}"
        )
