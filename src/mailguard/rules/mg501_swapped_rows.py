"""MG501 swapped-rows: messages of a run addressed to each other's recipients (#8)."""

from __future__ import annotations

from array import array
from collections import Counter, defaultdict
from collections.abc import Iterator

from mailguard.findings import Finding, Severity, reason
from mailguard.rules import RunRule
from mailguard.rules._run import (
    MAX_SOURCES_LISTED,
    Collector,
    Facts,
    NameResolver,
    RunInputs,
    configured,
    key,
    person_key,
)


class SwappedRows(RunRule):
    """
    ## What it does
    In a merge run, compares who each message is addressed to (salutation, subject) with the
    recipients of the other messages. A message addressed to the recipient of another
    message is **blocked** together with that message, naming the pair; a run where many
    messages are addressed to the recipient *N rows away* is reported once as a shift.

    ## Why
    Incident #8: registration-complete mails were sent with all recipient addresses swapped.
    Each message looks fine alone; only the run shows it.

    ## Example
    `row1.eml` to hanako@... says 「田中 一郎 様」; `row2.eml` to ichiro@... says 「山田 花子 様」.

    ## Use instead
    Take recipient and salutation from the same row; never sort one column on its own.

    ## Configuration
    `--targets` (names per address) and the address book make recipients' names known.

    ## Known problems
    It needs names on both sides: a message must name someone (salutation, subject), and the
    other message's recipient must have a known name (display name, `--targets`, address
    book). A run of `お客様各位` messages, or bare addresses with no targets, cannot show a
    swap.

    Only swaps inside the run are seen: a message addressed to a person who receives nothing in
    this run (the name of last month's list) is left to MG502/MG504. Two people with the same
    name (`田中 一郎` twice) cannot be told apart.

    ## References
    Incidents #8, #2, #18.
    """

    id = "MG501"
    name = "swapped-rows"
    incidents = (8, 2, 18)
    default_severity = Severity.BLOCK
    summary = reason("MG501.summary")

    def collector(self, run: RunInputs) -> Collector | None:
        return _Swaps(self, run)


class _Swaps(Collector):
    """Per message: the keys of its recipients' names (owners) and of the names it is
    addressed to that are not its own recipients' (about 16 bytes a message)."""

    def __init__(self, rule: SwappedRows, run: RunInputs) -> None:
        self.rule = rule
        self.policy = run.policy
        by_email = run.targets.by_email() if run.targets else {}
        self.target_names = {a: person_key(t.name) for a, t in by_email.items() if t.name}
        self.count = 0
        self.owner = array("q")
        self.more_owners: dict[int, tuple[int, ...]] = {}
        self.addressee = array("q")
        self.more_addressees: dict[int, tuple[int, ...]] = {}

    def add(self, facts: Facts) -> None:
        index = self.count
        self.count += 1
        names = set(facts.recipient_names)
        names.update(self.target_names[a] for a in facts.recipients if a in self.target_names)
        owners = tuple(key(n) for n in sorted(names))
        self.owner.append(owners[0] if owners else 0)
        if len(owners) > 1:
            self.more_owners[index] = owners[1:]
        unexplained = tuple(key(w) for w in facts.addressees if w not in names)
        self.addressee.append(unexplained[0] if unexplained else 0)
        if len(unexplained) > 1:
            self.more_addressees[index] = unexplained[1:]

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

    def finish(self, names: NameResolver) -> list[Finding]:
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
        results: list[Finding] = []
        offset, count = Counter(j - i for i, j in pairs).most_common(1)[0]
        if count >= 3 and offset != 0:
            shifted = [i for i, j in pairs if j - i == offset]
            shown = names(shifted[:MAX_SOURCES_LISTED])
            results.append(
                self.rule.run_finding(
                    reason("MG501.shifted", count=count, offset=f"{offset:+d}", first=shown[shifted[0]]),
                    reason("MG501.shifted.fix"),
                    [shown[i] for i in shifted[:MAX_SOURCES_LISTED]],
                )
            )
            pairs = [(i, j) for i, j in pairs if j - i != offset]
        shown = names({k for pair in pairs for k in pair})
        reported: set[frozenset[int]] = set()
        for i, j in pairs:
            if frozenset((i, j)) in reported:
                continue
            reported.add(frozenset((i, j)))
            code = "MG501.swapped" if (j, i) in pairs else "MG501.addressed_to_other"
            results.append(
                self.rule.run_finding(
                    reason(code, first=shown[i], second=shown[j]), reason("MG501.fix"), (shown[i], shown[j])
                )
            )
        return [configured(f, self.policy) for f in results]
