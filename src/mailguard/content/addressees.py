"""Who a message addresses: the salutation and addressee block at the top, and the subject.

A salutation line can name several people (``山田様、中川様``, ``Dear Alice and Bob,``),
carry titles (``課長 森 健一 様``), stand under company and department lines, or address
nobody in particular (``各位``, ``ご担当者様``, ``各区保健センター所長 様``, ``Dear all``).
Only the sender's own text is read (:mod:`mailguard.content.segments`): the addressee of a
quoted or forwarded message is not the addressee of this one.

Every pattern here sees one line cut to :data:`LINE_WINDOW` characters, and only the first
:data:`TOP_LINES` lines of a text, so the work per message is bounded whatever its size
(issue 16: an open ``\\s*`` on both sides of a name was cubic in the padding).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from itertools import pairwise

from mailguard.content.names import (
    has_kanji,
    is_cjk,
    is_role,
    is_title,
    looks_like_company_name,
    looks_like_organisation,
    name_key,
    separate_roles,
    strip_honorifics,
    strip_titles,
    surname_with_title,
    unit_of_head,
)
from mailguard.content.segments import BodySegments, Segment, SegmentKind, segment_body

TOP_LINES = 10
# A salutation is short; a longer line is text, and no pattern reads more of it than this.
LINE_WINDOW = 160
# How far into a text the addressee block may start (lines).
HEAD_LINES = 60

_GREETINGS = (
    "いつも",
    "大変お世話",
    "お世話にな",
    "お疲れ様",
    "お疲れさま",
    "おつかれさま",
    "こんにちは",
    "こんばんは",
    "おはようございます",
    "初めまして",
    "はじめまして",
    "突然の",
    "先日は",
    "平素より",
    "平素は",
    "拝啓",
    "ご無沙汰",
    "ご連絡",
    "ご返信",
    "ありがとう",
    "thank you",
    "thanks",
    "i hope",
    "hope you",
    "i am writing",
    "this is",
    "good morning",
    "good afternoon",
    "good evening",
)
# Honorifics that end one addressee; the longest first so that ご担当者様 wins over 様.
_JA_HONORIFICS = (
    "ご担当者様",
    "御担当者様",
    "ご担当者さま",
    "ご担当者殿",
    "担当者様",
    "ご担当様",
    "御担当様",
    "御中",
    "各位",
    "様",
    "さま",
    "殿",
    "さん",
    "先生",
)
_JA_HONORIFIC = re.compile("|".join(re.escape(h) for h in _JA_HONORIFICS))
# What may follow an honorific inside a salutation line: a separator, a bracket, the end.
_AFTER_HONORIFIC = frozenset(" \t\u3000、，,・･/／;；:：。.!！)）」』】")
# Honorifics that can also begin a name (殿村, さんご): they end a name only before a separator.
_AMBIGUOUS_HONORIFICS = frozenset(("殿", "さん", "先生", "さま"))
# 仕様, 同様, 模様, 多様, 異様, 一様, 王様, 神様: 様 as part of a word.
_NOT_BEFORE_SAMA = frozenset("仕同模多異一左有王神")
_SEPARATORS = " \t\u3000、，,・･/／;；:：。.!！"
_JOINERS = ("および", "及び", "並びに", "ならびに", "と", "&", "＆")
_BRACKETED_NOTE = re.compile(r"[（(][^（）()\n]{0,30}[）)]")
_CC_PREFIX = re.compile(r"^[（(]?[ \t]{0,2}(?:cc|ｃｃ|写し)[ \t]{0,2}[:：]?[ \t]{0,2}", re.IGNORECASE)

# Addressees that are nobody in particular: a circular, a team, the readers of a notice. An
# organisation qualified by an area or a relation (市内介護サービス事業所, 管内各保育所, 関係機関)
# is every organisation of that kind, each recipient's own: a circular, not one body (町内会
# is one).
_JA_GENERIC = re.compile(
    r"^(?:市|区|町|村|県|都|道|府|管|域)内(?!会)|^関係|^各|各位|皆様|皆さま|皆さん|みなさま|みなさん|皆々様|一同|関係者|関係の方|ご担当者|御担当者|担当者|ご担当$|御担当$|"
    r"お客様|お客さま|ご利用者|利用者の|保護者|ご家族|御家族|会員の|市民の|住民の|区民の|町民の|職員の|先生方|^ご一同|^御一同"
)
_EN_GREETINGS = ("dear", "hi", "hello", "hey", "attn.", "attn:", "attn", "attention:", "attention", "to:", "greetings")
_EN_GENERIC = frozenset(
    [
        "all",
        "everyone",
        "everybody",
        "team",
        "colleagues",
        "friends",
        "folks",
        "members",
        "there",
        "world",
        "you",
        "guys",
        "sir",
        "sirs",
        "madam",
        "customer",
        "customers",
        "subscriber",
        "subscribers",
        "parent",
        "parents",
        "resident",
        "residents",
        "citizen",
        "citizens",
        "partner",
        "partners",
        "participant",
        "participants",
        "applicant",
        "applicants",
        "student",
        "students",
        "staff",
        "manager",
        "managers",
        "reader",
        "readers",
        "user",
        "users",
        "member",
        "valued",
        "our",
        "fellow",
        "respected",
        "esteemed",
        "new",
    ]
)
_EN_GENERIC_PHRASES = ("to whom it may concern", "whom it may concern", "sir or madam", "sir/madam", "hiring manager")
_LATIN_NAME_WORD = re.compile(r"[A-Za-z][A-Za-z'’.\-]{0,30}")
_SUBJECT_BRACKETS = "【】[]()（）「」<>〈〉"
# Opening brackets mark a chunk (NUL), closing ones end it (/): one pass over the subject.
_SUBJECT_CHUNK_MARKS = str.maketrans({b: "/" if i % 2 else "\x00" for i, b in enumerate(_SUBJECT_BRACKETS)})
_TOKEN_GAPS = re.compile(r"[ \t\u3000]+")
_EN_NAME_SEPARATORS = re.compile(r",|;| and | & ")
_SUBJECT_CHUNKS = re.compile(r"([:：、,，・/\x00])")
_ORG_WORD_GAPS = re.compile(r"[ \t\u3000:：、,，]+")
_LIST_MARKS = re.compile(r"[、，,]")
# A ditto mark at the start of an addressee line: 同 品質保証課 山下様, 同社 山下様, 同課 山下様
# (the same company, or the same unit, as the addressee above).
_DITTO = re.compile(r"同(社|法人|会|所|校|園|部|課|室|係|局)?(?=[ \t\u3000])")
_UNITS = ("部", "課", "室", "係", "局")
_KATAKANA_WORD = re.compile(r"[\u30a1-\u30fa\u30fc]{4,40}")


class AddresseeKind(StrEnum):
    PERSON = "person"
    ORGANISATION = "organisation"
    COLLECTIVE = "collective"


@dataclass(frozen=True, slots=True)
class Addressee:
    """A name the message is written to, and where it was found."""

    kind: AddresseeKind
    name: str
    organisation: str
    where: str


def own_text(segments: BodySegments) -> str:
    """The sender's own salutation and new text: no signature, quoted reply or forward
    (the shared segmentation every rule reads, :mod:`mailguard.content.segments`)."""
    return "".join(s.text for s in own_segments(segments))


def own_segments(segments: BodySegments) -> tuple[Segment, ...]:
    """The salutation and new-text segments the sender writes now (depth 0)."""
    return tuple(s for s in segments.of(SegmentKind.SALUTATION, SegmentKind.NEW) if s.depth == 0)


def split_person_from_organisation(text: str) -> tuple[str, str]:
    """``株式会社サンプル 営業部 部長 田中 一郎`` -> (田中 一郎, 株式会社サンプル 営業部).

    Job titles and role words between the organisation and the name belong to neither
    (``常務理事 加藤 舞``, ``経理担当 池田``, ``総務部 ご担当の三浦``); a company written without
    its legal form before the name is the organisation (``みらい印刷 吉田``); and a name in
    kanji has two parts at most, so a word before a surname and given name is not the name."""
    words = [t for t in _TOKEN_GAPS.split(separate_roles(text.strip())) if t]
    org_tokens: list[str] = []
    start = 0
    for head, after in pairwise(words):
        unit = unit_of_head(head)
        if unit:
            org_tokens.append(unit)
        elif is_title(head) or is_role(head):
            pass
        elif looks_like_organisation(head) or looks_like_company_name(head):
            org_tokens.append(head)
        elif _KATAKANA_WORD.fullmatch(head) and has_kanji(after):
            # ケアサポート 三浦様: a Japanese name puts its kanji surname first, so a katakana
            # word before one is the company (a given name would follow the surname).
            org_tokens.append(head)
        else:
            break
        start += 1
    tokens = strip_titles(words[start:])
    if len(tokens) > 2 and has_kanji(tokens[-2]) and is_cjk(tokens[-1]):
        tokens = tokens[-2:]  # 理事会長代行 加藤 舞: a post the title list does not know
    return " ".join(tokens), " ".join(org_tokens)


def _starts_greeting(text: str) -> bool:
    return text.casefold().startswith(_GREETINGS)


def _is_generic_piece(piece: str) -> bool:
    return bool(_JA_GENERIC.search(piece))


def _role_and_name(piece: str) -> bool:
    """``事務担当者 伊藤``, ``担当者の伊藤``: a role, then the name of who holds it (a person,
    although 担当者 alone addresses nobody in particular)."""
    words = [w for w in _TOKEN_GAPS.split(separate_roles(piece)) if w]
    return len(words) >= 2 and is_role(words[-2]) and not is_role(words[-1]) and not _is_generic_piece(words[-1])


def _classify(piece: str, honorific: str, context: str, where: str) -> Addressee | None:
    """One name and its honorific, with the organisation lines above it; an organisation of
    a kind rather than one body (``市内介護サービス事業所`` / ``管理者 様``) is a circular's."""
    found = _classify_piece(piece, honorific, context, where)
    if found is not None and found.kind is AddresseeKind.ORGANISATION and _is_generic_piece(found.organisation):
        return Addressee(AddresseeKind.COLLECTIVE, found.organisation + honorific, "", where)
    return found


def _classify_piece(piece: str, honorific: str, context: str, where: str) -> Addressee | None:
    """One name and its honorific, with the organisation lines above it."""
    if "(" in piece or "（" in piece:  # the note's opening bracket, without which it is none
        piece = _BRACKETED_NOTE.sub(" ", piece)  # 森様（営業部）、田中様 / 田中（たなか）様
    piece = _CC_PREFIX.sub("", piece.strip(_SEPARATORS + "（(「『【")).strip()
    by_post = honorific.startswith(("ご担当", "御担当", "担当"))
    generic = _is_generic_piece(piece) or (not by_post and _is_generic_piece(piece + honorific))
    if honorific == "各位" or (generic and not _role_and_name(piece)):
        return Addressee(AddresseeKind.COLLECTIVE, (piece + honorific).strip(), "", where)
    last = _TOKEN_GAPS.split(piece)[-1]
    written = piece
    if last and is_role(last):
        # 経理担当 様, 株式会社〇〇 総務ご担当の 様: whoever holds the role, as ご担当者様.
        by_post, piece = True, piece[: -len(last)].strip()
    if honorific == "御中" or by_post:
        organisation = " ".join(p for p in (context, piece) if p).strip()
        if not organisation:
            return Addressee(AddresseeKind.COLLECTIVE, (written + honorific).strip(), "", where)
        return Addressee(AddresseeKind.ORGANISATION, "", organisation, where)
    if not piece:
        return None
    if unit_of_head(last):
        # 総務課長様, 西小学校長 様: the head of a unit, addressed by post.
        organisation = " ".join(p for p in (context, piece[: -len(last)].strip(), unit_of_head(last)) if p)
        return Addressee(AddresseeKind.ORGANISATION, "", organisation, where)
    person, org_part = split_person_from_organisation(piece)
    organisation = " ".join(p for p in (context, org_part) if p).strip()
    if looks_like_organisation(person):
        return Addressee(AddresseeKind.ORGANISATION, "", " ".join(p for p in (organisation, person) if p), where)
    if is_title(person) or not person:
        # 部長様, 校長先生: a post without a name; the organisation (if any) is the addressee.
        if organisation:
            return Addressee(AddresseeKind.ORGANISATION, "", organisation, where)
        return Addressee(AddresseeKind.COLLECTIVE, piece + honorific, "", where)
    if name_key(person).empty:
        return None
    return Addressee(AddresseeKind.PERSON, person, organisation, where)


def _not_an_ending(line: str, match: re.Match[str], particles: bool = False) -> bool:
    """Whether an honorific found in ``line`` is really the start of a word (殿村, さんご)."""
    end = match.end()
    if end >= len(line) or match.group(0) not in _AMBIGUOUS_HONORIFICS:
        return False
    follower = line[end]
    if follower in _AFTER_HONORIFIC or _starts_greeting(line[end:]):
        return False
    return not (particles and "\u3041" <= follower <= "\u3096")


def _inside_word(text: str, match: re.Match[str]) -> bool:
    """様 in 仕様書, 様式, 同様: a word, not an honorific (a subject has no line to end)."""
    if match.group(0) != "様":
        return False
    before = text[match.start() - 1] if match.start() else ""
    after = text[match.end()] if match.end() < len(text) else ""
    return before in _NOT_BEFORE_SAMA or "\u4e00" <= after <= "\u9fff"


def _named_with_title(item: str) -> bool:
    """``鈴木部長`` / ``森 課長``: a name that a job title closes, as an honorific would."""
    tokens = _TOKEN_GAPS.split(_CC_PREFIX.sub("", item.strip(_SEPARATORS + "（(「『【")).strip())
    stripped = strip_titles(tokens)
    return (
        stripped != tokens and bool(stripped) and not is_title(stripped[-1]) and not name_key(" ".join(stripped)).empty
    )


def _list_items(piece: str, honorific: str) -> list[str]:
    """The addressees one honorific closes: ``市民課、税務課 御中`` and ``鈴木部長、小林様`` are
    two each (organisations listed before 御中 / ご担当者様, or names each closed by a job
    title), ``田中、山田様`` stays one piece for :func:`_classify` to judge."""
    items = [item for item in _LIST_MARKS.split(piece) if item.strip(_SEPARATORS)]
    if len(items) < 2:
        return [piece]
    if honorific == "御中" or honorific.startswith(("ご担当", "御担当", "担当")):
        tidy = [_CC_PREFIX.sub("", item.strip(_SEPARATORS + "（(「『【")).strip() for item in items]
        return items if all(looks_like_organisation(item) for item in tidy) else [piece]
    return items if all(_named_with_title(item) for item in items[:-1]) else [piece]


def _japanese(line: str, where: str, context: str) -> list[Addressee] | None:
    """``山田様、中川様`` / ``株式会社〇〇 御中`` / ``課長 森 健一 様、いつもお世話に…``."""
    found: list[Addressee] = []
    start = 0
    for match in _JA_HONORIFIC.finditer(line):
        end = match.end()
        if _not_an_ending(line, match):
            continue  # 殿村様: 殿 starts a surname
        piece = line[start : match.start()]
        for joiner in _JOINERS if found else ():
            if piece.startswith(joiner):
                piece = piece[len(joiner) :]
        if len(piece.strip()) > 60 or "。" in piece:
            return None
        for item in _list_items(piece, match.group(0)):
            addressee = _classify(item, match.group(0), context if not found else "", where)
            if addressee is not None:
                found.append(addressee)
        start = end
    if not found:
        return _titled(line, where, context)
    rest = line[start:].strip(_SEPARATORS + ")）")
    note = _BRACKETED_NOTE.match(rest)
    if note:
        rest = rest[note.end() :].strip(_SEPARATORS)  # 山田様（市民課）: a note after the name
    elif rest[:1] in ("（", "(") and len(rest) <= 40:
        rest = ""
    if rest and not _starts_greeting(rest):
        return None  # 田中様から頂いた件ですが…, 〇〇様（本町二丁目）の記録を…: a sentence
    return found


def _titled(line: str, where: str, context: str) -> list[Addressee] | None:
    """``システム開発部 松本課長`` in an addressee block: a surname closed by a title, as by an
    honorific, under the organisation and unit written before it. Only in a block (an
    organisation on the line or above it): alone, ``高橋係長`` greets a colleague, and
    ``町会長`` (the head of a 町会) shows why a one-character "surname" is not trusted."""
    if len(line) > 40:
        return None
    tokens = [t for t in _TOKEN_GAPS.split(line.strip(_SEPARATORS)) if t]
    if not tokens or len(surname_with_title(tokens[-1])) < 2 or not (context or len(tokens) > 1):
        return None
    if not all(looks_like_organisation(t) or looks_like_company_name(t) or unit_of_head(t) for t in tokens[:-1]):
        return None
    addressee = _classify(" ".join(tokens), "", context, where)
    return [addressee] if addressee is not None and addressee.kind is AddresseeKind.PERSON else None


def _english_names(rest: str) -> list[str] | None:
    """``Mr Lee, Ms Brown`` / ``Alice and Bob`` -> names; None when it is a sentence
    (``Hi This is a broken message``, ``Hello to myself!``)."""
    names: list[str] = []
    for part in _EN_NAME_SEPARATORS.split(rest):
        words = part.split()
        if not words:
            continue
        if len(words) > 5 or not all(_LATIN_NAME_WORD.fullmatch(w) for w in words) or not _name_like(words, names):
            if names:
                break  # "Hi Alice, thanks for the update": the name came first
            return None
        names.append(" ".join(words))
    return names or None


_NAME_PARTICLES = frozenset(["van", "von", "de", "der", "den", "da", "di", "du", "le", "la", "del", "bin", "al"])


def _name_like(words: list[str], before: list[str]) -> bool:
    """Capitalised words (``Ms Brown``, ``Ludwig van Beethoven``), a generic addressee
    (``all``, ``valued customers``), or a single lower-case first name (``hi alice``)."""
    plain = [w for w in words if not is_title(w)]
    if all(w.strip(".").casefold() in _EN_GENERIC for w in plain):
        return True
    if not before and len(words) == 1:
        return True
    return all(w[0].isupper() or w in _NAME_PARTICLES for w in plain)


def _english(line: str, where: str) -> list[Addressee] | None:
    lowered = line.casefold()
    if lowered.startswith(_EN_GENERIC_PHRASES):
        return [Addressee(AddresseeKind.COLLECTIVE, line, "", where)]
    if not lowered.startswith(_EN_GREETINGS):
        return None  # one C call for the common case: no English greeting at all
    greeting = next(g for g in _EN_GREETINGS if lowered.startswith(g))
    rest = line[len(greeting) :]
    if greeting[-1].isalpha() and rest[:1] not in (" ", "\t"):
        return None  # "Hiroshi": not "Hi"
    rest = rest.strip(" \t,:;!.")
    folded = rest.casefold()
    if not rest or folded.startswith(_EN_GENERIC_PHRASES) or (greeting == "to:" and folded.startswith("whom")):
        return [Addressee(AddresseeKind.COLLECTIVE, line, "", where)] if rest else None
    names = _english_names(rest)
    if names is None:
        return None
    found: list[Addressee] = []
    for name in names:
        words = [w.strip(".").casefold() for w in name.split()]
        plain = [w for w in words if not is_title(w)]
        if not plain:
            continue  # "Mr." of "Mr. and Mrs. Smith"
        if all(w in _EN_GENERIC for w in plain) or plain[0] in ("all", "dear", "the"):
            found.append(Addressee(AddresseeKind.COLLECTIVE, name, "", where))
        elif looks_like_organisation(name):
            found.append(Addressee(AddresseeKind.ORGANISATION, "", name, where))
        elif not name_key(name).empty:
            found.append(Addressee(AddresseeKind.PERSON, name, "", where))
    return found or None


def parse_salutation(line: str, where: str, context: str = "") -> list[Addressee] | None:
    """The addressees a line names, or None when the line is not a salutation."""
    stripped = line.strip()
    if not stripped or len(stripped) > LINE_WINDOW:
        return None
    return _english(stripped, where) or _japanese(stripped, where, context)


def _is_context_line(line: str) -> bool:
    """A company, department or title line of an addressee block (no honorific yet)."""
    if len(line) > 60:
        return False
    tokens = [t for t in _TOKEN_GAPS.split(line) if t]
    return bool(tokens) and all(looks_like_organisation(t) or is_title(t) or unit_of_head(t) for t in tokens)


def _organisation_part(line: str) -> str:
    """A context line without its titles: ``営業部 部長`` -> ``営業部``, ``総務課長`` -> ``総務課``."""
    kept = []
    for token in _TOKEN_GAPS.split(line):
        if token and not is_title(token):
            kept.append(unit_of_head(token) or token)
    return " ".join(kept)


def _ditto(line: str, found: list[Addressee], context: list[str]) -> tuple[str, list[str]]:
    """A line that opens with a ditto mark, read with the organisation the mark repeats:
    ``同 品質保証課 山下様`` under ``東和システム株式会社`` / ``システム開発部 松本課長`` is
    山下 of 東和システム株式会社 品質保証課 (同, 同社: the company above; 同課, 同部: its unit).
    Other lines are returned as they are."""
    mark = _DITTO.match(line)
    if mark is None:
        return line, context
    above = found[-1].organisation if found else " ".join(context)
    words = _TOKEN_GAPS.split(above) if above else []
    if mark.group(1) not in _UNITS:
        while len(words) > 1 and words[-1].endswith(_UNITS):
            words.pop()  # システム開発部 is a unit of the company, not the company
    repeated = " ".join(words)
    return line[mark.end() :].strip(), [repeated] if repeated else []


def block_addressees(text: str, where: str = "body", top: int = TOP_LINES) -> tuple[Addressee, ...]:
    """Addressees at the top of a text, with a multi-line block's organisation lines
    (company, department, title) attached to the person they precede."""
    found: list[Addressee] = []
    context: list[str] = []
    seen = 0
    for number, line in enumerate(text.split("\n", HEAD_LINES)[:HEAD_LINES], start=1):
        stripped = line[: LINE_WINDOW + 1].strip()
        if not stripped:
            continue
        seen += 1
        if seen > top or _starts_greeting(stripped):
            break
        stripped, context = _ditto(stripped, found, context)
        parsed = parse_salutation(stripped, f"{where}:line {number}", " ".join(context))
        if parsed:
            found.extend(parsed)
            context = []
            continue
        if _is_context_line(stripped):
            context.append(_organisation_part(stripped))
            continue
        if found:
            break
    return tuple(found)


def document_addressees(text: str, lines: int = 20) -> tuple[Addressee, ...]:
    """Addressee lines near the top of a document (a letter, a notice, a form): dates,
    numbers and titles come first there, so lines that are no salutation are skipped."""
    found: list[Addressee] = []
    context: list[str] = []
    seen = 0
    for number, line in enumerate(text.split("\n", HEAD_LINES)[:HEAD_LINES], start=1):
        stripped = line[: LINE_WINDOW + 1].strip()
        if not stripped:
            continue
        seen += 1
        if seen > lines:
            break
        stripped, context = _ditto(stripped, found, context)
        parsed = parse_salutation(stripped, f"line {number}", " ".join(context))
        if parsed:
            found.extend(parsed)
            context = []
        else:
            context = [_organisation_part(stripped)] if _is_context_line(stripped) else []
    return tuple(found)


def body_addressees(body: str) -> tuple[Addressee, ...]:
    """Addressees of the body's own text (quoted and forwarded parts cut off)."""
    return block_addressees(own_text(segment_body(body)))


def subject_addressees(subject: str, mentioned: bool = False) -> tuple[Addressee, ...]:
    """Names in the subject with an honorific: ``【田中様】登録完了``, ``山田様・中川様 日程``.

    ``中島 加奈様の検査結果`` or ``田中様からのお問い合わせ`` is *about* that person, not to
    them: such names are left out unless ``mentioned`` (a name in the subject at all, #19)."""
    found: list[Addressee] = []
    text = subject[:LINE_WINDOW].translate(_SUBJECT_CHUNK_MARKS)
    start = 0
    for match in _JA_HONORIFIC.finditer(text):
        end = match.end()
        if _not_an_ending(text, match, particles=True) or _inside_word(text, match):
            continue
        about = text[end : end + 1] not in ("", "へ") and "\u3041" <= text[end] <= "\u3096"
        # The name is the run of text just before the honorific (a subject is not a block).
        before = text[start : match.start()].rstrip(" \u3000")
        piece = _last_name_run(before) if match.group(0) != "御中" else _last_org_run(before)
        addressee = _classify(piece, match.group(0), "", "subject")
        if addressee is not None and strip_honorifics(piece) and (mentioned or not about):
            found.append(addressee)
        start = end
    return tuple(found)


# Endings of the nouns that precede a name in a subject (紹介状 田中様, 検査結果 山田様).
_NOUN_ENDINGS = tuple("状書票表類果料件届証会式知告頼付認答絡請録定程内簿")


def _surname_like(word: str) -> bool:
    """A word that can be a surname before a given name: 1-3 kanji or katakana, not a noun
    of the kind subjects carry."""
    if not 1 <= len(word) <= 3 or word.endswith(_NOUN_ENDINGS):
        return False
    return all("\u4e00" <= ch <= "\u9fff" or ch in "々ヶ" for ch in word) or all(
        "\u30a1" <= ch <= "\u30fa" or ch == "ー" for ch in word
    )


def _last_name_run(before: str) -> str:
    """The name just before an honorific: the last word, or a surname and a given name
    (``【田中 一郎様】``, ``中島 加奈様の…``). ``紹介状 田中様`` stays 田中."""
    chunk = _SUBJECT_CHUNKS.split(before)[-1]
    words = [w for w in _TOKEN_GAPS.split(chunk) if w]
    if not words:
        return ""
    if len(words) >= 2 and len(words[-1]) <= 4 and _surname_like(words[-2]) and is_cjk(words[-1]):
        return " ".join(words[-2:])
    return words[-1]


def _last_org_run(before: str) -> str:
    words = [w for w in _ORG_WORD_GAPS.split(before) if w]
    taken: list[str] = []
    for word in reversed(words):
        if taken and not looks_like_organisation(word):
            break
        taken.insert(0, word)
    return " ".join(taken)


def addressees(subject: str, body: str, segments: BodySegments | None = None) -> tuple[Addressee, ...]:
    """Who the message is written to; ``segments`` is the body's segmentation when the
    caller has it already (``Context.segments``)."""
    found = block_addressees(own_text(segments)) if segments is not None else body_addressees(body)
    return found + subject_addressees(subject)
