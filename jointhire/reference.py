"""Documentation made from the schema and the real messages, so the docs cannot drift from the code.

`field_reference()` renders docs/fields.md from the pydantic models' field descriptions;
`json_schemas()` gives JSON Schema for editors; `mistakes()` runs each common mistake through
the real pipeline and documents the exact message HR staff will see.
"""

from __future__ import annotations

import json
import tempfile
from datetime import date
from pathlib import Path

from pydantic import BaseModel
from pydantic_core import PydanticUndefined

from .schema import EventFront, MunicipalityFront, OpeningFront, SiteConfig, nested_model

FILES = (
    ("site.yaml", "サイト全体の設定", SiteConfig),
    ("municipalities/<自治体>/municipality.md", "自治体のページ", MunicipalityFront),
    ("municipalities/<自治体>/openings/<求人>.md", "求人", OpeningFront),
    ("events/<イベント>.md", "イベント", EventFront),
)


def field_reference() -> str:
    lines = ["# 項目の一覧（フィールドリファレンス）", "",
             "このページは `python scripts/make_docs.py` がスキーマ（jointhire/schema.py）から生成します。"
             "手で編集しないでください。", ""]
    for path, title, model in FILES:
        lines += [f"## {title}: `{path}`", "", "| 項目 | 必須 | 説明 |", "|---|---|---|"]
        lines += _rows(model, "")
        lines.append("")
    return "\n".join(lines)


def _rows(model: type[BaseModel], prefix: str) -> list[str]:
    rows = []
    for name, field in model.model_fields.items():
        required = "必須" if field.is_required() else ""
        description = " ".join((field.description or "").split()).replace("|", "\\|")
        rows.append(f"| `{prefix}{name}` | {required} | {description} |")
        nested = nested_model(field.annotation)
        if nested is not None:
            rows += _rows(nested, f"{prefix}{name}.")
    return rows


def json_schemas() -> dict[str, str]:
    """File name → JSON Schema text. Values are described as people write them (text is fine)."""
    out = {}
    for name, model in (("site", SiteConfig), ("municipality", MunicipalityFront), ("opening", OpeningFront),
                        ("event", EventFront)):
        schema = model.model_json_schema(mode="validation")
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        out[f"{name}.schema.json"] = json.dumps(_loosen(schema), ensure_ascii=False, indent=2) + "\n"
    return out


def _loosen(node):
    """Dates, numbers and yes/no may be written as text (和暦, 25万円, はい): say so to editors."""
    if isinstance(node, dict):
        node = {k: _loosen(v) for k, v in node.items() if k != "default" or v is not PydanticUndefined}
        if node.get("type") in ("integer", "number", "boolean") or node.get("format") in ("date", "date-time"):
            kept = {k: v for k, v in node.items() if k in ("title", "description")}
            return {**kept, "anyOf": [{k: v for k, v in node.items() if k not in ("title", "description")},
                                      {"type": "string"}]}
        return node
    if isinstance(node, list):
        return [_loosen(v) for v in node]
    return node


# ---- common mistakes ---------------------------------------------------------------------------

GOOD_OPENING = """\
---
title: DX推進担当
employment_type: regular
salary:
  min: 250000
  max: 400000
  unit: month
opens: 2026-11-01
closes: 2026-12-25
apply_url: https://apply.example.jp/dx
---
## 仕事の内容
庁内の DX を進めます。
"""
GOOD_MUNICIPALITY = """\
---
name: 東大和市
code: "132233"
website: https://www.city.higashiyamato.lg.jp/
---
"""

MISTAKES: tuple[tuple[str, str, str], ...] = (
    ("字下げにタブ文字", "salary:\n\tmin: 250000", GOOD_OPENING.replace("  min: 250000", "\tmin: 250000")),
    ("字下げに全角スペース", "salary:\n\u3000\u3000min: 250000", GOOD_OPENING.replace("  min: 250000", "\u3000\u3000min: 250000")),
    ("全角のコロン", "title：DX推進担当", GOOD_OPENING.replace("title: DX推進担当", "title：DX推進担当")),
    ("Shift_JIS で保存したファイル", "（メモ帳で ANSI / Shift_JIS を選んで保存）", "SHIFT_JIS"),
    ("項目名のつづり間違い", "clsoes: 2026-12-25", GOOD_OPENING.replace("closes:", "clsoes:")),
    ("選べない値", "employment_type: fulltime", GOOD_OPENING.replace("employment_type: regular", "employment_type: fulltime")),
    ("存在しない日付", "closes: 2026-02-30", GOOD_OPENING.replace("closes: 2026-12-25", "closes: 2026-02-30")),
    ("曜日の合わない日付", "closes: 2026年12月25日(木)", GOOD_OPENING.replace("closes: 2026-12-25", "closes: 2026年12月25日(木)")),
    ("締切が開始より前", "closes: 2026-10-01", GOOD_OPENING.replace("closes: 2026-12-25", "closes: 2026-10-01")),
    ("締切が過ぎた求人（警告）", "closes: 2026-11-01（今日より前）",
     GOOD_OPENING.replace("closes: 2026-12-25", "closes: 2026-11-01").replace("opens: 2026-11-01", "opens: 2026-10-01")),
    ("読めない金額", "min: 応相談", GOOD_OPENING.replace("min: 250000", "min: 応相談")),
    ("はい/いいえ 以外", "draft: たぶん", GOOD_OPENING.replace("closes:", "draft: たぶん\ncloses:")),
    ("存在しない共同任用先", "joint_with: [higashiyamatoo]",
     GOOD_OPENING.replace("closes:", "joint_with: [higashiyamatoo]\ncloses:")),
    ("応募先がない", "apply_url も apply_email もない", GOOD_OPENING.replace("apply_url: https://apply.example.jp/dx\n", "")),
    ("https でない URL", "apply_url: http://apply.example.jp/dx",
     GOOD_OPENING.replace("https://apply.example.jp/dx", "http://apply.example.jp/dx")),
)
"""(what went wrong, what was written, the whole broken opening file)."""

UNDERSTOOD = ("closes: 2026/12/25", "closes: 令和8年12月25日", "closes: R8.12.25", "min: ２５０，０００",
              "min: 25万円", "code: 011002（引用符なしでも先頭の 0 は消えません）", "side_jobs: はい", "BOM 付き UTF-8、CRLF 改行")


def mistakes(today: date = date(2026, 11, 27)) -> str:
    """docs/mistakes.md: each mistake, what was written, and the message the real check prints."""
    from . import pipeline  # the docs run the real pipeline

    lines = ["# よくある間違いとメッセージ", "",
             "`jointhire check` が出すメッセージの実例です。`python scripts/make_docs.py` が実際にチェックを実行して生成します"
             "（手で編集しないでください）。メッセージは「ファイル:行:列: エラー: 内容 直し方 (English)」の形です。", "",
             "## そのまま読み取れる書き方", "", "次の書き方はエラーにならず、正しく読み取られます。", ""]
    lines += [f"- `{item}`" for item in UNDERSTOOD]
    lines += ["", "## エラーになる書き方", ""]
    for title, written, text in MISTAKES:
        with tempfile.TemporaryDirectory() as folder:
            root = Path(folder)
            (root / "municipalities/higashiyamato/openings").mkdir(parents=True)
            (root / "site.yaml").write_text("title: 例\nbase_url: https://example.org/\n", encoding="utf-8")
            (root / "municipalities/higashiyamato/municipality.md").write_text(GOOD_MUNICIPALITY, encoding="utf-8")
            opening = root / "municipalities/higashiyamato/openings/dx.md"
            if text == "SHIFT_JIS":
                opening.write_bytes(GOOD_OPENING.encode("cp932"))
            else:
                opening.write_text(text, encoding="utf-8")
            result = pipeline.check(root, today)
        messages = [str(d) for d in result.diagnostics]
        lines += [f"### {title}", "", "書いた内容:", "", "```yaml", written, "```", "", "メッセージ:", "", "```text",
                  *messages, "```", ""]
    return "\n".join(lines)
