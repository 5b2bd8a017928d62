"""MG203 forgotten-attachment."""

from __future__ import annotations

import re
from collections.abc import Iterator

from mailguard.content.addressees import own_text
from mailguard.findings import Finding, Severity, Text
from mailguard.model import Draft
from mailguard.rules import Context, Rule

_MENTIONS = re.compile(
    r"(添付(?:いた)?(?:します|しました|しております|いたします|の|ファイル|資料|書類)|別添|添付にて|添付のとおり|"
    r"\b(?:attached(?: (?:is|are|please find|you will find|herewith))?|please find (?:the )?attached|"
    r"i(?:'ve| have) attached|see (?:the )?attached|enclosed (?:is|are|please find)|find enclosed|"
    r"attaching)\b)",
    re.IGNORECASE,
)
_NEGATED = re.compile(
    r"(添付(?:は|を)?(?:しません|ありません|省略|不要|なし)|no attachment|not attached|without attachment)",
    re.I,
)


class ForgottenAttachment(Rule):
    """
    ## What it does
    Asks for confirmation when the sender's own text says something is attached (`添付`,
    `別添`, `attached`, `enclosed`, `please find attached`) but the message has no
    attachment. Quoted replies and forwarded threads are ignored, and so are sentences that
    say nothing is attached.

    ## Why
    A message sent without its attachment is usually followed in a hurry by a second one,
    and hurried resends are when the wrong file or the wrong person slips in (#11, #12).

    ## Example
    ```
    申請書を添付いたします。ご確認ください。
    ```
    (no attachment)

    ## Use instead
    Attach the file, or say where to find it.

    ## Configuration
    Only `enabled` and `severity`.

    ## References
    Incidents #11, #12.
    """

    id = "MG203"
    name = "forgotten-attachment"
    incidents = (11, 12)
    default_severity = Severity.CONFIRM
    summary = Text(en="The text mentions an attachment but there is none", ja="添付と書いてあるのに添付ファイルがない")

    def check(self, draft: Draft, ctx: Context) -> Iterator[Finding]:
        if any(not a.inline for a in draft.attachments):
            return
        text = own_text(draft.body)
        for number, line in enumerate(text.splitlines(), start=1):
            match = _MENTIONS.search(line)
            if match and not _NEGATED.search(line):
                yield self.finding(
                    draft,
                    message=Text(
                        en=f"Line {number} says {match.group(0)!r}, but nothing is attached.",
                        ja=f"{number} 行目に「{match.group(0)}」とありますが、添付ファイルがありません。",
                    ),
                    fix=Text(en="Attach the file before sending.", ja="送信前にファイルを添付してください。"),
                    location=f"body:line {number}",
                    value=match.group(0).lower(),
                )
                return
