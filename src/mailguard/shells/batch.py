"""Merge runs: checks across the messages of one run, a target list, and reconciliation.

Single-message rules cannot see a run whose bodies shifted by one row (#8), a wrong
extraction list (#16), or a row silently dropped (#3, #14, #17). Each message contributes
small :class:`Facts` (addresses, names, its form); the run keeps a few 64-bit keys of them,
so memory stays flat however long the run.
"""

from __future__ import annotations

import csv
import hashlib
import io
import itertools
from array import array
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from mailguard.content.addressees import AddresseeKind, addressees
from mailguard.content.names import name_key
from mailguard.errors import PolicyError
from mailguard.findings import Finding, Severity, Text, Verdict
from mailguard.mask import mask_address, mask_name
from mailguard.policy import Policy
from mailguard.result import MessageResult, worst


@dataclass(frozen=True, slots=True)
class Target:
    """One row of the approved target list (#16)."""

    email: str
    name: str = ""
    id: str = ""


@dataclass(frozen=True)
class Targets:
    source: str
    rows: tuple[Target, ...]

    def by_email(self) -> dict[str, Target]:
        return {t.email.lower(): t for t in self.rows}


def load_targets(path: Path) -> Targets:
    """CSV with at least an ``email`` column, optionally ``name`` and ``id`` (any Japanese encoding)."""
    from mailguard.readers.charset import decode_document

    source = str(path)
    try:
        text = decode_document(path.read_bytes(), source)
    except OSError as exc:
        raise PolicyError(source, f"cannot read target list ({exc.strerror or type(exc).__name__})") from exc
    reader = csv.DictReader(io.StringIO(text))
    fields = [f.strip().lower() for f in reader.fieldnames or []]
    if "email" not in fields:
        raise PolicyError(source, "target list needs an 'email' column (optionally 'name' and 'id')")
    reader.fieldnames = fields
    rows = []
    for number, row in enumerate(reader, start=2):
        email = (row.get("email") or "").strip()
        if "@" not in email:
            raise PolicyError(source, f"row {number}: 'email' is missing or not an address")
        rows.append(Target(email, (row.get("name") or "").strip(), (row.get("id") or "").strip()))
    return Targets(source, tuple(rows))


@dataclass(frozen=True, slots=True)
class Facts:
    """What the cross-message checks need from one message, and nothing more."""

    index: int
    source: str
    verdict: str
    recipients: tuple[str, ...]
    recipient_names: tuple[str, ...]
    addressees: tuple[str, ...]
    shape: str


def _name(written: str) -> str:
    """Order-independent comparable full name ('' when empty)."""
    return "".join(sorted(name_key(written).tokens))


def facts_of(result: MessageResult, index: int) -> Facts:
    draft = result.draft
    if draft is None:
        return Facts(index, result.source, "error", (), (), (), "")
    found = result.addressees or addressees(draft.subject, draft.body)
    people = tuple(dict.fromkeys(_name(a.name) for a in found if a.kind is AddresseeKind.PERSON and _name(a.name)))
    names = tuple(dict.fromkeys(_name(r.name) for r in draft.recipients if r.name and "@" not in r.name))
    lines = [line for line in draft.body.splitlines() if line.strip()]
    shape = f"{len(draft.attachments)}:{len(lines)}"
    return Facts(
        index=index,
        source=result.source,
        verdict=result.verdict.label,
        recipients=tuple(r.address.lower() for r in draft.recipients),
        recipient_names=tuple(n for n in names if n),
        addressees=people,
        shape=shape,
    )


@dataclass(frozen=True)
class BatchFinding:
    rule: str
    name: str
    severity: Severity
    message: Text
    fix: Text
    incidents: tuple[int, ...]
    sources: tuple[str, ...]
    id: str

    def as_finding(self, message_digest: str) -> Finding:
        """The same finding reported on one message (for rules that concern it alone)."""
        return Finding.create(
            rule=self.rule,
            name=self.name,
            severity=self.severity,
            message=self.message,
            fix=self.fix,
            incidents=self.incidents,
            location="run:targets",
            value=self.message.en,
            subjects=(),
            message_digest=message_digest,
        )

    def to_dict(self, lang: str) -> dict[str, Any]:
        return {
            "id": self.id,
            "rule": self.rule,
            "name": self.name,
            "severity": self.severity.label,
            "message": self.message.get(lang),
            "fix": self.fix.get(lang),
            "incidents": list(self.incidents),
            "sources": list(self.sources),
        }


def _batch_finding(
    policy: Policy, rule_id: str, message: Text, fix: Text, sources: Iterable[str], severity: Severity | None = None
) -> BatchFinding | None:
    from mailguard.rules import registry

    rule = registry()[rule_id]
    config = policy.rule(rule_id)
    if not config.enabled:
        return None
    listed = tuple(sources)
    digest = hashlib.sha256("\x1f".join((rule_id, message.en, *listed)).encode()).hexdigest()[:12]
    return BatchFinding(
        rule=rule_id,
        name=rule.name,
        severity=config.severity or severity or rule.default_severity,
        message=message,
        fix=fix,
        incidents=rule.incidents,
        sources=listed,
        id=f"{rule_id}-{digest}",
    )


def _hash(text: str) -> int:
    """64-bit key for an address or a name: the run keeps these, not the strings."""
    return int.from_bytes(
        hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "little", signed=True
    )


NameResolver = Callable[[Iterable[int]], dict[int, str]]
MAX_SOURCES_LISTED = 200


class CrossChecker:
    """Collects compact facts message by message; :meth:`finish` runs the rules that need
    the whole run. Per message it keeps a few 64-bit keys in arrays (about 30 bytes), so a
    run of 100,000 messages costs a few megabytes; source names are looked up again only
    for the messages a finding names."""

    def __init__(self, policy: Policy, targets: Targets | None = None) -> None:
        self.policy = policy
        self.targets = targets
        self._by_email = targets.by_email() if targets else {}
        self._target_names = {a: _name(t.name) for a, t in self._by_email.items() if t.name}
        self.count = 0
        self.recipient = array("q")
        self.more_recipients: dict[int, tuple[int, ...]] = {}
        self.owner = array("q")
        self.more_owners: dict[int, tuple[int, ...]] = {}
        self.shape = array("H")
        self.shapes: dict[str, int] = {}
        self.addressee = array("q")
        self.more_addressees: dict[int, tuple[int, ...]] = {}
        self.readable = array("b")

    def add(self, facts: Facts) -> list[BatchFinding]:
        """Record a message; returns the findings that concern it alone (MG502), so the
        caller can report them with the message itself."""
        index = self.count
        self.count += 1
        recipients = tuple(_hash(a) for a in facts.recipients)
        self.recipient.append(recipients[0] if recipients else 0)
        if len(recipients) > 1:
            self.more_recipients[index] = recipients[1:]
        names = set(facts.recipient_names)
        names.update(self._target_names[a] for a in facts.recipients if a in self._target_names)
        owners = tuple(_hash(n) for n in sorted(names))
        self.owner.append(owners[0] if owners else 0)
        if len(owners) > 1:
            self.more_owners[index] = owners[1:]
        unexplained = tuple(_hash(w) for w in facts.addressees if w not in names)
        self.addressee.append(unexplained[0] if unexplained else 0)
        if len(unexplained) > 1:
            self.more_addressees[index] = unexplained[1:]
        self.shape.append(self.shapes.setdefault(facts.shape, len(self.shapes)) if facts.shape else 0xFFFF)
        self.readable.append(facts.verdict != "error")
        return [f for f in self._targets_of(facts) if f is not None]

    def finish(self, names: NameResolver) -> list[BatchFinding]:
        """The findings that need the whole run (MG501, MG503); ``names`` turns message
        indexes back into source names."""
        found: list[BatchFinding | None] = []
        found += self._swaps(names)
        found += self._reconcile(names)
        return [f for f in found if f is not None]

    # -- MG501 swapped or shifted rows ------------------------------------------------------

    def _owners_of(self, index: int) -> tuple[int, ...]:
        first = self.owner[index]
        return ((first,) if first else ()) + self.more_owners.get(index, ())

    def _mismatches(self) -> Iterator[tuple[int, int]]:
        """(message, name it is addressed to) where that name is not its own recipient's."""
        for index, first in enumerate(self.addressee):
            if first:
                yield index, first
                for more in self.more_addressees.get(index, ()):
                    yield index, more

    def _swaps(self, resolve: NameResolver) -> list[BatchFinding | None]:
        owners_anywhere = {o for index in range(self.count) for o in self._owners_of(index)}
        wanted = {h for _, h in self._mismatches() if h in owners_anywhere}
        del owners_anywhere
        if not wanted:
            return []
        holders: dict[int, list[int]] = defaultdict(list)
        for index in range(self.count):
            for owner in self._owners_of(index):
                if owner in wanted:
                    holders[owner].append(index)
        pairs = [(i, j) for i, written in self._mismatches() for j in holders.get(written, ()) if j != i]
        if not pairs:
            return []
        results: list[BatchFinding | None] = []
        offsets = Counter(j - i for i, j in pairs)
        offset, count = offsets.most_common(1)[0]
        if count >= 3 and offset != 0:
            shifted = [i for i, j in pairs if j - i == offset]
            names = resolve(shifted[:MAX_SOURCES_LISTED])
            first = names[shifted[0]]
            results.append(
                _batch_finding(
                    self.policy,
                    "MG501",
                    Text(
                        en=f"{count} messages are addressed to the recipient of the message {offset:+d} rows away: "
                        f"the run is shifted (first: {first}).",
                        ja=f"{count} 通のメールの宛名が {offset:+d} 行ずれた別のメールの宛先の人になっています "
                        f"(最初: {first})。",
                    ),
                    Text(
                        en="Stop the run; re-check how bodies and recipients are joined (sorting, row offsets).",
                        ja="送信を止め、本文と宛先の対応付け (並べ替え・行のずれ) を確認してください。",
                    ),
                    [names[i] for i in shifted[:MAX_SOURCES_LISTED]],
                    Severity.BLOCK,
                )
            )
            pairs = [(i, j) for i, j in pairs if j - i != offset]
        names = resolve({k for pair in pairs for k in pair})
        reported: set[frozenset[int]] = set()
        for i, j in pairs:
            if frozenset((i, j)) in reported:
                continue
            reported.add(frozenset((i, j)))
            mutual = (j, i) in pairs
            results.append(
                _batch_finding(
                    self.policy,
                    "MG501",
                    Text(
                        en=f"{names[i]} is addressed to the recipient of {names[j]}"
                        + (" and the other way round (swapped)." if mutual else "."),
                        ja=f"{names[i]} の宛名は {names[j]} の宛先の人です"
                        + ("。互いに入れ替わっています。" if mutual else "。"),
                    ),
                    Text(
                        en="Send each message to the person it is written for; re-check the merge data.",
                        ja="それぞれのメールを本文の宛名の本人に送ってください。差し込みデータを確認してください。",
                    ),
                    (names[i], names[j]),
                    Severity.BLOCK,
                )
            )
        return results

    # -- MG502 outside the target list ------------------------------------------------------

    def _targets_of(self, facts: Facts) -> list[BatchFinding | None]:
        if self.targets is None or facts.verdict == "error":
            return []
        results: list[BatchFinding | None] = []
        for address in facts.recipients:
            target = self._by_email.get(address)
            if target is None:
                results.append(
                    _batch_finding(
                        self.policy,
                        "MG502",
                        Text(
                            en=f"{facts.source}: recipient {mask_address(address)} is not on the target list.",
                            ja=f"{facts.source}: 宛先 {mask_address(address)} は対象者リストにありません。",
                        ),
                        Text(
                            en="Remove the message, or correct the extraction that produced it.",
                            ja="このメールを除くか、抽出条件を修正してください。",
                        ),
                        (facts.source,),
                    )
                )
            elif target.name and _name(target.name) and not self._name_agrees(facts, _name(target.name)):
                results.append(
                    _batch_finding(
                        self.policy,
                        "MG502",
                        Text(
                            en=f"{facts.source}: the list names {mask_address(address)} {mask_name(target.name)}, "
                            "but the message names someone else.",
                            ja=f"{facts.source}: リストでは {mask_address(address)} は "
                            f"{mask_name(target.name)} ですが、メールには別の名前があります。",
                        ),
                        Text(
                            en="Check that the row's name and address belong together.",
                            ja="リストの氏名とアドレスの組み合わせを確認してください。",
                        ),
                        (facts.source,),
                    )
                )
        return results

    @staticmethod
    def _name_agrees(facts: Facts, listed: str) -> bool:
        written = set(facts.recipient_names) | set(facts.addressees)
        if not written:
            return True
        return listed in written or any(_surname_of(listed, w) for w in written)

    # -- MG503 reconciliation -------------------------------------------------------------------

    def _recipients_of(self, index: int) -> tuple[int, ...]:
        first = self.recipient[index]
        return ((first,) if first else ()) + self.more_recipients.get(index, ())

    def _reconcile(self, resolve: NameResolver) -> list[BatchFinding | None]:
        results: list[BatchFinding | None] = []
        keys = array("q", (k for k in self.recipient if k))
        for more in self.more_recipients.values():
            keys.extend(more)
        ordered = sorted(keys)  # sorting finds repeats without a dictionary of every address
        duplicates = {a for a, b in itertools.pairwise(ordered) if a == b}
        del ordered
        if duplicates:
            involved = [i for i in range(self.count) if duplicates & set(self._recipients_of(i))]
            names = resolve(involved[:MAX_SOURCES_LISTED])
            results.append(
                _batch_finding(
                    self.policy,
                    "MG503",
                    Text(
                        en=f"{len(duplicates)} address(es) receive more than one message in this run.",
                        ja=f"{len(duplicates)} 件のアドレスに、この送信で複数のメールが届きます。",
                    ),
                    Text(en="Remove the duplicate messages.", ja="重複したメールを除いてください。"),
                    [names[i] for i in involved[:MAX_SOURCES_LISTED]],
                )
            )
        if self.targets is not None:
            sent = set(keys)
            missing = [t for t in self.targets.rows if _hash(t.email.lower()) not in sent]
            if missing:
                labels = ", ".join(t.id or mask_address(t.email) for t in missing[:5])
                results.append(
                    _batch_finding(
                        self.policy,
                        "MG503",
                        Text(
                            en=f"{len(missing)} target(s) have no message: {labels}{' …' if len(missing) > 5 else ''}.",
                            ja=f"対象者 {len(missing)} 件にメールがありません: {labels}",
                        ),
                        Text(
                            en="Find out why these rows produced no message before reporting the run as done.",
                            ja="送信完了とする前に、これらの行からメールが作られなかった理由を確認してください。",
                        ),
                        (self.targets.source,),
                    )
                )
        results.append(self._odd_shapes(resolve))
        return results

    def _odd_shapes(self, resolve: NameResolver) -> BatchFinding | None:
        shapes = Counter(s for s in self.shape if s != 0xFFFF)
        if self.count < 3 or len(shapes) < 2:
            return None
        usual = shapes.most_common(1)[0][0]
        odd = [i for i in range(self.count) if self.shape[i] not in (usual, 0xFFFF)]
        labels = {v: k for k, v in self.shapes.items()}
        names = resolve(odd[:MAX_SOURCES_LISTED])
        return _batch_finding(
            self.policy,
            "MG503",
            Text(
                en=f"{len(odd)} message(s) differ from the run's usual form (attachments:lines {labels[usual]}), "
                f"e.g. {names[odd[0]]} ({labels[self.shape[odd[0]]]}).",
                ja=f"{len(odd)} 通がこの送信の通常の形 (添付数:行数 {labels[usual]}) と異なります。例: {names[odd[0]]}",
            ),
            Text(
                en="Check those messages: a different template or a missing or extra attachment.",
                ja="テンプレートの違いや添付ファイルの過不足がないか確認してください。",
            ),
            [names[i] for i in odd[:MAX_SOURCES_LISTED]],
        )


def _surname_of(full: str, written: str) -> bool:
    """A salutation by surname only (田中様) agrees with the full name on the list."""
    return bool(written) and len(written) < len(full) and written in full


@dataclass(frozen=True)
class BatchResult:
    policy_source: str
    counts: Mapping[str, int]
    batch_findings: tuple[BatchFinding, ...]
    message_verdict: Verdict
    errors: int

    @property
    def verdict(self) -> Verdict:
        return max(self.message_verdict, _verdict_of(self.batch_findings))

    @property
    def exit_code(self) -> int:
        from mailguard.result import EXIT_UNREADABLE

        return EXIT_UNREADABLE if self.errors else {0: 0, 1: 1, 2: 3}[int(self.verdict)]

    def to_dict(self, lang: str) -> dict[str, Any]:
        return {
            "verdict": "error" if self.errors else self.verdict.label,
            "exit_code": self.exit_code,
            "policy": self.policy_source,
            "summary": dict(self.counts),
            "batch_findings": [f.to_dict(lang) for f in self.batch_findings],
        }


def _verdict_of(findings: Iterable[BatchFinding]) -> Verdict:
    return Verdict.of([f.severity for f in findings])


# -- library API for senders that render and send in one loop ---------------------------------


class Batch:
    """Check messages of a merge run as they are rendered, then reconcile the run.

    ``row`` (a mapping with ``email`` and optionally ``name`` and ``id``) is the merge row a
    message came from: a message whose recipient or salutation does not belong to its own
    row is blocked at once, even in a one-message run.
    """

    def __init__(self, policy: Policy | None = None, targets: Targets | Iterable[Mapping[str, str]] | None = None):
        self.policy = policy or Policy.default()
        if targets is not None and not isinstance(targets, Targets):
            rows = tuple(Target(r["email"], r.get("name", ""), r.get("id", "")) for r in targets)
            targets = Targets("<targets>", rows)
        self.checker = CrossChecker(self.policy, targets)
        self.counts: Counter[str] = Counter()
        self.sources: list[str] = []

    def check(self, message: Any, row: Mapping[str, str] | None = None, source: str | None = None) -> MessageResult:
        from mailguard import check as check_one

        index = self.checker.count
        result = check_one(message, self.policy, source=source or f"message {index + 1}")
        self.sources.append(result.source)
        extra = row_findings(result, row, self.policy) if row is not None and result.draft is not None else []
        facts = facts_of(result, index)
        if row is not None and _name(row.get("name") or ""):
            # The row says who the recipient is: the run can then see swapped rows (MG501).
            facts = replace(facts, recipient_names=(*facts.recipient_names, _name(row.get("name") or "")))
        eager = self.checker.add(facts)
        if result.draft is not None:
            extra += [f.as_finding(result.draft.digest) for f in eager]
        if extra:
            findings = tuple(sorted((*result.findings, *extra), key=lambda f: (-f.severity, f.rule)))
            result = replace(result, findings=findings, verdict=worst(findings))
        self.counts[result.verdict.label if not result.error else "error"] += 1
        return result

    def close(self) -> BatchResult:
        findings = tuple(self.checker.finish(lambda indexes: {i: self.sources[i] for i in indexes}))
        verdicts = [Verdict[label.upper()] for label in self.counts if label != "error"]
        message_verdict = max(verdicts, default=Verdict.PASS)
        return BatchResult(self.policy.source, dict(self.counts), findings, message_verdict, self.counts["error"])

    def __enter__(self) -> Batch:
        return self

    def __exit__(self, *exc: object) -> None:
        self.summary = self.close()


def row_findings(result: MessageResult, row: Mapping[str, str], policy: Policy) -> list[Finding]:
    """MG504 row-mismatch: the message must go to its own row's address and name its person."""
    from mailguard.rules import registry

    draft = result.draft
    config = policy.rule("MG504")
    if draft is None or not config.enabled:
        return []
    rule = registry()["MG504"]()
    email = (row.get("email") or "").strip().lower()
    name = _name(row.get("name") or "")
    problems = []
    recipients = {r.address.lower() for r in draft.recipients}
    if email and email not in recipients:
        problems.append(("recipient", f"goes to {', '.join(sorted(recipients))} but its row is {mask_address(email)}"))
    facts = facts_of(result, 0)
    written = set(facts.addressees) | set(facts.recipient_names)
    if name and written and name not in written and not any(_surname_of(name, w) for w in written):
        problems.append(("name", f"names someone other than its row's {mask_name(row.get('name') or '')}"))
    found = []
    for where, problem in problems:
        finding = rule.finding(
            draft,
            message=Text(en=f"The message {problem}.", ja=f"このメールは差し込み行と一致しません ({problem})。"),
            fix=Text(
                en="Render each message from one row only: recipient and salutation from the same row.",
                ja="宛先と宛名は同じ行から差し込んでください。",
            ),
            location=f"row:{row.get('id') or email}:{where}",
            value=email + "\n" + name,
        )
        found.append(finding if config.severity is None else finding.with_severity(config.severity))
    return found
