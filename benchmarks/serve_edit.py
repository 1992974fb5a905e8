"""How long `serve` takes to show an edit in the browser. Prints figures, asserts nothing.

    python benchmarks/serve_edit.py [--scale national] [--edits 5]

Starts the preview (with the file watcher) on synthetic content, opens an opening page in
Chromium, then repeatedly changes that opening's title in its file and measures the time from
the save to the new title being on the page: watcher, rebuild, the page hearing of it, reload.
Each edit waits for the previous one to show and for the server to settle (3 s).
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from jointhire import pipeline  # noqa: E402
from jointhire.serve import PreviewServer  # noqa: E402
from jointhire.synthetic import write_tree  # noqa: E402

SCALES = {"tokyo": (62, 5), "national": (1741, 10)}
TODAY = date(2026, 12, 1)
CHROMIUM = "/usr/bin/chromium"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", default="national", choices=SCALES)
    parser.add_argument("--edits", type=int, default=5)
    args = parser.parse_args()
    scratch = Path(os.environ.get("JOINTHIRE_BENCH_DIR") or tempfile.mkdtemp(prefix="jointhire-bench-"))
    content = scratch / f"content-{args.scale}"
    if not content.exists():
        write_tree(content, *SCALES[args.scale], seed=0, today=TODAY)
    site = pipeline.check(content, TODAY).site
    opening = site.openings[0]
    victim = content / opening.source
    original = victim.read_text(encoding="utf-8")

    builds: list[float] = []  # the rebuild's own seconds, from its "ビルド完了: ...、1.23 秒）" line

    def echo(line: str, err: bool = False) -> None:
        if line.startswith("ビルド完了"):
            builds.append(float(re.search(r"([0-9.]+) 秒", line).group(1)))

    server = PreviewServer(content, TODAY, port=0, echo=echo)
    started = time.perf_counter()
    server.start(watch=True)
    print(f"{args.scale}: first build and start {time.perf_counter() - started:.1f} s")
    server.watching.wait(30)
    time.sleep(5)  # the spare copy is prepared in the background after the first build
    shown = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            page = browser.new_page()
            page.goto(server.url.rstrip("/") + server.snapshot().base_path + opening.url)
            for n in range(args.edits):
                title = f"編集{n}の確認"
                saved = time.perf_counter()
                victim.write_text(original.replace("title: ", f"title: {title} ", 1), encoding="utf-8")
                page.wait_for_function("t => document.querySelector('h1').textContent.includes(t)", arg=title,
                                       timeout=60_000, polling=20)
                shown.append(time.perf_counter() - saved)
                print(f"edit {n + 1}: shown after {shown[-1]:.2f} s (rebuild {builds[-1]:.2f} s)", flush=True)
                time.sleep(3)
            browser.close()
    finally:
        victim.write_text(original, encoding="utf-8")
        server.stop()
    print(f"median {statistics.median(shown):.2f} s, min {min(shown):.2f} s, max {max(shown):.2f} s "
          f"over {len(shown)} edits")


if __name__ == "__main__":
    main()
