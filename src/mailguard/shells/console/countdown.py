"""The pause before the final yes (``interactive.countdown_seconds``), kept by the server.

The terminal dialog waits N seconds after the last tick before a confirmed send can go
(:func:`mailguard.shells.interactive._countdown`). A page can be scripted, so on the console
the wait is the server's: every confirmation form carries a *stamp*, the time the server
served it, signed (HMAC-SHA256 with the console's secret, like the links) together with the
message's id and identity, the link, the person acting and the session's CSRF token. A
confirmation posted before ``served + countdown_seconds`` is refused and the page shown
again with the same stamp (reloading does not restart the wait, and does not shorten it
either). A stamp that does not verify (edited time, another message, another link, another
browser) or that is older than a session is refused like a bad CSRF token.

A plain number in the form would be the client's word for when it saw the page; the
signature makes it the server's.
"""

from __future__ import annotations

import hashlib
import hmac
import math
from dataclasses import dataclass

_CONTEXT = b"mailguard-console-countdown"


class StampRefused(Exception):
    """Not a stamp this console made for this form (or made too long ago)."""


@dataclass(frozen=True)
class Form:
    """What a stamp is bound to: one message as shown, through one link, to one person, in
    one browser session."""

    message_id: str
    identity: str
    link: str
    person: str
    session: str


class Stamps:
    def __init__(self, secret: bytes, max_age: float) -> None:
        self._key = hmac.new(secret, _CONTEXT, hashlib.sha256).digest()  # its own key, not the links'
        self.max_age = max_age

    def _mac(self, form: Form, millis: int) -> str:
        parts = (form.message_id, form.identity, form.link, form.person, form.session, str(millis))
        return hmac.new(self._key, "\x00".join(parts).encode(), hashlib.sha256).hexdigest()

    def make(self, form: Form, served: float) -> str:
        millis = int(served * 1000)
        return f"{millis}.{self._mac(form, millis)}"

    def served(self, form: Form, stamp: str | None, now: float) -> float:
        """When the form was served, or :class:`StampRefused`."""
        millis_text, _, mac = (stamp or "").partition(".")
        if not millis_text.isdigit() or len(millis_text) > 16:
            raise StampRefused("malformed")
        millis = int(millis_text)
        if not hmac.compare_digest(mac, self._mac(form, millis)):
            raise StampRefused("forged")
        served = millis / 1000
        if now - served > self.max_age:
            raise StampRefused("expired")
        return served


def seconds_left(served: float, countdown: float, now: float) -> int:
    """Whole seconds still to wait (0: the confirmation may go), rounded up as the terminal
    counts; never more than the countdown (a node whose clock runs ahead served the form)."""
    return max(0, min(math.ceil(countdown), math.ceil(served + countdown - now)))
