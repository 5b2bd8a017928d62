"""Run many messages: read and check them in worker processes, stream the results in input
order (deterministic whatever ``jobs`` is), and feed the cross-message checks."""

from __future__ import annotations

import multiprocessing
import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import cast

from mailguard.engine import RunCheck, check_bytes, in_run, run_verdict, unreadable
from mailguard.errors import InputError, MailguardError
from mailguard.findings import fingerprint_secret
from mailguard.policy import Policy
from mailguard.result import BatchResult, Report
from mailguard.rules._run import RunInputs, Targets
from mailguard.scope import run_scope
from mailguard.shells.sources import Source, read_source

Checked = Report  # the name the batch writers and library users know


Item = Source | tuple[str, bytes]
Listing = Callable[[], Iterable[Item]]

# Messages per chunk: large enough that a pipe message carries real work, small enough that
# the first results stream out at once.
CHUNK = 32


class WorkerFailed(MailguardError):
    """A worker process died or failed outside any one message: the run is not fully checked."""


def _check_item(item: Item, index: int, run: RunInputs, lang: str) -> Report:
    """One message checked, with the run rules' findings about it alone, as a report."""
    policy = run.policy
    if isinstance(item, tuple):
        result = check_bytes(item[1], item[0], policy)
    else:
        try:
            result = check_bytes(read_source(item), item.name, policy)
        except InputError as error:
            result = unreadable(item.name, error)
    result, facts = in_run(result, index, run)
    return Report.of(result, facts, lang, policy.show_personal_data)


def _name_of(item: Item) -> str:
    return item[0] if isinstance(item, tuple) else item.name


def _ordered(listing: Listing, jobs: int, run: RunInputs, lang: str) -> Iterator[Report]:
    """Results in input order whatever the number of workers."""
    if jobs <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        yield from (_check_item(item, index, run, lang) for index, item in enumerate(listing()))
        return
    yield from _forked(listing, jobs, run, lang)


def _forked(listing: Listing, jobs: int, run: RunInputs, lang: str) -> Iterator[Report]:
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
            process = context.Process(target=_worker, args=(listing, run, lang, number, jobs, sender), daemon=True)
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


def _receive(pipe: Connection, worker: BaseProcess) -> list[Report] | None:
    try:
        message = pipe.recv()
    except EOFError:
        worker.join()
        raise WorkerFailed(f"a worker process ended unexpectedly (exit status {worker.exitcode})") from None
    if isinstance(message, str):
        raise WorkerFailed(f"a worker process failed: {message}")
    return cast(list[Report] | None, message)


def _worker(listing: Listing, run: RunInputs, lang: str, number: int, jobs: int, pipe: Connection) -> None:
    """Check this worker's chunks and send each as one list; None when the listing ends."""
    try:
        chunk: list[Report] = []
        for index, item in enumerate(listing()):
            if (index // CHUNK) % jobs != number:
                continue
            chunk.append(_check_item(item, index, run, lang))
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
    on_message: Callable[[Report], None] | None = None,
) -> BatchResult:
    """Check every source and the run as a whole; ``on_message`` receives each report in order.

    ``sources`` may be a function that lists them: it is called again at the end to name the
    messages that run findings refer to, so the run never holds all names in memory.
    """
    checker = RunCheck(policy, targets)
    counts: Counter[str] = Counter()
    listing = sources if callable(sources) else (lambda: sources)
    with run_scope(), fingerprint_secret(policy.fingerprint_secret):  # the run's caches; the run findings made here
        for report in _ordered(listing, jobs or default_jobs(), checker.inputs, lang):
            checker.add(report.facts)
            counts[report.verdict] += 1
            if on_message is not None:
                on_message(report)
        findings = checker.finish(lambda indexes: _names(listing, indexes))
    return BatchResult(policy.source, dict(counts), findings, run_verdict(counts), counts["error"])
