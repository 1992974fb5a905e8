"""Plan: which files the site has, and what each template is given. Pure functions of the `Site`.

Every page context carries `page` (its URL, title, description, canonical URL); the rest is
the model objects the template shows, already chosen and ordered here, so templates only lay
them out.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import markup, urls
from .model import Municipality, Opening, Site
from .structured import job_posting, openings_json, script_json

DESCRIPTION_LENGTH = 120


@dataclass(frozen=True)
class PageSpec:
    """A file to render: `url` (relative to the site root), its template and the template's data."""

    url: str
    template: str
    context: dict = field(hash=False)
    source: str = ""
    """The content file it comes from, for messages."""


@dataclass(frozen=True)
class DataFile:
    """A file whose bytes need no template (openings.json)."""

    url: str
    data: bytes


def plan(site: Site) -> tuple[list[PageSpec], list[DataFile]]:
    cfg = site.config
    specs = [
        _page(site, urls.HOME, "index.html", cfg.title, cfg.description or cfg.title,
              openings=site.listed_openings,
              open_count=sum(o.status == "open" for o in site.openings),
              upcoming_count=sum(o.status == "upcoming" for o in site.openings)),
        _page(site, urls.MUNICIPALITIES, "municipalities.html", "参加自治体",
              f"{cfg.title}に参加する{len(site.municipalities)}の自治体と、働く環境・募集中の求人。",
              municipalities=site.municipalities),
        _page(site, urls.EVENTS, "events.html", "合同説明会・イベント",
              f"{cfg.title}の合同説明会・職場見学会などのイベント。",
              upcoming=[e for e in site.events if not e.is_past],
              past=[e for e in site.events if e.is_past]),
    ]
    specs += [_municipality_page(site, m) for m in site.municipalities]
    specs += [_opening_page(site, o) for o in site.openings]
    specs += [
        _page(site, e.url, "event.html", e.meta.title,
              markup.to_text(e.body_html, DESCRIPTION_LENGTH) or e.meta.title, source=e.source, event=e)
        for e in site.events
    ]
    not_found = _page(site, urls.NOT_FOUND, "404.html", "ページが見つかりません",
                      "お探しのページは見つかりませんでした。", indexable=False)
    not_found.context["page"]["url"] = None  # served at any depth: links start from the root path
    specs.append(not_found)

    html_pages = [s for s in specs if s.context["page"]["indexable"]]
    specs += [
        PageSpec(urls.FEED, "feed.xml", {"site": site, "openings": [o for o in site.openings
                                                                      if o.status == "open"]}),
        PageSpec(urls.SITEMAP, "sitemap.xml", {"site": site, "pages": [s.url for s in html_pages]}),
        PageSpec(urls.ROBOTS, "robots.txt", {"site": site}),
    ]
    return specs, [DataFile(urls.OPENINGS_JSON, openings_json(site))]


def _page(site: Site, url: str, template: str, title: str, description: str, *,
          source: str = "", indexable: bool = True, **context) -> PageSpec:
    page = {
        "url": url,
        "title": title,
        "description": description,
        "canonical": site.config.base_url + url,
        "indexable": indexable,
    }
    return PageSpec(url, template, {"site": site, "page": page, **context}, source)


def _municipality_page(site: Site, m: Municipality) -> PageSpec:
    description = m.meta.tagline or markup.to_text(m.appeal_html, DESCRIPTION_LENGTH) or m.name
    current = [o for o in m.openings if o.status != "closed"]
    return _page(site, m.url, "municipality.html", f"{m.name}のICT職", description, source=m.source,
                 municipality=m, current=current, closed=[o for o in m.openings if o.status == "closed"],
                 upcoming_events=[e for e in m.events if not e.is_past])


def _opening_page(site: Site, o: Opening) -> PageSpec:
    description = markup.to_text(o.body_html, DESCRIPTION_LENGTH) or o.meta.title
    ld = script_json(job_posting(o, site)) if o.status == "open" else None
    return _page(site, o.url, "opening.html", f"{o.meta.title}｜{o.municipality.name}", description,
                 source=o.source, opening=o, job_posting=ld)
