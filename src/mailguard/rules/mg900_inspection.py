"""MG900 not-fully-inspected and MG901 decoding-guessed: what the reader could not do."""

from __future__ import annotations

from collections.abc import Iterator

from mailguard.findings import Finding, Severity, reason
from mailguard.model import Draft
from mailguard.rules import Context, Rule


class NotFullyInspected(Rule):
    """
    ## What it does
    Asks for confirmation when a reading limit stopped mailguard before it saw the whole
    message: too many MIME parts, nesting too deep, a header or text part over its size
    limit, more recipients than `limits.max_recipients`.

    ## Why
    A check that quietly skips what it could not read teaches senders that unusual messages
    pass. What was not inspected must be looked at by a person (fail closed).

    ## Example
    A message with 5,000 MIME parts when `limits.max_parts` is 2,000.

    ## Use instead
    Send fewer, smaller messages, or raise the limit in the policy after checking why the
    message is so large.

    ## Configuration
    ```yaml
    limits:
      max_parts: 2000
      max_depth: 20
      max_recipients: 50000
      max_seconds: 20      # per message; each rule has its share, one that runs out is reported
    ```
    MG900 can be raised to `block` but never disabled or lowered: a policy with
    `rules: {MG900: {enabled: false}}` or `severity: info` is refused (exit 4, naming the key
    and the file), because it would turn "part of the message was not read" into a pass.

    A personal-data (MG4xx) or destination (MG1xx, MG3xx) rule that ran out of its share of
    `limits.max_seconds` is judged by where the mail goes: to a personal address or a
    destination nobody could resolve it blocks (`personal_data.to_personal_mail`); elsewhere
    it is a confirm that **only a second person releases**, as if MG900 were in
    `approval.required_for`: `--ack`, `--ack-file`, the dialog, an override and
    `GuardedSMTP(acknowledge=...)` do not send it; an approver's signed approval
    (`mailguard approve DRAFT --key FILE`, `GuardedSMTP(approval=...)`) does. With no
    `approval.approvers` listed such a message cannot be sent as it is.

    ## Known problems
    Whether a rule times out depends on the machine's speed and load: the approver's own check
    must time out too for the approval to name the same MG900 id (a faster machine sees the
    rule's real finding instead, and the approval then does not cover the sender's MG900). Split
    or shorten the message, or raise `limits.max_seconds`, rather than relying on approvals.

    ## References
    Incidents #6, #11, #12: data that nobody inspected went out. A check must never pass by
    omission.
    """

    id = "MG900"
    name = "not-fully-inspected"
    incidents = (6, 11, 12)
    default_severity = Severity.CONFIRM
    summary = reason("MG900.summary")

    def check(self, draft: Draft, ctx: Context) -> Iterator[Finding]:
        for stop in draft.incomplete:
            yield self.finding(
                draft,
                message=reason("MG900.incomplete", stop=stop),
                fix=reason("MG900.incomplete.fix"),
                location="message",
                value=stop.en,  # the English words: the same identity as before the catalogue
            )

    def time_limit(self, draft: Draft, stopped: type[Rule], seconds: float, severity: Severity) -> Finding:
        """``stopped`` ran out of its share of the time; the other rules ran."""
        return self.finding(
            draft,
            message=reason("MG900.timed_out", rule=stopped.id, name=stopped.name, seconds=f"{seconds:g}"),
            fix=reason("MG900.timed_out.fix"),
            location=f"rule:{stopped.id}",
            value=f"time:{stopped.id}",
            severity=severity,
        )


class DecodingGuessed(Rule):
    """
    ## What it does
    Reports (as information) every place where the reader had to guess: a missing or
    unknown charset, text that does not match its declared charset, a malformed encoded
    word. It does not change the verdict.

    ## Why
    Japanese mail often declares `Shift_JIS` for CP932 text or uses unknown labels; a guessed
    decode is usually right, but the sender should know that names were decoded by guessing.

    ## Example
    `Content-Type: text/plain; charset=x-unknown`

    ## Use instead
    Declare the real charset (UTF-8 or ISO-2022-JP).

    ## Configuration
    Only `enabled` and `severity` (raise it to `confirm` to make guesses visible in the verdict).

    ## Known problems
    It reports what the readers noticed, not whether the text is right: text that decodes
    cleanly in its declared charset is trusted, so mojibake already in the text before it was
    encoded (`æ–‡å­—åŒ–ã‘` saved as UTF-8) is not reported, and names in it cannot be read.

    At its default severity it never changes the verdict, except for a declared charset that
    hid Japanese text (re-decoded, **confirm**): a guess that misread a name passes unless
    another rule stops the message.

    ## References
    Supports every rule that reads names and text (#2, #8, #18).
    """

    id = "MG901"
    name = "decoding-guessed"
    incidents = (2, 8, 18)
    default_severity = Severity.INFO
    summary = reason("MG901.summary")

    def check(self, draft: Draft, ctx: Context) -> Iterator[Finding]:
        from mailguard.readers.charset import REDECODED

        for warning in draft.warnings:
            yield self.finding(
                draft,
                # A declared charset that hid Japanese text: names and numbers were read only
                # because the text was re-decoded, so a person confirms what was read.
                severity=Severity.CONFIRM if warning.code in REDECODED else None,
                message=reason("MG901.guessed", note=warning),
                fix=reason("MG901.guessed.fix"),
                location="message",
                value=warning.en,
            )
