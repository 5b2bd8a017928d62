"""MG603 template-undefined: every variable is in the data; rows that do not render (#7, #8)."""

from __future__ import annotations

from collections.abc import Iterator

from mailguard.findings import Finding, Param, Reason, Severity, reason
from mailguard.readers.template import Template
from mailguard.rules import TemplateRule
from mailguard.rules._template import parse


class TemplateUndefined(TemplateRule):
    """
    ## What it does
    With `--data`, reports template variables that the data does not provide. Rendering uses
    strict undefined variables: a missing column is an error, never an empty string (an
    empty salutation or an empty To is how wrong mail goes out unnoticed).

    ## Why
    Incidents #7 and #8 both began with a template and data that did not fit together.

    ## Example
    `{{ full_name }} 様` with a CSV whose column is `name`.

    ## Use instead
    Use the column's name, or add the column.

    ## Configuration
    Only `enabled` and `severity`.

    ## Known problems
    It runs only with `--data`, and a column that exists is defined even when it is empty in
    some rows: an empty `name` in one row renders 「 様」 without a finding.

    Variables are checked by name only: a column with the right name but the wrong contents
    (`name` holding the company instead of the person) passes.

    ## References
    Incidents #7, #8.
    """

    id = "MG603"
    name = "template-undefined"
    incidents = (7, 8)
    default_severity = Severity.BLOCK
    summary = reason("MG603.summary")

    def missing_columns(self, template: Template, columns: set[str]) -> Iterator[Finding]:
        """Variables the sample data does not provide (strict undefined)."""
        from jinja2 import meta

        missing = sorted(meta.find_undeclared_variables(parse(template.text)) - columns)
        if not missing:
            return
        line = next((i + 1 for i, text in enumerate(template.text.split("\n")) if missing[0] in text), 1)
        yield self.at_line(
            template,
            line,
            reason("MG603.missing", columns=tuple(missing)),
            reason("MG603.missing.fix"),
            ",".join(missing),
        )

    def does_not_render(self, template: Template, row: int, line: int, error: Param) -> Finding:
        """A sample row that cannot be rendered (``error``: Jinja's words, or a reason)."""
        return self.at_line(
            template,
            line,
            reason("MG603.does_not_render", row=row, error=error),
            reason("MG603.does_not_render.fix"),
            f"row {row}:{error.en if isinstance(error, Reason) else error}",
        )
