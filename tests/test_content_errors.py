"""An HR officer makes a mistake: the build fails with one line per problem naming file, line and fix.

Each case is a small broken tree and the exact line the officer sees.
"""

from __future__ import annotations

import pytest
from conftest import EVENT, MUNICIPALITY, OPENING, SITE_YAML, run_cli

OPENING_MD = "municipalities/higashiyamato/openings/dx.md"
MUNICIPALITY_MD = "municipalities/higashiyamato/municipality.md"


def check(tree, **changes) -> list[str]:
    root = tree(**changes)
    result = run_cli("check", "--source", str(root), "--today", "2026-11-27")
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    return [line for line in result.stderr.splitlines() if ": エラー: " in line or ": 警告: " in line]


CASES = {
    "unknown key with a suggestion": (
        {OPENING_MD: OPENING.replace("closes:", "clsoes:")},
        [f"{OPENING_MD}:9:1: エラー: 「clsoes」という項目はありません。 「closes」のまちがいではありませんか？ "
         "(unknown key: did you mean closes?)"]),
    "nested unknown key": (
        {OPENING_MD: OPENING.replace("  unit: month", "  unit: month\n  bonus: 4.5")},
        [f"{OPENING_MD}:8:3: エラー: 「bonus」という項目はありません。 使える項目: min, max, unit (unknown key)"]),
    "employment type with a suggestion": (
        {OPENING_MD: OPENING.replace("employment_type: regular", "employment_type: fulltime")},
        [f"{OPENING_MD}:3:18: エラー: 「employment_type」に「fulltime」は選べません。 「regular」のまちがいではありませんか？"
         "（選べる値: regular（正規職員） | fixed_term（任期付職員） | part_time（会計年度任用職員） | side_job（副業・兼業） | "
         "contract（業務委託）） (not an allowed value: did you mean regular?)"]),
    "date that does not exist": (
        {OPENING_MD: OPENING.replace("closes: 2026-12-25", "closes: 2026-02-30")},
        [f"{OPENING_MD}:9:9: エラー: 「closes」の「2026-02-30」は日付として読めません: 2026-02-30 という日付は存在しません。 "
         "2026-12-25 か 令和8年12月25日 の形で書いてください。 (not a valid date)"]),
    "closes before opens": (
        {OPENING_MD: OPENING.replace("closes: 2026-12-25", "closes: 2026-10-01")},
        [f"{OPENING_MD}:9:9: エラー: 募集締切日 2026-10-01 が募集開始日 2026-11-01 より前です。 opens と closes を確かめてください。 "
         "(closes is before opens)"]),
    "salary max below min": (
        {OPENING_MD: OPENING.replace("max: 400000", "max: 200000")},
        [f"{OPENING_MD}:6:8: エラー: 給与の上限 200000 が下限 250000 より小さくなっています。 max を min 以上にしてください。 "
         "(salary max is below min)"]),
    "no way to apply": (
        {OPENING_MD: OPENING.replace("apply_url: https://apply.example.jp/dx\n", "")},
        [f"{OPENING_MD}:1:1: エラー: 応募先がありません。 apply_url（応募ページの https URL）か apply_email（応募先メールアドレス）を書いてください。 "
         "(apply_url or apply_email is required)"]),
    "apply url that is not https": (
        {OPENING_MD: OPENING.replace("https://apply.example.jp/dx", "javascript:alert(1)")},
        [f"{OPENING_MD}:10:12: エラー: 「apply_url」の「javascript:alert(1)」は使える URL ではありません。 https:// で始まる URL を書いてください"
         "（例: https://www.city.example.lg.jp/）。 (URL must start with https://)"]),
    "bad check digit": (
        {MUNICIPALITY_MD: MUNICIPALITY.replace('"132233"', '"132234"')},
        [f"{MUNICIPALITY_MD}:3:7: エラー: 団体コード「132234」の検査数字（6 桁目）が合いません。 コードを確かめてください。最初の 5 桁が正しければ「132233」です。 "
         "(check digit does not match)"]),
    "prefecture that does not match the code": (
        {MUNICIPALITY_MD: MUNICIPALITY.replace("website:", "prefecture: 大阪府\nwebsite:")},
        [f"{MUNICIPALITY_MD}:4:13: エラー: prefecture「大阪府」が団体コード 132233 の都道府県（東京都）と一致しません。 "
         "prefecture を「東京都」にするか、この行を消してください（コードから自動で決まります）。 (prefecture does not match the code)"]),
    "YAML syntax error": (
        {OPENING_MD: OPENING.replace("title: DX推進担当", "title: [DX推進担当")},
        [f"{OPENING_MD}:2:8: エラー: ここで始まった [ または {{ が閉じられていません。 同じ行の終わりに ] または }} を付けるか、"
         "「- 項目」の形で 1 行に 1 つずつ書いてください。 (unclosed bracket)".replace("{{", "{").replace("}}", "}")]),
    "no front matter": (
        {OPENING_MD: "タイトルだけ\n"},
        [f"{OPENING_MD}:1:1: エラー: ファイルの先頭に --- で始まる設定欄（front matter）がありません。 1 行目を --- にし、項目を書いたあと --- だけの行で閉じてください。 "
         "(no front matter: did you forget the opening ---?)"]),
    "front matter not closed": (
        {OPENING_MD: "---\ntitle: x\n"},
        [f"{OPENING_MD}:1:1: エラー: 設定欄（front matter）が --- で閉じられていません。 項目の最後に --- だけの行を入れ、その下に本文を書いてください。 "
         "(front matter is not closed with ---)"]),
    "Shift_JIS file": (
        {OPENING_MD: OPENING.encode("cp932")},
        [f"{OPENING_MD}:2: エラー: 文字コードが UTF-8 ではありません（Shift_JIS などで保存されています）。 "
         "メモ帳なら「名前を付けて保存」で文字コードに「UTF-8」を選んで保存し直してください。 (the file is not UTF-8)"]),
    "folder name that is not a slug": (
        {"municipalities/Higashi_Yamato/municipality.md": MUNICIPALITY},
        ["municipalities/Higashi_Yamato: エラー: フォルダ名「Higashi_Yamato」は使えません。 "
         "半角英小文字・数字とハイフンだけ（例: higashiyamato, dx-engineer-2027）、64 文字以内にしてください。 "
         "(not a valid slug: use a-z, 0-9 and single hyphens)"]),
    "event names a municipality that does not exist": (
        {"events/briefing.md": EVENT.replace("- higashiyamato", "- higashiyamatoo")},
        ["events/briefing.md:5:5: エラー: 「higashiyamatoo」という自治体はありません。 「higashiyamato」のまちがいではありませんか？ "
         "(no such municipality: did you mean higashiyamato?)"]),
    "joint_with names a municipality that does not exist": (
        {OPENING_MD: OPENING.replace("closes:", "joint_with: [musashino]\ncloses:")},
        [f"{OPENING_MD}:9:14: エラー: 「musashino」という自治体はありません。 municipalities/ の下のフォルダ名を書いてください。 "
         "(no such municipality)"]),
    "event start without a time": (
        {"events/briefing.md": EVENT.replace("2026-12-12T14:00", "2026-12-12")},
        ["events/briefing.md:3:9: エラー: 「starts」の「2026-12-12」は日時として読めません: 時刻がありません（例: 2026-12-12T14:00）。 "
         "2026-12-12T14:00 の形で書いてください（時差を省くと日本時間）。 (not a valid ISO 8601 date-time)"]),
    "site.yaml base_url without a trailing slash": (
        {"site.yaml": SITE_YAML.replace("test-ict/", "test-ict")},
        ["site.yaml:2:11: エラー: base_url「https://example.org/test-ict」が / で終わっていません。 "
         "最後に / を付けてください（例: https://example.org/tokyo-ict/）。 (base_url must end with /)"]),
    "duplicate key": (
        {OPENING_MD: OPENING.replace("closes: 2026-12-25", "closes: 2026-12-25\ncloses: 2026-12-26")},
        [f"{OPENING_MD}:10:1: エラー: 「closes」が 2 回書かれています（最初は 9 行目）。 どちらか一方を消してください。 (duplicate key)"]),
    "empty required value": (
        {OPENING_MD: OPENING.replace("title: DX推進担当", "title:")},
        [f"{OPENING_MD}:2:7: エラー: 「title」が空です。 値を書くか、不要ならその行ごと消してください。 (value is empty)"]),
}


@pytest.mark.parametrize("changes, expected", CASES.values(), ids=CASES.keys())
def test_each_mistake_gets_its_message_with_file_and_line(tree, changes, expected):
    assert check(tree, **{k.replace("/", "__"): v for k, v in changes.items()}) == expected


def test_every_problem_is_reported_in_one_run(tree):
    lines = check(tree, **{
        OPENING_MD.replace("/", "__"): OPENING.replace("closes: 2026-12-25", "closes: 2026-13-01"),
        MUNICIPALITY_MD.replace("/", "__"): MUNICIPALITY.replace("https://www", "http://www"),
        "events__briefing.md": EVENT.replace("- higashiyamato", "- nowhere"),
    })
    assert [line.split(": エラー")[0] for line in lines] == [
        "events/briefing.md:5:5", f"{MUNICIPALITY_MD}:4:10", f"{OPENING_MD}:9:9"]


def test_a_full_width_or_mistyped_number_is_understood_or_named(tree):
    root = tree(**{OPENING_MD.replace("/", "__"): OPENING.replace("min: 250000", "min: ２５万円")
                   .replace("max: 400000", "max: 400,000円")})
    assert run_cli("check", "--source", str(root), "--today", "2026-11-27").exit_code == 0
    lines = check(tree, **{OPENING_MD.replace("/", "__"): OPENING.replace("min: 250000", "min: 応相談")})
    assert lines == [f"{OPENING_MD}:5:8: エラー: 「salary.min」の「応相談」は金額として読めません。 円単位の数字で書いてください（例: 250000、25万）。 "
                     "(not an amount in yen)"]


def test_every_message_in_the_catalog_renders_japanese_first_with_a_gloss():
    from jointhire import messages

    for code in messages.CATALOG:
        text = messages.render(code, {})
        assert text.endswith(")") and " (" in text, code
        assert any("\u3040" <= c <= "\u9fff" for c in text.split(" (")[0]), code
