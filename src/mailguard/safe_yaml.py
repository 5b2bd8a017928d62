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

_Base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class StrictLoader(_Base):  # type: ignore[misc]
    """Safe, duplicate keys refused (aliases are refused before loading, see :func:`load`)."""


def _no_duplicates(loader: StrictLoader, node: yaml.MappingNode, deep: bool = False) -> Any:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            line = key_node.start_mark.line + 1
            raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key!r} (line {line})")
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
    except yaml.MarkedYAMLError as exc:
        raise PolicyError(source, f"invalid YAML: {_where(exc.problem_mark)}{exc.problem or 'cannot be read'}") from exc
    except yaml.YAMLError as exc:
        raise PolicyError(source, "invalid YAML") from exc


def _refuse_aliases(text: str) -> None:
    for token in yaml.scan(text, Loader=_Base):
        if isinstance(token, yaml.AliasToken | yaml.AnchorToken):
            raise yaml.MarkedYAMLError(
                problem="anchors and aliases (&name, *name) are not allowed", problem_mark=token.start_mark
            )


def _where(mark: Any) -> str:
    return f"line {mark.line + 1}, column {mark.column + 1}: " if mark is not None else ""
