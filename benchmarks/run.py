"""Build-speed benchmark at Tokyo (62 × 5) and national (1,741 × 10) scale. Prints figures, asserts nothing.

    python benchmarks/run.py [--runs 3] [--scales tokyo,national] [--search]

For each scale: cold build (`build --full` into an empty output folder with an empty cache), rebuild
with nothing changed, rebuild after editing one opening's title, `check` with the file cache warm
and cold, each the median of --runs runs in a fresh process; peak memory (max RSS of the build
process or any of its children, as GNU time reports it), pages per second and output size. The
content comes from the project's synthetic-content generator (seed 0), in a scratch folder.
Compare figures from one run only: this machine is shared and noisy.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from jointhire.synthetic import write_tree  # noqa: E402

SCALES = {"tokyo": (62, 5), "national": (1741, 10)}
TODAY = "2026-12-01"


def timed(command: list[str], cache: Path | None = None) -> tuple[float, int]:
    """Wall seconds and peak RSS (KiB) of one command, children included."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    env = {**os.environ, "JOINTHIRE_CACHE_DIR": str(cache)} if cache else None
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    seconds = time.perf_counter() - started
    return seconds, max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)


def folder_size(path: Path) -> tuple[int, int]:
    files = [p for p in path.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def bench(scale: str, runs: int, search: bool, scratch: Path) -> dict:
    municipalities, openings = SCALES[scale]
    content = scratch / f"content-{scale}"
    if not content.exists():
        write_tree(content, municipalities, openings, seed=0, today=date.fromisoformat(TODAY))
    out = scratch / f"out-{scale}"
    build = [sys.executable, str(ROOT / "build.py"), "build", "--source", str(content), "--out", str(out),
             "--today", TODAY] + ([] if search else ["--no-search"])
    check = [sys.executable, str(ROOT / "build.py"), "check", "--source", str(content), "--today", TODAY]
    edited = sorted((content / "municipalities").iterdir())[0] / "openings"
    victim = sorted(edited.glob("*.md"))[0]
    original = victim.read_text(encoding="utf-8")
    figures: dict[str, list[float]] = {"cold": [], "no-change": [], "one-edit": [], "check": [], "check-cold": []}
    peak = 0
    cache = scratch / f"cache-{scale}"
    for run in range(runs):
        for old in (out, out.parent / f".{out.name}.jointhire", cache):
            shutil.rmtree(old, ignore_errors=True)
        seconds, rss = timed([*build, "--full"], cache)
        figures["cold"].append(seconds)
        peak = max(peak, rss)
        figures["no-change"].append(timed(build, cache)[0])
        for edit in range(2):  # the first edit after a cold build also fills the spare copy of the site
            victim.write_text(original.replace("title: ", f"title: 編集{run}-{edit} ", 1), encoding="utf-8")
            seconds = timed(build, cache)[0]
        figures["one-edit"].append(seconds)
        victim.write_text(original, encoding="utf-8")
        timed(build, cache)
        figures["check"].append(timed(check, cache)[0])
        shutil.rmtree(cache, ignore_errors=True)
        figures["check-cold"].append(timed(check, cache)[0])
    files, size = folder_size(out)
    pages = sum(1 for _ in out.rglob("*.html"))
    median = {k: statistics.median(v) for k, v in figures.items()}
    return {"scale": f"{scale} ({municipalities} × {openings})", **median, "peak_mib": peak / 1024,
            "pages": pages, "pages_per_s": pages / median["cold"], "files": files, "size_mib": size / 2**20}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--scales", default="tokyo,national")
    parser.add_argument("--search", action="store_true", help="include the Pagefind index (off: as the peers)")
    args = parser.parse_args()
    scratch = Path(os.environ.get("JOINTHIRE_BENCH_DIR") or tempfile.mkdtemp(prefix="jointhire-bench-"))
    print(f"scratch folder: {scratch}; {args.runs} runs each; search index {'on' if args.search else 'off'}")
    print("| scale | cold (s) | no change (s) | one edit (s) | check (s) | check, no cache (s) | peak MiB | pages |"
          " pages/s | files | MiB |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for scale in args.scales.split(","):
        r = bench(scale, args.runs, args.search, scratch)
        print(f"| {r['scale']} | {r['cold']:.2f} | {r['no-change']:.2f} | {r['one-edit']:.2f} | {r['check']:.2f} | "
              f"{r['check-cold']:.2f} | "
              f"{r['peak_mib']:.0f} | {r['pages']:,} | {r['pages_per_s']:,.0f} | {r['files']:,} | {r['size_mib']:.1f} |",
              flush=True)


if __name__ == "__main__":
    main()
