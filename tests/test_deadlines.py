"""The main thread's time limits (``mailguard.limits``): one SIGALRM handler per message,
the timer moved only when a nearer deadline needs it, and never an interruption outside
the limit that owns it."""

from __future__ import annotations

import signal
import time

import pytest

from mailguard.limits import TimeLimit, alarm_scope, time_limit


def busy(seconds: float) -> None:
    """Python work (signals are delivered between bytecodes)."""
    until = time.monotonic() + seconds
    while time.monotonic() < until:
        pass


def test_an_outer_deadline_still_fires_after_an_inner_one_fired() -> None:
    started = time.monotonic()
    with pytest.raises(TimeLimit), time_limit(0.3):
        with pytest.raises(TimeLimit), time_limit(0.05):
            busy(5)
        busy(5)
    assert time.monotonic() - started < 2
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_a_later_rule_keeps_its_own_time_when_the_timer_was_armed_for_an_earlier_one() -> None:
    with alarm_scope():
        with time_limit(0.05):
            pass  # the timer stays armed for this deadline, which passes during the next rule
        with time_limit(0.5):
            busy(0.2)  # not interrupted: the early signal re-arms for this deadline
        with pytest.raises(TimeLimit), time_limit(0.1):
            busy(5)


def test_a_signal_between_two_limits_interrupts_nothing() -> None:
    with alarm_scope():
        with time_limit(0.02):
            pass
        busy(0.1)  # the armed timer fires here, outside any limit
        with time_limit(5):
            busy(0.05)


def test_the_scope_restores_the_hosts_handler_and_stops_the_timer() -> None:
    def host(signum: int, frame: object) -> None:
        raise AssertionError("the host's handler must not see mailguard's timer")

    previous = signal.signal(signal.SIGALRM, host)
    try:
        with alarm_scope(), time_limit(0.05):
            pass
        assert signal.getsignal(signal.SIGALRM) is host
        assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
        busy(0.1)
        with time_limit(0.05):
            pass
        assert signal.getsignal(signal.SIGALRM) is host
    finally:
        signal.signal(signal.SIGALRM, previous)


def test_an_outer_deadline_passed_inside_an_inner_limit_is_raised_on_the_way_out() -> None:
    with pytest.raises(TimeLimit), time_limit(0.05), alarm_scope(), time_limit(10):
        busy(0.2)


def _work(item: str) -> str:
    import os

    if item == "raise":
        raise ValueError("bad")
    if item == "die":
        os._exit(7)
    if item == "hold":
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
        time.sleep(60)
    return item.upper()


def test_one_child_works_through_the_items_and_a_new_one_goes_on_after_a_failure() -> None:
    from mailguard.limits import map_in_child

    outcomes = list(map_in_child(_work, ["a", "raise", "b", "die", "c", "hold", "d"], seconds=1))
    assert outcomes[0::2] == ["A", "B", "C", "D"]
    raised, died, held = outcomes[1], outcomes[3], outcomes[5]
    assert isinstance(raised, RuntimeError) and str(raised) == "ValueError"
    assert isinstance(died, RuntimeError) and "exit status 7" in str(died)
    assert isinstance(held, TimeLimit)
