"""A candidate narrows the list in Chromium: filters, sort, keyword search, no-JS, keyboard only."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from conftest import ROOT, TODAY, serving
from playwright.sync_api import Page, expect

from jointhire import pipeline, search

pytestmark = pytest.mark.browser
SITE = pipeline.check(ROOT, TODAY).site
LISTED = SITE.listed_openings


def titles(page: Page) -> list[str]:
    return page.locator("#results .opening-card .card-title a").all_inner_texts()


def wait_for_filtering(page: Page) -> None:
    expect(page.locator("#result-count")).to_contain_text("件が条件に合います")


def test_filters_narrow_the_list_and_live_in_the_url(page: Page, site_url):
    page.goto(site_url)
    page.get_by_label("雇用形態").select_option(label="会計年度任用職員")
    wait_for_filtering(page)
    expected = [o.meta.title for o in LISTED if o.meta.employment_type == "part_time"]
    assert sorted(titles(page)) == sorted(expected)
    assert "type=part_time" in page.url
    expect(page.locator("#result-count")).to_have_text(f"{len(expected)} 件が条件に合います")


def test_a_shared_url_restores_the_filters(page: Page, site_url):
    page.goto(site_url + "?remote=full&sort=pay")
    wait_for_filtering(page)
    expect(page.get_by_label("テレワーク")).to_have_value("full")
    assert titles(page) == [o.meta.title for o in LISTED if o.remote_work == "full"]


def test_minimum_pay_and_sort_by_pay(page: Page, site_url):
    page.goto(site_url + "?pay=6000000&sort=pay")
    wait_for_filtering(page)
    expected = sorted((o for o in LISTED if o.annual_pay and o.annual_pay[1] >= 6_000_000),
                      key=lambda o: (-o.annual_pay[1], o.meta.closes))
    assert titles(page) == [o.meta.title for o in expected]


def test_municipality_filter_includes_joint_openings(page: Page, site_url):
    joint = next(o for o in LISTED if o.is_joint)
    partner = joint.partners[0]
    page.goto(site_url)
    page.get_by_label("自治体", exact=True).focus()
    expect(page.get_by_label("自治体", exact=True).locator("option", has_text=partner.name)).to_have_count(1)
    page.get_by_label("自治体", exact=True).select_option(label=partner.name)
    wait_for_filtering(page)
    expected = {o.meta.title for o in LISTED if partner in o.members}
    assert set(titles(page)) == expected and joint.meta.title in expected


def test_side_jobs_filter(page: Page, site_url):
    page.goto(site_url)
    page.get_by_label("副業・兼業を認める自治体").check()
    wait_for_filtering(page)
    assert sorted(titles(page)) == sorted(o.meta.title for o in LISTED if o.side_jobs)


def test_keyword_search_in_japanese_finds_words_in_the_body(page: Page, site_url):
    # A word from one opening's duties (not its title) must find that opening.
    target = next(o for o in LISTED if "ネットワーク" in o.body and "ネットワーク" not in o.meta.title)
    page.goto(site_url)
    page.get_by_label("キーワード").fill("ネットワーク")
    wait_for_filtering(page)
    found = titles(page)
    assert target.meta.title in found
    assert all("ネットワーク" in o.body + o.meta.title + " ".join(o.meta.requirements + o.meta.preferred)
               for o in LISTED if o.meta.title in found)
    page.get_by_role("button", name="条件をクリア").click()
    expect(page.locator("#result-count")).to_have_text(re.compile(rf"^{len(LISTED)} 件"))


SHARD_SIZE = 4


@pytest.fixture(scope="module")
def sharded_site_url(tmp_path_factory):
    """The bundled site with its search index in shards of a few openings each, as a national site's is."""
    out = tmp_path_factory.mktemp("sharded") / "output"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search, "OPENINGS_PER_SHARD", SHARD_SIZE)
        assert pipeline.build(ROOT, out, TODAY).ok
    assert len(list((out / "pagefind").iterdir())) >= 3
    with serving(out) as url:
        yield url


def test_keyword_search_finds_openings_in_every_shard_of_the_index(page: Page, sharded_site_url, monkeypatch):
    monkeypatch.setattr(search, "OPENINGS_PER_SHARD", SHARD_SIZE)
    bundles = search.shards(SITE.openings)
    assert len(bundles) >= 3
    page.goto(sharded_site_url)
    for slugs in bundles.values():
        # The title of an opening held by this shard only.
        target = next(o for o in LISTED if o.municipality.slug in slugs)
        word = re.split(r"[(（]", target.meta.title)[0]
        page.get_by_label("キーワード").fill(word)
        wait_for_filtering(page)
        expect(page.locator("#results .opening-card .card-title a", has_text=target.meta.title)).to_have_count(1)


def test_without_javascript_the_full_list_is_there_and_the_form_is_hidden(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url)
    expect(page.locator("#filters")).to_be_hidden()
    assert len(titles(page)) == len(LISTED)
    context.close()


def test_no_axe_violations_with_filters_in_use(page: Page, site_url):
    page.goto(site_url + "?type=regular&remote=partial")
    wait_for_filtering(page)
    result = Axe().run(page, options={"runOnly": {"type": "tag", "values": [
        "wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}})
    assert result.violations_count == 0, result.generate_report()


def test_from_home_to_an_application_by_keyboard_alone(page: Page, site_url):
    opening = next(o for o in LISTED if o.status == "open" and o.meta.apply_url)
    page.goto(site_url)
    link = page.get_by_role("link", name=opening.meta.title, exact=True)
    for _ in range(200):  # Tab until the opening's link has focus, checking focus stays visible
        page.keyboard.press("Tab")
        assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
        if link.evaluate("el => el === document.activeElement"):
            break
    else:
        pytest.fail("the opening's link was never reached by Tab")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(opening.meta.title)
    apply = page.get_by_role("link", name="応募ページへ進む")
    for _ in range(200):
        page.keyboard.press("Tab")
        if apply.evaluate("el => el === document.activeElement"):
            break
    else:
        pytest.fail("the apply link was never reached by Tab")
    expect(apply).to_have_attribute("href", opening.meta.apply_url)
