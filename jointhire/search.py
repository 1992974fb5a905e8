"""The keyword-search index: Pagefind, run over the finished pages before they go live.

Pagefind's extended build segments Japanese into words; the plain build does not, so the
`pagefind[extended]` package is the dependency. Only opening pages that are open or upcoming
carry `data-pagefind-body`, so the index holds exactly what the list can show.

Pagefind cannot add a page to an index, only index a folder afresh: 36 s for the 13,600 open
pages of a national site. So a large site's openings are indexed in shards, each municipality's
in one of them, and the browser merges the shards (Pagefind's `mergeIndex`): after an edit, only
the shard that holds the edited opening is indexed again.
"""

from __future__ import annotations

import hashlib
import math
import subprocess
import sys
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from . import urls
from .model import Opening

FOLDER = "pagefind/"
"""Where the index goes, inside the site: one Pagefind bundle per shard, `pagefind/<n>/`."""

OPENINGS_PER_SHARD = 2000
"""About this many open or upcoming openings to a shard: 7 shards for a national site. Pagefind
takes about 1 s to start and 2 ms a page: after one edit, a national build with its index takes
6.5 s, not 36 s. Smaller shards would cost the browser one more request per shard for every word
searched."""


class SearchIndexError(Exception):
    """Pagefind failed; the message carries its output."""


def shards(openings: Iterable[Opening]) -> dict[str, list[str]]:
    """Bundle folder (`pagefind/<n>/`) → the municipalities whose opening pages it indexes: those
    with an opening that is not closed (the pages opening.html marks for the index). A
    municipality's shard depends only on its slug and the number of shards, so it stays in place
    as other municipalities come and go."""
    indexed = Counter(o.municipality.slug for o in openings if o.status != "closed")
    count = max(1, math.ceil(sum(indexed.values()) / OPENINGS_PER_SHARD))
    found: dict[str, list[str]] = {}
    for slug in sorted(indexed):
        number = int.from_bytes(hashlib.blake2b(slug.encode(), digest_size=4).digest(), "big") % count
        found.setdefault(f"{FOLDER}{number}/", []).append(slug)
    return dict(sorted(found.items()))


def build_index(site_folder: Path, bundle: str, municipalities: list[str]) -> None:
    """Write the bundle `bundle` (from `shards`) into `site_folder`: the opening pages of `municipalities`."""
    pages = urls.opening_url("{" + ",".join(municipalities) + "}", "*") + "index.html"
    command = [sys.executable, "-m", "pagefind", "--site", str(site_folder), "--output-subdir", bundle,
               "--glob", pages]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=1800)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SearchIndexError(str(exc)) from None
    if done.returncode != 0 or not (site_folder / bundle / "pagefind.js").is_file():
        detail = (done.stderr or done.stdout).strip().splitlines()[-5:]
        raise SearchIndexError(" / ".join(detail) or f"exit status {done.returncode}")
