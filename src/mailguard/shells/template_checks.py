"""Static checks of a template's Jinja2 structure, before any row is rendered.

The To/Cc analysis replaces every Jinja2 expression with a marker and lets the address
parser split the result: each address holding a marker is a per-row recipient, every other
address is fixed text. Loops and join-like filters in To/Cc put several people there.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from email.utils import getaddresses
from typing import Any

from mailguard.content.names import HONORIFICS
from mailguard.destinations.domains import registrable_domain
from mailguard.findings import Finding, Severity, Text
from mailguard.policy import Policy
from mailguard.shells.templates import HeaderLine, Template, environment

_LIST_LIKE = re.compile(r"(emails|addresses|recipients|members|subscribers|list|all|rows)$", re.IGNORECASE)
_JOINING_FILTERS = {"join", "map", "list", "batch", "sum", "unique", "select", "reject", "selectattr", "rejectattr"}
_SALUTATION = re.compile(
    r"(" + "|".join(re.escape(h) for h in HONORIFICS) + r"|^\s*(dear|hi|hello|attn)\b|御中)", re.IGNORECASE
)
SALUTATION_LINES = 8


@dataclass(frozen=True, slots=True)
class Problem:
    rule: str
    line: int
    message: Text
    fix: Text
    value: str


def _nodes() -> Any:
    from jinja2 import nodes

    return nodes


def _expressions(tree: Any) -> list[Any]:
    nodes = _nodes()
    found: list[Any] = []
    for output in tree.find_all(nodes.Output):
        found.extend(child for child in output.nodes if not isinstance(child, nodes.TemplateData))
    return found


def root_of(expression: Any) -> tuple[str, str, bool]:
    """(row, variable, indexed) for an expression.

    ``{{ email }}`` -> ('<row>', 'email', False); ``{{ row.email }}`` -> ('row', 'row', False);
    ``{{ names[i] }}`` -> ('names', 'names', True). The row is '<row>' for top-level columns.
    """
    nodes = _nodes()
    node, indexed, attributed = expression, False, False
    while True:
        if isinstance(node, nodes.Filter):
            node = node.node
        elif isinstance(node, nodes.Getattr):
            attributed, node = True, node.node
        elif isinstance(node, nodes.Getitem):
            attributed, indexed = True, indexed or not isinstance(node.arg, nodes.Const)
            node = node.node
        elif isinstance(node, nodes.Name):
            return (node.name if attributed else "<row>"), node.name, indexed
        else:
            return "<expr>", "", indexed


def _recipient_problems(header: HeaderLine, policy: Policy, internal: set[str]) -> Iterator[Problem]:
    nodes = _nodes()
    tree = environment().parse(header.value)
    label = header.name.title()
    if list(tree.find_all(nodes.For)):
        yield _problem_list(header, "a loop ({% for %})")
        return
    for flt in tree.find_all(nodes.Filter):
        if flt.name in _JOINING_FILTERS:
            yield _problem_list(header, f"the filter |{flt.name}")
            return
    markers: dict[str, Any] = {}
    text = header.value
    for index, span in enumerate(re.findall(r"\{\{.*?\}\}", header.value)):
        found = _expressions(environment().parse(span))
        if found:
            markers[f"mgvar{index}x"] = found[0]
            text = text.replace(span, f"mgvar{index}x", 1)
    per_row, fixed = [], []
    for _, address in getaddresses([text]):
        if any(m in address for m in markers):
            per_row.append(next(markers[m] for m in markers if m in address))
        elif "@" in address:
            fixed.append(address)
    if len(per_row) > 1:
        yield _problem_list(header, f"{len(per_row)} per-row addresses")
    for expression in per_row:
        name = getattr(expression, "attr", None) or getattr(expression, "name", "") or ""
        if _LIST_LIKE.search(str(name)):
            yield _problem_list(header, f"the variable {name!r}, which looks like a list")
    for address in fixed:
        domain = registrable_domain(address.rpartition("@")[2])
        if domain not in internal:
            yield Problem(
                "MG601",
                header.line,
                Text(
                    en=f"{label} holds the fixed external address {address}: every message of the run goes to it.",
                    ja=f"{label} に固定の外部アドレス {address} があり、すべてのメールがそこへ送られます。",
                ),
                Text(en=f"Remove {address} from {label}.", ja=f"{label} から {address} を削除してください。"),
                address.lower(),
            )


def _problem_list(header: HeaderLine, what: str) -> Problem:
    label = header.name.title()
    return Problem(
        "MG601",
        header.line,
        Text(
            en=f"{label} is built from {what}: several recipients would see each other (#7).",
            ja=f"{label} が {what} で作られ、複数の宛先が互いに見えてしまいます (#7)。",
        ),
        Text(
            en=f"Put exactly one per-row variable in {label} ({{{{ email }}}}), or the list in Bcc.",
            ja=f"{label} には行ごとの変数を1つだけ ({{{{ email }}}}) 入れるか、一覧は Bcc にしてください。",
        ),
        header.value,
    )


def recipient_problems(template: Template, policy: Policy) -> list[Problem]:
    internal = {registrable_domain(d.removeprefix("*.")) for d in policy.internal_domains}
    if not internal:
        # As for messages: without internal_domains, the sender's organisation is internal.
        for header in template.header_values("from"):
            for _, address in getaddresses([header.value]):
                if "@" in address and "{" not in address:
                    internal.add(registrable_domain(address.rpartition("@")[2]))
    problems: list[Problem] = []
    for header in (*template.header_values("to"), *template.header_values("cc")):
        problems.extend(_recipient_problems(header, policy, internal))
    return problems


def same_row_problems(template: Template) -> list[Problem]:
    """MG602: the salutation and per-person attachments come from the recipient's row."""
    roots = set()
    for header in template.header_values("to"):
        for expression in _expressions(environment().parse(header.value)):
            roots.add(root_of(expression)[0])
    if len(roots) != 1:
        return []
    recipient_root = roots.pop()
    loop_names = _loop_variables(template)
    problems = []
    candidates = [(h.line, h.value) for h in template.header_values("attachment")]
    body_lines = [line for line in template.body.split("\n")]
    shown = 0
    for offset, line in enumerate(body_lines):
        if not line.strip():
            continue
        shown += 1
        if shown > SALUTATION_LINES:
            break
        if _SALUTATION.search(line):
            candidates.append((template.body_line + offset, line))
    candidates += [(h.line, h.value) for h in template.header_values("subject")]
    for line_number, text in candidates:
        for expression in _expressions(environment().parse(text)):
            root, variable, indexed = root_of(expression)
            if root == "<expr>":
                continue
            reason = ""
            if indexed:
                reason = f"indexes {root}[...] with a variable"
            elif variable in loop_names:
                reason = f"uses the loop variable {variable!r}"
            elif root != recipient_root:
                reason = f"reads from {root!r}, not from the recipient's row {recipient_root!r}"
            if reason:
                problems.append(
                    Problem(
                        "MG602",
                        line_number,
                        Text(
                            en=f"Line {line_number} {reason}: the name may belong to another row (#8).",
                            ja=f"{line_number} 行目は別の行の名前を差し込むおそれがあります ({reason}) (#8)。",
                        ),
                        Text(
                            en="Build the salutation and attachment names from the same row as the recipient.",
                            ja="宛名と添付ファイル名は宛先と同じ行から差し込んでください。",
                        ),
                        text.strip(),
                    )
                )
    return problems


def _loop_variables(template: Template) -> set[str]:
    nodes = _nodes()
    names: set[str] = set()
    for loop in environment().parse(template.text).find_all(nodes.For):
        names.update(n.name for n in loop.target.find_all(nodes.Name))
        if isinstance(loop.target, nodes.Name):
            names.add(loop.target.name)
    return names


def undefined_problems(template: Template, columns: set[str]) -> list[Problem]:
    """MG603: variables the sample data does not provide (strict undefined)."""
    from jinja2 import meta

    missing = sorted(meta.find_undeclared_variables(environment().parse(template.text)) - columns)
    if not missing:
        return []
    line = next((i + 1 for i, text in enumerate(template.text.split("\n")) if missing[0] in text), 1)
    return [
        Problem(
            "MG603",
            line,
            Text(
                en=f"The data has no column for {', '.join(missing)}: rendering would fail or leave a blank.",
                ja=f"データに {', '.join(missing)} の列がありません。",
            ),
            Text(
                en="Add the column to the data or fix the variable name.",
                ja="データに列を追加するか変数名を直してください。",
            ),
            ",".join(missing),
        )
    ]


def unsubscribe_problems(template: Template) -> list[Problem]:
    """MG604: a bulk template without List-Unsubscribe (when the policy requires one)."""
    if template.header_values("list-unsubscribe"):
        return []
    return [
        Problem(
            "MG604",
            1,
            Text(en="The template has no List-Unsubscribe header.", ja="List-Unsubscribe ヘッダーがありません。"),
            Text(
                en="Add List-Unsubscribe: <mailto:...> (and List-Unsubscribe-Post for one-click).",
                ja="List-Unsubscribe: <mailto:...> を追加してください。",
            ),
            "list-unsubscribe",
        )
    ]


def line_of(location: str) -> int:
    """The template line of a finding located ``line:N`` (1 for run or row findings)."""
    head, _, number = location.partition(":")
    return int(number) if head == "line" and number.isdigit() else 1


def as_finding(problem: Problem, template: Template, severity: Severity | None = None) -> Finding:
    from mailguard.rules import registry

    rule = registry()[problem.rule]
    return Finding.create(
        rule=rule.id,
        name=rule.name,
        severity=severity or rule.default_severity,
        message=problem.message,
        fix=problem.fix,
        incidents=rule.incidents,
        location=f"line:{problem.line}",
        value=problem.value,
        subjects=(),
        message_digest=template.source,
    )
