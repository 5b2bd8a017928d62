"""MG504 row-mismatch: a message that does not belong to its own merge row (#8, #16)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from mailguard.findings import Finding, Severity, reason
from mailguard.mask import mask_address, mask_name
from mailguard.rules import RunRule
from mailguard.rules._run import facts_of, person_key, row_of, surname_agrees

if TYPE_CHECKING:
    from mailguard.result import MessageResult


class RowMismatch(RunRule):
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

    ## Known problems
    It runs only when the sending pipeline passes each message's row (`Batch.check(message,
    row=row)`); `mailguard batch` on a directory of files has no rows, and then only MG501-MG503
    compare messages.

    The row's address only has to be among the recipients (an extra address in Cc passes), and
    a salutation by surname or given name alone agrees with the row's full name: 「山田 様」
    passes for `山田 花子` even if meant for `山田 太郎`. A message that names nobody passes the
    name check.

    ## References
    Incidents #8, #16.
    """

    id = "MG504"
    name = "row-mismatch"
    incidents = (8, 16)
    default_severity = Severity.BLOCK
    summary = reason("MG504.summary")

    def check_row(self, result: MessageResult, row: Mapping[str, str]) -> list[Finding]:
        """The message must go to its own row's address and name its row's person."""
        draft = result.draft
        if draft is None:
            return []
        target = row_of(row)
        email = target.email.lower()
        name = person_key(target.name)
        problems = []
        recipients = {r.address.lower() for r in draft.recipients}
        if email and email not in recipients:
            problems.append(
                ("recipient", reason("MG504.recipient", recipients=tuple(sorted(recipients)), row=mask_address(email)))
            )
        facts = facts_of(result, 0)
        written = set(facts.addressees) | set(facts.recipient_names)
        if name and written and name not in written and not any(surname_agrees(name, w) for w in written):
            problems.append(("name", reason("MG504.name", name=mask_name(target.name))))
        return [
            self.finding(
                draft,
                message=problem,
                fix=reason("MG504.fix"),
                location=f"row:{target.id or email}:{where}",
                value=email + "\n" + name,
            )
            for where, problem in problems
        ]
