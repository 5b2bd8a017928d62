"""The link in a notice: the credential for one message and one person.

A link carries, signed and timestamped (itsdangerous), the message's gateway id, the first
characters of its identity, the role (sender or approver) and, for an approver, the index of
their address in ``notices.approvers``. Nothing personal is in it (no address, no subject),
so it may stand in a URL; it is signed, not encrypted. It expires after ``link_ttl_seconds``
and it is single-use for the final action because the action is a state change the store
makes at most once: once a message is released or cancelled, its links show what happened
and offer nothing more.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from mailguard.shells.gateway.store import StoredMessage

if TYPE_CHECKING:
    from mailguard.shells.gateway.config import GatewayConfig

SENDER, APPROVER = "s", "a"


class LinkRefused(Exception):
    """The link is expired (``expired``) or not one we signed (``invalid``)."""

    def __init__(self, why: str) -> None:
        super().__init__(why)
        self.why = why


@dataclass(frozen=True)
class Claim:
    message_id: str
    identity: str  # a prefix of the message identity the link was made for
    role: str
    approver: int | None = None


class Links:
    def __init__(self, secret: bytes, ttl_seconds: float, base_url: str) -> None:
        self._serializer = URLSafeTimedSerializer(secret, salt="mailguard-console-link")
        self.ttl_seconds = ttl_seconds
        self.base_url = base_url.rstrip("/")

    def token(self, message: StoredMessage, role: str = SENDER, approver: int | None = None) -> str:
        payload: dict[str, object] = {"m": message.id, "i": message.identity[:16], "r": role}
        if approver is not None:
            payload["a"] = approver
        return str(self._serializer.dumps(payload))

    def url(self, message: StoredMessage, role: str = SENDER, approver: int | None = None) -> str:
        return f"{self.base_url}/m/{self.token(message, role, approver)}"

    def read(self, token: str) -> Claim:
        try:
            payload = self._serializer.loads(token, max_age=int(self.ttl_seconds))
        except SignatureExpired as exc:
            raise LinkRefused("expired") from exc
        except BadSignature as exc:
            raise LinkRefused("invalid") from exc
        if not isinstance(payload, dict) or payload.get("r") not in (SENDER, APPROVER):
            raise LinkRefused("invalid")
        approver = payload.get("a")
        if payload["r"] == APPROVER and not isinstance(approver, int):
            raise LinkRefused("invalid")
        return Claim(str(payload["m"]), str(payload["i"]), str(payload["r"]), approver)


def notice_link(config: GatewayConfig, message: StoredMessage, kind: str, to: str) -> str | None:
    """The link a notice of ``kind`` to ``to`` carries (None when that reader has no page)."""
    console = config.console
    if console is None:
        return None
    approver = None
    if kind == "approval":
        if to not in config.notices.approvers:
            return None
        role, approver = APPROVER, config.notices.approvers.index(to)
    elif kind in ("held", "blocked", "uncertain"):
        role = SENDER
    else:
        return None
    links = Links(console.secret(config.database), console.link_ttl_seconds or config.hold_expire_seconds, console.url)
    return links.url(message, role, approver)
