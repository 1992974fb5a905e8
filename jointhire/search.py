"""The keyword-search index: Pagefind, run over the finished pages before they go live.

Pagefind's extended build segments Japanese into words; the plain build does not, so the
`pagefind[extended]` package is the dependency. Only opening pages that are open or upcoming
carry `data-pagefind-body`, so the index holds exactly what the list can show.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from . import urls

FOLDER = "pagefind/"
"""Where the index goes, inside the site."""

PAGES = urls.opening_url("*", "*") + "index.html"
"""The files Pagefind reads: only opening pages carry `data-pagefind-body`. Reading the other
2,100 pages of a national site too made its index take about 3 s longer (38.5 s, not 35)."""


class SearchIndexError(Exception):
    """Pagefind failed; the message carries its output."""


def build_index(site_folder: Path) -> None:
    """Write `pagefind/` into `site_folder`."""
    command = [sys.executable, "-m", "pagefind", "--site", str(site_folder), "--output-subdir", "pagefind",
               "--glob", PAGES]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=1800)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SearchIndexError(str(exc)) from None
    if done.returncode != 0 or not (site_folder / "pagefind" / "pagefind.js").is_file():
        detail = (done.stderr or done.stdout).strip().splitlines()[-5:]
        raise SearchIndexError(" / ".join(detail) or f"exit status {done.returncode}")
