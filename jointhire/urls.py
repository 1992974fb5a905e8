"""The output routes, in one place. A URL here is relative to the site root, e.g. `events/`.

Pages link to each other with relative URLs, so the site works under any sub-path of
`base_url` (and from a local preview); only 404.html, served at any depth, links from the
site's root path. Feeds, sitemaps and structured data use absolute URLs.
"""

from __future__ import annotations

import posixpath
from urllib.parse import urlsplit

HOME = ""
MUNICIPALITIES = "municipalities/"
EVENTS = "events/"
NOT_FOUND = "404.html"
FEED = "feed.xml"
OPENINGS_JSON = "openings.json"
SITEMAP = "sitemap.xml"
ROBOTS = "robots.txt"
OPENINGS_CSV = "openings.csv"
LISTING = "search/listing.json"
CALENDAR = "calendar.ics"
GLOSSARY = "glossary/"
ACCESSIBILITY = "accessibility/"
COMPARE = "compare/"


def municipality_url(slug: str) -> str:
    return f"municipalities/{slug}/"


def opening_url(municipality: str, slug: str) -> str:
    return f"municipalities/{municipality}/openings/{slug}/"


def event_url(slug: str) -> str:
    return f"events/{slug}/"


def event_calendar_url(slug: str) -> str:
    return f"events/{slug}/event.ics"


def municipality_feed_url(slug: str) -> str:
    return f"municipalities/{slug}/feed.xml"


def employment_type_feed_url(code: str) -> str:
    return f"feeds/{code}.xml"


def page_url(first: str, number: int) -> str:
    """Page `number` (2, 3, ...) of a list that starts at `first`, e.g. `compare/page/2/`."""
    return f"{first}page/{number}/"


def output_path(url: str) -> str:
    """The file that serves `url`: a folder URL is served by its index.html."""
    return url + "index.html" if url == "" or url.endswith("/") else url


def absolute_url(base_url: str, url: str) -> str:
    return base_url + url


def _relpath(path: str, start: str) -> str:
    """`posixpath.relpath` for the site's own clean URLs, five times faster: pages have about
    thirty links each, and this was a third of rendering time."""
    if "/." in path or "/." in start:  # "." or ".." segments: let posixpath normalise them
        return posixpath.relpath(path, start)
    to, here = [p for p in path.split("/") if p], [p for p in start.split("/") if p]
    common = 0
    for a, b in zip(to, here, strict=False):  # stop at the shorter
        if a != b:
            break
        common += 1
    return "/".join([".."] * (len(here) - common) + to[common:]) or "."


def root_path(base_url: str, url: str) -> str:
    """`url` as a path from the server's root, e.g. `/tokyo-ict/events/`."""
    return urlsplit(base_url).path + url


def relative_url(from_url: str, to_url: str) -> str:
    """A link from the page at `from_url` to `to_url`, e.g. `../../events/`."""
    from_dir = from_url if from_url.endswith("/") or from_url == "" else posixpath.dirname(from_url) + "/"
    target = "/" + to_url
    rel = _relpath(target, "/" + from_dir) if target != "/" + from_dir else "."
    if rel == ".":
        return "./"
    is_folder = to_url == "" or to_url.endswith("/")
    return rel + "/" if is_folder and not rel.endswith("/") else rel
