"""Look-alike domains: close to, but not, a domain the sender meant.

A recipient's domain is compared with *reference* domains, each remembered with where it was
seen: the sender's own organisation, the domains the message itself shows (the quoted
thread, forwarded headers, signatures), the policy's internal, trusted and known domains, the
address book, and the well-known mail providers. Close means:

- visually the same after folding ``rn``/``m``, ``l``/``1``/``I``, ``0``/``o``, ``-``/``.`` and
  cross-script homoglyphs (Cyrillic, Greek, full-width; via the confusables tables, also for
  ``xn--`` names);
- one edit, transposition, doubled or dropped letter (``gmial.com``, ``hikari-densi.co.jp``);
  labels shorter than five letters only against a mail provider and only by a dropped,
  doubled or swapped letter (``gmai.com``);
- the same name under a suffix one letter away (``yahoo.co.jo``, ``icloud.co``), or under
  another suffix altogether (``example.jp`` for ``example.co.jp``: a confirmation).

Geographic and ``lg.jp`` names are compared whole (``pref.kanagwa.jp``,
``city.saitarna.lg.jp``): the label that differs is judged, the rest must be the same.
A recipient domain that is itself a reference (two real partners one letter apart, both in
the address book) is never a look-alike.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache

from mailguard.destinations.domains import normalise_domain, public_suffix, registrable_domain

_VISUAL = (("rn", "m"), ("vv", "w"), ("cl", "d"), ("0", "o"), ("1", "l"), ("i", "l"), ("|", "l"))
_SEPARATORS = re.compile(r"[-_.]")
# Second-level labels of the organisation-type .jp names: anything else under .jp with two
# labels (kanagawa.jp, shibuya.tokyo.jp) is a geographic name, compared whole.
_JP_TYPES = frozenset({"co", "ne", "or", "ac", "ad", "ed", "go", "gr", "lg"})


class Where(StrEnum):
    """Where a reference domain was seen; the order is the order of preference."""

    OWN = "own"
    QUOTED = "quoted"
    SIGNATURE = "signature"
    BODY = "body"
    INTERNAL = "internal"
    ADDRESS_BOOK = "address_book"
    KNOWN = "known"
    PROVIDER = "provider"

    @property
    def rank(self) -> int:
        """Its place in the order of preference (0 first)."""
        return _WHERE_RANK[self]


_WHERE_RANK = {where: rank for rank, where in enumerate(Where)}


class Closeness(StrEnum):
    VISUAL = "visual"  # looks the same
    ONE_EDIT = "one_edit"
    TWO_EDITS = "two_edits"
    SUFFIX_TYPO = "suffix_typo"  # the same name, the ending one letter off
    OTHER_SUFFIX = "other_suffix"  # the same name under another ending

    @property
    def certain(self) -> bool:
        """Nearly always a typo (block) rather than possibly another real domain (confirm)."""
        return self is not Closeness.OTHER_SUFFIX


@dataclass(frozen=True, slots=True)
class Reference:
    domain: str
    where: Where
    detail: str = ""  # e.g. the date of the quoted message


_CACHE_MAX = 4096


@dataclass(frozen=True, slots=True)
class LookAlike:
    domain: str
    reference: Reference
    closeness: Closeness


Organisation = Callable[[str], str]


@lru_cache(maxsize=4096)
def _unicode_form(domain: str) -> str:
    if "xn--" not in domain:
        return domain
    try:
        import idna

        return str(idna.decode(domain))
    except Exception:
        return domain


@lru_cache(maxsize=65536)
def skeleton(text: str) -> str:
    """What a label or a domain looks like to a hurried reader."""
    text = _unicode_form(text).lower()
    if not text.isascii():
        import confusables

        forms = confusables.normalize(text, prioritize_alpha=True)
        text = forms[0] if forms else text
    for seen, meant in _VISUAL:
        text = text.replace(seen, meant)
    return _SEPARATORS.sub("", text)


@lru_cache(maxsize=65536)
def parts(organisation: str) -> tuple[tuple[str, ...], str]:
    """(the labels that name it, its suffix): ``hikari-denshi.co.jp`` -> ((hikari-denshi,),
    co.jp); geographic and lg.jp names whole: ``pref.kanagawa.jp`` -> ((pref, kanagawa), jp),
    ``city.saitama.lg.jp`` -> ((city, saitama), lg.jp)."""
    registrable = registrable_domain(organisation)
    label, _, suffix = registrable.partition(".")
    if organisation != registrable and organisation.endswith("." + registrable):
        return tuple(organisation[: -len(suffix) - 1].split(".")), suffix
    suffix_labels = suffix.split(".")
    if len(suffix_labels) >= 2 and suffix_labels[-1] == "jp" and suffix_labels[0] not in _JP_TYPES:
        return tuple(registrable.split(".")[:-1]), "jp"
    return (label,), suffix


def _within_one_edit(a: str, b: str) -> bool:
    """One insertion, deletion, substitution or adjacent transposition apart (or equal).

    The common case, answered without importing rapidfuzz: a plain ``check`` of one draft
    should not pay for the library it rarely needs."""
    if abs(len(a) - len(b)) > 1:
        return False
    start = 0
    while start < min(len(a), len(b)) and a[start] == b[start]:
        start += 1
    a_rest, b_rest = a[start:], b[start:]
    if len(a_rest) == len(b_rest):
        return a_rest[1:] == b_rest[1:] or (a_rest[:2] == b_rest[1::-1] and a_rest[2:] == b_rest[2:])
    longer, shorter = (a_rest, b_rest) if len(a_rest) > len(b_rest) else (b_rest, a_rest)
    return longer[1:] == shorter


def _is_substitution(a: str, b: str) -> bool:
    """Same length and one letter replaced (not swapped): ``mall`` for ``mail``."""
    return len(a) == len(b) and sum(x != y for x, y in zip(a, b, strict=True)) == 1


def _edit_distance(a: str, b: str) -> int:
    """Optimal string alignment distance (edits and adjacent transpositions), via rapidfuzz."""
    if a == b:
        return 0
    if _within_one_edit(a, b):
        return 1
    if abs(len(a) - len(b)) > 2 or min(len(a), len(b)) < 12:
        return 3  # beyond any threshold used here: no need to compute it exactly
    from rapidfuzz.distance import OSA

    return int(OSA.distance(a, b))


def _label_closeness(label: str, ref_label: str, provider: bool) -> Closeness | None:
    if label.isdigit() or ref_label.isdigit():
        return None
    shorter = min(len(label), len(ref_label))
    distance = _edit_distance(label, ref_label)
    if distance == 1 and shorter >= 5:
        return Closeness.ONE_EDIT
    if distance == 1 and provider and shorter >= 3 and max(len(label), len(ref_label)) >= 4:
        # gmai.com, gmaill.com: a famous name with a letter dropped, doubled or swapped. A
        # replaced letter in a short name (usb.com for usa.com) is too often another company.
        return None if _is_substitution(label, ref_label) else Closeness.ONE_EDIT
    if distance == 2 and shorter >= 12:
        return Closeness.TWO_EDITS
    return None


def compare(domain: str, reference: str, organisation: Organisation, provider: bool = False) -> Closeness | None:
    """How ``domain`` imitates ``reference`` (None when it does not, or is the same one)."""
    domain, reference = normalise_domain(domain), normalise_domain(reference)
    if not domain or not reference or domain == reference:
        return None
    own, theirs = organisation(domain), organisation(reference)
    if own == theirs:
        return None  # a subdomain of the same organisation
    if skeleton(own) == skeleton(theirs) or skeleton(domain) == skeleton(reference):
        return Closeness.VISUAL
    ref_labels, ref_suffix = parts(theirs)
    labels, suffix = _view(domain, own, ref_labels, ref_suffix)
    name = ".".join(ref_labels)
    ending = domain[len(name) + 1 :] if domain.startswith(name + ".") else ""
    if ending and _edit_distance(ending, ref_suffix) == 1 and (len(name) >= 4 or provider):
        # yahoo.co.jo, docomo.ne.jq: the name intact, its ending mistyped into one that does
        # not exist (certain); icloud.co, gmail.cm: into another country's (perhaps real)
        return Closeness.SUFFIX_TYPO if public_suffix(domain) != ending else Closeness.OTHER_SUFFIX
    if len(labels) != len(ref_labels):
        return None
    if suffix == ref_suffix:
        differing = [(a, b) for a, b in zip(labels, ref_labels, strict=True) if a != b]
        if len(differing) != 1:
            return None
        return _label_closeness(*differing[0], provider=provider)
    if labels != ref_labels or len(name) < 5:
        return None
    # example-city.jp for example-city.lg.jp, hikari-denshi.jp for hikari-denshi.co.jp: the
    # open .jp, where anyone may hold the name, for a .jp attribute type only the real body
    # may. Other pairs (example-city.ed.jp, the city's schools; example.com and example.net)
    # are too often the same owner's to be worth a question.
    if {suffix, ref_suffix} & {"jp"} and (_restricted(suffix) or _restricted(ref_suffix)):
        return Closeness.OTHER_SUFFIX
    return None


def _restricted(suffix: str) -> bool:
    """A .jp attribute type (co.jp, lg.jp, ed.jp, ...): one name per real organisation."""
    first, _, rest = suffix.partition(".")
    return rest == "jp" and first in _JP_TYPES


def _view(domain: str, organisation: str, ref_labels: tuple[str, ...], ref_suffix: str) -> tuple[tuple[str, ...], str]:
    """The domain's naming labels as the reference is named: ``pref.kanagwa.jp`` is not a
    geographic name the PSL knows (``kanagwa.jp`` is registrable), but read against
    ``pref.kanagawa.jp`` it is ((pref, kanagwa), jp)."""
    labels, suffix = parts(organisation)
    if (len(labels), suffix) != (len(ref_labels), ref_suffix) and domain.endswith("." + ref_suffix):
        whole = tuple(domain[: -len(ref_suffix) - 1].split("."))
        if len(whole) == len(ref_labels):
            return whole, ref_suffix
    return labels, suffix


@dataclass
class LookalikeIndex:
    """Reference domains prepared once (for a policy's thousands of address-book domains:
    candidates come from dictionaries and one rapidfuzz pass, not a loop over every entry);
    lookups are cached per domain, so a run of 20,000 messages compares each domain once."""

    references: tuple[Reference, ...]
    organisation: Organisation
    _organisations: set[str] = field(default_factory=set, repr=False)
    _by_skeleton: dict[str, list[Reference]] = field(default_factory=dict, repr=False)
    _by_name: dict[tuple[str, ...], list[Reference]] = field(default_factory=dict, repr=False)
    _by_shape: dict[tuple[str, int], list[tuple[tuple[str, ...], Reference]]] = field(default_factory=dict, repr=False)
    _labels: dict[str, list[str]] = field(default_factory=dict, repr=False)
    _by_label: dict[tuple[str, str], list[Reference]] = field(default_factory=dict, repr=False)
    _cache: dict[str, LookAlike | None] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for reference in self.references:
            organisation = self.organisation(reference.domain)
            self._organisations.add(organisation)
            for form in {skeleton(organisation), skeleton(reference.domain)}:
                self._by_skeleton.setdefault(form, []).append(reference)
            labels, suffix = parts(organisation)
            self._by_name.setdefault(labels, []).append(reference)
            self._by_shape.setdefault((suffix, len(labels)), []).append((labels, reference))
        for (suffix, size), entries in self._by_shape.items():
            if size == 1:
                for labels, reference in entries:
                    self._by_label.setdefault((suffix, labels[0]), []).append(reference)
                self._labels[suffix] = sorted({labels[0] for labels, _ in entries})

    def as_seen(self, found: LookAlike) -> LookAlike:
        """``found`` with its reference as seen here, when this index holds the same domain
        (gmail.com matched as a provider, and also the author of the quoted message)."""
        for reference in self._by_name.get(parts(self.organisation(found.reference.domain))[0], ()):
            if reference.domain == found.reference.domain:
                return LookAlike(found.domain, reference, found.closeness)
        return found

    def knows(self, domain: str) -> bool:
        """Whether ``domain`` is (an organisation of) a reference itself."""
        return self.organisation(normalise_domain(domain)) in self._organisations

    def find(self, domain: str) -> LookAlike | None:
        """The reference that ``domain`` imitates, unless it is itself a reference."""
        domain = normalise_domain(domain)
        if domain not in self._cache:
            if len(self._cache) >= _CACHE_MAX:  # bounded: a gateway sees endless domains
                self._cache.clear()
            self._cache[domain] = self._find(domain)
        return self._cache[domain]

    def _find(self, domain: str) -> LookAlike | None:
        if not domain or self.knows(domain):
            return None
        found = [
            LookAlike(domain, reference, closeness)
            for reference in dict.fromkeys(self._candidates(domain))
            if (closeness := compare(domain, reference.domain, self.organisation, reference.where is Where.PROVIDER))
        ]
        return best(found)

    def _candidates(self, domain: str) -> Iterable[Reference]:
        organisation = self.organisation(domain)
        yield from self._by_skeleton.get(skeleton(organisation), ())
        yield from self._by_skeleton.get(skeleton(domain), ())
        yield from self._by_name.get((domain.partition(".")[0],), ())  # yahoo.co.jo
        for labels, suffix in _views(domain, organisation):
            yield from self._by_name.get(labels, ())
            if len(labels) > 1:
                yield from (reference for _, reference in self._by_shape.get((suffix, len(labels)), ()))
                continue
            names = self._labels.get(suffix)
            if names:
                for close in _close_labels(labels[0], names):
                    yield from self._by_label[(suffix, close)]


def _views(domain: str, organisation: str) -> set[tuple[tuple[str, ...], str]]:
    """The ways a reference may name this domain: as the PSL reads it, and with the last one
    or two labels as the suffix (the whole name, for geographic names the PSL does not know)."""
    labels = domain.split(".")
    views = {parts(organisation)}
    for size in (1, 2):
        if len(labels) > size:
            views.add((tuple(labels[:-size]), ".".join(labels[-size:])))
    return views


def _close_labels(label: str, names: list[str]) -> set[str]:
    """The names that may be at most two edits from ``label``: one pass of rapidfuzz over the
    list. Plain Levenshtein within 3 (a transposition counts 2 there) is a superset of the
    edits ``compare`` accepts except two transpositions in one long name, and runs three
    times faster than the transposition-aware distance; ``compare`` then decides."""
    if len(names) <= 32:
        return {n for n in names if _edit_distance(label, n) <= 2}
    from rapidfuzz import process
    from rapidfuzz.distance import Levenshtein

    found = process.extract(label, names, scorer=Levenshtein.distance, score_cutoff=3, limit=None)
    return {match for match, _, _ in found}


def best(found: Iterable[LookAlike]) -> LookAlike | None:
    """The most telling match: a certain typo before another ending, then by where seen."""
    return min(found, key=lambda f: (not f.closeness.certain, f.reference.where.rank, f.reference.domain), default=None)


def reference_domain(pattern: str) -> str:
    """A policy pattern as a comparable domain (``*.example.jp`` -> ``example.jp``)."""
    return normalise_domain(pattern.removeprefix("*."))
