"""Shared fixtures: small content trees written from dicts, the bundled site built once, a browser."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import posixpath
import sys
import tempfile
import textwrap
import threading
from datetime import date
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner

from jointhire import pipeline, reference
from jointhire.cli import main

ROOT = Path(__file__).resolve().parent.parent
os.environ["JOINTHIRE_CACHE_DIR"] = tempfile.mkdtemp(prefix="jointhire-test-cache-")
"""Tests never read or fill the user's own cache (~/.cache/jointhire); subprocesses inherit this."""
sys.path.insert(0, str(ROOT / "scripts"))
from serve_static import SiteHandler  # noqa: E402  (the host-like server scripts/lighthouse uses)

TODAY = date(2026, 11, 27)
"""The bundled sample's statuses (open, upcoming, closed) are written relative to this date."""
CHROMIUM = "/usr/bin/chromium"

SITE_YAML = """\
title: テスト合同採用サイト
base_url: https://example.org/test-ict/
notice: テスト用のサンプルです。
"""

MUNICIPALITY = """\
---
name: 東大和市
code: "132233"
website: https://www.city.higashiyamato.lg.jp/
workplace:
  remote_work: partial
  side_jobs: true
---
東大和市で働く魅力。
"""

OPENING = reference.GOOD_OPENING
"""An open opening with monthly pay; tests change one line of it at a time."""

EVENT = """\
---
title: 合同説明会
starts: 2026-12-12T14:00
municipalities:
  - higashiyamato
---
説明会です。
"""


def minimal_tree() -> dict[str, str]:
    """A valid content tree: one municipality, one open opening, one event."""
    return {
        "site.yaml": SITE_YAML,
        "municipalities/higashiyamato/municipality.md": MUNICIPALITY,
        "municipalities/higashiyamato/openings/dx.md": OPENING,
        "events/briefing.md": EVENT,
    }


def write_tree(root: Path, files: dict[str, str | bytes]) -> Path:
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content), encoding="utf-8")
    return root


def run_cli(*args: str):
    """Run the CLI as a user would; returns click's Result (exit_code, stdout, stderr)."""
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def broken_links(out: Path, base_url: str) -> list[str]:
    """Internal links, stylesheets and scripts that resolve to no file, as a browser at `base_url` sees them.

    404.html is checked as if served at a missing deep URL, as a web host serves it.
    """
    base_path = urlsplit(base_url).path
    missing = []
    for path in sorted(out.rglob("*.html")):
        rel = path.relative_to(out).as_posix()
        url = base_url + (rel.removesuffix("index.html") if rel != "404.html" else "some/missing/page")
        doc = soup(path)
        for tag, attr in (("a", "href"), ("link", "href"), ("script", "src")):
            for el in doc.find_all(tag, attrs={attr: True}):
                if el[attr].startswith("#"):  # same page: the target id must exist
                    if not doc.find(id=el[attr][1:]):
                        missing.append(f"{rel}: {el[attr]}")
                    continue
                target = urljoin(url, el[attr])
                if not target.startswith(base_url):
                    continue
                local = posixpath.normpath(urlsplit(target).path[len(base_path):] or ".")
                if not ((out / local).is_file() or (out / local / "index.html").is_file()):
                    missing.append(f"{rel}: {el[attr]}")
    return missing


@pytest.fixture
def tree(tmp_path):
    """Write a content tree from a dict (default: the minimal valid one) and return its root."""

    def make(files: dict[str, str | bytes] | None = None, **changes: str | bytes | None) -> Path:
        content = minimal_tree() if files is None else dict(files)
        for rel, text in changes.items():
            rel = rel.replace("__", "/")
            if text is None:
                content.pop(rel, None)
            else:
                content[rel] = text
        return write_tree(tmp_path / "content", content)

    return make


@pytest.fixture(scope="session")
def site():
    """The bundled content as the model sees it on TODAY: what built pages are checked against."""
    return pipeline.check(ROOT, TODAY).site


def built_page(out: Path, url: str) -> BeautifulSoup:
    """The parsed page that serves site URL `url` (a folder URL such as `events/`)."""
    return soup(out / url / "index.html")


@pytest.fixture(scope="session")
def bundled_site(tmp_path_factory) -> Path:
    """The bundled content, built once for read-only tests."""
    out = tmp_path_factory.mktemp("bundled") / "output"
    result = pipeline.build(ROOT, out, TODAY)
    assert result.ok, "\n".join(map(str, result.diagnostics))
    return out


# ---- browser -----------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def site_url(bundled_site):
    """http://127.0.0.1:PORT/tokyo-ict/ — the bundled site served at its base_url's sub-path."""
    with serving(bundled_site) as url:
        yield url


@contextlib.contextmanager
def serving(out: Path):
    """A built site of the bundled content, served at its base_url's sub-path as a host would."""
    base_path = urlsplit(pipeline.check(ROOT, TODAY).site.config.base_url).path
    handler = type("Handler", (SiteHandler,), {"base_path": base_path})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(out)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{base_path}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (the README's test command does)")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": ["--no-sandbox", "--disable-background-networking", "--disable-component-update"],
    }


@pytest.fixture(scope="session")
def base_url(site_url):
    """pytest-playwright's base URL: relative page.goto() calls land on the bundled site."""
    return site_url

