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
from functools import lru_cache

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


def fold(text: str) -> str:
    """NFKC, lower case, katakana as hiragana: the form two spellings are compared in."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return "".join(_KATAKANA.get(ch, ch) for ch in text)


def strip_honorifics(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).strip()
    changed = True
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
)


_CJK_ORGANISATION = re.compile("|".join(re.escape(m) for m in ORGANISATION_MARKERS if len(m) > 1 and _CJK.search(m)))
_LATIN_ORGANISATION = frozenset(m for m in ORGANISATION_MARKERS if not _CJK.search(m))


@lru_cache(maxsize=2048)
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


@lru_cache(maxsize=2048)
def name_key(text: str) -> NameKey:
    """Tokens of a person's name without honorifics, titles and punctuation."""
    text = strip_honorifics(_PUNCT.sub(" ", text))
    tokens = [fold(t) for t in _SPACES.split(text) if t]
    while tokens and tokens[0].rstrip(".") in WESTERN_TITLES and len(tokens) > 1:
        tokens = tokens[1:]
    return NameKey(tuple(t for t in tokens if t))


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
        # Unspaced Japanese full names: 田中 as the start of 田中一郎.
        return is_cjk(word) and len(long.tokens) == 1 and long.joined.startswith(word) and len(word) >= 2
    return False


def _orderings(tokens: tuple[str, ...]) -> set[str]:
    """Joined forms of a short name in any order (Western and Japanese order)."""
    from itertools import permutations

    if len(tokens) > 4:
        return {"".join(tokens)}
    return {"".join(p) for p in permutations(tokens)}
