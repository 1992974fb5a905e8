"""Markdown bodies to safe HTML: cmark-gfm renders, nh3 keeps only an allowlist.

cmark-gfm is GitHub's own Markdown, so a body looks the same in a pull request's preview as on
the site, and it is about 20 times faster than Python-Markdown (0.04 ms against 0.8 ms a body
here, which is most of a national build). Bodies are written by many hands; nothing in them may
run script or load from elsewhere, so nh3 drops raw HTML outside its allowlist, non-web links
and images.
"""

from __future__ import annotations

import html
import re

import cmarkgfm
import nh3
from cmarkgfm.cmark import Options
from markupsafe import Markup

_TAGS = nh3.ALLOWED_TAGS - {"img"}
_URL_SCHEMES = {"https", "http", "mailto"}
# UNSAFE only means "pass raw HTML on": nh3 decides what of it survives, one allowlist for all.
_OPTIONS = Options.CMARK_OPT_UNSAFE
# Built once: nh3.clean would build the same sanitiser again for every body (a third of its time).
_SANITISER = nh3.Cleaner(tags=_TAGS, url_schemes=_URL_SCHEMES, link_rel="noopener noreferrer")
# Bodies sit under the page's own h1: `#` becomes h2, `##` h3, so the page outline stays whole.
_HEADING = re.compile(r"<(/?)h([1-5])\b")


def to_html(text: str) -> Markup:
    """Sanitised HTML of a Markdown body ("" for an empty body), safe to insert into a page."""
    if not text.strip():
        return Markup("")
    rendered = cmarkgfm.github_flavored_markdown_to_html(text, options=_OPTIONS)
    html = _HEADING.sub(lambda m: f"<{m[1]}h{int(m[2]) + 1}", rendered)
    return Markup(_SANITISER.clean(html))


_RAW_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)([^<>]*)>")
_ATTRIBUTE = re.compile(r"""([^\s=/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?""")
_FENCE = re.compile(r"^\s*(```|~~~)")
_CODE_SPAN = re.compile(r"`[^`]*`")
_URL_ATTRIBUTES = {"href", "src", "cite"}


def dropped_html(text: str) -> list[tuple[int, str]]:
    """Raw HTML in a Markdown body that the sanitiser will remove: (0-based line, the tag).

    Authors are told, rather than left wondering why something vanished. Code spans and fenced
    code blocks are skipped: there, `<script>` is text and is shown as such.
    """
    found, in_fence = [], False
    if "<" not in text:  # most bodies: nothing to look at
        return found
    for number, line in enumerate(text.split("\n")):
        if _FENCE.match(line):
            in_fence = not in_fence
            continue
        if in_fence or line.startswith(("    ", "\t")):
            continue
        for m in _RAW_TAG.finditer(_CODE_SPAN.sub("", line)):
            if not m[1] and _is_dropped(m[2].lower(), m[3]):
                found.append((number, m[0] if len(m[0]) <= 60 else m[0][:59] + "…"))
    return found


def _is_dropped(tag: str, attributes: str) -> bool:
    if tag not in _TAGS:
        return True
    allowed = nh3.ALLOWED_ATTRIBUTES.get(tag, set()) | {"title", "lang"}
    for m in _ATTRIBUTE.finditer(attributes.strip().rstrip("/")):
        name, value = m[1].lower(), next((v for v in m.groups()[1:] if v is not None), "")
        if name not in allowed:
            return True
        if name in _URL_ATTRIBUTES and ":" in value.split("/")[0] and value.split(":")[0].lower() not in _URL_SCHEMES:
            return True
    return False


_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


def to_text(html_text: str, limit: int | None = None) -> str:
    """Plain text of sanitised HTML, e.g. for a meta description; cut at `limit` characters."""
    text = _SPACE.sub(" ", html.unescape(_TAG.sub(" ", html_text))).strip()
    if limit is not None and len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text
