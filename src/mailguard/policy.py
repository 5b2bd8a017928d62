"""The policy: an explicit, immutable object passed to every check (no global settings).

A policy file is YAML layered over the shipped, commented ``rules/default.yaml``. Validation is
strict: an unknown key, a wrong type or an unknown rule id is an error naming the key and the
file, because a typo in a safety policy must never silently switch a protection off.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from types import MappingProxyType
from typing import Any

from mailguard import safe_yaml
from mailguard.destinations.contacts import AddressBook, load_address_book
from mailguard.destinations.domains import DomainSet
from mailguard.destinations.organisations import Boundaries, load_boundaries, provider_patterns
from mailguard.errors import InputError, PolicyError
from mailguard.files import CONFIG_LIMIT, read_config_text, read_regular
from mailguard.findings import Param, Severity, reason
from mailguard.limits import Limits

POLICY_FILENAME = "mailguard.yaml"
SEVERITY_CHOICES = ("info", "confirm", "block")
LANG_CHOICES = ("en", "ja")


def shipped_dir() -> Path:
    """Where the shipped rules/ data lives: inside the wheel, or in a source checkout."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "_shipped", here.parent.parent / "rules"):
        if (candidate / "default.yaml").is_file():
            return candidate
    raise PolicyError(str(here), reason("error.install.no_default"))


@dataclass(frozen=True, slots=True)
class RuleConfig:
    enabled: bool
    severity: Severity | None
    options: Mapping[str, Any]


_UNCONFIGURED = RuleConfig(enabled=True, severity=None, options=MappingProxyType({}))


@dataclass(frozen=True, slots=True)
class Approver:
    """A second person who may approve: the policy's name for a public key, and the mail
    addresses that are that person's own (an approver never approves mail sent from them)."""

    name: str
    public_key: bytes  # raw Ed25519 public key, 32 bytes
    addresses: tuple[str, ...] = ()

    @property
    def key_text(self) -> str:
        return public_key_text(self.public_key)


PUBLIC_KEY_PREFIX = "ed25519:"


def public_key_text(raw: bytes) -> str:
    """The form ``mailguard keys new`` prints and ``approval.approvers`` holds."""
    import base64

    return PUBLIC_KEY_PREFIX + base64.b64encode(raw).decode("ascii")


def parse_public_key(text: str) -> bytes | None:
    """Raw key bytes from ``ed25519:BASE64``; None when it is not one."""
    import base64
    import binascii

    value = text.strip()
    if not value.startswith(PUBLIC_KEY_PREFIX):
        return None
    try:
        raw = base64.b64decode(value.removeprefix(PUBLIC_KEY_PREFIX), validate=True)
    except (binascii.Error, ValueError):
        return None
    return raw if len(raw) == 32 else None


@dataclass(frozen=True)
class Policy:
    source: str
    lang: str | None = None
    internal_domains: tuple[str, ...] = ()
    trusted_domains: tuple[str, ...] = ()
    known_domains: tuple[str, ...] = ()
    organisations: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    personal_mail_providers: tuple[str, ...] = ()
    boundaries: Boundaries = field(default_factory=Boundaries)
    blocked_recipients: tuple[str, ...] = ()
    watched_recipients: tuple[str, ...] = ()
    bulk_headers: tuple[str, ...] = ()
    bulk_precedence: tuple[str, ...] = ()
    bulk_subject_markers: tuple[str, ...] = ()
    limits: Limits = field(default_factory=Limits)
    rules: Mapping[str, RuleConfig] = field(default_factory=dict)
    address_book: AddressBook | None = None
    personal_data: Mapping[str, Severity] = field(default_factory=dict)
    # The sender organisation's own phones, postal addresses and accounts (never personal data).
    own_contacts: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    audit_log: Path | None = None
    approval_required_for: tuple[str, ...] = ()
    approvers: tuple[Approver, ...] = ()
    # Keys finding fingerprints (fingerprint_secret_file); None: the installation secret.
    fingerprint_secret: bytes | None = field(default=None, repr=False)
    # SHA-256 over the effective policy (merged data, approver keys, address book bytes):
    # recorded in manifests and the audit log so a record names the policy it was made under.
    digest: str = ""
    # Output option (``--show-personal-data``), not a YAML key: machine outputs then carry
    # subjects, file names and display names unmasked, and say so.
    show_personal_data: bool = False
    interactive_auto: bool = False
    type_domain_for: tuple[str, ...] = ()
    countdown_seconds: int = 0
    allow_override: bool = False
    # Derived data memoised on the immutable policy (the look-alike index, the enabled
    # rules). Not an init field: ``replace()`` starts an empty memo, so a changed copy never
    # reads what was derived from the original.
    memo: dict[str, Any] = field(default_factory=dict, init=False, compare=False, repr=False)

    def rule(self, rule_id: str) -> RuleConfig:
        """The settings of a rule; a rule the policy cannot configure (MG000, or one added
        by a library user) runs enabled at its own severity with its own options."""
        found = self.rules.get(rule_id)
        return found if found is not None else _UNCONFIGURED

    @cached_property
    def provider_domains(self) -> DomainSet:
        return DomainSet(self.personal_mail_providers)

    @cached_property
    def internal_domain_set(self) -> DomainSet:
        return DomainSet(self.internal_domains)

    @cached_property
    def trusted_domain_set(self) -> DomainSet:
        return DomainSet(self.trusted_domains)

    @cached_property
    def known_domain_set(self) -> DomainSet:
        return DomainSet((*self.known_domains, *self.trusted_domains))

    @classmethod
    def default(cls) -> Policy:
        """The shipped default policy."""
        return load_policy(None)

    @classmethod
    def from_file(cls, path: str | Path) -> Policy:
        return load_policy(Path(path))

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], source: str = "<mapping>", base_dir: Path | None = None) -> Policy:
        """A policy from a dict (library users), layered over the shipped default.

        Relative paths in it (``address_book``, ``audit_log``) are resolved against
        ``base_dir``; without one they are an error naming the key (the core never reads the
        working directory: a service's cwd says nothing about where its files are).
        """
        return _build(_merge(_shipped_default(), dict(data), source), source, base_dir)


# ---------------------------------------------------------------- loading and discovery


def find_policy(start: Path) -> Path | None:
    """``mailguard.yaml`` in ``start`` or its parents, as linters find their config (the CLI
    starts from its working directory)."""
    directory = start.resolve()
    for candidate in (directory, *directory.parents):
        path = candidate / POLICY_FILENAME
        if path.is_file():
            return path
    return None


SHIPPED = "shipped default"  # how a policy's ``source`` names the shipped one (shown in words at the edge)


def load_policy(path: Path | None) -> Policy:
    """Load ``path`` over the shipped default, or the shipped default alone."""
    base = _shipped_default()
    if path is None:
        return _build(base, f"{shipped_dir() / 'default.yaml'} ({SHIPPED})", shipped_dir())
    data = _read_yaml(path)
    return _build(_merge(base, data, str(path)), str(path), path.parent)


def _shipped_default() -> dict[str, Any]:
    """The shipped default, read once per process (policy data, never message data; callers
    merge it into new mappings and never change it)."""
    found = _SHIPPED.get("default")
    if found is None:
        found = _SHIPPED["default"] = _read_yaml(shipped_dir() / "default.yaml", trusted=True)
    return found


_SHIPPED: dict[str, dict[str, Any]] = {}


def _read_yaml(path: Path, trusted: bool = False) -> dict[str, Any]:
    source = str(path)
    try:  # a regular file, capped: a FIFO or /dev/zero named as the policy cannot hang the check
        text = read_config_text(path, "policy")
    except InputError as exc:
        raise PolicyError(source, exc.reason) from exc
    data = safe_yaml.load(text, source, trusted)
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise PolicyError(source, reason("error.policy.not_mapping"))
    return data


def _merge(base: dict[str, Any], override: dict[str, Any], source: str) -> dict[str, Any]:
    """Layer ``override`` on ``base``: mappings merge key by key, everything else replaces.

    Validation happens first, so a typo is reported in the user's file, not after merging.
    """
    _validate(override, source)
    return _merge_plain(base, override)


def _merge_plain(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge_plain(merged[key], value)
        else:
            merged[key] = value
    return merged


# ---------------------------------------------------------------- strict validation

Check = Callable[[Any, str, str], None]


def _fail(source: str, key: Param, problem: Param) -> PolicyError:
    """What is wrong with one key of a policy: "'key': problem"."""
    return PolicyError(source, reason("error.policy.key", key=key, problem=problem))


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _type_name(value: Any) -> str:
    return "null" if value is None else type(value).__name__


# Every whole number has a ceiling: beyond it a value is a typo, and some (a timer's seconds)
# would end in an overflow deep inside a check instead of a line naming the key.
MAX_WHOLE = 2**40
MAX_SECONDS = 86_400


def _int_at_most(maximum: int) -> Check:
    def check(value: Any, source: str, key: str) -> None:
        if not _is_int(value) or not 0 <= value <= maximum:
            shown = repr(value) if len(repr(value)) <= 40 else repr(value)[:40] + "…"
            raise _fail(
                source, key, reason("error.policy.whole_number", maximum=maximum, type=_type_name(value), value=shown)
            )

    return check


_int = _int_at_most(MAX_WHOLE)


def _bool(value: Any, source: str, key: str) -> None:
    if not isinstance(value, bool):
        raise _fail(source, key, reason("error.policy.bool", type=_type_name(value), value=repr(value)))


def _str_list(value: Any, source: str, key: str) -> None:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise _fail(source, key, reason("error.policy.str_list"))


def _choice(*choices: str, nullable: bool = False) -> Check:
    def check(value: Any, source: str, key: str) -> None:
        if value is None and nullable:
            return
        if value not in choices:
            raise _fail(source, key, reason("error.policy.choice", choices=choices, value=repr(value)))

    return check


def _optional_string(value: Any, source: str, key: str) -> None:
    if value is not None and not (isinstance(value, str) and value.strip()):
        raise _fail(source, key, reason("error.policy.path_or_null"))


def _version(value: Any, source: str, key: str) -> None:
    if value != 1 or isinstance(value, bool):
        raise _fail(source, key, reason("error.policy.version", value=repr(value)))


def _mapping_of(spec: Mapping[str, Check]) -> Check:
    def check(value: Any, source: str, key: str) -> None:
        _check_mapping(value, spec, source, key)

    return check


def _organisations(value: Any, source: str, key: str) -> None:
    if not isinstance(value, dict):
        raise _fail(source, key, reason("error.policy.organisations"))
    for name, domains in value.items():
        _str_list(domains, source, f"{key}.{name}")


def _check_mapping(value: Any, spec: Mapping[str, Check], source: str, prefix: str) -> None:
    if not isinstance(value, dict):
        raise _fail(source, prefix or reason("error.policy.top_level"), reason("error.policy.mapping"))
    for key, item in value.items():
        path = f"{prefix}.{key}" if prefix else str(key)
        if key not in spec:
            raise _fail(source, path, reason("error.policy.unknown_key", known=tuple(sorted(spec))))
        spec[key](item, source, path)


def _own_contact_list(value: Any, source: str, key: str) -> None:
    from mailguard.content.ownership import problem_in_own_contact

    _str_list(value, source, key)
    for entry in value:
        problem = problem_in_own_contact(key.rpartition(".")[2], entry)
        if problem:
            raise _fail(source, key, problem)


def rule_declarations() -> Mapping[str, Mapping[str, Any]]:
    """Every configurable rule and its options with their defaults, as declared (as data) in
    the shipped ``rules/default.yaml``: the policy validates against this without importing
    any rule's code (``tests/test_policy.py`` keeps it equal to the rule classes)."""
    found = _DECLARED.get("rules")
    if found is None:
        declared = _shipped_default().get("rules") or {}
        found = MappingProxyType({str(k): MappingProxyType(dict(v or {})) for k, v in declared.items()})
        _DECLARED["rules"] = found
    return found


_DECLARED: dict[str, Mapping[str, Mapping[str, Any]]] = {}


def _rules_section(value: Any, source: str, key: str) -> None:
    rules = rule_declarations()
    if not isinstance(value, dict):
        raise _fail(source, key, reason("error.policy.rules_mapping"))
    for rule_id, settings in value.items():
        path = f"{key}.{rule_id}"
        if rule_id not in rules:
            raise _fail(source, path, reason("error.policy.unknown_rule_section", known=tuple(sorted(rules))))
        spec: dict[str, Check] = {"enabled": _bool, "severity": _choice(*SEVERITY_CHOICES)}
        for option, default in rules[rule_id].items():
            if option not in spec:
                spec[option] = _like(default)
        _check_mapping(settings, spec, source, path)
        if rule_id in SAFETY_NET:
            _keep_safety_net(rule_id, settings, source, path)


# The rules that report what mailguard itself could not do: a failed rule (MG000) and a part
# of the message left unread (MG900). Switching either off, or lowering it, would turn
# "mailguard did not look" into "pass", so a policy may raise them but never weaken them.
SAFETY_NET = {"MG000": "block", "MG900": "confirm"}


def _keep_safety_net(rule_id: str, settings: Mapping[str, Any], source: str, path: str) -> None:
    if settings.get("enabled", True) is not True:
        raise _fail(source, f"{path}.enabled", reason("error.policy.safety_disabled"))
    severity = settings.get("severity")
    if severity is not None and Severity.parse(severity) < Severity.parse(SAFETY_NET[rule_id]):
        raise _fail(source, f"{path}.severity", reason("error.policy.safety_lower", severity=SAFETY_NET[rule_id]))


def _like(default: Any) -> Check:
    if isinstance(default, bool):
        return _bool
    if _is_int(default):
        return _int
    if isinstance(default, list):
        return _str_list
    return _string


def _string(value: Any, source: str, key: str) -> None:
    if not isinstance(value, str):
        raise _fail(source, key, reason("error.policy.string", type=_type_name(value)))


def _rule_ids(value: Any, source: str, key: str) -> None:
    """A list of rule ids, exactly as `mailguard rules` prints them: a typo (``mg101``,
    ``MG1O1``) would silently switch a protection off, so it is an error."""
    _str_list(value, source, key)
    rules = rule_declarations()
    for rule_id in value:
        if rule_id not in rules:
            close = rule_id.strip().upper().replace("O", "0")
            hint = reason("error.policy.did_you_mean", rule=close) if close in rules else ""
            raise _fail(source, key, reason("error.policy.unknown_rule", rule=repr(rule_id), hint=hint))


def _approvers(value: Any, source: str, key: str) -> None:
    if not isinstance(value, dict):
        raise _fail(source, key, reason("error.policy.approvers_mapping", shape="{key: ..., addresses: [...]}"))
    for name, entry in value.items():
        path = f"{key}.{name}"
        if not isinstance(name, str) or not name.strip():
            raise _fail(source, path, reason("error.policy.approver_name"))
        _check_mapping(entry, {"key": _string, "addresses": _str_list}, source, path)
        if not str(entry.get("key") or "").strip():
            raise _fail(source, path, reason("error.policy.approver_key"))


def _removed_key_env(value: Any, source: str, key: str) -> None:
    if value is not None:
        raise _fail(source, key, reason("error.policy.hmac_removed"))


_TOP: dict[str, Check] = {
    "version": _version,
    "lang": _choice(*LANG_CHOICES, nullable=True),
    "internal_domains": _str_list,
    "trusted_domains": _str_list,
    "known_domains": _str_list,
    "organisations": _organisations,
    "personal_mail_providers": _mapping_of({"use_shipped_list": _bool, "extra": _str_list}),
    "organisation_boundaries": _mapping_of(
        {
            "use_shipped_list": _bool,
            "body_labels": _str_list,
            "student_labels": _str_list,
            "separate_organisations": _str_list,
        }
    ),
    "blocked_recipients": _str_list,
    "watched_recipients": _str_list,
    "bulk_markers": _mapping_of({"headers": _str_list, "precedence": _str_list, "subject_markers": _str_list}),
    "limits": _mapping_of({**dict.fromkeys(Limits.names(), _int), "max_seconds": _int_at_most(MAX_SECONDS)}),
    "address_book": _optional_string,
    "audit_log": _optional_string,
    "fingerprint_secret_file": _optional_string,
    "approval": _mapping_of({"required_for": _rule_ids, "approvers": _approvers, "key_env": _removed_key_env}),
    "interactive": _mapping_of(
        {
            "auto": _bool,
            "type_domain_for": _rule_ids,
            "countdown_seconds": _int_at_most(MAX_SECONDS),
            "allow_override": _bool,
        }
    ),
    "personal_data": _mapping_of(
        dict.fromkeys(("to_personal_mail", "to_external", "in_attachment_to_external"), _choice(*SEVERITY_CHOICES))
    ),
    "own_contacts": _mapping_of(dict.fromkeys(("phones", "addresses", "accounts"), _own_contact_list)),
    "rules": _rules_section,
}


def _validate(data: dict[str, Any], source: str) -> None:
    _check_mapping(data, _TOP, source, "")


# ---------------------------------------------------------------- building the object


def _providers(section: Mapping[str, Any]) -> tuple[str, ...]:
    shipped: list[str] = []
    if section.get("use_shipped_list", True):
        shipped = provider_patterns(_read_yaml(shipped_dir() / "personal-mail-providers.yaml", trusted=True))
    return tuple(d.lower() for d in [*shipped, *section.get("extra", [])])


def _boundaries(section: Mapping[str, Any]) -> Boundaries:
    shipped = (
        _read_yaml(shipped_dir() / "organisation-boundaries.yaml", trusted=True)
        if section.get("use_shipped_list", True)
        else None
    )
    return load_boundaries(shipped, section)


def _rule_configs(section: Mapping[str, Any]) -> Mapping[str, RuleConfig]:
    configs: dict[str, RuleConfig] = {}
    for rule_id, declared in rule_declarations().items():
        defaults = {k: v for k, v in declared.items() if k not in ("enabled", "severity")}
        settings = dict(section.get(rule_id) or {})
        severity = settings.pop("severity", None)
        enabled = settings.pop("enabled", declared.get("enabled", True))
        options = {**defaults, **settings}
        configs[rule_id] = RuleConfig(
            enabled=bool(enabled),
            severity=Severity.parse(severity) if severity else None,
            options=MappingProxyType(options),
        )
    return MappingProxyType(configs)


def _relative(value: str | None, base_dir: Path | None, source: str = "", key: str = "") -> Path | None:
    """A path from the policy, relative to the policy file's directory."""
    if not value:
        return None
    path = Path(value).expanduser()
    if path.is_absolute():
        return path
    if base_dir is None:
        raise _fail(source, key, reason("error.policy.relative_path"))
    return base_dir / path


def _address_book(value: str | None, base_dir: Path | None, source: str) -> AddressBook | None:
    path = _relative(value, base_dir, source, "address_book")
    if path is None:
        return None
    try:
        return load_address_book(path)
    except PolicyError as error:
        raise _fail(source, "address_book", error.said()) from error


def _approver_list(section: Mapping[str, Any], base_dir: Path | None, source: str) -> tuple[Approver, ...]:
    """Approvers with their keys read; a key that is missing or malformed stops the policy
    (fail closed: the two-person check must never quietly lose its keys)."""
    approvers = []
    for name, entry in (section.get("approvers") or {}).items():
        where = f"approval.approvers.{name}.key"
        text = str(entry["key"]).strip()
        if not text.startswith(PUBLIC_KEY_PREFIX):
            path = _relative(text, base_dir, source, f"approval.approvers.{name}.key")
            assert path is not None
            try:
                text = read_config_text(path, "public_key").strip()
            except InputError as exc:
                raise _fail(source, where, exc.said()) from exc
        raw = parse_public_key(text)
        if raw is None:
            raise _fail(source, where, reason("error.policy.not_public_key"))
        addresses = tuple(a.strip().lower() for a in entry.get("addresses") or ())
        approvers.append(Approver(str(name), raw, addresses))
    keys = [a.public_key for a in approvers]
    if len(set(keys)) != len(keys):
        raise _fail(source, "approval.approvers", reason("error.policy.shared_key"))
    if section.get("required_for") and not approvers:
        raise _fail(source, "approval.required_for", reason("error.policy.nobody_approves"))
    return tuple(approvers)


def _secret_file(value: str | None, base_dir: Path | None, source: str) -> bytes | None:
    path = _relative(value, base_dir, source, "fingerprint_secret_file")
    if path is None:
        return None
    try:
        secret = read_regular(path, CONFIG_LIMIT, "secret_file").strip()
    except InputError as exc:
        raise _fail(source, "fingerprint_secret_file", exc.said()) from exc
    if len(secret) < 16:
        raise _fail(source, "fingerprint_secret_file", reason("error.policy.short_secret", path=str(path)))
    return secret


def _policy_digest(data: Mapping[str, Any], approvers: tuple[Approver, ...], book: Path | None) -> str:
    import hashlib
    import json

    state = {
        "data": data,
        "approvers": [[a.name, a.key_text, list(a.addresses)] for a in approvers],
        "address_book": _book_digest(book),
    }
    return hashlib.sha256(json.dumps(state, sort_keys=True, default=str).encode("utf-8")).hexdigest()


def _book_digest(book: Path | None) -> str | None:
    import hashlib

    if book is None or not book.is_file():
        return None  # loading it says why
    try:
        return hashlib.sha256(read_regular(book, CONFIG_LIMIT, "address_book")).hexdigest()
    except InputError as exc:
        raise PolicyError(str(book), exc.reason) from exc


def _build(data: dict[str, Any], source: str, base_dir: Path | None) -> Policy:
    _validate(data, source)
    bulk = data.get("bulk_markers") or {}
    lang = data.get("lang")
    approval = data.get("approval") or {}
    approvers = _approver_list(approval, base_dir, source)
    return Policy(
        source=source,
        lang=lang,
        internal_domains=tuple(data.get("internal_domains") or ()),
        trusted_domains=tuple(data.get("trusted_domains") or ()),
        known_domains=tuple(data.get("known_domains") or ()),
        organisations=MappingProxyType({str(k): tuple(v) for k, v in (data.get("organisations") or {}).items()}),
        personal_mail_providers=_providers(data.get("personal_mail_providers") or {}),
        boundaries=_boundaries(data.get("organisation_boundaries") or {}),
        blocked_recipients=tuple(data.get("blocked_recipients") or ()),
        watched_recipients=tuple(data.get("watched_recipients") or ()),
        bulk_headers=tuple(h.lower() for h in bulk.get("headers") or ()),
        bulk_precedence=tuple(p.lower() for p in bulk.get("precedence") or ()),
        bulk_subject_markers=tuple(bulk.get("subject_markers") or ()),
        limits=Limits(**(data.get("limits") or {})),
        rules=_rule_configs(data.get("rules") or {}),
        address_book=_address_book(data.get("address_book"), base_dir, source),
        audit_log=_relative(data.get("audit_log"), base_dir, source, "audit_log"),
        approval_required_for=tuple(approval.get("required_for") or ()),
        approvers=approvers,
        fingerprint_secret=_secret_file(data.get("fingerprint_secret_file"), base_dir, source),
        digest=_policy_digest(data, approvers, _relative(data.get("address_book"), base_dir, source, "address_book")),
        interactive_auto=bool((data.get("interactive") or {}).get("auto", False)),
        type_domain_for=tuple((data.get("interactive") or {}).get("type_domain_for") or ()),
        countdown_seconds=int((data.get("interactive") or {}).get("countdown_seconds", 0)),
        allow_override=bool((data.get("interactive") or {}).get("allow_override", False)),
        personal_data=MappingProxyType(
            {key: Severity.parse(value) for key, value in (data.get("personal_data") or {}).items()}
        ),
        own_contacts=MappingProxyType({str(k): tuple(v) for k, v in (data.get("own_contacts") or {}).items()}),
    )


def default_lang(policy: Policy | None, environ: Mapping[str, str]) -> str:
    """--lang wins elsewhere; then the policy; then the locale (LC_ALL, LC_MESSAGES, LANG) of
    ``environ``, which the shell passes (the core reads no environment of its own)."""
    if policy is not None and policy.lang:
        return policy.lang
    env = environ
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "")
        if value:
            return "ja" if value.lower().startswith("ja") else "en"
    return "en"
