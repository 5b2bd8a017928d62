"""Who belongs to which party: internal, organisations, private persons."""

from __future__ import annotations

from conftest import eml
from mailguard.destinations.parties import PartyKind, group_parties
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


def test_metro_tokyo_registrable_domain_is_tokyo_lg_jp_unless_stated() -> None:
    text = "From: a@metro.tokyo.lg.jp\nTo: b@city.tokyo.lg.jp\n\nx\n"
    assert parties(text)[0].kind is PartyKind.INTERNAL  # PSL: tokyo.lg.jp is registrable
    stated = parties(text, internal_domains=["metro.tokyo.lg.jp", "*.metro.tokyo.lg.jp"])
    assert stated[0].kind is PartyKind.ORGANISATION


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


def test_exchange_dn_is_internal() -> None:
    from mailguard.model import Address, Draft, Field, Recipient

    draft = Draft(
        "x",
        "msg",
        "d",
        None,
        (Recipient(Address("Boss", "/o=ExchangeLabs/ou=Exchange/cn=Recipients/cn=boss"), Field.TO),),
        "",
        "",
    )
    assert group_parties(draft, Policy.from_mapping({}))[0].kind is PartyKind.INTERNAL


def test_full_width_and_upper_case_domains_are_normalised() -> None:
    found = parties(
        "From: a@example-city.lg.jp\nTo: x@ＥＸＡＭＰＬＥ-CITY.LG.JP\n\nx\n",
        internal_domains=["example-city.lg.jp"],
    )
    assert found[0].kind is PartyKind.INTERNAL
