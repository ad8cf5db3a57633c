"""The help centre in Chromium: an article opened online, and a most-read one never opened, are read
offline from the phone's IndexedDB; "was this helpful?" tapped offline waits in the outbox and is
counted once back online. And the agent's side: a suggested article inserted into the reply."""

from __future__ import annotations

import re
import time

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect
from sqlmodel import select

from backend.db import Actor, read_session, transaction
from backend.knowledge.seed import ensure_help_centre
from backend.models.knowledge import KbArticle
from tests.e2e.test_console_tools import no_sideways_scroll
from tests.e2e.test_offline_sync import go_offline, go_online, sign_in, wait_until_controlled
from tests.support.live_server import LiveServer

pytestmark = pytest.mark.e2e


def _helpful_yes(slug: str) -> int:
    with read_session() as session:
        article = session.exec(select(KbArticle).where(KbArticle.slug == slug, KbArticle.lang == "bn")).one()
        return article.helpful_yes


def _kept(page: Page, slug: str) -> bool:
    """Whether the phone's IndexedDB holds the article (page.evaluate awaits the promise)."""
    return bool(
        page.evaluate(
            """(key) => new Promise((resolve) => {
                const open = indexedDB.open("seba-customer");
                open.onsuccess = () => {
                    const get = open.result.transaction("help").objectStore("help").get(key);
                    get.onsuccess = () => resolve(!!get.result);
                    get.onerror = () => resolve(false);
                };
                open.onerror = () => resolve(false);
            })""",
            "bn/" + slug,
        )
    )


def test_articles_are_read_offline_and_feedback_syncs_later(
    live_server: LiveServer, browser: Browser
) -> None:
    with transaction(Actor.system()) as tx:
        ensure_help_centre(tx)
    popular = httpx.get(live_server.base_url + "/api/kb/popular", params={"lang": "bn", "limit": 10}).json()
    opened = "otp-not-received"
    never_opened = next(a for a in popular if a["slug"] != opened)

    context = browser.new_context(viewport={"width": 360, "height": 740}, service_workers="allow")
    page = context.new_page()
    sign_in(page, live_server, "01911223388", "+8801911223388")
    wait_until_controlled(page)
    page.goto(live_server.base_url + "/help")
    expect(page.locator("#help-categories")).to_be_visible()
    page.fill("#help-search", "রিফা")
    expect(page.locator("#help-suggestions")).to_contain_text("রিফান্ড কতদিনে পাবেন")
    page.fill("#help-search", "refund kobe pabo")
    page.press("#help-search", "Enter")
    expect(page.locator("#help-results li").first).to_contain_text("রিফান্ড কতদিনে পাবেন")
    page.goto(live_server.base_url + f"/help/bn/{opened}")
    expect(page.locator("#help-article h1")).to_have_text("ওটিপি (ভেরিফিকেশন কোড) আসছে না")
    # The most read articles are fetched ahead in the background: wait until that one is kept.
    deadline = time.monotonic() + 30
    while not _kept(page, never_opened["slug"]) and time.monotonic() < deadline:
        time.sleep(0.3)
    assert _kept(page, never_opened["slug"])

    page.goto(live_server.base_url + "/help/bn/delivery-charges")
    expect(page.locator("#help-article table")).to_be_visible()
    no_sideways_scroll(page)  # the charges table scrolls inside the article on a 360 px phone
    page.goto(live_server.base_url + f"/help/bn/{opened}")
    expect(page.locator("#help-article h1")).to_have_text("ওটিপি (ভেরিফিকেশন কোড) আসছে না")

    go_offline(context)
    page.reload()
    expect(page.locator("#help-article h1")).to_have_text("ওটিপি (ভেরিফিকেশন কোড) আসছে না")
    expect(page.locator("#help-offline")).to_be_visible()
    page.click("#help-yes")
    expect(page.locator("#help-thanks")).to_be_visible()
    page.goto(live_server.base_url + never_opened["url"])
    expect(page.locator("#help-article h1")).to_have_text(never_opened["title"])
    time.sleep(1)
    assert _helpful_yes(opened) == 0  # still only in the phone's outbox

    go_online(context)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    deadline = time.monotonic() + 20
    while _helpful_yes(opened) == 0 and time.monotonic() < deadline:
        time.sleep(0.3)
    assert _helpful_yes(opened) == 1
    page.reload()
    time.sleep(2)
    assert _helpful_yes(opened) == 1  # counted once
    context.close()


def test_the_agent_inserts_a_suggested_article_into_the_reply(
    live_server: LiveServer, browser: Browser
) -> None:
    from tests.e2e.test_console_tools import console
    from tests.support.factories import make_agent, make_customer, open_ticket

    with transaction(Actor.system()) as tx:
        ensure_help_centre(tx)
    make_agent(email="tania@seba.test", name="Tania Akter", languages=["bn"])
    opened = open_ticket(
        make_customer(name="করিম"), subject="টাকা কেটেছে", body="বিকাশ থেকে টাকা কেটে নিয়েছে কিন্তু অর্ডার কনফার্ম হয়নি"
    )
    page = console(browser, live_server, "tania@seba.test", width=1200)
    page.goto(live_server.base_url + f"/agent/t/{opened.ticket.id}")
    suggestions = page.locator("#kb-suggestions li")
    expect(suggestions.first).to_contain_text("টাকা কেটেছে কিন্তু অর্ডার কনফার্ম হয়নি")
    page.locator("#body").click()
    suggestions.first.get_by_role("button").first.click()  # insert the link
    expect(page.locator("#body")).to_have_value(re.compile(r"/help/bn/payment-deducted-order-not-confirmed"))
    page.locator("#body").fill("")
    suggestions.first.get_by_role("button").nth(1).click()  # insert title, sentence and link
    expect(page.locator("#body")).to_have_value(
        re.compile(r"^টাকা কেটেছে কিন্তু অর্ডার কনফার্ম হয়নি\n.+\n\S*/help/bn/payment-deducted-order-not-confirmed")
    )
    page.context.close()
