"""MG502 outside-target-list: a run's recipient that the approved list does not name (#16)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from mailguard.findings import Finding, Severity, reason
from mailguard.mask import mask_address, mask_name
from mailguard.rules import RunRule
from mailguard.rules._run import Facts, RunInputs, person_key, surname_agrees

if TYPE_CHECKING:
    from mailguard.result import MessageResult


class OutsideTargetList(RunRule):
    """
    ## What it does
    With `--targets recipients.csv` (columns `email`, optionally `name` and `id`), blocks a
    message whose recipient is not on the list, or whose recipient's name on the list differs
    from the name the message uses. Internal copies (an archive Bcc, a colleague in Cc) and the
    sender's own address are not recipients of the run and need not be on the list.

    ## Why
    Incident #16: an extraction tool with a specification bug selected people outside the
    target group. The approved list is the reference, not the tool's output.

    ## Example
    `targets.csv` lists ichiro@...; the run also sends to jiro@...

    ## Use instead
    Fix the extraction and regenerate the run from the approved list.

    ## Configuration
    `mailguard batch RUN/ --targets targets.csv`

    ## Known problems
    It checks addresses and names, not content: a listed recipient who receives the wrong
    attachment passes. A message that names nobody passes the name check.

    A salutation by surname or given name alone agrees with any listed full name that
    contains it: a message to `hanako@...` (listed as `山田 花子`) that says 「山田 様」 passes,
    even when it was meant for her brother. And the list is only as good as the extraction
    behind it: a recipient wrongly on the list is not flagged.

    ## References
    Incident #16.
    """

    id = "MG502"
    name = "outside-target-list"
    incidents = (16,)
    default_severity = Severity.BLOCK
    summary = reason("MG502.summary")

    def on_message(self, facts: Facts, result: MessageResult, run: RunInputs) -> Iterator[Finding]:
        if run.targets is None or facts.verdict == "error" or result.draft is None:
            return
        by_email = run.targets.by_email()
        for address in facts.recipients:
            target = by_email.get(address)
            if target is None:
                message = reason("MG502.not_listed", source=facts.source, address=mask_address(address))
                fix = reason("MG502.not_listed.fix")
            elif target.name and person_key(target.name) and not _name_agrees(facts, person_key(target.name)):
                message = reason(
                    "MG502.other_name",
                    source=facts.source,
                    address=mask_address(address),
                    name=mask_name(target.name),
                )
                fix = reason("MG502.other_name.fix")
            else:
                continue
            yield self.finding(result.draft, message=message, fix=fix, location="run:targets", value=message.en)


def _name_agrees(facts: Facts, listed: str) -> bool:
    written = set(facts.recipient_names) | set(facts.addressees)
    if not written:
        return True
    return listed in written or any(surname_agrees(listed, w) for w in written)
