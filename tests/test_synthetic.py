"""The synthetic-content generator: deterministic, valid, and a site built from it works."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date

import pytest
from conftest import broken_links, soup

from jointhire import pipeline
from jointhire.synthetic import write_tree

TODAY = date(2027, 3, 1)  # not the bundled sample's date: the build must follow --today


def files_of(root):
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    root = tmp_path_factory.mktemp("synthetic") / "content"
    write_tree(root, municipalities=6, openings=5, seed=7, today=TODAY)
    out = root.parent / "out"
    result = pipeline.build(root, out, TODAY)
    assert result.ok, [str(d) for d in result.diagnostics]
    return root, out, result.site


def test_same_seed_same_tree_other_seed_other_tree(tmp_path):
    write_tree(tmp_path / "a", 4, 3, seed=1)
    write_tree(tmp_path / "b", 4, 3, seed=1)
    write_tree(tmp_path / "c", 4, 3, seed=2)
    assert files_of(tmp_path / "a") == files_of(tmp_path / "b")
    assert files_of(tmp_path / "a") != files_of(tmp_path / "c")


def test_refuses_to_write_into_a_folder_with_files(tmp_path):
    (tmp_path / "keep.txt").write_text("x")
    with pytest.raises(FileExistsError):
        write_tree(tmp_path, 1, 1)


def test_every_status_type_and_unit_is_represented(synthetic):
    _, out, site = synthetic
    records = json.loads((out / "openings.json").read_text(encoding="utf-8"))["openings"]
    assert {r["status"] for r in records} == {"open", "upcoming", "closed"}
    assert {r["employment_type"] for r in records} == {"regular", "fixed_term", "part_time", "side_job",
                                                        "contract"}
    assert {r["salary"]["unit"] for r in records if r["salary"]} == {"month", "year", "day", "hour"}
    assert any(r["joint_with"] for r in records)
    assert Counter(r["status"] for r in records) == Counter(o.status for o in site.openings)


def test_the_built_synthetic_site_links_resolve_under_its_own_base_url(synthetic):
    _, out, site = synthetic
    assert site.config.base_url != "https://example.org/tokyo-ict/"
    assert broken_links(out, site.config.base_url) == []


def test_home_counts_follow_the_build_date(synthetic):
    _, out, site = synthetic
    cards = soup(out / "index.html").select(".opening-card")
    assert len(cards) == sum(o.status in ("open", "upcoming") for o in site.openings)
    assert "2027年3月1日(月) 現在" in soup(out / "index.html").select_one(".summary").get_text()


def test_the_script_in_the_readme_writes_a_tree_that_builds(tmp_path):
    import subprocess
    import sys

    from conftest import ROOT

    out = tmp_path / "tree"
    done = subprocess.run([sys.executable, str(ROOT / "scripts/synthetic_content.py"), "--out", str(out),
                           "--municipalities", "3", "--openings", "2", "--seed", "4"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("wrote 3 municipalities, 6 openings")
    assert pipeline.check(out, TODAY).ok
    again = subprocess.run([sys.executable, str(ROOT / "scripts/synthetic_content.py"), "--out", str(out),
                            "--municipalities", "3", "--openings", "2"], capture_output=True, text=True)
    assert again.returncode == 1  # never writes into a tree that is already there
