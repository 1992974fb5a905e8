"""JSON-LD JobPosting for search engines, and JSON that is safe inside a <script> element. Pure."""

from __future__ import annotations

import json

from . import dates, urls
from .model import Opening, Site

# Google's employmentType values for each employment form.
EMPLOYMENT_TYPE_LD = {
    "regular": ["FULL_TIME"],
    "fixed_term": ["FULL_TIME", "TEMPORARY"],
    "part_time": ["PART_TIME"],
    "side_job": ["PART_TIME"],
    "contract": ["CONTRACTOR"],
}
SALARY_UNIT_LD = {"month": "MONTH", "year": "YEAR", "day": "DAY", "hour": "HOUR"}


def job_posting(opening: Opening, site: Site) -> dict:
    """Google's JobPosting structured data for an open opening."""
    meta, home = opening.meta, opening.municipality
    address = {
        "@type": "PostalAddress",
        "addressCountry": "JP",
        "addressRegion": home.prefecture,
        "addressLocality": home.name,
    }
    if meta.location:
        address["streetAddress"] = meta.location
    data: dict = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": meta.title,
        "description": opening.body_html or meta.title,
        "datePosted": (meta.opens or site.today).isoformat(),
        "validThrough": dates.end_of_day(meta.closes).isoformat(),
        "employmentType": EMPLOYMENT_TYPE_LD[meta.employment_type],
        "hiringOrganization": {"@type": "Organization", "name": home.name, "sameAs": home.meta.website},
        "jobLocation": {"@type": "Place", "address": address},
        "identifier": {"@type": "PropertyValue", "name": home.name, "value": opening.key},
        "url": urls.absolute_url(site.config.base_url, opening.url),
    }
    if meta.positions:
        data["totalJobOpenings"] = meta.positions
    if meta.salary:
        value = {"@type": "QuantitativeValue", "minValue": meta.salary.min,
                 "unitText": SALARY_UNIT_LD[meta.salary.unit]}
        if meta.salary.max is not None:
            value["maxValue"] = meta.salary.max
        data["baseSalary"] = {"@type": "MonetaryAmount", "currency": "JPY", "value": value}
    if opening.direct_apply:
        data["directApply"] = True
    if opening.remote_work == "full":
        data["jobLocationType"] = "TELECOMMUTE"
        data["applicantLocationRequirements"] = {"@type": "Country", "name": "Japan"}
    return data


def script_json(data: object) -> str:
    """JSON safe inside <script>: `<`, `>` and `&` escaped so content cannot close the element."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
