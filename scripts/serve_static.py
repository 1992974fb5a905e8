"""Serve a built site over http on 127.0.0.1 under its base path, as the real host would.

    python3 scripts/serve_static.py SITE_DIR BASE_PATH [PORT]

http://127.0.0.1:PORT/BASE_PATH/... maps to SITE_DIR/... (BASE_PATH such as /tokyo-ict/).
Anything missing, and anything outside BASE_PATH, gets SITE_DIR/404.html with status 404;
a folder without index.html is a 404 too (no listings). PORT 0 (the default) picks a free
port. The first line printed is the URL of the site root, e.g. http://127.0.0.1:41234/tokyo-ict/
Standard library only; used by scripts/lighthouse.
"""

from __future__ import annotations

import sys
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit


class SiteHandler(SimpleHTTPRequestHandler):
    base_path = "/"  # set by main(); always starts and ends with "/"

    def send_head(self):
        path = urlsplit(self.path).path
        if path == self.base_path.rstrip("/"):  # /tokyo-ict -> /tokyo-ict/
            self.send_response(HTTPStatus.MOVED_PERMANENTLY)
            self.send_header("Location", self.base_path)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        if not path.startswith(self.base_path):
            self.send_error(HTTPStatus.NOT_FOUND)
            return None
        return super().send_head()

    def translate_path(self, path: str) -> str:
        # Only called for paths under base_path (see send_head); the redirect that
        # SimpleHTTPRequestHandler makes for a folder without "/" keeps self.path, base included.
        return super().translate_path("/" + path[len(self.base_path):])

    def list_directory(self, path):
        self.send_error(HTTPStatus.NOT_FOUND)
        return None

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory, "404.html")
        if code != HTTPStatus.NOT_FOUND or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(code)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)
        return None

    def log_message(self, format, *args):  # quiet: Lighthouse makes many requests
        pass


SiteHandler.extensions_map = {
    **SimpleHTTPRequestHandler.extensions_map,
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".xml": "application/xml",
    ".svg": "image/svg+xml",
    ".txt": "text/plain; charset=utf-8",
}


def main(argv: list[str]) -> int:
    if len(argv) not in (2, 3):
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    site = Path(argv[0]).resolve()
    if not site.is_dir():
        print(f"serve_static: no such folder: {site}", file=sys.stderr)
        return 2
    base = "/" + argv[1].strip("/") + "/" if argv[1].strip("/") else "/"
    port = int(argv[2]) if len(argv) == 3 else 0
    SiteHandler.base_path = base
    server = ThreadingHTTPServer(("127.0.0.1", port), partial(SiteHandler, directory=str(site)))
    print(f"http://127.0.0.1:{server.server_address[1]}{base}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
