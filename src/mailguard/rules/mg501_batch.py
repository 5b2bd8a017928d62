"""MG501-MG504: rules across the messages of a merge run (``mailguard batch`` and
:class:`mailguard.shells.batch.Batch`). Their logic lives in :mod:`mailguard.shells.batch`; these classes
carry the id, documentation and policy settings like every other rule."""

from __future__ import annotations

from collections.abc import Iterator

from mailguard.findings import Finding, Severity, Text
from mailguard.model import Draft
from mailguard.rules import Context, Rule


class _BatchRule(Rule):
    scope = "batch"

    def check(self, draft: Draft, ctx: Context) -> Iterator[Finding]:
        return iter(())


class SwappedRows(_BatchRule):
    """
    ## What it does
    In a merge run, compares who each message is addressed to (salutation, subject) with the
    recipients of the other messages. A message addressed to the recipient of another
    message is **blocked** together with that message, naming the pair; a run where many
    messages are addressed to the recipient *N rows away* is reported once as a shift.

    ## Why
    Incident #8: registration-complete mails were sent with all recipient addresses swapped.
    Each message looks fine alone; only the run shows it.

    ## Example
    `row1.eml` to hanako@... says 「田中 一郎 様」; `row2.eml` to ichiro@... says 「山田 花子 様」.

    ## Use instead
    Take recipient and salutation from the same row; never sort one column on its own.

    ## Configuration
    `--targets` (names per address) and the address book make recipients' names known.

    ## References
    Incidents #8, #2, #18.
    """

    id = "MG501"
    name = "swapped-rows"
    incidents = (8, 2, 18)
    default_severity = Severity.BLOCK
    summary = Text(
        en="Messages of a run are addressed to each other's recipients", ja="一斉送信で宛名と宛先が入れ替わっている"
    )


class OutsideTargetList(_BatchRule):
    """
    ## What it does
    With `--targets recipients.csv` (columns `email`, optionally `name` and `id`), blocks a
    message whose recipient is not on the list, or whose recipient's name on the list differs
    from the name the message uses.

    ## Why
    Incident #16: an extraction tool with a specification bug selected people outside the
    target group. The approved list is the reference, not the tool's output.

    ## Example
    `targets.csv` lists ichiro@...; the run also sends to jiro@...

    ## Use instead
    Fix the extraction and regenerate the run from the approved list.

    ## Configuration
    `mailguard batch RUN/ --targets targets.csv`

    ## References
    Incident #16.
    """

    id = "MG502"
    name = "outside-target-list"
    incidents = (16,)
    default_severity = Severity.BLOCK
    summary = Text(en="A recipient is not on the approved target list", ja="対象者リストにない宛先がある")


class RunReconciliation(_BatchRule):
    """
    ## What it does
    Reconciles a run: targets with no message, addresses that receive more than one message,
    and messages whose form (attachment count, length) differs from the rest of the run.
    These need confirmation and are listed in the run summary; `--manifest` records every
    source, recipient, verdict and content hash so that what went out can be proved later.

    ## Why
    Incidents #3, #14 and #17: items believed sent were never sent or were lost in a
    hand-over; counting what goes in and what comes out catches it.

    ## Example
    120 targets, 119 messages; or one message carrying two attachments where all others carry one.

    ## Use instead
    Find the missing row or the odd message before reporting the run as done.

    ## Configuration
    Only `enabled` and `severity`.

    ## References
    Incidents #3, #14, #17.
    """

    id = "MG503"
    name = "run-reconciliation"
    incidents = (3, 14, 17)
    default_severity = Severity.CONFIRM
    summary = Text(
        en="The run does not reconcile (missing, duplicate or odd messages)", ja="送信数・重複・形が一致しない"
    )


class RowMismatch(_BatchRule):
    """
    ## What it does
    When a sending pipeline checks each message together with the merge row it came from
    (`Batch.check(message, row=row)`), blocks a message whose recipient is not the row's
    address or whose salutation names someone other than the row's person, even in a
    one-message run.

    ## Why
    Incident #8 starts with one wrong join; catching it on the first message stops the run
    before the rest goes out.

    ## Example
    Row `{email: hanako@..., name: 山田 花子}` rendered as a message to hanako@... saying 「田中 一郎 様」.

    ## Use instead
    Render recipient and salutation from the same row object.

    ## Configuration
    Only `enabled` and `severity`.

    ## References
    Incidents #8, #16.
    """

    id = "MG504"
    name = "row-mismatch"
    incidents = (8, 16)
    default_severity = Severity.BLOCK
    summary = Text(en="A message does not belong to its merge row", ja="差し込み行とメールが一致しない")
