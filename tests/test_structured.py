"""JSON-LD for search engines, and content that must never become script."""

import json
from datetime import date

import pytest
from conftest import OPENING, minimal_tree, write_tree

from jointhire import pipeline
from jointhire.markup import to_html
from jointhire.structured import job_posting, script_json


def site_with(tmp_path, opening: str, today=date(2026, 11, 27)):
    files = minimal_tree()
    files["municipalities/higashiyamato/openings/dx.md"] = opening
    result = pipeline.check(write_tree(tmp_path, files), today)
    assert result.ok, [str(d) for d in result.diagnostics]
    return result.site


@pytest.mark.parametrize("employment_type, expected", [
    ("regular", ["FULL_TIME"]),
    ("fixed_term", ["FULL_TIME", "TEMPORARY"]),
    ("part_time", ["PART_TIME"]),
    ("side_job", ["PART_TIME"]),
    ("contract", ["CONTRACTOR"]),
])
def test_employment_types_map_to_google_values(tmp_path, employment_type, expected):
    site = site_with(tmp_path, OPENING.replace("employment_type: regular", f"employment_type: {employment_type}"))
    assert job_posting(site.openings[0], site)["employmentType"] == expected


def test_job_posting_fields(tmp_path):
    site = site_with(tmp_path, OPENING)
    ld = job_posting(site.openings[0], site)
    assert ld["@type"] == "JobPosting"
    assert ld["title"] == "DX推進担当"
    assert ld["datePosted"] == "2026-11-01"
    assert ld["validThrough"] == "2026-12-25T23:59:59+09:00"
    assert ld["hiringOrganization"] == {"@type": "Organization", "name": "東大和市",
                                        "sameAs": "https://www.city.higashiyamato.lg.jp/"}
    assert ld["jobLocation"]["address"] == {"@type": "PostalAddress", "addressCountry": "JP",
                                            "addressRegion": "東京都", "addressLocality": "東大和市"}
    assert ld["baseSalary"] == {"@type": "MonetaryAmount", "currency": "JPY", "value": {
        "@type": "QuantitativeValue", "minValue": 250000, "maxValue": 400000, "unitText": "MONTH"}}
    assert "<h2" in ld["description"] or "<h3" in ld["description"]
    assert "jobLocationType" not in ld  # partial remote inherited from the municipality


def test_fully_remote_posts_are_telecommute_in_japan(tmp_path):
    site = site_with(tmp_path, OPENING.replace("closes:", "remote_work: full\ncloses:"))
    ld = job_posting(site.openings[0], site)
    assert ld["jobLocationType"] == "TELECOMMUTE"
    assert ld["applicantLocationRequirements"] == {"@type": "Country", "name": "Japan"}


def test_hourly_pay_and_no_max(tmp_path):
    site = site_with(tmp_path, OPENING.replace("  max: 400000\n", "").replace("min: 250000", "min: 1500")
                     .replace("unit: month", "unit: hour"))
    value = job_posting(site.openings[0], site)["baseSalary"]["value"]
    assert value == {"@type": "QuantitativeValue", "minValue": 1500, "unitText": "HOUR"}


def test_script_json_cannot_close_the_script_element():
    text = script_json({"title": "</script><script>alert(1)</script>"})
    assert "</" not in text and "<script" not in text
    assert json.loads(text) == {"title": "</script><script>alert(1)</script>"}


@pytest.mark.parametrize("body, forbidden", [
    ("<script>alert(1)</script>", "<script"),
    ('<img src=x onerror="alert(1)">', "onerror"),
    ("[click](javascript:alert(1))", "javascript:"),
    ('<a href="data:text/html,x">x</a>', "data:"),
    ("<iframe src='https://evil.example/'></iframe>", "<iframe"),
    ('<p style="position:fixed">x</p>', "style="),
])
def test_markdown_html_is_sanitised(body, forbidden):
    assert forbidden not in to_html(body)


def test_markdown_keeps_what_authors_need():
    html = to_html("## 仕事\n\n- 一つ目\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n[応募](https://example.jp/)")
    assert "<h3" in html and "<li>一つ目</li>" in html and "<table>" in html
    assert 'href="https://example.jp/"' in html


def test_template_syntax_in_content_is_shown_literally(tmp_path):
    site = site_with(tmp_path, OPENING.replace("title: DX推進担当", "title: '{{ 7*7 }} {% include \"x\" %}'"))
    assert site.openings[0].meta.title == '{{ 7*7 }} {% include "x" %}'
