"""Run many messages: read and check them in worker processes, stream the results in input
order (deterministic whatever ``jobs`` is), and feed the cross-message checks."""

from __future__ import annotations

import json
import multiprocessing
import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any, cast

from mailguard.engine import check_bytes, unreadable
from mailguard.errors import InputError, MailguardError
from mailguard.findings import Verdict
from mailguard.policy import Policy
from mailguard.shells.batch import BatchFinding, BatchResult, CrossChecker, Facts, Targets, facts_of
from mailguard.shells.sources import Source, read_source


@dataclass(frozen=True)
class Checked:
    """What a worker sends back: the message's report already encoded as JSON, its verdict
    and its facts. Workers encode in parallel; the parent, which every message passes
    through, decodes a report only when a writer needs its fields."""

    verdict: str
    encoded: str
    facts: Facts

    @cached_property
    def report(self) -> dict[str, Any]:
        decoded: dict[str, Any] = json.loads(self.encoded)
        return decoded

    @classmethod
    def of(cls, report: dict[str, Any], facts: Facts) -> Checked:
        return cls(report["verdict"], json.dumps(report, ensure_ascii=False), facts)


Item = Source | tuple[str, bytes]
Listing = Callable[[], Iterable[Item]]

# Messages per chunk: large enough that a pipe message carries real work, small enough that
# the first results stream out at once.
CHUNK = 32


class WorkerFailed(MailguardError):
    """A worker process died or failed outside any one message: the run is not fully checked."""


def _check_item(item: Item, index: int, policy: Policy, lang: str) -> Checked:
    if isinstance(item, tuple):
        result = check_bytes(item[1], item[0], policy)
    else:
        try:
            result = check_bytes(read_source(item), item.name, policy)
        except InputError as error:
            result = unreadable(item.name, error)
    return Checked.of(result.to_dict(lang), facts_of(result, index))


def _name_of(item: Item) -> str:
    return item[0] if isinstance(item, tuple) else item.name


def _ordered(listing: Listing, jobs: int, policy: Policy, lang: str) -> Iterator[Checked]:
    """Results in input order whatever the number of workers."""
    if jobs <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        yield from (_check_item(item, index, policy, lang) for index, item in enumerate(listing()))
        return
    yield from _forked(listing, jobs, policy, lang)


def _forked(listing: Listing, jobs: int, policy: Policy, lang: str) -> Iterator[Checked]:
    """Fork ``jobs`` workers; worker ``w`` lists the sources itself and checks chunks
    ``w, w + jobs, w + 2 * jobs, ...``; the parent reads the chunks back in turn.

    Nothing but results crosses a pipe and the parent has no helper threads (the stdlib
    Pool's worker-handler thread wakes on every result and took a core's share from the
    workers on this 2-core machine). A worker that runs ahead blocks on its full pipe, so
    memory stays bounded. The parent lists the sources too and checks every result against
    it: a directory that changes during the run is an error, never a silent gap.
    """
    context = multiprocessing.get_context("fork")
    pipes: list[Connection] = []
    workers: list[BaseProcess] = []
    try:
        for number in range(jobs):
            receiver, sender = context.Pipe(duplex=False)
            process = context.Process(target=_worker, args=(listing, policy, lang, number, jobs, sender), daemon=True)
            process.start()
            sender.close()
            pipes.append(receiver)
            workers.append(process)
        expected = iter(listing())
        chunk = 0
        while (results := _receive(pipes[chunk % jobs], workers[chunk % jobs])) is not None:
            for checked in results:
                item = next(expected, None)
                if item is None or _name_of(item) != checked.facts.source:
                    raise WorkerFailed("the input changed while it was being checked; run the batch again")
                yield checked
            chunk += 1
        if next(expected, None) is not None:
            raise WorkerFailed("the input changed while it was being checked; run the batch again")
    finally:
        for worker in workers:
            if worker.is_alive():
                worker.terminate()
            worker.join()


def _receive(pipe: Connection, worker: BaseProcess) -> list[Checked] | None:
    try:
        message = pipe.recv()
    except EOFError:
        worker.join()
        raise WorkerFailed(f"a worker process ended unexpectedly (exit status {worker.exitcode})") from None
    if isinstance(message, str):
        raise WorkerFailed(f"a worker process failed: {message}")
    return cast(list[Checked] | None, message)


def _worker(listing: Listing, policy: Policy, lang: str, number: int, jobs: int, pipe: Connection) -> None:
    """Check this worker's chunks and send each as one list; None when the listing ends."""
    try:
        chunk: list[Checked] = []
        for index, item in enumerate(listing()):
            if (index // CHUNK) % jobs != number:
                continue
            chunk.append(_check_item(item, index, policy, lang))
            if index % CHUNK == CHUNK - 1:
                pipe.send(chunk)
                chunk = []
        if chunk:
            pipe.send(chunk)
        pipe.send(None)
    except BaseException as error:  # reported by the parent as one line; never a silent gap
        pipe.send(f"{type(error).__name__} ({error})" if isinstance(error, MailguardError) else type(error).__name__)
    finally:
        pipe.close()


def _amend(checked: Checked, findings: list[BatchFinding], lang: str) -> Checked:
    """Add the run findings that concern this message alone (MG502) to its own report."""
    if not findings or checked.verdict == "error":
        return checked
    report = checked.report
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
    return Checked.of(report, checked.facts)


_RANK = {"info": 0, "confirm": 1, "block": 2}


def _names(listing: Listing, indexes: Iterable[int]) -> dict[int, str]:
    wanted = set(indexes)
    found: dict[int, str] = {}
    for index, item in enumerate(listing()):
        if index in wanted:
            found[index] = _name_of(item)
            if len(found) == len(wanted):
                break
    return found


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def run_batch(
    sources: Sequence[Item] | Listing,
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
    checker = CrossChecker(policy, targets)
    counts: Counter[str] = Counter()
    worst_verdict = Verdict.PASS
    errors = 0
    listing = sources if callable(sources) else (lambda: sources)
    for checked in _ordered(listing, jobs or default_jobs(), policy, lang):
        checked = _amend(checked, checker.add(checked.facts), lang)
        verdict = checked.verdict
        counts[verdict] += 1
        if verdict == "error":
            errors += 1
        else:
            worst_verdict = max(worst_verdict, Verdict[verdict.upper()])
        if on_message is not None:
            on_message(checked)
    findings: tuple[BatchFinding, ...] = tuple(checker.finish(lambda indexes: _names(listing, indexes)))
    return BatchResult(policy.source, dict(counts), findings, worst_verdict, errors)
