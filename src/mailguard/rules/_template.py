"""What the template rules (MG601-MG604) share: reading a template's Jinja2 expressions.

Expressions are found with Jinja2's own parser. ``root_of`` says which row an expression
reads from, so the rules can tell ``{{ row.name }}`` (the recipient's row) from
``{{ names[i] }}`` (another list, indexed).
"""

from __future__ import annotations

from typing import Any

from mailguard.readers.template import Template, environment


def nodes() -> Any:
    from jinja2 import nodes as jinja_nodes

    return jinja_nodes


def parse(text: str) -> Any:
    return environment().parse(text)


def expressions(tree: Any) -> list[Any]:
    """The output expressions of a parsed template (not its literal text)."""
    kinds = nodes()
    found: list[Any] = []
    for output in tree.find_all(kinds.Output):
        found.extend(child for child in output.nodes if not isinstance(child, kinds.TemplateData))
    return found


def root_of(expression: Any) -> tuple[str, str, bool]:
    """(row, variable, indexed) for an expression.

    ``{{ email }}`` -> ('<row>', 'email', False); ``{{ row.email }}`` -> ('row', 'row', False);
    ``{{ names[i] }}`` -> ('names', 'names', True). The row is '<row>' for top-level columns.
    """
    kinds = nodes()
    node, indexed, attributed = expression, False, False
    while True:
        if isinstance(node, kinds.Filter):
            node = node.node
        elif isinstance(node, kinds.Getattr):
            attributed, node = True, node.node
        elif isinstance(node, kinds.Getitem):
            attributed, indexed = True, indexed or not isinstance(node.arg, kinds.Const)
            node = node.node
        elif isinstance(node, kinds.Name):
            return (node.name if attributed else "<row>"), node.name, indexed
        else:
            return "<expr>", "", indexed


def loop_variables(template: Template) -> set[str]:
    kinds = nodes()
    names: set[str] = set()
    for loop in parse(template.text).find_all(kinds.For):
        names.update(n.name for n in loop.target.find_all(kinds.Name))
        if isinstance(loop.target, kinds.Name):
            names.add(loop.target.name)
    return names
