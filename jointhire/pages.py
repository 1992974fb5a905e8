"""Plan: which files the site has, and what each template is given. Pure functions of the `Site`.

Every page context carries `page` (its URL, title, description, canonical URL, last change);
the rest is the model objects the template shows, already chosen and ordered here, so
templates only lay them out. Long lists are split into pages so that no HTML page grows with
the number of municipalities beyond a fixed size.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import NamedTuple

from markupsafe import escape
from pydantic import BaseModel

from . import glossary, markup, pay, search, urls
from .display import STATUS_LABELS, annual_text, period_text, remote_work_text, salary_text
from .exports import (
    calendar,
    closing_day,
    csv_row,
    event_calendar,
    json_text,
    opening_record,
    openings_csv,
    openings_json,
)
from .model import Event, Municipality, Opening, Site
from .schema import EMPLOYMENT_TYPES, REMOTE_WORK
from .structured import job_posting, script_json

DESCRIPTION_LENGTH = 120
OPENINGS_PER_PAGE = 50
ROWS_PER_COMPARE_PAGE = 100
SIMILAR = 3
FEED_ENTRIES = 50
"""Newest open openings per feed: feed readers poll for what is new, and a feed of all 11,000
open openings of a national site would be 40 MB that changes on every edit."""


class LazyText:
    """Text worked out when a template first prints it. A page's description comes from its
    rendered Markdown body, so this lets the rendering workers, not the planner, do that work.
    `basis` is what the text is made from (for `input_keys`)."""

    __slots__ = ("_make", "_text", "basis")

    def __init__(self, make: Callable[[], str], basis: object) -> None:
        self._make, self._text, self.basis = make, None, basis

    def __str__(self) -> str:
        if self._text is None:
            self._text = self._make()
        return self._text

    def __html__(self) -> str:
        return str(escape(str(self)))


class LazyScript(LazyText):
    """Script content made safe by `structured.script_json`, worked out in the rendering worker."""

    __slots__ = ()

    def __html__(self) -> str:
        return str(self)


def _description(owner: Municipality | Opening | Event, html: str, fallback: str) -> LazyText:
    """The page's description: the start of `owner`'s rendered Markdown (its attribute `html`)."""
    return LazyText(functools.partial(_summary, owner, html, fallback), (owner, fallback))


def _summary(owner: Municipality | Opening | Event, html: str, fallback: str) -> str:
    return markup.to_text(getattr(owner, html), DESCRIPTION_LENGTH) or fallback


@dataclass(eq=False, slots=True)
class PageSpec:
    """A file to render: `url` (relative to the site root), its template, what it is made from,
    and how to make the template's data (only for pages that are rendered: most rebuilds render
    few of the 19,000 pages of a national site)."""

    url: str
    template: str
    inputs: object
    """Everything the page shows apart from the site's settings and the build date, so that
    equal inputs mean equal bytes (see `input_keys`); `make` may use nothing else."""
    make: Callable[[], dict] = field(repr=False)
    """A `functools.partial` of a function of this module, not a closure: a plan is saved for the
    next build (`pipeline._keep`), and pickle cannot save a closure."""
    source: str = ""
    """The content file it comes from, for messages."""
    lastmod: date | None = None
    indexable: bool = True

    @property
    def context(self) -> dict:
        return self.make()


@dataclass(frozen=True)
class DataFile:
    """A file whose bytes need no template (openings.json, openings.csv, calendars)."""

    url: str
    data: bytes


def plan(site: Site) -> list[PageSpec]:
    """Every page of the site (and every other file made with a template)."""
    cfg = site.config
    listed = site.listed_openings
    specs = _paginated(site, listed, OPENINGS_PER_PAGE, urls.HOME, "index.html", cfg.title,
                       cfg.description or cfg.title,
                       open_count=sum(o.status == "open" for o in site.openings),
                       upcoming_count=sum(o.status == "upcoming" for o in site.openings),
                       facets=_facets(site), pay_assumption=pay.ASSUMPTION,
                       search_bundles=list(search.shards(site.openings)))
    specs += [
        _page(site, urls.MUNICIPALITIES, "municipalities.html", "参加自治体",
              f"{cfg.title}に参加する{len(site.municipalities)}の自治体と、働く環境・募集中の求人。",
              by_prefecture=_by_prefecture(site.municipalities),
              open_counts={m.slug: len(m.open_openings) for m in site.municipalities},
              show_taglines=len(site.municipalities) <= 200),
        _page(site, urls.EVENTS, "events.html", "合同説明会・イベント",
              f"{cfg.title}の合同説明会・職場見学会などのイベント。",
              upcoming=[e for e in site.events if not e.is_past], past=[e for e in site.events if e.is_past]),
        _page(site, urls.GLOSSARY, "glossary.html", "用語集",
              "任期付職員・会計年度任用職員・共同任用など、自治体の求人に出てくる用語の解説。", terms=glossary.TERMS),
        _page(site, urls.ACCESSIBILITY, "accessibility.html", "ウェブアクセシビリティ方針",
              f"{cfg.title}のウェブアクセシビリティ方針（JIS X 8341-3:2016 適合レベル AA を目標）。",
              policy=glossary.ACCESSIBILITY_POLICY),
    ]
    specs += _paginated(site, [_comparison_row(m) for m in site.municipalities], ROWS_PER_COMPARE_PAGE,
                        urls.COMPARE, "compare.html", "働く環境の比較",
                        "参加自治体のテレワーク・フレックス・副業・研修と職員満足度を並べて比べられます。")
    similar = _similar_openings(site)
    specs += [_municipality_page(site, m) for m in site.municipalities]
    specs += [_opening_page(site, o, similar.get(o.key, [])) for o in site.openings]
    specs += [
        _page(site, e.url, "event.html", e.meta.title,
              _description(e, "body_html", e.meta.title), source=e.source, event=e,
              calendar_url=urls.event_calendar_url(e.slug))
        for e in site.events
    ]
    not_found = _page(site, urls.NOT_FOUND, "404.html", "ページが見つかりません",
                      "お探しのページは見つかりませんでした。", indexable=False)
    not_found.context["page"]["url"] = None  # served at any depth: links start from the root path
    specs.append(not_found)
    specs += _feeds(site)
    html_pages = [s for s in specs if s.template.endswith(".html") and s.indexable]
    specs += [
        _file(urls.SITEMAP, "sitemap.xml", {"site": site, "pages": [(s.url, s.lastmod) for s in html_pages]},
              inputs="\n".join(f"{s.url} {s.lastmod}" for s in html_pages)),
        _file(urls.ROBOTS, "robots.txt", {"site": site}),
    ]
    return specs


def make_texts(site: Site, texts: dict[str, OpeningTexts]) -> None:
    """Add to `texts` each opening's `OpeningTexts` that it lacks (all 17,000 in a cold national
    build: about 1 s, worth doing while the pages render). `texts` holds them by opening fingerprint,
    made by an earlier build with the same settings, date and code."""
    for o in site.openings:
        if o.fingerprint not in texts:
            texts[o.fingerprint] = opening_texts(o, site)


def data_files(site: Site, texts: dict[str, OpeningTexts]) -> list[DataFile]:
    """The files made without a template: openings.json and .csv, the filter's listing, the
    calendars, joined from each opening's `texts` (which `make_texts` has completed)."""
    cfg = site.config
    listed = site.listed_openings
    each = [texts[o.fingerprint] for o in site.openings]
    records, rows, _, closing_days = zip(*each, strict=True) if each else ((), (), (), ())
    data = [
        DataFile(urls.OPENINGS_JSON, openings_json(site, records)),
        DataFile(urls.OPENINGS_CSV, openings_csv(rows)),
        DataFile(urls.LISTING, listing_json(site, [texts[o.fingerprint].listing for o in listed])),
        DataFile(urls.CALENDAR, calendar(site, closing_days, list(site.events), f"{cfg.title}：締切日とイベント")),
    ]
    data += [DataFile(urls.event_calendar_url(e.slug), event_calendar(site, e)) for e in site.events]
    return data


def _page(site: Site, url: str, template: str, title: str, description: str, *, source: str = "",
          indexable: bool = True, lastmod: date | None = None, **context) -> PageSpec:
    """A page whose data is made now; its inputs are that data itself."""
    made = _context(site, url, title, description, indexable=indexable, lastmod=lastmod, **context)
    return PageSpec(url, template, made, functools.partial(_given, made), source, lastmod, indexable)


def _file(url: str, template: str, context: dict, inputs: object = None) -> PageSpec:
    """A file that is not a page (feed, sitemap); `inputs` stands for `context` where walking it would be slow."""
    return PageSpec(url, template, context if inputs is None else inputs, functools.partial(_given, context),
                    indexable=False)


def _given(context: dict) -> dict:
    return context


def _context(site: Site, url: str, title: str, description: str, *, indexable: bool = True,
             lastmod: date | None = None, **context) -> dict:
    page = {
        "url": url,
        "title": title,
        "description": description,
        "canonical": site.config.base_url + url,
        "indexable": indexable,
        "lastmod": lastmod,
    }
    return {"site": site, "page": page, **context}


def _paginated(site: Site, items: list, per_page: int, first_url: str, template: str, title: str,
               description: str, **context) -> list[PageSpec]:
    """`first_url` holds the first `per_page` items, `first_url + page/N/` the rest."""
    chunks = [items[i:i + per_page] for i in range(0, len(items), per_page)] or [[]]
    page_urls = [first_url] + [urls.page_url(first_url, n) for n in range(2, len(chunks) + 1)]
    specs = []
    for n, (url, chunk) in enumerate(zip(page_urls, chunks, strict=True), start=1):
        suffix = f"（{n}/{len(chunks)}ページ）" if n > 1 else ""
        pagination = {"number": n, "count": len(chunks), "first_index": (n - 1) * per_page, "total": len(items),
                      **_pager(n, page_urls)}
        specs.append(_page(site, url, template, title + suffix, description, items=chunk,
                           pagination=pagination, **context))
    return specs


PAGER_REACH = 2
"""The pager links the pages this many steps either side of the current one, plus the first and
last: a national list has 270 pages, and a link to each on every one of them was half of the
list's rendering time (3.7 ms a page) and a wall of numbers to tab through."""


def _pager(number: int, page_urls: list[str]) -> dict:
    """The pager of page `number` (from 1): previous and next, and the page numbers it shows
    as (number, url), with None where numbers are left out."""
    count = len(page_urls)
    shown = sorted({1, count, *range(max(1, number - PAGER_REACH), min(count, number + PAGER_REACH) + 1)})
    pages: list[tuple[int, str] | None] = []
    for before, k in zip([0, *shown], shown, strict=False):
        if k - before == 2:  # one number left out: show it rather than "…"
            pages.append((k - 1, page_urls[k - 2]))
        elif k - before > 2:
            pages.append(None)
        pages.append((k, page_urls[k - 1]))
    return {"pages": pages, "previous": page_urls[number - 2] if number > 1 else None,
            "next": page_urls[number] if number < count else None}


def _by_prefecture(municipalities) -> list[tuple[str, list[Municipality]]]:
    groups: dict[str, list[Municipality]] = defaultdict(list)
    for m in municipalities:  # already in code order, so prefectures come in JIS order
        groups[m.prefecture].append(m)
    return list(groups.items())


def _comparison_row(m: Municipality) -> dict:
    survey = m.meta.survey
    share = None
    if survey:
        share = round(100 * sum(r.score for r in survey.results) / (len(survey.results) * survey.scale))
    return {"municipality": m, "workplace": m.meta.workplace, "survey_share": share,
            "open_count": len(m.open_openings)}


def _similar_openings(site: Site) -> dict[str, list[Opening]]:
    """For each closed opening, up to three open ones of the same form, same prefecture first."""
    by_type: dict[str, list[Opening]] = defaultdict(list)
    by_type_and_prefecture: dict[tuple[str, str], list[Opening]] = defaultdict(list)
    for o in site.openings:
        if o.status == "open":
            kind = o.meta.employment_type
            if len(by_type[kind]) < SIMILAR:
                by_type[kind].append(o)
            near = by_type_and_prefecture[kind, o.municipality.prefecture]
            if len(near) < SIMILAR:
                near.append(o)
    similar = {}
    for o in site.openings:
        if o.status == "closed":
            kind = o.meta.employment_type
            picks = by_type_and_prefecture.get((kind, o.municipality.prefecture), [])
            picks += [x for x in by_type.get(kind, []) if x not in picks]
            similar[o.key] = picks[:SIMILAR]
    return similar


def _municipality_page(site: Site, m: Municipality) -> PageSpec:
    changed = [d for d in (m.meta.updated, *(o.last_modified for o in m.openings)) if d]
    lastmod = max(changed, default=None)
    return PageSpec(m.url, "municipality.html", (m, tuple(m.openings), tuple(m.events)),
                    functools.partial(_municipality_context, site, m, lastmod), m.source, lastmod)


def _municipality_context(site: Site, m: Municipality, lastmod: date | None) -> dict:
    description = m.meta.tagline or _description(m, "appeal_html", m.name)
    return _context(site, m.url, f"{m.name}のICT職", description, lastmod=lastmod, municipality=m,
                    current=[o for o in m.openings if o.status != "closed"],
                    feed_url=urls.municipality_feed_url(m.slug),
                    closed=[o for o in m.openings if o.status == "closed"],
                    upcoming_events=[e for e in m.events if not e.is_past])


def _opening_page(site: Site, o: Opening, similar: list[Opening]) -> PageSpec:
    return PageSpec(o.url, "opening.html", (o, tuple(similar)), functools.partial(_opening_context, site, o, similar),
                    o.source, o.last_modified)


def _opening_context(site: Site, o: Opening, similar: list[Opening]) -> dict:
    description = _description(o, "body_html", o.meta.title)
    ld = LazyScript(lambda: script_json(job_posting(o, site)), o) if o.status == "open" else None
    return _context(site, o.url, f"{o.meta.title}｜{o.municipality.name}", description,
                    lastmod=o.last_modified, opening=o, job_posting=ld, similar=similar,
                    terms=glossary.BY_EMPLOYMENT_TYPE, pay_assumption=pay.ASSUMPTION)


def _feeds(site: Site) -> list[PageSpec]:
    """Atom feeds of the newest open openings: of all, of each municipality, of each employment form."""
    open_now = sorted((o for o in site.openings if o.status == "open"),
                      key=lambda o: (o.meta.opens or site.today, o.key), reverse=True)  # newest first
    title = site.config.title

    def feed(url: str, name: str, openings: list[Opening]) -> PageSpec:
        return _file(url, "feed.xml", {"site": site, "feed": {"url": url, "title": name},
                                       "openings": openings[:FEED_ENTRIES]})

    feeds = [feed(urls.FEED, f"{title}：募集中の求人", open_now)]
    by_member = defaultdict(list)
    for o in open_now:
        for m in o.members:
            by_member[m.slug].append(o)
    feeds += [feed(urls.municipality_feed_url(m.slug), f"{m.name}の募集中の求人（{title}）", by_member[m.slug])
              for m in site.municipalities]
    by_type = defaultdict(list)
    for o in open_now:
        by_type[o.meta.employment_type].append(o)
    feeds += [feed(urls.employment_type_feed_url(code), f"{label}の募集中の求人（{title}）", by_type[code])
              for code, label in EMPLOYMENT_TYPES.items()]
    return feeds


def _facets(site: Site) -> dict:
    """The choices the filter form offers, built from what the content has."""
    return {
        "prefectures": sorted({m.prefecture for m in site.municipalities},
                              key=lambda p: min(m.meta.code for m in site.municipalities if m.prefecture == p)),
        "municipalities": site.municipalities,
        "employment_types": EMPLOYMENT_TYPES,
        "remote_work": REMOTE_WORK,
    }


class OpeningTexts(NamedTuple):
    """An opening's part of openings.json, openings.csv, search/listing.json and calendar.ics, in
    UTF-8 as the files hold them. They depend on nothing but the opening's `fingerprint` and the
    site's settings and date, so a rebuild takes them from the previous build for every opening
    that did not change (kept as bytes, they load and join without decoding or encoding 38 MB)."""

    record: bytes
    csv: bytes
    listing: bytes
    closing_day: bytes


def opening_texts(o: Opening, site: Site) -> OpeningTexts:
    record = opening_record(o, site)
    return OpeningTexts(json_text(record).encode("utf-8"), csv_row(o, record).encode("utf-8"),
                        listing_record(o, site).encode("utf-8"), closing_day(o, site).encode("utf-8"))


def listing_record(o: Opening, site: Site) -> str:
    """One opening as the filter script needs it."""
    annual = o.annual_pay
    return json.dumps({
        "url": o.url, "title": o.meta.title, "municipality": o.municipality.slug,
        "members": [m.slug for m in o.members], "type": o.meta.employment_type, "remote": o.remote_work or "",
        "side_jobs": o.side_jobs, "annual_min": annual[0] if annual else None,
        "annual_max": annual[1] if annual else None,
        "salary": salary_text(o.meta.salary) if o.meta.salary else "",
        "annual": annual_text(annual) if annual else "",
        "opens": o.meta.opens.isoformat() if o.meta.opens else None, "closes": o.meta.closes.isoformat(),
        "status": o.status, "period": period_text(o, site.today),
    }, ensure_ascii=False, separators=(",", ":"))


def listing_json(site: Site, records: list[bytes]) -> bytes:
    """What the filter script loads on demand: one compact record per listed opening (`listing_record`).

    Labels and municipality names are sent once, in lookup tables; display strings that need
    Japanese formatting come ready-made from `display`, so the script formats nothing itself.
    """
    document = {
        "date": site.today.isoformat(),
        "labels": {"type": EMPLOYMENT_TYPES, "remote": {**REMOTE_WORK, "": remote_work_text(None)},
                   "status": STATUS_LABELS},
        "municipalities": {m.slug: {"name": m.name, "prefecture": m.prefecture} for m in site.municipalities},
    }
    head = json.dumps(document, ensure_ascii=False, separators=(",", ":"))[:-1]
    return (head + ',"openings":[').encode("utf-8") + b",".join(records) + b"]}"


# ---- what each page is made from ------------------------------------------------------------


def input_keys(specs: list[PageSpec], site: Site, code: str) -> dict[str, str]:
    """For each page, one digest of everything it is rendered from: equal keys, equal bytes.

    `code` covers the templates and this program; the site's settings and the build date count
    for every page. The rest comes from the page's `inputs`, where each municipality, opening and
    event stands for its digest (`Opening.fingerprint`): so a page's inputs must hold all its
    template shows, and a template may not reach from one object to others it was not given
    (`m.openings` in a template would go unseen here; pass the list in the context instead).
    """
    common = common_key(site, code) + "|"
    memo: dict[int, str] = {}
    return {spec.url: _hash(common + spec.template + "|" + _token(spec.inputs, memo)) for spec in specs}


def pages_showing(specs: list[PageSpec]) -> dict[str, list[int]]:
    """Where each opening shows: its `key` → the indexes of the specs whose inputs hold it. When
    only some openings' contents change, these are the only pages whose keys can change."""
    showing: dict[str, list[int]] = defaultdict(list)
    for index, spec in enumerate(specs):
        for opening in _openings_in(spec.inputs, set()):
            showing[opening].append(index)
    return showing


def _openings_in(value, found: set[str]) -> set[str]:
    """The keys of the openings in page inputs, looked for where `_token` looks."""
    kind = type(value)
    if kind is Opening:
        found.add(value.key)
    elif kind is list or kind is tuple:
        for item in value:
            _openings_in(item, found)
    elif kind is dict:
        for item in value.values():
            _openings_in(item, found)
    elif isinstance(value, LazyText):
        _openings_in(value.basis, found)
    return found


def common_key(site: Site, code: str) -> str:
    """What every page and `OpeningTexts` depends on: the code, the site's settings, the date."""
    return f"{code}|{site.config.model_dump_json()}|{site.today}"


def _token(value, memo: dict[int, str]) -> str:
    kind = type(value)
    if kind in _FINGERPRINTED:
        return value.fingerprint
    if kind is str or kind in _PLAIN:
        return repr(value)
    if kind is list or kind is tuple or kind is dict:
        known = memo.get(id(value))
        if known is None:
            if kind is dict:
                parts = [f"{_token(k, memo)}={_token(v, memo)}" for k, v in value.items()]
            else:  # mostly lists of openings: those without a call each
                parts = [item.fingerprint if type(item) in _FINGERPRINTED else _token(item, memo) for item in value]
            known = "[" + ",".join(parts) + "]"
            if len(known) > 64:
                known = _hash(known)
            memo[id(value)] = known
        return known
    if isinstance(value, str):  # Markup
        return repr(value)
    if isinstance(value, LazyText):
        return kind.__name__ + _token(value.basis, memo)
    if kind is Site:
        return "site"  # only its settings and date, which `common` holds
    if kind is glossary.Term:
        return repr(value)
    if isinstance(value, BaseModel):  # part of a file, e.g. a municipality's workplace
        return value.model_dump_json()
    raise TypeError(f"input_keys: no rule for a {kind.__name__} in a page context")


_PLAIN = {type(None), bool, int, float, date, datetime}
_FINGERPRINTED = {Opening, Event, Municipality}


def digest_of(lines) -> str:
    return _hash("\n".join(lines))


def _hash(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
