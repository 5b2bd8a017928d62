"""The house shows the pipeline: dependencies point one way, the policy validates without
rule code, and the message catalogue speaks every language for every code."""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
import string
import subprocess
import sys
from pathlib import Path

import mailguard
from mailguard.catalogue import en, ja

PACKAGE = Path(mailguard.__file__).resolve().parent


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _imports(path: Path, name: str, modules: set[str]) -> set[str]:
    """Every mailguard module this one imports, at module level or inside a function (those
    count: they run too), except under ``if TYPE_CHECKING:``, which never runs."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    checking: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            checking.update(id(child) for child in ast.walk(node))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in checking:
            continue
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(
                    package.split(".")[: len(package.split(".")) - node.level + 1] + ([base] if base else [])
                )
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                found.add(candidate if candidate in modules else base)
    return {m for m in found if m in modules and m != name}


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: _imports(path, name, set(modules)) for name, path in modules.items()}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan), or a self-import."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                item = stack.pop()
                on_stack.discard(item)
                component.append(item)
                if item == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


# The library facade re-exports lazily from below (``mailguard.check`` -> engine, ``Batch``
# -> shells): it sits on top of everything, and nothing below may import it but for the
# version string, which lives there for the packaging tools.
FACADE = "mailguard"


def test_no_import_cycle_counting_function_level_imports() -> None:
    graph = _graph()
    graph[FACADE] = set()  # the facade's lazy re-exports are the only edges up the stack
    assert _cycles(graph) == []


def test_the_graph_sees_function_level_imports() -> None:
    # The test above would be empty if imports inside functions were missed.
    graph = _graph()
    assert "mailguard.attachments.extract" in graph["mailguard.rules"]  # Context.extracted
    assert "mailguard.shells.batch" in graph["mailguard.shells.template_run"]  # inside _rendered


def test_nothing_below_the_shells_imports_a_shell() -> None:
    # decisions.py asks a person through a callback the shell passes in (DecisionInputs.dialog);
    # the shells resolve the user, the keys and the fingerprint secret (shells/userdata.py).
    graph = _graph()
    upward = {
        (name, target)
        for name, targets in graph.items()
        for target in targets
        if target.startswith("mailguard.shells")
        and not name.startswith("mailguard.shells")
        and name not in (FACADE, "mailguard.__main__")
    }
    assert upward == set()


def test_the_upward_check_sees_an_import_of_a_shell(tmp_path: Path) -> None:
    # The test above would pass on an empty graph: it must see the edge it forbids.
    module = tmp_path / "probe.py"
    module.write_text("def f():\n    from mailguard.shells import interactive\n", encoding="utf-8")
    modules = set(_modules())
    assert _imports(module, "mailguard.probe", modules) == {"mailguard.shells.interactive"}


def test_every_module_imports() -> None:
    for name in _modules():
        importlib.import_module(name)


def test_a_policy_validates_and_loads_without_importing_any_rule(tmp_path: Path) -> None:
    policy = tmp_path / "mailguard.yaml"
    policy.write_text("rules:\n  MG101: {block_at: 4}\n  MG604: {enabled: true}\n", encoding="utf-8")
    code = (
        "import sys\n"
        "from mailguard.policy import load_policy\n"
        "from pathlib import Path\n"
        f"p = load_policy(Path({str(policy)!r}))\n"
        "assert p.rule('MG101').options['block_at'] == 4 and p.rule('MG604').enabled\n"
        "loaded = sorted(m for m in sys.modules if m.startswith('mailguard.rules'))\n"
        "print(loaded)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_every_rule_module_is_found_by_the_one_registry() -> None:
    from mailguard.rules import registry

    ids = {rule.id for rule in registry().values()}
    names = [m.name for m in pkgutil.iter_modules([str(PACKAGE / "rules")]) if not m.name.startswith("_")]
    for module in names:
        assert module[:5].upper() in ids, f"{module} defines no rule of its own id"
    assert {"MG501", "MG502", "MG503", "MG504", "MG601", "MG602", "MG603", "MG604", "MG690", "MG691"} <= ids


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_catalogue_speaks_both_languages_with_the_same_parameters() -> None:
    assert set(en.MESSAGES) == set(ja.MESSAGES)
    for code, text in en.MESSAGES.items():
        assert _fields(text) == _fields(ja.MESSAGES[code]), code
        assert re.fullmatch(r"(ui|run|personal_data|error)\.[\w.-]+|MG\d{3}\.[\w.]+", code), code


def test_a_reason_is_data_until_it_is_shown() -> None:
    from mailguard.findings import reason

    said = reason("MG503.duplicates", count=3)
    assert said.data() == {"code": "MG503.duplicates", "params": {"count": 3}}
    assert said.en == "3 address(es) receive more than one message in this run."
    assert said.ja.startswith("3 件のアドレス")


# Reading the process's surroundings is the shells' job: below them, everything comes in as
# an argument (a service's cwd, locale and login say nothing about the mail it checks).
AMBIENT = re.compile(r"\b(Path\.cwd|os\.getcwd|os\.environ|getpass\.|locale\.|os\.getlogin|Path\.home)\b")


def _ambient_readers(sources: dict[str, str]) -> set[str]:
    readers = set()
    for name, text in sources.items():
        if name.startswith("mailguard.shells") or name == "mailguard.__main__":
            continue
        code = "\n".join(line.split("#")[0] for line in text.splitlines())
        if AMBIENT.search(code):
            readers.add(name)
    return readers


def test_no_module_below_the_shells_reads_the_working_directory_locale_or_login() -> None:
    # Who sends, the config directory and the installation secret are resolved by the shells
    # (shells/userdata.py) and passed in: DecisionInputs.user, Policy.fingerprint_secret.
    sources = {name: path.read_text(encoding="utf-8") for name, path in _modules().items()}
    assert _ambient_readers(sources) == set()


def test_the_ambient_scan_finds_what_it_forbids() -> None:
    probes = {
        "mailguard.a": "import getpass\nuser = getpass.getuser()\n",
        "mailguard.b": "import os\nhome = os.environ.get('HOME')\n",
        "mailguard.c": "from pathlib import Path\nhere = Path.cwd()\n",
        "mailguard.d": "# os.environ in a comment only\nx = 1\n",
        "mailguard.shells.e": "import os\nuser = os.environ['USER']\n",
    }
    assert _ambient_readers(probes) == {"mailguard.a", "mailguard.b", "mailguard.c"}


def test_the_core_keys_fingerprints_with_the_policys_secret_only() -> None:
    # Below the shells nothing reads MAILGUARD_FINGERPRINT_SECRET: the same policy secret gives
    # the same fingerprints whatever the environment says, and the facade fills in the
    # installation secret only where the policy names none.
    from dataclasses import replace

    from mailguard.engine import check_bytes
    from mailguard.policy import Policy

    message = b"From: a@example-city.lg.jp\r\nTo: x@gmail.com\r\nSubject: s\r\n\r\nMy Number 1234 5678 9018\r\n"
    keyed = replace(Policy.default(), fingerprint_secret=b"a-policy-secret-0123456789")
    first = check_bytes(message, "m", keyed)
    again = mailguard.check(message, keyed, source="m")
    assert first.findings and [f.fingerprint for f in first.findings] == [f.fingerprint for f in again.findings]
    other = check_bytes(message, "m", replace(keyed, fingerprint_secret=b"another-secret-0123456789"))
    assert [f.fingerprint for f in other.findings] != [f.fingerprint for f in first.findings]
    assert [f.id for f in other.findings] == [f.id for f in first.findings]  # ids bind to the message only
