"""MG601-MG604, MG690-MG691: checks of newsletter and mail-merge templates
(``mailguard template``). Their logic lives in :mod:`mailguard.shells.template_checks`."""

from __future__ import annotations

from collections.abc import Iterator
from types import MappingProxyType

from mailguard.findings import Finding, Severity, Text
from mailguard.model import Draft
from mailguard.rules import Context, Rule


class _TemplateRule(Rule):
    scope = "template"

    def check(self, draft: Draft, ctx: Context) -> Iterator[Finding]:
        return iter(())


class TemplateRecipientFields(_TemplateRule):
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

    ## References
    Incident #7.
    """

    id = "MG601"
    name = "template-recipient-fields"
    incidents = (7,)
    default_severity = Severity.BLOCK
    summary = Text(
        en="A template's To/Cc is not exactly one per-row recipient",
        ja="テンプレートの To/Cc が行ごとの宛先1件になっていない",
    )


class TemplateSameRow(_TemplateRule):
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

    ## References
    Incident #8.
    """

    id = "MG602"
    name = "template-same-row"
    incidents = (8,)
    default_severity = Severity.BLOCK
    summary = Text(
        en="Salutation or attachment not from the recipient's row", ja="宛名・添付が宛先と別の行から差し込まれている"
    )


class TemplateUndefined(_TemplateRule):
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

    ## References
    Incidents #7, #8.
    """

    id = "MG603"
    name = "template-undefined"
    incidents = (7, 8)
    default_severity = Severity.BLOCK
    summary = Text(en="A template variable is not in the data", ja="テンプレートの変数がデータにない")


class TemplateUnsubscribe(_TemplateRule):
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

    ## References
    Incident #7.
    """

    id = "MG604"
    name = "template-unsubscribe"
    incidents = (7,)
    default_severity = Severity.BLOCK
    enabled_by_default = False
    summary = Text(en="A bulk template has no List-Unsubscribe", ja="一斉送信テンプレートに配信停止ヘッダーがない")


class InvalidSuppression(_TemplateRule):
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

    ## References
    Incident #7 (reviewed changes).
    """

    id = "MG690"
    name = "invalid-suppression"
    incidents = (7,)
    default_severity = Severity.BLOCK
    summary = Text(
        en="A suppression without a reason or with an unknown rule", ja="理由のない、または不明なルールの抑止コメント"
    )


class UnusedSuppression(_TemplateRule):
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

    ## References
    Incident #7.
    """

    id = "MG691"
    name = "unused-suppression"
    incidents = (7,)
    default_severity = Severity.CONFIRM
    summary = Text(en="A suppression suppresses nothing", ja="何も抑止していない抑止コメント")
    options = MappingProxyType({})
