"""Who belongs to which party: internal, organisations, private persons."""

from __future__ import annotations

from dataclasses import replace

import pytest
import yaml

from conftest import ROOT, eml
from mailguard.destinations.parties import PartyKind, group_parties
from mailguard.model import Address, Field, Recipient
from mailguard.policy import Policy
from mailguard.readers import read_bytes


def parties(text: str, **policy: object):  # type: ignore[no-untyped-def]
    draft = read_bytes(eml(text), "t.eml")
    return group_parties(draft, Policy.from_mapping(policy))


def summary(found) -> list[tuple[str, str, list[str]]]:  # type: ignore[no-untyped-def]
    return [(p.kind.value, p.label, [m.address for m in p.members]) for p in found]


def test_internal_from_policy_with_subdomain_wildcard() -> None:
    found = parties(
        "From: a@example-city.lg.jp\nTo: b@example-city.lg.jp, c@water.example-city.lg.jp, d@example-city-lg.example.jp\n\nx\n",
        internal_domains=["example-city.lg.jp", "*.example-city.lg.jp"],
    )
    assert summary(found)[0] == (
        "internal",
        "internal",
        ["b@example-city.lg.jp", "c@water.example-city.lg.jp"],
    )
    assert found[1].kind is PartyKind.ORGANISATION


def test_exact_internal_domain_does_not_cover_subdomains() -> None:
    found = parties(
        "From: a@example-city.lg.jp\nTo: c@water.example-city.lg.jp\n\nx\n",
        internal_domains=["example-city.lg.jp"],
    )
    assert found[0].kind is PartyKind.ORGANISATION


def test_without_policy_the_senders_registrable_domain_is_internal() -> None:
    found = parties("From: a@road.example-city.lg.jp\nTo: b@example-city.lg.jp, c@gmail.com\n\nx\n")
    assert summary(found) == [
        ("internal", "internal", ["b@example-city.lg.jp"]),
        ("person", "c@gmail.com", ["c@gmail.com"]),
    ]


def test_metro_tokyo_and_a_tokyo_city_are_two_organisations_without_a_policy() -> None:
    text = "From: a@metro.tokyo.lg.jp\nTo: b@city.hachioji.tokyo.lg.jp, c@section.metro.tokyo.lg.jp\n\nx\n"
    found = summary(parties(text))
    assert found == [
        ("internal", "internal", ["c@section.metro.tokyo.lg.jp"]),
        ("organisation", "city.hachioji.tokyo.lg.jp", ["b@city.hachioji.tokyo.lg.jp"]),
    ]
    stated = parties(text, internal_domains=["metro.tokyo.lg.jp", "*.metro.tokyo.lg.jp"])
    assert [p.kind for p in stated] == [PartyKind.INTERNAL, PartyKind.ORGANISATION]


def test_each_personal_provider_address_is_its_own_party() -> None:
    found = parties("From: a@example-city.lg.jp\nTo: x@gmail.com, y@gmail.com, z@docomo.ne.jp, w@i.softbank.jp\n\nx\n")
    assert [p.kind for p in found] == [PartyKind.PERSON] * 4


def test_people_at_one_organisation_share_a_party_across_subdomains() -> None:
    found = parties(
        "From: a@example-city.lg.jp\nTo: x@bridgeworks-example.co.jp, y@eu.bridgeworks-example.co.jp\n\nx\n"
    )
    assert summary(found) == [
        (
            "organisation",
            "bridgeworks-example.co.jp",
            ["x@bridgeworks-example.co.jp", "y@eu.bridgeworks-example.co.jp"],
        )
    ]


def test_policy_can_extend_the_provider_list() -> None:
    text = "From: a@example-city.lg.jp\nTo: x@example-isp.ne.jp, y@example-isp.ne.jp\n\nx\n"
    assert len(parties(text)) == 1
    assert len(parties(text, personal_mail_providers={"extra": ["example-isp.ne.jp"]})) == 2


def test_policy_can_drop_the_shipped_provider_list() -> None:
    text = "From: a@example-city.lg.jp\nTo: x@gmail.com, y@gmail.com\n\nx\n"
    assert len(parties(text, personal_mail_providers={"use_shipped_list": False})) == 1


def test_full_width_and_upper_case_domains_are_normalised() -> None:
    found = parties(
        "From: a@example-city.lg.jp\nTo: x@ＥＸＡＭＰＬＥ-CITY.LG.JP\n\nx\n",
        internal_domains=["example-city.lg.jp"],
    )
    assert found[0].kind is PartyKind.INTERNAL


# ---------------------------------------------------------------- organisation boundaries

PREFECTURE_CITY_PAIRS = [
    # every prefecture whose capital (or a designated city) bears its name: the PSL puts both
    # under one registrable domain (saitama.lg.jp), the body-type label tells them apart
    (f"pref.{name}.lg.jp", f"city.{name}.lg.jp")
    for name in (
        "saitama",
        "chiba",
        "kanagawa",
        "niigata",
        "shizuoka",
        "hiroshima",
        "okayama",
        "kyoto",
        "osaka",
        "fukuoka",
        "kumamoto",
        "nagasaki",
        "kagoshima",
        "oita",
        "miyazaki",
        "kochi",
        "tokushima",
        "kagawa",
        "yamaguchi",
        "shimane",
        "tottori",
        "wakayama",
        "nara",
        "shiga",
        "mie",
        "aichi",
        "gifu",
        "nagano",
        "yamanashi",
        "fukui",
        "ishikawa",
        "toyama",
        "gunma",
        "tochigi",
        "ibaraki",
        "fukushima",
        "yamagata",
        "akita",
        "miyagi",
        "iwate",
        "aomori",
        "hokkaido",
        "okinawa",
        "ehime",
        "saga",
        "hyogo",
    )
]


@pytest.mark.parametrize(("sender", "recipient"), PREFECTURE_CITY_PAIRS)
def test_a_prefecture_and_the_city_of_the_same_name_are_two_organisations(sender: str, recipient: str) -> None:
    found = parties(f"From: a@{sender}\nTo: b@{recipient}, c@kenko.{sender}\n\nx\n")
    assert summary(found) == [
        ("internal", "internal", [f"c@kenko.{sender}"]),
        ("organisation", recipient, [f"b@{recipient}"]),
    ]


@pytest.mark.parametrize(
    ("one", "other", "same"),
    [
        ("city.saitama.lg.jp", "kyoiku.city.saitama.lg.jp", True),  # a department stays the city
        ("www.city.saitama.lg.jp", "city.saitama.lg.jp", True),
        ("city.kawagoe.saitama.lg.jp", "pref.saitama.lg.jp", False),  # <type>.<name>.<prefecture>
        ("city.kawagoe.saitama.lg.jp", "section.city.kawagoe.saitama.lg.jp", True),
        ("town.ogose.saitama.lg.jp", "vill.higashichichibu.saitama.lg.jp", False),
        ("metro.tokyo.lg.jp", "city.shinjuku.lg.jp", False),  # a special ward
        ("union.example-kouiki.lg.jp", "city.example.lg.jp", False),
        ("example-city.lg.jp", "water.example-city.lg.jp", True),  # no body-type label: registrable
        ("pref.kanagawa.jp", "city.yokohama.jp", False),  # geographic names: the PSL already
        ("example.co.jp", "mail.example.co.jp", True),
    ],
)
def test_organisation_boundaries(one: str, other: str, same: bool) -> None:
    boundaries = Policy.default().boundaries
    assert (boundaries.organisation(one) == boundaries.organisation(other)) is same


@pytest.mark.parametrize("label", ["st", "stu", "student", "s", "edu"])
def test_students_under_ac_jp_are_private_persons(label: str) -> None:
    text = f"From: jimu@sample-univ.ac.jp\nTo: a@{label}.sample-univ.ac.jp, b@{label}.sample-univ.ac.jp, c@sample-univ.ac.jp\n\nx\n"
    assert summary(parties(text)) == [
        ("internal", "internal", ["c@sample-univ.ac.jp"]),
        ("person", f"a@{label}.sample-univ.ac.jp", [f"a@{label}.sample-univ.ac.jp"]),
        ("person", f"b@{label}.sample-univ.ac.jp", [f"b@{label}.sample-univ.ac.jp"]),
    ]


def test_staff_subdomains_of_a_university_stay_one_organisation() -> None:
    text = "From: a@city.example.lg.jp\nTo: x@lab.sample-univ.ac.jp, y@sample-univ.ac.jp\n\nx\n"
    assert summary(parties(text)) == [
        ("organisation", "sample-univ.ac.jp", ["x@lab.sample-univ.ac.jp", "y@sample-univ.ac.jp"])
    ]


def test_students_of_a_school_under_ed_jp_are_private_persons() -> None:
    text = "From: a@city.example.lg.jp\nTo: x@stu.sample-school.ed.jp, y@sample-school.ed.jp\n\nx\n"
    assert [p.kind for p in parties(text)] == [PartyKind.PERSON, PartyKind.ORGANISATION]


@pytest.mark.parametrize(
    "domain",
    [
        "nifty.com",
        "abc.plala.or.jp",
        "xyz.dion.ne.jp",
        "a1.so-net.ne.jp",
        "b2.ocn.ne.jp",
        "c3.biglobe.ne.jp",
        "d4.itscom.net",
        "e5.eonet.ne.jp",
        "f6.commufa.jp",
        "docomo.ne.jp",
        "kyudai.jp",
    ],
)
def test_home_isps_and_carriers_are_private_persons(domain: str) -> None:
    found = parties(f"From: a@city.example.lg.jp\nTo: x@{domain}, y@{domain}\n\nx\n")
    assert [p.kind for p in found] == [PartyKind.PERSON, PartyKind.PERSON]


def test_a_private_sender_owns_only_their_own_address() -> None:
    found = parties("From: me@gmail.com\nTo: me@gmail.com, friend@gmail.com\n\nx\n")
    assert summary(found) == [
        ("internal", "internal", ["me@gmail.com"]),
        ("person", "friend@gmail.com", ["friend@gmail.com"]),
    ]


def test_a_student_sender_does_not_make_the_university_internal() -> None:
    found = parties("From: me@stu.sample-univ.ac.jp\nTo: jimu@sample-univ.ac.jp\n\nx\n")
    assert [p.kind for p in found] == [PartyKind.ORGANISATION]


def test_policy_can_separate_a_body_and_add_student_labels() -> None:
    text = "From: a@city.example.lg.jp\nTo: b@hospital.city.example.lg.jp, c@gs.sample-univ.ac.jp, d@gs.sample-univ.ac.jp\n\nx\n"
    assert [p.kind for p in parties(text)] == [PartyKind.INTERNAL, PartyKind.ORGANISATION]
    policy = {
        "organisation_boundaries": {"separate_organisations": ["hospital.city.example.lg.jp"], "student_labels": ["gs"]}
    }
    assert [p.kind for p in parties(text, **policy)] == [PartyKind.ORGANISATION, PartyKind.PERSON, PartyKind.PERSON]


def test_internal_domains_in_a_policy_stay_authoritative() -> None:
    text = "From: a@pref.saitama.lg.jp\nTo: b@city.saitama.lg.jp\n\nx\n"
    assert parties(text, internal_domains=["*.saitama.lg.jp"])[0].kind is PartyKind.INTERNAL


def test_without_sender_or_policy_organisations_are_unknown_not_external() -> None:
    found = parties("To: a@example-corp.co.jp, b@example-city.lg.jp, c@gmail.com\n\nx\n")
    assert [p.kind for p in found] == [PartyKind.UNKNOWN, PartyKind.UNKNOWN, PartyKind.PERSON]


def test_an_exchange_directory_recipient_is_not_silently_internal() -> None:
    draft = read_bytes(eml("From: a@example-city.lg.jp\nTo: b@example-city.lg.jp\n\nx\n"), "t.eml")
    x500 = Recipient(
        Address("田中", "/o=ExchangeLabs/ou=Exchange Administrative Group/cn=Recipients/cn=tanaka"), Field.TO
    )
    found = group_parties(replace(draft, recipients=(*draft.recipients, x500)), Policy.default())
    assert [p.kind for p in found] == [PartyKind.INTERNAL, PartyKind.UNKNOWN]


def test_every_shipped_provider_names_its_source() -> None:
    data = yaml.safe_load((ROOT / "rules" / "personal-mail-providers.yaml").read_text(encoding="utf-8"))
    for group in data["providers"]:
        assert group["provider"] and group["domains"], group
        assert str(group["source"]).startswith(("http://", "https://")), group
    boundaries = yaml.safe_load((ROOT / "rules" / "organisation-boundaries.yaml").read_text(encoding="utf-8"))
    for section in boundaries.values():
        assert section["sources"], section


def test_the_address_book_name_index_finds_what_a_full_scan_finds() -> None:
    from mailguard.content.names import name_key
    from mailguard.destinations.contacts import AddressBook, Contact

    names = ["田中 一郎", "田中一郎", "佐藤 花子", "Alice Brown", "Brown", "タナカ イチロウ", "一郎 田中", "山田"]
    book = AddressBook("t", tuple(Contact(f"c{i}@example.co.jp", n, (names[-1 - i],)) for i, n in enumerate(names)))
    for written in [*names, "田中", "田中様", "Ms Brown", "alice", "Brown Alice", "花子 佐藤", "山田 太郎", "鈴木"]:
        key = name_key(written)
        assert book.people_named(key) == tuple(c for c in book.contacts if c.is_named(key)), written
