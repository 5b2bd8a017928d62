"""The web console over HTTP, against a real gateway process, its store and an aiosmtpd sink.

What a browser cannot easily do wrong on purpose is done here with plain HTTP: a crafted POST
that skips a tick, a missing CSRF token, a forged, expired or reused link, two people sending
at once, too many failed sign-ins, a header from an untrusted proxy. The pages in a real
browser are in tests/test_console_browser.py.
"""

from __future__ import annotations

import asyncio
import base64
import csv
import io
import json
import re
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from unittest import mock

import httpx
import pytest

from console_parts import (
    ADMIN,
    ADMIN_PASSWORD,
    HIKARI,
    INTERNAL,
    KACHO,
    MIDORI,
    POLICY,
    SAKURA,
    SENDER,
    WATCHED,
    LocalConsole,
    console_gateway,
    message,
    notice_link,
    submit,
)
from gateway_parts import Gateway, Sink, wait_until
from mailguard.shells.console.config import ConsoleConfigError, console_config
from mailguard.shells.console.links import Links
from mailguard.shells.gateway.config import ConfigError, config_from_mapping


@pytest.fixture(scope="module")
def sink() -> Iterator[Sink]:
    with Sink() as running:
        yield running


@pytest.fixture(scope="module")
def gateway(tmp_path_factory: pytest.TempPathFactory, sink: Sink) -> Iterator[Gateway]:
    directory = tmp_path_factory.mktemp("console")
    settings = {"trusted_header": "X-Remote-User", "trusted_proxies": ["127.0.0.2/32"], "login_attempts": 3}
    with console_gateway(directory, sink, console=settings) as running:
        yield running
        running.stop()  # SIGTERM: the check workers and their forkserver end with it (SIGKILL would orphan them)


def arrived(sink: Sink, message_id: str) -> list[object]:
    return [m for m in sink.messages() if message_id in (m.delivery_id or "")]


def form_of(html: str) -> dict[str, object]:
    """What the page asks for: the CSRF token, the identity, every tick key, every typed domain."""
    csrf = re.search(r'name="csrf" value="([^"]+)"', html)
    identity = re.search(r'name="identity" value="([^"]+)"', html)
    assert csrf and identity, html[:2000]
    return {
        "csrf": csrf.group(1),
        "identity": identity.group(1),
        "ticks": re.findall(r'name="tick" value="([^"]+)"', html),
        "domains": re.findall(r'name="(domain-[^"]+)"', html),
    }


def post(client: httpx.Client, link: str, fields: dict[str, object], action: str, **extra: str) -> httpx.Response:
    data: dict[str, object] = {"csrf": fields["csrf"], "identity": fields["identity"], "action": action}
    data["tick"] = [str(k) for k in fields["ticks"]]  # type: ignore[attr-defined]
    return client.post(link, data={**data, **extra})


def held_with_link(gateway: Gateway, sink: Sink, to: list[str], cc: list[str] = (), **kw: object) -> tuple[str, str]:  # type: ignore[assignment]
    message_id = submit(gateway, message(to, cc, **kw), [*to, *cc])  # type: ignore[arg-type]
    return message_id, notice_link(sink, message_id)


def test_a_crafted_post_that_skips_one_tick_is_refused_and_nothing_is_sent(gateway: Gateway, sink: Sink) -> None:
    message_id, link = held_with_link(gateway, sink, [SAKURA], [MIDORI, INTERNAL], attach=True)
    with httpx.Client() as client:
        page = client.get(link)
        assert page.status_code == 200
        fields = form_of(page.text)
        assert len(fields["ticks"]) == 4  # type: ignore[arg-type]  # two external recipients, the PDF, MG101
        for left_out in list(fields["ticks"]):  # type: ignore[call-overload]
            crafted = {**fields, "ticks": [k for k in fields["ticks"] if k != left_out]}  # type: ignore[attr-defined]
            refused = post(client, link, crafted, "send")
            assert refused.status_code == 400 and 'role="alert"' in refused.text
        forged = post(client, link, {**fields, "ticks": [*fields["ticks"], "i99"][1:]}, "send")  # type: ignore[misc]
        assert forged.status_code == 400
        assert [m["state"] for m in gateway.listing() if m["id"] == message_id] == ["held"]
        sent = post(client, link, fields, "send")
        assert sent.status_code == 200, sent.text
    wait_until(lambda: arrived(sink, message_id), 20, "the released message")
    time.sleep(0.5)
    assert len(arrived(sink, message_id)) == 1
    history = json.loads(gateway.cli("show", message_id, "--json").stdout)["history"]
    release = next(h for h in history if h["to"] == "released")
    assert release["actor"] == SENDER and release["detail"]["identity"] == fields["identity"]


def test_a_form_without_the_csrf_token_or_for_another_message_is_refused(gateway: Gateway, sink: Sink) -> None:
    message_id, link = held_with_link(gateway, sink, [SAKURA], [MIDORI])
    with httpx.Client() as client:
        fields = form_of(client.get(link).text)
        assert post(client, link, {**fields, "csrf": "forged"}, "send").status_code == 403
        assert post(client, link, {**fields, "identity": "0" * 64}, "send").status_code == 400
    with httpx.Client() as stranger:  # another browser: no session, so no token of its own
        assert post(stranger, link, fields, "cancel").status_code == 403
    assert [m["state"] for m in gateway.listing() if m["id"] == message_id] == ["held"]


def test_a_reused_link_is_refused_after_the_final_action(gateway: Gateway, sink: Sink) -> None:
    message_id, link = held_with_link(gateway, sink, [SAKURA], [MIDORI])
    with httpx.Client() as client:
        fields = form_of(client.get(link).text)
        assert post(client, link, fields, "cancel").status_code == 200
        again = client.get(link)
        assert (again.status_code == 410 and "cancelled" in again.text.lower()) or "取消" in again.text
        assert post(client, link, fields, "send").status_code == 410
    time.sleep(0.5)
    assert arrived(sink, message_id) == []


def test_an_expired_or_forged_link_is_refused(gateway: Gateway, sink: Sink) -> None:
    message_id, link = held_with_link(gateway, sink, [SAKURA], [MIDORI])
    identity = next(m["identity"] for m in gateway.listing() if m["id"] == message_id)
    secret = (gateway.directory / "console.key").read_bytes().strip()
    held = SimpleNamespace(id=message_id, identity=identity)
    with mock.patch("itsdangerous.timed.time.time", return_value=time.time() - 4 * 86400):
        old = Links(secret, 3 * 86400, gateway.console_url).url(held)  # type: ignore[arg-type, attr-defined]
    forged = Links(b"x" * 64, 3 * 86400, gateway.console_url).url(held)  # type: ignore[arg-type, attr-defined]
    with httpx.Client() as client:
        expired = client.get(old)
        assert expired.status_code == 410 and ("有効期限" in expired.text or "expired" in expired.text)
        assert client.get(forged).status_code == 404
        assert client.get(link[:-3] + "AAA").status_code == 404
        assert client.get(link).status_code == 200


def test_links_carry_no_personal_data_and_pages_leak_none(gateway: Gateway, sink: Sink) -> None:
    message_id, link = held_with_link(gateway, sink, [SAKURA], [MIDORI], subject="山田花子様の件")
    payload = link.rsplit("/", 1)[1].split(".")[0]
    decoded = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)).decode()
    assert "@" not in decoded and "山田" not in decoded and message_id in decoded
    with httpx.Client() as client:
        page = client.get(link)
    title = re.search(r"<title>(.*?)</title>", page.text)
    assert title and "山田" not in title.group(1) and "@" not in title.group(1)
    assert page.headers["referrer-policy"] == "no-referrer"  # the link never leaves in a Referer
    assert page.headers["cache-control"] == "no-store"
    assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
    log = gateway.log_path.read_text(encoding="utf-8")
    assert "/m/" not in log and SENDER not in log and "山田" not in log


def test_two_people_sending_at_once_one_wins_and_the_other_is_told_why(gateway: Gateway, sink: Sink) -> None:
    message_id, link = held_with_link(gateway, sink, [SAKURA], [MIDORI])
    clients = [httpx.Client(), httpx.Client()]
    forms = [form_of(c.get(link).text) for c in clients]
    results: list[httpx.Response] = []
    start = threading.Barrier(2)

    def act(index: int) -> None:
        start.wait()
        results.append(post(clients[index], link, forms[index], "send" if index == 0 else "bcc"))

    threads = [threading.Thread(target=act, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for c in clients:
        c.close()
    assert sorted(r.status_code for r in results) == [200, 409]
    loser = next(r for r in results if r.status_code == 409)
    assert SENDER in loser.text  # who acted first, and when
    wait_until(lambda: arrived(sink, message_id), 20, "the released message")
    time.sleep(0.5)
    assert len(arrived(sink, message_id)) == 1


def test_an_unreadable_message_shows_its_envelope_and_every_finding_is_ticked(gateway: Gateway, sink: Sink) -> None:
    garbage = b"\x00\x01\x02 not a message at all \xff\xfe" * 10 + b"\r\n"
    message_id = submit(gateway, garbage, [SAKURA])
    link = notice_link(sink, message_id)
    with httpx.Client() as client:
        page = client.get(link)
        assert page.status_code == 200 and SAKURA in page.text and ("MG900" in page.text or "MG000" in page.text)
        fields = form_of(page.text)
        assert len(fields["ticks"]) == 2  # type: ignore[arg-type]  # the envelope recipient and MG900
        assert post(client, link, {**fields, "ticks": fields["ticks"][:1]}, "send").status_code == 400  # type: ignore[index]
        assert post(client, link, fields, "cancel").status_code == 200
    assert arrived(sink, message_id) == []


def test_first_contact_needs_the_domain_typed_back(gateway: Gateway, sink: Sink) -> None:
    message_id, link = held_with_link(gateway, sink, [HIKARI])
    with httpx.Client() as client:
        fields = form_of(client.get(link).text)
        assert len(fields["domains"]) == 1  # type: ignore[arg-type]
        name = str(fields["domains"][0])  # type: ignore[index]
        assert post(client, link, fields, "send", **{name: "hikari-npo-example.com"}).status_code == 400
        assert post(client, link, fields, "send").status_code == 400
        assert post(client, link, fields, "send", **{name: "ＨＩＫＡＲＩ-npo-example.org"}).status_code == 200
    wait_until(lambda: arrived(sink, message_id), 20, "the released message")


def test_only_a_second_person_approves(gateway: Gateway, sink: Sink) -> None:
    message_id = submit(gateway, message([WATCHED]), [WATCHED])
    sender_link = notice_link(sink, message_id)
    own_link = notice_link(sink, message_id, "approval", SENDER)  # the sender is an approver too
    kacho_link = notice_link(sink, message_id, "approval", KACHO)
    with httpx.Client() as client:
        page = client.get(sender_link)
        fields = form_of(page.text)
        assert 'value="send"' not in page.text and 'value="request"' in page.text
        assert post(client, sender_link, fields, "send").status_code == 409
        assert post(client, sender_link, fields, "request", reasons="広報誌の原稿確認のため").status_code == 200
        own = client.get(own_link)
        assert 'value="approve"' not in own.text
        assert post(client, own_link, form_of(own.text), "approve").status_code == 403
    with httpx.Client() as kacho:
        page = kacho.get(kacho_link)
        assert "広報誌の原稿確認のため" in page.text
        done = post(kacho, kacho_link, form_of(page.text), "approve", comment="確認しました")
        assert done.status_code == 200, done.text
    wait_until(lambda: arrived(sink, message_id), 20, "the approved message")
    shown = json.loads(gateway.cli("show", message_id, "--json").stdout)
    assert shown["approved_by"] == KACHO


def test_a_blocked_message_shows_why_and_offers_no_send(gateway: Gateway, sink: Sink) -> None:
    message_id = submit(gateway, message([SAKURA], [MIDORI, HIKARI]), [SAKURA, MIDORI, HIKARI], state="blocked")
    link = notice_link(sink, message_id, "blocked")
    with httpx.Client() as client:
        page = client.get(link)
        assert page.status_code == 200 and "MG101" in page.text
        assert 'value="send"' not in page.text and 'name="tick"' not in page.text
        fields = form_of(page.text)
        assert post(client, link, {**fields, "ticks": []}, "send").status_code == 409
        assert post(client, link, fields, "cancel").status_code == 200


def login(client: httpx.Client, base: str, user: str, password: str) -> httpx.Response:
    page = client.get(f"{base}/login")
    csrf = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert csrf
    return client.post(f"{base}/login", data={"csrf": csrf.group(1), "user": user, "password": password})


def test_sign_in_is_rate_limited_and_the_proxy_header_is_believed_only_from_the_proxy(gateway: Gateway) -> None:
    base = gateway.console_url  # type: ignore[attr-defined]
    with httpx.Client() as client:
        assert client.get(f"{base}/admin").status_code == 303
        for _ in range(3):
            assert login(client, base, ADMIN, "wrong").status_code == 401
        limited = login(client, base, ADMIN, ADMIN_PASSWORD)  # right, but too late
        assert limited.status_code == 429 and int(limited.headers["retry-after"]) > 0
        spoofed = client.get(f"{base}/admin", headers={"X-Remote-User": ADMIN})
        assert spoofed.status_code == 303  # from 127.0.0.1: not the trusted proxy
    proxy = httpx.Client(transport=httpx.HTTPTransport(local_address="127.0.0.2"))
    with proxy:
        assert proxy.get(f"{base}/admin", headers={"X-Remote-User": ADMIN}).status_code == 200
        assert proxy.get(f"{base}/admin", headers={"X-Remote-User": "nobody"}).status_code == 303


def test_admin_queue_history_actions_and_audit_csv(gateway: Gateway, sink: Sink) -> None:
    message_id, _ = held_with_link(gateway, sink, [SAKURA], [MIDORI], subject='=HYPERLINK("x")')
    base = gateway.console_url  # type: ignore[attr-defined]
    with httpx.Client(
        transport=httpx.HTTPTransport(local_address="127.0.0.2"), headers={"X-Remote-User": ADMIN}
    ) as client:
        queue = client.get(f"{base}/admin?state=held")
        assert message_id in queue.text
        detail = client.get(f"{base}/admin/messages/{message_id}")
        csrf = re.search(r'name="csrf" value="([^"]+)"', detail.text)
        identity = re.search(r'name="identity" value="([^"]+)"', detail.text)
        assert csrf and identity
        data = {"csrf": csrf.group(1), "identity": identity.group(1), "reason": "電話で確認済み"}
        assert (
            client.post(
                f"{base}/admin/messages/{message_id}", data={**data, "csrf": "x", "action": "release"}
            ).status_code
            == 403
        )
        done = client.post(f"{base}/admin/messages/{message_id}", data={**data, "action": "release"})
        assert done.status_code == 200 and "電話で確認済み" in done.text
        again = client.post(f"{base}/admin/messages/{message_id}", data={**data, "action": "release"})
        assert again.status_code == 409  # released already: one release only
        wait_until(lambda: arrived(sink, message_id), 20, "the released message")
        exported = client.get(f"{base}/admin/audit.csv")
        assert exported.headers["content-type"].startswith("text/csv")
        rows = list(csv.DictReader(io.StringIO(exported.text.lstrip("\ufeff"))))
        mine = [r for r in rows if r["message"] == message_id]
        assert [r["to_state"] for r in mine][:4] == ["received", "held", "released", "relaying"]
        assert next(r for r in mine if r["to_state"] == "released")["actor"] == ADMIN
        assert all(not r["reason"].startswith("=") for r in rows)
        chart = client.get(f"{base}/admin/findings")
        assert "<svg" in chart.text and "MG101" in chart.text


def test_the_language_follows_the_browser_and_the_switch(gateway: Gateway, sink: Sink) -> None:
    _, link = held_with_link(gateway, sink, [SAKURA], [MIDORI])
    with httpx.Client() as client:
        assert 'lang="en"' in client.get(link, headers={"Accept-Language": "en-US,en;q=0.9,ja;q=0.5"}).text
        assert 'lang="ja"' in client.get(link, headers={"Accept-Language": "ja,en;q=0.5"}).text
        switched = client.get(link + "?lang=en", headers={"Accept-Language": "ja"})
        assert 'lang="en"' in switched.text and "Send now" in switched.text
        assert 'lang="en"' in client.get(link, headers={"Accept-Language": "ja"}).text  # the cookie stays


# ---------------------------------------------------------------- configuration


def test_the_console_section_is_validated_key_by_key(tmp_path: Path) -> None:
    base = {"listen": "127.0.0.1:10025", "upstream": "127.0.0.1:10026", "database": "sqlite:///tmp/q.db"}
    for console, problem in [
        ({"listn": "127.0.0.1:8025"}, "console.listn: unknown key"),
        ({"trusted_header": "X-Remote-User"}, "console.trusted_proxies: required"),
        ({"accounts": [{"user": "a", "password": "plain"}]}, "accounts[0].password: must be an argon2 hash"),
        ({"accounts": [{"user": "a", "roles": ["root"]}]}, "accounts[0].roles"),
        ({"secure_cookies": "yes"}, "console.secure_cookies: must be true or false"),
    ]:
        with pytest.raises((ConfigError, ConsoleConfigError)) as raised:
            config_from_mapping({**base, "console": console}, "gateway.yaml", tmp_path)
        assert problem in str(raised.value)
    config = config_from_mapping({**base, "console": {"listen": "127.0.0.1:8025"}}, "gateway.yaml", tmp_path)
    assert config.console is not None and config.console.secure_cookies and config.console.port == 8025
    assert console_config({}, "x", tmp_path).url == "http://127.0.0.1:8025"


def test_cookies_are_secure_http_only_and_same_site_by_default(tmp_path: Path) -> None:
    import asyncio

    from mailguard.policy import load_policy
    from mailguard.shells.console.app import Console, create_app
    from mailguard.shells.gateway.actions import Actions
    from mailguard.shells.gateway.log import Log
    from mailguard.shells.gateway.store import Store

    base = {"listen": "127.0.0.1:10025", "upstream": "127.0.0.1:10026", "database": f"sqlite://{tmp_path / 'q.db'}"}
    config = config_from_mapping({**base, "console": {}}, "gateway.yaml", tmp_path)
    assert config.console is not None
    store = Store(config.database)
    secret = config.console.secret(config.database)
    assert (tmp_path / "q.db.console-key").stat().st_mode & 0o077 == 0  # created for the owner only
    console = Console(
        config,
        config.console,
        store,
        Actions(store, config),
        load_policy(None),
        Links(secret, 60, ""),
        Log(io.StringIO()),
    )

    async def visit() -> httpx.Response:
        transport = httpx.ASGITransport(app=create_app(console, secret))
        async with httpx.AsyncClient(transport=transport, base_url="https://console.example") as client:
            return await client.get("/login", headers={"Accept-Language": "en"})

    response = asyncio.run(visit())
    cookie = response.headers["set-cookie"].lower()
    assert "secure" in cookie and "httponly" in cookie and "samesite=lax" in cookie
    assert "<title>Sign in - mailguard send check</title>" in response.text


def test_the_language_is_chosen_from_cookie_then_accept_language_then_japanese() -> None:
    from mailguard.shells.console.i18n import choose

    assert choose(None, "en-US,en;q=0.9,ja;q=0.8") == "en"
    assert choose(None, "fr-FR, en;q=0.2, ja;q=0.7") == "ja"
    assert choose(None, "fr-FR, de") == "ja" and choose(None, None) == "ja"
    assert choose(None, "en;q=0, ja;q=0.1") == "ja"
    assert choose("en", "ja") == "en" and choose("xx", "en") == "en"


def test_the_findings_chart_stacks_each_rule_per_day() -> None:
    from datetime import date, datetime

    from mailguard.shells.console.chart import per_rule_per_day, svg

    def held(day: int, *rules: str) -> SimpleNamespace:
        created = datetime(2026, 12, day, 12).timestamp()  # local noon
        return SimpleNamespace(created=created, findings=[{"rule": r, "severity": "confirm"} for r in rules])

    messages = [
        held(1, "MG101"),
        held(1, "MG101", "MG303"),
        held(2, "MG303"),
        held(2, "MG303", "MG303"),
        held(9, "MG101"),
    ]
    series = per_rule_per_day(messages, date(2026, 12, 2), days=7)  # type: ignore[arg-type]
    assert series.rules == ["MG101", "MG303"]
    assert series.counts[(date(2026, 12, 1), "MG101")] == 2 and series.counts[(date(2026, 12, 2), "MG303")] == 2
    drawn = svg(series, "findings")
    assert "<title>2026-12-01 MG101: 2</title>" in drawn and "<title>2026-12-02 MG303: 2</title>" in drawn
    assert drawn.count("<rect") == 3 + 2  # three bars, two legend keys (day 9 is after "today")


def test_the_sign_in_limit_counts_per_key_and_forgets_after_its_window() -> None:
    from mailguard.shells.console.auth import RateLimit

    now = [1000.0]
    limit = RateLimit(3, 60, clock=lambda: now[0])
    for _ in range(3):
        assert limit.retry_after("ip:a", "user:admin") == 0
        limit.failed("ip:a", "user:admin")
    assert limit.retry_after("ip:b", "user:admin") == 60  # the user name is limited from anywhere
    assert limit.retry_after("ip:a", "user:other") == 60  # and the address for any name
    assert limit.retry_after("ip:b", "user:other") == 0
    now[0] += 61
    assert limit.retry_after("ip:a", "user:admin") == 0 and limit._failures == {}


# ---------------------------------------------------------------- the countdown before the final yes

COUNTDOWN_POLICY = POLICY + "interactive:\n  countdown_seconds: 10\n"


def served_of(html: str) -> str:
    found = re.search(r'name="served" value="([^"]+)"', html)
    assert found, html[:2000]
    return found.group(1)


def local_post(client: httpx.AsyncClient, link: str, fields: dict[str, object], action: str, **extra: str) -> Any:
    data: dict[str, object] = {"csrf": fields["csrf"], "identity": fields["identity"], "action": action}
    data["tick"] = [str(k) for k in fields["ticks"]]  # type: ignore[attr-defined]
    return client.post(link, data={**data, **extra})


def decisions(history: list[Any]) -> list[str]:
    return [t.to_state for t in history if t.to_state != "received" and t.actor != "engine"]


def test_an_early_confirmation_is_refused_and_accepted_once_the_countdown_ran_out(tmp_path: Path) -> None:
    async def flow() -> None:
        async with LocalConsole(tmp_path, COUNTDOWN_POLICY) as local:
            held = await local.hold(message([SAKURA], [MIDORI], attach=True), [SAKURA, MIDORI])
            link = local.link(held)
            async with local.client(**{"Accept-Language": "en"}) as client:
                page = await client.get(link)
                assert page.status_code == 200 and 'data-wait="10"' in page.text
                assert "Sending is possible 10 s after this page was shown." in page.text
                fields, stamp = form_of(page.text), served_of(page.text)
                local.now += 3.5
                early = await local_post(client, link, fields, "send", served=stamp)
                assert early.status_code == 400 and "Not yet: wait 7 more s, then press again." in early.text
                assert served_of(early.text) == stamp  # shown again, the wait is not restarted
                assert all(f'value="{k}" id="{k}" class="tick" checked' in early.text for k in fields["ticks"])  # type: ignore[attr-defined]
                again = await client.get(link)  # a reload does not restart it either way: a new stamp
                assert 'data-wait="10"' in again.text
                assert (await local.store.get(held.id)).state == "held"
                assert decisions(await local.store.history(held.id)) == []  # nothing recorded
                local.now += 6.6  # 10.1 s after the first page
                sent = await local_post(client, link, fields, "send", served=stamp)
                assert sent.status_code == 200 and "Sent" in sent.text, sent.text
            assert (await local.store.get(held.id)).state == "released"

    asyncio.run(flow())


def test_a_forged_replayed_or_other_message_stamp_is_refused_like_a_bad_csrf_token(tmp_path: Path) -> None:
    async def flow() -> None:
        async with LocalConsole(tmp_path, COUNTDOWN_POLICY) as local:
            first = await local.hold(message([SAKURA], [MIDORI]), [SAKURA, MIDORI])
            second = await local.hold(message([SAKURA], [MIDORI], subject="別件"), [SAKURA, MIDORI])
            async with local.client(**{"Accept-Language": "ja"}) as client:
                page = await client.get(local.link(first))
                fields, stamp = form_of(page.text), served_of(page.text)
                other = served_of((await client.get(local.link(second))).text)
                local.now += 60
                millis, mac = stamp.split(".")
                for bad in (
                    None,  # no stamp at all
                    "",
                    f"{int(millis) - 60_000}.{mac}",  # the time moved back: the signature no longer fits
                    f"{millis}.{'0' * 64}",
                    other,  # a genuine stamp, for another message
                    "1e9.abc",
                ):
                    extra = {} if bad is None else {"served": bad}
                    refused = await local_post(client, local.link(first), fields, "send", **extra)
                    assert refused.status_code == 403 and "フォームの有効期限が切れました" in refused.text, bad
                as_approver = local.link(first, "a", 0)  # the same stamp through another link, another person
                approver_page = await client.get(as_approver)
                assert approver_page.status_code == 200
                refused = await local_post(client, as_approver, form_of(approver_page.text), "approve", served=stamp)
                assert refused.status_code == 403
            async with local.client() as stranger:  # another browser: its own session and CSRF token
                own = form_of((await stranger.get(local.link(first))).text)
                assert (await local_post(stranger, local.link(first), own, "send", served=stamp)).status_code == 403
            async with local.client() as late:
                page = await late.get(local.link(first))
                old = served_of(page.text)
                local.now += local.config.console.session_seconds + 1  # type: ignore[union-attr]
                expired = await local_post(late, local.link(first), form_of(page.text), "send", served=old)
                assert expired.status_code == 403
            assert decisions(await local.store.history(first.id)) == []
            assert (await local.store.get(first.id)).state == "held"

    asyncio.run(flow())


def test_an_approver_waits_out_the_countdown_too_and_cancelling_never_waits(tmp_path: Path) -> None:
    async def flow() -> None:
        async with LocalConsole(tmp_path, COUNTDOWN_POLICY) as local:
            held = await local.hold(message([WATCHED]), [WATCHED])
            assert held.needs_approval
            async with local.client(**{"Accept-Language": "ja"}) as sender:
                page = await sender.get(local.link(held))
                assert 'value="request"' in page.text and 'id="countdown"' not in page.text
                asked = await local_post(
                    sender, local.link(held), form_of(page.text), "request", reasons="広報誌のため"
                )
                assert asked.status_code == 200  # asking for approval sends nothing: no wait
            kacho = local.link(await local.store.get(held.id), "a", 0)
            async with local.client(**{"Accept-Language": "ja"}) as approver:
                page = await approver.get(kacho)
                assert "このページを表示してから 10 秒たつまで送信できません。" in page.text
                fields, stamp = form_of(page.text), served_of(page.text)
                early = await local_post(approver, kacho, fields, "approve", served=stamp)
                assert early.status_code == 400 and "まだ送信できません。あと 10 秒待ってから" in early.text
                assert (await local.store.get(held.id)).approved_by is None
                local.now += 10
                done = await local_post(approver, kacho, fields, "approve", served=stamp)
                assert done.status_code == 200, done.text
            assert (await local.store.get(held.id)).approved_by == KACHO
            other = await local.hold(message([SAKURA], [MIDORI], subject="取消"), [SAKURA, MIDORI])
            async with local.client() as sender:
                fields = form_of((await sender.get(local.link(other))).text)
                assert (await local_post(sender, local.link(other), fields, "cancel")).status_code == 200
            assert (await local.store.get(other.id)).state == "cancelled"

    asyncio.run(flow())


def test_without_a_countdown_the_form_carries_no_stamp_and_sends_at_once(tmp_path: Path) -> None:
    async def flow() -> None:
        async with LocalConsole(tmp_path) as local:
            held = await local.hold(message([SAKURA], [MIDORI]), [SAKURA, MIDORI])
            async with local.client() as client:
                page = await client.get(local.link(held))
                assert 'name="served"' not in page.text and "data-wait" not in page.text
                sent = await local_post(client, local.link(held), form_of(page.text), "send")
                assert sent.status_code == 200, sent.text
            assert (await local.store.get(held.id)).state == "released"

    asyncio.run(flow())


# ---------------------------------------------------------------- the queue, one page at a time

PROXY_ADMIN = {
    "trusted_header": "X-Remote-User",
    "trusted_proxies": ["127.0.0.1/32"],
    "accounts": [{"user": ADMIN, "roles": ["admin", "approver"]}],
}


def rows_of(html: str) -> list[str]:
    return re.findall(r'<tr data-id="([^"]+)"', html)


async def walk(client: httpx.AsyncClient, start: str) -> tuple[list[str], list[str]]:
    """Every row from ``start`` on, following each page's rel="next" link; and the links followed."""
    seen: list[str] = []
    followed: list[str] = []
    path: str | None = start
    while path:
        page = await client.get(path)
        assert page.status_code == 200, page.text[:500]
        seen += rows_of(page.text)
        found = re.search(r'<a href="([^"]+)" rel="next"', page.text)
        path = found.group(1).replace("&amp;", "&") if found else None
        if path:
            followed.append(path)
    return seen, followed


def test_the_queue_pages_through_every_message_once_newest_first_with_its_filters(tmp_path: Path) -> None:
    async def flow() -> None:
        async with LocalConsole(tmp_path, **PROXY_ADMIN) as local:
            two = await local.hold(message([SAKURA], [MIDORI]), [SAKURA, MIDORI])  # MG101
            first = await local.hold(message([HIKARI]), [HIKARI])  # MG303
            await local.copies(two, 139, per_second=40)  # 40 created in the same second: ties
            await local.copies(first, 129, per_second=30)
            late = await local.hold(message([SAKURA], [MIDORI], subject="遅延"), [SAKURA, MIDORI])
            await local.console.actions.release(
                late.id, ADMIN, delay_seconds=600, acknowledged=[f["id"] for f in late.findings]
            )
            listed = await local.store.list_messages(kind="mail", limit=10_000)
            newest_first = [m.id for m in sorted(listed, key=lambda m: (m.created, m.id), reverse=True)]
            mg303 = [m.id for m in listed if any(f["rule"] == "MG303" for f in m.findings)]
            async with local.client(**{"X-Remote-User": ADMIN, "Accept-Language": "en"}) as client:
                seen, followed = await walk(client, "/admin")
                assert seen == newest_first and len(seen) == 271  # each exactly once, in order
                assert followed == ["/admin?page=2", "/admin?page=3"]
                top = (await client.get("/admin")).text
                assert "Page 1 of 3 (1–100 of 271, newest first)" in top and 'rel="prev"' not in top
                assert re.search(r'id="count-held">270<', top) and re.search(r'id="count-delayed">1<', top)
                last = (await client.get("/admin?page=3")).text
                assert "Page 3 of 3 (201–271 of 271" in last and '<a href="/admin?page=2" rel="prev"' in last
                assert rows_of((await client.get("/admin?page=99")).text) == rows_of(last)  # past the end
                assert rows_of((await client.get("/admin?page=x")).text) == rows_of(top)
                held, followed = await walk(client, "/admin?state=held&rule=MG303")
                assert sorted(held) == sorted(mg303) and len(held) == len(set(held)) == 130
                assert all("state=held" in link and "rule=MG303" in link for link in followed) and followed
                delayed, _ = await walk(client, "/admin?state=delayed")
                assert delayed == [late.id]
                assert rows_of((await client.get("/admin?state=released")).text) == []
            async with local.client(**{"X-Remote-User": ADMIN, "Accept-Language": "ja"}) as client:
                ja = (await client.get("/admin?state=held&rule=MG101&page=2")).text
                assert "2 / 2 ページ (140 件中 101–140 件目、新しい順)" in ja
                assert '<a href="/admin?state=held&amp;rule=MG101" rel="prev"' in ja and "前のページ" in ja

    asyncio.run(flow())
