"""The redactor masks a value only where a text quotes it: the same texts as when every
value was masked up front; ``--show-personal-data`` reports leave every value as written."""

from __future__ import annotations

from mailguard.findings import Verdict
from mailguard.mask import mask_filename, mask_name
from mailguard.model import Address, Attachment, Draft, Field, Recipient
from mailguard.redact import _SPACES, Unmasked, redactor_for
from mailguard.result import MessageResult


def _draft() -> Draft:
    return Draft(
        source="x.eml",
        format="eml",
        raw_digest="0" * 64,
        sender=Address("森 健", "k.mori@example-city.lg.jp"),
        recipients=(
            Recipient(Address("Margaret Thornbury", "m.t@bridgeworks-example.co.jp"), Field.TO),
            Recipient(Address("田中 一郎", "t.ichiro@example-mail.jp"), Field.CC),
        ),
        subject="【蒲生久美子様】検査結果",
        body="本文",
        attachments=(Attachment("田中一郎_診断書.pdf", "application/pdf", 3, b"abc"),),
    )


def _eager(draft: Draft) -> dict[str, str]:
    """The replacements as the first form made them: every mask computed up front."""
    found: dict[str, str] = {}
    for name in ("森 健", "Margaret Thornbury", "田中 一郎", "蒲生久美子"):
        found[name] = mask_name(name)
        for part in _SPACES.split(name):
            if len(part) >= (3 if part.isascii() else 2):
                found.setdefault(part, mask_name(part))
    found["田中一郎_診断書.pdf"] = mask_filename("田中一郎_診断書.pdf")
    return found


def _eager_text(pairs: dict[str, str], text: str) -> str:
    for raw, masked in sorted(pairs.items(), key=lambda pair: -len(pair[0])):
        if raw in text:
            text = text.replace(raw, masked)
    return text


def test_masks_made_where_quoted_are_the_masks_made_up_front() -> None:
    draft = _draft()
    redact = redactor_for(draft)
    eager = _eager(draft)
    texts = [
        "Margaret Thornbury and Margaret",
        "田中 一郎様、田中様、一郎",
        "attachment 田中一郎_診断書.pdf",
        "森 健 より",
        "no names at all",
        "蒲生久美子様",
    ]
    for text in texts:
        assert redact.text(text) == _eager_text(eager, text), text
    assert "蒲生" not in redact.subject(draft.subject)


def test_shown_reports_keep_every_value_as_written() -> None:
    draft = _draft()
    shown = Unmasked()
    assert shown.text("田中 一郎") == "田中 一郎" and shown.name("田中 一郎") == "田中 一郎"
    assert shown.filename(draft.attachments[0].filename) == "田中一郎_診断書.pdf"
    result = MessageResult("x.eml", Verdict.PASS, (), draft)
    data = result.to_dict("en", show_personal_data=True)
    assert "personal_data" not in data and data["subject"] == draft.subject
    assert [r["name"] for r in data["recipients"]] == []  # no parties were grouped
    assert data["attachments"][0]["filename"] == "田中一郎_診断書.pdf"
    masked = result.to_dict("en")
    assert masked["personal_data"] == "masked" and masked["attachments"][0]["filename"] == "田*******.pdf"
