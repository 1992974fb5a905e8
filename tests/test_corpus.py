"""The corpus of broken entries: each folder of tests/corpus/ is one mistake and the exact lines `check` prints.

A case is the minimal valid tree (conftest.minimal_tree) with the case's files laid over it at
their content paths, minus the paths in its `delete.txt`. `expected.txt` holds the lines
`jointhire check --today 2026-11-27` prints to stderr, without the closing count line.
Some things git stores poorly are made at run time: `symlinks.txt` (`link -> target`, both
content paths) and `grow.txt` (`path bytes`: pad the file with body text to that size).

Regenerate every expected.txt from the current output (review the diff before committing):

    .venv/bin/python tests/test_corpus.py --write
"""

from __future__ import annotations

import re
import shutil
import sys
import tempfile
from pathlib import Path

import pytest
from conftest import minimal_tree, run_cli, write_tree

CORPUS = Path(__file__).resolve().parent / "corpus"
CONTROL = {"expected.txt", "delete.txt", "symlinks.txt", "grow.txt"}
"""Files at the top of a case folder that describe the case rather than being content."""
TODAY = "2026-11-27"
SUMMARY = re.compile(r"エラー \d+ 件、警告 \d+ 件。")


def case_folders() -> list[Path]:
    return sorted(p for p in CORPUS.iterdir() if p.is_dir())


def lay_out(case: Path, root: Path) -> Path:
    """The content tree for `case` under `root`: minimal tree + overlay − deletions, then links and padding."""
    write_tree(root, minimal_tree())
    for path in sorted(case.rglob("*")):
        rel = path.relative_to(case).as_posix()
        if path.is_file() and rel not in CONTROL:
            target = root / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(path.read_bytes())
    for rel in _lines(case / "delete.txt"):
        target = root / rel
        if target.is_dir() and not target.is_symlink():
            shutil.rmtree(target)
        else:
            target.unlink()
    for line in _lines(case / "symlinks.txt"):
        link, target = (part.strip() for part in line.split("->"))
        (root / link).parent.mkdir(parents=True, exist_ok=True)
        (root / link).symlink_to(root / target)
    for line in _lines(case / "grow.txt"):
        rel, size = line.rsplit(maxsplit=1)
        path = root / rel
        data = path.read_bytes()
        filler = "本文。".encode()
        path.write_bytes(data + filler * ((int(size) - len(data)) // len(filler) + 1))
    return root


def _lines(path: Path) -> list[str]:
    if not path.is_file():
        return []
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.lstrip().startswith("#")]


def run_check(root: Path):
    """(exit code, printed lines without the count line, the count line, all output) of `check`."""
    result = run_cli("check", "--source", str(root), "--today", TODAY)
    lines = result.stderr.splitlines()
    summary = [line for line in lines if SUMMARY.match(line)]
    printed = [line for line in lines if not SUMMARY.match(line)]
    return result.exit_code, printed, summary, result.output


def expected_lines(case: Path) -> list[str]:
    return (case / "expected.txt").read_text(encoding="utf-8").splitlines()


@pytest.mark.parametrize("case", case_folders(), ids=lambda p: p.name)
def test_corpus_case_prints_exactly_its_expected_lines(case, tmp_path):
    expected = expected_lines(case)
    assert expected, f"{case.name}: expected.txt is empty; a corpus case is a mistake with a message"
    code, printed, summary, output = run_check(lay_out(case, tmp_path / "content"))
    assert "Traceback" not in output and "内部エラー" not in output, output
    errors = sum(": エラー: " in line for line in expected)
    warnings = sum(": 警告: " in line for line in expected)
    assert code == (1 if errors else 0), output
    assert printed == expected
    assert summary == [f"エラー {errors} 件、警告 {warnings} 件。 ({errors} error(s), {warnings} warning(s))"]


def test_the_corpus_covers_every_mistake_it_claims():
    """At least 45 cases, each a folder with an expected.txt and nothing else at its top but control files."""
    folders = case_folders()
    assert len(folders) >= 45
    for case in folders:
        assert re.fullmatch(r"\d{2,3}-[a-z0-9-]+", case.name), case.name
        assert (case / "expected.txt").is_file(), case.name
        for entry in case.iterdir():
            assert entry.is_dir() or entry.name in CONTROL or entry.name == "site.yaml", (case.name, entry.name)


def _write_all() -> None:
    """Rewrite every expected.txt from what `check` prints now."""
    for case in case_folders():
        with tempfile.TemporaryDirectory() as tmp:
            _, printed, _, output = run_check(lay_out(case, Path(tmp) / "content"))
        if "Traceback" in output or "内部エラー" in output:
            print(f"{case.name}: internal error, not written\n{output}", file=sys.stderr)
            continue
        (case / "expected.txt").write_text("".join(line + "\n" for line in printed), encoding="utf-8")
        print(f"{case.name}: {len(printed)} line(s)")


if __name__ == "__main__":
    if sys.argv[1:] != ["--write"]:
        sys.exit(f"usage: {sys.argv[0]} --write   (rewrite every tests/corpus/*/expected.txt from the current output)")
    _write_all()
