"""MG604 template-unsubscribe: a bulk template has List-Unsubscribe (#7)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from mailguard.findings import Finding, Severity, reason
from mailguard.readers.template import Template
from mailguard.rules import TemplateRule

if TYPE_CHECKING:
    from mailguard.policy import Policy


class TemplateUnsubscribe(TemplateRule):
    """
    ## What it does
    When enabled, blocks a bulk template without a `List-Unsubscribe` header. Off by
    default; turn it on for newsletter repositories.

    ## Why
    Newsletters must let each reader leave the list by themselves; and a List-Unsubscribe
    header is what makes mailguard treat the rendered messages as bulk (MG102, #7).

    ## Example
    A newsletter template with only `TO:`, `SUBJECT:` and `FROM:`.

    ## Use instead
    ```
    List-Unsubscribe: <mailto:unsubscribe@news.example-city.lg.jp>
    ```

    ## Configuration
    ```yaml
    rules:
      MG604: {enabled: true}
    ```

    ## Known problems
    Once enabled, it applies to every template checked, not only to newsletters: a one-to-one
    notice template in the same repository is blocked too.

    Only the header's presence is checked: a `List-Unsubscribe` that points to a dead address
    or a broken URL passes.

    ## References
    Incident #7.
    """

    id = "MG604"
    name = "template-unsubscribe"
    incidents = (7,)
    default_severity = Severity.BLOCK
    enabled_by_default = False
    summary = reason("MG604.summary")

    def check_template(self, template: Template, policy: Policy) -> Iterator[Finding]:
        if not template.header_values("list-unsubscribe"):
            yield self.at_line(template, 1, reason("MG604.missing"), reason("MG604.missing.fix"), "list-unsubscribe")
