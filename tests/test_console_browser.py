"""The console in a real headless Chromium (Debian's package, driven by Playwright), against a
gateway with a real Postfix in front (relayhost) and an aiosmtpd sink behind.

Mail is submitted to Postfix as a mail client would; the sender follows the link in the notice
mail the sink received; what arrives upstream is counted. The screenshots in the README come
from these pages (written to docs/img/ with MAILGUARD_UPDATE_SCREENSHOTS=1).

Slow (a browser, Postfix, a gateway process): skip locally with ``-m 'not slow'``; CI runs it.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

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
)
from gateway_parts import Gateway, Postfix, Sink, postfix_available, wait_until

playwright = pytest.importorskip("playwright.sync_api")
CHROMIUM = Path("/usr/lib/chromium/chromium")
ROOT = Path(__file__).resolve().parent.parent
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium package (apt-get install chromium)"),
    pytest.mark.skipif(not postfix_available(), reason="needs Debian's postfix package"),
]


@pytest.fixture(scope="module")
def sink() -> Iterator[Sink]:
    with Sink() as running:
        yield running


@pytest.fixture(scope="module")
def gateway(tmp_path_factory: pytest.TempPathFactory, sink: Sink) -> Iterator[Gateway]:
    with console_gateway(tmp_path_factory.mktemp("console-browser"), sink) as running:
        yield running
        running.stop()  # SIGTERM: the check workers and their forkserver end with it (SIGKILL would orphan them)


@pytest.fixture(scope="module")
def postfix(gateway: Gateway) -> Iterator[Postfix]:
    # Not under pytest's temporary directory: that is mode 0700, and Postfix's own user must
    # reach its queue and data directories.
    directory = Path(tempfile.mkdtemp(prefix="mailguard-postfix-"))
    directory.chmod(0o755)
    try:
        with Postfix(directory, gateway.port) as running:
            yield running
    finally:
        shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with playwright.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        yield launched
        launched.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    context = browser.new_context(locale="ja-JP", viewport={"width": 1000, "height": 900})  # type: ignore[attr-defined]
    yield context.new_page()
    context.close()


def screenshot(page: object, name: str, tmp_path: Path) -> Path:
    """docs/img/NAME with MAILGUARD_UPDATE_SCREENSHOTS=1 (for the README), else a temporary file."""
    target = ROOT / "docs" / "img" / name if os.environ.get("MAILGUARD_UPDATE_SCREENSHOTS") else tmp_path / name
    target.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(target), full_page=True)  # type: ignore[attr-defined]
    assert target.stat().st_size > 20_000  # a rendered page, not a blank one
    return target


def through_postfix(postfix: Postfix, gateway: Gateway, data: bytes, rcpts: list[str], state: str = "held") -> str:
    before = {m["id"] for m in gateway.listing()}
    assert postfix.submit(data, rcpts) == (250, "ok")

    def arrived() -> str | None:
        fresh = [m for m in gateway.listing(state) if m["id"] not in before]
        return str(fresh[0]["id"]) if fresh else None

    return str(wait_until(arrived, 60, f"Postfix to hand the gateway a {state} message"))


def delivered(sink: Sink, message_id: str) -> list[object]:
    return [m for m in sink.messages() if message_id in (m.delivery_id or "")]


def exactly_once(sink: Sink, message_id: str) -> object:
    wait_until(lambda: delivered(sink, message_id), 30, "the message upstream")
    time.sleep(0.7)  # a second copy would have arrived by now
    arrived = delivered(sink, message_id)
    assert len(arrived) == 1
    return arrived[0]


def boxes(page: object) -> list[object]:
    return page.locator("input.tick").all()  # type: ignore[attr-defined, no-any-return]


def test_the_sender_ticks_every_item_one_by_one_then_it_is_sent_exactly_once(
    page: object, postfix: Postfix, gateway: Gateway, sink: Sink, tmp_path: Path
) -> None:
    data = message([SAKURA], [MIDORI, INTERNAL], subject="12月8日 打ち合わせ資料の送付", attach=True)
    message_id = through_postfix(postfix, gateway, data, [SAKURA, MIDORI, INTERNAL])
    page.goto(notice_link(sink, message_id))  # type: ignore[attr-defined]
    assert page.title() == "保留中のメールの確認 - mailguard 送信確認"  # type: ignore[attr-defined]
    assert page.locator("#subject").inner_text() == "12月8日 打ち合わせ資料の送付"  # type: ignore[attr-defined]
    assert "来週の打ち合わせの資料" in page.locator("#body").inner_text()  # type: ignore[attr-defined]
    internal = page.locator("fieldset.internal")  # type: ignore[attr-defined]
    assert INTERNAL in internal.inner_text() and internal.locator("input").count() == 0  # shown, greyed, no box
    assert "shiryou.pdf" in page.locator("#h-attachments + ul").inner_text()  # type: ignore[attr-defined]
    send = page.locator("#send")  # type: ignore[attr-defined]
    ticks = boxes(page)
    assert len(ticks) == 4  # two external recipients, the attachment, MG101
    for box in ticks[:-1]:
        box.check()  # type: ignore[attr-defined]
        assert send.is_disabled() and page.locator("#send-bcc").is_disabled()  # type: ignore[attr-defined]
    assert "1" in page.locator("#left").inner_text()  # type: ignore[attr-defined]
    screenshot(page, "console-sender-ja.png", tmp_path)
    ticks[-1].check()  # type: ignore[attr-defined]
    assert send.is_enabled()
    ticks[0].uncheck()  # type: ignore[attr-defined]
    assert send.is_disabled()  # no "tick all", and unticking locks it again
    ticks[0].check()  # type: ignore[attr-defined]
    send.click()
    assert "送信しました" in page.locator("#outcome").inner_text()  # type: ignore[attr-defined]
    arrived = exactly_once(sink, message_id)
    assert sorted(arrived.rcpts) == sorted([SAKURA, MIDORI, INTERNAL])  # type: ignore[attr-defined]
    page.goto(notice_link(sink, message_id))  # type: ignore[attr-defined]  # the link again: used
    assert "使用済み" in page.locator("h1").inner_text()  # type: ignore[attr-defined]
    assert page.locator("input.tick").count() == 0  # type: ignore[attr-defined]


def test_send_with_the_external_recipients_moved_to_bcc(
    page: object, postfix: Postfix, gateway: Gateway, sink: Sink
) -> None:
    message_id = through_postfix(postfix, gateway, message([SAKURA], [MIDORI]), [SAKURA, MIDORI])
    page.goto(notice_link(sink, message_id))  # type: ignore[attr-defined]
    for box in boxes(page):
        box.check()  # type: ignore[attr-defined]
    page.locator("#send-bcc").click()  # type: ignore[attr-defined]
    arrived = exactly_once(sink, message_id)
    headers = arrived.message  # type: ignore[attr-defined]
    assert headers["To"] == SENDER and headers["Cc"] is None
    assert sorted(arrived.rcpts) == sorted([SAKURA, MIDORI])  # type: ignore[attr-defined]  # the envelope is unchanged


def test_cancel_from_the_page_sends_nothing(page: object, postfix: Postfix, gateway: Gateway, sink: Sink) -> None:
    message_id = through_postfix(postfix, gateway, message([SAKURA], [MIDORI]), [SAKURA, MIDORI])
    page.goto(notice_link(sink, message_id))  # type: ignore[attr-defined]
    page.locator("#cancel").click()  # type: ignore[attr-defined]
    assert "取り消しました" in page.locator("#outcome").inner_text()  # type: ignore[attr-defined]
    assert [m["state"] for m in gateway.listing() if m["id"] == message_id] == ["cancelled"]
    time.sleep(1)
    assert delivered(sink, message_id) == []


def test_by_keyboard_only_with_the_domain_typed_back(
    page: object, postfix: Postfix, gateway: Gateway, sink: Sink
) -> None:
    message_id = through_postfix(postfix, gateway, message([HIKARI]), [HIKARI])
    page.goto(notice_link(sink, message_id))  # type: ignore[attr-defined]
    domain = page.locator("input.domain")  # type: ignore[attr-defined]
    assert domain.count() == 1 and page.locator("label[for='" + domain.get_attribute("id") + "']").count() == 1  # type: ignore[attr-defined]
    for box in boxes(page):
        box.focus()  # type: ignore[attr-defined]
        page.keyboard.press("Space")  # type: ignore[attr-defined]
    domain.focus()
    page.keyboard.type("hikari-npo-example.com")  # type: ignore[attr-defined]  # not the domain shown
    page.locator("#send").focus()  # type: ignore[attr-defined]
    with page.expect_navigation():  # type: ignore[attr-defined]
        page.keyboard.press("Enter")  # type: ignore[attr-defined]
    assert page.locator("#error").is_visible()  # type: ignore[attr-defined]  # the server refused
    assert delivered(sink, message_id) == []
    assert page.locator("input.tick:checked").count() == len(boxes(page))  # type: ignore[attr-defined]  # kept
    page.locator("input.domain").fill("hikari-npo-example.org")  # type: ignore[attr-defined]
    page.locator("#send").focus()  # type: ignore[attr-defined]
    with page.expect_navigation():  # type: ignore[attr-defined]
        page.keyboard.press("Enter")  # type: ignore[attr-defined]
    assert "送信しました" in page.locator("#outcome").inner_text()  # type: ignore[attr-defined]
    exactly_once(sink, message_id)


def test_an_approver_approves_and_the_sender_cannot_approve_their_own(
    browser: object, postfix: Postfix, gateway: Gateway, sink: Sink
) -> None:
    message_id = through_postfix(postfix, gateway, message([WATCHED]), [WATCHED])
    sender = browser.new_context(locale="ja-JP").new_page()  # type: ignore[attr-defined]
    sender.goto(notice_link(sink, message_id))
    assert sender.locator("#send").count() == 0  # needs a second person
    for box in boxes(sender):
        box.check()  # type: ignore[attr-defined]
    sender.locator("#reasons").fill("広報誌の原稿を先方に確認いただくため")
    sender.get_by_role("button", name="承認を依頼する").click()
    assert "承認を依頼しました" in sender.locator("#outcome").inner_text()
    sender.goto(notice_link(sink, message_id, "approval", SENDER))  # the sender is on the approvers' list
    assert "ご自身が送信したメール" in sender.locator("#own").inner_text()
    assert sender.locator("#approve").count() == 0
    kacho = browser.new_context(locale="ja-JP").new_page()  # type: ignore[attr-defined]
    kacho.goto(notice_link(sink, message_id, "approval", KACHO))
    assert "広報誌の原稿を先方に確認いただくため" in kacho.locator("#reasons").inner_text()
    assert SENDER in kacho.locator("#sender").inner_text()
    approve = kacho.locator("#approve")
    assert approve.is_disabled()
    for box in boxes(kacho):
        box.check()  # type: ignore[attr-defined]
    kacho.locator("#comment").fill("内容を確認しました")
    approve.click()
    assert "承認しました" in kacho.locator("#outcome").inner_text()
    exactly_once(sink, message_id)
    assert next(m for m in gateway.listing() if m["id"] == message_id)["approved_by"] == KACHO


def test_an_administrator_releases_from_the_queue(
    page: object, postfix: Postfix, gateway: Gateway, sink: Sink, tmp_path: Path
) -> None:
    message_id = through_postfix(
        postfix, gateway, message([SAKURA], [MIDORI], subject="補助金申請書類について"), [SAKURA, MIDORI]
    )
    through_postfix(
        postfix,
        gateway,
        message([SAKURA], [MIDORI, HIKARI], subject="説明会のご案内"),
        [SAKURA, MIDORI, HIKARI],
        "blocked",
    )
    base = gateway.console_url  # type: ignore[attr-defined]
    page.goto(f"{base}/admin")  # type: ignore[attr-defined]
    assert page.url.endswith("/login")  # type: ignore[attr-defined]
    page.get_by_label("ユーザー名").fill(ADMIN)  # type: ignore[attr-defined]
    page.get_by_label("パスワード").fill(ADMIN_PASSWORD)  # type: ignore[attr-defined]
    page.get_by_role("button", name="ログイン").click()  # type: ignore[attr-defined]
    assert page.url.endswith("/admin")  # type: ignore[attr-defined]
    assert int(page.locator("#count-held").inner_text()) >= 1  # type: ignore[attr-defined]
    assert int(page.locator("#count-blocked").inner_text()) >= 1  # type: ignore[attr-defined]
    screenshot(page, "console-queue-ja.png", tmp_path)
    page.locator("#f-state").select_option("held")  # type: ignore[attr-defined]
    page.get_by_role("button", name="絞り込み").click()  # type: ignore[attr-defined]
    states = page.locator("#queue tbody td:nth-child(2)").all_inner_texts()  # type: ignore[attr-defined]
    assert states and set(states) == {"保留"}
    page.locator(f"tr[data-id='{message_id}'] a").click()  # type: ignore[attr-defined]
    page.get_by_label("理由 (履歴に残ります)").fill("先方に電話で確認済み")  # type: ignore[attr-defined]
    page.locator("#release").click()  # type: ignore[attr-defined]
    assert page.locator("#done").is_visible()  # type: ignore[attr-defined]
    exactly_once(sink, message_id)
    page.reload()  # type: ignore[attr-defined]
    history = page.locator("#history").inner_text()  # type: ignore[attr-defined]
    assert "先方に電話で確認済み" in history and ADMIN in history and "engine" in history
    page.goto(f"{base}/admin/findings")  # type: ignore[attr-defined]
    assert page.locator("svg.chart rect").count() >= 2  # type: ignore[attr-defined]  # bars and the legend
    assert "MG101" in page.locator("#findings-table").inner_text()  # type: ignore[attr-defined]


def test_two_people_on_one_message_at_once_one_wins_and_the_other_sees_why(
    browser: object, postfix: Postfix, gateway: Gateway, sink: Sink
) -> None:
    message_id = through_postfix(postfix, gateway, message([SAKURA], [MIDORI]), [SAKURA, MIDORI])
    link = notice_link(sink, message_id)
    first, second = (browser.new_context(locale="ja-JP").new_page() for _ in range(2))  # type: ignore[attr-defined]
    for tab in (first, second):
        tab.goto(link)
        for box in boxes(tab):
            box.check()  # type: ignore[attr-defined]
    first.locator("#send").click()
    second.locator("#cancel").click()  # opened before the send, submitted after it
    assert "送信しました" in first.locator("#outcome").inner_text()
    told = second.locator("#outcome").inner_text()
    assert "すでに処理済み" in told and SENDER in told and "解放済み" in told
    exactly_once(sink, message_id)


def test_english_from_the_browser_and_the_switch_to_japanese(
    browser: object, postfix: Postfix, gateway: Gateway, sink: Sink
) -> None:
    message_id = through_postfix(postfix, gateway, message([SAKURA], [MIDORI]), [SAKURA, MIDORI])
    tab = browser.new_context(locale="en-US").new_page()  # type: ignore[attr-defined]
    tab.goto(notice_link(sink, message_id))
    assert tab.title() == "Check your held message - mailguard send check"
    assert tab.locator("#send").inner_text() == "Send now"
    tab.locator("#lang-switch").click()
    assert tab.locator("#send").inner_text() == "このまま送信"
    assert tab.locator("html").get_attribute("lang") == "ja"


def test_a_phone_screen_needs_no_sideways_scrolling_and_every_control_has_a_label(
    browser: object, postfix: Postfix, gateway: Gateway, sink: Sink
) -> None:
    message_id = through_postfix(
        postfix, gateway, message([HIKARI], [SAKURA, INTERNAL], attach=True), [HIKARI, SAKURA, INTERNAL]
    )
    phone = browser.new_context(locale="ja-JP", viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)  # type: ignore[attr-defined]
    tab = phone.new_page()
    tab.goto(notice_link(sink, message_id))
    assert tab.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    unlabelled = tab.evaluate(
        "Array.from(document.querySelectorAll('input:not([type=hidden]), textarea, select, button'))"
        ".filter(e => !(e.labels && e.labels.length) && !e.textContent.trim()).length"
    )
    assert unlabelled == 0
    box = tab.locator("input.tick").first.bounding_box()
    assert box and box["width"] >= 24 and box["height"] >= 24  # big enough for a finger
    assert re.search(r"@", tab.title()) is None


class ServedConsole:
    """A :class:`LocalConsole` served by uvicorn on loopback from a thread of its own (its store
    lives on that thread's event loop), so the browser talks to the app whose clock the test moves."""

    def __init__(self, directory: Path, policy: str) -> None:
        import threading

        from gateway_parts import free_port

        self.local = LocalConsole(directory, policy)
        self.port = free_port()
        self.ready = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        import asyncio

        import uvicorn

        async def serve() -> None:
            async with self.local:
                config = uvicorn.Config(self.local.app, host="127.0.0.1", port=self.port, log_level="warning")
                self.server = uvicorn.Server(config)
                self.held = await self.local.hold(message([SAKURA], [MIDORI]), [SAKURA, MIDORI])
                self.ready.set()
                await self.server.serve()

        asyncio.run(serve())

    def __enter__(self) -> ServedConsole:
        self.thread.start()
        assert self.ready.wait(30)
        wait_until(lambda: getattr(self.server, "started", False), 30, "the console to listen")
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(30)

    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}" + self.local.link(self.held)


def test_the_send_button_counts_down_and_the_server_keeps_the_pause(page: object, tmp_path: Path) -> None:
    policy = POLICY + "interactive:\n  countdown_seconds: 10\n"
    with ServedConsole(tmp_path, policy) as served:
        page.clock.install()  # type: ignore[attr-defined]  # the page's timers, moved by the test
        page.goto(served.url())  # type: ignore[attr-defined]
        send, timer = page.locator("#send"), page.locator("#countdown")  # type: ignore[attr-defined]
        for box in boxes(page):
            box.check()  # type: ignore[attr-defined]
        assert send.is_disabled() and timer.inner_text() == "10 秒後に送信できます。"
        page.clock.run_for(4_000)  # type: ignore[attr-defined]
        assert send.is_disabled() and timer.inner_text() == "6 秒後に送信できます。"
        page.clock.run_for(6_500)  # type: ignore[attr-defined]
        assert send.is_enabled() and timer.is_hidden()
        served.local.now += 5  # the page's clock ran out, the server's has not: the server decides
        send.click()
        assert "あと 5 秒" in page.locator("#error").inner_text()  # type: ignore[attr-defined]
        assert [box.is_checked() for box in boxes(page)] == [True] * 3  # type: ignore[attr-defined]
        served.local.now += 5
        page.clock.run_for(6_000)  # type: ignore[attr-defined]
        page.locator("#send").click()  # type: ignore[attr-defined]
        assert "送信しました" in page.locator("#outcome").inner_text()  # type: ignore[attr-defined]
