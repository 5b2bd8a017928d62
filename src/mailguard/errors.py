"""Errors that end a check with a clear one-line message instead of a traceback.

An error carries a catalogue :class:`~mailguard.findings.Reason` (code and parameters), like a
finding, and the words are made at the edge in the reader's language (:meth:`InputError.get`;
``catalogue/en.py`` and ``ja.py``, block ``# errors (exit 4)``). For library callers the
English words stay where they were: ``error.problem`` and ``str(error)`` ("source: problem").
A plain ``str`` is still accepted from callers outside the package (shown as it is, in every
language); inside it every error is built from a catalogue code (``tests/test_errors.py``
scans the source)."""

from __future__ import annotations

from typing import Any

from mailguard.findings import Param, Reason, reason


class MailguardError(Exception):
    """Base class: ``str(error)`` is the single line shown to the user."""

    exit_code = 4
    reason: Reason | None = None

    def said(self) -> Param:
        """The whole line as a catalogue parameter (an error without a reason has only its
        English line): what a worker or a failed check passes on."""
        return self.reason if self.reason is not None else str(self)

    def get(self, lang: str) -> str:
        """The one line in ``lang``."""
        said = self.said()
        return said.get(lang) if isinstance(said, Reason) else str(said)


class ReasonedError(MailguardError):
    """An error about no one input (a run, a worker): its reason alone is the line."""

    def __init__(self, why: Reason) -> None:
        self.reason = why
        super().__init__(why.en)

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.reason,))


def as_reason(problem: Reason | str) -> Reason:
    """``problem`` as a reason: a plain string (from a library caller) is shown as given."""
    return problem if isinstance(problem, Reason) else reason("error.text", text=problem)


class _SourcedError(MailguardError):
    """An error about one named input: ``source`` as given, ``reason`` saying what is wrong."""

    def __init__(self, source: str, problem: Reason | str) -> None:
        self.source = source
        self.reason: Reason = as_reason(problem)
        super().__init__(f"{source}: {self.reason.en}")

    @property
    def problem(self) -> str:
        """What is wrong, in English (the library's words since 0.1)."""
        return self.reason.en

    @property
    def code(self) -> str:
        """The stable catalogue code of what is wrong (``error.file.missing``)."""
        return self.reason.code

    def said(self) -> Param:
        """The whole line as a parameter: "source: problem"."""
        return reason("error.sourced", source=self.source, problem=self.reason)

    def __reduce__(self) -> tuple[Any, ...]:  # crosses process boundaries (worker pools)
        return (type(self), (self.source, self.reason))


class InputError(_SourcedError):
    """A draft that cannot be read as a message (exit status 4)."""


class PolicyError(_SourcedError):
    """A policy file that cannot be read or does not validate (exit status 4)."""
