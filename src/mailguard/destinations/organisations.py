"""Organisations: where one organisation ends and the next begins, beyond the Public Suffix List.

The registrable domain is the right answer for ``example.co.jp``, and the wrong one in two
places a Japanese office meets every day: under ``lg.jp`` a prefecture and the city of the same
name share ``saitama.lg.jp`` (the body-type label ``pref``/``city`` names the organisation), and
under ``ac.jp``/``ed.jp`` a student's mailbox shares the university's domain while it belongs to
a private person. The shipped data (``rules/organisation-boundaries.yaml``, and the personal
mail providers) says which labels do this; the policy may add more.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from mailguard.destinations.domains import normalise_domain, registrable_domain, remember

_CACHE_SIZE = 65536


@dataclass(frozen=True)
class Boundaries:
    """Which labels start an organisation (``lg.jp`` bodies) or mark students (``ac.jp``)."""

    government_suffixes: frozenset[str] = frozenset()
    body_labels: frozenset[str] = frozenset()
    student_suffixes: frozenset[str] = frozenset()
    student_labels: frozenset[str] = frozenset()
    separate: frozenset[str] = frozenset()
    _organisations: dict[str, str] = field(default_factory=dict, compare=False, repr=False)
    _students: dict[str, bool] = field(default_factory=dict, compare=False, repr=False)

    def organisation(self, domain: str) -> str:
        """The domain that names ``domain``'s organisation (``www.city.saitama.lg.jp`` ->
        ``city.saitama.lg.jp``; ``mail.example.co.jp`` -> ``example.co.jp``)."""
        found = self._organisations.get(domain)  # keyed as asked: most callers ask again
        if found is None:
            found = remember(self._organisations, domain, self._organisation(normalise_domain(domain)), _CACHE_SIZE)
        return found

    def _organisation(self, domain: str) -> str:
        separate = self._separate_parent(domain)
        if separate:
            return separate
        base = registrable_domain(domain)
        suffix = base.partition(".")[2]
        if suffix not in self.government_suffixes:
            return base
        labels = domain.split(".")
        above = labels[: len(labels) - suffix.count(".") - 1]  # [www, city, kawagoe, saitama]
        for depth in (2, 3):  # <type>.<name>.lg.jp or <type>.<name>.<prefecture>.lg.jp
            if len(above) >= depth and above[-depth] in self.body_labels:
                return ".".join(labels[len(above) - depth :])
        return base

    def _separate_parent(self, domain: str) -> str:
        if not self.separate:
            return ""
        current = domain
        while current:
            if current in self.separate:
                return current
            current = current.partition(".")[2]
        return ""

    def is_student(self, domain: str) -> bool:
        """``stu.example-univ.ac.jp``: a student's mailbox, a private person."""
        found = self._students.get(domain)
        if found is None:
            found = remember(self._students, domain, self._is_student(normalise_domain(domain)), _CACHE_SIZE)
        return found

    def _is_student(self, domain: str) -> bool:
        base = registrable_domain(domain)
        if base.partition(".")[2] not in self.student_suffixes or len(domain) <= len(base):
            return False
        return any(label in self.student_labels for label in domain[: -len(base) - 1].split("."))


def _labels(values: Iterable[Any]) -> frozenset[str]:
    return frozenset(str(v).strip().lower() for v in values if str(v).strip())


def load_boundaries(shipped: Mapping[str, Any] | None, section: Mapping[str, Any]) -> Boundaries:
    """The shipped boundaries (unless ``use_shipped_list: false``) and the policy's additions."""
    data: Mapping[str, Any] = shipped if (shipped is not None and section.get("use_shipped_list", True)) else {}
    government = data.get("local_government") or {}
    students = data.get("students") or {}
    return Boundaries(
        government_suffixes=_labels(government.get("suffixes") or ()),
        body_labels=_labels([*(government.get("body_labels") or ()), *section.get("body_labels", ())]),
        student_suffixes=_labels(students.get("suffixes") or ()),
        student_labels=_labels([*(students.get("labels") or ()), *section.get("student_labels", ())]),
        separate=frozenset(normalise_domain(d.removeprefix("*.")) for d in section.get("separate_organisations", ())),
    )


def provider_patterns(shipped: Mapping[str, Any]) -> list[str]:
    """Domain patterns of the shipped personal-mail-providers.yaml (grouped by provider)."""
    return [str(d) for group in shipped.get("providers") or () for d in group.get("domains") or ()]
