"""A job seeker in Chromium: every page type loads cleanly, links work, phones fit, axe is satisfied."""

from __future__ import annotations

from urllib.parse import urljoin

import pytest
from axe_playwright_python.sync_playwright import Axe
from conftest import ROOT, TODAY
from playwright.sync_api import Page, expect

from jointhire import pipeline

pytestmark = pytest.mark.browser


def page_types() -> dict[str, str]:
    """One URL of every page type in the bundled site, chosen from the model."""
    site = pipeline.check(ROOT, TODAY).site
    by_status = {o.status: o for o in site.openings}
    joint = next(o for o in site.openings if o.is_joint)
    return {
        "home": "",
        "municipalities": "municipalities/",
        "municipality": site.municipalities[0].url,
        "open opening": by_status["open"].url,
        "upcoming opening": by_status["upcoming"].url,
        "closed opening": by_status["closed"].url,
        "joint opening": joint.url,
        "events": "events/",
        "event": site.events[0].url,
        "compare": "compare/",
        "glossary": "glossary/",
        "accessibility policy": "accessibility/",
        "filtered list": "?type=part_time&sort=pay",
        "404": "no/such/page/",
    }


PAGES = page_types()


def visit(page: Page, site_url: str, url: str) -> list[str]:
    """Open a page and return the console errors and failed requests it caused."""
    problems: list[str] = []
    page.on("console", lambda m: problems.append(f"console: {m.text} at {m.location.get('url')}")
            if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("requestfailed", lambda r: problems.append(f"failed: {r.url}"))
    response = page.goto(site_url + url)
    if url != PAGES["404"]:
        assert response.status == 200, url
    expected_404 = f"404 (Not Found) at {site_url + url}" if url == PAGES["404"] else None
    return [p for p in problems if not (expected_404 and p.endswith(expected_404))]


@pytest.mark.parametrize("url", PAGES.values(), ids=PAGES.keys())
def test_every_page_type_loads_without_console_errors(page: Page, site_url, url):
    assert visit(page, site_url, url) == []
    expect(page.locator("h1")).to_have_count(1)
    expect(page.locator("link[rel=stylesheet]")).to_have_count(1)
    # the stylesheet applied: the header is coloured, not default white
    assert page.evaluate("getComputedStyle(document.querySelector('.site-header')).backgroundColor") != \
        "rgba(0, 0, 0, 0)"


def test_every_internal_link_on_every_page_resolves(page: Page, site_url):
    seen, queue, broken = set(), [site_url], []
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        response = page.request.get(url)
        if response.status != 200:
            broken.append(f"{url}: {response.status}")
            continue
        if "text/html" not in response.headers.get("content-type", ""):
            continue
        page.goto(url)
        hrefs = page.eval_on_selector_all("a[href], link[href]", "els => els.map(e => e.href)")
        queue += [h.split("#")[0] for h in hrefs if h.startswith(site_url) and h.split("#")[0] not in seen]
    assert broken == []
    assert len(seen) > 20


def test_a_visitor_goes_from_home_to_a_municipality_to_an_opening_and_finds_how_to_apply(page: Page, site_url):
    site = pipeline.check(ROOT, TODAY).site
    opening = next(o for o in site.openings if o.status == "open" and o.meta.apply_url)
    page.goto(site_url)
    page.get_by_role("navigation", name="メインメニュー").get_by_role("link", name="参加自治体").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("参加自治体")
    page.get_by_role("link", name=opening.municipality.name, exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(opening.municipality.name)
    page.get_by_role("link", name=opening.meta.title, exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(opening.meta.title)
    apply = page.get_by_role("link", name="応募ページへ進む")
    expect(apply).to_have_attribute("href", opening.meta.apply_url)


def test_a_closed_opening_has_no_apply_action(page: Page, site_url):
    page.goto(site_url + PAGES["closed opening"])
    expect(page.get_by_role("status")).to_contain_text("この求人の募集は終了しました")
    expect(page.get_by_role("link", name="応募ページへ進む")).to_have_count(0)


def test_the_404_page_works_at_any_depth(page: Page, site_url):
    response = page.goto(site_url + "a/b/c/d")
    assert response.status == 404
    page.get_by_role("link", name="募集中の求人一覧へ").click()
    assert page.url == urljoin(site_url, "./")
    expect(page.get_by_role("heading", level=1)).to_be_visible()


@pytest.mark.parametrize("url", PAGES.values(), ids=PAGES.keys())
def test_no_horizontal_scrolling_on_a_375px_phone(page: Page, site_url, url):
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(site_url + url)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


@pytest.mark.parametrize("url", PAGES.values(), ids=PAGES.keys())
def test_axe_finds_no_wcag_a_or_aa_violations(page: Page, site_url, url):
    page.goto(site_url + url)
    result = Axe().run(page, options={"runOnly": {"type": "tag", "values": [
        "wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}})
    assert result.violations_count == 0, result.generate_report()


def test_axe_would_catch_a_violation(page: Page):
    """The accessibility test can fail: an image without alt text is reported."""
    page.set_content('<html lang="ja"><title>t</title><main><img src="data:,"></main></html>')
    assert "image-alt" in {v["id"] for v in Axe().run(page).response["violations"]}


def test_keyboard_users_can_skip_to_the_content_and_see_focus(page: Page, site_url):
    page.goto(site_url)
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="本文へ移動")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
