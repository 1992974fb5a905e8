"""An author previews their edits: each save rebuilds, the open page reloads, mistakes show on the page.

The server runs in-process (`PreviewServer`) and most tests call `rebuild()` themselves, so they
wait for nothing but the page's own polling; one test goes through the real file watcher.
"""

from __future__ import annotations

import json
import socket
import threading
import time
import urllib.error
import urllib.request

import pytest
from click.testing import CliRunner
from conftest import OPENING, TODAY
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, expect

from jointhire import pipeline
from jointhire.serve import SCRIPT_URL, PreviewServer, serve_command

DX = "municipalities/higashiyamato/openings/dx.md"
BROKEN = OPENING.replace("closes: 2026-12-25", "closes: 2026-13-01")
CSP = "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self'"
"""The policy the published site will send: the preview must work under it."""


@pytest.fixture(scope="session")
def base_url():
    """No base URL: these tests start their own servers, so the bundled site need not be built for them."""
    return None


class Preview(PreviewServer):
    """A preview on a free port whose console lines are kept for the test."""

    def __init__(self, source):
        self.printed: list[str] = []
        super().__init__(source, TODAY, port=0, echo=lambda line, err=False: self.printed.append(line))

    def get(self, path: str = "") -> tuple[int, str, dict]:
        """GET a path of the site (or of the server, when it starts with /); follows redirects."""
        url = self.url + path.lstrip("/") if path.startswith("/") else self.site_url + path
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.status, response.read().decode(), dict(response.headers)
        except urllib.error.HTTPError as failed:
            return failed.code, failed.read().decode(), dict(failed.headers)

    @property
    def site_url(self) -> str:
        return self.url + self.snapshot().base_path.lstrip("/")

    def state(self) -> dict:
        return json.loads(self.get("/__jointhire/state")[1])


@pytest.fixture
def start_preview(tree):
    """Start a preview of `tree(**changes)`; it stops after the test (and after its browser page closes)."""
    started = []

    def start(watch: bool = False, **changes) -> Preview:
        server = Preview(tree(**changes))
        started.append(server)
        server.start(watch=watch)
        return server

    yield start
    for server in started:
        server.stop()


@pytest.fixture
def preview(start_preview) -> Preview:
    return start_preview()


@pytest.fixture
def csp_page(page: Page) -> Page:
    """The browser page, with every response carrying the site's Content-Security-Policy; CSP reports fail the test."""

    def with_csp(route):
        try:
            response = route.fetch()
        except PlaywrightError:  # the server stopped while the page was still polling
            return route.abort()
        route.fulfill(response=response, headers={**response.headers, "content-security-policy": CSP})

    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    page.route("**/*", with_csp)
    yield page
    page.unroute_all(behavior="ignoreErrors")  # a poll may still be in flight as the test ends
    assert violations == []


def opening_url(preview: Preview) -> str:
    site = pipeline.check(preview.source, TODAY).site
    return preview.site_url + site.openings[0].url


def edit(preview: Preview, rel: str, text: str) -> None:
    (preview.source / rel).write_text(text, encoding="utf-8")


def test_the_preview_serves_the_site_under_its_base_path_with_the_reload_script(preview):
    status, html, _ = preview.get("/")  # redirected to /test-ict/
    assert status == 200
    assert "<h1" in html and "DX推進担当" in html
    assert f'<script src="{SCRIPT_URL}" data-version="1" defer></script>\n</head>' in html
    assert preview.printed == [preview.printed[0], f"プレビュー: {preview.url} をブラウザで開いてください（Ctrl+C で終了）。"
                               f" (previewing at {preview.url}; press Ctrl+C to stop)"]
    assert preview.printed[0].startswith("ビルド完了: ")
    assert preview.get("assets/style.css")[0] == 200
    assert preview.get("/__jointhire/reload.js")[2]["Content-Type"] == "text/javascript; charset=utf-8"
    assert preview.state() == {"version": 1, "errors": []}


def test_a_missing_page_gets_the_sites_404_page_with_the_reload_script(preview):
    status, html, _ = preview.get("no/such/page/")
    assert (status, "ページが見つかりません" in html, SCRIPT_URL in html) == (404, True, True)
    assert preview.get("/elsewhere/")[0] == 404


def test_the_preview_never_writes_into_the_content_folder_and_cleans_up_after_itself(tree):
    source = tree()
    before = sorted(p.relative_to(source) for p in source.rglob("*"))
    server = Preview(source)
    server.start(watch=False)
    edit(server, DX, BROKEN)
    assert not server.rebuild()
    edit(server, DX, OPENING)
    assert server.rebuild()
    workdir = server.workdir
    assert workdir.is_dir() and not workdir.is_relative_to(source)
    assert {p.name for p in workdir.iterdir()} == {"site", ".site.jointhire", ".site.lock"}, \
        "one site (with its spare copy and lock), updated in place: no pile of old builds"
    server.stop()
    assert not (source / "output").exists()
    assert sorted(p.relative_to(source) for p in source.rglob("*")) == before
    assert not workdir.exists()


def test_a_broken_save_keeps_the_last_good_build_and_reports_the_error(preview):
    edit(preview, DX, BROKEN)
    assert not preview.rebuild()
    expected = [str(d) for d in pipeline.check(preview.source, TODAY).diagnostics]
    assert expected[0].startswith(f"{DX}:9:9: エラー: 「closes」の「2026-13-01」は日付として読めません")
    assert preview.state() == {"version": 1, "errors": expected}
    assert preview.printed[-2:] == [*expected, "ビルド失敗: エラー 1 件。前回のビルドを表示し続けます。"
                                    " (build failed; the preview keeps the last good build)"]
    assert preview.get()[0] == 200


def test_a_waiting_page_hears_of_a_rebuild_the_moment_it_is_served(preview):
    """The page's question "anything new since this state?" is answered when the state changes,
    not at a next poll: the edit shows as soon as the rebuild is done."""
    seen = preview.get("/__jointhire/state")[2]["X-Jointhire-State"]
    answer = {}

    def ask():
        started = time.monotonic()
        answer["state"] = json.loads(preview.get(f"/__jointhire/state?since={seen}")[1])
        answer["waited"] = time.monotonic() - started

    waiting = threading.Thread(target=ask)
    waiting.start()
    time.sleep(0.5)
    assert "state" not in answer, "nothing changed yet: the question waits"
    edit(preview, DX, OPENING.replace("DX推進担当", "情報政策担当"))
    rebuilt = time.monotonic()
    assert preview.rebuild()
    waiting.join(5)
    assert answer["state"] == {"version": 2, "errors": []}
    assert answer["waited"] < 0.5 + (time.monotonic() - rebuilt) + 0.5


def test_saving_a_file_is_noticed_by_the_watcher(start_preview):
    server = start_preview(watch=True)
    assert server.watching.wait(5)
    edit(server, DX, OPENING.replace("DX推進担当", "情報政策担当"))
    deadline = time.monotonic() + 10
    while server.state()["version"] == 1 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.state()["version"] == 2
    assert "情報政策担当" in server.get()[1]


@pytest.mark.browser
def test_the_open_page_reloads_after_an_edit(preview, csp_page: Page):
    csp_page.goto(opening_url(preview))
    heading = csp_page.get_by_role("heading", level=1)
    expect(heading).to_have_text("DX推進担当")
    edit(preview, DX, OPENING.replace("DX推進担当", "情報政策担当"))
    assert preview.rebuild()
    expect(heading).to_have_text("情報政策担当", timeout=5000)


@pytest.mark.browser
def test_broken_content_shows_an_error_overlay_until_it_is_fixed(preview, csp_page: Page):
    csp_page.goto(opening_url(preview))
    edit(preview, DX, BROKEN)
    assert not preview.rebuild()
    overlay = csp_page.get_by_role("alert", name="コンテンツにエラーがあります")
    expect(overlay.get_by_role("listitem")).to_have_text(preview.state()["errors"], timeout=5000)
    expect(overlay.get_by_role("listitem")).to_contain_text(f"{DX}:9:9: エラー: 「closes」の「2026-13-01」")
    expect(overlay).to_be_in_viewport()
    # the last good page is still what the server gives, also after a reload
    csp_page.reload()
    expect(csp_page.get_by_role("heading", level=1)).to_have_text("DX推進担当")
    expect(overlay).to_be_visible()
    edit(preview, DX, OPENING)
    assert preview.rebuild()
    expect(overlay).to_have_count(0, timeout=5000)
    expect(csp_page.get_by_role("heading", level=1)).to_have_text("DX推進担当")


@pytest.mark.browser
def test_a_preview_started_on_broken_content_shows_the_errors_then_the_site(start_preview, csp_page: Page):
    server = start_preview(**{DX.replace("/", "__"): BROKEN})
    response = csp_page.goto(server.url)
    assert response.status == 503
    expect(csp_page.get_by_role("heading", level=1)).to_have_text("まだ表示できるビルドがありません")
    expect(csp_page.get_by_role("alert", name="コンテンツにエラーがあります")).to_contain_text(f"{DX}:9:9:")
    edit(server, DX, OPENING)
    assert server.rebuild()
    expect(csp_page.get_by_role("link", name="DX推進担当")).to_be_visible(timeout=5000)
    expect(csp_page.get_by_role("alert", name="コンテンツにエラーがあります")).to_have_count(0)


# ---- the command ---------------------------------------------------------------------------


def test_serve_help_shows_an_example():
    result = CliRunner().invoke(serve_command, ["--help"])
    assert result.exit_code == 0
    assert "Example:\n    jointhire serve --source .\n" in result.output
    assert "--port" in result.output and "--today" in result.output


def test_serve_refuses_a_port_in_use_with_exit_2(tree):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = CliRunner().invoke(serve_command, ["--source", str(tree()), "--port", str(port)])
    assert result.exit_code == 2
    assert f"ポート {port} で待ち受けられません" in result.output


def test_serve_rejects_an_impossible_date_like_build_does(tree):
    result = CliRunner().invoke(serve_command, ["--source", str(tree()), "--today", "2026-13-01"])
    assert result.exit_code == 2
    assert "日付は YYYY-MM-DD で指定してください" in result.output
