"""Look-alike domains with no policy at all: every class fires, and its real neighbour stays quiet.

Each case is a whole draft from the shipped default policy (no internal_domains, no address
book): the domain to compare with comes from the sender, the quoted thread, a signature or the
provider list, as it does for an office that never wrote a policy.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from conftest import eml
from mailguard import check
from mailguard.policy import Policy

CITY = "k.mori@sample-town.lg.jp"
QUOTE = "\n\n-----Original Message-----\n差出人: 田中 <tanaka@{domain}>\n送信日時: 2026年11月30日 10:15\n\n> 資料を送ります。\n"
SIGNATURE = "\n\n--\n株式会社ひかり電子 営業部\nE-mail：info@{domain}\nhttps://www.{domain}/\n"


def draft(recipient: str, body: str = "いつもお世話になっております。", sender: str = CITY) -> bytes:
    return eml(f"From: {sender}\nTo: {recipient}\nSubject: ご連絡\n\n{body}\n")


def mg301(message: bytes, policy: Policy | None = None) -> list[str]:
    result = check(message, policy or Policy.default(), source="t.eml")
    return [f"{f.severity.label}: {f.message.en}" for f in result.findings if f.rule == "MG301"]


# (class, recipient, body, reference shown, where shown): fires
FIRES = [
    ("rn for m, own domain", "mori@sarnple-town.lg.jp", "", "sample-town.lg.jp", "your own domain"),
    ("digit 1 for l, own domain", "mori@samp1e-town.lg.jp", "", "sample-town.lg.jp", "your own domain"),
    ("capital I for l, own domain", "mori@sampIe-town.lg.jp", "", "sample-town.lg.jp", "your own domain"),
    ("transposition, own domain", "mori@sample-twon.lg.jp", "", "sample-town.lg.jp", "your own domain"),
    ("dot for hyphen, own domain", "mori@sample.town.lg.jp", "", "sample-town.lg.jp", "your own domain"),
    ("doubled letter, own domain", "mori@sample-townn.lg.jp", "", "sample-town.lg.jp", "your own domain"),
    ("another ending, own domain", "mori@sample-town.jp", "", "sample-town.lg.jp", "your own domain"),
    (
        "dropped letter, quoted thread",
        "tanaka@hikari-densi.co.jp",
        QUOTE.format(domain="hikari-denshi.co.jp"),
        "hikari-denshi.co.jp",
        "seen in the quoted message of 2026-11-30",
    ),
    (
        "signature",
        "info@hikari-denshl.co.jp",
        SIGNATURE.format(domain="hikari-denshi.co.jp"),
        "hikari-denshi.co.jp",
        "seen in a signature in this message",
    ),
    (
        "zero for o, quoted",
        "tanaka@t0wa-sys.co.jp",
        QUOTE.format(domain="towa-sys.co.jp"),
        "towa-sys.co.jp",
        "seen in the quoted message",
    ),
    (
        "co.jp for jp, quoted",
        "tanaka@hikari-denshi.jp",
        QUOTE.format(domain="hikari-denshi.co.jp"),
        "hikari-denshi.co.jp",
        "seen in the quoted message",
    ),
    (
        "another country's ending .co for .com, quoted",
        "yui@icloud.co",
        QUOTE.format(domain="icloud.com"),
        "icloud.com",
        "seen in the quoted message",
    ),
    ("ending .jo for .jp", "mikako@yahoo.co.jo", "", "yahoo.co.jp", "a well-known mail provider"),
    (
        "ending .jq for .jp, quoted",
        "a@docomo.ne.jq",
        QUOTE.format(domain="docomo.ne.jp"),
        "docomo.ne.jp",
        "seen in the",
    ),
    ("short label, dropped letter", "taro@gmai.com", "", "gmail.com", "a well-known mail provider"),
    ("short label, doubled letter", "taro@gmaill.com", "", "gmail.com", "a well-known mail provider"),
    (
        "Cyrillic homoglyph in xn-- form",
        "support@xn--80ak6aa92e.com",
        SIGNATURE.format(domain="apple.com"),
        "apple.com",
        "seen in a signature in this message",
    ),
    (
        "Cyrillic homoglyph as written",
        "support@\u0430\u0440\u0440\u04cf\u0435.com",
        SIGNATURE.format(domain="apple.com"),
        "apple.com",
        "seen in a signature in this message",
    ),
    ("Greek omicron", "taro@yah\u03bfo.co.jp", "", "yahoo.co.jp", "a well-known mail provider"),
    ("full-width homoglyph", "taro@ｇｍａｉ１.com", "", "gmail.com", "a well-known mail provider"),
    (
        "geographic name whole",
        "ito@pref.kanagwa.jp",
        QUOTE.format(domain="pref.kanagawa.jp"),
        "pref.kanagawa.jp",
        "seen in the quoted message",
    ),
    (
        "lg.jp body name whole",
        "ito@city.saitarna.lg.jp",
        QUOTE.format(domain="city.saitama.lg.jp"),
        "city.saitama.lg.jp",
        "seen in the quoted message",
    ),
]


@pytest.mark.parametrize(("what", "recipient", "body", "reference", "where"), FIRES, ids=[c[0] for c in FIRES])
def test_lookalike_fires_without_a_policy(what: str, recipient: str, body: str, reference: str, where: str) -> None:
    found = mg301(draft(recipient, "いつもお世話になっております。" + body))
    assert len(found) == 1, found
    assert found[0].startswith("confirm" if "another" in what or "co.jp for jp" in what else "block")
    if reference:
        assert f" {reference} " in found[0] and f"({where}" in found[0], found[0]


# (class, recipient, body, sender): a real neighbour that stays quiet
QUIET = [
    ("own subdomain", "mori@water.sample-town.lg.jp", "", CITY),
    ("a different town that shares a word", "mori@sample-city.lg.jp", "", CITY),
    ("the prefecture and the city of the same name", "a@city.saitama.lg.jp", "", "b@pref.saitama.lg.jp"),
    ("a short real name one substitution from a provider", "info@usb.com", "", CITY),
    ("a short town name one letter from another", "a@city.ota.lg.jp", QUOTE.format(domain="city.oda.lg.jp"), CITY),
    ("the quoted sender's own domain", "tanaka@hikari-denshi.co.jp", QUOTE.format(domain="hikari-denshi.co.jp"), CITY),
    ("a company named like a provider under its own name", "info@gmail-support-example.co.jp", "", CITY),
    (
        "both partners appear in the thread",
        "a@towa-sys.co.jp",
        QUOTE.format(domain="towa-sys.co.jp") + "Cc: b@towa-sis.co.jp\n",
        CITY,
    ),
    ("digits only", "a@123.co.jp", "", "x@124.co.jp"),
    ("a provider address", "taro@gmail.com", QUOTE.format(domain="gmail.com"), CITY),
    ("the same name under .com and .net", "a@hikari-denshi.net", QUOTE.format(domain="hikari-denshi.com"), CITY),
    ("the same name under two countries", "a@yahoo.com.tw", QUOTE.format(domain="yahoo.com.hk"), CITY),
]


@pytest.mark.parametrize(("what", "recipient", "body", "sender"), QUIET, ids=[c[0] for c in QUIET])
def test_real_neighbours_stay_quiet(what: str, recipient: str, body: str, sender: str) -> None:
    assert mg301(draft(recipient, "よろしくお願いします。" + body, sender=sender)) == []


def test_two_real_partners_one_letter_apart_stay_quiet_once_both_are_known(tmp_path: Path) -> None:
    message = draft("a@towa-sis.co.jp", QUOTE.format(domain="towa-sys.co.jp"))
    assert mg301(message)  # without a policy: the quoted domain is the one meant
    book = tmp_path / "contacts.yaml"
    book.write_text(yaml.safe_dump([{"email": "a@towa-sis.co.jp", "name": "A"}]), encoding="utf-8")
    assert mg301(message, Policy.from_mapping({"address_book": str(book)})) == []
    assert mg301(message, Policy.from_mapping({"known_domains": ["towa-sis.co.jp"]})) == []


def test_a_10000_entry_address_book_still_finds_the_one_typo(tmp_path: Path) -> None:
    rows = [{"email": f"info@partner{i:05d}-example.co.jp", "name": f"P{i}"} for i in range(10_000)]
    rows.append({"email": "info@hikari-denshi.co.jp", "name": "ひかり"})
    book = tmp_path / "contacts.yaml"
    book.write_text(yaml.safe_dump(rows), encoding="utf-8")
    policy = Policy.from_mapping({"address_book": str(book)})
    found = mg301(draft("x@hikari-densi.co.jp"), policy)
    assert found == [
        "block: Recipient domain hikari-densi.co.jp is one letter away from hikari-denshi.co.jp (in your address book)."
    ]
    assert mg301(draft("x@partner00042-example.co.jp"), policy) == []
    assert mg301(draft("x@partner00042-exanple.co.jp"), policy)  # one letter from a real entry


def test_a_city_and_its_schools_under_ed_jp_are_not_look_alikes() -> None:
    assert mg301(draft("kocho@daini-es.example-city.ed.jp", sender="k@example-city.lg.jp")) == []
    assert mg301(draft("info@hikari-denshi.or.jp", QUOTE.format(domain="hikari-denshi.co.jp"))) == []


def test_a_drafts_answer_is_remembered_by_its_domains_and_given_with_its_own_reference() -> None:
    """MG301 keeps each draft's answer on the policy by the domains alone: the next draft with
    the same domains gets the same answer, naming its own quoted message (not the first's)."""
    from mailguard.destinations.lookalike import LookalikeIndex, Reference, Where
    from mailguard.rules.mg301_destination import _in_draft

    policy = Policy.default()
    own = Reference("sample-town.lg.jp", Where.OWN)
    first = (own, Reference("hikari-denshi.co.jp", Where.QUOTED, "2026-11-30"))
    second = (own, Reference("hikari-denshi.co.jp", Where.QUOTED, "2026-12-01"))
    for references in (first, second, first):
        fresh = LookalikeIndex(references, policy.boundaries.organisation)
        for domain in ("hikari-densi.co.jp", "sample-tovvn.lg.jp", "gmail.com", "hikari-denshi.co.jp"):
            assert _in_draft(policy, references, domain) == fresh.find(domain)
    found = _in_draft(policy, second, "hikari-densi.co.jp")
    assert found is not None and found.reference.detail == "2026-12-01"
