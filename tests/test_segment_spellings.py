"""The segment patterns' two spellings of a blank (``_SP`` a class, ``_GAP`` two branches that
compile cheaper) match exactly the same: every pattern, written back with the class, gives the
same match, span and groups on every line of the evaluation set and on lines built around
each construct (tabs, U+3000, runs, nothing)."""

from __future__ import annotations

import re
from pathlib import Path

from mailguard.content import segments
from mailguard.readers import read_bytes

ROOT = Path(__file__).resolve().parent.parent
BLANKS = ("", " ", "\t", "\u3000", "  ", "\t\u3000 ", "\u3000\u3000\u3000\u3000\u3000")
CORES = (
    "Best{}regards",
    "with{}kind{}regards",
    "thanks{}in{}advance!",
    "all{}the{}best",
    "yours{}truly,",
    "-----Original{}Message-----",
    "-----{}Original{}Message{}-----",
    "----- オリジナル{}メッセージ -----",
    "---------- Forwarded{}message{}---------",
    "Begin{}forwarded{}message{}:{}",
    "転送メッセージ{}：{}",
    "--- forwarded{}by{}森 ---",
    "____________________{}",
    "From{}:{}森 健一",
    "*差出人*{}：{}森",
    "On{}Mon, 森 健一 wrote{}:{}",
    "森 健一 さんは書きました{}：{}",
    "2026/11/30 10:15、森 <a@b.jp> のメッセージ{}:{}",
    "2026年11月30日(月) 森 <a@b.jp>{}:{}",
    "--{}",
    "===={}x{}====",
    "山田様{}、{}",
    "各位{}",
    "Dear{}all,{}",
    "To{}whom{}it may concern",
    "Hi{}森,{}",
    "田中 太郎{}様{}、",
)


def _built() -> list[str]:
    lines = []
    for core in CORES:
        holes = core.count("{}")
        for blank in BLANKS:
            for lead in ("", " ", "\u3000"):
                lines.append(lead + core.format(*[blank] * holes))
                lines.append(lead + core.format(*[blank] * holes) + "x")
    return lines


def _evaluation_lines() -> list[str]:
    lines: set[str] = set()
    for path in sorted((ROOT / "tests" / "eval" / "cases").iterdir()):
        draft = read_bytes(path.read_bytes(), path.name)
        lines.update(line[: segments.WINDOW] for line in draft.body.splitlines())
    return sorted(lines)


def _outcome(match: re.Match[str] | None) -> object:
    return None if match is None else (match.span(), match.groups())


def test_the_gap_is_the_class() -> None:
    gap, blank = re.compile(segments._GAP), re.compile(segments._SP)
    for code in range(0x3100):
        assert bool(gap.fullmatch(chr(code))) == bool(blank.fullmatch(chr(code))), hex(code)


def test_every_pattern_matches_as_spelled_with_the_class() -> None:
    spelled = {
        name: (value, re.compile(value.pattern.replace(segments._GAP, segments._SP), value.flags))
        for name, value in vars(segments).items()
        if isinstance(value, re.Pattern) and segments._GAP in value.pattern
    }
    assert len(spelled) >= 10  # the blanks after a pattern's first distinctive character
    lines = _built() + _evaluation_lines()
    assert len(lines) > 2000
    for name, (pattern, with_class) in spelled.items():
        assert segments._SP in with_class.pattern
        for line in lines:
            for method in ("match", "search", "fullmatch"):
                mine, theirs = getattr(pattern, method)(line), getattr(with_class, method)(line)
                assert _outcome(mine) == _outcome(theirs), (name, method, line)
