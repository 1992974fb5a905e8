"""An HR officer edits in Notepad with a Japanese IME: slips get exact messages, or are simply understood."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import MUNICIPALITY, OPENING, ROOT, TODAY, run_cli

from jointhire import pipeline, reference

OPENING_MD = "municipalities/higashiyamato/openings/dx.md"
MUNICIPALITY_MD = "municipalities/higashiyamato/municipality.md"
KEY = OPENING_MD.replace("/", "__")


def messages(root, *extra) -> list[str]:
    result = run_cli("check", "--source", str(root), "--today", "2026-11-27", *extra)
    return [line for line in result.stderr.splitlines() if ": エラー: " in line or ": 警告: " in line]


KEYBOARD_SLIPS = {
    "tab in the indentation": (
        OPENING.replace("  min: 250000", "\tmin: 250000"),
        f"{OPENING_MD}:5:1: エラー: 字下げにタブ文字が使われています。 タブを消して、半角スペース 2 つで字下げしてください。 (tab in indentation: indent with spaces)"),
    "full-width space in the indentation": (
        OPENING.replace("  min: 250000", "\u3000\u3000min: 250000"),
        f"{OPENING_MD}:5:1: エラー: 字下げに全角スペースが使われています。 全角スペースを消して、半角スペース 2 つで字下げしてください（日本語入力をオフにして入力）。 "
        "(full-width space in indentation: indent with ASCII spaces)"),
    "full-width colon after a key": (
        OPENING.replace("title: DX推進担当", "title：DX推進担当"),
        f"{OPENING_MD}:2:6: エラー: 「title」のあとのコロンが全角（：）です。 半角のコロンと半角スペースにしてください（例: title: 値）。 (full-width colon after a key: use ': ')"),
    "full-width space after the colon": (
        OPENING.replace("title: DX推進担当", "title:\u3000DX推進担当"),
        f"{OPENING_MD}:2:6: エラー: 「title:」のあとが全角スペースです。 コロンのあとは半角スペースにしてください（例: title: 値）。 (full-width space after the colon: use an ASCII space)"),
    "a weekday that does not match the date": (
        OPENING.replace("closes: 2026-12-25", "closes: 2026年12月25日(木)"),
        f"{OPENING_MD}:9:9: エラー: 「closes」の「2026年12月25日(木)」は日付として読めません: 2026年12月25日(金) は木曜日ではありません。 "
        "2026-12-25 か 令和8年12月25日 の形で書いてください。 (not a valid date)"),
    "yes/no written as something else": (
        OPENING.replace("closes:", "draft: たぶん\ncloses:"),
        f"{OPENING_MD}:9:8: エラー: 「draft」の「たぶん」は はい/いいえ として読めません。 true（はい）か false（いいえ）と書いてください。 (expected true or false)"),
    "a closing date in the past on an opening with no outcome (warning)": (
        OPENING.replace("closes: 2026-12-25", "closes: 2026-11-20"),
        f"{OPENING_MD}:9:9: 警告: 締切日 2026年11月20日(金) が過ぎています。 新しい求人なら closes を直してください。募集を終えた求人なら status: reviewing（選考中）、"
        "filled（採用者決定）、cancelled（募集中止）のどれかを書いてください。 (the closing date has passed: fix closes, or record the outcome in status)"),
}


@pytest.mark.parametrize("text, expected", KEYBOARD_SLIPS.values(), ids=KEYBOARD_SLIPS.keys())
def test_keyboard_slips_get_exact_messages(tree, text, expected):
    assert messages(tree(**{KEY: text})) == [expected]


@pytest.mark.parametrize("written", [
    "closes: 2026/12/25", "closes: 令和8年12月25日", "closes: R8.12.25", "closes: ２０２６－１２－２５",
    "closes: 2026年12月25日(金)", "closes: 2026.12.25"])
def test_dates_as_people_write_them_are_understood(tree, written):
    root = tree(**{KEY: OPENING.replace("closes: 2026-12-25", written)})
    site = pipeline.check(root, TODAY).site
    assert site.openings[0].meta.closes.isoformat() == "2026-12-25"


@pytest.mark.parametrize("written, expected", [
    ("min: ２５０，０００", 250000), ("min: 250,000円", 250000), ("min: 25万円", 250000), ("min: 25.5万", 255000)])
def test_pay_as_people_write_it_is_understood(tree, written, expected):
    root = tree(**{KEY: OPENING.replace("min: 250000", written)})
    assert pipeline.check(root, TODAY).site.openings[0].meta.salary.min == expected


def test_yaml_implicit_typing_never_surprises(tree):
    municipality = MUNICIPALITY.replace('code: "132233"', "code: 011002").replace("name: 東大和市", "name: 札幌市") \
        .replace("side_jobs: true", "side_jobs: はい")
    opening = OPENING.replace("closes:", "location: no\ncloses:")
    root = tree(**{MUNICIPALITY_MD.replace("/", "__"): municipality, KEY: opening})
    site = pipeline.check(root, TODAY).site
    m = site.municipalities[0]
    assert (m.meta.code, m.prefecture, m.meta.workplace.side_jobs) == ("011002", "北海道", True)
    assert site.openings[0].meta.location == "no"


def test_bom_and_crlf_are_simply_accepted(tree):
    crlf = ("\ufeff" + OPENING).replace("\n", "\r\n").encode("utf-8")
    result = pipeline.check(tree(**{KEY: crlf}), TODAY)
    assert result.ok and result.site.openings[0].meta.title == "DX推進担当"


def test_warnings_fail_only_with_strict(tree):
    root = tree(**{KEY: OPENING.replace("closes: 2026-12-25", "closes: 2026-11-20")})
    assert run_cli("check", "--source", str(root), "--today", "2026-11-27").exit_code == 0
    assert run_cli("check", "--source", str(root), "--today", "2026-11-27", "--strict").exit_code == 1


# ---- check formats --------------------------------------------------------------------------------


def test_check_github_format_prints_annotations_on_the_line(tree):
    root = tree(**{KEY: OPENING.replace("closes:", "clsoes:")})
    result = run_cli("check", "--source", str(root), "--today", "2026-11-27", "--format", "github")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"::error file={OPENING_MD},line=9,col=1,title=jointhire::「clsoes」という項目はありません。 "
        "「closes」のまちがいではありませんか？ (unknown key: did you mean closes?)"]


def test_check_json_format(tree):
    root = tree(**{KEY: OPENING.replace("closes:", "clsoes:")})
    result = run_cli("check", "--source", str(root), "--today", "2026-11-27", "--format", "json")
    data = json.loads(result.stdout)
    assert data["ok"] is False
    assert data["diagnostics"][0] | {"message": ""} == {"path": OPENING_MD, "line": 9, "col": 1, "severity": "error",
                                                        "code": "unknown-key", "message": ""}


# ---- new ---------------------------------------------------------------------------------------


def test_new_opening_writes_an_explained_file_that_validates(tree):
    root = tree()
    result = run_cli("new", "opening", "higashiyamato/security-2027", "--source", str(root), "--title", "セキュリティ担当: 任期付",
                     "--employment-type", "fixed_term", "--closes", "2027-01-31", "--apply", "saiyo@city.example.lg.jp")
    assert result.exit_code == 0, result.output
    text = (root / "municipalities/higashiyamato/openings/security-2027.md").read_text(encoding="utf-8")
    assert "# 募集締切日。この日の終わりまで応募できます。\ncloses: 2027-01-31\n" in text
    assert "# workload: 月4日程度" in text  # optional fields wait, commented, with an example
    check = pipeline.check(root, TODAY)
    assert check.ok
    assert any(o.meta.title == "セキュリティ担当: 任期付" for o in check.site.openings)


def test_new_asks_for_the_essentials_when_not_given(tree):
    root = tree()
    answers = "\n".join(["合同説明会", "2027-01-16T14:00", "higashiyamato"]) + "\n"
    from click.testing import CliRunner

    from jointhire.cli import main
    result = CliRunner().invoke(main, ["new", "event", "briefing-2027", "--source", str(root)], input=answers)
    assert result.exit_code == 0, result.output
    assert pipeline.check(root, TODAY).site.events[-1].meta.title == "合同説明会"


def test_new_municipality_then_its_opening(tree):
    root = tree()
    result = run_cli("new", "municipality", "kodaira", "--source", str(root), "--name", "小平市", "--code", "132110",
                     "--website", "https://www.city.kodaira.tokyo.jp/")
    assert result.exit_code == 0, result.output
    assert run_cli("new", "opening", "kodaira/dx", "--source", str(root), "--title", "DX", "--employment-type", "regular",
                   "--closes", "2027-02-01", "--apply", "https://www.city.kodaira.tokyo.jp/saiyo/").exit_code == 0
    site = pipeline.check(root, TODAY).site
    assert [m.name for m in site.municipalities] == ["小平市", "東大和市"]


def test_new_never_overwrites_and_checks_the_slug(tree):
    root = tree()
    path = root / OPENING_MD
    before = path.read_bytes()
    args = ["--source", str(root), "--title", "x", "--employment-type", "regular", "--closes", "2027-01-31", "--apply", "a@b.jp"]
    result = run_cli("new", "opening", "higashiyamato/dx", *args)
    assert result.exit_code == 1 and "上書きはしません" in result.stderr
    assert path.read_bytes() == before
    assert run_cli("new", "opening", "higashiyamato/DX_2027", *args).exit_code == 2
    assert run_cli("new", "opening", "nowhere/dx-2", *args).exit_code == 2


# ---- report ------------------------------------------------------------------------------------


def test_report_lists_what_needs_attention(tree):
    files = {KEY: OPENING.replace("closes: 2026-12-25", "closes: 2026-12-05"),
             "municipalities__higashiyamato__openings__old.md": OPENING.replace("closes: 2026-12-25", "closes: 2026-10-31")
             .replace("opens: 2026-11-01", "opens: 2026-04-01").replace("DX推進担当", "旧求人"),
             "municipalities__musashino__municipality.md": MUNICIPALITY.replace("東大和市", "武蔵野市")
             .replace('"132233"', '"132039"')}
    root = tree(**files)
    text = run_cli("report", "--source", str(root), "--today", "2026-11-27").stdout
    assert "■ 14日以内に締め切る求人（1件）\n  - 2026年12月5日(土) 締切（あと8日）: 東大和市「DX推進担当」 [municipalities/higashiyamato/openings/dx.md]" in text
    assert "■ 締切後の状況（status）が書かれていない求人（1件）\n  - 2026年10月31日(土) 締切: 東大和市「旧求人」" in text
    assert "■ 募集中の求人がない自治体（1団体）\n  - 武蔵野市 [municipalities/musashino/municipality.md]" in text
    assert "更新日の記載なし" in text
    markdown = run_cli("report", "--source", str(root), "--today", "2026-11-27", "--format", "markdown").stdout
    assert markdown.startswith("## 募集状況レポート（2026年11月27日(金)）")
    assert "### 募集中の求人がない自治体（1団体）" in markdown


# ---- codeowners -----------------------------------------------------------------------------------


def test_codeowners_round_trip(tree):
    municipality = MUNICIPALITY.replace("workplace:", "maintainers:\n  - higashiyamato-hr\n  - '@dx-lead'\nworkplace:")
    root = tree(**{MUNICIPALITY_MD.replace("/", "__"): municipality})
    assert run_cli("codeowners", "--source", str(root)).exit_code == 0
    text = (root / ".github/CODEOWNERS").read_text(encoding="utf-8")
    assert "/municipalities/higashiyamato/ @higashiyamato-hr @dx-lead\n" in text
    assert run_cli("check", "--source", str(root), "--today", "2026-11-27").exit_code == 0
    assert run_cli("codeowners", "--source", str(root), "--check").exit_code == 0

    (root / MUNICIPALITY_MD).write_text(municipality.replace("  - '@dx-lead'\n", ""), encoding="utf-8")
    assert messages(root) == [".github/CODEOWNERS: エラー: .github/CODEOWNERS が各自治体の maintainers と一致していません。 "
                              "`jointhire codeowners` を実行し、更新されたファイルを一緒にコミットしてください。 "
                              "(CODEOWNERS is out of date: run `jointhire codeowners`)"]
    assert run_cli("codeowners", "--source", str(root), "--check").exit_code == 1
    assert run_cli("codeowners", "--source", str(root)).exit_code == 0
    assert run_cli("check", "--source", str(root), "--today", "2026-11-27").exit_code == 0


def test_the_bundled_codeowners_is_current():
    assert run_cli("codeowners", "--source", str(ROOT), "--check").exit_code == 0


# ---- docs ----------------------------------------------------------------------------------------


def test_generated_docs_match_the_schema_and_the_real_messages():
    done = subprocess.run([sys.executable, str(ROOT / "scripts/make_docs.py"), "--check"], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_field_reference_names_every_field():
    text = (ROOT / "docs/fields.md").read_text(encoding="utf-8")
    for _, _, model in reference.FILES:
        for name in model.model_fields:
            assert f"`{name}`" in text or f".{name}`" in text


def test_the_guide_links_the_generated_pages():
    guide = (ROOT / "docs/guide.md").read_text(encoding="utf-8")
    assert "(fields.md)" in guide and "(mistakes.md)" in guide
