"""Domain names: normalisation, registrable domain (offline), and policy pattern matching."""

from __future__ import annotations

import unicodedata
from collections.abc import Hashable
from functools import lru_cache
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from publicsuffixlist import PublicSuffixList

T = TypeVar("T")
K = TypeVar("K", bound=Hashable)


def normalise_domain(domain: str) -> str:
    """Comparable ASCII form: NFKC (full-width to ASCII), lower case, no trailing dot, IDNA.

    ``ＥＸＡＭＰＬＥ.co.jp`` and ``example.co.jp`` compare equal; a Unicode domain becomes
    its ``xn--`` form so that look-alikes are compared as they travel on the wire.
    """
    if domain.isascii():
        return domain.strip().rstrip(".").lower()
    domain = unicodedata.normalize("NFKC", domain).strip().rstrip(".").lower()
    if domain.isascii():
        return domain
    try:
        import idna

        return str(idna.encode(domain, uts46=True).decode("ascii"))
    except Exception:  # not a valid IDN: keep it visible as written
        return domain


@lru_cache(maxsize=1)
def _suffixes() -> PublicSuffixList:
    """The Public Suffix List as publicsuffixlist bundles it (ICANN section only, as the
    registries define registrable domains; never the network, nothing written).

    Chosen over tldextract, which gave the same answers for 9,389 domains (the corpus,
    tests, examples, IDN endings) except four with empty labels (``a..b.com``: no suffix
    here) and the suffix of a wildcard's parent (``kawasaki.jp`` for ``kawasaki.jp``, not
    ``jp``), because importing tldextract imports requests and urllib3: about 150 ms of
    every command's start-up, for a fetch mailguard never makes. The rules are kept as
    written (Unicode for the IDN ones): also encoding each to its xn-- form took two thirds
    of the parse (52 of 78 ms); :func:`_ending` decodes the rare xn-- domain instead."""
    from publicsuffixlist import PublicSuffixList

    return PublicSuffixList(only_icann=True, accept_encoded_idn=False)


def prepare() -> None:
    """Parse the suffix list now (about 26 ms), e.g. once before forking workers."""
    _suffixes()


def _ending(domain: str, registrable: bool) -> str | None:
    """The registrable domain (or the public suffix) of a normalised ``domain``, in the
    form it was given: an xn-- label is decoded to look it up among the Unicode rules
    (``xn--q9jyb4c`` is ``みんな``), and the answer is the same number of the given labels."""
    suffixes = _suffixes()
    lookup = suffixes.privatesuffix if registrable else suffixes.publicsuffix
    if "xn--" in domain:
        labels = domain.split(".")
        try:
            written = ".".join(
                label[4:].encode("ascii").decode("punycode") if label[:4] == "xn--" else label for label in labels
            )
        except UnicodeError:
            pass  # not valid punycode: only the ASCII rules can cover it
        else:
            found = lookup(written, accept_unknown=False)
            return None if found is None else ".".join(labels[-(found.count(".") + 1) :])
    return lookup(domain, accept_unknown=False)


def remember(cache: dict[K, T], key: K, value: T, limit: int) -> T:
    """``cache[key] = value``, the cache emptied first when it holds ``limit`` entries: for
    the policy's answers about domains (never message text), of which a gateway sees an
    endless stream."""
    if len(cache) >= limit:
        cache.clear()
    cache[key] = value
    return value


@lru_cache(maxsize=65536)  # an address book's domains, looked up several times each
def registrable_domain(domain: str) -> str:
    """The organisation-level domain (``mail.example.co.jp`` -> ``example.co.jp``).

    Falls back to the domain itself for names the Public Suffix List does not cover
    (``localhost``, IP literals, private TLDs) and for a suffix alone (``lg.jp``).
    """
    domain = normalise_domain(domain)
    if not domain:
        return ""
    return _ending(domain, registrable=True) or domain


@lru_cache(maxsize=4096)
def public_suffix(domain: str) -> str:
    """The public suffix the PSL gives (``co.jp``; "" for an ending no registry has)."""
    domain = normalise_domain(domain)
    return (_ending(domain, registrable=False) or "") if domain else ""


def domain_matches(domain: str, pattern: str) -> bool:
    """``example.jp`` matches itself only; ``*.example.jp`` matches its subdomains only."""
    domain = normalise_domain(domain)
    pattern = pattern.strip().lower()
    if pattern.startswith("*."):
        return domain.endswith("." + normalise_domain(pattern[2:]))
    return domain == normalise_domain(pattern)


def address_matches(address: str, pattern: str) -> bool:
    """Policy address patterns: ``user@example.jp``, ``*@example.jp``, ``example.jp``,
    ``*.example.jp`` (case-insensitive; domains compared after normalisation)."""
    local, _, domain = address.rpartition("@")
    pattern = pattern.strip()
    if "@" in pattern:
        want_local, _, want_domain = pattern.rpartition("@")
        if want_local != "*" and want_local.lower() != local.lower():
            return False
        return domain_matches(domain, want_domain)
    return domain_matches(domain, pattern)


class DomainSet:
    """Policy domain patterns prepared for fast membership: exact names in one set,
    ``*.x`` wildcards in another, looked up by walking the domain's parents."""

    def __init__(self, patterns: tuple[str, ...]) -> None:
        self.exact = {normalise_domain(p) for p in patterns if not p.strip().startswith("*.")}
        self.wildcard = {normalise_domain(p.strip()[2:]) for p in patterns if p.strip().startswith("*.")}

    def __contains__(self, domain: object) -> bool:
        if not isinstance(domain, str):
            return False
        domain = normalise_domain(domain)
        if domain in self.exact:
            return True
        _, _, parent = domain.partition(".")
        while parent:
            if parent in self.wildcard:
                return True
            _, _, parent = parent.partition(".")
        return False
