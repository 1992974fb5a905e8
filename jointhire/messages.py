"""Every message the tool prints about content, in one place: Japanese first, how to fix, English gloss.

A message is `(日本語, 直し方, English)`; each is a `str.format` template over the diagnostic's
params. A hint that depends on whether a suggestion exists is written as two entries, the
second keyed `code+suggestion`.
"""

from __future__ import annotations

CATALOG: dict[str, tuple[str, str, str]] = {
    # ---- files and folders ------------------------------------------------------------------
    "site-missing": (
        "site.yaml がありません。",
        "コンテンツのフォルダ（--source）に site.yaml を置いてください。",
        "site.yaml is missing"),
    "municipality-missing": (
        "municipality.md がありません。",
        "自治体のフォルダには municipality.md が必要です。`jointhire new` の見本を参考に作ってください。",
        "municipality.md is missing"),
    "bad-slug": (
        "{what}「{name}」は使えません。",
        "半角英小文字・数字とハイフンだけ（例: higashiyamato, dx-engineer-2027）、64 文字以内にしてください。",
        "not a valid slug: use a-z, 0-9 and single hyphens"),
    "stray-file": (
        "このファイル・フォルダは読み込まれません。",
        "置き場所か名前を確かめてください（ここに置けるのは {expected}）。",
        "ignored: not part of the content layout"),
    "unreadable": (
        "ファイルを読めません（{reason}）。",
        "ファイルの権限や壊れていないかを確かめてください。",
        "cannot read the file"),
    "not-utf8": (
        "文字コードが UTF-8 ではありません（Shift_JIS などで保存されています）。",
        "メモ帳なら「名前を付けて保存」で文字コードに「UTF-8」を選んで保存し直してください。",
        "the file is not UTF-8"),
    "no-front-matter": (
        "ファイルの先頭に --- で始まる設定欄（front matter）がありません。",
        "1 行目を --- にし、項目を書いたあと --- だけの行で閉じてください。",
        "no front matter: did you forget the opening ---?"),
    "unclosed-front-matter": (
        "設定欄（front matter）が --- で閉じられていません。",
        "項目の最後に --- だけの行を入れ、その下に本文を書いてください。",
        "front matter is not closed with ---"),
    "yaml-syntax": (
        "YAML の書き方に誤りがあります（{problem}）。",
        "「項目名: 値」の形か、字下げ（半角スペース）、引用符の閉じ忘れを確かめてください。",
        "YAML syntax error"),
    "yaml-unclosed-quote": (
        "ここで始まった引用符（\" または '）が閉じられていません。",
        "値の終わりに同じ引用符を付けてください（例: title: \"DX推進担当\"）。",
        "unclosed quote"),
    "yaml-unclosed-bracket": (
        "ここで始まった [ または {{ が閉じられていません。",
        "同じ行の終わりに ] または }} を付けるか、「- 項目」の形で 1 行に 1 つずつ書いてください。",
        "unclosed bracket"),
    "yaml-colon-in-value": (
        "値の中に「: 」（コロンと空白）があり、項目名と区別できません。",
        "値全体を \"…\" で囲むか、字下げを確かめてください（例: title: \"講座: 入門\"）。",
        "': ' inside a value: quote the value"),
    "yaml-bad-start": (
        "値を @ や ` などの記号で始めることはできません。",
        "値全体を \"…\" で囲んでください（例: maintainers: [\"@tokyo-hr\"]）。",
        "a value cannot start with this character: quote it"),
    "yaml-indent": (
        "字下げがずれています。",
        "同じ階層の項目は同じ数の半角スペースで字下げしてください（下の階層は 2 つ多く）。",
        "inconsistent indentation"),
    "tab-indent": (
        "字下げにタブ文字が使われています。",
        "タブを消して、半角スペース 2 つで字下げしてください。",
        "tab in indentation: indent with spaces"),
    "fullwidth-indent": (
        "字下げに全角スペースが使われています。",
        "全角スペースを消して、半角スペース 2 つで字下げしてください（日本語入力をオフにして入力）。",
        "full-width space in indentation: indent with ASCII spaces"),
    "fullwidth-colon": (
        "「{key}」のあとのコロンが全角（：）です。",
        "半角のコロンと半角スペースにしてください（例: {key}: 値）。",
        "full-width colon after a key: use ': '"),
    "fullwidth-space-after-colon": (
        "「{key}:」のあとが全角スペースです。",
        "コロンのあとは半角スペースにしてください（例: {key}: 値）。",
        "full-width space after the colon: use an ASCII space"),
    "not-a-mapping": (
        "設定欄が「項目名: 値」の形になっていません。",
        "1 行に 1 項目ずつ「title: 〇〇」のように書いてください。",
        "front matter must be a mapping of keys to values"),
    "yaml-too-complex": (
        "YAML の参照（& と *）が多すぎるか、自分自身を参照しています。",
        "& と * を使わずに、値をそのまま書いてください。",
        "YAML aliases too deep or recursive"),
    "bad-key": (
        "項目名がリストや入れ子になっています。",
        "「項目名: 値」の形で、項目名は 1 語の文字列にしてください（例: title）。",
        "a key must be plain text"),
    "duplicate-key": (
        "「{key}」が 2 回書かれています（最初は {first} 行目）。",
        "どちらか一方を消してください。",
        "duplicate key"),
    # ---- fields -----------------------------------------------------------------------------
    "missing-key": (
        "必須の項目「{key}」がありません。",
        "「{key}: 値」の行を追加してください。",
        "required key is missing"),
    "missing-nested-key": (
        "必須の項目「{key}」がありません。",
        "「{parent}:」の下に半角スペース 2 つで字下げして「{leaf}: 値」の行を追加してください。",
        "required key is missing"),
    "not-positive": (
        "「{key}」の値 {value} は使えません。",
        "0 より大きい値にしてください。",
        "value must be greater than {min}"),
    "unknown-key": (
        "「{key}」という項目はありません。",
        "使える項目: {allowed}",
        "unknown key"),
    "unknown-key+suggestion": (
        "「{key}」という項目はありません。",
        "「{suggestion}」のまちがいではありませんか？",
        "unknown key: did you mean {suggestion}?"),
    "empty-value": (
        "「{key}」が空です。",
        "値を書くか、不要ならその行ごと消してください。",
        "value is empty"),
    "not-text": (
        "「{key}」は 1 つの値で書いてください。",
        "リストや入れ子にせず「{key}: 値」の 1 行で書いてください。",
        "expected a single text value"),
    "not-a-list": (
        "「{key}」はリストで書いてください。",
        "次の行から「- 項目」の形で 1 行に 1 つずつ書いてください。",
        "expected a list"),
    "list-too-short": (
        "「{key}」には {min} つ以上の項目が必要です。",
        "「- 項目」の行を追加してください。",
        "list needs at least {min} item(s)"),
    "not-a-section": (
        "「{key}」は字下げした項目のまとまりで書いてください。",
        "次の行から半角スペース 2 つで字下げして、{fields} などを書いてください。",
        "expected a nested mapping"),
    "not-an-integer": (
        "「{key}」の「{value}」は整数として読めません。",
        "半角数字で書いてください（例: 2）。",
        "not a whole number"),
    "not-a-number": (
        "「{key}」の「{value}」は数値として読めません。",
        "半角数字で書いてください（例: 3.8）。",
        "not a number"),
    "too-small": (
        "「{key}」の値 {value} が小さすぎます。",
        "{min} 以上にしてください。",
        "value below minimum {min}"),
    "too-large": (
        "「{key}」の値 {value} が大きすぎます。",
        "{max} 以下にしてください。",
        "value above maximum {max}"),
    "invalid-value": (
        "「{key}」の値が正しくありません。",
        "見本と同じ形で書いてください。",
        "{detail}"),
    "bad-choice": (
        "「{key}」に「{value}」は選べません。",
        "次のどれかを書いてください: {choices}",
        "not one of the allowed values"),
    "bad-choice+suggestion": (
        "「{key}」に「{value}」は選べません。",
        "「{suggestion}」のまちがいではありませんか？（選べる値: {choices}）",
        "not an allowed value: did you mean {suggestion}?"),
    "bad-bool": (
        "「{key}」の「{value}」は はい/いいえ として読めません。",
        "true（はい）か false（いいえ）と書いてください。",
        "expected true or false"),
    "bad-date": (
        "「{key}」の「{value}」は日付として読めません: {reason}。",
        "2026-12-25 か 令和8年12月25日 の形で書いてください。",
        "not a valid date"),
    "bad-datetime": (
        "「{key}」の「{value}」は日時として読めません: {reason}。",
        "2026-12-12T14:00 の形で書いてください（時差を省くと日本時間）。",
        "not a valid ISO 8601 date-time"),
    "bad-url": (
        "「{key}」の「{value}」は使える URL ではありません。",
        "{schemes}:// で始まる URL を書いてください（例: https://www.city.example.lg.jp/）。",
        "URL must start with {schemes}://"),
    "bad-email": (
        "「{key}」の「{value}」はメールアドレスとして読めません。",
        "saiyo@city.example.lg.jp のように半角で書いてください。",
        "not an e-mail address"),
    "bad-slug-value": (
        "「{key}」の「{value}」は自治体のフォルダ名（スラッグ）の形ではありません。",
        "municipalities/ の下のフォルダ名（例: higashiyamato）を書いてください。",
        "not a slug"),
    "bad-github": (
        "「{key}」の「{value}」は GitHub のユーザー名として読めません。",
        "GitHub のユーザー名（英数字とハイフン、39 文字以内）を書いてください。",
        "not a GitHub handle"),
    "bad-amount": (
        "「{key}」の「{value}」は金額として読めません。",
        "円単位の数字で書いてください（例: 250000、25万）。",
        "not an amount in yen"),
    "bad-code": (
        "団体コード「{value}」は 6 桁の数字ではありません。",
        "全国地方公共団体コードの 6 桁（検査数字を含む）を引用符で囲んで書いてください（例: code: \"132233\"）。",
        "code must be 6 digits"),
    "bad-check-digit": (
        "団体コード「{value}」の検査数字（6 桁目）が合いません。",
        "コードを確かめてください。最初の 5 桁が正しければ「{expected}」です。",
        "check digit does not match"),
    "bad-code-prefecture": (
        "団体コード「{value}」の最初の 2 桁が都道府県コード（01〜47）ではありません。",
        "総務省の全国地方公共団体コードを確かめてください。",
        "code does not start with a prefecture code"),
    "prefecture-mismatch": (
        "prefecture「{value}」が団体コード {code} の都道府県（{expected}）と一致しません。",
        "prefecture を「{expected}」にするか、この行を消してください（コードから自動で決まります）。",
        "prefecture does not match the code"),
    "base-url-slash": (
        "base_url「{value}」が / で終わっていません。",
        "最後に / を付けてください（例: https://example.org/tokyo-ict/）。",
        "base_url must end with /"),
    "score-above-scale": (
        "「{key}」の点数 {score} が満点 {scale} を超えています。",
        "0 から {scale} の間にしてください。",
        "score exceeds scale"),
    "salary-range": (
        "給与の上限 {max} が下限 {min} より小さくなっています。",
        "max を min 以上にしてください。",
        "salary max is below min"),
    "apply-missing": (
        "応募先がありません。",
        "apply_url（応募ページの https URL）か apply_email（応募先メールアドレス）を書いてください。",
        "apply_url or apply_email is required"),
    "closes-before-opens": (
        "募集締切日 {closes} が募集開始日 {opens} より前です。",
        "opens と closes を確かめてください。",
        "closes is before opens"),
    "term-end-before-start": (
        "任期の終わりが始まりより前です。",
        "term の start と end を確かめてください。",
        "term end is before its start"),
    "ends-before-starts": (
        "終了日時が開始日時より前です。",
        "starts と ends を確かめてください。",
        "ends is before starts"),
    # ---- across files -----------------------------------------------------------------------
    "unknown-municipality": (
        "「{value}」という自治体はありません。",
        "municipalities/ の下のフォルダ名を書いてください。",
        "no such municipality"),
    "unknown-municipality+suggestion": (
        "「{value}」という自治体はありません。",
        "「{suggestion}」のまちがいではありませんか？",
        "no such municipality: did you mean {suggestion}?"),
    "joint-with-self": (
        "joint_with に自分の自治体「{value}」が入っています。",
        "一緒に採用する他の自治体だけを書いてください。",
        "joint_with lists the opening's own municipality"),
    "html-dropped": (
        "本文の HTML「{tag}」は安全のため表示されません。",
        "Markdown で書いてください（見出しは ##、リンクは [文字](https://…)、表は | 区切り）。",
        "raw HTML removed by the sanitiser"),
    "symlink": (
        "シンボリックリンクは読み込みません。",
        "リンクではなく、ファイルそのものを置いてください。",
        "symbolic links are not followed"),
    "file-too-large": (
        "ファイルが大きすぎます（{size}）。上限は {limit} です。",
        "本文を短くするか、詳しい資料は募集要項（official_notice_url）へのリンクにしてください。",
        "file too large"),
    "closed-without-outcome": (
        "締切日 {closes} が過ぎています。",
        "新しい求人なら closes を直してください。募集を終えた求人なら status: reviewing（選考中）、filled（採用者決定）、"
        "cancelled（募集中止）のどれかを書いてください。",
        "the closing date has passed: fix closes, or record the outcome in status"),
    "duplicate-value": (
        "{what}「{value}」は {other} でも使われています。",
        "自治体ごとに異なる値にしてください。",
        "duplicate {what_en}"),
    "codeowners-stale": (
        ".github/CODEOWNERS が各自治体の maintainers と一致していません。",
        "`jointhire codeowners` を実行し、更新されたファイルを一緒にコミットしてください。",
        "CODEOWNERS is out of date: run `jointhire codeowners`"),
    # ---- build ------------------------------------------------------------------------------
    "template-error": (
        "テンプレートでエラーが起きました（{detail}）。",
        "テンプレートを直してください。",
        "template error"),
    "output-conflict": (
        "出力先 {url} を複数のページが使おうとしています（{sources}）。",
        "フォルダ名・ファイル名を変えてください。",
        "two pages want the same output path"),
}


def render(code: str, params: dict[str, object]) -> str:
    """One line: the Japanese message and fix, then the English gloss in parentheses."""
    if params.get("suggestion") and f"{code}+suggestion" in CATALOG:
        code = f"{code}+suggestion"
    ja, hint, en = CATALOG[code]
    values = _Defaulting({k: _one_line(v) for k, v in params.items()})
    return f"{ja.format_map(values)} {hint.format_map(values)} ({en.format_map(values)})"


def _one_line(value: object) -> object:
    """A value shown inside a one-line message: line breaks written as \\n."""
    return value.replace("\r", "").replace("\n", "\\n") if isinstance(value, str) else value


class _Defaulting(dict):
    """Format params; a missing one shows as `?` rather than failing the report."""

    def __missing__(self, key: str) -> str:
        return "?"
