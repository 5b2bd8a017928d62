"""Errors that end a check with a clear one-line message instead of a traceback."""

from __future__ import annotations


class MailguardError(Exception):
    """Base class: ``str(error)`` is the single line shown to the user."""

    exit_code = 4


class InputError(MailguardError):
    """A draft that cannot be read as a message (exit status 4)."""

    def __init__(self, source: str, problem: str) -> None:
        super().__init__(f"{source}: {problem}")
        self.source = source
        self.problem = problem


class PolicyError(MailguardError):
    """A policy file that cannot be read or does not validate (exit status 4)."""

    def __init__(self, source: str, problem: str) -> None:
        super().__init__(f"{source}: {problem}")
        self.source = source
        self.problem = problem
