"""Registrable domains and public suffixes, offline, from the bundled Public Suffix List: the
answers the party grouping, the look-alike rule and the address repair rely on (NOTES.md,
"Domains"), and that looking them up imports no HTTP client."""

from __future__ import annotations

import subprocess
import sys

import pytest

from mailguard.destinations.domains import public_suffix, registrable_domain


@pytest.mark.parametrize(
    ("domain", "registrable", "suffix"),
    [
        ("mail.example-city.lg.jp", "example-city.lg.jp", "lg.jp"),
        ("www.metro.tokyo.lg.jp", "tokyo.lg.jp", "lg.jp"),  # the PSL lists lg.jp, not tokyo.lg.jp
        ("city.shibuya.tokyo.jp", "city.shibuya.tokyo.jp", "shibuya.tokyo.jp"),
        ("x.y.kawasaki.jp", "x.y.kawasaki.jp", "y.kawasaki.jp"),  # wildcard rule *.kawasaki.jp
        ("www.city.kawasaki.jp", "city.kawasaki.jp", "kawasaki.jp"),  # exception !city.kawasaki.jp
        ("Mail.Example.CO.JP.", "example.co.jp", "co.jp"),
        ("ＥＸＡＭＰＬＥ.co.jp", "example.co.jp", "co.jp"),  # full-width: normalised first
        ("例え.jp", "xn--r8jz45g.jp", "jp"),  # IDN: compared in its xn-- form
        ("foo.blogspot.com", "blogspot.com", "com"),  # private section ignored: registries' view
        ("co.jp", "co.jp", "co.jp"),  # a suffix alone is its own fallback
        ("localhost", "localhost", ""),  # no registry: the name itself, and no suffix
        ("mail.example.internal", "mail.example.internal", ""),
        ("a..b.com", "a..b.com", ""),  # empty label: not a domain any registry has
        ("shop.xn--q9jyb4c", "shop.xn--q9jyb4c", "xn--q9jyb4c"),  # an IDN TLD (みんな), given encoded
        ("a.shop.みんな", "shop.xn--q9jyb4c", "xn--q9jyb4c"),  # ... or in Unicode
        ("www.xn--fiqs8s", "www.xn--fiqs8s", "xn--fiqs8s"),  # 中国
        ("a.xn--zz.jp", "xn--zz.jp", "jp"),  # not valid punycode: the ASCII rules still apply
        ("", "", ""),
    ],
)
def test_registrable_domain_and_suffix(domain: str, registrable: str, suffix: str) -> None:
    assert registrable_domain(domain) == registrable
    assert public_suffix(domain) == suffix


def test_a_lookup_imports_no_http_client() -> None:
    # tldextract imported requests and urllib3 (about 150 ms of every start-up) for a fetch
    # mailguard never makes; nothing on the check path may bring an HTTP client back.
    code = (
        "import sys; from mailguard.destinations.domains import registrable_domain;"
        "assert registrable_domain('a.example.co.jp') == 'example.co.jp';"
        "print(sorted(m for m in ('requests', 'urllib3', 'http.client') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
