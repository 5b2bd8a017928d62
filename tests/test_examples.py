"""Every shipped example gives the verdict it is there to show (with the examples' policy)."""

from __future__ import annotations

import json

from conftest import EXAMPLES, run_cli

EXPECTED = {
    "01-event-notice-all-in-to.eml": ("block", {"MG101"}),
    "01-event-notice-bcc.eml": ("pass", set()),
    "05-supervised-orgs-in-cc.eml": ("block", {"MG101"}),
    "05-supervised-orgs-in-cc.msg": ("block", {"MG101"}),
    "05-one-partner-team.eml": ("pass", set()),
    "05-two-partners.eml": ("confirm", {"MG101"}),
    "06-other-school-data.eml": ("block", {"MG202"}),
    "07-newsletter-all-in-to.eml": ("block", {"MG101", "MG102"}),
    "07-newsletter-one-recipient.eml": ("pass", set()),
    "08-registration-swapped.eml": ("block", {"MG201"}),
    "10-personal-data-to-free-mail.eml": ("block", {"MG401", "MG402", "MG404", "MG405", "MG406", "MG409"}),
    "08-registration-correct.eml": ("pass", set()),
    "11-test-results-other-patient.eml": ("block", {"MG202"}),
    "11-test-results-own.eml": ("pass", set()),
    "13-lookalike-domain.eml": ("block", {"MG301", "MG302", "MG303"}),
    "13-correct-domain.eml": ("pass", set()),
    "22-redaction-cosmetic.eml": ("block", {"MG411", "MG202"}),
    "22-redaction-applied.eml": ("pass", set()),
}


def test_every_example_is_listed() -> None:
    drafts = {p.name for p in EXAMPLES.iterdir() if p.suffix in (".eml", ".msg")}
    assert drafts == set(EXPECTED)


def test_examples_give_their_verdicts() -> None:
    files = [str(EXAMPLES / name) for name in EXPECTED]
    data = json.loads(run_cli("check", "--policy", str(EXAMPLES / "mailguard.yaml"), "--format", "json", *files).stdout)
    for message in data["messages"]:
        verdict, rules = EXPECTED[message["source"].rsplit("/", 1)[-1]]
        fired = {f["rule"] for f in message["findings"] if f["severity"] != "info"}
        assert (message["verdict"], fired) == (verdict, rules), message["source"]
