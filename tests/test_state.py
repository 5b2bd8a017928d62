"""A process that checks mail for hours keeps nothing of the messages it checked: no module
of mailguard holds a message's text, names or addresses once its check has ended."""

from __future__ import annotations

import gc
import sys
import threading
import types
from collections.abc import Iterator

import pytest

import mailguard
from conftest import eml
from mailguard.policy import Policy

MARKER = "Zqxjmarker"
MESSAGE = f"""From: {MARKER.lower()}sender@example-city.lg.jp
To: "{MARKER} Hanako" <{MARKER.lower()}.hanako@gmail.com>, "田中 {MARKER}" <b@partner-example.co.jp>
Subject: {MARKER} subject 山田様
Content-Type: multipart/mixed; boundary="b"

--b
Content-Type: text/plain; charset=utf-8

{MARKER} 様

本文 {MARKER} 個人番号 1234 5678 9018 電話 090-1234-5678
--b
Content-Type: text/csv; charset=utf-8
Content-Disposition: attachment; filename="{MARKER}.csv"

name,email,phone
{MARKER} 一郎,{MARKER.lower()}@example.jp,03-1234-5678
{"x" * 2000}
--b--
"""


def _holders(marker: str) -> Iterator[str]:
    """Where, below mailguard's modules, a string holding ``marker`` is still reachable."""
    modules = {name: m for name, m in sys.modules.items() if name == "mailguard" or name.startswith("mailguard.")}
    module_dicts = {id(vars(m)) for m in sys.modules.values() if isinstance(m, types.ModuleType)}
    seen: set[int] = set()
    for name, module in modules.items():
        stack: list[tuple[object, str]] = [(v, f"{name}.{k}") for k, v in vars(module).items()]
        while stack:
            item, path = stack.pop()
            if id(item) in seen or isinstance(item, types.ModuleType | type | types.CodeType):
                continue
            seen.add(id(item))
            if isinstance(item, str | bytes):
                if marker.encode() in item if isinstance(item, bytes) else marker in item:
                    yield path
                continue
            if isinstance(item, dict) and id(item) in module_dicts:
                continue
            if isinstance(item, types.FunctionType):
                children = [*(item.__defaults__ or ()), *(c.cell_contents for c in item.__closure__ or () if _full(c))]
            else:
                children = gc.get_referents(item)
            stack.extend((child, path) for child in children)


def _full(cell: types.CellType) -> bool:
    try:
        cell.cell_contents  # noqa: B018 - an empty cell raises
    except ValueError:
        return False
    return True


def test_the_scan_finds_what_a_module_keeps(monkeypatch: pytest.MonkeyPatch) -> None:
    import functools

    import mailguard.engine

    remembered = functools.lru_cache(maxsize=4)(str.upper)
    remembered(f"a {MARKER} b")
    monkeypatch.setattr(mailguard.engine, "_REMEMBERED", remembered, raising=False)
    assert list(_holders(MARKER))


@pytest.mark.parametrize("where", ["main thread", "other thread", "batch"])
def test_nothing_of_a_message_outlives_its_check(where: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    policy = Policy.from_mapping({"internal_domains": ["example-city.lg.jp"]})
    data = eml(MESSAGE)
    if where == "main thread":
        result = mailguard.check(data, policy)
        assert result.verdict.label == "block"  # really read: the personal data was seen
    elif where == "other thread":
        worker = threading.Thread(target=lambda: mailguard.check(data, policy))
        worker.start()
        worker.join()
    else:
        from mailguard.shells.runner import run_batch

        run_batch([("a.eml", data), ("b.eml", data)], policy, jobs=1)
    result = None
    gc.collect()
    assert list(_holders(MARKER)) == []
