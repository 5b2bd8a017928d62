"""Findings: the small immutable values every rule emits.

Identity is deliberate (as in detect-secrets), and keyed so that no output gives a value away
to someone who tries candidates (a 7-digit account number has only ten million):

- ``fingerprint`` = HMAC(fingerprint secret; rule, location, value): matches the same finding
  across edits, for baselines. The secret is ``Policy.fingerprint_secret``: the policy's
  ``fingerprint_secret_file``, or what the shell put there (``MAILGUARD_FINGERPRINT_SECRET``,
  else an installation secret made on first use: :mod:`mailguard.shells.userdata`). A team
  that shares baselines shares the secret. A check with a policy that carries no secret gets
  one made for its process: those fingerprints match no baseline (fail closed).
- ``id`` = rule + HMAC(the message's finding salt; rule, location, value): bound to the
  message identity (:mod:`mailguard.identity`), so an acknowledgement or approval of one
  message never carries over to another or to a changed recipient list, and the same on every
  machine that holds the message (sender, approver, gateway) without any shared secret. The
  salt is a digest of the message that is never written out.
"""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import operator
import secrets
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from enum import IntEnum
from typing import Any, TypeAlias, TypeVar

from mailguard import catalogue

_Pickled = TypeVar("_Pickled", bound=type)


def pickled_by_fields(cls: _Pickled) -> _Pickled:
    """Pickle a frozen slots dataclass as its class and field values (unpickled by calling
    it). Its generated state methods look the fields up (``dataclasses.fields``) at every
    call: with them a batch message's facts took ~6 us to send and ~7 us to receive."""
    names = tuple(f.name for f in dataclasses.fields(cls))
    values = operator.attrgetter(*names)

    def __reduce__(self: Any) -> tuple[type, tuple[Any, ...]]:
        found = values(self)
        return cls, found if len(names) > 1 else (found,)

    cls.__reduce__ = __reduce__  # type: ignore[assignment]
    return cls


class Severity(IntEnum):
    """Ordered so that the verdict is simply the worst severity found."""

    INFO = 0
    CONFIRM = 1
    BLOCK = 2

    @property
    def label(self) -> str:
        return _SEVERITY_LABELS[self]

    @classmethod
    def parse(cls, text: str) -> Severity:
        return cls[text.strip().upper()]


class Verdict(IntEnum):
    PASS = 0
    CONFIRM = 1
    BLOCK = 2

    @property
    def label(self) -> str:
        return _VERDICT_LABELS[self]

    @classmethod
    def of(cls, severities: list[Severity]) -> Verdict:
        worst = max(severities, default=Severity.INFO)
        return {Severity.INFO: cls.PASS, Severity.CONFIRM: cls.CONFIRM, Severity.BLOCK: cls.BLOCK}[worst]


# Labels from a table per enum (``Severity.INFO == Verdict.PASS``: one table would mix
# them): ``name`` is an enum property, two Python-level calls, and every report asks a few.
_SEVERITY_LABELS = {member: member.name.lower() for member in Severity}
_VERDICT_LABELS = {member: member.name.lower() for member in Verdict}


Param: TypeAlias = "str | int | Reason | tuple[Param, ...]"


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Reason:
    """What a finding says, as data: a catalogue ``code`` and its parameters. The words are
    made only when shown (:meth:`get`), in the reader's language."""

    code: str
    params: tuple[tuple[str, Param], ...] = field(default=())

    def get(self, lang: str) -> str:
        shown = {key: _show(value, lang) for key, value in self.params}
        return catalogue.words(lang, self.code, shown)

    @property
    def en(self) -> str:
        return self.get("en")

    @property
    def ja(self) -> str:
        return self.get("ja")

    def data(self) -> dict[str, object]:
        """The structured form for JSON: code and parameters, no words."""
        return {"code": self.code, "params": {key: _plain(value) for key, value in self.params}}

    def redacted(self, redact: Callable[[str], str]) -> Reason:
        """The same reason with ``redact`` applied to every word-valued parameter (the
        catalogue's own words hold no personal data; only what a rule quoted can)."""
        return Reason(self.code, tuple((key, _redacted(value, redact)) for key, value in self.params))


def reason(code: str, **params: Param) -> Reason:
    """``reason("MG501.swapped", first="a.eml", second="b.eml")``."""
    return Reason(code, tuple(params.items()))


def joined(items: Sequence[Param]) -> Param:
    """``items`` as one parameter, each language joining them its own way (``ui.then``:
    ``a; b; c`` in English, ``a、b、c`` in Japanese)."""
    if not items:
        return ""
    found = items[-1]
    for item in reversed(items[:-1]):
        found = reason("ui.then", first=item, rest=found)
    return found


def _show(value: Param, lang: str) -> object:
    """A parameter as the template receives it: words for reasons and lists; numbers stay
    numbers (a template may format them: ``{offset:+d}``)."""
    if isinstance(value, int):
        return value
    if isinstance(value, Reason):
        return value.get(lang)
    if isinstance(value, tuple):
        return catalogue.LIST_SEPARATOR.get(lang, ", ").join(str(_show(v, lang)) for v in value)
    return str(value)


def _redacted(value: Param, redact: Callable[[str], str]) -> Param:
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, Reason):
        return value.redacted(redact)
    if isinstance(value, tuple):
        return tuple(_redacted(v, redact) for v in value)
    return value


def _plain(value: Param) -> object:
    if isinstance(value, Reason):
        return value.data()
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    return value


Words: TypeAlias = Reason
"""What a finding says: a catalogue reason (the words are made when it is shown)."""


_POLICY_SECRET: ContextVar[bytes | None] = ContextVar("mailguard_fingerprint_secret", default=None)


@contextmanager
def fingerprint_secret(secret: bytes | None) -> Iterator[None]:
    """Findings created inside use ``secret`` (the policy's) for their fingerprints."""
    token = _POLICY_SECRET.set(secret)
    try:
        yield
    finally:
        _POLICY_SECRET.reset(token)


def _secret() -> bytes:
    """The secret of the check in progress. Nothing here reads the environment (that is the
    shells' job); without a secret a check gets one of its process, never a public key."""
    secret = _POLICY_SECRET.get()
    if secret:
        return secret
    global _PROCESS_SECRET
    if _PROCESS_SECRET is None:
        _PROCESS_SECRET = secrets.token_hex(32).encode("ascii")
    return _PROCESS_SECRET


_PROCESS_SECRET: bytes | None = None


def _keyed(key: bytes, *parts: str) -> str:
    return hmac.new(key, "\x1f".join(parts).encode("utf-8", "surrogatepass"), hashlib.sha256).hexdigest()


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Finding:
    rule: str
    name: str
    severity: Severity
    message: Words
    fix: Words
    incidents: tuple[int, ...]
    location: str
    subjects: tuple[str, ...]
    fingerprint: str
    id: str
    # The messages a run finding concerns (batch and template runs); empty for one message.
    sources: tuple[str, ...] = ()

    @property
    def line(self) -> int | None:
        """The line this finding points at (``line:N`` locations of templates), if any."""
        head, _, rest = self.location.partition(":")
        number = rest.partition(":")[0]
        return int(number) if head == "line" and number.isdigit() else None

    @classmethod
    def create(
        cls,
        *,
        rule: str,
        name: str,
        severity: Severity,
        message: Words,
        fix: Words,
        incidents: tuple[int, ...],
        location: str,
        value: str,
        subjects: tuple[str, ...],
        message_digest: str,
        sources: tuple[str, ...] = (),
    ) -> Finding:
        """``message_digest`` keys the id: a draft's ``finding_salt`` (rules pass it), or a
        public digest where the value is not personal (run findings, templates)."""
        fingerprint = _keyed(_secret(), "fingerprint", rule, location, value)[:20]
        return cls(
            rule=rule,
            name=name,
            severity=severity,
            message=message,
            fix=fix,
            incidents=incidents,
            location=location,
            subjects=subjects,
            fingerprint=fingerprint,
            id=f"{rule}-{_keyed(message_digest.encode('utf-8'), 'id', rule, location, value)[:12]}",
            sources=sources,
        )

    def with_severity(self, severity: Severity) -> Finding:
        return replace(self, severity=severity)


def ordered(findings: list[Finding]) -> tuple[Finding, ...]:
    """Worst first, then by rule and location: the one order every report uses."""
    return tuple(sorted(findings, key=lambda f: (-f.severity, f.rule, f.location)))
