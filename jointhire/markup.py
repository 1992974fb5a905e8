"""Markdown bodies to safe HTML: Python-Markdown renders, nh3 keeps only an allowlist.

Bodies are written by many hands; nothing in them may run script or load from elsewhere, so
raw HTML and non-web links are dropped and images wait for issue-managed local copies.
"""

from __future__ import annotations

import html
import re

import markdown
import nh3
from markupsafe import Markup

_TAGS = nh3.ALLOWED_TAGS - {"img"}
_URL_SCHEMES = {"https", "http", "mailto"}
_renderer = markdown.Markdown(extensions=["tables", "sane_lists"], output_format="html")
# Bodies sit under the page's own h1: `#` becomes h2, `##` h3, so the page outline stays whole.
_HEADING = re.compile(r"<(/?)h([1-5])\b")


def to_html(text: str) -> Markup:
    """Sanitised HTML of a Markdown body ("" for an empty body), safe to insert into a page."""
    if not text.strip():
        return Markup("")
    _renderer.reset()
    html = _HEADING.sub(lambda m: f"<{m[1]}h{int(m[2]) + 1}", _renderer.convert(text))
    return Markup(nh3.clean(html, tags=_TAGS, url_schemes=_URL_SCHEMES, link_rel="noopener noreferrer"))


_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


def to_text(html_text: str, limit: int | None = None) -> str:
    """Plain text of sanitised HTML, e.g. for a meta description; cut at `limit` characters."""
    text = _SPACE.sub(" ", html.unescape(_TAG.sub(" ", html_text))).strip()
    if limit is not None and len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text
