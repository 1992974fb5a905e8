"""The command line as HR staff and CI use it: exit codes, help, and output that is never half-built."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest
from conftest import OPENING, ROOT, TODAY, run_cli

from jointhire import pipeline, render
from jointhire.cli import main


def snapshot(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_python_build_py_alone_builds_the_content_of_the_current_folder(tree):
    root = tree()
    done = subprocess.run([sys.executable, str(ROOT / "build.py")], cwd=root, capture_output=True, text=True,
                          env={"SOURCE_DATE_EPOCH": "1796050800", "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr
    assert "完了" in done.stdout
    assert (root / "output" / "index.html").is_file()
    assert json.loads((root / "output/openings.json").read_text())["date"] == "2026-12-01"


def test_build_py_exits_1_on_content_errors_and_2_on_usage_errors(tmp_path):
    """What CI reads: the exit status of the real program, not only of `main` called in-process."""
    missing = subprocess.run([sys.executable, str(ROOT / "build.py"), "check", "--source", str(tmp_path)],
                             capture_output=True, text=True)
    assert missing.returncode == 1, missing.stderr
    assert "site.yaml がありません" in missing.stderr
    usage = subprocess.run([sys.executable, str(ROOT / "build.py"), "build", "--no-such-option"],
                           capture_output=True, text=True)
    assert usage.returncode == 2
    assert "No such option" in usage.stderr


def test_build_reports_counts_and_exit_zero(tree, tmp_path):
    result = run_cli("build", "--source", str(tree()), "--out", str(tmp_path / "out"), "--today", "2026-11-27")
    assert result.exit_code == 0
    assert "募集中 1・募集前 0・募集終了 0" in result.stdout


def test_a_failed_build_leaves_the_previous_output_untouched(tree, tmp_path):
    out = tmp_path / "out"
    root = tree()
    assert run_cli("build", "--source", str(root), "--out", str(out), "--today", "2026-11-27").exit_code == 0
    before = snapshot(out)
    (root / "municipalities/higashiyamato/openings/dx.md").write_text(OPENING.replace("closes:", "clsoes:"))
    result = run_cli("build", "--source", str(root), "--out", str(out), "--today", "2026-11-27")
    assert result.exit_code == 1
    assert "出力は変更していません" in result.stderr
    assert snapshot(out) == before


def test_a_template_error_also_leaves_the_output_untouched(tree, tmp_path):
    out, root = tmp_path / "out", tree()
    assert pipeline.build(root, out, TODAY).ok
    before = snapshot(out)
    templates = shutil.copytree(render.TEMPLATES, tmp_path / "templates")
    (templates / "opening.html").write_text("{% extends 'base.html' %}{% block main %}{{ opening.nope }}{% endblock %}")
    result = pipeline.build(root, out, TODAY, templates)
    assert not result.ok
    assert [str(d).split(" (")[0] for d in result.diagnostics] == [
        "templates/opening.html:1: エラー: テンプレートでエラーが起きました（UndefinedError: 'jointhire.model.Opening "
        "object' has no attribute 'nope'; rendering municipalities/higashiyamato/openings/dx.md）。 テンプレートを直してください。"]
    assert snapshot(out) == before


def test_build_refuses_to_replace_a_folder_it_did_not_make(tree, tmp_path):
    precious = tmp_path / "documents"
    precious.mkdir()
    (precious / "report.docx").write_text("keep me")
    result = run_cli("build", "--source", str(tree()), "--out", str(precious), "--today", "2026-11-27")
    assert result.exit_code == 1
    assert "jointhire が作ったフォルダではないため" in result.stderr
    assert (precious / "report.docx").read_text() == "keep me"


def test_build_refuses_to_write_over_the_content(tree):
    root = tree()
    result = run_cli("build", "--source", str(root), "--out", str(root), "--today", "2026-11-27")
    assert result.exit_code == 1
    assert (root / "site.yaml").is_file()


def test_check_writes_nothing_and_counts(tree):
    root = tree()
    result = run_cli("check", "--source", str(root))
    assert result.exit_code == 0
    assert "問題ありません: 自治体 1・求人 1・イベント 1" in result.stdout
    assert not (root / "output").exists()


@pytest.mark.parametrize("args", [
    ["build", "--today", "2026/12/01"],
    ["build", "--nope"],
    ["publish"],
])
def test_usage_errors_exit_2(args):
    assert run_cli(*args).exit_code == 2


@pytest.mark.parametrize("command", [[], ["build"], ["check"], ["serve"], ["report"], ["codeowners"], ["new"],
                                     ["new", "opening"], ["new", "municipality"], ["new", "event"]])
def test_every_help_has_an_example_and_exit_codes_are_documented(command):
    result = run_cli(*command, "--help")
    assert result.exit_code == 0
    assert "Example:" in result.stdout
    assert "Exit status" in run_cli("--help").stdout


def test_an_internal_error_is_one_line_not_a_traceback(tree, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(pipeline, "check", broken)
    result = run_cli("check", "--source", str(tree()))
    assert result.exit_code == 3
    assert "Traceback" not in result.output
    assert "内部エラーが起きました（RuntimeError: boom）" in result.stderr
    assert main.name == "main"


def test_two_builds_of_the_same_content_are_byte_identical(tmp_path):
    """So that a deploy diff shows only real changes (search index included)."""
    first, second = tmp_path / "a", tmp_path / "b"
    assert pipeline.build(ROOT, first, TODAY).ok
    assert pipeline.build(ROOT, second, TODAY).ok
    assert snapshot(first) == snapshot(second)
    assert any(name.startswith("pagefind/") for name in snapshot(first))
