"""What a batch worker sends its parent comes back equal: facts, findings and their reasons
are pickled as their field values (``findings.pickled_by_fields``)."""

from __future__ import annotations

import pickle

from mailguard.findings import Finding, Severity, reason
from mailguard.rules._run import Facts


def test_facts_findings_and_reasons_survive_the_pipe() -> None:
    words = reason("MG501.swapped", first="a.eml", second=reason("ui.then", first="x", rest=("p", 3)))
    finding = Finding.create(
        rule="MG101",
        name="visible-external-parties",
        severity=Severity.BLOCK,
        message=words,
        fix=words,
        incidents=(1, 2),
        location="body",
        value="v",
        subjects=("s",),
        message_digest="d" * 64,
        sources=("a.eml",),
    )
    facts = Facts(3, "a.eml", "block", ("x@example.jp",), ("一郎田中",), (), "1:8", ("i@example.jp",))
    for value in (words, finding, facts, [facts, finding]):
        back = pickle.loads(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        assert back == value and type(back) is type(value)
    assert pickle.loads(pickle.dumps(finding)).severity is Severity.BLOCK
