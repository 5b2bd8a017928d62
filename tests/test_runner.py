"""The ordered fork pool behind ``batch --jobs``: input order whatever the number of workers,
and a clear error (never a hang, never a silent gap) when a worker fails or dies or the
input changes under the run."""

from __future__ import annotations

import json
import os

import pytest

from conftest import eml
from mailguard.policy import Policy
from mailguard.shells.runner import CHUNK, Item, WorkerFailed, run_batch

POLICY = Policy.default()
COUNT = 3 * CHUNK + 5  # every worker gets several chunks and the last one is short


def items() -> list[Item]:
    return [
        (f"m{n:03d}", eml(f"From: a@example-city.lg.jp\nTo: user{n}@example-mail.jp\nSubject: s{n}\n\nbody {n}\n"))
        for n in range(COUNT)
    ]


def reports(jobs: int) -> list[str]:
    seen: list[str] = []
    run_batch(items, POLICY, jobs=jobs, on_message=lambda checked: seen.append(checked.encoded))
    return seen


def test_results_arrive_in_input_order_whatever_the_number_of_workers() -> None:
    one = reports(1)
    assert len(one) == COUNT
    assert [json.loads(report)["source"] for report in one] == [f"m{n:03d}" for n in range(COUNT)]
    assert reports(2) == one
    assert reports(3) == one


def in_worker(parent: int) -> bool:
    return os.getpid() != parent


def test_input_that_changes_during_the_run_is_an_error() -> None:
    parent = os.getpid()

    def listing() -> list[Item]:
        found = items()
        return found[:-1] if in_worker(parent) else found  # a file appeared after the workers listed

    with pytest.raises(WorkerFailed, match="input changed"):
        run_batch(listing, POLICY, jobs=2)


def test_a_failing_worker_is_reported() -> None:
    parent = os.getpid()

    def listing() -> list[Item]:
        if in_worker(parent):
            raise RuntimeError("listing failed in the worker")
        return items()

    with pytest.raises(WorkerFailed, match="a worker process failed: RuntimeError"):
        run_batch(listing, POLICY, jobs=2)


def test_a_worker_that_dies_is_reported() -> None:
    parent = os.getpid()

    def listing() -> list[Item]:
        if in_worker(parent):
            os._exit(7)
        return items()

    with pytest.raises(WorkerFailed, match=r"ended unexpectedly \(exit status 7\)"):
        run_batch(listing, POLICY, jobs=2)
