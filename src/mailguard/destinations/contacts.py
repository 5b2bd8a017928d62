"""The address book: who is who, so that "another known contact" can be recognised.

CSV (columns ``email``, ``name``, optional ``aliases`` separated by ``;`` or ``|``, optional
``organisation``) or YAML (a list of mappings with the same keys, ``aliases`` a list). Aliases
hold readings and spellings (kana, romaji, Western order) that the sender may write instead.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from mailguard import safe_yaml
from mailguard.content.names import NameKey, fold, is_cjk, name_key, names_match
from mailguard.errors import PolicyError
from mailguard.files import not_csv
from mailguard.findings import Reason, reason
from mailguard.patterns import on_first_use

_LEGAL_FORMS = on_first_use(
    r"株式会社|有限会社|合同会社|\(株\)|\(有\)|㈱|㈲|社会福祉法人|医療法人|一般社団法人|一般財団法人|"
    r"公益社団法人|公益財団法人|特定非営利活動法人|npo法人|御中|\b(inc|ltd|llc|corp|co|kk|gmbh|plc)\b\.?",
    re.IGNORECASE,
)
_ORGANISATION_PUNCTUATION = on_first_use(r"[\s\u3000.,・()]+")
_ALIAS_SEPARATORS = re.compile(r"[;|]")


def organisation_key(text: str) -> str:
    """``株式会社サンプル 営業部`` and ``サンプル`` compare by their core: legal forms and spaces dropped."""
    folded = fold(unicodedata.normalize("NFKC", text))
    return _ORGANISATION_PUNCTUATION.sub("", _LEGAL_FORMS.sub(" ", folded))


def incorporated(text: str) -> bool:
    """Whether an organisation's name carries its legal form (株式会社みらい印刷, 社会福祉法人
    さくら会, Example Ltd): a body of its own, not a department or an office."""
    return bool(_LEGAL_FORMS.search(fold(unicodedata.normalize("NFKC", text))))


def organisations_match(one: str, other: str) -> bool:
    a, b = organisation_key(one), organisation_key(other)
    if len(a) < 2 or len(b) < 2:
        return False
    return a == b or a in b or b in a


@dataclass(frozen=True)
class Contact:
    email: str
    name: str
    aliases: tuple[str, ...] = ()
    organisation: str = ""

    @cached_property
    def keys(self) -> tuple[NameKey, ...]:
        return tuple(k for k in (name_key(n) for n in (self.name, *self.aliases) if n) if not k.empty)

    def is_named(self, key: NameKey) -> bool:
        return any(names_match(key, own) for own in self.keys)


@dataclass(frozen=True)
class AddressBook:
    source: str
    contacts: tuple[Contact, ...]

    @cached_property
    def _by_email(self) -> dict[str, Contact]:
        return {c.email.lower(): c for c in self.contacts}

    def by_email(self, address: str) -> Contact | None:
        return self._by_email.get(address.lower())

    def people_named(self, key: NameKey) -> tuple[Contact, ...]:
        """Contacts ``key`` can name (``names_match``), found through an index of their names'
        forms instead of a pass over every contact: a 10,000-entry book is asked per recipient."""
        if key.empty:
            return ()
        found = {id(c) for form in _lookup_forms(key) for c in self._by_name_form.get(form, ())}
        return tuple(c for c in self.contacts if id(c) in found and c.is_named(key))

    @cached_property
    def _by_name_form(self) -> dict[str, list[Contact]]:
        index: dict[str, list[Contact]] = {}
        for contact in self.contacts:
            for own in contact.keys:
                for form in _indexed_forms(own):
                    index.setdefault(form, []).append(contact)
        return index

    def organisations_named(self, text: str) -> tuple[Contact, ...]:
        return tuple(c for c in self.contacts if c.organisation and organisations_match(text, c.organisation))

    @cached_property
    def search_index(self) -> SearchIndex:
        """Every searchable name prepared once, for finding contacts in long texts."""
        return SearchIndex.build(self)

    def full_names(self) -> Iterable[tuple[Contact, str]]:
        """(contact, written form) for every full name or alias worth searching text for."""
        for contact in self.contacts:
            for written in (contact.name, *contact.aliases):
                key = name_key(written)
                if len(key.tokens) >= 2 or (key.tokens and is_cjk(key.joined) and len(key.joined) >= 3):
                    yield contact, written


def _orderings(tokens: tuple[str, ...]) -> set[str]:
    from itertools import permutations

    return {"".join(p) for p in permutations(tokens)} if len(tokens) <= 4 else {"".join(tokens)}


def _indexed_forms(own: NameKey) -> set[str]:
    """The forms under which a contact's name can be found (see ``names_match``): joined,
    tokens in any order, each token of a full name (a surname alone names it), and the starts
    of an unspaced Japanese name (田中 for 田中一郎)."""
    forms = {"j:" + own.joined, "s:" + "\x1f".join(sorted(own.tokens))}
    if len(own.tokens) == 1:
        word = own.tokens[0]
        forms.add("w:" + word)
        if is_cjk(word):
            forms.update("p:" + word[:n] for n in range(2, len(word) + 1))
    else:
        forms.update("t:" + t for t in own.tokens)
        forms.update("o:" + o for o in _orderings(own.tokens))
    return forms


def _lookup_forms(key: NameKey) -> set[str]:
    """The index forms under which a name written in a message finds its candidates."""
    forms = {"j:" + key.joined, "s:" + "\x1f".join(sorted(key.tokens))}
    if len(key.tokens) == 1:
        word = key.tokens[0]
        forms.update(("t:" + word, "o:" + word, "p:" + word))
    else:
        forms.update("w:" + t for t in key.tokens)
        forms.update("w:" + o for o in _orderings(key.tokens))
    return forms


def _split_aliases(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, list):
        return tuple(str(v).strip() for v in value if str(v).strip())
    return tuple(part.strip() for part in _ALIAS_SEPARATORS.split(str(value)) if part.strip())


def _contact(row: dict[str, Any], source: str, where: Reason) -> Contact:
    email = str(row.get("email") or "").strip()
    if "@" not in email:
        raise PolicyError(source, reason("error.book.bad_email", where=where))
    return Contact(
        email=email,
        name=str(row.get("name") or "").strip(),
        aliases=_split_aliases(row.get("aliases")),
        organisation=str(row.get("organisation") or row.get("organization") or "").strip(),
    )


def _read_text(path: Path) -> str:
    from mailguard.errors import InputError
    from mailguard.files import CONFIG_LIMIT, read_regular
    from mailguard.readers.charset import decode_document

    try:  # a regular file, capped (a FIFO named as the address book cannot hang the check)
        return decode_document(read_regular(path, CONFIG_LIMIT, "address_book"), str(path))
    except InputError as exc:
        raise PolicyError(str(path), exc.reason) from exc


def load_address_book(path: Path) -> AddressBook:
    """Read a CSV or YAML address book; errors name the file and the row."""
    source = str(path)
    text = _read_text(path)
    if path.suffix.lower() in (".yaml", ".yml"):
        rows = safe_yaml.load(text, source) or []  # file, line, column; never the entry's text
        if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
            raise PolicyError(source, reason("error.book.yaml_shape", shape="{email, name, aliases, organisation}"))
        contacts = [_contact(r, source, reason("error.book.entry", n=i)) for i, r in enumerate(rows, start=1)]
    else:
        reader = csv.DictReader(io.StringIO(text))
        try:
            fields = [f.strip().lower() for f in reader.fieldnames or []]
            if "email" not in fields:
                raise PolicyError(source, reason("error.book.no_email_column"))
            reader.fieldnames = fields
            contacts = [_contact(r, source, reason("error.book.row", n=i)) for i, r in enumerate(reader, start=2)]
        except csv.Error as exc:
            raise PolicyError(source, not_csv(reader.line_num, exc)) from exc
    return AddressBook(source, tuple(contacts))


@dataclass(frozen=True)
class SearchIndex:
    """Names and organisations by their comparable form, with the lengths to try.

    Looking up every substring of those lengths costs one pass over the text, however many
    thousands of contacts the book holds."""

    cjk: dict[str, list[tuple[Contact, str]]]
    cjk_lengths: tuple[int, ...]
    latin: dict[str, list[tuple[Contact, str]]]
    latin_sizes: tuple[int, ...]
    organisations: dict[str, list[Contact]]
    organisation_lengths: tuple[int, ...]

    @classmethod
    def build(cls, book: AddressBook) -> SearchIndex:
        cjk: dict[str, list[tuple[Contact, str]]] = {}
        latin: dict[str, list[tuple[Contact, str]]] = {}
        for contact, written in book.full_names():
            key = name_key(written)
            if is_cjk(key.joined):
                cjk.setdefault(key.joined, []).append((contact, written))
            else:
                for order in (key.tokens, tuple(reversed(key.tokens))):
                    latin.setdefault(" ".join(order), []).append((contact, written))
        organisations: dict[str, list[Contact]] = {}
        for contact in book.contacts:
            core = organisation_key(contact.organisation) if contact.organisation else ""
            if len(core) >= 3:
                organisations.setdefault(core, []).append(contact)
        return cls(
            cjk,
            tuple(sorted({len(k) for k in cjk})),
            latin,
            tuple(sorted({k.count(" ") + 1 for k in latin})),
            organisations,
            tuple(sorted({len(k) for k in organisations})),
        )
