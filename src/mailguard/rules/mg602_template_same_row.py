"""MG602 template-same-row: salutation and attachments from the recipient's row (#8)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from mailguard.content.names import HONORIFICS
from mailguard.findings import Finding, Severity, reason
from mailguard.readers.template import Template
from mailguard.rules import TemplateRule
from mailguard.rules._template import expressions, loop_variables, parse, root_of

if TYPE_CHECKING:
    from mailguard.policy import Policy

SALUTATION_LINES = 8
_SALUTATION_WORDS = ("dear", "hi", "hello", "attn")


class TemplateSameRow(TemplateRule):
    """
    ## What it does
    Checks that the salutation and addressee lines at the top of the body, the subject and
    any per-person attachment name are built from the **same row** as the recipient
    (`{{ row.name }}` with `{{ row.email }}`), not from another data source, an index
    (`{{ names[i] }}`) or a loop variable. Otherwise **block**.

    ## Why
    Incident #8: registration mails went out with every recipient swapped. A template that
    takes the name from a different list than the address invites exactly that.

    ## Example
    ```
    TO: {{ row.email }}

    {{ names[loop.index] }} 様
    ```

    ## Use instead
    ```
    TO: {{ row.email }}

    {{ row.name }} 様
    ```

    ## Configuration
    Only `enabled` and `severity`.

    ## Known problems
    Only the salutation lines near the top of the body (a line with `様`, `御中`, `Dear`, ...
    among the first few non-empty lines), the subject and attachment names are checked. A name
    further down (`{{ names[i] }} さんの受講番号は...`) is not.

    It applies only when `To` uses exactly one data source; and same row means same source
    variable: `{{ row.parent_name }}` taken from the right row but the wrong column (the child
    instead of the parent) passes.

    ## References
    Incident #8.
    """

    id = "MG602"
    name = "template-same-row"
    incidents = (8,)
    default_severity = Severity.BLOCK
    summary = reason("MG602.summary")

    def check_template(self, template: Template, policy: Policy) -> Iterator[Finding]:
        roots = {root_of(e)[0] for header in template.header_values("to") for e in expressions(parse(header.value))}
        if len(roots) != 1:
            return
        recipient_root = roots.pop()
        loop_names = loop_variables(template)
        candidates = [(h.line, h.value) for h in template.header_values("attachment")]
        candidates += _salutation_lines(template)
        candidates += [(h.line, h.value) for h in template.header_values("subject")]
        for line_number, text in candidates:
            for expression in expressions(parse(text)):
                root, variable, indexed = root_of(expression)
                if root == "<expr>":
                    continue
                if indexed:
                    why = reason("MG602.why.indexed", root=root)
                elif variable in loop_names:
                    why = reason("MG602.why.loop", variable=repr(variable))
                elif root != recipient_root:
                    why = reason("MG602.why.other_root", root=repr(root), recipient=repr(recipient_root))
                else:
                    continue
                yield self.at_line(
                    template,
                    line_number,
                    reason("MG602.other_row", line=line_number, why=why),
                    reason("MG602.fix"),
                    text.strip(),
                )


def _salutation_lines(template: Template) -> list[tuple[int, str]]:
    """The first few non-empty body lines that look like a salutation (様, 御中, Dear ...)."""
    found = []
    shown = 0
    for offset, line in enumerate(template.body.split("\n")):
        if not line.strip():
            continue
        shown += 1
        if shown > SALUTATION_LINES:
            break
        if _is_salutation(line):
            found.append((template.body_line + offset, line))
    return found


def _is_salutation(line: str) -> bool:
    """Plain substring tests (no pattern to backtrack on however long the line)."""
    if any(h in line for h in HONORIFICS) or "御中" in line:
        return True
    first = line.lstrip().lower()
    return any(
        first.startswith(word) and (len(first) == len(word) or not first[len(word)].isalnum())
        for word in _SALUTATION_WORDS
    )
