"""Person and organisation names: normalise, compare, and mask.

Names are compared the way a careful clerk would: width and case folded (NFKC), spaces of any
kind (U+3000 too) ignored, honorifics removed, katakana and hiragana treated alike, Western
and Japanese order both accepted, and a surname alone matching a full name. Output never
shows a name in full: :func:`mask_name` keeps only each part's first character.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from itertools import permutations

from mailguard.scope import per_message

HONORIFICS = (
    "ご担当者様",
    "御担当者様",
    "ご担当者さま",
    "ご担当者",
    "御担当者",
    "担当者様",
    "御中",
    "様",
    "さま",
    "殿",
    "先生",
    "さん",
    "くん",
    "君",
    "氏",
)
WESTERN_TITLES = ("mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sir", "madam", "mme", "m")
# Written after a romaji name ("Tanaka-san", "Dear Tanaka sama"): honorifics, not name parts.
WESTERN_SUFFIXES = ("san", "sama", "sensei", "kun", "dono", "phd", "md", "jr", "sr")
# Job titles written before or after a name (課長 森 健一 様, 森 健一 部長, 森課長). They are
# not part of the name: 森課長 and 森 健一 are the same person.
TITLES = (
    "代表取締役社長",
    "事務局次長",
    "教育長",
    "消防長",
    "病院長",
    "工場長",
    "本部長",
    "組合長",
    "支配人",
    "管理者",
    "学長",
    "総長",
    "署長",
    "代表取締役",
    "取締役",
    "課長補佐",
    "課長代理",
    "部長代理",
    "事務局長",
    "看護師長",
    "センター長",
    "理事長",
    "副理事長",
    "副社長",
    "副会長",
    "副校長",
    "副院長",
    "副所長",
    "副市長",
    "准教授",
    "支店長",
    "施設長",
    "事務長",
    "委員長",
    "部長",
    "課長",
    "係長",
    "次長",
    "局長",
    "室長",
    "所長",
    "校長",
    "教頭",
    "園長",
    "館長",
    "院長",
    "店長",
    "社長",
    "会長",
    "専務",
    "常務",
    "理事",
    "主任",
    "主査",
    "主幹",
    "主事",
    "参事",
    "教授",
    "助教",
    "講師",
    "医師",
    "先生",
    "議長",
    "市長",
    "区長",
    "町長",
    "村長",
    "知事",
    "代表",
    "ご担当",
    "御担当",
    "担当",
    # Representatives and officers of corporations, associations and foundations (一般社団法人,
    # 社会福祉法人, 合同会社 ...), written before the name as 部長 is: 常務理事 加藤 舞 様,
    # 代表社員 藤井様. A reader who knows only company posts glues them to the name.
    "代表理事",
    "専務理事",
    "常務理事",
    "業務執行理事",
    "監事",
    "評議員",
    "代表社員",
    "業務執行社員",
    "代表執行役",
    "執行役員",
    "執行役",
    "代表取締役会長",
    "取締役会長",
    "取締役社長",
    "専務取締役",
    "常務取締役",
    "監査役",
    "相談役",
    "顧問",
    "参与",
)
# Role words: what a person does for their organisation, written before the surname
# (経理担当 池田様, 事務担当 伊藤様, 経理ご担当 吉田様, 総務部 ご担当の三浦様). No name ends in
# 担当 or 責任者, so a word that does is a role and never part of the name; の after it joins
# role and name (ご担当の三浦様), and a role alone before the honorific (経理担当 様) addresses
# whoever holds it, as ご担当者様 does.
ROLE_ENDINGS = ("担当", "担当の", "担当者", "担当者の", "責任者", "責任者の")
# Words a business's name ends in when it is written without its legal form, as it usually is
# on the salutation line (みらい印刷 吉田様, はるかぜ企画 藤井様, 山田建設 森様 for 株式会社…):
# no family name ends in them, so before a name they name the company the person works for.
BUSINESS_ENDINGS = (
    "企画",
    "印刷",
    "建設",
    "工業",
    "興業",
    "産業",
    "商事",
    "物産",
    "商会",
    "設計",
    "工房",
    "電機",
    "電気",
    "電設",
    "設備",
    "製作所",
    "運輸",
    "物流",
    "不動産",
    "薬局",
    "食品",
    "通信",
    "技研",
    "精機",
    "製薬",
    "出版",
    "広告",
    "システム",
    "システムズ",
    "サービス",
    "デザイン",
    "ソリューションズ",
    "テクノ",
    "ネット",
    "コンサルタント",
    "ホールディングス",
)
# Titles that head a unit (総務課長 = the head of 総務課): glued to a department's name they
# name a post, not a person.
UNIT_HEADS = (
    "部長",
    "課長",
    "係長",
    "室長",
    "所長",
    "局長",
    "校長",
    "園長",
    "館長",
    "院長",
    "店長",
    "支店長",
    "センター長",
)
# Heads of a municipality: えがお市長 is the mayor of えがお市 (森市長 reads either way; as a
# post it is compared as an organisation, which never blocks).
MUNICIPAL_HEADS = ("市長", "区長", "町長", "村長")
# Department names written without their 課/部 before a unit head's title (総務課長, 企画部長).
DEPARTMENT_STEMS = frozenset(
    [
        "総務",
        "企画",
        "人事",
        "経理",
        "営業",
        "財務",
        "広報",
        "庶務",
        "会計",
        "管理",
        "教務",
        "学務",
        "保健",
        "福祉",
        "税務",
        "市民",
        "環境",
        "建設",
        "土木",
        "都市",
        "産業",
        "観光",
        "文化",
        "教育",
        "生涯学習",
        "子育て",
        "介護",
        "医事",
        "看護",
        "薬剤",
        "技術",
        "開発",
        "製造",
        "品質",
        "法務",
        "情報",
        "システム",
        "業務",
        "事業",
        "営繕",
        "契約",
        "監査",
        "秘書",
        "国際",
        "危機管理",
        "防災",
        "消防",
        "議会",
        "選挙",
        "納税",
        "収納",
        "保険",
        "年金",
        "住宅",
        "道路",
        "上下水道",
        "水道",
    ]
)
ORGANISATION_MARKERS = (
    "株式会社",
    "有限会社",
    "合同会社",
    "合資会社",
    "合名会社",
    "(株)",
    "(有)",
    "㈱",
    "㈲",
    "法人",
    "協会",
    "組合",
    "連合会",
    "財団",
    "機構",
    "大学",
    "学校",
    "学園",
    "病院",
    "医院",
    "クリニック",
    "診療所",
    "センター",
    "事務所",
    "役所",
    "役場",
    "市役所",
    "県庁",
    "委員会",
    "商店",
    "工務店",
    "支店",
    "営業所",
    "inc",
    "inc.",
    "ltd",
    "ltd.",
    "llc",
    "co.",
    "corp",
    "corp.",
    "corporation",
    "company",
    "gmbh",
    "k.k.",
)

_SPACES = re.compile(r"[\s\u3000・･]+")
_PUNCT = re.compile(r"[,，、。.．:：;；!！?？\"'“”‘’「」『』()\[\]（）【】<>〈〉《》]")
_KATAKANA = {chr(k): chr(k - 0x60) for k in range(0x30A1, 0x30F7)}
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]")


def is_cjk(text: str) -> bool:
    return bool(_CJK.search(text))


# Old and variant forms of kanji that the same family name is written with (髙橋 / 高橋,
# 齋藤 / 斉藤, 渡邊 / 渡辺): a register and a salutation often differ only in these.
_VARIANTS = str.maketrans(
    {
        "髙": "高",
        "﨑": "崎",
        "嵜": "崎",
        "邊": "辺",
        "邉": "辺",
        "齋": "斉",
        "齊": "斉",
        "斎": "斉",
        "濱": "浜",
        "濵": "浜",
        "澤": "沢",
        "櫻": "桜",
        "廣": "広",
        "國": "国",
        "冨": "富",
        "眞": "真",
        "德": "徳",
        "惠": "恵",
        "曾": "曽",
        "條": "条",
        "嶋": "島",
        "嶌": "島",
        "栁": "柳",
        "槗": "橋",
        "藪": "薮",
        "龍": "竜",
        "舘": "館",
    }
)


def fold(text: str) -> str:
    """NFKC, lower case, katakana as hiragana, old kanji forms as their common ones: the
    form two spellings are compared in."""
    return unicodedata.normalize("NFKC", text).casefold().translate(_FOLD)


# Old kanji forms and katakana in one table (one C pass): no variant's replacement is a
# katakana letter, and no katakana letter is a variant, so one pass equals the two in turn.
# (tests/test_names.py checks both.)
_FOLD = {**_VARIANTS, **{ord(k): v for k, v in _KATAKANA.items()}}


def _strip_suffix(token: str, suffixes: tuple[str, ...]) -> str:
    if not token.endswith(suffixes):  # one C call rejects the common case: no title at all
        return token
    for suffix in suffixes:
        if token.endswith(suffix) and len(token) > len(suffix):
            return token[: -len(suffix)]
    return token


_TITLES_LONGEST_FIRST = tuple(sorted(TITLES, key=len, reverse=True))
# A token ends with a title only if it ends with a title's last character: one set lookup
# instead of seventy endswith comparisons for the usual name without one.
_TITLE_LAST_CHARACTERS = frozenset(title[-1] for title in TITLES)
# The characters whose NFKC form holds 長 (tests/test_names.py checks every code point): a
# token with neither cannot end with it after normalising, so it names no post.
_CHO = ("長", "\u2fa7")
_UNIT_HEADS_LONGEST_FIRST = tuple(sorted(UNIT_HEADS, key=len, reverse=True))
# A title, or an honorific written after a romaji name: one lookup for is_title.
_TITLE_OR_SUFFIX_SET = frozenset(TITLES) | frozenset(WESTERN_TITLES) | frozenset(WESTERN_SUFFIXES)
_TITLE_OR_SUFFIX_LAST = frozenset(title[-1] for title in _TITLE_OR_SUFFIX_SET)


def is_title(token: str) -> bool:
    """A job title on its own (部長, Dr., Prof.)."""
    last = token[-1:]
    if "\u4e00" <= last <= "\u9fff" and last not in _TITLE_OR_SUFFIX_LAST:
        # A kanji stays itself through NFKC, strip, casefold and rstrip('.') (tests/test_names.py):
        # the token ends as it would folded, and no title ends so. Most names stop here.
        return False
    return unicodedata.normalize("NFKC", token).strip().casefold().rstrip(".") in _TITLE_OR_SUFFIX_SET


# The last characters of the role endings (当, の, 者): a token ending in another kanji is no
# role, as for is_title (tests/test_names.py checks that a kanji ends its normalised form).
_ROLE_LAST = frozenset(ending[-1] for ending in ROLE_ENDINGS)


def is_role(token: str) -> bool:
    """A role word (経理担当, ご担当の, 事務責任者): what someone does, never part of a name."""
    last = token[-1:]
    if "\u4e00" <= last <= "\u9fff" and last not in _ROLE_LAST:
        return False  # most names end so: without the NFKC call
    return unicodedata.normalize("NFKC", token).strip().endswith(ROLE_ENDINGS)


# A role and the surname it precedes, written as one word: ご担当の三浦, 経理担当の池田.
_ROLE_JOINED = re.compile(r"(担当者?の|責任者の)(?=[^\s\u3000])")


def separate_roles(text: str) -> str:
    """A role split from the surname it is glued to (``ご担当の三浦`` -> ``ご担当の 三浦``)."""
    if "の" not in text:
        return text  # the pattern needs の: without it, no sub (whose template costs ~1 us)
    return _ROLE_JOINED.sub(r"\1 ", text)


_KANA_START = re.compile(r"[\u3041-\u3096\u30a1-\u30fa\u30fc]{2}")
_KANJI = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_KANJI_WORD = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]{2}")
_LATIN = re.compile(r"[A-Za-z]")
_KATAKANA_ONLY = re.compile(r"[\u30a1-\u30fa\u30fc]+")


def has_kanji(text: str) -> bool:
    return bool(_KANJI.search(text))


def looks_like_company_name(word: str) -> bool:
    """A business's name written without its legal form (みらい印刷, はるかぜ企画, 東和システム,
    ABC商事), as a word before a person's name on a salutation line.

    A family name is written in kanji (一ノ瀬, 八ヶ代: ノ and ヶ join kanji), so a word that
    begins in kana (two or more: ご and お of ご担当, お客様 are honorific prefixes) and goes on
    in a word of kanji (two or more: ゆり子 and あゆ美 are given names), or mixes Latin letters
    with Japanese, is not one; nor is a word ending in a line of business
    (:data:`BUSINESS_ENDINGS`), unless it is all katakana (ジャネット is a given name): a word
    in katakana is told by where it stands (before a kanji surname, see
    :func:`mailguard.content.addressees.split_person_from_organisation`)."""
    word = unicodedata.normalize("NFKC", word).strip()
    if not is_cjk(word):
        return False
    if word.endswith(BUSINESS_ENDINGS) and len(word) > 2 and not _KATAKANA_ONLY.fullmatch(word):
        return True
    if _LATIN.search(word):
        return True
    return bool(_KANA_START.match(word)) and bool(_KANJI_WORD.search(word))


def surname_with_title(token: str) -> str:
    """The surname of a surname closed by a title (松本課長 -> 松本, 加藤理事 -> 加藤), or ''.

    A title closes a name as an honorific does; but 総務課長 and 西小学校長 are posts
    (:func:`unit_of_head`), and a title alone (副市長) is nobody's name."""
    token = unicodedata.normalize("NFKC", token).strip()
    if not token.endswith(_TITLES_LONGEST_FIRST) or is_title(token) or unit_of_head(token):
        return ""
    stem = _strip_suffix(token, _TITLES_LONGEST_FIRST)
    if not 1 <= len(stem) <= 3 or stem in DEPARTMENT_STEMS or is_title(stem):
        return ""  # 総務 of 総務担当, 校長 of 校長先生
    if not all(_KANJI.match(ch) or ch in "々ヶ" for ch in stem):
        return ""
    return stem


def unit_of_head(token: str) -> str:
    """The unit a post names (総務課長 -> 総務課, 西小学校長 -> 西小学校), or '' for a person.

    ``森課長`` stays a person (森 with a title): a one- or two-character stem is a surname
    unless it is a common department name (総務, 企画, ...)."""
    if _CHO[0] not in token and _CHO[1] not in token:
        return ""  # no 長 even after normalising: a plain name, without the NFKC call
    token = unicodedata.normalize("NFKC", token).strip()
    if not token.endswith("長"):
        return ""  # every head's title ends in 長 (tests/test_names.py): a plain name stops here
    if _surname_with_title(token):
        return ""
    if looks_like_organisation(token[:-1]):
        return token[:-1]
    for title in MUNICIPAL_HEADS:
        if token.endswith(title) and len(token) > len(title):
            return token[: -len(title)] + title[0]
    for title in _UNIT_HEADS_LONGEST_FIRST:
        if token.endswith(title) and len(token) > len(title):
            stem = token[: -len(title)]
            if looks_like_organisation(stem) or stem in DEPARTMENT_STEMS or len(stem) >= 4:
                return stem + (title[0] if title[0] in "部課係室所局" else "")
    return ""


def _surname_with_title(token: str) -> bool:
    """村上部長, 森課長: one or two characters before a unit head's title are a surname (the
    title's own 部 or 課 does not make 村上部 a department), unless they are a department's
    name (総務部長) or an organisation's."""
    for title in _UNIT_HEADS_LONGEST_FIRST:
        if token.endswith(title) and len(token) > len(title):
            stem = token[: -len(title)]
            return len(stem) <= 2 and stem not in DEPARTMENT_STEMS and not looks_like_organisation(stem)
    return False


def strip_titles(tokens: list[str]) -> list[str]:
    """Drop job titles before or after a name (課長 森 健一, 森 健一 部長, 森課長, Dr. Lee)."""
    tokens = [t for t in tokens if t]
    while len(tokens) > 1 and (is_title(tokens[0]) or is_role(tokens[0]) or unit_of_head(tokens[0])):
        tokens = tokens[1:]
    while len(tokens) > 1 and (is_title(tokens[-1]) or is_role(tokens[-1]) or unit_of_head(tokens[-1])):
        tokens = tokens[:-1]
    if tokens and tokens[-1][-1:] in _TITLE_LAST_CHARACTERS and is_cjk(tokens[-1]):
        tokens[-1] = _strip_suffix(tokens[-1], _TITLES_LONGEST_FIRST)
    if len(tokens) > 1 and not is_cjk(tokens[-1]):
        last = tokens[-1].casefold()
        for suffix in WESTERN_SUFFIXES:
            if last.endswith("-" + suffix):
                tokens[-1] = tokens[-1][: -len(suffix) - 1]
    elif len(tokens) == 1 and not is_cjk(tokens[0]) and "-" in tokens[0]:
        head, _, tail = tokens[0].rpartition("-")
        if tail.casefold() in WESTERN_SUFFIXES and head:
            tokens[0] = head
    return tokens


def strip_honorifics(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).strip()
    changed = text.endswith(HONORIFICS)  # one C call rejects a name without any
    while changed:
        changed = False
        for honorific in HONORIFICS:
            if text.endswith(honorific) and len(text) > len(honorific):
                text = text[: -len(honorific)].rstrip()
                changed = True
    return text


_SUFFIX_MARKERS = (
    "部",
    "課",
    "室",
    "係",
    "局",
    "会",
    "園",
    "社",
    "店",
    "所",
    "院",
    "校",
    "庁",
    "省",
    "署",
    "団",
    "館",
    "区",
    "町",
    "村",
    "県",
    "府",
)


_CJK_ORGANISATION = re.compile("|".join(re.escape(m) for m in ORGANISATION_MARKERS if len(m) > 1 and _CJK.search(m)))
_LATIN_ORGANISATION = frozenset(m for m in ORGANISATION_MARKERS if not _CJK.search(m))


@per_message
def looks_like_organisation(text: str) -> bool:
    """Company, department or office names (株式会社…, 営業部, さくら会, Example Ltd).

    A single-character suffix such as 部 counts only on three or more characters, so that
    surnames like 阿部 or 服部 stay people.
    """
    folded = unicodedata.normalize("NFKC", text).casefold()
    for token in _SPACES.split(folded):
        if not token:
            continue
        if is_cjk(token):
            if _CJK_ORGANISATION.search(token) or (len(token) >= 3 and token.endswith(_SUFFIX_MARKERS)):
                return True
        elif token.strip(".,") in _LATIN_ORGANISATION or token in ("(株)", "(有)"):
            return True
    return False


@dataclass(frozen=True, slots=True)
class NameKey:
    """A name reduced to comparable tokens (``田中 一郎`` -> ('たなか'...), joined form)."""

    tokens: tuple[str, ...]

    @property
    def joined(self) -> str:
        return "".join(self.tokens)

    @property
    def empty(self) -> bool:
        return not self.tokens


@per_message
def name_key(text: str) -> NameKey:
    """Tokens of a person's name without honorifics, titles and punctuation."""
    text = strip_honorifics(_PUNCT.sub(" ", text))
    tokens = strip_titles([t for t in _SPACES.split(separate_roles(text)) if t])
    return NameKey(tuple(fold(t) for t in tokens if t))


def names_match(addressee: NameKey, candidate: NameKey) -> bool:
    """Whether a name written in a message can be the candidate person.

    ``田中様`` matches 田中 一郎; ``Ms Brown`` matches Alice Brown; ``一郎 田中`` matches
    田中 一郎; ``田中 花子`` does not match 田中 一郎.
    """
    if addressee.empty or candidate.empty:
        return False
    if addressee.joined == candidate.joined:
        return True
    if sorted(addressee.tokens) == sorted(candidate.tokens):
        return True
    if len(addressee.tokens) == 1 or len(candidate.tokens) == 1:
        short, long = sorted((addressee, candidate), key=lambda k: len(k.tokens))
        word = short.tokens[0]
        if word in long.tokens or word in _orderings(long.tokens):
            return True
        # Unspaced Japanese full names: 田中 as the start of 田中一郎, 森 of 森健一, also in
        # a display name that adds a reading (田中一郎 (Tanaka Ichiro)).
        # A given name alone (花子さん) is the end of an unspaced one.
        return is_cjk(word) and any(
            is_cjk(t) and len(t) <= 6 and (t.startswith(word) or (len(word) >= 2 and t.endswith(word)))
            for t in long.tokens
        )
    return False


def _orderings(tokens: tuple[str, ...]) -> set[str]:
    """Joined forms of a short name in any order (Western and Japanese order)."""
    if len(tokens) > 4:
        return {"".join(tokens)}
    return {"".join(p) for p in permutations(tokens)}
