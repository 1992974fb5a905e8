"""Many hands, one site: a build killed at any moment, or two at once, never leaves a broken site."""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
import time
from datetime import date

from conftest import ROOT, TODAY

from jointhire import pipeline
from jointhire.synthetic import write_tree

BUILD = [sys.executable, str(ROOT / "build.py"), "build", "--today", "2026-12-01", "--no-search"]


def snapshot(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_build_killed_at_any_moment_leaves_a_whole_site(tmp_path):
    """Kill builds at 24 points of their run: the output is always the old site or the new one, whole."""
    content = tmp_path / "content"
    write_tree(content, municipalities=30, openings=5, seed=1, today=date(2026, 12, 1))
    out = tmp_path / "out"
    subprocess.run([*BUILD, "--source", str(content), "--out", str(out)], check=True, capture_output=True)
    old = snapshot(out)
    home = sorted((content / "municipalities").iterdir())[0]
    (home / "openings/extra.md").write_text(
        "---\ntitle: 追加\nemployment_type: regular\ncloses: 2027-01-31\napply_email: a@b.jp\n---\n", encoding="utf-8")
    started = time.perf_counter()
    subprocess.run([*BUILD, "--source", str(content), "--out", str(tmp_path / "new")], check=True, capture_output=True)
    duration = time.perf_counter() - started
    new = snapshot(tmp_path / "new")
    kills = 0
    for i in range(24):
        # Every other one with --full: once a build got through, the next would find nothing to do and
        # end before the kill.
        full = ["--full"] if i % 2 else []
        process = subprocess.Popen([*BUILD, "--source", str(content), "--out", str(out), *full],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(duration * i / 24)
        process.send_signal(signal.SIGKILL)
        kills += process.wait() == -signal.SIGKILL
        assert snapshot(out) in (old, new), f"a half-written site after a kill at {i}/24 of a build"
    assert kills >= 12, f"only {kills} builds were killed before they finished"
    subprocess.run([*BUILD, "--source", str(content), "--out", str(out)], check=True, capture_output=True)
    assert snapshot(out) == new
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith((".out.staging", ".out.old"))]
    assert leftovers == [], "the next build removes what killed builds left behind"


def test_concurrent_builds_into_one_folder_do_not_interleave(tmp_path):
    trees = []
    for seed in (1, 2):
        root = tmp_path / f"content{seed}"
        write_tree(root, municipalities=8, openings=4, seed=seed, today=TODAY)
        trees.append(root)
    out = tmp_path / "out"
    expected = []
    for i, root in enumerate(trees):
        assert pipeline.build(root, tmp_path / f"alone{i}", TODAY, search_index=False).ok
        expected.append(snapshot(tmp_path / f"alone{i}"))
    for _ in range(3):
        threads = [threading.Thread(target=pipeline.build, args=(root, out, TODAY), kwargs={"search_index": False})
                   for root in trees]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert snapshot(out) in expected


def test_rendering_on_several_cores_gives_the_same_site(tmp_path, monkeypatch):
    from jointhire import render

    content = tmp_path / "content"
    write_tree(content, municipalities=6, openings=4, seed=5, today=TODAY)
    assert pipeline.build(content, tmp_path / "one", TODAY, search_index=False).ok
    monkeypatch.setattr(render, "PARALLEL_FROM", 0)
    monkeypatch.setattr(render.os, "cpu_count", lambda: 2)
    assert pipeline.build(content, tmp_path / "two", TODAY, search_index=False).ok
    assert snapshot(tmp_path / "one") == snapshot(tmp_path / "two")


def test_checking_on_several_cores_finds_the_same_problems_and_site(tmp_path, monkeypatch):
    """A cold check of a big tree parses files in worker processes; what HR staff read must not change."""
    content = tmp_path / "content"
    write_tree(content, municipalities=6, openings=4, seed=6, today=TODAY)
    (content / "municipalities" / sorted(p.name for p in (content / "municipalities").iterdir())[0] / "openings"
     / "broken.md").write_text("---\ntitle: 壊れた\nclosess: 2026-02-30\n---\n", encoding="utf-8")
    alone = pipeline.check(content, TODAY, use_cache=False)
    monkeypatch.setattr(pipeline, "PARALLEL_FROM", 0)
    several = pipeline.check(content, TODAY, use_cache=False)
    cached = pipeline.check(content, TODAY)  # fills the cache from the workers' results
    again = pipeline.check(content, TODAY)  # and reads it back
    assert [str(d) for d in alone.diagnostics] == [str(d) for d in several.diagnostics] != []
    for result in (several, cached, again):
        assert [str(d) for d in result.diagnostics] == [str(d) for d in alone.diagnostics]
        assert [o.fingerprint for o in result.site.openings] == [o.fingerprint for o in alone.site.openings]
