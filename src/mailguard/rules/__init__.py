"""Rules: one module per rule, found automatically (as detect-secrets finds its plugins).

A rule is a class with a stable ``id``, a readable ``name``, the incidents it answers, a
default severity, its options with defaults, and documentation in its docstring using fixed
sections (What it does / Why / Example / Use instead / Configuration). Rules only emit
findings; the engine and the policy decide what they mean.

Three kinds, one registry: :class:`Rule` checks one message (``check``), :class:`RunRule`
checks the messages of a merge run (MG5xx: per message with the run's inputs, and across the
run with a :class:`~mailguard.rules._run.Collector`), :class:`TemplateRule` checks a template
before anything is rendered (MG6xx). A rule's options are declared as data in the shipped
``rules/default.yaml`` (the policy validates against it without importing any rule); the
class's ``options`` repeat the defaults for the rule's own use, and a test keeps the two equal.
Finding texts, summaries and the personal-data kinds are catalogue reasons
(:mod:`mailguard.catalogue`): a code and its parameters, the words made when shown.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, Any, ClassVar

# Imported here, not in the cached properties that use them: an import statement run once
# per message costs thousands of instructions even when the module is loaded.
from mailguard.content.addressees import addressees
from mailguard.content.identities import identities
from mailguard.content.personal import normalise
from mailguard.content.segments import segment_body
from mailguard.findings import Finding, Severity, Words

if TYPE_CHECKING:
    from mailguard.attachments.extract import Budget, Extracted
    from mailguard.content.addressees import Addressee
    from mailguard.content.identities import Identity
    from mailguard.content.ownership import PersonalView
    from mailguard.content.segments import BodySegments
    from mailguard.destinations.parties import Party
    from mailguard.model import Attachment, Draft
    from mailguard.policy import Policy
    from mailguard.readers.template import Template
    from mailguard.result import MessageResult
    from mailguard.rules._run import Collector, Facts, RunInputs


@dataclass(frozen=True)
class Context:
    """What a rule may read besides the draft: the policy and the parties, computed once."""

    policy: Policy
    parties: tuple[Party, ...]
    draft: Draft
    _extracted: dict[int, Extracted] = field(default_factory=dict, repr=False, compare=False)
    # Expanded bytes left for this message's attachments (attachments/extract.py: Budget).
    _budget: list[Budget] = field(default_factory=list, repr=False, compare=False)
    # What a family of rules derives once and shares within this check (the personal-data
    # rules' texts): it lives exactly as long as the check.
    memo: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @cached_property
    def external_parties(self) -> tuple[Party, ...]:
        return tuple(p for p in self.parties if p.external)

    @cached_property
    def texts(self) -> tuple[tuple[str, str, bool], ...]:
        """(location, NFKC text, from an attachment) for the subject, the body and every
        readable document: what the personal-data detectors read, prepared once."""
        found = [("subject", normalise(self.draft.subject), False), ("body", normalise(self.draft.body), False)]
        for attachment in self.draft.attachments:
            for document in self.extracted(attachment).documents():
                found.append((f"attachment:{document.name}", normalise(document.text), True))
        return tuple((where, text, attached) for where, text, attached in found if text)

    @cached_property
    def segments(self) -> BodySegments:
        """The body read once into salutation, new text, signature, quoted and forwarded
        parts; offsets index the NFKC-normalised body, the text the detectors read."""
        return segment_body(normalise(self.draft.body))

    @cached_property
    def personal(self) -> PersonalView:
        """Which body text the personal-data detectors judge and whose contacts are known
        (the sender's signature, the policy's own_contacts), settled once per check."""
        from mailguard.content.ownership import personal_view, policy_contacts

        recipients = tuple(m for p in self.external_parties for m in p.members)
        own = self.policy.memo.get("own_contacts")
        if own is None:
            own = self.policy.memo["own_contacts"] = policy_contacts(self.policy.own_contacts)
        answering = bool(self.draft.header("In-Reply-To") or self.draft.header("References"))
        return personal_view(self.segments, recipients, own, answering)

    @cached_property
    def addressees(self) -> tuple[Addressee, ...]:
        """Who the message is written to (salutation, subject), read once per check."""
        return addressees(self.draft.subject, self.draft.body, self.segments)

    @cached_property
    def identities(self) -> tuple[Identity, ...]:
        """What is known about each recipient (display name, address book)."""
        return identities(self.draft, self.policy.address_book)

    @cached_property
    def bulk_markers(self) -> tuple[str, ...]:
        """Why the draft looks like a newsletter or bulk send (the policy's `bulk_markers`:
        list headers, `Precedence`, subject markers); empty when it does not. MG102 blocks a
        bulk send with visible recipients; MG303 takes its Bcc for a list, not typed."""
        found = [name for name in self.policy.bulk_headers if self.draft.header(name) is not None]
        precedence = (self.draft.header("precedence") or "").strip().lower()
        if precedence and precedence in self.policy.bulk_precedence:
            found.append(f"precedence: {precedence}")
        found.extend(m for m in self.policy.bulk_subject_markers if m in self.draft.subject)
        return tuple(found)

    def extracted(self, attachment: Attachment) -> Extracted:
        """Text of an attachment, read once per check however many rules ask."""
        key = id(attachment)
        if key not in self._extracted:
            from mailguard.attachments.extract import Budget, extract_cached

            if not self._budget:
                self._budget.append(Budget(self.policy.limits))
            self._extracted[key] = extract_cached(attachment, self.policy.limits, self._budget[0])
        return self._extracted[key]


class Rule:
    id: ClassVar[str]
    name: ClassVar[str]
    incidents: ClassVar[tuple[int, ...]]
    default_severity: ClassVar[Severity]
    summary: ClassVar[Words]
    options: ClassVar[Mapping[str, Any]] = {}
    enabled_by_default: ClassVar[bool] = True
    # "message" rules run on each draft; "batch" rules run across the messages of a run.
    scope: ClassVar[str] = "message"

    def check(self, draft: Draft, ctx: Context) -> Iterable[Finding]:
        raise NotImplementedError

    def option(self, ctx: Context, name: str) -> Any:
        options = ctx.policy.rule(self.id).options
        return options[name] if name in options else self.options[name]

    def finding(
        self,
        draft: Draft,
        *,
        message: Words,
        fix: Words,
        location: str,
        value: str,
        subjects: tuple[str, ...] = (),
        severity: Severity | None = None,
    ) -> Finding:
        return self._create(draft.finding_salt, message, fix, location, value, subjects, severity)

    def _create(
        self,
        digest: str,
        message: Words,
        fix: Words,
        location: str,
        value: str,
        subjects: tuple[str, ...] = (),
        severity: Severity | None = None,
        sources: tuple[str, ...] = (),
    ) -> Finding:
        """A finding of this rule bound to ``digest`` (a message, a template, or the run)."""
        return Finding.create(
            rule=self.id,
            name=self.name,
            severity=severity if severity is not None else self.default_severity,
            message=message,
            fix=fix,
            incidents=self.incidents,
            location=location,
            value=value,
            subjects=subjects,
            message_digest=digest,
            sources=sources,
        )

    @classmethod
    def documentation(cls) -> str:
        import inspect

        return inspect.cleandoc(cls.__doc__ or "")


class RunRule(Rule):
    """A rule over the messages of one run (``mailguard batch``, ``Batch``, template rows)."""

    scope = "batch"

    def check(self, draft: Draft, ctx: Context) -> Iterable[Finding]:
        return ()

    def on_message(self, facts: Facts, result: MessageResult, run: RunInputs) -> Iterable[Finding]:
        """Findings about this message alone that need the run's inputs (the target list);
        computed where the message is checked, so they are part of its own result."""
        return ()

    def check_row(self, result: MessageResult, row: Mapping[str, str]) -> Iterable[Finding]:
        """Findings when the sender says which merge row the message came from (``Batch``)."""
        return ()

    def collector(self, run: RunInputs) -> Collector | None:
        """State for the checks that need the whole run (None: this rule has none)."""
        return None

    def run_finding(
        self, message: Words, fix: Words, sources: Iterable[str], severity: Severity | None = None
    ) -> Finding:
        """A finding about the run, naming the messages it concerns."""
        listed = tuple(sources)
        value = "\x1f".join((message.en, *listed))
        return self._create("run", message, fix, "run", value, (), severity, listed)


class TemplateRule(Rule):
    """A rule over a template's structure, before any row is rendered (``mailguard template``)."""

    scope = "template"

    def check(self, draft: Draft, ctx: Context) -> Iterable[Finding]:
        return ()

    def check_template(self, template: Template, policy: Policy) -> Iterable[Finding]:
        return ()

    def at_line(self, template: Template, line: int, message: Words, fix: Words, value: str) -> Finding:
        """A finding on one line of the template."""
        return self._create(template.source, message, fix, f"line:{line}", value)


@lru_cache(maxsize=1)
def registry() -> Mapping[str, type[Rule]]:
    """Every rule class in this package, by id, in id order."""
    found: dict[str, type[Rule]] = {}
    for module_info in pkgutil.iter_modules(__path__):
        if module_info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, Rule) and value.__dict__.get("id"):
                if value.id in found and found[value.id] is not value:
                    raise RuntimeError(f"duplicate rule id {value.id}")
                found[value.id] = value
    return dict(sorted(found.items()))


def of_scope(scope: str) -> list[type[Rule]]:
    """The registered rules of one kind ("message", "batch", "template"), in id order."""
    return [rule for rule in registry().values() if rule.scope == scope]


def lookup(key: str) -> type[Rule] | None:
    """A rule by id (case-insensitive) or by name."""
    rules = registry()
    wanted = key.strip().lower()
    for rule in rules.values():
        if rule.id.lower() == wanted or rule.name == wanted:
            return rule
    return None
