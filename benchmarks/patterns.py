"""Linear time for every pattern that sees message text: growth exponents on hostile inputs.

Every compiled regular expression held at module level anywhere in ``mailguard`` (the readers,
detectors and rules see message text; ``identity``, ``mask``, ``redact`` and the shells see it
too; bytes patterns are measured as the same pattern over Latin-1 text) is fed inputs built from
its own structure to be as slow as possible: for each repeated part, a long run of a character it
accepts, after the literal text that leads there, ending where the match fails; and the same
label-and-run repeated. Each input is measured at growing sizes and the growth exponent of the
worst one is printed (1 is linear, 2 quadratic, 3 cubic).

Two measures: the *steps* a backtracking matcher takes (:func:`steps`, a small interpreter
of the pattern's parse tree with the same search semantics as ``re``: deterministic, the one
the test suite uses), and the wall time of ``re`` itself (this benchmark only).

    python benchmarks/patterns.py [--size 400] [--clock]
"""

from __future__ import annotations

import argparse
import importlib
import math
import pkgutil
import re
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

try:  # Python 3.11+
    from re import _constants as sre_constants  # type: ignore[attr-defined]
    from re import _parser as sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover
    import sre_constants  # type: ignore[no-redef]
    import sre_parse  # type: ignore[no-redef]

C = sre_constants
UNBOUNDED = C.MAXREPEAT


class TooMany(Exception):
    """The step budget ran out (the input is already far past linear)."""


@dataclass
class Counter:
    budget: int
    count: int = 0

    def tick(self, n: int = 1) -> None:
        self.count += n
        if self.count > self.budget:
            raise TooMany()


# -- a backtracking matcher that counts its steps ------------------------------------------------

Cont = Callable[[int], bool]


class Matcher:
    """Matches a parsed pattern the way sre does (leftmost, backtracking, greedy and lazy
    repeats), counting one step per item tried at a position."""

    def __init__(self, pattern: re.Pattern[str], counter: Counter) -> None:
        self.flags = pattern.flags
        self.tree = sre_parse.parse(pattern.pattern, pattern.flags & ~re.UNICODE)
        self.counter = counter
        self.text = ""
        self.groups: dict[int, tuple[int, int]] = {}

    def search(self, text: str, anchored: bool = False) -> bool:
        self.text = text
        for start in range(1 if anchored else len(text) + 1):
            self.groups = {}
            if self.seq(list(self.tree), 0, start, lambda end: True):
                return True
        return False

    def _fold(self, ch: str) -> str:
        return ch.lower() if self.flags & re.IGNORECASE else ch

    def one(self, op: Any, av: Any, ch: str) -> bool:
        """Whether a single-character item accepts ``ch``."""
        if op is C.LITERAL:
            return self._fold(ch) == self._fold(chr(av))
        if op is C.NOT_LITERAL:
            return self._fold(ch) != self._fold(chr(av))
        if op is C.ANY:
            return ch != "\n" or bool(self.flags & re.DOTALL)
        if op is C.IN:
            return self._in(av, ch)
        raise ValueError(op)

    def _in(self, items: Any, ch: str) -> bool:
        negate = False
        found = False
        for op, av in items:
            if op is C.NEGATE:
                negate = True
            elif op is C.LITERAL:
                found = found or self._fold(ch) == self._fold(chr(av))
            elif op is C.RANGE:
                low, high = av
                found = found or low <= ord(ch) <= high or low <= ord(self._fold(ch)) <= high
            elif op is C.CATEGORY:
                found = found or _category(av, ch)
            elif op is C.RANGE_UNI_IGNORE:
                low, high = av
                found = found or low <= ord(ch.lower()) <= high
            else:
                found = found or self.one(op, av, ch)
        return found != negate

    def seq(self, items: list[Any], index: int, pos: int, cont: Cont) -> bool:
        if index == len(items):
            return cont(pos)
        op, av = items[index]
        self.counter.tick()
        nxt: Cont = lambda p: self.seq(items, index + 1, p, cont)  # noqa: E731
        text = self.text
        if op in (C.LITERAL, C.NOT_LITERAL, C.ANY, C.IN):
            return pos < len(text) and self.one(op, av, text[pos]) and nxt(pos + 1)
        if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
            low, high, body = av
            follow = items[index + 1] if index + 1 < len(items) else None
            literal = chr(follow[1]) if follow is not None and follow[0] is C.LITERAL else None
            return self.repeat(op, low, high, list(body), pos, nxt, literal)
        if op is C.SUBPATTERN:
            group, _, _, body = av

            def close(p: int) -> bool:
                saved = self.groups.get(group)
                if group:
                    self.groups[group] = (pos, p)
                if nxt(p):
                    return True
                if group:
                    if saved is None:
                        self.groups.pop(group, None)
                    else:
                        self.groups[group] = saved
                return False

            return self.seq(list(body), 0, pos, close)
        if op is C.ATOMIC_GROUP:
            ends: list[int] = []
            self.seq(list(av), 0, pos, lambda p: ends.append(p) is None)
            return bool(ends) and nxt(ends[0])
        if op is C.BRANCH:
            return any(self.seq(list(alt), 0, pos, nxt) for alt in av[1])
        if op is C.AT:
            return self.at(av, pos) and nxt(pos)
        if op in (C.ASSERT, C.ASSERT_NOT):
            direction, body = av
            if direction > 0:
                hit = self.seq(list(body), 0, pos, lambda p: True)
            else:
                width = body.getwidth()[0]
                hit = pos - width >= 0 and self.seq(list(body), 0, pos - width, lambda p: p == pos)
            return (hit if op is C.ASSERT else not hit) and nxt(pos)
        if op is C.GROUPREF:
            span = self.groups.get(av)
            if span is None:
                return False
            piece = text[span[0] : span[1]]
            return text.startswith(piece, pos) and nxt(pos + len(piece))
        if op is C.GROUPREF_EXISTS:
            group, yes, no = av
            chosen = yes if group in self.groups else no
            return self.seq(list(chosen or []), 0, pos, nxt)
        raise ValueError(f"unsupported {op}")

    def at(self, where: Any, pos: int) -> bool:
        text = self.text
        multiline = bool(self.flags & re.MULTILINE)
        if where in (C.AT_BEGINNING, C.AT_BEGINNING_STRING):
            return pos == 0 or (where is C.AT_BEGINNING and multiline and text[pos - 1] == "\n")
        if where in (C.AT_END, C.AT_END_STRING):
            if where is C.AT_END_STRING:
                return pos == len(text)
            return pos == len(text) or (pos == len(text) - 1 and text[pos] == "\n") or (multiline and text[pos] == "\n")
        word = lambda i: 0 <= i < len(text) and (text[i].isalnum() or text[i] == "_")  # noqa: E731
        if where in (C.AT_BOUNDARY, C.AT_UNI_BOUNDARY, C.AT_LOC_BOUNDARY):
            return word(pos - 1) != word(pos)
        if where in (C.AT_NON_BOUNDARY, C.AT_UNI_NON_BOUNDARY, C.AT_LOC_NON_BOUNDARY):
            return word(pos - 1) == word(pos)
        raise ValueError(f"unsupported {where}")

    def repeat(
        self, op: Any, low: int, high: int, body: list[Any], pos: int, cont: Cont, literal: str | None = None
    ) -> bool:
        high = len(self.text) + 1 if high == UNBOUNDED else high
        if len(body) == 1 and body[0][0] in (C.LITERAL, C.NOT_LITERAL, C.ANY, C.IN):
            item_op, item_av = body[0]
            run = 0
            while run < high and pos + run < len(self.text) and self.one(item_op, item_av, self.text[pos + run]):
                run += 1
                self.counter.tick()
            if run < low:
                return False
            counts = range(low, run + 1) if op is C.MIN_REPEAT else range(run, low - 1, -1)
            if op is C.POSSESSIVE_REPEAT:
                counts = range(run, run + 1)
            text = self.text
            if literal is not None and not self.flags & re.IGNORECASE:
                # As sre does: a repeat followed by a literal tries only the counts after
                # which that literal stands (a comparison, not a step of the pattern).
                counts = [n for n in counts if pos + n < len(text) and text[pos + n] == literal]
            return any(self.counter.tick() is None and cont(pos + n) for n in counts)
        return self._repeat_general(op, low, high, body, pos, cont, 0)

    def _repeat_general(self, op: Any, low: int, high: int, body: list[Any], pos: int, cont: Cont, done: int) -> bool:
        def again(p: int) -> bool:
            return p != pos and self._repeat_general(op, low, high, body, p, cont, done + 1)

        if done < low:
            return self.seq(body, 0, pos, again)
        if op is C.MIN_REPEAT:
            return cont(pos) or (done < high and self.seq(body, 0, pos, again))
        return (done < high and self.seq(body, 0, pos, again)) or cont(pos)


def _category(category: Any, ch: str) -> bool:
    names = {
        C.CATEGORY_DIGIT: str.isdigit,
        C.CATEGORY_NOT_DIGIT: lambda c: not c.isdigit(),
        C.CATEGORY_SPACE: str.isspace,
        C.CATEGORY_NOT_SPACE: lambda c: not c.isspace(),
        C.CATEGORY_WORD: lambda c: c.isalnum() or c == "_",
        C.CATEGORY_NOT_WORD: lambda c: not (c.isalnum() or c == "_"),
        C.CATEGORY_LINEBREAK: lambda c: c == "\n",
        C.CATEGORY_NOT_LINEBREAK: lambda c: c != "\n",
    }
    uni = {
        C.CATEGORY_UNI_DIGIT: C.CATEGORY_DIGIT,
        C.CATEGORY_UNI_NOT_DIGIT: C.CATEGORY_NOT_DIGIT,
        C.CATEGORY_UNI_SPACE: C.CATEGORY_SPACE,
        C.CATEGORY_UNI_NOT_SPACE: C.CATEGORY_NOT_SPACE,
        C.CATEGORY_UNI_WORD: C.CATEGORY_WORD,
        C.CATEGORY_UNI_NOT_WORD: C.CATEGORY_NOT_WORD,
        C.CATEGORY_UNI_LINEBREAK: C.CATEGORY_LINEBREAK,
        C.CATEGORY_UNI_NOT_LINEBREAK: C.CATEGORY_NOT_LINEBREAK,
    }
    return bool(names[uni.get(category, category)](ch))


BUDGET = 150_000


def steps(pattern: re.Pattern[str], text: str, budget: int = BUDGET, anchored: bool = False) -> int:
    """The steps a backtracking search for ``pattern`` takes over ``text`` (``anchored``: a
    match at the start only, as ``match``/``fullmatch`` do)."""
    counter = Counter(budget)
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 20_000))
    try:
        Matcher(pattern, counter).search(text, anchored)
    except TooMany:
        return budget
    finally:
        sys.setrecursionlimit(limit)
    return counter.count


# -- hostile inputs from the pattern's own structure ---------------------------------------------


def _sample(op: Any, av: Any, flags: int) -> str | None:
    """A character the item accepts (prefer a space, then a letter, then anything)."""
    probe = Matcher(re.compile("x"), Counter(10**9))
    probe.flags = flags
    for ch in (" ", "a", "1", "x", "あ", "様", ".", "-", "@", "\t", "\n", "A", "0", "_"):
        try:
            if probe.one(op, av, ch):
                return ch
        except ValueError:
            return None
    return None


def _literal_prefix(items: list[Any]) -> str:
    out = []
    for op, av in items:
        if op is C.LITERAL:
            out.append(chr(av))
        elif op is C.SUBPATTERN:
            out.append(_literal_prefix(list(av[3])))
            break
        elif op is C.BRANCH:
            out.append(_literal_prefix(list(av[1][0])))
            break
        elif op is C.IN and len(av) and av[0][0] is C.LITERAL:
            out.append(chr(av[0][1]))
        elif op is C.AT:
            continue
        else:
            break
    return "".join(out)


def hostile_inputs(pattern: re.Pattern[str]) -> Iterator[tuple[str, Callable[[int], str]]]:
    """(description, size -> text) for each repeated part of the pattern."""
    tree = sre_parse.parse(pattern.pattern, pattern.flags & ~re.UNICODE)

    def walk(items: list[Any], before: list[Any]) -> Iterator[tuple[str, Callable[[int], str]]]:
        for i, (op, av) in enumerate(items):
            lead = before + items[:i]
            if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT) and av[1] >= 8:
                body = list(av[2])
                char = None
                if len(body) == 1:
                    char = _sample(body[0][0], body[0][1], pattern.flags)
                if char is None:
                    char = _literal_prefix(body) or None
                if char:
                    prefix = _literal_prefix(lead)
                    yield f"{prefix!r}+{char!r}*n", lambda n, p=prefix, c=char: p + c * n + "\x00"
                    yield f"({prefix!r}+{char!r}*4)*n", lambda n, p=prefix, c=char: (p + c * 4) * (n // 4) + "\x00"
                yield from walk(body, lead)
            elif op is C.SUBPATTERN:
                yield from walk(list(av[3]), lead)
            elif op is C.ATOMIC_GROUP:
                yield from walk(list(av), lead)
            elif op is C.BRANCH:
                for alt in av[1]:
                    yield from walk(list(alt), lead)
            elif op in (C.ASSERT, C.ASSERT_NOT):
                yield from walk(list(av[1]), lead)

    yield from walk(list(tree), [])


def exponent(measure: Callable[[str], float], build: Callable[[int], str], size: int, cap: float = 0) -> float:
    """log2 of the growth when the input doubles; an input that exhausts the step budget is
    far past linear and counts as exponent 9.99."""
    small = measure(build(size))
    if cap and small >= cap:
        return 9.99
    large = measure(build(size * 2))
    if cap and large >= cap:
        return 9.99
    return math.log2(max(large, 1) / max(small, 1))


def anchored_only(module: Any, attribute: str) -> bool:
    """Whether the module uses the pattern only anchored (``.match`` / ``.fullmatch``), read
    from its source: then a search from every position is not what it costs."""
    import inspect

    source = inspect.getsource(module)
    uses = re.findall(rf"\b{re.escape(attribute)}\.(\w+)\(", source)
    return bool(uses) and all(use in ("match", "fullmatch") for use in uses)


def text_patterns() -> Iterator[tuple[str, re.Pattern[str]]]:
    """Every compiled pattern at module level in ``mailguard``, those compiled on first use
    too (whatever reads a message, its headers, its attachments' text or what is derived from
    them). A bytes pattern comes as the same pattern over text (Latin-1 maps each byte to one character; ASCII classes, as bytes
    patterns have)."""
    import mailguard
    from mailguard.patterns import on_first_use_pattern

    seen: set[int] = set()  # a pattern imported by another module is measured once, where defined
    for info in sorted(pkgutil.walk_packages(mailguard.__path__, "mailguard."), key=lambda i: i.name):
        module = importlib.import_module(info.name)
        for attribute, value in sorted(vars(module).items()):
            if (isinstance(value, re.Pattern) or on_first_use_pattern(value)) and id(value) not in seen:
                seen.add(id(value))
                compiled = value if isinstance(value, re.Pattern) else re.compile(value.pattern, value.flags)
                yield f"{info.name}.{attribute}", as_text_pattern(compiled)


def as_text_pattern(pattern: re.Pattern[Any]) -> re.Pattern[str]:
    """``pattern`` itself when it is a text pattern, else the same pattern over Latin-1 text."""
    if isinstance(pattern.pattern, str):
        return pattern
    return re.compile(pattern.pattern.decode("latin-1"), (pattern.flags & ~re.UNICODE) | re.ASCII)


def worst_exponent(pattern: re.Pattern[str], size: int, anchored: bool = False, budget: int = BUDGET) -> tuple[float, str]:
    """The largest step-growth exponent over the pattern's hostile inputs, and which input."""
    worst = (0.0, "")
    for description, build in hostile_inputs(pattern):
        try:
            measure = lambda text: float(steps(pattern, text, budget, anchored))  # noqa: E731
            found = exponent(measure, build, size, cap=budget)
        except (ValueError, RecursionError, TypeError):
            continue  # a construct the step counter does not model (listed by the benchmark)
        worst = max(worst, (found, description))
    return worst


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=200)
    parser.add_argument("--clock", action="store_true", help="also time re itself (sizes x8 and x16)")
    args = parser.parse_args()
    print(f"{'pattern':<72} {'steps exp':>9} {'clock exp':>9}  worst input")
    for name, pattern in text_patterns():
        module, _, attribute = name.rpartition(".")
        anchored = anchored_only(sys.modules[module], attribute)
        found, description = worst_exponent(pattern, args.size, anchored)
        clock = ""
        if args.clock and description:
            build = dict(hostile_inputs(pattern))[description]

            def timed(text: str) -> float:
                started = time.perf_counter()
                (pattern.match if anchored else pattern.search)(text)
                return (time.perf_counter() - started) * 1e9

            clock = f"{exponent(timed, build, args.size * 8):9.2f}"
        flag = "  <-- superlinear" if found > 1.4 else ""
        how = " (anchored)" if anchored else ""
        print(f"{name:<72} {found:9.2f} {clock:>9}  {description}{how}{flag}")


if __name__ == "__main__":
    main()
