"""Content comes from many hands: none of it can run script, escape its folder or claim another's entry."""

from __future__ import annotations

import json

from conftest import MUNICIPALITY, OPENING, TODAY, run_cli, soup

from jointhire import pipeline

OPENING_MD = "municipalities/higashiyamato/openings/dx.md"
KEY = OPENING_MD.replace("/", "__")


def build(tree, tmp_path, **changes):
    root = tree(**changes)
    out = tmp_path / "out"
    result = pipeline.build(root, out, TODAY, search_index=False)
    assert result.ok, [str(d) for d in result.diagnostics]
    return out, result


def lines(result) -> list[str]:
    return [str(d) for d in result.diagnostics]


def test_raw_html_is_removed_and_the_author_is_told_where(tree, tmp_path):
    body = "\n## 仕事\n<script>alert(1)</script>\n<img src=x onerror=alert(1)>\n\n[x](javascript:alert(1))\n`<b>` はコード\n"
    out, result = build(tree, tmp_path, **{KEY: OPENING + body})
    html = (out / "municipalities/higashiyamato/openings/dx/index.html").read_text(encoding="utf-8")
    prose = soup(out / "municipalities/higashiyamato/openings/dx/index.html").select_one(".prose")
    assert prose.find_all(["script", "img", "iframe"]) == []  # at most shown as text, never run
    assert "onerror" not in html and 'href="javascript:' not in html
    assert lines(result) == [
        f"{OPENING_MD}:16: 警告: 本文の HTML「<script>」は安全のため表示されません。 Markdown で書いてください（見出しは ##、リンクは "
        "[文字](https://…)、表は | 区切り）。 (raw HTML removed by the sanitiser)",
        f"{OPENING_MD}:17: 警告: 本文の HTML「<img src=x onerror=alert(1)>」は安全のため表示されません。 Markdown で書いてください（見出しは ##、"
        "リンクは [文字](https://…)、表は | 区切り）。 (raw HTML removed by the sanitiser)"]


def test_closing_a_script_element_from_a_field_is_impossible(tree, tmp_path):
    title = "</script><script>alert(1)</script>"
    out, _ = build(tree, tmp_path, **{KEY: OPENING.replace("title: DX推進担当", f"title: '{title}'")})
    doc = soup(out / "municipalities/higashiyamato/openings/dx/index.html")
    scripts = doc.find_all("script")
    assert [s.get("type") for s in scripts] == ["application/ld+json"]
    assert json.loads(scripts[0].string)["title"] == title
    assert doc.h1.get_text() == title


def test_content_is_never_evaluated_as_a_template(tree, tmp_path):
    out, _ = build(tree, tmp_path, **{KEY: OPENING.replace("title: DX推進担当", "title: '{{ 7*7 }}'") +
                                      "\n{% include 'base.html' %} {{ site }}\n"})
    doc = soup(out / "municipalities/higashiyamato/openings/dx/index.html")
    assert doc.h1.get_text() == "{{ 7*7 }}"
    assert "{% include 'base.html' %} {{ site }}" in doc.select_one(".prose").get_text()


def test_every_page_forbids_inline_script_and_other_origins(tree, tmp_path):
    out, _ = build(tree, tmp_path)
    for path in out.rglob("*.html"):
        csp = soup(path).find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
        assert "script-src 'self' 'wasm-unsafe-eval'" in csp and "'unsafe-inline'" not in csp
        assert "default-src 'self'" in csp


def test_a_symbolic_link_is_refused(tree, tmp_path):
    secret = tmp_path / "secret.md"
    secret.write_text(OPENING, encoding="utf-8")
    root = tree()
    (root / "municipalities/higashiyamato/openings/leak.md").symlink_to(secret)
    result = run_cli("check", "--source", str(root), "--today", "2026-11-27")
    assert result.exit_code == 1
    assert "municipalities/higashiyamato/openings/leak.md: エラー: シンボリックリンクは読み込みません。" in result.stderr


def test_a_huge_file_is_refused_with_its_size(tree):
    root = tree(**{KEY: OPENING + "あ" * 400_000})
    result = run_cli("check", "--source", str(root), "--today", "2026-11-27")
    assert f"{OPENING_MD}: エラー: ファイルが大きすぎます（1.1 MiB）。上限は 1 MiB です。" in result.stderr


def test_one_municipality_cannot_claim_anothers_code_or_name(tree):
    copy = MUNICIPALITY.replace("東大和市で働く魅力。", "")
    root = tree(**{"municipalities__fake__municipality.md": copy})
    result = run_cli("check", "--source", str(root), "--today", "2026-11-27")
    errors = [line for line in result.stderr.splitlines() if "エラー:" in line and line.startswith("municipalities/")]
    assert errors == [
        "municipalities/higashiyamato/municipality.md:2:7: エラー: 自治体名「東大和市」は municipalities/fake/municipality.md でも使われています。 "
        "自治体ごとに異なる値にしてください。 (duplicate name)",
        "municipalities/higashiyamato/municipality.md:3:7: エラー: 団体コード「132233」は municipalities/fake/municipality.md でも使われています。 "
        "自治体ごとに異なる値にしてください。 (duplicate code)"]
