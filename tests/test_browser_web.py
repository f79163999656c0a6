"""Browser tests: headless Debian chromium through playwright against a real uvicorn server.

Each test saves a screenshot of the page it checks into test-artifacts/.
"""

from __future__ import annotations

import os
import pathlib
import socket
import threading
import time

import pytest

from web_support import HOSTILE_QUOTE, HOSTILE_TITLE, build_db

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = pathlib.Path(__file__).resolve().parents[1] / "test-artifacts"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
WAIT = 120_000  # ms: generous, a slow shared machine is not a failure

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason=f"no chromium at {CHROMIUM} "
                       "(`make browser` installs Debian's)"),
]
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    import uvicorn

    from quoth.web import create_app

    path = str(tmp_path_factory.mktemp("browser") / "web.db")
    written = build_db(path)
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(path), host="127.0.0.1", port=port,
                                           log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(600):
        if server.started:
            break
        time.sleep(0.1)
    assert server.started, "uvicorn did not start"
    yield {"url": f"http://127.0.0.1:{port}", "results": written}
    server.should_exit = True
    thread.join(timeout=30)


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture()
def page(browser):
    ARTIFACTS.mkdir(exist_ok=True)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.set_default_timeout(WAIT)
    pg.dialogs, pg.errors, pg.requests = [], [], []
    pg.on("request", lambda r: pg.requests.append(r.url))
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    pg.on("console", lambda m: m.type == "error" and pg.errors.append(m.text))
    yield pg
    context.close()


def _shot(page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def _marked_text(page, sid: str, role: str) -> str:
    return page.evaluate(
        """([sid, role]) => Array.from(document.querySelectorAll('.seg[data-marks]'))
             .filter(el => el.dataset.marks.split(' ').includes(sid + ':' + role))
             .map(el => el.textContent).join('')""", [sid, role])


def test_search_and_open_a_result(site, page):
    page.goto(site["url"] + "/search")
    page.fill("input[name=q]", "NATO")
    page.press("input[name=q]", "Enter")
    page.wait_for_selector(".hit mark")
    assert page.locator(".hit").count() == 3
    assert page.locator(".hit mark").first.inner_text() == "NATO"
    _shot(page, "search")
    assert all(u.startswith(site["url"]) for u in page.requests)
    first = page.locator(".hit a.snippet").first
    first.click()
    page.wait_for_selector("#statement-content")
    content = page.inner_text("#statement-content")
    assert "NATO" in content
    _shot(page, "statement")
    page.locator("a[href*='#s-']").first.click()
    page.wait_for_selector(".seg.target")
    target = page.evaluate("Array.from(document.querySelectorAll('.seg.target'))"
                           ".map(e => e.textContent).join('')")
    assert content.split(",")[0] in target
    assert not page.errors


def test_article_page_highlights_the_exact_statement_text(site, page):
    result = site["results"][0]
    text = result.article.text
    for stmt in result.statements:
        page.goto(f"{site['url']}/article/{result.article.id}#s-{stmt.id}")
        page.wait_for_selector(".seg.target")
        assert _marked_text(page, stmt.id, "content") == "".join(
            text[a:b] for a, b in stmt.content.spans)
        assert _marked_text(page, stmt.id, "cue") == stmt.cue.text
        assert _marked_text(page, stmt.id, "source") == stmt.speaker.mention.text
        first = page.locator(f".seg.target[data-sid='{stmt.id}']").first
        assert first.is_visible()
        box, height = first.bounding_box(), page.viewport_size["height"]
        assert 0 <= box["y"] <= height, "deep link did not scroll the statement into view"
    page.locator(".seg.r-content").first.hover()
    tip = page.locator("#stmt-tip")
    tip.wait_for(state="visible")
    assert "Speaker:" in tip.inner_text() and "Kind:" in tip.inner_text()
    _shot(page, "article")
    assert not page.errors


def test_keyboard_focus_shows_the_statement_card(site, page):
    result = site["results"][1]
    page.goto(f"{site['url']}/article/{result.article.id}")
    page.locator(".seg[tabindex='0']").first.focus()
    tip = page.locator("#stmt-tip")
    tip.wait_for(state="visible")
    assert "Jens Stoltenberg" in tip.inner_text()


def test_speaker_page_draws_the_chart(site, page):
    page.goto(site["url"] + "/speaker/Vladimir%20Putin")
    page.wait_for_selector(".chart svg")
    bars = page.locator(".chart svg rect.bar")
    drawn = [b for b in bars.all() if float(b.get_attribute("height")) > 0]
    assert len(drawn) == 2  # two publication days
    assert all(b.bounding_box()["height"] > 0 and b.bounding_box()["width"] > 0 for b in drawn)
    assert sum(int(b.get_attribute("data-count")) for b in drawn) == 3
    _shot(page, "speaker")
    page.goto(site["url"] + "/speakers")
    page.wait_for_selector("table.speakers")
    _shot(page, "speakers")
    assert not page.errors


def test_try_it_shows_statements(site, page, example_article):
    page.goto(site["url"] + "/try")
    page.fill("textarea[name=text]", example_article.read_text(encoding="utf-8"))
    page.click("button[type=submit]")
    page.wait_for_selector("#trycount")
    segs = page.locator(".articletext .seg.r-content")
    assert segs.count() > 0
    assert page.locator(".legend li").count() >= 1
    assert "Putin" in page.inner_text(".legend")
    _shot(page, "try")
    assert not page.errors


def test_hostile_article_shows_payloads_literally(site, page):
    hostile = next(r for r in site["results"] if r.article.title == HOSTILE_TITLE)
    page.goto(f"{site['url']}/article/{hostile.article.id}")
    page.wait_for_selector(".articletext")
    assert page.inner_text("h1") == HOSTILE_TITLE
    assert HOSTILE_QUOTE in page.inner_text(".articletext")
    assert page.locator(".articletext img, .articletext script, h1 script").count() == 0
    page.locator(".seg.r-content").first.hover()
    page.locator("#stmt-tip").wait_for(state="visible")
    assert "<img src=x onerror=alert(1)>" in page.inner_text("#stmt-tip")
    _shot(page, "hostile-article")
    page.goto(site["url"] + "/search?q=onerror")
    page.wait_for_selector(".hit")
    assert "<img src=x onerror=alert(1)>" in page.inner_text(".hit")
    page.goto(site["url"] + "/try")
    page.fill("textarea[name=text]", f'The minister said "{HOSTILE_QUOTE}".')
    page.click("button[type=submit]")
    page.wait_for_selector("#trycount")
    assert HOSTILE_QUOTE in page.inner_text(".articletext")
    assert page.dialogs == []


def test_openapi_docs_render_offline(site, page):
    page.goto(site["url"] + "/docs")
    page.wait_for_selector(".swagger-ui .opblock")
    assert page.locator(".opblock-summary-path", has_text="/api/search").count() == 1
    _shot(page, "docs")
    foreign = [u for u in page.requests if not u.startswith((site["url"], "data:"))]
    assert foreign == [], "the docs page loaded something from outside the app"


def test_phone_shows_results_before_facets_and_a_readable_chart(site, browser):
    context = browser.new_context(viewport={"width": 375, "height": 800}, is_mobile=True)
    pg = context.new_page()
    pg.set_default_timeout(WAIT)
    try:
        pg.goto(site["url"] + "/search?q=NATO")
        pg.wait_for_selector(".hit")
        first_hit = pg.locator(".hit").first.bounding_box()
        first_facet = pg.locator("aside .facet").first.bounding_box()
        assert first_hit["y"] < first_facet["y"], "facets come before the results on a phone"
        pg.screenshot(path=str(ARTIFACTS / "phone-search.png"), full_page=True)
        pg.goto(site["url"] + "/speaker/Vladimir%20Putin")
        pg.wait_for_selector(".chart svg text")
        heights = pg.evaluate("Array.from(document.querySelectorAll('.chart svg text'))"
                              ".map(t => t.getBoundingClientRect().height)")
        assert heights and min(heights) >= 10, f"chart labels {min(heights):.1f}px high"
        pg.screenshot(path=str(ARTIFACTS / "phone-speaker.png"), full_page=True)
    finally:
        context.close()


def test_a_direct_quote_gets_no_second_pair_of_quote_marks(site, page):
    page.goto(site["url"] + "/search?q=NATO")
    page.wait_for_selector(".hit .quote")
    for quote in page.locator(".hit .quote").all():
        text = quote.inner_text().strip()
        before = quote.evaluate("e => getComputedStyle(e, '::before').content")
        after = quote.evaluate("e => getComputedStyle(e, '::after').content")
        starts_quoted = text[:1] in "\"“‘«'"
        assert (before not in ("none", "normal", '""')) != starts_quoted, (text, before)
        ends_quoted = text.rstrip(".,;:!? ")[-1:] in "\"”’»'"
        assert (after not in ("none", "normal", '""')) != ends_quoted, (text, after)
