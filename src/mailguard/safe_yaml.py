"""Reading the YAML files people write (policies, address books): safely, strictly, boundedly.

The safe loader (libyaml's when available: policies load at every start) that rejects
duplicate keys instead of keeping the last one, and refuses aliases (``&a`` / ``*a``): an
850-byte file of nested aliases expands to gigabytes when constructed, and nothing a policy or
an address book says needs them. Errors name the file, line and column and what is wrong,
never the text around it (an address book holds personal data).
"""

from __future__ import annotations

from typing import Any

import yaml

from mailguard.errors import PolicyError
from mailguard.findings import Reason, reason

_Base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Refused(Exception):
    """What the strict loader refuses (a duplicate key, an alias), as a catalogue reason."""

    def __init__(self, why: Reason) -> None:
        super().__init__(why.en)
        self.reason = why


class StrictLoader(_Base):  # type: ignore[misc]
    """Safe, duplicate keys refused (aliases are refused before loading, see :func:`load`)."""


def _no_duplicates(loader: StrictLoader, node: yaml.MappingNode, deep: bool = False) -> Any:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            line = key_node.start_mark.line + 1
            raise _Refused(reason("error.yaml.duplicate_key", key=str(key), line=line))
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _no_duplicates)


def load(text: str, source: str, trusted: bool = False) -> Any:
    """The data of one YAML document; PolicyError naming ``source``, line and column.

    ``trusted`` (the shipped files) skips the alias scan, which costs a second pass."""
    try:
        if not trusted:
            _refuse_aliases(text)
        return yaml.load(text, Loader=StrictLoader)
    except _Refused as exc:
        raise PolicyError(source, exc.reason) from exc
    except yaml.MarkedYAMLError as exc:
        raise PolicyError(source, _invalid(exc.problem_mark, exc.problem)) from exc
    except yaml.YAMLError as exc:
        raise PolicyError(source, reason("error.yaml.invalid")) from exc


def _refuse_aliases(text: str) -> None:
    for token in yaml.scan(text, Loader=_Base):
        if isinstance(token, yaml.AliasToken | yaml.AnchorToken):
            mark = token.start_mark
            raise _Refused(reason("error.yaml.aliases", line=mark.line + 1, column=mark.column + 1))


def _invalid(mark: Any, problem: str | None) -> Reason:
    """Invalid YAML, where (line and column) and what the parser said (its own words)."""
    if mark is None:
        return reason("error.yaml.problem", problem=problem or "") if problem else reason("error.yaml.invalid")
    where = {"line": mark.line + 1, "column": mark.column + 1}
    if not problem:
        return reason("error.yaml.invalid_at", **where)
    return reason("error.yaml.problem_at", problem=problem, **where)
