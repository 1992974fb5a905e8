"""A candidate weighing a move into local government: understand, compare and follow openings."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from datetime import date
from urllib.parse import urljoin

import icalendar
import pytest
from conftest import TODAY, built_page, soup

from jointhire import glossary, pages, pipeline
from jointhire.synthetic import write_tree

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def facts(doc) -> dict[str, str]:
    """The 募集要項 as {label: text}."""
    return {row.dt.get_text(strip=True): row.dd.get_text(" ", strip=True) for row in doc.select(".job-sheet > div")}


# ---- understanding an opening --------------------------------------------------------------------


def test_an_opening_page_reads_as_a_job_sheet(bundled_site, site):
    joint = next(o for o in site.openings if o.is_joint and o.meta.term)
    sheet = facts(built_page(bundled_site, joint.url))
    assert sheet["任期"] == "2027年4月1日(木)〜2030年3月31日(日)（更新の可能性あり）"
    assert sheet["勤務の量"] == joint.meta.workload
    assert sheet["選考の流れ"] == " ".join(joint.meta.selection)
    assert sheet["共同任用"].startswith(joint.municipality.name)
    assert all(p.name in sheet["共同任用"] for p in joint.partners)
    assert sheet["更新日"] == "2026年11月20日(金)"
    assert "2027年1月29日(金)まで（あと63日）" in sheet["募集期間"]
    assert "年額換算 約650万〜900万円" in sheet["給与"]
    notice = built_page(bundled_site, joint.url).find("a", string=f"{joint.municipality.name}の正式な募集要項")
    assert notice["href"] == joint.meta.official_notice_url
    contact = built_page(bundled_site, joint.url).select_one("#contact-heading").find_parent("section").get_text()
    assert joint.meta.contact.email in contact  # the opening's own contact wins over the municipality's


def test_pay_is_comparable_and_undisclosed_pay_is_marked(bundled_site, site):
    hourly = next(o for o in site.openings if o.meta.salary and o.meta.salary.unit == "hour")
    text = facts(built_page(bundled_site, hourly.url))["給与"]
    low, high = hourly.meta.salary.min * 1860, hourly.meta.salary.max * 1860
    assert f"約{round(low / 10000):,}万〜{round(high / 10000):,}万円" in text
    assert "時給×1,860時間" in text
    unpaid = next(o for o in site.openings if o.meta.salary is None)
    assert "給与の記載なし" in facts(built_page(bundled_site, unpaid.url))["給与"]


def test_terms_link_to_the_glossary(bundled_site, site):
    glossary_page = built_page(bundled_site, "glossary/")
    for opening in site.openings:
        term = glossary.BY_EMPLOYMENT_TYPE[opening.meta.employment_type]
        link = built_page(bundled_site, opening.url).select_one(".job-sheet").find("a", string=term.term)
        anchor = link["href"].split("#")[1]
        assert anchor == term.id and glossary_page.find(id=anchor) is not None
    assert {dt["id"] for dt in glossary_page.select("dl.glossary dt")} >= {"joint-appointment", "side-job"}


def test_a_closed_opening_offers_similar_open_ones(bundled_site, site):
    for closed in (o for o in site.openings if o.status == "closed"):
        doc = built_page(bundled_site, closed.url)
        banner = doc.select_one(".status-banner").get_text()
        if closed.meta.status == "filled":
            assert "現在の状況: 採用者決定" in banner
        cards = doc.select("#similar-heading ~ ul .opening-card")
        same_type_open = [o for o in site.openings if o.status == "open"
                          and o.meta.employment_type == closed.meta.employment_type]
        assert len(cards) == min(3, len(same_type_open))
        assert all(card["data-status"] == "open" for card in cards)


# ---- comparing workplaces -------------------------------------------------------------------------


def test_the_survey_is_a_chart_with_a_table_equivalent(bundled_site, site):
    m = next(m for m in site.municipalities if m.meta.survey and m.meta.survey.scale != 5)
    doc = built_page(bundled_site, m.url)
    svg = doc.select_one(".survey-chart svg")
    assert svg["role"] == "img" and svg.title.get_text()
    bars = svg.select("rect.chart-bar")
    widths = [float(b["width"]) for b in bars]
    expected = [240 * r.score / m.meta.survey.scale for r in m.meta.survey.results]
    assert widths == pytest.approx(expected, abs=0.1)
    assert len(doc.select("table.survey tbody tr")) == len(bars)


def test_the_comparison_view_lists_every_municipality_with_its_survey_share(bundled_site, site):
    rows = built_page(bundled_site, "compare/").select("table.compare tbody tr")
    assert [r.th.get_text(strip=True) for r in rows] == [m.name for m in site.municipalities]
    for row, m in zip(rows, site.municipalities, strict=True):
        cells = [td.get_text(strip=True) for td in row.find_all("td")]
        results = m.meta.survey.results
        share = round(100 * sum(r.score for r in results) / (len(results) * m.meta.survey.scale))
        assert cells[5] == f"{share}%"
        assert cells[6] == f"{len(m.open_openings)} 件"


# ---- following --------------------------------------------------------------------------------------


def feed_ids(path) -> set[str]:
    return {e.find(f"{ATOM}id").text for e in ET.parse(path).getroot().findall(f"{ATOM}entry")}


def test_feeds_per_municipality_and_per_employment_type(bundled_site, site):
    base = site.config.base_url
    for m in site.municipalities:
        assert feed_ids(bundled_site / m.url / "feed.xml") == {base + o.url for o in m.open_openings}
    for code in ("regular", "fixed_term", "part_time", "side_job", "contract"):
        expected = {base + o.url for o in site.openings if o.status == "open" and o.meta.employment_type == code}
        assert feed_ids(bundled_site / "feeds" / f"{code}.xml") == expected


def test_a_feed_holds_the_newest_open_openings_first(site, monkeypatch):
    """A feed reader gets what opened last; a national site's feed stays a few dozen entries long."""
    monkeypatch.setattr(pages, "FEED_ENTRIES", 3)
    specs = pages.plan(site)
    feed = next(s for s in specs if s.url == "feed.xml").context["openings"]
    open_now = [o for o in site.openings if o.status == "open"]
    newest = sorted(open_now, key=lambda o: (o.meta.opens or TODAY, o.key), reverse=True)[:3]
    assert feed == newest and len(open_now) > 3


def test_the_calendar_has_every_closing_date_and_event(bundled_site, site):
    cal = icalendar.Calendar.from_ical((bundled_site / "calendar.ics").read_bytes())
    events = cal.walk("VEVENT")
    closing = {(str(e["URL"]), e.decoded("DTSTART")) for e in events if str(e["SUMMARY"]).startswith("【締切】")}
    assert closing == {(site.config.base_url + o.url, o.meta.closes) for o in site.openings}
    starts = {e.decoded("DTSTART") for e in events if not str(e["SUMMARY"]).startswith("【締切】")}
    assert starts == {e.meta.starts for e in site.events}
    for event in site.events:
        one = icalendar.Calendar.from_ical((bundled_site / event.url / "event.ics").read_bytes())
        [entry] = one.walk("VEVENT")
        assert str(entry["SUMMARY"]) == event.meta.title
        assert built_page(bundled_site, event.url).find("a", string="カレンダーに追加（.ics）") is not None


def test_calendar_lines_are_folded_as_rfc_5545_asks(bundled_site, site):
    """Calendar apps read lines of at most 75 octets; a long Japanese title is folded between
    characters, never inside one, and reads back whole."""
    raw = (bundled_site / "calendar.ics").read_bytes()
    lines = raw.split(b"\r\n")
    assert max(len(line) for line in lines) <= 75
    assert any(line.startswith(b" ") for line in lines), "no line was long enough to fold: test a longer title"
    for line in lines:
        line.decode("utf-8")  # no character split across two lines
    unfolded = raw.replace(b"\r\n ", b"").decode("utf-8")
    for o in site.openings:
        assert f"SUMMARY:【締切】{o.meta.title}（{o.municipality.name}）" in unfolded.replace("\\,", ",")


def test_the_csv_opens_in_excel_and_reads_back(bundled_site, site):
    raw = (bundled_site / "openings.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert [r["ID"] for r in rows] == [o.key for o in site.openings]
    by_id = {r["ID"]: r for r in rows}
    for o in site.openings:
        assert by_id[o.key]["求人"] == o.meta.title
        assert by_id[o.key]["募集締切日"] == o.meta.closes.isoformat()
        assert by_id[o.key]["給与下限（円）"] == (str(o.meta.salary.min) if o.meta.salary else "")


def test_every_page_has_description_canonical_and_open_graph(bundled_site, site):
    for path in bundled_site.rglob("*.html"):
        doc = soup(path)
        assert doc.find("meta", attrs={"name": "description"})["content"].strip(), path
        assert doc.find("meta", property="og:title")["content"].strip(), path
        if path.name != "404.html":
            assert doc.find("link", rel="canonical")["href"].startswith(site.config.base_url), path


def test_the_sitemap_carries_lastmod(bundled_site, site):
    urls = ET.parse(bundled_site / "sitemap.xml").getroot()
    lastmod = {u.find(f"{SITEMAP}loc").text: u.find(f"{SITEMAP}lastmod").text for u in urls}
    assert all(date.fromisoformat(v) for v in lastmod.values())
    joint = next(o for o in site.openings if o.meta.updated)
    assert lastmod[site.config.base_url + joint.url] == joint.meta.updated.isoformat()


def test_direct_apply_follows_the_apply_link(bundled_site, site):
    for opening in (o for o in site.openings if o.status == "open"):
        ld = json.loads(built_page(bundled_site, opening.url).select_one('script[type="application/ld+json"]').string)
        assert ld.get("directApply", False) == (opening.meta.apply_url is not None)


def test_the_accessibility_policy_states_level_scope_and_date(bundled_site):
    text = built_page(bundled_site, "accessibility/").get_text()
    assert "JIS X 8341-3:2016" in text and "AA" in text
    assert "対象範囲" in text
    assert "2026年11月27日(金)" in text


# ---- national scale -----------------------------------------------------------------------------------


def test_long_lists_are_split_into_pages_that_cover_every_opening(tmp_path):
    write_tree(tmp_path / "content", municipalities=40, openings=4, seed=3, today=date(2026, 12, 1))
    out = tmp_path / "out"
    result = pipeline.build(tmp_path / "content", out, date(2026, 12, 1), search_index=False)
    assert result.ok
    listed = {o.url for o in result.site.listed_openings}
    assert len(listed) > 50
    found, pages = set(), [out / "index.html", *sorted((out / "page").glob("*/index.html"))]
    for path in pages:
        cards = soup(path).select(".opening-card .card-title a")
        assert len(cards) <= 50
        found |= {a["href"].lstrip("./").removeprefix("../") for a in cards}
    assert len(pages) > 1
    assert {u.split("municipalities/", 1)[1] for u in found} == {u.split("municipalities/", 1)[1] for u in listed}
    listing = json.loads((out / "search/listing.json").read_text(encoding="utf-8"))
    assert {r["url"] for r in listing["openings"]} == listed


def test_the_pager_leads_from_the_first_list_page_to_every_other_by_a_few_links(tmp_path):
    write_tree(tmp_path / "content", municipalities=100, openings=8, seed=5, today=date(2026, 12, 1))
    out = tmp_path / "out"
    assert pipeline.build(tmp_path / "content", out, date(2026, 12, 1), search_index=False).ok
    list_pages = {"", *(f"page/{p.name}/" for p in (out / "page").iterdir())}
    assert len(list_pages) >= 12, "too few pages for the pager to leave numbers out"
    seen, todo = set(), [""]
    while todo:  # follow the pagers from the first page, as a reader (or a crawler) would
        url = todo.pop()
        seen.add(url)
        pager = built_page(out, url).select_one("nav.pager")
        number = 1 if url == "" else int(url.split("/")[1])
        assert pager.select_one("[aria-current=page]").get_text() == str(number)
        numbers = [int(a.contents[0]) for a in pager.select("a:not([rel])")]
        assert len(numbers) <= 9, f"{url}: a wall of page numbers {numbers}"  # however long the list
        assert sorted(numbers) == numbers and len(numbers) == len(set(numbers))
        assert 1 in numbers + [number] and len(list_pages) in numbers + [number]
        rel = {a["rel"][0]: a["href"] for a in pager.select("a[rel]")}
        assert ("prev" in rel) == (number > 1) and ("next" in rel) == (number < len(list_pages))
        targets = {urljoin(f"/{url}", a["href"]).lstrip("/") for a in pager.select("a")}
        todo += sorted(targets - seen)
    assert seen == list_pages
