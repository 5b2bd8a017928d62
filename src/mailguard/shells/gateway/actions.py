"""What people do with held mail: the one layer the CLI and the web console both call.

Every action is one atomic state change in the store with a row in the append-only log (who,
why, and what the decision is bound to: the message identity and the finding ids the person
saw). A caller that showed the person a message passes ``identity`` and ``acknowledged``; if
the stored message is not the one shown, or has findings the person did not see, the action
is refused rather than applied to something nobody looked at.

Rules (as the file-based ``mailguard approve`` has them):

- ``release`` sends a held message (at once or after ``delay_seconds``, during which it can
  still be cancelled), as is or with the visible recipients moved to Bcc. A blocked message is
  never released: it must be corrected and sent again.
- where ``approval.required_for`` names a finding's rule, only ``approve`` by a person other
  than the sender releases it.
- ``cancel`` works until the relay has claimed the message.
- ``expire_due`` ends what nobody decided in ``hold_expire_seconds``, with a notice.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Collection
from typing import Any

from mailguard.errors import MailguardError
from mailguard.shells.gateway.config import GatewayConfig
from mailguard.shells.gateway.notices import notice
from mailguard.shells.gateway.rewrite import to_bcc
from mailguard.shells.gateway.store import NewMessage, Store, StoredMessage, Transition

REWRITES = {"sender": "bcc-sender", "undisclosed": "bcc-undisclosed"}
APPROVAL_REQUESTED = "approval-requested"  # the ``event`` of a sender's request in the log


class ActionRefused(MailguardError):
    """The action is not allowed for this message or this person (exit status 1)."""

    exit_code = 1


class Actions:
    def __init__(self, store: Store, config: GatewayConfig, clock: Callable[[], float] = time.time) -> None:
        self.store = store
        self.config = config
        self.clock = clock

    # -- reading

    async def list_messages(
        self, states: Collection[str] = (), kind: str | None = "mail", limit: int = 1000
    ) -> list[StoredMessage]:
        return await self.store.list_messages(states, limit=limit, kind=kind)

    async def show(self, message_id: str) -> StoredMessage:
        return await self.store.get(message_id)

    async def history(self, message_id: str) -> list[Transition]:
        await self.store.get(message_id)  # NotFound for an unknown id, not an empty history
        return await self.store.history(message_id)

    async def content(self, message_id: str) -> bytes:
        """The bytes that would be relayed (with the Bcc rewrite when one was chosen)."""
        message = await self.store.get(message_id, with_data=True)
        assert message.data is not None
        return relayed_bytes(message)

    # -- deciding

    async def release(
        self,
        message_id: str,
        actor: str,
        *,
        bcc: bool = False,
        bcc_to: str | None = None,
        delay_seconds: float | None = None,
        acknowledged: Collection[str] | None = None,
        identity: str | None = None,
        reason: str = "",
    ) -> StoredMessage:
        delay = self.config.release_delay_seconds if delay_seconds is None else float(delay_seconds)
        if delay < 0:
            raise ActionRefused("delay_seconds must be zero or more")
        rewrite = REWRITES[bcc_to or self.config.bcc_to] if bcc else None

        def check(message: StoredMessage) -> None:
            if message.needs_approval and not message.approved_by:
                ids = ", ".join(message.needs_approval)
                raise ActionRefused(
                    f"message {message.id} needs approval by a second person ({ids}): "
                    f"mailguard gateway approve {message.id}"
                )
            _bound(message, acknowledged, identity)

        return await self._release(message_id, actor, check, rewrite, delay, acknowledged, reason or "released")

    async def approve(
        self,
        message_id: str,
        approver: str,
        *,
        bcc: bool = False,
        bcc_to: str | None = None,
        acknowledged: Collection[str] | None = None,
        identity: str | None = None,
        reason: str = "",
    ) -> StoredMessage:
        """A second person approves and so releases (never the sender: four eyes)."""
        rewrite = REWRITES[bcc_to or self.config.bcc_to] if bcc else None

        def check(message: StoredMessage) -> None:
            if same_person(approver, message):
                raise ActionRefused(f"{approver} sent message {message.id}: a second person must approve it")
            _bound(message, acknowledged, identity)

        return await self._release(
            message_id,
            approver,
            check,
            rewrite,
            self.config.release_delay_seconds,
            acknowledged,
            reason or "approved",
            approved_by=approver,
        )

    async def _release(
        self,
        message_id: str,
        actor: str,
        check: Callable[[StoredMessage], None],
        rewrite: str | None,
        delay: float,
        acknowledged: Collection[str] | None,
        reason: str,
        **changes: Any,
    ) -> StoredMessage:
        current = await self.store.get(message_id)
        if current.state == "blocked":
            raise ActionRefused(f"message {message_id} is blocked: it cannot be released; correct it and send it again")
        now = self.clock()
        detail = {
            "identity": current.identity,
            "findings": sorted(acknowledged) if acknowledged is not None else [f["id"] for f in current.findings],
            "rewrite": rewrite,
            "delay_seconds": delay,
        }
        return await self.store.transition(
            message_id,
            ("held",),
            "released",
            actor,
            reason,
            detail=detail,
            check=check,
            release_at=now + delay,
            next_attempt=now + delay,
            origin="released",
            rewrite=rewrite,
            **changes,
        )

    async def cancel(self, message_id: str, actor: str, reason: str = "") -> StoredMessage:
        """Until the relay claims it: held, blocked, queued, or released within its delay."""
        current = await self.store.get(message_id)
        if current.state == "relaying":
            raise ActionRefused(f"message {message_id} is being relayed now: too late to cancel")
        return await self.store.transition(
            message_id,
            ("held", "blocked", "released", "passed"),
            "cancelled",
            actor,
            reason or "cancelled",
            detail={"identity": current.identity},
        )

    async def request_approval(
        self, message_id: str, sender: str, reasons: str, *, acknowledged: Collection[str], identity: str
    ) -> StoredMessage:
        """The sender has checked the message and says why it must go: a log row (held stays
        held) the approvers read; it releases nothing."""
        return await self.store.transition(
            message_id,
            ("held",),
            "held",
            sender,
            reasons.strip()[:2000] or "approval requested",
            detail={"event": APPROVAL_REQUESTED, "identity": identity, "findings": sorted(acknowledged)},
            check=lambda message: _bound(message, acknowledged, identity),
        )

    async def retry(self, message_id: str, actor: str, reason: str = "") -> StoredMessage:
        """A failed delivery goes back to the queue it came from (passed or released), due now."""
        current = await self.store.get(message_id)
        now = self.clock()
        return await self.store.transition(
            message_id,
            ("failed",),
            current.origin,
            actor,
            reason or "retried",
            detail={"identity": current.identity},
            next_attempt=now,
            release_at=now,
            attempts=0,
        )

    async def expire_due(self) -> list[StoredMessage]:
        """End held and blocked mail that nobody decided in time, telling the sender."""
        expired = []
        for message in await self.store.due_for_expiry():
            told = self.notices_for(message, "expired")
            try:
                expired.append(
                    await self.store.transition(
                        message.id,
                        ("held", "blocked"),
                        "expired",
                        "gateway",
                        f"undecided after {self.config.hold_expire_seconds:g} s",
                        enqueue=told,
                    )
                )
            except MailguardError:
                continue  # decided meanwhile (released, cancelled): nothing to expire
        return expired

    def notices_for(self, message: StoredMessage, kind: str, extra: dict[str, str] | None = None) -> list[NewMessage]:
        targets = list(self.config.notices.approvers) if kind == "approval" else [notice_address(message)]
        return [n for n in (notice(self.config, message, kind, t, extra) for t in targets) if n is not None]


def notice_address(message: StoredMessage) -> str:
    """Where the sender reads notices: the envelope sender (never for a bounce, '<>')."""
    return message.mail_from or ""


def same_person(person: str, message: StoredMessage) -> bool:
    who = person.strip().lower()
    names = {message.mail_from.lower(), (message.auth_user or "").lower()}
    names |= {n.split("@", 1)[0] for n in names if "@" in n}
    return who in names - {""}


def _bound(message: StoredMessage, acknowledged: Collection[str] | None, identity: str | None) -> None:
    """The decision must be about the message the person saw, with every finding they saw."""
    if identity is not None and identity != message.identity:
        raise ActionRefused(f"message {message.id} is not the message that was shown (identity differs)")
    if acknowledged is None:
        return
    open_ids = [f["id"] for f in message.findings if f["severity"] != "info" and f["id"] not in set(acknowledged)]
    if open_ids:
        raise ActionRefused(f"message {message.id}: not acknowledged: {', '.join(open_ids)}")


def relayed_bytes(message: StoredMessage) -> bytes:
    assert message.data is not None
    if message.rewrite == "bcc-sender":
        return to_bcc(message.data, to="sender")
    if message.rewrite == "bcc-undisclosed":
        return to_bcc(message.data, to="undisclosed")
    return message.data
