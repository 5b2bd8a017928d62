"""MG203 forgotten-attachment."""

from __future__ import annotations

import re
from collections.abc import Iterator

from mailguard.content.addressees import own_segments
from mailguard.content.personal import hint
from mailguard.findings import Finding, Severity, reason
from mailguard.model import Draft
from mailguard.patterns import on_first_use
from mailguard.rules import Context, Rule

_MENTIONS = re.compile(
    r"(添付(?:いた)?(?:します|しました|しております|いたします|の|ファイル|資料|書類|させて)|別添|添付にて|添付のとおり|"
    r"\b(?:attached(?: (?:is|are|please find|you will find|herewith))?|please find (?:the )?attached|"
    r"i(?:'ve| have) attached|see (?:the )?attached|enclosed (?:is|are|please find)|find enclosed|"
    r"attaching)\b)",
    re.IGNORECASE,
)
# A word every mention holds (exact, case-insensitive): most segments hold none, and the
# case-insensitive search of each of their lines cost more than the rest of the rule.
_MENTION_HINT = hint("添付", "別添", "attach", "enclosed")
# Sentences that mention an attachment without promising one in this message.
_NOT_HERE = on_first_use(
    # nothing is attached
    r"添付(?:ファイル|資料|書類)?(?:は|を|では|も|が)?[ \u3000]{0,2}"
    r"(?:しません|しておりません|いたしません|致しません|ありません|ございません|おりません|省略|不要|なし|無し|ない)"
    r"|no attachments?|not (?:be )?attached|without (?:an )?attachments?|nothing (?:is )?attached"
    # a request that the reader attach something (添付のうえご返信ください)
    r"|添付(?:して|の上|のうえ|を)(?:ください|下さい|いただ|頂|ご|お願い|提出|返信|送信|送付|お送り|申請)"
    r"|添付のうえ|添付の上|添付して|添付ください|添付願|添付をお願い|ご添付|御添付"
    # the password mail that follows an encrypted attachment
    r"|(?:パスワード|暗証番号|解凍キー)(?:は|を(?:お知らせ|ご連絡|連絡|通知|送付|お送り|記載|別)|[:：]|のお知らせ|のご連絡|の通知|です)"
    r"|password (?:is|for|to open)|password:"
    # a disclaimer in the footer: about attachments in general
    r"|機密|誤送信|心当たり|confidential|intended recipient|privileged"
    # sent another way: a link, a transfer service, a shared folder, by post
    r"|ギガファイル|ギガ便|firestorage|宅ふぁいる|データ便|ファイル便|転送サービス|onedrive|one drive|sharepoint|"
    r"box\.com|\bbox\b|dropbox|google\s?drive|グーグルドライブ|wetransfer|we transfer|クラウド|共有フォルダ|"
    r"ダウンロード|リンク|\burl\b|https?://|download|shared? (?:link|folder)|link|別送|別途|郵送|送付いたしません|"
    # an earlier message's attachment, or the other party's
    r"先ほど|さきほど|先程|前回|以前|先日|昨日|過日|前のメール|前便|前述|既に|すでに|お送りした|送付した|お送りしました|"
    r"いただいた|頂いた|下さった|くださった|いただきました|頂きました|受領|拝受|拝見|ご添付|御添付|"
    r"開けな|開けま|開かな|届いていな|届いておりま|見当たらな|"
    r"previous|earlier|last (?:mail|email|message|week)|yesterday|already|you (?:sent|attached)|your (?:attachment|mail|email)|"
    r"sent (?:you )?(?:before|earlier|separately)|separately|by post",
    re.IGNORECASE,
)
# Sentences end at these; the context of a mention is its own sentence.
_SENTENCE_END = on_first_use(r"[。．！？!?\n]|\.(?:\s|$)")
SENTENCE_WINDOW = 200


class ForgottenAttachment(Rule):
    """
    ## What it does
    Asks for confirmation when the sender's own text says something is attached (`添付`,
    `別添`, `添付のとおり`, `attached`, `enclosed`, `please find attached`) but the message
    has no attachment. Each mention is judged by its sentence; there is no finding for:

    - the password mail that follows an encrypted attachment (`添付ファイルのパスワードを
      お知らせします`, `パスワードは別途…`, `the password for the attached file is`);
    - text that says nothing is attached (`添付ファイルはございません`, `not attached`) or that
      the files go another way (ギガファイル便, firestorage, 宅ふぁいる便, OneDrive, Box,
      Dropbox, Google Drive, a link or URL, a shared folder, by post);
    - an earlier message's attachment, or the other party's (`先ほどの添付`, `前回お送りした`,
      `ご添付いただいた`, `attached to my previous mail`, `your attachment`);
    - footer disclaimers (`本メールおよび添付ファイルは機密…`);
    - 添付 inside a quoted reply or a forwarded message.

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

    ## Known problems
    - A sentence that promises an attachment *and* mentions a link or an earlier mail
      (`添付のとおり、詳細はリンク先を…`) is taken as not promising one.
    - Inline images count as no attachment: a mail whose only "attachment" is a pasted image
      and whose text says 添付 asks for confirmation.
    - Wording outside the lists above (other transfer services, dialects of business
      Japanese) may still be read as a promise.

    ## References
    Incidents #11, #12.
    """

    id = "MG203"
    name = "forgotten-attachment"
    incidents = (11, 12)
    default_severity = Severity.CONFIRM
    summary = reason("MG203.summary")

    def check(self, draft: Draft, ctx: Context) -> Iterator[Finding]:
        if any(not a.inline for a in draft.attachments):
            return
        body = ctx.segments
        for segment in own_segments(body):
            if not _MENTION_HINT.search(segment.text):
                continue  # no word of any mention: no line of it promises an attachment
            first_line = _line_of(ctx, segment.start)
            for offset, line in enumerate(segment.text.splitlines()):
                match = _promised(line[:2000])
                if match is None:
                    continue
                number = first_line + offset
                yield self.finding(
                    draft,
                    message=reason("MG203.check", number=number, group_0=match.group(0)),
                    fix=reason("MG203.check.fix"),
                    location=f"body:line {number}",
                    value=match.group(0).lower(),
                )
                return


def _promised(line: str) -> re.Match[str] | None:
    """The first mention of an attachment in ``line`` whose sentence promises one in this
    message (not a password notice, a link, an earlier mail's file, or "not attached")."""
    for match in _MENTIONS.finditer(line):
        if not _NOT_HERE.search(_sentence(line, match.start(), match.end())):
            return match
    return None


def _sentence(line: str, start: int, end: int) -> str:
    """The sentence around a match, at most SENTENCE_WINDOW characters either side."""
    before = line[max(0, start - SENTENCE_WINDOW) : start]
    cut = max((m.end() for m in _SENTENCE_END.finditer(before)), default=0)
    after = line[end : end + SENTENCE_WINDOW]
    stop = _SENTENCE_END.search(after)
    return before[cut:] + line[start:end] + (after[: stop.start()] if stop else after)


def _line_of(ctx: Context, offset: int) -> int:
    """The body line (1-based) at an offset of the segmented (NFKC) body."""
    from mailguard.content.personal import normalise

    return normalise(ctx.draft.body).count("\n", 0, offset) + 1
