"""SMTP in: aiosmtpd, with the decision made at the end of DATA.

- pass -> stored as ``passed`` (the relay sends it), ``250``;
- block -> ``550 5.7.1`` naming the finding ids (the sender's client shows it), or, with
  ``block_action: hold``, stored as ``blocked`` with a full notice to the sender, ``250``;
- confirm -> stored as ``held`` with a notice, ``250``; internal-only mail is passed unless
  ``hold_internal`` asks;
- unreadable, or the check crashed -> held as MG900 / MG000 (fail closed), never relayed.

``250`` is sent only after :meth:`Store.insert` returned, i.e. after the bytes and the state
are on disk; if the store cannot commit the answer is ``451 4.3.0`` and the client keeps the
message. Postfix's ``XFORWARD`` and ``XCLIENT`` are accepted from ``trusted_clients`` only; the
authenticated login (``XCLIENT LOGIN=``, ``MAIL FROM ... AUTH=``, or our own ``AUTH``) is the
sender identity that decisions (four eyes) compare against.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
from pathlib import Path
from typing import Any

from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session, syntax

from mailguard.errors import InputError
from mailguard.files import read_config_text
from mailguard.shells.gateway.actions import Actions
from mailguard.shells.gateway.checking import CheckPool, CheckSummary
from mailguard.shells.gateway.config import GatewayConfig
from mailguard.shells.gateway.log import Log, masked
from mailguard.shells.gateway.store import NewMessage, Store, StoredMessage, StoreError, StoreUnavailable

_XFORWARD_ATTRS = ("NAME", "ADDR", "PORT", "PROTO", "HELO", "IDENT", "SOURCE")
_XCLIENT_ATTRS = ("NAME", "ADDR", "PORT", "PROTO", "HELO", "LOGIN", "DESTADDR", "DESTPORT")


class GatewaySMTP(SMTP):
    """aiosmtpd's server with Postfix's XFORWARD and XCLIENT (trusted clients only)."""

    def __init__(self, handler: Handler, **kwargs: Any) -> None:
        super().__init__(handler, **kwargs)
        self.gateway = handler

    def _trusted(self) -> bool:
        peer = self.session.peer if self.session else None
        return bool(peer) and self.gateway.config.trusts(str(peer[0]))  # type: ignore[index]

    def connection_made(self, transport: Any) -> None:
        super().connection_made(transport)
        self.gateway.sessions.add(self)

    def connection_lost(self, error: Exception | None) -> None:
        self.gateway.sessions.discard(self)
        super().connection_lost(error)

    async def _attributes_from_trusted(self, verb: str, arg: str, allowed: tuple[str, ...]) -> dict[str, str] | None:
        """The attributes of an XFORWARD/XCLIENT line, or None after answering the refusal."""
        if not self._trusted():
            await self.push(f"550 5.7.0 {verb} not authorised")
            return None
        attrs = _attributes(arg)
        if attrs is None or any(k not in allowed for k in attrs):
            await self.push(f"501 5.5.4 Syntax: {verb} attribute=value ...")
            return None
        return attrs

    @syntax("XFORWARD attribute=value ...")
    async def smtp_XFORWARD(self, arg: str) -> None:
        attrs = await self._attributes_from_trusted("XFORWARD", arg, _XFORWARD_ATTRS)
        if attrs is not None:
            _forwarded(self.session).update(attrs)
            await self.push("250 2.0.0 Ok")

    @syntax("XCLIENT attribute=value ...")
    async def smtp_XCLIENT(self, arg: str) -> None:
        attrs = await self._attributes_from_trusted("XCLIENT", arg, _XCLIENT_ATTRS)
        if attrs is None:
            return
        login = attrs.pop("LOGIN", "")
        forwarded = _forwarded(self.session)
        forwarded.update(attrs)
        if login and login.upper() not in ("[UNAVAILABLE]", "[TEMPUNAVAIL]"):
            forwarded["LOGIN"] = login
        # XCLIENT starts a new session as if the client had just connected (Postfix XCLIENT_README).
        self._set_rset_state()  # type: ignore[no-untyped-call]
        assert self.session is not None
        self.session.extended_smtp = False
        self.session.host_name = None
        await self.push(f"220 {self.hostname} ESMTP mailguard")


def _forwarded(session: Session | None) -> dict[str, str]:
    assert session is not None
    data: dict[str, str] | None = getattr(session, "mailguard_forwarded", None)
    if data is None:
        data = {}
        session.mailguard_forwarded = data  # type: ignore[attr-defined]
    return data


def _attributes(arg: str) -> dict[str, str] | None:
    attrs = {}
    for item in arg.split():
        name, sep, value = item.partition("=")
        if not sep or not name:
            return None
        attrs[name.upper()] = _xtext(value)
    return attrs or None


def _xtext(value: str) -> str:
    """XFORWARD/XCLIENT values are xtext: ``+HH`` encodes a byte."""
    out, i = [], 0
    while i < len(value):
        if (
            value[i] == "+"
            and i + 2 < len(value) + 1
            and all(c in "0123456789ABCDEFabcdef" for c in value[i + 1 : i + 3])
        ):
            out.append(chr(int(value[i + 1 : i + 3], 16)))
            i += 3
        else:
            out.append(value[i])
            i += 1
    return "".join(out)


class Handler:
    """aiosmtpd hooks: envelope checks, then the decision and the durable store at DATA."""

    def __init__(
        self, config: GatewayConfig, store: Store, actions: Actions, checks: CheckPool, log: Log, wake: Any
    ) -> None:
        self.config = config
        self.store = store
        self.actions = actions
        self.checks = checks
        self.log = log
        self.wake = wake
        self.sessions: set[GatewaySMTP] = set()
        self.draining = False

    async def handle_EHLO(
        self, server: GatewaySMTP, session: Session, envelope: Envelope, hostname: str, responses: list[str]
    ) -> list[str]:
        session.host_name = hostname
        if server._trusted():
            extra = [f"250-XFORWARD {' '.join(_XFORWARD_ATTRS)}", f"250-XCLIENT {' '.join(_XCLIENT_ATTRS)}"]
            responses = [*responses[:-1], *extra, responses[-1]]
        return responses

    async def handle_MAIL(
        self, server: GatewaySMTP, session: Session, envelope: Envelope, address: str, options: list[str]
    ) -> str:
        if self.draining:
            return "421 4.3.2 mailguard is shutting down; try again later"
        for option in options:
            name, _, value = option.partition("=")
            if name.upper() == "AUTH" and value not in ("", "<>") and server._trusted():
                _forwarded(session)["AUTH"] = _xtext(value).strip("<>")
        envelope.mail_from = "" if address.strip() in ("", "<>") else address  # the null sender
        envelope.mail_options.extend(options)
        return "250 2.1.0 Ok"

    async def handle_RCPT(
        self, server: GatewaySMTP, session: Session, envelope: Envelope, address: str, options: list[str]
    ) -> str:
        if len(envelope.rcpt_tos) >= self.config.max_recipients:
            return "452 4.5.3 Too many recipients"
        if not address or "@" not in address:
            return "553 5.1.3 Recipient address must be user@domain"
        envelope.rcpt_tos.append(address)
        envelope.rcpt_options.extend(options)
        return "250 2.1.5 Ok"

    async def handle_DATA(self, server: GatewaySMTP, session: Session, envelope: Envelope) -> str:
        data = envelope.original_content or b""
        rcpts = tuple(envelope.rcpt_tos)
        mail_from = envelope.mail_from or ""
        started = time.perf_counter()
        checked = await self.checks.check(data, rcpts)
        forwarded = _forwarded(session)
        login = forwarded.get("LOGIN") or _login(session) or forwarded.get("AUTH")
        client = forwarded.get("ADDR") or (str(session.peer[0]) if session.peer else None)
        state, reply = self._decide(checked, mail_from)
        if state is None:
            self.log.write(
                "rejected",
                verdict=checked.verdict,
                rules=checked.rules(),
                findings=[f["id"] for f in checked.findings if f["severity"] == "block"],
                mail_from=masked(mail_from),
                rcpts=[masked(r) for r in rcpts],
                client=client,
            )
            return reply
        message = NewMessage(
            kind="mail",
            state=state,
            verdict=checked.verdict,
            findings=checked.findings,
            identity=checked.identity,
            mail_from=mail_from,
            rcpts=rcpts,
            summary=checked.summary,
            data=data,
            reason=_reason(checked, state),
            auth_user=login,
            client=client,
            expires_at=time.time() + self.config.hold_expire_seconds if state in ("held", "blocked") else None,
            needs_approval=checked.needs_approval,
            dedupe=dedupe_key(checked.identity, mail_from, rcpts),
        )
        try:
            stored = await self.store.insert(message, self._notices(message, state))
        except StoreUnavailable as exc:
            self.log.error("store", str(exc), mail_from=masked(mail_from))
            return "451 4.3.0 mailguard cannot store the message now; try again later"
        except StoreError as exc:
            self.log.error("store", str(exc), mail_from=masked(mail_from))
            return "451 4.3.0 mailguard cannot store the message now; try again later"
        if stored.id != message.id:
            self.log.event("duplicate", stored, client=client, reason="the same bytes and envelope again")
            return f"250 2.0.0 Ok: already queued as {stored.id}"
        self.log.event("accepted", stored, client=client, check_ms=round((time.perf_counter() - started) * 1000, 1))
        if state == "passed":
            self.wake.set()
        return reply.format(id=stored.id)

    def _decide(self, checked: CheckSummary, mail_from: str) -> tuple[str | None, str]:
        if checked.internal_only and not mail_from and not checked.error:
            # A delivery report (null sender) to our own staff: refusing it would lose the news.
            return "passed", "250 2.0.0 Ok: queued as {id}"
        if checked.error:
            return "held", "250 2.0.0 Ok: held as {id} (could not be checked; a person must look)"
        if checked.verdict == "block":
            if self.config.block_action == "hold":
                return "blocked", "250 2.0.0 Ok: {id} blocked; the sender gets the report"
            return None, _block_reply(checked)
        if checked.verdict == "confirm" and (self.config.hold_internal or not checked.internal_only):
            return "held", "250 2.0.0 Ok: held as {id} until the sender confirms"
        return "passed", "250 2.0.0 Ok: queued as {id}"

    def _notices(self, message: NewMessage, state: str) -> list[NewMessage]:
        if state not in ("held", "blocked"):
            return []
        stored = _as_stored(message)
        kind = "blocked" if state == "blocked" else "held"
        told = self.actions.notices_for(stored, kind)
        if message.needs_approval:
            told += self.actions.notices_for(stored, "approval")
        return told


def dedupe_key(identity: str, mail_from: str, rcpts: tuple[str, ...]) -> str:
    envelope = "\x1f".join([identity, mail_from.lower(), *sorted(r.lower() for r in rcpts)])
    return hashlib.sha256(envelope.encode("utf-8", "surrogatepass")).hexdigest()


def _as_stored(m: NewMessage) -> StoredMessage:
    now = time.time()
    return StoredMessage(
        id=m.id,
        kind=m.kind,
        state=m.state,
        origin="passed",
        verdict=m.verdict,
        findings=m.findings,
        identity=m.identity,
        mail_from=m.mail_from,
        rcpts=m.rcpts,
        summary=m.summary,
        created=now,
        updated=now,
        size=len(m.data),
        auth_user=m.auth_user,
        expires_at=m.expires_at,
        needs_approval=m.needs_approval,
    )


def _login(session: Session) -> str | None:
    data = session.auth_data
    if isinstance(data, LoginPassword):
        return data.login.decode("utf-8", "replace")
    return None


def _reason(checked: CheckSummary, state: str) -> str:
    if checked.error:
        return f"could not be checked: {checked.error}"
    rules = checked.rules("block" if state == "blocked" else "confirm") or checked.rules()
    return f"{checked.verdict}: {', '.join(rules)}" if rules else checked.verdict


def _block_reply(checked: CheckSummary) -> str:
    """One line the sender's client shows: rules, finding ids and the first reason (ASCII)."""
    blocking = [f for f in checked.findings if f["severity"] == "block"]
    ids = " ".join(f["id"] for f in blocking[:5])
    first = blocking[0]["message"]["en"] if blocking else "blocked by policy"
    text = f"550 5.7.1 mailguard blocked this message ({ids}): {first}"
    return text.encode("ascii", "replace").decode("ascii").replace("\r", " ").replace("\n", " ")[:500]


# ---------------------------------------------------------------- AUTH against a users file


def hash_password(password: str, iterations: int = 200_000) -> str:
    """``pbkdf2_sha256$ITER$SALT$HASH`` (base64), for ``auth_users_file`` lines ``user:HASH``."""
    import secrets

    salt = secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, iterations)
    return f"pbkdf2_sha256${iterations}${base64.b64encode(salt).decode()}${base64.b64encode(digest).decode()}"


def verify_password(password: bytes, encoded: str) -> bool:
    try:
        scheme, iterations, salt, digest = encoded.split("$")
    except ValueError:
        return False
    if scheme != "pbkdf2_sha256":
        return False
    computed = hashlib.pbkdf2_hmac("sha256", password, base64.b64decode(salt), int(iterations))
    return hmac.compare_digest(computed, base64.b64decode(digest))


class UsersFile:
    """aiosmtpd authenticator over ``user:pbkdf2_sha256$...`` lines (re-read when it changes)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._mtime = -1.0
        self._users: dict[str, str] = {}

    def users(self) -> dict[str, str]:
        mtime = self.path.stat().st_mtime
        if mtime != self._mtime:
            lines = read_config_text(self.path, "smtp_users").splitlines()  # regular, capped
            pairs = (line.split(":", 1) for line in lines if ":" in line and not line.lstrip().startswith("#"))
            self._users = {user.strip(): encoded.strip() for user, encoded in pairs}
            self._mtime = mtime
        return self._users

    def __call__(self, server: SMTP, session: Session, envelope: Envelope, mechanism: str, data: Any) -> AuthResult:
        if mechanism not in ("LOGIN", "PLAIN") or not isinstance(data, LoginPassword):
            return AuthResult(success=False, handled=False)
        try:
            encoded = self.users().get(data.login.decode("utf-8", "replace"))
        except (OSError, InputError):  # (a FIFO or an unreadable file: never a hang, never a pass)
            return AuthResult(success=False, handled=False, message="454 4.7.0 Temporary authentication failure")
        if encoded and verify_password(data.password, encoded):
            return AuthResult(success=True, auth_data=data)
        return AuthResult(success=False, handled=False)
