"""The message identity: one digest over what the recipients receive.

Every decision (an acknowledgement, a second person's approval, a gateway's release) and
every finding id binds to this digest, so it must stay the same when a message is merely
re-serialised (Python's ``email`` package, Outlook, Exchange or a gateway rewrite line
endings, fold headers again, reorder header fields, re-encode a part from base64 to
quoted-printable or an encoded-word from B to Q) and change whenever what arrives changes.

What it covers, field by field (a version tag first, so the form can evolve):

- the sender (From: address, display name);
- the recipients by field (To, Cc, Bcc: which includes envelope recipients the headers do
  not show, see :mod:`mailguard.shells.smtp`), Reply-To and Resent-* addresses; within a
  field the order does not matter, the multiset does;
- the subject and the body as decoded text (line endings made ``\\n``, trailing blanks and
  final empty lines dropped, runs of blanks in headers made one space, Unicode NFC, and the
  half a dozen characters that Shift_JIS/CP932 and ISO-2022-JP converters map differently,
  such as WAVE DASH and FULLWIDTH TILDE, made one);
- each attachment's file name, media type and SHA-256 of its decoded content; an attached
  message by its own identity (so re-serialising the outer message does not change it).

What it does not cover: other header fields (Date, Message-ID, Received, X-Mailer: a
resend or a gateway changes them), transfer encodings, and the HTML alternative of a
message that also has a plain-text part (mailguard reads the text part; README, "Output
formats").

The raw-bytes SHA-256 is kept beside it (``Draft.raw_digest``, the manifest's
``raw_sha256``) to prove which bytes were checked.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mailguard.model import Address, Attachment, Draft

IDENTITY_VERSION = "mailguard-message-identity/1"
_SALT_TAG = b"mailguard-finding-salt/1\n"
_IDENTITY_TAG = b"mailguard-message-identity/1\n"

# Characters that Japanese converters disagree on (JIS X 0208 vs CP932 mappings): a message
# written in CP932 and re-encoded as ISO-2022-JP may come back with the other code point.
_JIS_FOLD = str.maketrans(
    {
        "\uff5e": "\u301c",  # FULLWIDTH TILDE -> WAVE DASH
        "\u2225": "\u2016",  # PARALLEL TO -> DOUBLE VERTICAL LINE
        "\uff0d": "\u2212",  # FULLWIDTH HYPHEN-MINUS -> MINUS SIGN
        "\uffe0": "\u00a2",  # FULLWIDTH CENT SIGN -> CENT SIGN
        "\uffe1": "\u00a3",  # FULLWIDTH POUND SIGN -> POUND SIGN
        "\uffe2": "\u00ac",  # FULLWIDTH NOT SIGN -> NOT SIGN
    }
)
_TRAILING = re.compile(r"(?<![ \t\u3000])[ \t\u3000]+$", re.MULTILINE)  # from a run's start: linear


_JIS_FOLDED = tuple(chr(code) for code in _JIS_FOLD)


def _text(value: str) -> str:
    if value.isascii():  # addresses, most names and file names: NFC and the folds keep them
        return value
    value = unicodedata.normalize("NFC", value)
    # str.translate looks every character up in the table (34 us for a 150-character
    # body); a few substring searches say first whether any of the six is there at all.
    for folded in _JIS_FOLDED:
        if folded in value:
            return value.translate(_JIS_FOLD)
    return value


def header_text(value: str) -> str:
    """A decoded header value as recipients read it: folding and blank runs do not count.

    ``split()`` breaks at exactly the characters the first form's ``re.sub(r"\\s+", " ")``
    and ``strip()`` took as blanks (tests/test_identity.py checks every code point)."""
    return " ".join(_text(value).split())


def body_text(value: str) -> str:
    """A decoded body: line endings, trailing blanks and final empty lines do not count."""
    text = _text(value).replace("\r\n", "\n").replace("\r", "\n")
    if _has_trailing_blanks(text):
        text = _TRAILING.sub("", text)
    return text.rstrip("\n")


def _has_trailing_blanks(text: str) -> bool:
    """Whether any line ends in blanks: exactly where ``_TRAILING`` (blanks before the end of
    a line or of the text) matches, found by substring searches instead of a scan (each of
    ``_LINE_BLANKS`` before a line break, written out: no generator a message)."""
    return text.endswith(_LINE_BLANKS) or " \n" in text or "\t\n" in text or "\u3000\n" in text


_LINE_BLANKS = (" ", "\t", "\u3000")


def _address(address: str) -> str:
    """The domain is case-insensitive; the local part is kept as written (RFC 5321)."""
    local, at, domain = address.strip().rpartition("@")
    return f"{local}@{domain.lower().rstrip('.')}" if at else address.strip()


def _mailbox(mailbox: Address | None) -> list[str] | None:
    if mailbox is None:
        return None
    return [_address(mailbox.address), header_text(mailbox.name)]


def _mailboxes(mailboxes: Iterable[Address]) -> list[list[str]]:
    return sorted(e for e in map(_mailbox, mailboxes) if e is not None)


def canonical_form(draft: Draft) -> dict[str, Any]:
    """The structure the identity hashes (tests and ``mailguard`` debugging print it)."""
    fields: dict[str, list[list[str]]] = {}
    for recipient in draft.recipients:
        entry = _mailbox(recipient.mailbox)
        assert entry is not None
        fields.setdefault(str(recipient.field), []).append(entry)  # the StrEnum's value
    return {
        "v": IDENTITY_VERSION,
        "from": _mailbox(draft.sender),
        "recipients": {name: sorted(entries) for name, entries in sorted(fields.items())},
        "reply_to": _mailboxes(draft.reply_to) if draft.reply_to else [],
        "resent": _mailboxes(draft.resent_recipients) if draft.resent_recipients else [],
        "subject": header_text(draft.subject),
        "body": body_text(draft.body),
        "attachments": sorted(map(_attachment, draft.attachments)),
    }


def _attachment(attachment: Attachment) -> list[str]:
    """File name, media type and content: an attached message by its own identity (memoised
    on its draft), any other file by the digest of its bytes (memoised on the attachment)."""
    message = attachment.message
    return [
        header_text(attachment.filename),
        attachment.media_type.strip().lower(),
        message.digest if message is not None else attachment.sha256,
    ]


# One encoder for every message (``json.dumps`` with options builds a new one per call); no
# circular-reference bookkeeping: the canonical form is plain lists, dicts and strings.
_CANONICAL = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"), check_circular=False)


def _canonical_bytes(draft: Draft) -> bytes:
    return _CANONICAL.encode(canonical_form(draft)).encode("utf-8", "surrogatepass")


def digests(draft: Draft) -> tuple[str, str]:
    """(identity, finding salt) from one canonical serialisation (``Draft`` memoises both)."""
    form = _canonical_bytes(draft)
    return hashlib.sha256(_IDENTITY_TAG + form).hexdigest(), hashlib.sha256(_SALT_TAG + form).hexdigest()


def message_identity(draft: Draft) -> str:
    """The message identity (64 hex digits): ``Draft.digest`` and every decision bind to it."""
    return hashlib.sha256(_IDENTITY_TAG + _canonical_bytes(draft)).hexdigest()


def finding_salt(draft: Draft) -> str:
    """A second digest of the same canonical form, never written anywhere.

    Finding ids are keyed with it: anyone who holds the message (the sender, the approver, a
    gateway) computes the same ids, while someone who holds only a report (whose ``digest`` is
    the public identity) cannot try candidate values against an id.
    """
    return hashlib.sha256(_SALT_TAG + _canonical_bytes(draft)).hexdigest()
