"""Run many messages: read and check them in worker processes, stream the results in input
order (deterministic whatever ``jobs`` is), and feed the cross-message checks."""

from __future__ import annotations

import multiprocessing
import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from .batch import BatchFinding, BatchResult, CrossChecker, Facts, Targets, facts_of
from .engine import check_bytes, unreadable
from .errors import InputError
from .findings import Verdict
from .policy import Policy
from .sources import Source, read_source

# Set in the parent before the pool forks; each worker inherits it (no global settings: it is
# the one policy of this run, passed explicitly to run_batch).
_WORKER_POLICY: Policy | None = None
_WORKER_LANG = "en"


@dataclass(frozen=True)
class Checked:
    """What a worker sends back: the message's JSON-able report and its facts."""

    report: dict[str, Any]
    facts: Facts


Item = Source | tuple[str, bytes]


def _check_source(source: Item, index: int) -> Checked:
    assert _WORKER_POLICY is not None
    policy = _WORKER_POLICY
    if isinstance(source, tuple):
        result = check_bytes(source[1], source[0], policy)
    else:
        try:
            result = check_bytes(read_source(source), source.name, policy)
        except InputError as error:
            result = unreadable(source.name, error)
    return Checked(result.to_dict(_WORKER_LANG), facts_of(result, index))


def _work(item: tuple[int, Item]) -> Checked:
    index, source = item
    return _check_source(source, index)


def _ordered(items: Iterable[tuple[int, Item]], jobs: int) -> Iterator[Checked]:
    """Results in input order whatever the number of workers; the pool reads the items
    lazily (its task pipe is bounded), so they are never all in memory."""
    if jobs <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        yield from (_work(item) for item in items)
        return
    context = multiprocessing.get_context("fork")
    with context.Pool(jobs) as pool:
        yield from pool.imap(_work, items, chunksize=16)


def _amend(report: dict[str, Any], findings: list[BatchFinding], lang: str) -> None:
    """Add the run findings that concern this message alone (MG502) to its own report."""
    if not findings or "findings" not in report:
        return
    for finding in findings:
        entry = finding.as_finding(report["digest"])
        report["findings"].append(
            {
                **finding.to_dict(lang),
                "id": entry.id,
                "fingerprint": entry.fingerprint,
                "location": "run:targets",
                "subjects": [],
            }
        )
    worst_label = max((f["severity"] for f in report["findings"]), key=lambda label: _RANK[label])
    report["verdict"] = {"info": "pass"}.get(worst_label, worst_label)


_RANK = {"info": 0, "confirm": 1, "block": 2}


def _names(listing: Callable[[], Iterable[Item]], indexes: Iterable[int]) -> dict[int, str]:
    wanted = set(indexes)
    found: dict[int, str] = {}
    for index, item in enumerate(listing()):
        if index in wanted:
            found[index] = item[0] if isinstance(item, tuple) else item.name
            if len(found) == len(wanted):
                break
    return found


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def run_batch(
    sources: Sequence[Item] | Callable[[], Iterable[Item]],
    policy: Policy,
    targets: Targets | None = None,
    jobs: int | None = None,
    lang: str = "en",
    on_message: Callable[[Checked], None] | None = None,
) -> BatchResult:
    """Check every source and the run as a whole; ``on_message`` receives each report in order.

    ``sources`` may be a function that lists them: it is called again at the end to name the
    messages that run findings refer to, so the run never holds all names in memory.
    """
    global _WORKER_POLICY, _WORKER_LANG
    _WORKER_POLICY, _WORKER_LANG = policy, lang
    checker = CrossChecker(policy, targets)
    counts: Counter[str] = Counter()
    worst_verdict = Verdict.PASS
    errors = 0
    listing = sources if callable(sources) else (lambda: sources)
    for checked in _ordered(enumerate(listing()), jobs or default_jobs()):
        _amend(checked.report, checker.add(checked.facts), lang)
        verdict = checked.report["verdict"]
        counts[verdict] += 1
        if verdict == "error":
            errors += 1
        else:
            worst_verdict = max(worst_verdict, Verdict[verdict.upper()])
        if on_message is not None:
            on_message(checked)
    findings: tuple[BatchFinding, ...] = tuple(checker.finish(lambda indexes: _names(listing, indexes)))
    return BatchResult(policy.source, dict(counts), findings, worst_verdict, errors)
