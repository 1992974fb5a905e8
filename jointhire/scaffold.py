"""`new`: start a municipality, opening or event from a file whose every field is explained.

The comments are the schema's own field descriptions, so the skeleton and the validator cannot
disagree. Answers given fill the required fields; optional ones stay commented out with an
example, ready to be switched on by deleting the `# `. Nothing is ever overwritten.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel

from .schema import EventFront, Front, MunicipalityFront, OpeningFront, nested_model
from .sources import SLUG, SLUG_MAX

# An example for each optional field, shown commented out in a new file.
EXAMPLES: dict[str, str] = {
    "name_kana": "ひがしやまとし", "name_en": "Higashiyamato City", "prefecture": "東京都",
    "tagline": "小さな市役所で、デジタル化の最初から最後まで担う", "remote_work": "partial", "flex_time": "true",
    "side_jobs": "true", "tools": "[Microsoft 365, kintone, Slack]", "training": "[東京デジタルアカデミー]",
    "year": "2026", "scale": "5", "department": "総務部 DX推進課", "email": "dx-saiyo@city.example.lg.jp",
    "phone": "042-000-0000", "maintainers": "[your-github-id]", "updated": "2026-12-01", "positions": "1",
    "min": "250000", "max": "420000", "unit": "month", "location": "市役所 本庁舎", "opens": "2026-12-01",
    "apply_email": "dx-saiyo@city.example.lg.jp", "requirements": "[情報システムの実務経験 3 年以上]",
    "preferred": "[基本情報技術者試験の合格]", "joint_with": "[musashino]", "draft": "true", "start": "2027-04-01",
    "end": "2030-03-31", "renewable": "true", "workload": "月4日程度", "selection": "[書類選考, 面接（オンライン可）]",
    "official_notice_url": "https://www.city.example.lg.jp/saiyo/notice.html", "status": "reviewing",
    "direct_apply": "true", "ends": "2026-12-12T16:00", "online_url": "https://meet.example.jp/briefing",
    "registration_url": "https://forms.example.jp/briefing", "apply_url": "https://www.city.example.lg.jp/saiyo/",
}
SKIPPED = {"survey"}  # nested lists of mappings: shown as a block example instead
SURVEY_EXAMPLE = """\
# survey:
#   year: 2026
#   scale: 5
#   results:
#     - item: 仕事のやりがい
#       score: 4.1
"""
BODIES = {
    MunicipalityFront: "## 私たちの職場\n\nここに、職場の魅力やメッセージを書きます（Markdown）。\n",
    OpeningFront: "## 仕事の内容\n\n- ここに仕事の内容を書きます（Markdown）。\n\n## 応募の前に\n\n"
                  "わからないことは問い合わせ先までご連絡ください。\n",
    EventFront: "## 内容\n\nここにプログラムや対象者を書きます（Markdown）。\n",
}


class ScaffoldError(Exception):
    """The file cannot be created; the message says why in Japanese and English."""


def check_slug(slug: str, what: str) -> None:
    if len(slug) > SLUG_MAX or not SLUG.fullmatch(slug):
        raise ScaffoldError(f"{what}「{slug}」は使えません。半角英小文字・数字とハイフンだけ（例: dx-engineer-2027）、"
                            f"64 文字以内にしてください。 (not a valid slug)")


def front_matter(model: type[Front], answers: dict[str, str]) -> str:
    """YAML lines for every field of `model`: a comment from its description, then the value."""
    return _fields(model, answers, indent="")


def _fields(model: type[BaseModel], answers: dict[str, str], indent: str) -> str:
    out = []
    for name, field in model.model_fields.items():
        for line in (field.description or "").splitlines():
            out.append(f"{indent}# {line.strip()}\n")
        nested = nested_model(field.annotation)
        if name in answers:
            out.append(f"{indent}{name}: {answers[name]}\n")
        elif name in SKIPPED:
            out.append("".join(f"{indent}{line}\n" for line in SURVEY_EXAMPLE.splitlines()))
        elif nested is not None:
            out.append(f"{indent}# {name}:\n")
            inner = _fields(nested, {}, indent + "  ")
            out.append("".join(_commented(line, indent) for line in inner.splitlines(keepends=True)))
        else:
            out.append(f"{indent}# {name}: {EXAMPLES.get(name, '')}\n")
    return "".join(out)


def _commented(line: str, indent: str) -> str:
    """Nested lines keep their comments; their values become comments under the parent's `# key:`."""
    stripped = line[len(indent):]
    return line if stripped.lstrip().startswith("#") else f"{indent}# {stripped.lstrip()}"


def write_new(path: Path, model: type[Front], answers: dict[str, str]) -> Path:
    """Create `path` with a commented skeleton; refuse if anything is already there."""
    if path.exists():
        raise ScaffoldError(f"{path} はすでにあります。上書きはしません。別の名前にしてください。 (already exists; not overwritten)")
    text = "---\n" + front_matter(model, answers) + "---\n" + BODIES[model]
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "x", encoding="utf-8", newline="\n") as file:  # "x": never replace a file made meanwhile
        file.write(text)
    return path
