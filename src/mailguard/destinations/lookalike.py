"""Look-alike domains: close to, but not, a domain the sender meant.

Compares a recipient's domain with the reference domains (internal, trusted, known, the
address book's and the personal mail providers'): one edit or transposition away
(``gmial.com``), visually the same after folding ``rn``/``m``, ``l``/``1``, ``0``/``o`` and
cross-script homoglyphs (``аррӏе.com`` in Cyrillic, via the confusables tables), or the same
name under another public suffix (``example-city.lg.jp`` vs ``example-city.jp``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from mailguard.destinations.domains import normalise_domain, registrable_domain

_VISUAL = (("rn", "m"), ("vv", "w"), ("cl", "d"), ("0", "o"), ("1", "l"), ("i", "l"), ("|", "l"))
_SEPARATORS = re.compile(r"[-_.]")


@dataclass(frozen=True, slots=True)
class LookAlike:
    domain: str
    reference: str
    reason: str


@lru_cache(maxsize=2048)
def _unicode_form(domain: str) -> str:
    try:
        import idna

        return str(idna.decode(domain))
    except Exception:
        return domain


@lru_cache(maxsize=2048)
def skeleton(label: str) -> str:
    """What a label looks like to a hurried reader."""
    text = _unicode_form(label).lower()
    if not text.isascii():
        import confusables

        forms = confusables.normalize(text, prioritize_alpha=True)
        text = forms[0] if forms else text
    for seen, meant in _VISUAL:
        text = text.replace(seen, meant)
    return _SEPARATORS.sub("", text)


def _split(domain: str) -> tuple[str, str]:
    """(registrable label, public suffix): example-city.lg.jp -> (example-city, lg.jp)."""
    registrable = registrable_domain(domain)
    label, _, suffix = registrable.partition(".")
    return label, suffix


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


def compare(domain: str, reference: str) -> str | None:
    """Why ``domain`` looks like ``reference`` (None when it does not, or is the same)."""
    domain, reference = normalise_domain(domain), normalise_domain(reference)
    if not domain or not reference or domain == reference:
        return None
    if registrable_domain(domain) == registrable_domain(reference):
        return None  # a subdomain of the same organisation
    label, suffix = _split(domain)
    ref_label, ref_suffix = _split(reference)
    if not label or not ref_label:
        return None
    if label == ref_label and suffix != ref_suffix and len(label) >= 5:
        return f"has the same name as {reference} under another ending (.{suffix})"
    if skeleton(label) == skeleton(ref_label) and suffix == ref_suffix:
        return f"looks the same as {reference}"
    if suffix == ref_suffix and not label.isdigit():
        distance = _edit_distance(label, ref_label)
        if distance == 1 and min(len(label), len(ref_label)) >= 5:
            return f"is one character away from {reference}"
        if distance == 2 and min(len(label), len(ref_label)) >= 12:
            return f"is two characters away from {reference}"
    return None


class LookalikeIndex:
    """Reference domains prepared once per policy; lookups are cached per domain, so a run of
    20,000 messages to a few hundred domains compares each domain once."""

    def __init__(self, references: frozenset[str]) -> None:
        self.references = references
        self.registrable = {registrable_domain(r) for r in references} | set(references)
        self._cache: dict[str, LookAlike | None] = {}

    def find(self, domain: str) -> LookAlike | None:
        """The first reference that ``domain`` imitates, unless it is itself a reference."""
        domain = normalise_domain(domain)
        if domain not in self._cache:
            self._cache[domain] = self._find(domain)
        return self._cache[domain]

    def _find(self, domain: str) -> LookAlike | None:
        if domain in self.references or registrable_domain(domain) in self.registrable:
            return None
        for reference in sorted(self.references):
            reason = compare(domain, reference)
            if reason:
                return LookAlike(domain, reference, reason)
        return None


def reference_domain(pattern: str) -> str:
    """A policy pattern as a comparable domain (``*.example.jp`` -> ``example.jp``)."""
    return normalise_domain(pattern.removeprefix("*."))
