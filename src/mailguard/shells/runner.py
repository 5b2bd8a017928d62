"""Run many messages: read and check them in worker processes, stream the results in input
order (deterministic whatever ``jobs`` is), and feed the cross-message checks."""

from __future__ import annotations

import multiprocessing
import os
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any, cast

from mailguard.engine import GRACE_SECONDS, RunCheck, check_bytes, in_run, prepare, run_verdict, stopped, unreadable
from mailguard.errors import InputError, MailguardError, ReasonedError
from mailguard.findings import Reason, fingerprint_secret, reason
from mailguard.limits import alarm_scope
from mailguard.policy import Policy
from mailguard.result import BatchResult, MessageResult, Report
from mailguard.rules._run import RunInputs, Targets
from mailguard.scope import message_scope, run_scope
from mailguard.shells.sources import Source, read_source

Checked = Report  # the name the batch writers and library users know


Item = Source | tuple[str, bytes]
Listing = Callable[[], Iterable[Item]]

# Messages per chunk: large enough that a pipe message carries real work, small enough that
# the first results stream out at once.
CHUNK = 32


class WorkerFailed(ReasonedError):
    """A worker process died or failed outside any one message: the run is not fully checked."""


def _check_item(item: Item, index: int, run: RunInputs, lang: str) -> Report:
    """One message checked, with the run rules' findings about it alone, as a report: in one
    message scope, so the run facts and the report reuse what the check read (names,
    normalised text) and nothing of it outlives the message."""
    with message_scope():
        return _checked_item(item, index, run, lang)


def _checked_item(item: Item, index: int, run: RunInputs, lang: str) -> Report:
    policy = run.policy
    if isinstance(item, tuple):
        result = check_bytes(item[1], item[0], policy)
    else:
        try:
            result = check_bytes(read_source(item, policy.limits.max_input_bytes), item.name, policy)
        except InputError as error:
            result = unreadable(item.name, error)
    return _reported(result, index, run, lang)


def _reported(result: MessageResult, index: int, run: RunInputs, lang: str) -> Report:
    result, facts = in_run(result, index, run)
    return Report.of(result, facts, lang, run.policy.show_personal_data)


def _stopped(item: Item, index: int, run: RunInputs, lang: str) -> Report:
    """The report of a message whose check was stopped from outside (a worker killed at the
    deadline): unreadable, so the run exits 4 and says which message and why."""
    return _reported(stopped(_name_of(item), run.policy.limits.max_seconds), index, run, lang)


def _name_of(item: Item) -> str:
    return item[0] if isinstance(item, tuple) else item.name


def _ordered(listing: Listing, jobs: int, run: RunInputs, lang: str) -> Iterator[Report]:
    """Results in input order whatever the number of workers.

    With a time budget and fork, even one job runs in a supervised worker process: the
    budget is then a bound from outside too, for C calls no signal reaches (PDFium, zlib)."""
    supervised = run.policy.limits.max_seconds > 0
    if "fork" not in multiprocessing.get_all_start_methods() or (jobs <= 1 and not supervised):
        yield from (_check_item(item, index, run, lang) for index, item in enumerate(listing()))
        return
    yield from _Pool(listing, max(jobs, 1), run, lang).results()


class _Pool:
    """``jobs`` forked workers; worker ``w`` lists the sources itself and checks chunks
    ``w, w + jobs, w + 2 * jobs, ...``; the parent reads the chunks back in turn.

    Nothing but results crosses a pipe and the parent has no helper threads (the stdlib
    Pool's worker-handler thread wakes on every result and took a core's share from the
    workers on this 2-core machine). A worker that runs ahead blocks on its full pipe, so
    memory stays bounded. The parent lists the sources too and checks every result against
    it: a directory that changes during the run is an error, never a silent gap.

    Each worker writes which message it is on, and since when, to a shared board (no pipe
    traffic). While the parent waits for a worker's chunk it reads the board: a message
    checked for longer than the budget and a grace second is stopped by killing the worker,
    whose pipe is empty then (every earlier chunk of it was read), and a new worker redoes
    the chunk with that message reported as stopped. No report is lost or sent twice.
    """

    def __init__(self, listing: Listing, jobs: int, run: RunInputs, lang: str) -> None:
        self.listing, self.jobs, self.run, self.lang = listing, jobs, run, lang
        self.context = multiprocessing.get_context("fork")
        self.board = self.context.Array("d", 2 * jobs, lock=False)  # (index, started) per worker
        limit = run.policy.limits.max_seconds
        self.limit = limit + GRACE_SECONDS if limit > 0 else 0.0
        self.pipes: list[Connection] = []
        self.workers: list[BaseProcess] = []
        self.stopped: list[set[int]] = [set() for _ in range(jobs)]

    def results(self) -> Iterator[Report]:
        prepare(self.run.policy)  # once here, inherited by every worker (and any replacement)
        try:
            for number in range(self.jobs):
                self.pipes.append(self._start(number, 0))
            expected = iter(self.listing())
            chunk = 0
            while (results := self._receive(chunk)) is not None:
                for checked in results:
                    item = next(expected, None)
                    if item is None or _name_of(item) != checked.facts.source:
                        raise WorkerFailed(reason("error.worker.input_changed"))
                    yield checked
                chunk += 1
            if next(expected, None) is not None:
                raise WorkerFailed(reason("error.worker.input_changed"))
        finally:
            for worker in self.workers:
                if worker.is_alive():
                    worker.terminate()
                worker.join()

    def _start(self, number: int, first_chunk: int) -> Connection:
        receiver, sender = self.context.Pipe(duplex=False)
        board = _Board(self.board, number)
        args = (self.listing, self.run, self.lang, number, self.jobs, sender, board, first_chunk, self.stopped[number])
        process = self.context.Process(target=_worker, args=args, daemon=True)
        process.start()
        sender.close()
        if number < len(self.workers):
            self.workers[number] = process
        else:
            self.workers.append(process)
        return receiver

    def _receive(self, chunk: int) -> list[Report] | None:
        number = chunk % self.jobs
        while self.limit and not self.pipes[number].poll(POLL_SECONDS):
            stuck = _Board(self.board, number).overdue(self.limit)
            if stuck is not None:
                self._replace(number, chunk, stuck)
        pipe, worker = self.pipes[number], self.workers[number]
        try:
            message = pipe.recv()
        except EOFError:
            worker.join()
            raise WorkerFailed(reason("error.worker.died", status=str(worker.exitcode))) from None
        if isinstance(message, Reason):
            raise WorkerFailed(reason("error.worker.failed", detail=message))
        return cast(list[Report] | None, message)

    def _replace(self, number: int, chunk: int, stuck: int) -> None:
        """Kill worker ``number`` (stuck on message ``stuck`` of ``chunk``) and start another
        that redoes the chunk, reporting that message as stopped."""
        worker = self.workers[number]
        worker.kill()
        worker.join()
        self.pipes[number].close()
        self.stopped[number].add(stuck)
        self.board[2 * number + 1] = 0.0
        self.pipes[number] = self._start(number, chunk)


class _Board:
    """One worker's cells on the shared board: the message it checks and since when
    (``time.monotonic``, one clock for every process on the machine; 0 when idle)."""

    def __init__(self, cells: Any, number: int) -> None:
        self.cells, self.at = cells, 2 * number

    def begin(self, index: int) -> None:
        self.cells[self.at] = float(index)
        self.cells[self.at + 1] = time.monotonic()

    def end(self) -> None:
        self.cells[self.at + 1] = 0.0

    def overdue(self, limit: float) -> int | None:
        started = self.cells[self.at + 1]
        return int(self.cells[self.at]) if started and time.monotonic() - started > limit else None


POLL_SECONDS = 0.5


def _worker(
    listing: Listing,
    run: RunInputs,
    lang: str,
    number: int,
    jobs: int,
    pipe: Connection,
    board: _Board,
    first_chunk: int = 0,
    stopped: frozenset[int] | set[int] = frozenset(),
) -> None:
    """Check this worker's chunks from ``first_chunk`` on and send each as one list; None
    when the listing ends. Messages in ``stopped`` are reported as stopped, not checked."""
    try:
        chunk: list[Report] = []
        with alarm_scope():  # one SIGALRM handler for the worker's run, not one per message
            for index, item in enumerate(listing()):
                if (index // CHUNK) % jobs != number or index // CHUNK < first_chunk:
                    continue
                if index in stopped:
                    chunk.append(_stopped(item, index, run, lang))
                else:
                    board.begin(index)
                    chunk.append(_check_item(item, index, run, lang))
                    board.end()
                if index % CHUNK == CHUNK - 1:
                    pipe.send(chunk)
                    chunk = []
        if chunk:
            pipe.send(chunk)
        pipe.send(None)
    except BaseException as error:  # reported by the parent as one line; never a silent gap
        pipe.send(_failure(error))
    finally:
        pipe.close()


def _failure(error: BaseException) -> Reason:
    """What a worker that failed sends its parent: the error's class, and for a mailguard
    error what it says (in the reader's language when it carries a reason)."""
    if isinstance(error, MailguardError):
        return reason("error.worker.raised", kind=type(error).__name__, detail=error.said())
    return reason("error.worker.raised_plain", kind=type(error).__name__)


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
