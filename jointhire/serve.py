"""Serve: a local preview that rebuilds on every save and reloads the browser.

Each build goes into a fresh folder inside a temporary directory this module owns, never into
`output/`; a build that fails leaves the last good site in place and its errors are shown on
the page. The reload script and the build state are answered by the server itself, so nothing
of the preview reaches a real build, and the script is an external file (no inline code) so it
keeps working under the site's Content-Security-Policy.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import http.server
import json
import re
import shutil
import signal
import tempfile
import threading
import traceback
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import click

from . import dates, output, pipeline, render
from .diagnostics import Severity

SCRIPT_URL = "/__jointhire/reload.js"
STATE_URL = "/__jointhire/state"  # also written in RELOAD_JS

RELOAD_JS = """\
// jointhire serve: reload after each successful rebuild; show content errors over the page.
// Served only by the preview server. No inline script or style attribute (CSSOM only), so the
// site's Content-Security-Policy does not block it.
(() => {
  "use strict";
  const script = document.currentScript;
  const loaded = Number(script.dataset.version);
  const stateUrl = new URL("/__jointhire/state", script.src);
  const id = "jointhire-errors";
  let shown = "[]";

  function showErrors(errors) {
    const key = JSON.stringify(errors);
    if (key === shown) return;  // unchanged: do not re-announce the alert every poll
    shown = key;
    document.getElementById(id)?.remove();
    if (!errors.length) return;
    const box = document.createElement("section");
    box.id = id;
    box.setAttribute("role", "alert");
    box.setAttribute("aria-labelledby", id + "-title");
    Object.assign(box.style, {
      position: "fixed", left: "0", right: "0", bottom: "0", zIndex: "2147483647",
      maxHeight: "60vh", overflow: "auto", boxSizing: "border-box", padding: "1rem 1.25rem",
      background: "#fff", color: "#1a1a1a", borderTop: "6px solid #b00020",
      boxShadow: "0 -4px 16px rgba(0, 0, 0, .25)", font: "15px/1.6 sans-serif", textAlign: "left",
    });
    const title = document.createElement("h2");
    title.id = id + "-title";
    title.textContent = "コンテンツにエラーがあります";
    Object.assign(title.style, {margin: "0 0 .25rem", fontSize: "1.2rem", color: "#b00020"});
    const note = document.createElement("p");
    note.textContent = "直して保存すると自動で更新されます。表示中のページは最後に成功したビルドです。"
      + " (Showing the last good build; save a fix to reload.)";
    note.style.margin = "0 0 .5rem";
    const list = document.createElement("ul");
    Object.assign(list.style, {margin: "0", paddingLeft: "1.25rem", fontFamily: "monospace"});
    for (const line of errors) {
      const item = document.createElement("li");
      item.textContent = line;
      Object.assign(item.style, {whiteSpace: "pre-wrap", overflowWrap: "anywhere"});
      list.append(item);
    }
    box.append(title, note, list);
    document.body.append(box);
  }

  // Each request is answered when the build state differs from the one we have seen (or after
  // 20 s), so a rebuild shows at once rather than at the next poll.
  let seen = "";
  async function poll() {
    try {
      const url = new URL(stateUrl);
      if (seen) url.searchParams.set("since", seen);
      const response = await fetch(url, {cache: "no-store"});
      const state = await response.json();
      if (state.version !== loaded) {
        location.reload();
        return;
      }
      showErrors(state.errors);
      seen = response.headers.get("X-Jointhire-State") || "";
      setTimeout(poll, seen ? 0 : 500);
    } catch {
      setTimeout(poll, 500);  // the server is restarting or stopped: keep asking
    }
  }
  poll();
})();
"""

_HEAD_END = re.compile(rb"</head\s*>", re.IGNORECASE)


@dataclass(frozen=True)
class Snapshot:
    """What one request sees, taken at once so that the page, its version and its base agree."""

    version: int
    """Counts successful builds; a page reloads when the server's version differs from its own."""
    site: Path | None
    """The folder of the last good build, or None before the first one."""
    base_path: str
    """The URL path the site lives under (from `base_url`), e.g. `/tokyo-ict/`."""
    errors: tuple[str, ...]
    """The errors of the latest build, one line each (empty when it succeeded)."""


class PreviewServer:
    """Build `source` into a private temporary folder, serve it on 127.0.0.1 and rebuild on change.

    `today=None` takes the date in Japan at each rebuild, so a preview left running overnight
    shows tomorrow's statuses after the next save.
    """

    def __init__(self, source: Path, today: date | None = None, port: int = 8000, *,
                 debug: bool = False, echo=click.echo) -> None:
        self.source = Path(source)
        self.today = today
        self.port = port
        self.debug = debug
        self.echo = echo
        self.workdir: Path | None = None
        """The temporary folder holding the builds; removed by `stop()`."""
        self._state = Snapshot(0, None, "/", ())
        self._state_lock = threading.Condition()
        """Guards `_state`; notified on every change, which wakes the pages waiting for one."""
        self._build_lock = threading.Lock()
        self._session: pipeline.Session | None = None
        """Checked files, model and plan, kept in memory from one rebuild to the next."""
        self._stop = threading.Event()
        self.watching = threading.Event()
        """Set once the file watcher is running (changes from then on trigger a rebuild)."""
        self._httpd: http.server.ThreadingHTTPServer | None = None
        self._threads: list[threading.Thread] = []

    # ---- life cycle ----------------------------------------------------------------------------

    def start(self, *, watch: bool = True) -> None:
        """Listen (OSError if the port is taken), build once, then serve and watch in threads."""
        if watch:
            import watchfiles  # noqa: F401  fail before listening if the watcher is missing
        self._httpd = http.server.ThreadingHTTPServer(("127.0.0.1", self.port), self._handler)
        self.port = self._httpd.server_address[1]
        self.workdir = Path(tempfile.mkdtemp(prefix="jointhire-serve-"))
        self.rebuild()
        self._spawn("http", self._httpd.serve_forever, 0.05)  # poll_interval: a quick shutdown
        self._spawn("spare", self._prepare_spare)
        if watch:
            self._spawn("watch", self._watch)
        self.echo(f"プレビュー: {self.url} をブラウザで開いてください（Ctrl+C で終了）。"
                  f" (previewing at {self.url}; press Ctrl+C to stop)")

    def wait(self) -> None:
        """Block until `stop()` (or Ctrl+C in the calling thread)."""
        self._stop.wait()

    def stop(self) -> None:
        """Stop serving and watching and remove the temporary folder. Safe to call twice."""
        self._stop.set()
        with self._state_lock:
            self._state_lock.notify_all()  # pages waiting for a change get their answer now
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None
        for thread in self._threads:
            thread.join(timeout=10)
        self._threads.clear()
        with self._build_lock:
            if self._session is not None:
                self._session.files.save()  # so the next build or check starts warm
            if self.workdir is not None:
                shutil.rmtree(self.workdir, ignore_errors=True)

    @property
    def url(self) -> str:
        """The preview's address; `/` redirects to the site's base path."""
        return f"http://127.0.0.1:{self.port}/"

    def snapshot(self) -> Snapshot:
        with self._state_lock:
            return self._state

    # ---- building ------------------------------------------------------------------------------

    def rebuild(self, changed: Iterable[Path] = ()) -> bool:
        """Bring the preview up to date (only changed pages are rendered); on failure keep serving
        the last good build. True if it built. `changed`: the files the watcher saw change."""
        with self._build_lock:
            if self._stop.is_set() or self.workdir is None:
                return False
            result, errors = self._build(self.workdir / "site", changed)
            for line in map(str, result.diagnostics) if result else errors:  # warnings too
                self.echo(line, err=True)
            if result is not None and result.ok:
                self._publish(self.workdir / "site", result)
                self._collect_later()
                return True
            with self._state_lock:
                state = self._state = Snapshot(self._state.version, self._state.site, self._state.base_path,
                                               tuple(errors))
                self._state_lock.notify_all()
            kept = "前回のビルドを表示し続けます" if state.site else "直すとページが表示されます"
            self.echo(f"ビルド失敗: エラー {len(errors)} 件。{kept}。"
                      " (build failed; the preview keeps the last good build)", err=True)
            return False

    def _build(self, out: Path, changed: Iterable[Path]) -> tuple[pipeline.BuildResult | None, list[str]]:
        """Run the pipeline; every failure, even a bug, becomes error lines for the page and the console."""
        try:
            if self._session is None:
                self._session = pipeline.Session(self.source, out)
            result = self._session.build(self.today or dates.today_in_japan(), changed)
        except output.OutputError as exc:
            return None, [f"エラー: {exc}"]
        except OSError as exc:
            return None, [f"エラー: 一時フォルダ {out} に書き込めません（{exc.strerror or exc}）。"
                          " (cannot write the preview)"]
        except Exception as exc:
            if self.debug:
                traceback.print_exc()
            return None, [f"内部エラーが起きました（{type(exc).__name__}: {exc}）。--debug を付けて再実行し、"
                          f"表示内容を管理者に伝えてください。 (internal error)"]
        return result, [str(d) for d in result.diagnostics if d.severity is Severity.ERROR]

    def _collect_later(self) -> None:
        """Once the browser has had time to reload: free the previous build's objects (the build
        pauses Python's collector; a full collection takes a few tenths of a second), and work
        out ahead what the next edit will need."""
        timer = threading.Timer(2.0, self._idle)
        timer.daemon = True
        timer.start()

    def _idle(self) -> None:
        gc.collect()
        with self._build_lock:
            if self._session is not None and not self._stop.is_set():
                self._session.prepare()

    def _prepare_spare(self) -> None:
        """So that the first edit is as quick as the ones after it (see `output.prepare_spare`)."""
        with contextlib.suppress(OSError):  # if it fails, the next rebuild prepares the spare itself
            output.prepare_spare(self.workdir / "site")

    def _publish(self, site: Path, result: pipeline.BuildResult) -> None:
        with self._state_lock:
            previous = self._state
            base_path = (urlsplit(result.site.config.base_url).path or "/") if result.site else previous.base_path
            self._state = Snapshot(previous.version + 1, site, base_path, ())
            self._state_lock.notify_all()
        c = result.counts
        self.echo(f"ビルド完了: {result.files_changed} ファイルを更新（求人: 募集中 {c['open']}・募集前 {c['upcoming']}・"
                  f"募集終了 {c['closed']}、{result.seconds:.2f} 秒）。 (built: {result.files_changed} files changed)")

    # ---- watching ------------------------------------------------------------------------------

    def _watch(self) -> None:
        import watchfiles

        source = self.source.resolve()
        paths = [source]
        if not render.TEMPLATES.is_relative_to(source):
            paths.append(render.TEMPLATES)
        # Version-control and cache folders and editor backups are skipped (watchfiles' defaults),
        # and so is an output/ that a separate `build` may be writing. Anything else saved under
        # the content or the templates (Markdown, YAML, .github/CODEOWNERS, a moved folder)
        # triggers a rebuild: a spare rebuild costs a fraction of a second, a missed one confuses.
        changes_filter = watchfiles.DefaultFilter(ignore_paths=[source / "output"])
        for changes in watchfiles.watch(*paths, watch_filter=changes_filter, stop_event=self._stop,
                                        rust_timeout=500, yield_on_timeout=True, step=50):
            self.watching.set()  # the first (possibly empty) yield: the watcher is in place
            if changes and not self._stop.is_set():
                self.rebuild([Path(path) for _, path in changes])

    def _spawn(self, name: str, target, *args) -> None:
        thread = threading.Thread(target=target, args=args, daemon=True, name=f"jointhire-serve-{name}")
        thread.start()
        self._threads.append(thread)

    def _handler(self, *args) -> _Handler:
        state = self.snapshot()
        return _Handler(*args, state=state, directory=str(state.site or self.workdir), wait=self._wait_for_change)

    def _wait_for_change(self, seen: str, timeout: float = 20.0) -> Snapshot:
        """The state once it differs from the one tagged `seen` (or after `timeout` seconds):
        a page learns of a rebuild the moment it is served, instead of at its next poll."""
        with self._state_lock:
            self._state_lock.wait_for(lambda: state_tag(self._state) != seen or self._stop.is_set(), timeout)
            return self._state


def state_tag(state: Snapshot) -> str:
    """Names a state (version and errors) for the page's `?since=`."""
    return hashlib.blake2b(repr((state.version, state.errors)).encode(), digest_size=8).hexdigest()


class _Handler(http.server.SimpleHTTPRequestHandler):
    """One request against one `Snapshot`: the site under its base path, the reload script, the state."""

    def __init__(self, *args, state: Snapshot, wait=None, **kwargs) -> None:
        self.state = state
        self.wait = wait
        super().__init__(*args, **kwargs)

    def handle(self) -> None:
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the page reloaded while waiting
            super().handle()

    def log_message(self, *args) -> None:
        pass  # the page asks for the build state all the time; the console is for build results

    def do_GET(self) -> None:
        self._respond(send_body=True)

    def do_HEAD(self) -> None:
        self._respond(send_body=False)

    def _respond(self, send_body: bool) -> None:
        state, path = self.state, urlsplit(self.path).path
        if path == SCRIPT_URL:
            return self._send(200, "text/javascript; charset=utf-8", RELOAD_JS.encode(), send_body)
        if path == STATE_URL:
            seen = parse_qs(urlsplit(self.path).query).get("since")
            if seen and self.wait is not None:
                state = self.wait(seen[0])
            body = json.dumps({"version": state.version, "errors": list(state.errors)}, ensure_ascii=False)
            return self._send(200, "application/json; charset=utf-8", body.encode(), send_body,
                              {"X-Jointhire-State": state_tag(state)})
        if state.site is None:
            return self._send(503, "text/html; charset=utf-8", _inject(_WAITING, state.version), send_body)
        if path in ("/", state.base_path.rstrip("/")) and path != state.base_path:
            return self._redirect(state.base_path)
        if not path.startswith(state.base_path):
            return self._not_found(send_body)
        file = Path(self.translate_path("/" + path[len(state.base_path):]))
        if file.is_dir():
            if not path.endswith("/"):
                return self._redirect(path + "/")
            file = file / "index.html"
        if not file.is_file():
            return self._not_found(send_body)
        self._send_file(200, file, send_body)

    def _send_file(self, status: int, file: Path, send_body: bool) -> None:
        data, content_type = file.read_bytes(), self.guess_type(str(file))
        if content_type == "text/html":
            data = _inject(data, self.state.version)
        if content_type.startswith("text/") or content_type in ("application/json", "application/xml"):
            content_type += "; charset=utf-8"
        self._send(status, content_type, data, send_body)

    def _not_found(self, send_body: bool) -> None:
        page = Path(self.directory) / "404.html"
        if page.is_file():
            return self._send_file(404, page, send_body)
        self._send(404, "text/plain; charset=utf-8", b"404 Not Found", send_body)

    def _redirect(self, location: str) -> None:
        query = urlsplit(self.path).query
        self.send_response(302)
        self.send_header("Location", location + (f"?{query}" if query else ""))
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _send(self, status: int, content_type: str, data: bytes, send_body: bool, headers: dict | None = None) -> None:
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")  # a reload must fetch the new build
        self.end_headers()
        if send_body:
            self.wfile.write(data)


_WAITING = """\
<!doctype html>
<html lang="ja">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>プレビューの準備中</title>
</head>
<body>
<main>
<h1>まだ表示できるビルドがありません</h1>
<p>コンテンツのエラーを直して保存すると、このページが自動で更新されます。
(No successful build yet: fix the errors and this page reloads.)</p>
</main>
</body>
</html>
""".encode()


def _inject(html: bytes, version: int) -> bytes:
    """Add the reload script to a page, before `</head>` (or at the end when there is none)."""
    tag = f'<script src="{SCRIPT_URL}" data-version="{version}" defer></script>\n'.encode()
    match = _HEAD_END.search(html)
    return html + tag if match is None else html[:match.start()] + tag + html[match.start():]


def _interrupt(signum, frame):
    raise KeyboardInterrupt


class _BuildDate(click.ParamType):
    """`cli.BuildDate`, imported when used: cli.py imports this module to register the command."""

    name = "YYYY-MM-DD"

    def convert(self, value, param, ctx):
        from .cli import BuildDate

        return BuildDate().convert(value, param, ctx)


@click.command("serve")
@click.option("--source", type=click.Path(exists=True, file_okay=False, path_type=Path), default=Path("."),
              show_default=True, help="コンテンツのフォルダ（site.yaml と municipalities/ がある所）。 Content root.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="待ち受けるポート番号（0 なら空いている番号）。 Port on 127.0.0.1; 0 picks a free one.")
@click.option("--today", type=_BuildDate(), default=None,
              help="この日付で募集状況を決める（既定: 日本の今日、SOURCE_DATE_EPOCH があればその日）。"
                   " Build date for open/upcoming/closed.")
@click.pass_context
def serve_command(ctx: click.Context, source: Path, port: int, today: date | None) -> None:
    """確認用のプレビューを手元で開きます。 Preview the site locally while you edit.

    \b
    保存するたびにサイトを作り直し、ブラウザを自動で再読み込みします。
    内容にエラーがあるとページの上に表示し、直るまで前回のビルドを表示します。
    output/ には何も書きません。127.0.0.1 だけで待ち受けます。Ctrl+C で終了します。

    Rebuilds on every save and reloads the browser; errors are shown on the page while the last
    good build stays visible. Never writes output/.

    \b
    Example:
      jointhire serve --source .
      jointhire serve --port 0 --today 2026-12-01

    \b
    Exit status: 0 Ctrl+C で終了 stopped, 2 使い方の誤り・ポート使用中 usage error or port in use.
    """
    preview = PreviewServer(source, today, port, debug=bool(ctx.obj and ctx.obj.get("debug")))
    try:
        preview.start()
    except ModuleNotFoundError as exc:
        raise click.ClickException(f"{exc.name} が入っていません。pip install {exc.name} を実行してください。"
                                   f" (missing dependency)") from None
    except OSError as exc:
        preview.stop()
        raise click.BadParameter(f"ポート {port} で待ち受けられません（{exc.strerror or exc}）。"
                                 f"別の番号か 0 を指定してください。 (cannot listen on this port)",
                                 param_hint="--port") from None
    previous = signal.signal(signal.SIGTERM, _interrupt)  # `kill` also removes the temporary folder
    try:
        preview.wait()
    except KeyboardInterrupt:
        pass
    finally:
        preview.stop()
        signal.signal(signal.SIGTERM, previous)
    click.echo("プレビューを終了しました。 (preview stopped)")
