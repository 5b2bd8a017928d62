"""Body segments: one reading of a message body that every rule shares.

A careful colleague reads a reply in parts: who it is addressed to (the salutation), what the
sender writes now (the new text), the sender's signature, and the earlier messages quoted or
forwarded below it, each written by someone else to someone else. Rules that read the whole
body as one text mistake the office's own ``TEL 03-…`` in the signature for a citizen's phone
number, and a resident's own message quoted back to her for a leak (issue 13).

:func:`segment_body` splits a text into :class:`Segment` s of five kinds:

- ``SALUTATION``: the addressee block at the top (``株式会社サンプル 営業部\\n山田 太郎 様``,
  ``Dear Ms. Smith,``), also the head of a first line such as ``山田様、いつも…``;
- ``NEW``: the sender's own new text;
- ``SIGNATURE``: a signature block: after a rule line (``--``, ``━━━``, ``＝＝＝``, ``──``,
  ``*****``), after an English sign-off (``Best regards,``), or a trailing block of name,
  department and 〒/TEL/FAX/E-mail lines. A quoted message's signature is a ``SIGNATURE`` too,
  with the quoted author and ``depth`` ≥ 1;
- ``QUOTED``: earlier messages: ``>`` / ``＞`` lines (depth = nesting), Outlook's
  ``-----Original Message-----`` and the header blocks English and Japanese Outlook write
  (``From:/Sent:/To:/Subject:``, ``差出人:/送信日時:/宛先:/件名:``), ``On … wrote:``,
  ``2026/11/30 10:15、森 健一 <…> のメッセージ:``, ``… さんは書きました:``, Gmail's
  ``2026年11月30日(月) 10:15 森 健一 <…>:``; everything below an unprefixed header is quoted
  (top posting), while text after a ``>`` run is the sender's again (interleaved replies);
- ``FORWARDED``: forwarded messages (``---------- Forwarded message ---------``,
  ``-------- 転送メッセージ --------``, ``Begin forwarded message:``, ``転送されたメッセージ:``).

A quoted or forwarded segment carries the author's address and the addresses of the header
block's To/Cc where the text writes them: the personal-data rules use them to tell a reply
that quotes a resident's own message back to her (no leak) from a forward of the same text to
a contractor (#15).

HTML bodies: :func:`mailguard.readers.html.to_text` writes ``blockquote`` content as ``> ``
lines, so a quoted HTML reply is segmented like a plain one.

Offsets: ``start``/``end`` are offsets into the text given to :func:`segment_body`; a
segment's ``text`` is ``text[start:end]`` with the quote prefixes of its depth removed from
each line. :attr:`mailguard.rules.Context.segments` segments the NFKC-normalised body, the
text the detectors read, so the patterns here accept both full-width and ASCII forms.

Linear time: the text is read line by line; every pattern is anchored and applied to at most
:data:`WINDOW` characters of one line (a marker line is never longer), with bounded
repetitions instead of open ``\\s*`` runs, and quote nesting is followed to at most
:data:`MAX_DEPTH` levels. Nothing here raises on any input.

Libraries measured first (``scripts/measure_reply_parsers.py`` on the 25 replies and forwards
of ``tests/reply_samples.py``, 17 Japanese and 8 English; *quotes* = every line of the
sender's own text kept and no quoted line; *new* = exactly the salutation and new text kept):

======================  ===========  ======  ===========  ======
library (licence)       ja quotes    ja new  en quotes    en new
======================  ===========  ======  ===========  ======
email-reply-parser MIT  7/17         3/17    4/8          5/8
mail-parser-reply MIT   10/17        2/17    5/8          4/8
quotequail MIT          7/17         1/17    1/8          0/8
talon Apache-2.0        10/17        2/17    5/8          4/8
======================  ===========  ======  ===========  ======

None is adopted: they miss Outlook's Japanese header (差出人/送信日時/宛先/件名), Apple's
``…のメール:``, ``さんは書きました:``, ``＞`` quotes, ``転送メッセージ``, and every Japanese
signature (rule lines of ━ ＊ ─, or a 〒/TEL block without one); none gives the quoted
author's address *and* the header block's recipients, which the personal-data rules need; none
gives offsets; talon also pulls in scikit-learn and numpy. (These segments get all 25 right,
but the samples were written alongside them: the evaluation set in ``tests/eval/`` is the
fairer measure.)
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from itertools import accumulate

WINDOW = 400  # characters of one line that any pattern reads
MAX_DEPTH = 8  # quote nesting followed; deeper lines stay at this depth
_SIG_MAX_LINES = 20  # a signature is at most this many non-blank lines
_SALUTATION_LINES = 6  # the addressee block is within the first non-blank lines


class SegmentKind(StrEnum):
    SALUTATION = "salutation"
    NEW = "new"
    SIGNATURE = "signature"
    QUOTED = "quoted"
    FORWARDED = "forwarded"


@dataclass(frozen=True, slots=True)
class Segment:
    """A part of the body: its kind, text (quote prefixes removed) and span in the body."""

    kind: SegmentKind
    text: str
    start: int
    end: int
    author: str | None = None  # the quoted/forwarded author's address, where written
    recipients: tuple[str, ...] = ()  # addresses in a quoted/forwarded header's To/Cc
    depth: int = 0  # quote nesting: 0 is the sender's own text
    author_name: str = ""  # the author's name where the text writes one (差出人: 山田 花子)


@dataclass(frozen=True, slots=True)
class BodySegments:
    """The segments of one body, in order; together they cover the whole text."""

    segments: tuple[Segment, ...]

    def of(self, *kinds: SegmentKind) -> tuple[Segment, ...]:
        """Segments of those kinds (all segments when none is named), in order."""
        return tuple(s for s in self.segments if not kinds or s.kind in kinds)

    def text(self, *kinds: SegmentKind) -> str:
        """The joined text of segments of those kinds, in order."""
        return "".join(s.text for s in self.of(*kinds))

    @property
    def own(self) -> tuple[Segment, ...]:
        """The sender's own segments (salutation, new text, signature at depth 0)."""
        return tuple(s for s in self.segments if s.depth == 0)


# -- line patterns (each applied to at most WINDOW characters of one line) -----------------

_SP = r"[ \t\u3000]"
# The same one character where a line seldom gets (after a pattern's first distinctive
# character: a dash run, a keyword, a colon, an honorific), written as two branches: a class
# of U+3000 and two more runs costs the compiler a 64K-entry table each time it is written
# (~0.1 ms; `re` joins `[ \t]|\u3000` back into that class, `\u3000{1}` it keeps). Where
# every line gets (a pattern's leading blanks, after a lazy run over the line) the class
# stays: it matches in one step.
_GAP = r"(?:[ \t]|\u3000{1})"
_QUOTE_PREFIX = re.compile(rf"{_SP}{{0,3}}[>＞]{_SP}?")
_ORIGINAL = re.compile(
    rf"{_SP}{{0,4}}[-－]{{2,40}}{_GAP}{{0,3}}(?:original{_GAP}{{1,3}}message|元のメッセージ|オリジナル{_GAP}?メッセージ)"
    rf"{_GAP}{{0,3}}[-－]{{2,40}}{_GAP}{{0,4}}$",
    re.IGNORECASE,
)
_FORWARD = re.compile(
    rf"{_SP}{{0,4}}(?:[-－]{{2,40}}{_GAP}{{0,3}}(?:forwarded{_GAP}{{1,3}}message|転送メッセージ|転送されたメッセージ|"
    rf"転送済みメッセージ)[^\n]{{0,120}}?[-－]{{0,40}}{_GAP}{{0,4}}$"
    rf"|begin{_GAP}{{1,3}}forwarded{_GAP}{{1,3}}message{_GAP}{{0,2}}[:：]{_GAP}{{0,4}}$"
    rf"|転送(?:された|する)?メッセージ{_GAP}{{0,2}}[:：]{_GAP}{{0,4}}$"
    rf"|[-－]{{3,40}}{_GAP}{{0,3}}forwarded{_GAP}by{_GAP}[^\n]{{1,160}}$)",
    re.IGNORECASE,
)
_RULE_BEFORE_HEADER = re.compile(rf"{_SP}{{0,4}}[_＿]{{8,}}{_GAP}{{0,4}}$")
_HEADER_FIELD = re.compile(
    rf"{_SP}{{0,4}}\*{{0,2}}(?P<name>from|sent|date|to|cc|bcc|subject|reply-to|差出人|送信者|送信日時|送信日|日時|日付|"
    rf"宛先|件名|返信先)\*{{0,2}}{_GAP}{{0,2}}[:：]\*{{0,2}}{_GAP}{{0,4}}(?P<value>[^\n]{{0,{WINDOW}}})",
    re.IGNORECASE,
)
_FROM_NAMES = frozenset({"from", "差出人", "送信者"})
_TO_NAMES = frozenset({"to", "cc", "宛先"})
# "On Mon, 30 Nov 2026, 森 健一 <mori@…> wrote:", "森 健一 さんは書きました:", Apple's
# "2026/11/30 10:15、森 健一 <…> のメッセージ:", Gmail's "2026年11月30日(月) 10:15 森 健一 <…>:".
_ATTRIBUTION = re.compile(
    rf"{_SP}{{0,4}}(?P<who>[^\n]{{2,{WINDOW}}}?){_SP}{{0,3}}(?:wrote|schrieb|a{_SP}écrit|さんは書きました|は書きました|"
    rf"が書きました){_GAP}{{0,2}}[:：]{_GAP}{{0,4}}$"
    rf"|{_SP}{{0,4}}(?P<apple>[^\n]{{0,40}}?\d[^\n]{{1,{WINDOW}}}?){_SP}{{0,3}}(?:のメッセージ|からのメッセージ|のメール|からのメール)"
    rf"{_GAP}{{0,2}}[:：]{_GAP}{{0,4}}$"
    rf"|{_SP}{{0,4}}(?P<dated>(?:\d{{4}}|[０-９]{{4}})[年/／\-][^\n]{{2,{WINDOW}}}?<?[^<>\s]{{1,200}}@[^<>\s:：]{{1,200}}>?)"
    rf"{_GAP}{{0,3}}[:：]{_GAP}{{0,4}}$",
    re.IGNORECASE,
)
_ON_START = re.compile(rf"{_SP}{{0,4}}on{_GAP}", re.IGNORECASE)
_ADDRESS = re.compile(r"[\w.+\-]{1,64}@[\w\-]{1,63}(?:\.[\w\-]{1,63}){1,8}")
_NAME_BEFORE_ADDRESS = re.compile(r"^(?P<name>[^<>@\n]{1,120}?)\s{0,3}(?:<|\[mailto:|$)")
_SEPARATOR = re.compile(
    rf"{_SP}{{0,4}}(?:--{_GAP}?|[-－=＝━─―_＿*＊~～〜■□◆◇◎☆★+＋#]{{3,}}[^\n]{{0,60}}?|"
    rf"[-－=＝━─―*＊~～〜■□◆◇◎☆★]{{2,}}{_GAP}{{0,3}}[^\n]{{1,40}}?{_GAP}{{0,3}}[-－=＝━─―*＊~～〜■□◆◇◎☆★]{{2,}})"
    rf"{_SP}{{0,4}}$"
)
_SIGN_OFF = re.compile(
    rf"{_SP}{{0,4}}(?:best{_GAP}regards|kind{_GAP}regards|warm{_GAP}regards|with{_GAP}(?:best|kind){_GAP}regards|regards|"
    rf"best{_GAP}wishes|best|many{_GAP}thanks|thanks{_GAP}(?:again|in{_GAP}advance)|thanks|thank{_GAP}you|sincerely|"
    rf"yours{_GAP}(?:sincerely|faithfully|truly)|cheers|all{_GAP}the{_GAP}best|respectfully)[,.!]?{_GAP}{{0,4}}$",
    re.IGNORECASE,
)
_CONTACT = re.compile(
    r"(?<![a-z])(?:tel|phone|fax|mobile|e-?mail|mail|url|web)(?![a-z])|電話|ＴＥＬ|ＦＡＸ|ファクス|ファックス|〒|メール|内線|直通|携帯|"
    r"https?:|www\.|@",
    re.IGNORECASE,
)
_ORGANISATION = re.compile(
    r"[課係局部]|(?<!号)室|センター|株式会社|有限会社|合同会社|\(株\)|（株）|㈱|市役所|区役所|町役場|村役場|役場|役所|事務所|"
    r"事務局|協会|法人|組合|学校|大学|病院|クリニック|研究所|支所|支店|本社|営業所|"
    r"\b(?:inc|ltd|llc|co|corp|corporation|company|department|dept|division|office|city|university|school)\b",
    re.IGNORECASE,
)
# Lines about another person end the signature: "山田様 090-…", "氏名: …", "生年月日 …".
_PERSONAL_LINE = re.compile(
    r"様|さん|殿|氏名|申請者|本人|生年月日|誕生日|マイナンバー|個人番号|保護者|被保険者|自宅|カード|旅券|パスポート|"
    r"免許証|保険証|病名|診断"
)
# A home address (a postal code) or a mobile number: what a person's details carry and an
# office's signature shows only beside the office's name.
_PRIVATE_CONTACT = re.compile(r"〒|(?<!\d)0[789]0[-－ ]?\d{4}[-－ ]?\d{4}(?!\d)")
_SENTENCE_END = re.compile(r"(?:[。．！？!?]|です|ます|ました|ません|ください|下さい)[)）」』]?$")
_HONORIFIC_END = re.compile(
    r"(?<!疲れ)(?<!苦労)(?<!世話)(?:様|さま|殿|御中|各位|先生|さん|くん|君|ちゃん|皆様|皆さま|皆さん|みなさま|みなさん|ご一同様|御一同様|部長|課長|係長|所長|室長|局長|社長|会長|校長|院長|理事長|教授)"
    rf"{_GAP}{{0,2}}[、,，。.:：!！]?{_GAP}{{0,4}}$"
)
_EN_SALUTATION = re.compile(
    rf"{_SP}{{0,4}}(?:dear|hi|hello|hey|greetings|attn\.?|attention|to{_GAP}whom){_GAP}[^\n]{{1,80}}?[,:!]?{_GAP}{{0,4}}$"
    rf"|{_SP}{{0,4}}(?:hi|hello|hey|dear{_GAP}all)[,!]?{_GAP}{{0,4}}$",
    re.IGNORECASE,
)
_HEAD_SALUTATION = re.compile(
    rf"{_SP}{{0,4}}[^\n、,，。]{{1,40}}?(?:様|さま|殿|御中|各位|先生|さん){_GAP}{{0,2}}[、,，]"
)


# -- lines ------------------------------------------------------------------------------------


class _Level:
    """The lines of one quote level and the text they index into. Line ``i`` spans
    ``starts[i]:ends[i]`` of the text (with its newline) and its content at this depth
    begins at ``contents[i]`` (after the prefixes of the outer levels): three lists of
    offsets rather than an object per line of every level, which were built only to be read.

    Each line's first WINDOW characters are cut once (every pattern reads only those) and
    stripped once (the salutation, signature and blank-line tests all read the stripped
    line, several times). ``contiguous``: each line follows the one before and has no quote
    prefix (the body's own lines, and a top-posted message's under them), so a run of lines
    is one slice."""

    def __init__(
        self,
        text: str,
        spans: tuple[list[int], list[int], list[int]],
        contiguous: bool = False,
        heads: list[str] | None = None,
    ) -> None:
        self.text = text
        self.starts, self.ends, self.contents = spans
        self.contiguous = contiguous
        if heads is None:
            cut = zip(self.contents, self.ends, strict=True)
            heads = [text[content : min(end, content + WINDOW)].rstrip("\r\n") for content, end in cut]
        self.heads = heads
        self.stripped = [head.strip() for head in heads]

    @classmethod
    def of_text(cls, text: str) -> _Level:
        """The body's own level: its lines, and their heads cut from the very pieces the
        lines are measured from."""
        pieces = text.splitlines(keepends=True)
        ends = list(accumulate(map(len, pieces)))
        starts = [0, *ends][:-1]
        return cls(text, (starts, ends, starts), contiguous=True, heads=[p[:WINDOW].rstrip("\r\n") for p in pieces])

    def lines(self, first: int, last: int) -> _Level:
        """Lines [first, last) as a level of their own (a quoted message's)."""
        spans = (self.starts[first:last], self.ends[first:last], self.contents[first:last])
        return _Level(self.text, spans, self.contiguous, self.heads[first:last])

    def __len__(self) -> int:
        return len(self.starts)

    def head(self, index: int) -> str:
        return self.heads[index]

    def blank(self, index: int) -> bool:
        return not self.stripped[index]

    def quoted(self, index: int) -> re.Match[str] | None:
        head = self.heads[index]
        return _QUOTE_PREFIX.match(head) if head[:5].lstrip(" \t\u3000")[:1] in _QUOTE_CHARS else None

    def structure_lines(self, first: int, last: int) -> list[int]:
        """The lines of [first, last) that may start a structure, found in one pass so that
        the patterns run on those alone (most lines of most bodies are plain text): every
        marker, header field and attribution has a colon, starts with a rule character or
        '>', or starts with 'On '."""
        found = []
        for index in range(first, last):
            head = self.heads[index]
            lead = head.lstrip(" \t\u3000")[:1]
            if lead and (
                lead in _MARKER_STARTS or ":" in head or "：" in head or (lead in _MAY_START_ON and _on(head))
            ):
                found.append(index)
        return found


_QUOTE_CHARS = frozenset(">＞")
_MARKER_STARTS = frozenset(">＞-－_＿")
# A line whose first character after the blanks is none of these cannot start with "On ":
# only O and o lower to an o, and another blank first may hide one behind it.
# (What str.isspace() counts besides " \t\u3000" and the line ends \r and \n.)
_OTHER_BLANKS = "\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f"
_MAY_START_ON = frozenset("oO" + _OTHER_BLANKS)


def _on(head: str) -> bool:
    """An attribution's "On …" start (the wrapped ``On … wrote:``)."""
    return head[:7].lstrip().lower().startswith("on ")


def _lead(line: str) -> str:
    """The first character after the blanks every line pattern allows before its start."""
    return line.lstrip(" \t\u3000")[:1]


# What the first character after the leading blanks must be for a pattern to match; a line
# starting otherwise is not given to it. tests/test_segments.py checks each set against its
# patterns for every character below U+3000 and every character the patterns name, case
# folding included (ſ is an s, K a k).
# _FORWARD, _ORIGINAL, _RULE_BEFORE_HEADER and _HEADER_FIELD:
_HEADER_STARTS = frozenset("-－_＿*fFsSſdDtTcCbBrR転差送日宛件返")
_SIGN_OFF_STARTS = frozenset("bBkK\u212awWrRmMtTsSſyYcCaA")  # _SIGN_OFF
_SEPARATOR_STARTS = frozenset("-－=＝━─―_＿*＊~～〜■□◆◇◎☆★+＋#")  # _SEPARATOR


def _ends_with_colon(line: str) -> bool:
    """Whether a line may be an attribution: all three forms end with a colon and blanks
    (and ``$`` allows a final newline), so a line ending otherwise is not given to them."""
    return line.rstrip(" \t\u3000\n")[-1:] in (":", "：")


def _ends_sentence(line: str) -> bool:
    """``_SENTENCE_END`` on the line's last characters: its match (an ending, a bracket, and
    the end or a final newline) is at most six characters long and looks at nothing before
    itself, so the tail gives the same answer as the whole line, which ``search`` would
    scan from every position."""
    return _SENTENCE_END.search(line[-8:]) is not None


def _segment(
    level: _Level,
    first: int,
    last: int,
    kind: SegmentKind,
    depth: int,
    author: str | None = None,
    recipients: tuple[str, ...] = (),
    author_name: str = "",
) -> Segment:
    """A segment over lines [first, last) of a level."""
    start, end = level.starts[first], level.ends[last - 1]
    if level.contiguous:  # no prefix to take off: the text is the span itself
        return Segment(kind, level.text[start:end], start, end, author, recipients, depth, author_name)
    spans = zip(level.contents[first:last], level.ends[first:last], strict=True)
    text = "".join(level.text[content:line_end] for content, line_end in spans)
    return Segment(kind, text, start, end, author, recipients, depth, author_name)


# -- authors and header blocks ------------------------------------------------------------------


def _address_in(value: str) -> str | None:
    match = _ADDRESS.search(value[:WINDOW])
    return match.group(0).lower() if match else None


def _name_in(value: str) -> str:
    value = value.strip().strip("\"'")
    if "@" in value and "<" not in value and "[mailto:" not in value:
        return ""
    match = _NAME_BEFORE_ADDRESS.match(value)
    return match.group("name").strip().strip("\"'") if match else ""


@dataclass(frozen=True, slots=True)
class _Header:
    """A quoted or forwarded message's header: where its body begins, and who wrote to whom."""

    body: int
    kind: SegmentKind
    author: str | None
    author_name: str
    recipients: tuple[str, ...]


def _fields(level: _Level, index: int, last: int) -> tuple[int, dict[str, list[str]]]:
    """Header fields from line ``index`` on (one blank line may precede them): (the first
    line after them, {field: values})."""
    fields: dict[str, list[str]] = {}
    position = index
    if position < last and level.blank(position):
        position += 1
    while position < last:
        match = _HEADER_FIELD.match(level.head(position))
        if not match:
            break
        fields.setdefault(match.group("name").lower(), []).append(match.group("value"))
        position += 1
    return (position if fields else index), fields


def _header_from(fields: dict[str, list[str]], body: int, kind: SegmentKind) -> _Header:
    written_by = next((v for name in _FROM_NAMES for v in fields.get(name, ())), "")
    recipients: list[str] = []
    for name, values in fields.items():  # in the order the header writes them
        for value in values if name in _TO_NAMES else ():
            recipients += [m.group(0).lower() for m in _ADDRESS.finditer(value[:WINDOW])]
    return _Header(body, kind, _address_in(written_by), _name_in(written_by), tuple(dict.fromkeys(recipients)))


def _is_field_block(level: _Level, index: int, last: int) -> bool:
    """A ``From:``/``差出人:`` line followed by at least two more header fields (Outlook)."""
    match = _HEADER_FIELD.match(level.head(index))
    if not match or match.group("name").lower() not in _FROM_NAMES:
        return False
    _, fields = _fields(level, index, min(last, index + 8))
    return len(fields) >= 3


def _attribution(level: _Level, index: int, last: int) -> tuple[int, str] | None:
    """An attribution line (``On … wrote:``), possibly wrapped onto a second line: (lines it
    takes, its text)."""
    line = level.head(index)
    if _ends_with_colon(line) and _ATTRIBUTION.match(line):
        return 1, line
    if index + 1 < last and _ON_START.match(line) and not level.quoted(index + 1):
        joined = line.rstrip() + " " + level.stripped[index + 1]
        if _ends_with_colon(joined[:WINDOW]) and _ATTRIBUTION.match(joined[:WINDOW]):
            return 2, joined
    return None


def _header_at(level: _Level, index: int, last: int) -> _Header | None:
    """The header of an unprefixed quoted or forwarded message starting at ``index``."""
    line = level.head(index)
    if _lead(line) not in _HEADER_STARTS:
        return None  # none of the header patterns can start here
    if _FORWARD.match(line) or _ORIGINAL.match(line):
        kind = SegmentKind.FORWARDED if _FORWARD.match(line) else SegmentKind.QUOTED
        body, fields = _fields(level, index + 1, last)
        return _header_from(fields, max(body, index + 1), kind)
    if _RULE_BEFORE_HEADER.match(line) and index + 1 < last and _is_field_block(level, index + 1, last):
        body, fields = _fields(level, index + 1, last)
        return _header_from(fields, body, SegmentKind.QUOTED)
    if _is_field_block(level, index, last):
        body, fields = _fields(level, index, last)
        return _header_from(fields, body, SegmentKind.QUOTED)
    return None


# -- the sender's own text: salutation, new text, signature --------------------------------------


def _salutation_end(level: _Level, first: int, last: int) -> int:
    """The line after the addressee block at the top, or ``first`` when there is none."""
    end = first
    seen = 0
    for index in range(first, last):
        line = level.stripped[index]
        if not line:
            if end > first:
                break
            continue
        seen += 1
        if seen > _SALUTATION_LINES or len(line) > 60 or _ends_sentence(line):
            break
        if _HONORIFIC_END.search(line) or _EN_SALUTATION.match(line):
            end = index + 1
    return end


def _signature_like(line: str) -> bool:
    return len(line) <= 80 and not _PERSONAL_LINE.search(line) and not _ends_sentence(line)


def _signature_start(level: _Level, first: int, last: int) -> int:
    """Where a signature begins within lines [first, last), or ``last`` when there is none.

    The lowest rule line or sign-off whose block below reads like a signature wins (a rule
    line higher up may divide sections of the new text), extended up to a framing rule."""
    stripped = level.stripped
    content = [i for i in range(first, last) if stripped[i]]
    tail = content[-(_SIG_MAX_LINES + 1) :]
    for index in reversed(tail):
        line = level.head(index)
        lead = _lead(line)
        if lead in _SIGN_OFF_STARTS and _SIGN_OFF.match(line) and _block_is_signature(level, index + 1, last, need=""):
            return index
        if (
            lead in _SEPARATOR_STARTS
            and _SEPARATOR.match(line)
            and not _HEADER_FIELD.match(line)
            and _block_is_signature(level, index + 1, last, need=_needs(line))
        ):
            return _extend_upwards(level, first, index)
    return _trailing_block(level, first, last)


_RULE_ONLY = re.compile(r"[-－=＝━─―_＿*＊~～〜■□◆◇◎☆★+＋#\s]+")


def _needs(rule: str) -> str:
    """What the block below a rule line must show to be a signature: nothing below the RFC
    3676 ``-- ``; a contact or organisation line below a plain rule; an organisation line
    below a rule with words in it (``━━ 開催概要 ━━`` heads a section of the new text)."""
    stripped = rule.strip()
    if stripped == "--":
        return ""
    return "contact" if _RULE_ONLY.fullmatch(stripped) else "organisation"


def _block_is_signature(level: _Level, first: int, last: int, need: str) -> bool:
    lines = [line for line in level.stripped[first:last] if line]
    lines = [line for line in lines if not _SEPARATOR.match(line)]
    if not lines or len(lines) > _SIG_MAX_LINES or any(_PERSONAL_LINE.search(line) for line in lines):
        return False
    if not need:
        return len(lines) <= 8 and all(len(line) <= 80 for line in lines)
    organisation = any(_ORGANISATION.search(line) for line in lines)
    if need == "organisation":
        return organisation and any(_CONTACT.search(line) for line in lines)
    if organisation:
        return True
    # No office named: a name with a home address or a mobile between rules is somebody's
    # details laid out like a signature; a name with the office's line is the sender's.
    return any(_CONTACT.search(line) for line in lines) and not any(_PRIVATE_CONTACT.search(line) for line in lines)


def _extend_upwards(level: _Level, first: int, index: int) -> int:
    """A signature framed by two rules (``━━━ / 市民課 / ━━━ / TEL …``) starts at the upper."""
    for back in range(index - 1, max(first, index - 4) - 1, -1):
        line = level.stripped[back]
        if _SEPARATOR.match(line):
            return back
        if not line or not _signature_like(line):
            break
    return index


def _trailing_block(level: _Level, first: int, last: int) -> int:
    """A closing paragraph of name, department and contact lines without a rule line: every
    line short and not a sentence, with a contact line and an organisation line. The block is
    the last paragraph only, so contacts written in the new text above it stay new text, and
    a paragraph with a line about a person (``氏名：…``, ``山田様``) above its contact lines is
    that person's details, never a signature (a room number, ``203号室``, names no office)."""
    start = last
    block: list[str] = []
    for index in range(last - 1, max(first, last - 3 * _SIG_MAX_LINES) - 1, -1):
        line = level.stripped[index]
        if not line:
            if block:
                break  # the signature is the last paragraph: data a paragraph up is new text
            continue
        if _PERSONAL_LINE.search(line):
            return last  # 氏名：… / 山田様 above them: the paragraph is that person's details
        if not _signature_like(line) or len(block) >= _SIG_MAX_LINES:
            break
        block.append(line)
        start = index
    return start if _complete(block) else last


_DIGITS = re.compile(r"\d")


def _complete(block: list[str]) -> bool:
    """A signature paragraph: name, department and a contact line; or, with no digit in it at
    all (so no data can hide there), up to three lines naming an organisation."""
    organisation = any(_ORGANISATION.search(line) for line in block)
    if len(block) <= 3 and organisation and not any(_DIGITS.search(line) for line in block):
        return True
    return len(block) >= 2 and organisation and any(_CONTACT.search(line) for line in block)


def _own(level: _Level, first: int, last: int, top: bool) -> Iterator[Segment]:
    """Segments of a run of the sender's own lines (depth 0)."""
    start = first
    if top:
        end = _salutation_end(level, first, last)
        if end > first:
            yield _segment(level, first, end, SegmentKind.SALUTATION, 0)
            start = end
        else:
            yield from _head_salutation(level, first, last)
            if _head_split(level, first, last) is not None:
                start = _first_content(level, first, last) + 1
    if start >= last:
        return
    signature = _signature_start(level, start, last)
    if signature > start:
        yield _segment(level, start, signature, SegmentKind.NEW, 0)
    if signature < last:
        yield _segment(level, signature, last, SegmentKind.SIGNATURE, 0)


def _first_content(level: _Level, first: int, last: int) -> int:
    stripped = level.stripped
    return next((i for i in range(first, last) if stripped[i]), last)


def _head_split(level: _Level, first: int, last: int) -> int | None:
    """``山田様、いつもお世話になっております。``: the offset after ``山田様、``."""
    index = _first_content(level, first, last)
    if index >= last:
        return None
    match = _HEAD_SALUTATION.match(level.head(index))
    if not match or not level.head(index)[match.end() :].strip():
        return None
    return level.contents[index] + match.end()


def _head_salutation(level: _Level, first: int, last: int) -> Iterator[Segment]:
    """The salutation and new text of a first line that holds both."""
    split = _head_split(level, first, last)
    if split is None:
        return
    index = _first_content(level, first, last)
    end = level.ends[index]
    begin = level.starts[first]
    yield Segment(SegmentKind.SALUTATION, level.text[begin:split], begin, split)
    yield Segment(SegmentKind.NEW, level.text[split:end], split, end)


# -- quoted messages --------------------------------------------------------------------------


def _nested(level: _Level, first: int, last: int) -> _Level:
    """The lines [first, last) one quote level down: each line's content after its prefix."""
    contents = []
    for index in range(first, last):
        match = level.quoted(index)
        contents.append(level.contents[index] + match.end() if match else level.contents[index])
    return _Level(level.text, (level.starts[first:last], level.ends[first:last], contents))


def _quoted(level: _Level, header: _Header, first: int, last: int, depth: int) -> Iterator[Segment]:
    """A quoted or forwarded message: header lines and body, its own quotes deeper."""
    inner = level.lines(first, last)
    yield from _read(inner, 0, len(inner), depth, header)


def _read(level: _Level, first: int, last: int, depth: int, header: _Header | None) -> Iterator[Segment]:
    """Segments of lines [first, last) at one quote depth; ``header`` describes the message
    these lines belong to (None for the sender's own text)."""
    kind = header.kind if header else SegmentKind.NEW
    author = header.author if header else None
    recipients = header.recipients if header else ()
    author_name = header.author_name if header else ""
    run = first  # start of the current run of plain lines (every line before it is read)
    pending: tuple[str | None, str] = (None, "")  # author named by an attribution line
    # deeper nesting than MAX_DEPTH is read as the text of this level
    for index in level.structure_lines(first, last) if depth < MAX_DEPTH else ():
        found = _structure_at(level, index, last) if index >= run else None
        if found is None:
            continue
        what, payload, size = found
        if run < index:
            yield from _plain(level, run, index, depth, header, top=run == first)
        if what == "header":
            assert isinstance(payload, _Header)
            head_end = max(payload.body, index + 1)
            yield _segment(
                level, index, head_end, payload.kind, depth + 1, payload.author, payload.recipients, payload.author_name
            )
            if head_end < last:
                yield from _quoted(level, payload, head_end, last, depth + 1)
            return
        if what == "attribution":
            assert isinstance(payload, str)
            pending = (_address_in(payload), _name_in(_who(payload)))
            following = index + size
            if following < last and level.blank(following) and following + 1 < last and level.quoted(following + 1):
                following += 1
            if following < last and level.quoted(following):
                yield _segment(level, index, following, SegmentKind.QUOTED, depth + 1, pending[0], (), pending[1])
                run = following
                continue
            # an attribution with no '>' lines below: the rest is the quoted message (top posting)
            quoted_header = _Header(index + size, SegmentKind.QUOTED, pending[0], pending[1], ())
            yield _segment(level, index, index + size, SegmentKind.QUOTED, depth + 1, pending[0], (), pending[1])
            if index + size < last:
                yield from _quoted(level, quoted_header, index + size, last, depth + 1)
            return
        # a run of '>' lines
        end = index + size
        inner = _nested(level, index, end)
        quote_header = _Header(
            0, SegmentKind.QUOTED, pending[0] or author, pending[1] or author_name, () if pending[0] else recipients
        )
        if kind is SegmentKind.FORWARDED and not pending[0]:
            quote_header = _Header(0, SegmentKind.FORWARDED, author, author_name, recipients)
        yield from _read(inner, 0, len(inner), depth + 1, quote_header)
        pending = (None, "")
        run = end
    if run < last:
        yield from _plain(level, run, last, depth, header, top=run == first)


_TIME = re.compile(r"\d{1,2}:\d{2}(?::\d{2})?(?:\s?[ap]\.?m\.?)?", re.IGNORECASE)
_LEADING_DATE = re.compile(r"^(?:[\d/\-.年月日:：,、，\s]|\([月火水木金土日]\)|（[月火水木金土日]）){0,40}")


def _who(attribution: str) -> str:
    """The name in an attribution: what follows the date and time, before the verb."""
    match = _ATTRIBUTION.match(attribution[:WINDOW])
    if not match:
        return ""
    who = (match.group("who") or match.group("apple") or match.group("dated") or "")[:WINDOW]
    who = _TIME.split(who)[-1]
    who = re.split(r"[,、，]", who)[-1]
    return _LEADING_DATE.sub("", who.strip()).removeprefix("On ").strip()[:120]


def _structure_at(level: _Level, index: int, last: int) -> tuple[str, object, int] | None:
    """What starts at line ``index`` (one of :meth:`_Level.structure_lines`): a
    quoted/forwarded header, an attribution, or a run of ``>`` lines (with its length)."""
    if level.quoted(index):
        end = index
        while end < last and level.quoted(end):
            end += 1
            # a blank line between quoted paragraphs (HTML quotes convert so) stays in the quote
            if end + 1 < last and level.blank(end) and level.quoted(end + 1):
                end += 1
        return "quote", None, end - index
    header = _header_at(level, index, last)
    if header is not None:
        return "header", header, header.body - index
    attribution = _attribution(level, index, last)
    if attribution is not None:
        return "attribution", attribution[1], attribution[0]
    return None


def _plain(level: _Level, first: int, last: int, depth: int, header: _Header | None, top: bool) -> Iterator[Segment]:
    """Unprefixed lines without markers: the sender's own text, or a quoted message's body
    (whose trailing signature is a SIGNATURE with the quoted author)."""
    if header is None:
        yield from _own(level, first, last, top)
        return
    signature = _signature_start(level, first, last)
    if signature > first:
        yield _segment(
            level, first, signature, header.kind, depth, header.author, header.recipients, header.author_name
        )
    if signature < last:
        yield _segment(
            level, signature, last, SegmentKind.SIGNATURE, depth, header.author, header.recipients, header.author_name
        )


def has_organisation_line(text: str) -> bool:
    """Whether a signature names an organisation (課, 株式会社, センター, Inc., ...): a business
    signature, not a private person's name and phone."""
    return any(_ORGANISATION.search(line[:WINDOW]) for line in text.splitlines())


def segment_body(text: str) -> BodySegments:
    """Split a body into salutation, new text, signature, quoted and forwarded segments."""
    try:
        level = _Level.of_text(text)
        if not len(level):
            return BodySegments(())
        return BodySegments(tuple(_read(level, 0, len(level), 0, None)))
    except Exception:  # never let one odd body stop a check: read it as one new text
        return BodySegments((Segment(SegmentKind.NEW, text, 0, len(text)),))
