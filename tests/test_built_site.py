"""The bundled site, built once: what a job seeker, a feed reader and a search engine get."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from urllib.parse import urljoin

from conftest import ROOT, broken_links, built_page, soup

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def opening_links(doc, page_url: str) -> set[str]:
    """Opening pages linked from the main part of the page at `page_url`, as site URLs."""
    base = "https://site.invalid/"
    resolved = {urljoin(base + page_url, a["href"]) for a in doc.select("main a[href]")}
    return {u.removeprefix(base) for u in resolved if u.startswith(base) and "/openings/" in u}


def test_the_output_contract_files_exist(bundled_site, site):
    expected = ["index.html", "municipalities/index.html", "events/index.html", "feed.xml", "openings.json",
                "sitemap.xml", "robots.txt", "404.html", "assets/style.css"]
    expected += [m.url + "index.html" for m in site.municipalities]
    expected += [o.url + "index.html" for o in site.openings]
    expected += [e.url + "index.html" for e in site.events]
    assert [p for p in expected if not (bundled_site / p).is_file()] == []


def test_home_lists_open_and_upcoming_openings_but_not_closed(bundled_site, site):
    listed = opening_links(soup(bundled_site / "index.html"), "")
    assert listed == {o.url for o in site.openings if o.status in ("open", "upcoming")}
    assert {o.status for o in site.openings} == {"open", "upcoming", "closed"}
    cards = soup(bundled_site / "index.html").select(".opening-card")
    upcoming = [c for c in cards if c["data-status"] == "upcoming"]
    assert upcoming and all("募集前" in c.get_text() for c in upcoming)


def test_drafts_appear_nowhere(bundled_site):
    drafts = [p for p in (ROOT / "municipalities").glob("*/openings/*.md")
              if "\ndraft: true" in p.read_text(encoding="utf-8")]
    assert drafts, "the bundled content shows a draft"
    for draft in drafts:
        slug = draft.stem
        hits = [p for p in bundled_site.rglob("*") if p.is_file() and slug.encode() in p.read_bytes()]
        assert hits == [], f"draft {slug} leaked into {hits}"


def test_a_closed_opening_says_so_and_offers_no_apply_link(bundled_site, site):
    for opening in (o for o in site.openings if o.status == "closed"):
        doc = built_page(bundled_site, opening.url)
        assert "この求人の募集は終了しました" in doc.select_one(".status-banner").get_text()
        assert doc.select(".apply-actions") == []
        assert opening.meta.apply_url is None or not doc.select(f'a[href="{opening.meta.apply_url}"]')
        assert doc.select('script[type="application/ld+json"]') == []


def test_open_openings_carry_one_job_posting(bundled_site, site):
    for opening in site.openings:
        scripts = built_page(bundled_site, opening.url).select('script[type="application/ld+json"]')
        if opening.status != "open":
            assert scripts == []
            continue
        assert len(scripts) == 1
        ld = json.loads(scripts[0].string)
        assert ld["@type"] == "JobPosting" and ld["title"] == opening.meta.title
        assert ld["validThrough"].startswith(opening.meta.closes.isoformat())
        assert ld["hiringOrganization"]["name"] == opening.municipality.name
        assert ld["jobLocation"]["address"]["addressRegion"] == opening.municipality.prefecture
        apply = built_page(bundled_site, opening.url).select(".apply-actions a")
        assert apply, f"{opening.key} is open but has no apply link"


def test_a_joint_opening_lives_once_and_shows_on_every_partners_page(bundled_site, site):
    joint = [o for o in site.openings if o.is_joint]
    assert joint, "the bundled content shows a joint appointment"
    home_list = [a["href"] for a in soup(bundled_site / "index.html").select(".opening-card .card-title a")]
    for opening in joint:
        if opening.status != "closed":
            assert sum(h.rstrip("/").endswith(opening.key.replace("/", "/openings/")) for h in home_list) == 1
        for member in (opening.municipality, *opening.partners):
            assert opening.url in opening_links(built_page(bundled_site, member.url), member.url), member.slug


def test_municipality_page_shows_workplace_survey_events_and_contact(bundled_site, site):
    m = next(m for m in site.municipalities if m.meta.survey and m.events and m.meta.workplace)
    doc = built_page(bundled_site, m.url)
    assert doc.h1.get_text().startswith(m.name)
    rows = doc.select("table.survey tbody tr")
    assert [r.th.get_text() for r in rows] == [r.item for r in m.meta.survey.results]
    workplace = doc.select_one("#workplace-heading").find_parent("section").get_text()
    assert all(tool in workplace for tool in m.meta.workplace.tools)
    events = doc.select_one("#events-heading").find_parent("section")
    assert {a.get_text() for a in events.select("a")} >= {e.meta.title for e in m.events if not e.is_past}
    assert m.meta.contact.email in doc.select_one("#contact-heading").find_parent("section").get_text()


def test_feed_lists_exactly_the_open_openings(bundled_site, site):
    feed = ET.parse(bundled_site / "feed.xml").getroot()
    ids = {e.find(f"{ATOM}id").text for e in feed.findall(f"{ATOM}entry")}
    assert ids == {site.config.base_url + o.url for o in site.openings if o.status == "open"}


def test_openings_json_has_every_published_opening_with_url_and_status(bundled_site, site):
    data = json.loads((bundled_site / "openings.json").read_text(encoding="utf-8"))
    records = {r["id"]: r for r in data["openings"]}
    assert set(records) == {o.key for o in site.openings}
    for opening in site.openings:
        record = records[opening.key]
        assert record["status"] == opening.status
        assert record["url"] == site.config.base_url + opening.url
        assert record["closes"] == opening.meta.closes.isoformat()
        assert record["employment_type"] == opening.meta.employment_type


def test_sitemap_has_absolute_urls_of_every_page(bundled_site, site):
    locs = [u.find(f"{SITEMAP}loc").text for u in ET.parse(bundled_site / "sitemap.xml").getroot()]
    assert all(loc.startswith(site.config.base_url) for loc in locs)
    html = {site.config.base_url + p.relative_to(bundled_site).as_posix().removesuffix("index.html")
            for p in bundled_site.rglob("*.html") if p.name != "404.html"}
    assert set(locs) == html
    robots = (bundled_site / "robots.txt").read_text()
    assert f"Sitemap: {site.config.base_url}sitemap.xml" in robots


def test_every_internal_link_resolves_under_the_sub_path(bundled_site, site):
    assert broken_links(bundled_site, site.config.base_url) == []


def test_notice_banner_and_language_on_every_page(bundled_site, site):
    for path in bundled_site.rglob("*.html"):
        doc = soup(path)
        assert doc.html["lang"] == "ja"
        assert doc.select_one(".notice").get_text(strip=True) == site.config.notice
        assert doc.title.get_text() and doc.h1 is not None


def test_the_menu_marks_the_section_the_reader_is_in(bundled_site):
    for url, label in [("", "求人一覧"), ("municipalities/", "参加自治体"), ("compare/", "働く環境の比較"),
                       ("events/", "イベント"), ("glossary/", "用語集")]:
        current = built_page(bundled_site, url).select(".site-nav [aria-current=page]")
        assert [a.get_text() for a in current] == [label], url
    assert built_page(bundled_site, "accessibility/").select(".site-nav [aria-current]") == []
