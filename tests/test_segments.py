"""Body segments: realistic Japanese and English replies, HTML quotes through the real
readers, and adversarial input whose cost is checked by structure (characters read), not time."""

from __future__ import annotations

import re
from typing import Any

import msgforge
import pytest

from mailguard.content import segments
from mailguard.content.segments import BodySegments, SegmentKind, segment_body
from mailguard.readers import read_bytes
from reply_samples import SAMPLES, Sample


def _kind_of_each_line(body: str, found: BodySegments) -> list[tuple[str, str]]:
    kinds = []
    position = 0
    for line in body.split("\n"):
        if line.strip():
            segment = next(s for s in found.segments if s.start <= position < s.end)
            kinds.append((segment.kind.value, line))
        position += len(line) + 1
    return kinds


def _assert_covers(text: str, found: BodySegments) -> None:
    assert found.segments[0].start == 0 and found.segments[-1].end == len(text)
    for before, after in zip(found.segments, found.segments[1:], strict=False):
        assert before.end == after.start
    for segment in found.segments:
        if segment.depth == 0:
            assert segment.text == text[segment.start : segment.end]


@pytest.mark.parametrize("sample", SAMPLES, ids=[s.name for s in SAMPLES])
def test_each_line_is_in_the_right_segment(sample: Sample) -> None:
    found = segment_body(sample.body)
    assert _kind_of_each_line(sample.body, found) == sample.expected
    _assert_covers(sample.body, found)
    quoted = [s for s in found.segments if s.depth > 0]
    if sample.author or sample.recipients:
        assert quoted[0].author == sample.author
        assert quoted[0].recipients == sample.recipients


def test_quoted_text_loses_its_prefixes_and_keeps_the_author() -> None:
    found = segment_body("了解です。\n\nOn Mon, A <a@example.jp> wrote:\n> 090-1234-5678\n>> 古い\n")
    assert found.text(SegmentKind.QUOTED).splitlines() == ["On Mon, A <a@example.jp> wrote:", "090-1234-5678", "古い"]
    assert [s.depth for s in found.of(SegmentKind.QUOTED)] == [1, 1, 2]
    assert {s.author for s in found.of(SegmentKind.QUOTED)} == {"a@example.jp"}
    assert found.text(SegmentKind.NEW) == "了解です。\n\n"


def test_an_outlook_header_with_names_only_gives_the_name() -> None:
    body = "確認しました。\n\n差出人: 山田 花子\n送信日時: 2026年11月30日 10:15\n宛先: 市民課\n件名: 申請\n\n申請します。\n"
    quoted = segment_body(body).of(SegmentKind.QUOTED)
    assert quoted[0].author is None and quoted[0].author_name == "山田 花子"


def test_a_quoted_business_signature_is_a_signature_of_its_author() -> None:
    body = (
        "承知しました。\n\n-----Original Message-----\nFrom: 森 <mori@example.co.jp>\nSent: today\n"
        "To: a@city.example.lg.jp\nSubject: x\n\n日程案です。\n\n株式会社サンプル 技術部\n森 健一\nTEL 03-1111-2222\n"
    )
    signature = [s for s in segment_body(body).of(SegmentKind.SIGNATURE) if s.depth]
    assert signature and signature[0].author == "mori@example.co.jp"
    assert "03-1111-2222" in signature[0].text


def test_another_persons_contact_in_the_new_text_stays_new() -> None:
    body = "下記の方です。\n山田 太郎 様\n090-1234-5678\n\nみどり市 福祉課\nTEL 03-5555-0150\n"
    found = segment_body(body)
    assert "090-1234-5678" in found.text(SegmentKind.NEW)
    assert "03-5555-0150" in found.text(SegmentKind.SIGNATURE)


def test_nothing_and_odd_input() -> None:
    assert segment_body("").segments == ()
    for text in ("\n", "\r\n\r\n", ">", "＞＞＞", "--", "On wrote:", "\x00\x85\u2028x"):
        _assert_covers(text, segment_body(text))


def _eml_html(html: str) -> bytes:
    return (
        "From: a@city.example.lg.jp\nTo: b@example.jp\nSubject: re\nMIME-Version: 1.0\n"
        "Content-Type: text/html; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n" + html
    ).encode()


_GMAIL_HTML = (
    "<div>承知しました。</div><br><div class='gmail_quote'><div dir='ltr' class='gmail_attr'>"
    "2026年11月30日(月) 10:15 山田 花子 &lt;hanako@gmail.com&gt;:<br></div>"
    "<blockquote class='gmail_quote'><div>山田です。</div><div>電話は090-1234-5678です。</div>"
    "<blockquote>前のメール</blockquote></blockquote></div>"
)


@pytest.mark.parametrize("source", ["eml", "msg"])
def test_an_html_blockquote_is_quoted_in_eml_and_msg(source: str) -> None:
    if source == "eml":
        draft = read_bytes(_eml_html(_GMAIL_HTML), "reply.eml")
    else:
        message = msgforge.Message(subject="re", html_body=_GMAIL_HTML, to=["hanako@gmail.com"])  # type: ignore[arg-type]
        draft = read_bytes(bytes(message.as_bytes()), "reply.msg")
    found = segment_body(draft.body)
    assert found.text(SegmentKind.NEW).strip() == "承知しました。"
    quoted = found.of(SegmentKind.QUOTED)
    assert "090-1234-5678" in found.text(SegmentKind.QUOTED)
    assert {s.author for s in quoted} == {"hanako@gmail.com"}
    if source == "eml":  # msgforge stores a plain body without the '>' marks, as Outlook does
        assert max(s.depth for s in quoted) == 2


class _Counting:
    """A compiled pattern that records how many characters each call was given."""

    def __init__(self, pattern: re.Pattern[str], read: list[int]) -> None:
        self._pattern = pattern
        self._read = read

    def __getattr__(self, name: str) -> Any:
        method = getattr(self._pattern, name)

        def counted(*args: Any, **kwargs: Any) -> Any:
            strings = [a for a in args if isinstance(a, str)]
            self._read.append(len(strings[-1]) if strings else 0)
            return method(*args, **kwargs)

        return counted


_ADVERSARIAL = {
    "one long word": "a" * 100_000,
    "one long quote marker line": ">" * 100_000,
    "an attribution that never ends": "On " + "x " * 50_000,
    "a rule that never ends": "-" * 100_000,
    "an address that never ends": "From: " + "a." * 50_000,
    "a dated line without its address": "2026/" + "1/" * 50_000 + ":",
    "spaces before a verb": "On" + " " * 100_000 + "wrote:",
    "many headers": "-----Original Message-----\nFrom: a <a@b.jp>\nSent: x\nTo: c@d.jp\n" * 2_500,
    "deep quotes": "\n".join(">" * n + " x" for n in range(1, 400)),
    "many short lines": "a\n" * 50_000,
    "signature-like lines": "TEL 03-1234-5678 課\n" * 5_000,
}


@pytest.mark.parametrize("name", list(_ADVERSARIAL))
def test_adversarial_input_is_read_in_bounded_windows(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every pattern sees at most a window of one line, and the characters read in all grow
    with the input's lines, not with its length squared."""
    text = _ADVERSARIAL[name]
    read: list[int] = []
    for attribute, value in list(vars(segments).items()):
        if isinstance(value, re.Pattern):
            monkeypatch.setattr(segments, attribute, _Counting(value, read))
    found = segment_body(text)
    _assert_covers(text, found)
    assert max(read) <= segments.WINDOW
    lines = text.count("\n") + 1
    assert sum(read) <= 60 * segments.WINDOW * lines * (segments.MAX_DEPTH + 1) and sum(read) <= 40 * len(text) + 60_000
    assert max(s.depth for s in found.segments) <= segments.MAX_DEPTH + 1


# -- the cheap tests that keep a pattern from lines it cannot match ----------------------------

_SIGN_OFF_WORDS = ("best regards", "kind regards", "warm regards", "with best regards", "regards", "many thanks")
_SIGN_OFF_WORDS += ("thanks", "thank you", "sincerely", "yours truly", "cheers", "all the best", "respectfully")
_HEADER_NAMES = ("from", "sent", "date", "to", "cc", "bcc", "subject", "reply-to", "差出人", "送信者", "送信日時")
_HEADER_NAMES += ("送信日", "日時", "日付", "宛先", "件名", "返信先")
_HEADER_LINES = ("-- Forwarded message --", "--- 転送メッセージ ---", "Begin forwarded message:", "転送メッセージ:")
_HEADER_LINES += ("-----Original Message-----", "________________", "---- Forwarded by x", "**From:** x")
_RULE_LINES = ("---", "--", "-- x --", "━━━", "==== 市民課 ====")


def _candidates() -> list[str]:
    """Every character below U+3000 (where case folding maps characters onto ASCII letters:
    ſ, K, İ) and every character the patterns name; not the blanks the gate is read after."""
    named = "".join(p.pattern for p in (segments._FORWARD, segments._HEADER_FIELD, segments._SEPARATOR))
    return sorted(({chr(code) for code in range(0x3000)} | set(named)) - set(" \t\u3000"))


def _lines_starting_with(first: str, samples: tuple[str, ...]) -> list[str]:
    return [first + sample[1:] for sample in samples] + [first * 3, first + first + " x " + first + first]


@pytest.mark.parametrize(
    ("gate", "patterns", "samples"),
    [
        (segments._SIGN_OFF_STARTS, ("_SIGN_OFF",), _SIGN_OFF_WORDS),
        (segments._SEPARATOR_STARTS, ("_SEPARATOR",), _RULE_LINES),
        (
            segments._HEADER_STARTS,
            ("_FORWARD", "_ORIGINAL", "_RULE_BEFORE_HEADER", "_HEADER_FIELD"),
            tuple(f"{name}: x" for name in _HEADER_NAMES) + _HEADER_LINES,
        ),
    ],
)
def test_first_character_gates_pass_every_line_their_patterns_match(
    gate: frozenset[str], patterns: tuple[str, ...], samples: tuple[str, ...]
) -> None:
    """A line is kept from a pattern by its first character only when the pattern could not
    match it: each sample line, with every candidate first character, matches only with a
    character of the gate (the samples themselves match, so the test is not empty)."""
    compiled = [getattr(segments, name) for name in patterns]
    assert any(p.match(" " + sample) for sample in samples for p in compiled)
    for first in _candidates():
        for line in _lines_starting_with(first, samples):
            if first not in gate:
                assert not any(p.match(line) for p in compiled), (first, line)


def test_only_these_first_characters_may_start_on() -> None:
    """``On …`` is found after str.lstrip(): besides o and O, any blank it strips that the
    line patterns' own blanks do not may stand first."""
    blanks = {chr(code) for code in range(0x110000) if chr(code).isspace()} - set(" \t\u3000\r\n")
    assert frozenset("oO") | blanks == segments._MAY_START_ON
    assert {chr(code) for code in range(0x110000) if chr(code).lower().startswith("o")} == {"o", "O"}


@pytest.mark.parametrize("body", [s.body for s in SAMPLES] + list(_ADVERSARIAL.values())[:6])
def test_line_end_tests_agree_with_their_patterns(body: str) -> None:
    """The colon and sentence-end tests read a line's end only, with the patterns' answers."""
    for line in body.splitlines()[:400]:
        for variant in (line, line.strip(), line + "\n", line + " ：", line + "です）"):
            assert segments._ends_sentence(variant) == bool(segments._SENTENCE_END.search(variant))
            if segments._ATTRIBUTION.match(variant[: segments.WINDOW]):
                assert segments._ends_with_colon(variant[: segments.WINDOW])


@pytest.mark.parametrize(
    "details",
    [
        "氏名：山田 花子\n住所：〒100-0021 東京都えがお市北町2-8-14 グリーンハイツ203号室\n電話：090-1234-5678\n",
        "〒100-0021 東京都えがお市北町2-8-14 グリーンハイツ203号室\n090-1234-5678\n",
        "山田 花子 様\n住所：〒383-7663 埼玉県袖ケ浦市二つ室11丁目16番1号\n電話：070-3942-6268\n",
    ],
)
def test_a_persons_details_ending_the_mail_are_new_text_not_a_signature(details: str) -> None:
    """A name label or 様 above the contact lines, or a room number (号室) as the only thing
    that looks like an office: the last paragraph is somebody's details, read by the
    personal-data rules (it used to be taken for the sender's signature and skipped)."""
    body = "お疲れさまです。\n来週訪問するご家庭です。\n\n" + details
    found = segment_body(body)
    assert not found.of(SegmentKind.SIGNATURE)
    assert details in found.text(SegmentKind.NEW)


def test_a_signature_under_the_closing_line_is_still_a_signature() -> None:
    body = "点検は1月13日にお願いします。\n引き続きよろしくお願いいたします。\nえがお市 ごみ減量推進課 森 健一\nTEL 03-5555-0191\n"
    found = segment_body(body)
    assert found.text(SegmentKind.SIGNATURE) == "えがお市 ごみ減量推進課 森 健一\nTEL 03-5555-0191\n"


def test_a_persons_details_between_rules_are_new_text_and_a_short_signature_stays_one() -> None:
    bar = "━" * 20
    details = f"{bar}\n山田 花子\n〒100-0021 東京都えがお市北町2-8-14\n090-1234-5678\n{bar}\n"
    found = segment_body("先ほどの方の連絡先です。\n\n" + details)
    assert not found.of(SegmentKind.SIGNATURE)
    signature = f"{bar}\n森 健一\nTEL 03-5555-0181\n{bar}\n"
    found = segment_body("立会いは1月20日でお願いします。\n\n" + signature)
    assert found.text(SegmentKind.SIGNATURE) == signature
