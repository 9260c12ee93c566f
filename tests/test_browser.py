"""The shop in a real browser: Debian's headless Chromium driven by Playwright (never a downloaded
browser). On a phone (390x844, mobile emulation) and a desktop (1280x800): the page is exactly as
wide as the screen, every picture loads, prices are written the market's way; /docs and /redoc
render with every request outside 127.0.0.1 blocked.

Skipped only where Chromium is not installed and this is not CI (`make test` installs it with apt).
`SCREENSHOT_DIR=docs/img` keeps the phone screenshots the README shows.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from api_support import make_services, settings_for
from browser_support import CATALOGUE, fill_shop, serving

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
if CHROMIUM is None:
    if os.environ.get("CI"):
        pytest.fail("Chromium is missing on CI: `make dev` installs it (apt-get install chromium)")
    pytest.skip("Debian's chromium is not installed (apt-get install chromium)", allow_module_level=True)

from playwright.sync_api import Browser, Page, sync_playwright  # noqa: E402

SELLER = "tokyo.mugs"
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
    "user_agent": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1",
}
DESKTOP = {"viewport": {"width": 1280, "height": 800}}
EXPECTED_PRICES = {"$18.99", "R$ 49,90", "19,99 €", "¥1,980", "$12.50", "$9.00"}


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield browser
        browser.close()


@pytest.fixture
def shop(tmp_path: Path, shared: Path) -> Iterator[str]:
    services = make_services(settings_for(f"sqlite:///{tmp_path / 'shop.db'}", tmp_path))
    try:
        fill_shop(services, SELLER, shared / "fixtures" / "images")
        with serving(services) as base:
            yield base
    finally:
        services.close()


def offline(page: Page, base: str) -> list[str]:
    """Block every request that leaves the test server; the list of those blocked."""
    blocked: list[str] = []

    def route(route) -> None:  # type: ignore[no-untyped-def]
        if route.request.url.startswith(base):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    page.route("**/*", route)
    return blocked


def all_pictures_loaded(page: Page) -> None:
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")  # lazy pictures come into view
    page.wait_for_function("Array.from(document.images).every(i => i.complete)", timeout=15_000)
    broken = page.evaluate("Array.from(document.images).filter(i => i.naturalWidth === 0).map(i => i.src)")
    assert broken == []
    page.evaluate("window.scrollTo(0, 0)")


def layout_width(page: Page) -> tuple[int, int]:
    scroll_width, inner_width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    return scroll_width, inner_width


@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_the_shop_fits_the_screen_with_every_picture_and_price(
    browser: Browser, shop: str, device: str, tmp_path: Path
) -> None:
    options = PHONE if device == "phone" else DESKTOP
    width = options["viewport"]["width"]  # type: ignore[index]
    context = browser.new_context(**options)  # type: ignore[arg-type]
    page = context.new_page()
    blocked = offline(page, shop)
    assert page.goto(f"{shop}/shops/{SELLER}").status == 200
    assert layout_width(page) == (width, width)  # no sideways scrolling, no 980 px desktop layout
    all_pictures_loaded(page)
    assert len(page.locator("img").all()) == len(CATALOGUE)
    prices = set(page.locator(".price").evaluate_all("els => els.map(e => e.firstChild.textContent.trim())"))
    assert prices == EXPECTED_PRICES
    assert not any(re.search(r"\d [A-Z]{3}\b", p) for p in prices)  # no "1,980.00 JPY"
    lefts = "Array.from(document.querySelectorAll('.card')).map(c => c.getBoundingClientRect().left)"
    columns = page.evaluate(f"new Set({lefts}).size")
    assert columns == (2 if device == "phone" else 4)
    # SCREENSHOT_DIR=docs/img keeps the phone's pictures (the README shows them)
    shots = Path(os.environ.get("SCREENSHOT_DIR", tmp_path)) if device == "phone" else tmp_path
    shots.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shots / f"shop-{device}.png"))

    page.locator(".card a").first.click()  # the newest product's page
    page.wait_for_load_state()
    assert re.search(r"/shops/tokyo\.mugs/products/", page.url)
    assert layout_width(page) == (width, width)
    all_pictures_loaded(page)
    assert len(page.locator(".gallery img").all()) == 5
    link = page.locator("a.button")
    assert link.inner_text() == "Watch on TikTok"
    assert link.get_attribute("href").startswith(f"https://www.tiktok.com/@{SELLER}/video/")  # type: ignore[union-attr]
    page.screenshot(path=str(shots / f"product-{device}.png"))
    assert blocked == []
    context.close()


def test_the_api_docs_render_with_no_network(browser: Browser, shop: str) -> None:
    page = browser.new_page()
    blocked = offline(page, shop)
    page.goto(f"{shop}/docs")
    page.wait_for_selector(".swagger-ui .info .title", timeout=20_000)
    assert "tiktok-commerce Ingestion API" in page.locator(".swagger-ui .info .title").inner_text()
    page.wait_for_selector('.opblock-summary-path[data-path="/api/products"]', timeout=20_000)
    page.goto(f"{shop}/redoc")
    page.wait_for_selector("h1", timeout=20_000)
    assert "tiktok-commerce Ingestion API" in page.locator("h1").first.inner_text()
    # Nothing from a CDN. ReDoc's bundle asks for its own "powered by" logo, which hides itself
    # when it cannot load: the only request that leaves, and it is blocked.
    assert [url for url in blocked if url != "https://cdn.redoc.ly/redoc/logo-mini.svg"] == []
    page.close()
