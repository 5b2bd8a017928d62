"""The message catalogue: every word mailguard shows is made here, at the edge.

Findings, run findings and reports carry a reason *code* and its parameters (counts,
domains, masked values, part names), never a sentence; :func:`render` turns them into words
with one table per language (``en.py``, ``ja.py``: plain ``str.format`` templates keyed by
code, checked against each other by ``tests/test_catalogue.py``). A plain table, not
gettext: no compile step, imported in microseconds, and mypy sees it.

Codes are ``RULE.what`` for a rule's findings (``MG501.swapped``) and ``ui.*`` / ``run.*``
for the framework. A parameter may itself be a :class:`~mailguard.findings.Reason` (rendered
in the same language) or a tuple (joined with the language's list separator).

Reader notes (``Draft.warnings`` and ``Draft.incomplete``) and attachment-extraction problems
are reasons too (``MG901.*``, ``MG900.*``, ``MG204.*``), so what MG900, MG901 and MG204 show is
in the reader's language; ``tests/test_languages.py`` scans every example and fixture for a
sentence in the other language, ``tests/test_structure.py`` keeps the tables' codes and
parameters equal.
"""

from __future__ import annotations

from collections.abc import Mapping

from mailguard.catalogue import en, ja

LANGS: Mapping[str, Mapping[str, str]] = {"en": en.MESSAGES, "ja": ja.MESSAGES}
LIST_SEPARATOR = {"en": ", ", "ja": "、"}


def template(lang: str, code: str) -> str:
    """The template for ``code`` in ``lang`` (English when that table lacks it; a missing
    code everywhere is a defect, reported as the code itself rather than a crash)."""
    table = LANGS.get(lang, en.MESSAGES)
    found = table.get(code)
    if found is None:
        found = en.MESSAGES.get(code, code)
    return found


def words(lang: str, code: str, params: Mapping[str, object] | None = None) -> str:
    """``code`` rendered in ``lang`` with ``params`` (already shown as words)."""
    text = template(lang, code)
    return text.format_map(params) if params else text
