"""The console's pages and forms (Starlette).

Three kinds of visitor: the sender and an approver, who come from the link in their notice
(the link is their credential for that one message), and administrators (and approvers who
work from the queue), who sign in with a password or through the organisation's SSO proxy.

Every state change is one call into :class:`mailguard.shells.gateway.actions.Actions` (or the
store's atomic ``transition``), bound to the identity of the message the page showed and to
the findings on it. Two people acting at once get one success and one page saying what
happened first. Every form carries a CSRF token tied to the session cookie; every response
forbids framing, caching and referrers (the link must not leak through a Referer header).
Nothing personal goes to URLs, page titles or logs.
"""

from __future__ import annotations

import csv
import io
import json
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from mailguard.errors import MailguardError
from mailguard.policy import Policy
from mailguard.shells.console import chart, i18n
from mailguard.shells.console.auth import Person, RateLimit, check_password, from_header, new_csrf, same_token
from mailguard.shells.console.config import ConsoleConfig
from mailguard.shells.console.countdown import Form, StampRefused, Stamps, seconds_left
from mailguard.shells.console.links import APPROVER, Claim, LinkRefused, Links
from mailguard.shells.console.review import Review, review
from mailguard.shells.gateway.actions import APPROVAL_REQUESTED, ActionRefused, Actions, same_person
from mailguard.shells.gateway.config import GatewayConfig
from mailguard.shells.gateway.log import Log
from mailguard.shells.gateway.store import NotFound, StateConflict, Store, StoredMessage, Transition

HERE = Path(__file__).parent
QUEUE_STATES = (
    "held",
    "delayed",
    "blocked",
    "passed",
    "released",
    "relaying",
    "failed",
    "sent",
    "cancelled",
    "expired",
)


@dataclass
class Console:
    """Everything the pages need, built once by :func:`mailguard.shells.console.server`."""

    gateway: GatewayConfig
    config: ConsoleConfig
    store: Store
    actions: Actions
    policy: Policy
    links: Links
    log: Log
    wake: Callable[[], None] = lambda: None
    clock: Callable[[], float] = time.time
    limiter: RateLimit = field(init=False)
    env: Environment = field(init=False)
    stamps: Stamps = field(init=False)

    def __post_init__(self) -> None:
        self.limiter = RateLimit(self.config.login_attempts, self.config.login_window_seconds)
        # A form older than a session has lost its CSRF token anyway: its stamp expires with it.
        self.stamps = Stamps(self.config.secret(self.gateway.database), self.config.session_seconds)
        self.env = Environment(
            loader=FileSystemLoader(HERE / "templates"),
            autoescape=select_autoescape(["html"]),
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.filters["when"] = _when
        self.env.filters["size"] = _size


# ---------------------------------------------------------------- helpers


def _when(timestamp: float | None) -> str:
    if not timestamp:
        return "-"
    return datetime.fromtimestamp(timestamp).astimezone().strftime("%Y-%m-%d %H:%M:%S")


def _size(n: int) -> str:
    for unit in ("B", "KB", "MB"):
        if n < 1024 or unit == "MB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024  # type: ignore[assignment]
    return f"{n} B"


def _lang(request: Request) -> str:
    asked = request.query_params.get("lang")
    if asked in i18n.LANGS:
        return str(asked)
    return i18n.choose(request.cookies.get("mg_lang"), request.headers.get("accept-language"))


def _csrf(request: Request) -> str:
    token = request.session.get("csrf")
    if not isinstance(token, str):
        token = new_csrf()
        request.session["csrf"] = token
    return token


def _client(request: Request) -> str:
    return request.client.host if request.client else ""


class Page:
    """Rendering for one request: the language, the CSRF token, the signed-in person."""

    def __init__(self, console: Console, request: Request) -> None:
        self.console = console
        self.request = request
        self.lang = _lang(request)

    def t(self, key: str, **values: object) -> str:
        return i18n.translate(self.lang, key, **values)

    def render(self, template: str, status: int = 200, **context: Any) -> HTMLResponse:
        html = self.console.env.get_template(template).render(
            t=self.t,
            lang=self.lang,
            other_lang="en" if self.lang == "ja" else "ja",
            csrf=_csrf(self.request),
            person=person(self.console, self.request),
            state_name=lambda s: i18n.state_name(self.lang, s),
            path=self.request.url.path,
            **context,
        )
        response = HTMLResponse(html, status_code=status)
        if self.request.query_params.get("lang") in i18n.LANGS:
            response.set_cookie(
                "mg_lang",
                self.lang,
                max_age=365 * 86400,
                httponly=True,
                samesite="lax",
                secure=self.console.config.secure_cookies,
            )
        return response

    def error(self, key: str, status: int, **values: object) -> HTMLResponse:
        return self.render("message.html", status, title=self.t("refused"), text=self.t(key, **values))


def person(console: Console, request: Request) -> Person | None:
    """The signed-in person: the SSO proxy's header (from a trusted proxy), else the session."""
    if console.config.trusted_header:
        found = from_header(console.config, _client(request), request.headers.get(console.config.trusted_header))
        if found is not None:
            return found
    user = request.session.get("user")
    if isinstance(user, str):
        account = console.config.account(user)
        if account is not None and account.password_hash:
            return Person(account.user, account.roles, "password")
    return None


async def _form(request: Request) -> tuple[dict[str, str], list[str], bool]:
    """The submitted fields, the ticked keys, and whether the CSRF token matched."""
    form = await request.form()
    fields = {k: v for k, v in form.items() if isinstance(v, str)}
    ticks = [v for v in form.getlist("tick") if isinstance(v, str)]
    return fields, ticks, same_token(request.session.get("csrf"), fields.get("csrf"))


def _typed(fields: Mapping[str, str]) -> dict[str, str]:
    return {k.removeprefix("domain-"): v for k, v in fields.items() if k.startswith("domain-")}


DECISIONS = ("released", "cancelled", "expired")


def _decision(history: list[Transition]) -> Transition | None:
    """The change a person (or the expiry) made: what a late visitor is told about."""
    return next((t for t in reversed(history) if t.to_state in DECISIONS), history[-1] if history else None)


def _reasons(history: list[Transition]) -> list[Transition]:
    return [t for t in history if t.detail.get("event") == APPROVAL_REQUESTED]


# ---------------------------------------------------------------- the link: sender and approver


@dataclass
class LinkVisit:
    claim: Claim
    message: StoredMessage
    actor: str  # who acts through this link: the sender, or the approver's address
    token: str

    @property
    def approver(self) -> bool:
        return self.claim.role == APPROVER

    def form(self, request: Request) -> Form:
        """What this page's countdown stamp is bound to."""
        return Form(self.message.id, self.message.identity, self.token, self.actor, _csrf(request))


# The final yes that lets mail go waits ``interactive.countdown_seconds`` (as the terminal's
# dialog does before "confirmed"); cancelling, rejecting and asking for approval never wait.
COUNTED = ("send", "bcc", "approve")


async def _visit(console: Console, page: Page, token: str) -> LinkVisit | HTMLResponse:
    try:
        claim = console.links.read(token)
    except LinkRefused as refused:
        console.log.write("console_link_refused", why=refused.why)
        return page.error(f"link_{refused.why}", 410 if refused.why == "expired" else 404)
    try:
        message = await console.store.get(claim.message_id, with_data=True)
    except NotFound:
        return page.error("not_found", 404)
    if not message.identity.startswith(claim.identity) or message.kind != "mail":
        return page.error("link_invalid", 404)
    if claim.role == APPROVER:
        approvers = console.gateway.notices.approvers
        if claim.approver is None or not 0 <= claim.approver < len(approvers):
            return page.error("link_invalid", 404)
        return LinkVisit(claim, message, approvers[claim.approver], token)
    return LinkVisit(claim, message, message.sender, token)


def _pending_delay(console: Console, visit: LinkVisit) -> bool:
    """Released with a delay that has not run out: the sender may still cancel."""
    return visit.message.state == "released" and visit.message.release_at > console.clock() and not visit.approver


async def link_page(console: Console, request: Request) -> Response:
    page = Page(console, request)
    visit = await _visit(console, page, request.path_params["token"])
    if isinstance(visit, HTMLResponse):
        return visit
    if request.method == "POST":
        return await _link_post(console, page, visit)
    return await _link_show(console, page, visit)


async def _link_show(
    console: Console,
    page: Page,
    visit: LinkVisit,
    *,
    status: int = 200,
    error: str = "",
    ticks: list[str] | None = None,
    typed: Mapping[str, str] | None = None,
    served: float | None = None,
) -> HTMLResponse:
    message = visit.message
    history = await console.store.history(message.id)
    if message.state not in ("held", "blocked") and not _pending_delay(console, visit):
        last = _decision(history)
        text = page.t(
            "state_is",
            state=i18n.state_name(page.lang, last.to_state if last else message.state),
            who=last.actor if last else "-",
            when=_when(last.time if last else None),
        )
        return page.render("message.html", 409 if status == 409 else 410, title=page.t("link_used"), text=text)
    report = await review(message, console.policy)
    template = "approver.html" if visit.approver else "sender.html"
    countdown = console.policy.countdown_seconds
    now = console.clock()
    served = now if served is None else served  # a page shown again keeps its first stamp
    return page.render(
        template,
        status,
        report=report,
        message=message,
        token=visit.token,
        stamp=console.stamps.make(visit.form(page.request), served) if countdown else "",
        wait=seconds_left(served, countdown, now),
        error=error,
        ticks=set(ticks or ()),
        typed=dict(typed or {}),
        reasons=_reasons(history),
        own=visit.approver and same_person(visit.actor, message),
        delayed=_pending_delay(console, visit),
    )


async def _link_post(console: Console, page: Page, visit: LinkVisit) -> Response:
    fields, ticks, csrf_ok = await _form(page.request)
    if not csrf_ok:
        return page.error("csrf", 403)
    action = fields.get("action", "")
    message = visit.message
    typed = _typed(fields)
    if visit.approver and same_person(visit.actor, message):
        return page.error("own_message", 403)
    served = None
    if action in COUNTED and console.policy.countdown_seconds:
        try:
            served = console.stamps.served(visit.form(page.request), fields.get("served"), console.clock())
        except StampRefused as refused:
            console.log.write("console_refused", id=message.id, why=f"countdown stamp {refused}")
            return page.error("csrf", 403)
    try:
        if action == "cancel" or action == "reject":
            await _cancel(console, visit, action, fields.get("comment", ""))
            return page.render(
                "message.html",
                title=page.t("app"),
                text=page.t(f"done_{action}ed" if action == "reject" else "done_cancelled"),
            )
        if message.state == "blocked":
            return page.error("lead_block", 409)
        if message.state != "held":
            return await _link_show(console, page, visit)  # decided before this form was sent
        report = await review(message, console.policy)
        if not report.can_send:
            return page.error("lead_block" if report.blocking else "lead_stale", 409)
        missing = report.problems(ticks, typed)
        if missing or fields.get("identity") != message.identity:
            console.log.write("console_refused", id=message.id, why="not every item was ticked", missing=len(missing))
            return await _link_show(
                console,
                page,
                visit,
                status=400,
                error=page.t("missing", n=max(len(missing), 1)),
                ticks=ticks,
                typed=typed,
                served=served,
            )
        if served is not None and (left := seconds_left(served, console.policy.countdown_seconds, console.clock())):
            console.log.write("console_refused", id=message.id, why="before the countdown ended", left=left)
            return await _link_show(
                console,
                page,
                visit,
                status=400,
                error=page.t("too_early", n=left),
                ticks=ticks,
                typed=typed,
                served=served,
            )
        return await _link_decide(console, page, visit, action, report, fields)
    except StateConflict:
        fresh = await console.store.get(message.id, with_data=True)
        return await _link_show(console, page, LinkVisit(visit.claim, fresh, visit.actor, visit.token), status=409)
    except ActionRefused as refused:
        console.log.write("console_refused", id=message.id, why=str(refused)[:200])
        fresh = await console.store.get(message.id, with_data=True)
        if fresh.state != message.state:  # someone else acted first (released, now relaying)
            return await _link_show(console, page, LinkVisit(visit.claim, fresh, visit.actor, visit.token), status=409)
        if visit.approver and same_person(visit.actor, message):
            return page.error("own_message", 403)
        return page.render("message.html", 409, title=page.t("refused"), text=str(refused))


async def _cancel(console: Console, visit: LinkVisit, action: str, comment: str) -> None:
    if action == "reject" and not visit.approver:
        raise ActionRefused("only an approver rejects; the sender cancels")
    reason = (
        f"rejected by the approver: {comment}".strip(": ")
        if action == "reject"
        else "cancelled by the sender on the console"
    )
    await console.actions.cancel(visit.message.id, visit.actor, reason)
    console.log.write("console_" + action, id=visit.message.id, via="link")


async def _link_decide(
    console: Console, page: Page, visit: LinkVisit, action: str, report: Review, fields: Mapping[str, str]
) -> Response:
    message = visit.message
    if visit.approver:
        if action != "approve":
            return page.error("forbidden", 400)
        done = await console.actions.approve(
            message.id,
            visit.actor,
            acknowledged=report.acknowledged,
            identity=fields["identity"],
            reason=("approved on the console: " + fields.get("comment", "")).strip(": "),
        )
        console.wake()
        console.log.write("console_approve", id=message.id, via="link")
        return page.render("message.html", title=page.t("app"), text=page.t("done_approved"))
    if message.needs_approval and not message.approved_by:
        if action != "request":
            return page.error("lead_approval", 409)
        await console.actions.request_approval(
            message.id,
            visit.actor,
            fields.get("reasons", ""),
            acknowledged=report.acknowledged,
            identity=fields["identity"],
        )
        console.log.write("console_request", id=message.id, via="link")
        return page.render("message.html", title=page.t("app"), text=page.t("done_requested"))
    if action not in ("send", "bcc"):
        return page.error("forbidden", 400)
    done = await console.actions.release(
        message.id,
        visit.actor,
        bcc=action == "bcc",
        acknowledged=report.acknowledged,
        identity=fields["identity"],
        reason="confirmed by the sender on the console" + (" (recipients moved to Bcc)" if action == "bcc" else ""),
    )
    console.wake()
    console.log.write("console_release", id=message.id, via="link", bcc=action == "bcc")
    text = page.t("done_released")
    if done.release_at > console.clock() + 1:
        text = page.t("done_released_delay", when=_when(done.release_at))
    return page.render("message.html", title=page.t("app"), text=text)


# ---------------------------------------------------------------- signing in


async def login(console: Console, request: Request) -> Response:
    page = Page(console, request)
    if request.method == "GET":
        return page.render("login.html")
    fields, _, csrf_ok = await _form(request)
    if not csrf_ok:
        return page.error("csrf", 403)
    user = fields.get("user", "").strip()[:200]
    keys = (f"ip:{_client(request)}", f"user:{user.lower()}")
    wait = console.limiter.retry_after(*keys)
    if wait > 0:
        console.log.write("console_login_limited")
        response = page.render("login.html", 429, error=page.t("login_limited", n=int(wait) + 1))
        response.headers["Retry-After"] = str(int(wait) + 1)
        return response
    found = check_password(console.config, user, fields.get("password", ""))
    if found is None:
        console.limiter.failed(*keys)
        console.log.write("console_login_failed")
        return page.render("login.html", 401, error=page.t("login_failed"))
    console.limiter.succeeded(*keys)
    request.session.clear()  # a new session (and CSRF token) at every sign-in
    request.session["user"] = found.user
    request.session["csrf"] = new_csrf()
    console.log.write("console_login", via="password")
    return RedirectResponse("/admin", status_code=303)


async def logout(console: Console, request: Request) -> Response:
    page = Page(console, request)
    _, _, csrf_ok = await _form(request)
    if not csrf_ok:
        return page.error("csrf", 403)
    request.session.clear()
    return RedirectResponse("/login", status_code=303)


async def home(console: Console, request: Request) -> Response:
    return RedirectResponse("/admin" if person(console, request) else "/login", status_code=303)


# ---------------------------------------------------------------- administrators


def _require(console: Console, request: Request, role: str) -> Person | Response:
    who = person(console, request)
    if who is None:
        return RedirectResponse("/login", status_code=303)
    if not who.can(role) and not who.can("admin"):
        return Page(console, request).error("forbidden", 403)
    return who


def _view_state(message: StoredMessage, now: float) -> str:
    return "delayed" if message.state == "released" and message.release_at > now else message.state


PAGE_SIZE = 100


def _rule_ids() -> tuple[str, ...]:
    """The rules a held message can carry (the gateway checks messages, not runs or templates)."""
    from mailguard.rules import of_scope

    return tuple(rule.id for rule in of_scope("message"))


def _page_number(text: str | None) -> int:
    return int(text) if text and text.isdigit() and 0 < len(text) < 8 and int(text) > 0 else 1


async def queue(console: Console, request: Request) -> Response:
    """One page of the queue, newest first, counted and filtered by the store: the page costs
    the same with twenty thousand held messages as with twenty."""
    who = _require(console, request, "admin")
    if isinstance(who, Response):
        return who
    page = Page(console, request)
    now = console.clock()
    params = request.query_params
    state = params.get("state", "") if params.get("state", "") in QUEUE_STATES else ""
    rules = _rule_ids()
    rule = params.get("rule", "") if params.get("rule", "") in rules else ""
    counts = await console.store.counts(kind="mail", now=now)

    async def fetch(number: int) -> tuple[list[StoredMessage], int]:
        offset = (number - 1) * PAGE_SIZE
        return await console.store.page(
            kind="mail", now=now, state=state or None, rule=rule or None, offset=offset, limit=PAGE_SIZE
        )

    number = _page_number(params.get("page"))
    messages, matching = await fetch(number)
    pages = max(1, -(-matching // PAGE_SIZE))
    if number > pages:  # past the end (the queue shrank since the link was made): the last page
        number = pages
        messages, matching = await fetch(number)
    return page.render(
        "queue.html",
        messages=messages,
        counts=counts,
        states=QUEUE_STATES,
        state=state,
        rule=rule,
        rules=rules,
        view_state=lambda m: _view_state(m, now),
        total=sum(counts.values()),
        matching=matching,
        number=number,
        pages=pages,
        first=(number - 1) * PAGE_SIZE + 1 if messages else 0,
        last=(number - 1) * PAGE_SIZE + len(messages),
        link=lambda n: _queue_link(state, rule, n),
    )


def _queue_link(state: str, rule: str, number: int) -> str:
    """The queue URL of page ``number`` with the same filters."""
    query = {k: v for k, v in (("state", state), ("rule", rule), ("page", str(number) if number > 1 else "")) if v}
    return "/admin" + ("?" + urlencode(query) if query else "")


async def detail(console: Console, request: Request) -> Response:
    who = _require(console, request, "approver")
    if isinstance(who, Response):
        return who
    page = Page(console, request)
    try:
        message = await console.store.get(request.path_params["id"], with_data=True)
    except NotFound:
        return page.error("not_found", 404)
    done = ""
    error = ""
    if request.method == "POST":
        fields, _, csrf_ok = await _form(request)
        if not csrf_ok:
            return page.error("csrf", 403)
        try:
            changed = await _admin_action(console, who, message, fields)
            done = page.t("done", state=i18n.state_name(page.lang, _view_state(changed, console.clock())))
            message = await console.store.get(message.id, with_data=True)
        except (StateConflict, ActionRefused) as refused:
            error = str(refused)
            message = await console.store.get(message.id, with_data=True)
    history = await console.store.history(message.id)
    report = await review(message, console.policy)
    return page.render(
        "detail.html",
        200 if not error else 409,
        message=message,
        report=report,
        history=history,
        reasons=_reasons(history),
        done=done,
        error=error,
        view_state=_view_state(message, console.clock()),
        can_approve=who.can("approver") and not same_person(who.user, message),
    )


async def _admin_action(
    console: Console, who: Person, message: StoredMessage, fields: Mapping[str, str]
) -> StoredMessage:
    action = fields.get("action", "")
    reason = fields.get("reason", "").strip()[:2000]
    identity = fields.get("identity")
    acknowledged = [f["id"] for f in message.findings if f["severity"] != "info"]
    if action != "approve" and not who.can("admin"):
        raise ActionRefused(f"{who.user} may only approve")
    if action in ("release", "bcc"):
        done = await console.actions.release(
            message.id,
            who.user,
            bcc=action == "bcc",
            acknowledged=acknowledged,
            identity=identity,
            reason=reason or "released by an administrator on the console",
        )
    elif action == "approve":
        if not who.can("approver"):
            raise ActionRefused(f"{who.user} is not an approver")
        done = await console.actions.approve(
            message.id,
            who.user,
            acknowledged=acknowledged,
            identity=identity,
            reason=reason or "approved on the console",
        )
    elif action == "cancel":
        done = await console.actions.cancel(
            message.id, who.user, reason or "cancelled by an administrator on the console"
        )
    elif action == "retry":
        done = await console.actions.retry(message.id, who.user, reason or "retried by an administrator on the console")
    else:
        raise ActionRefused(f"unknown action {action!r}")
    console.wake()
    console.log.write("console_" + action, id=message.id, via=who.via)
    return done


def _cell(value: object) -> str:
    """Spreadsheets run cells that start with = + - @ as formulas: quote them."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


async def audit_csv(console: Console, request: Request) -> Response:
    who = _require(console, request, "admin")
    if isinstance(who, Response):
        return who
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(
        ["time_utc", "message", "kind", "from_state", "to_state", "actor", "reason", "identity", "findings", "detail"]
    )
    rows: list[tuple[float, int, list[str]]] = []
    for message in await console.actions.list_messages(kind=None, limit=100_000):
        for t in await console.store.history(message.id):
            rows.append(
                (
                    t.time,
                    t.seq,
                    [
                        datetime.fromtimestamp(t.time, UTC).isoformat(timespec="seconds"),
                        message.id,
                        message.kind,
                        t.from_state or "",
                        t.to_state,
                        t.actor,
                        t.reason,
                        str(t.detail.get("identity", "")),
                        " ".join(t.detail.get("findings", []) or []),
                        json.dumps(t.detail, ensure_ascii=False, sort_keys=True),
                    ],
                )
            )
    # The log's own sequence is the order things happened in: two transitions can carry the
    # same or even inverted clock times (an action's time is taken before its commit).
    for _, _, row in sorted(rows, key=lambda r: r[1]):
        writer.writerow([_cell(v) for v in row])
    console.log.write("console_audit_export", rows=len(rows), via=who.via)
    return Response(
        "\ufeff" + out.getvalue(),  # a BOM, so Excel opens Japanese text as UTF-8
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="mailguard-audit.csv"'},
    )


async def findings_page(console: Console, request: Request) -> Response:
    who = _require(console, request, "admin")
    if isinstance(who, Response):
        return who
    page = Page(console, request)
    days = 14
    messages = await console.actions.list_messages(kind="mail", limit=100_000)
    series = chart.per_rule_per_day(messages, datetime.fromtimestamp(console.clock()).date(), days)
    title = page.t("chart_title", n=days)
    return page.render("findings.html", series=series, svg=chart.svg(series, title), chart_title=title)


async def health(console: Console, request: Request) -> Response:
    try:
        await console.store.counts()
    except MailguardError:
        return PlainTextResponse("store unavailable\n", status_code=503)
    return PlainTextResponse("ok\n")


# ---------------------------------------------------------------- the application


class SecurityHeaders:
    """Headers on every response: no framing, no caching, no referrer, a strict CSP."""

    HEADERS = (
        (
            b"content-security-policy",
            b"default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        ),
        (b"x-frame-options", b"DENY"),
        (b"x-content-type-options", b"nosniff"),
        (b"referrer-policy", b"no-referrer"),
        (b"cache-control", b"no-store"),
    )

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], *self.HEADERS]
            await send(message)

        await self.app(scope, receive, with_headers)


def create_app(console: Console, secret: bytes) -> Starlette:
    def bind(handler: Callable[[Console, Request], Awaitable[Response]]) -> Callable[[Request], Awaitable[Response]]:
        async def endpoint(request: Request) -> Response:
            return await handler(console, request)

        return endpoint

    routes = [
        Route("/", bind(home)),
        Route("/m/{token}", bind(link_page), methods=["GET", "POST"]),
        Route("/login", bind(login), methods=["GET", "POST"]),
        Route("/logout", bind(logout), methods=["POST"]),
        Route("/admin", bind(queue)),
        Route("/admin/messages/{id}", bind(detail), methods=["GET", "POST"]),
        Route("/admin/audit.csv", bind(audit_csv)),
        Route("/admin/findings", bind(findings_page)),
        Route("/healthz", bind(health)),
        Mount("/static", app=StaticFiles(directory=HERE / "static"), name="static"),
    ]
    middleware = [
        Middleware(SecurityHeaders),
        Middleware(
            SessionMiddleware,
            secret_key=secret.decode(),
            session_cookie="mg_session",
            max_age=int(console.config.session_seconds),
            same_site="lax",
            https_only=console.config.secure_cookies,
        ),
    ]
    return Starlette(routes=routes, middleware=middleware)
