"""Merge runs: checks across the messages of one run, a target list, and reconciliation.

Single-message rules cannot see a run whose bodies shifted by one row (#8), a wrong
extraction list (#16), or a row silently dropped (#3, #14, #17). Each message contributes
small :class:`Facts` (addresses, names, counts, a digest); the run keeps only those, so memory
stays flat however long the run.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .addressees import AddresseeKind, addressees
from .errors import PolicyError
from .findings import Finding, Severity, Text, Verdict
from .mask import mask_address, mask_name
from .names import name_key
from .policy import Policy
from .result import MessageResult, worst


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
    from .readers.charset import decode_bytes

    source = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise PolicyError(source, f"cannot read target list ({exc.strerror or type(exc).__name__})") from exc
    text, _ = decode_bytes(data.removeprefix(b"\xef\xbb\xbf"), None, source)
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
    digest: str
    verdict: str
    recipients: tuple[str, ...]
    recipient_names: tuple[str, ...]
    addressees: tuple[str, ...]
    attachment_count: int
    shape: str


def _name(written: str) -> str:
    """Order-independent comparable full name ('' when empty)."""
    return "".join(sorted(name_key(written).tokens))


def facts_of(result: MessageResult, index: int) -> Facts:
    draft = result.draft
    if draft is None:
        return Facts(index, result.source, "", "error", (), (), (), 0, "")
    found = addressees(draft.subject, draft.body)
    people = tuple(dict.fromkeys(_name(a.name) for a in found if a.kind is AddresseeKind.PERSON and _name(a.name)))
    names = tuple(dict.fromkeys(_name(r.name) for r in draft.recipients if r.name and "@" not in r.name))
    lines = [line for line in draft.body.splitlines() if line.strip()]
    shape = f"{len(draft.attachments)}:{len(lines)}"
    return Facts(
        index=index,
        source=result.source,
        digest=draft.digest,
        verdict=result.verdict.label if not result.error else "error",
        recipients=tuple(r.address.lower() for r in draft.recipients),
        recipient_names=tuple(n for n in names if n),
        addressees=people,
        attachment_count=len(draft.attachments),
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
    from .rules import registry

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


@dataclass
class CrossChecker:
    """Collects facts message by message; :meth:`finish` runs the cross-message rules."""

    policy: Policy
    targets: Targets | None = None
    facts: list[Facts] = field(default_factory=list)
    _by_email: dict[str, Target] | None = None

    def add(self, facts: Facts) -> list[BatchFinding]:
        """Record a message; returns the findings that concern it alone (MG502), so the
        caller can report them with the message itself."""
        self.facts.append(facts)
        return [f for f in self._targets_of(facts) if f is not None]

    def finish(self) -> list[BatchFinding]:
        """The findings that need the whole run (MG501, MG503)."""
        found: list[BatchFinding | None] = []
        found += self._swaps()
        found += self._reconcile()
        return [f for f in found if f is not None]

    # -- MG501 swapped or shifted rows ------------------------------------------------------

    def _owner_names(self) -> dict[int, set[str]]:
        """Names each message's recipient is known by: display names and the target list."""
        by_target = self.targets.by_email() if self.targets else {}
        owners: dict[int, set[str]] = {}
        for facts in self.facts:
            names = set(facts.recipient_names)
            for address in facts.recipients:
                target = by_target.get(address)
                if target and target.name:
                    names.add(_name(target.name))
            owners[facts.index] = {n for n in names if n}
        return owners

    def _swaps(self) -> list[BatchFinding | None]:
        owners = self._owner_names()
        holders: dict[str, list[int]] = defaultdict(list)
        for index, names in owners.items():
            for name in names:
                holders[name].append(index)
        pairs: list[tuple[int, int]] = []
        for facts in self.facts:
            own = owners.get(facts.index, set())
            for written in facts.addressees:
                if written in own:
                    continue
                pairs.extend((facts.index, other) for other in holders.get(written, ()) if other != facts.index)
        if not pairs:
            return []
        by_index = {f.index: f for f in self.facts}
        offsets = Counter(j - i for i, j in pairs)
        offset, count = offsets.most_common(1)[0]
        results: list[BatchFinding | None] = []
        if count >= 3 and offset != 0:
            shifted = [(i, j) for i, j in pairs if j - i == offset]
            sources = [by_index[i].source for i, _ in shifted]
            results.append(
                _batch_finding(
                    self.policy,
                    "MG501",
                    Text(
                        en=f"{count} messages are addressed to the recipient of the message {offset:+d} rows away: "
                        f"the run is shifted (first: {sources[0]}).",
                        ja=f"{count} 通のメールの宛名が {offset:+d} 行ずれた別のメールの宛先の人になっています "
                        f"(最初: {sources[0]})。",
                    ),
                    Text(
                        en="Stop the run; re-check how bodies and recipients are joined (sorting, row offsets).",
                        ja="送信を止め、本文と宛先の対応付け (並べ替え・行のずれ) を確認してください。",
                    ),
                    sources,
                    Severity.BLOCK,
                )
            )
            pairs = [(i, j) for i, j in pairs if j - i != offset]
        reported: set[frozenset[int]] = set()
        for i, j in pairs:
            key = frozenset((i, j))
            if key in reported:
                continue
            reported.add(key)
            first, second = by_index[i], by_index[j]
            mutual = (j, i) in pairs
            results.append(
                _batch_finding(
                    self.policy,
                    "MG501",
                    Text(
                        en=f"{first.source} is addressed to the recipient of {second.source}"
                        + (" and the other way round (swapped)." if mutual else "."),
                        ja=f"{first.source} の宛名は {second.source} の宛先の人です"
                        + ("。互いに入れ替わっています。" if mutual else "。"),
                    ),
                    Text(
                        en="Send each message to the person it is written for; re-check the merge data.",
                        ja="それぞれのメールを本文の宛名の本人に送ってください。差し込みデータを確認してください。",
                    ),
                    (first.source, second.source),
                    Severity.BLOCK,
                )
            )
        return results

    # -- MG502 outside the target list ------------------------------------------------------

    def _targets_of(self, facts: Facts) -> list[BatchFinding | None]:
        if self.targets is None or facts.verdict == "error":
            return []
        if self._by_email is None:
            self._by_email = self.targets.by_email()
        by_email = self._by_email
        results: list[BatchFinding | None] = []
        for address in facts.recipients:
            target = by_email.get(address)
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

    def _reconcile(self) -> list[BatchFinding | None]:
        results: list[BatchFinding | None] = []
        sent = Counter(address for facts in self.facts for address in set(facts.recipients))
        duplicates = sorted(a for a, n in sent.items() if n > 1)
        if duplicates:
            sources = [f.source for f in self.facts if set(f.recipients) & set(duplicates)]
            results.append(
                _batch_finding(
                    self.policy,
                    "MG503",
                    Text(
                        en=f"{len(duplicates)} address(es) receive more than one message in this run.",
                        ja=f"{len(duplicates)} 件のアドレスに、この送信で複数のメールが届きます。",
                    ),
                    Text(en="Remove the duplicate messages.", ja="重複したメールを除いてください。"),
                    sources,
                )
            )
        if self.targets is not None:
            missing = [t for t in self.targets.rows if t.email.lower() not in sent]
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
        shapes = Counter(f.shape for f in self.facts if f.shape)
        if len(self.facts) >= 3 and len(shapes) > 1:
            usual, _ = shapes.most_common(1)[0]
            odd = [f for f in self.facts if f.shape and f.shape != usual]
            results.append(
                _batch_finding(
                    self.policy,
                    "MG503",
                    Text(
                        en=f"{len(odd)} message(s) differ from the run's usual form "
                        f"(attachments:lines {usual}), e.g. {odd[0].source} ({odd[0].shape}).",
                        ja=f"{len(odd)} 通がこの送信の通常の形 (添付数:行数 {usual}) と異なります。例: {odd[0].source}",
                    ),
                    Text(
                        en="Check those messages: a different template or a missing or extra attachment.",
                        ja="テンプレートの違いや添付ファイルの過不足がないか確認してください。",
                    ),
                    [f.source for f in odd],
                )
            )
        return results


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
        from .result import EXIT_UNREADABLE

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
        self.results: list[MessageResult] = []

    def check(self, message: Any, row: Mapping[str, str] | None = None, source: str | None = None) -> MessageResult:
        from . import check as check_one

        index = len(self.checker.facts)
        result = check_one(message, self.policy, source=source or f"message {index + 1}")
        extra = row_findings(result, row, self.policy) if row is not None and result.draft is not None else []
        eager = self.checker.add(facts_of(result, index))
        if result.draft is not None:
            extra += [f.as_finding(result.draft.digest) for f in eager]
        if extra:
            findings = tuple(sorted((*result.findings, *extra), key=lambda f: (-f.severity, f.rule)))
            result = replace(result, findings=findings, verdict=worst(findings))
        self.counts[result.verdict.label if not result.error else "error"] += 1
        return result

    def close(self) -> BatchResult:
        findings = tuple(self.checker.finish())
        verdicts = [Verdict[label.upper()] for label in self.counts if label != "error"]
        message_verdict = max(verdicts, default=Verdict.PASS)
        return BatchResult(self.policy.source, dict(self.counts), findings, message_verdict, self.counts["error"])

    def __enter__(self) -> Batch:
        return self

    def __exit__(self, *exc: object) -> None:
        self.summary = self.close()


def row_findings(result: MessageResult, row: Mapping[str, str], policy: Policy) -> list[Finding]:
    """MG504 row-mismatch: the message must go to its own row's address and name its person."""
    from .rules import registry

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
