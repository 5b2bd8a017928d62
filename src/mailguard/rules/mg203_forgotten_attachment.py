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
    r"(添付(?:いた|致)?(?:します|しました|しております|いたします|の|ファイル|資料|書類|させて)|別添|添付にて|添付のとおり|"
    r"添付し[、,]|添付して(?:お送り|送付|送信|提出|ご提出)|添付を(?:ご確認|ご査収|ご参照|お送り|送付)|"
    r"\b(?:attached(?: (?:is|are|please find|you will find|herewith))?|please find (?:the )?attached|"
    r"i(?:'ve| have) attached|see (?:the )?attached|enclosed (?:is|are|please find)|find enclosed|"
    r"attaching)\b)",
    re.IGNORECASE,
)
# A word every mention holds (exact, case-insensitive): most segments hold none, and the
# case-insensitive search of each of their lines cost more than the rest of the rule.
_MENTION_HINT = hint("添付", "別添", "attach", "enclosed")
# Sentences that mention an attachment without promising one in this message, whatever
# else they say: nothing is attached, the reader is asked to attach, a password notice, a
# footer disclaimer, an earlier message's file or the other party's.
_NOT_HERE = on_first_use(
    # nothing is attached
    r"添付(?:ファイル|資料|書類)?(?:は|を|では|も|が)?[ \u3000]{0,2}"
    r"(?:しません|しておりません|いたしません|致しません|ありません|ございません|おりません|省略|不要|なし|無し|ない)"
    r"|no attachments?|not (?:be )?attached|without (?:an )?attachments?|nothing (?:is )?attached"
    # a request that the reader attach something (添付のうえご返信ください, 添付して提出してください)
    r"|添付(?:して|の上|のうえ|を)(?:ください|下さい|いただ|頂|お願い|ご(?:提出|返信|送付|申請|連絡)"
    r"|(?:提出|返信|送信|送付|お送り|申請)(?:して|し)?(?:ください|下さい|願|いただ|頂))"
    r"|添付のうえ|添付の上|添付ください|添付願|添付をお願い|ご添付|御添付"
    # the attachments of a form or a document (転入届の添付書類, 申請書の添付資料): an
    # administrative noun for what accompanies an application, not this mail's file
    r"|(?:届|書|票|証明|申請|申込み?|手続き?)の添付(?:書類|資料|ファイル)?"
    # the password mail that follows an encrypted attachment
    r"|(?:パスワード|暗証番号|解凍キー)(?:は|を(?:お知らせ|ご連絡|連絡|通知|送付|お送り|記載|別)|[:：]|のお知らせ|のご連絡|の通知|です)"
    r"|password (?:is|for|to open)|password:"
    # a disclaimer in the footer: about attachments in general
    r"|機密|誤送信|心当たり|confidential|intended recipient|privileged"
    # an earlier message's attachment, or the other party's
    r"|先ほど|さきほど|先程|前回|以前|先日|昨日|過日|前のメール|前便|前述|既に|すでに|"
    r"いただいた|頂いた|下さった|くださった|いただきました|頂きました|受領|拝受|拝見|"
    r"開けな|開けま|開かな|届いていな|届いておりま|見当たらな|"
    r"previous|earlier|last (?:mail|email|message|week)|yesterday|already|you (?:sent|attached)|your (?:attachment|mail|email)|"
    r"sent (?:you )?(?:before|earlier|separately)",
    re.IGNORECASE,
)
# Sentences that send the file another way or later: a link, a transfer service, a shared
# folder, by post, another mail, a later time before the sending verb (後ほどお送りします,
# 準備ができ次第送付します; not 明日の資料を添付します). They promise nothing for this mail
# unless the same sentence attaches now (資料を添付し、原本は郵送します).
_ELSEWHERE = on_first_use(
    r"ギガファイル|ギガ便|firestorage|宅ふぁいる|データ便|ファイル便|転送サービス|onedrive|one drive|sharepoint|"
    r"box\.com|\bbox\b|dropbox|google\s?drive|グーグルドライブ|wetransfer|we transfer|クラウド|共有フォルダ|"
    r"ダウンロード|リンク|\burl\b|https?://|download|shared? (?:link|folder)|link|別送|別途|郵送|送付いたしません|"
    r"お送りした|送付した|お送りしました|separately|by post"
    r"|別(?:の|な)?メール|別便|次の?メール|後続のメール"
    r"|(?:後ほど|のちほど|後程|追って|明日(?!の)|明朝|明後日(?!の)|後日(?!の)|来週(?!の)|週明け|次第|"
    r"改めて(?=[^。添]{0,30}?(?:お?送り|送付|送信|お届け|お渡し|共有)))"
    r"[^。]{0,30}?(?:お?送り|送付|送信|お届け|お渡し|共有|提出)(?:いた|致|させていただき|させて頂き)?(?:します|する|予定)"
    r"|(?:another|a separate|a later|a follow-up|a second|the next) (?:e-?mail|mail|message)"
    r"|(?:will|'ll|shall) (?:send|forward|share)[^.]{0,40}?\b(?:later|tomorrow|next week|shortly|soon)\b"
    r"|will follow\b|(?:will|'ll) be sent (?:later|tomorrow|shortly|soon)",
    re.IGNORECASE,
)
# The sender attaching a file to this mail now (添付します, 添付いたしました, 添付してお送りします,
# 添付し、…, 添付をご確認ください, please find attached); never the negatives (添付しません).
_ATTACHING_NOW = on_first_use(
    r"添付(?:いたし|致し|し)(?:ます|まし)|添付し[、,]|添付させて(?:いただき|頂き)(?:ます|まし)"
    r"|添付して(?:お送り|送付|送信|提出|ご提出)(?:いたし|致し|し)?(?:ます|まし)"
    r"|添付(?:ファイル|資料|書類)?(?:を|の)ご(?:確認|査収|高覧|参照)|添付の(?:とおり|通り)"
    r"|please find (?:the )?attached|i(?:'ve| have)? attached|i am attaching|i'm attaching|attached (?:is|are|please)|i attach",
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
    - an attachment promised for a later mail: another mail (`別のメールで`, `別便`,
      `in a separate email`) or a later time before the sending verb (`後ほどお送りします`,
      `明日送付します`, `追って`, `準備ができ次第`, `改めてお送りします`, `will send … later`);
      `明日の資料を添付します` and `改めて添付いたします` still promise this mail's file;
    - the attachments of a form or document (`転入届の添付書類に不足があり`, `申請書の添付資料`):
      what accompanies an application, not this mail's file;
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
    - A sentence that names another way or a later mail counts as promising this mail's file
      only when it also attaches in the sender's own words (`資料を添付し、原本は郵送します`,
      `添付してお送りします`, `添付をご確認ください`): other wordings of attaching now beside a
      later sending pass.

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
        if _attached_here(_sentence(line, match.start(), match.end())):
            return match
    return None


def _attached_here(sentence: str) -> bool:
    """Whether a sentence that mentions an attachment says this mail carries it."""
    if _NOT_HERE.search(sentence):
        return False
    return not _ELSEWHERE.search(sentence) or bool(_ATTACHING_NOW.search(sentence))


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
