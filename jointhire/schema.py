"""Validate: what each kind of file may say, as pydantic models, and errors mapped to file:line:col.

The loader hands over strings; the types here decide what a string means. Each field's
docstring is what HR staff read in the field reference. Rules that need only one file live
here; rules across files (a `joint_with` slug exists, codes are unique) live in `model.py`.
"""

from __future__ import annotations

import difflib
import pickle
import re
import unicodedata
from datetime import date, datetime
from typing import Annotated, Any, get_args
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    model_validator,
)
from pydantic_core import PydanticCustomError

from . import dates, localgov
from .diagnostics import Diagnostic, error
from .sources import SLUG, SLUG_MAX, Kind, SourceFile

# ---- value types -----------------------------------------------------------------------------

# Words people write for a choice that are not one: suggested, never silently accepted.
SYNONYMS = {
    "fulltime": "regular", "full_time": "regular", "permanent": "regular", "seishain": "regular",
    "正社員": "regular", "常勤": "regular",
    "temporary": "fixed_term", "fixedterm": "fixed_term", "任期付": "fixed_term", "任期付き職員": "fixed_term",
    "parttime": "part_time", "パート": "part_time", "アルバイト": "part_time", "非常勤": "part_time",
    "sidejob": "side_job", "副業": "side_job", "兼業": "side_job",
    "contractor": "contract", "outsourcing": "contract", "freelance": "contract", "委託": "contract",
    "remote": "full", "telework": "partial", "yes": "partial", "no": "none", "なし": "none",
    "monthly": "month", "月給": "month", "月額": "month", "yearly": "year", "annual": "year", "年収": "year",
    "年俸": "year", "daily": "day", "日給": "day", "日額": "day", "hourly": "hour", "時給": "hour",
}

EMPLOYMENT_TYPES = {
    "regular": "正規職員",
    "fixed_term": "任期付職員",
    "part_time": "会計年度任用職員",
    "side_job": "副業・兼業",
    "contract": "業務委託",
}
REMOTE_WORK = {"none": "テレワークなし", "partial": "一部テレワーク可", "full": "フルリモート可"}
SALARY_UNITS = {"month": "月額", "year": "年額", "day": "日額", "hour": "時給"}
OUTCOMES = {"reviewing": "選考中", "filled": "採用者決定", "cancelled": "募集中止"}


def _choice(options: dict[str, str]):
    """Accept a value's code (`regular`) or its Japanese label (`正規職員`); suggest the nearest."""
    by_label = {label: code for code, label in options.items()}

    def parse(value: Any) -> Any:
        if not isinstance(value, str):
            return value
        text = unicodedata.normalize("NFKC", value).strip()
        if text in options:
            return text
        if text in by_label:
            return by_label[text]
        lowered = text.lower().replace("-", "_").replace(" ", "_")
        if lowered in options:
            return lowered
        suggestion = SYNONYMS.get(lowered.replace("_", "")) or SYNONYMS.get(lowered) or SYNONYMS.get(text)
        if suggestion not in options:
            near = difflib.get_close_matches(lowered, list(options) + list(by_label), n=1, cutoff=0.6)
            suggestion = by_label.get(near[0], near[0]) if near else ""
        raise PydanticCustomError("bad-choice", "bad choice", {
            "value": value,
            "choices": " | ".join(f"{code}（{label}）" for code, label in options.items()),
            "suggestion": suggestion,
        })

    return BeforeValidator(parse)


def _text(value: Any) -> Any:
    """One line of text; blank counts as not given (so a required field says it is empty)."""
    if isinstance(value, (dict, list)):
        raise PydanticCustomError("not-text", "not text", {})
    if isinstance(value, str) and not value.strip():
        return None
    return value


def _one_or_many(value: Any) -> Any:
    """A single value where a list belongs is taken as a one-item list."""
    return [value] if isinstance(value, str) else value


def _parsed_with(parse, code: str):
    """A validator that reads text with a `dates` parser and reports its reason under `code`."""

    def validate(value: Any) -> Any:
        if not isinstance(value, str):
            return value
        try:
            return parse(value)
        except dates.DateError as exc:
            raise PydanticCustomError(code, code, {"value": value, "reason": exc.reason}) from None

    return BeforeValidator(validate)


_SPACE = re.compile(r"\s")


def _url(schemes: tuple[str, ...]):
    def check(value: str) -> str:
        parts = urlsplit(value.strip())
        if parts.scheme not in schemes or not parts.netloc or _SPACE.search(value.strip()):
            raise PydanticCustomError("bad-url", "bad url", {"value": value, "schemes": "/".join(schemes)})
        return value.strip()

    return AfterValidator(check)


_EMAIL = re.compile(r"[^@\s<>\"',;:]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")


def _email(value: str) -> str:
    if not _EMAIL.fullmatch(value.strip()):
        raise PydanticCustomError("bad-email", "bad email", {"value": value})
    return value.strip()


def _slug(value: str) -> str:
    if len(value) > SLUG_MAX or not SLUG.fullmatch(value):
        raise PydanticCustomError("bad-slug-value", "bad slug", {"value": value})
    return value


_GITHUB = re.compile(r"@?[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}(?:/[A-Za-z0-9][A-Za-z0-9_-]*)?")


def _github(value: str) -> str:
    if not _GITHUB.fullmatch(value.strip()):
        raise PydanticCustomError("bad-github", "bad handle", {"value": value})
    return value.strip().lstrip("@")


_MAN = re.compile(r"(\d+(?:\.\d+)?)万(\d*)")


def _amount(value: Any) -> Any:
    """Yen as written: `250000`, `２５０,０００`, `250,000円`, `25万円`, `25万5000円`."""
    if not isinstance(value, str):
        return value
    text = unicodedata.normalize("NFKC", value).strip().replace(",", "").removesuffix("円").strip()
    if len(text) > 15:  # more than any pay in yen; also keeps float() and int() from overflowing
        raise PydanticCustomError("bad-amount", "bad amount", {"value": value[:15] + "…"})
    if m := _MAN.fullmatch(text):
        return round(float(m[1]) * 10000) + (int(m[2]) if m[2] else 0)
    if text.isdigit():
        return int(text)
    raise PydanticCustomError("bad-amount", "bad amount", {"value": value})


def _number(value: Any) -> Any:
    return unicodedata.normalize("NFKC", value).strip() if isinstance(value, str) else value


_YES = {"true", "yes", "y", "on", "はい", "あり", "可", "○"}
_NO = {"false", "no", "n", "off", "いいえ", "なし", "不可", "×"}


def _bool(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    text = unicodedata.normalize("NFKC", value).strip().lower()
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise PydanticCustomError("bad-bool", "bad bool", {"value": value})


def _code(value: str) -> str:
    code = unicodedata.normalize("NFKC", value).strip()
    if not re.fullmatch(r"\d{6}", code):
        raise PydanticCustomError("bad-code", "bad code", {"value": value})
    expected = localgov.check_digit(code[:5])
    if int(code[5]) != expected:
        raise PydanticCustomError("bad-check-digit", "bad check digit",
                                  {"value": code, "expected": f"{code[:5]}{expected}"})
    if localgov.prefecture_of(code) is None:
        raise PydanticCustomError("bad-code-prefecture", "bad prefecture", {"value": code})
    return code


Text = Annotated[str, BeforeValidator(_text)]
Texts = Annotated[list[Text], BeforeValidator(_one_or_many)]
Bool = Annotated[bool, BeforeValidator(_bool)]
Date = Annotated[date, _parsed_with(dates.parse_date, "bad-date")]
DateTime = Annotated[datetime, _parsed_with(dates.parse_datetime, "bad-datetime")]
HttpsUrl = Annotated[str, BeforeValidator(_text), _url(("https",))]
WebUrl = Annotated[str, BeforeValidator(_text), _url(("https", "http"))]
Email = Annotated[str, BeforeValidator(_text), AfterValidator(_email)]
Slug = Annotated[str, BeforeValidator(_text), AfterValidator(_slug)]
Yen = Annotated[int, BeforeValidator(_amount), Field(ge=0, le=1_000_000_000)]
PositiveInt = Annotated[int, BeforeValidator(_number), Field(ge=1, le=10_000)]
Year = Annotated[int, BeforeValidator(_number), Field(ge=1900, le=2200)]
Score = Annotated[float, BeforeValidator(_number), Field(ge=0, le=1_000, allow_inf_nan=False)]
Code = Annotated[str, BeforeValidator(_text), AfterValidator(_code)]
RemoteWork = Annotated[str, _choice(REMOTE_WORK)]
EmploymentType = Annotated[str, _choice(EMPLOYMENT_TYPES)]
SalaryUnit = Annotated[str, _choice(SALARY_UNITS)]
GitHubHandle = Annotated[str, BeforeValidator(_text), AfterValidator(_github)]


class Front(BaseModel):
    """Common settings: unknown keys are errors, values are immutable once validated."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True,
                              use_attribute_docstrings=True)


# ---- site.yaml --------------------------------------------------------------------------------


def _base_url(value: str) -> str:
    if not value.endswith("/"):
        raise PydanticCustomError("base-url-slash", "no slash", {"value": value})
    return value


class SiteConfig(Front):
    title: Text
    """サイト名。すべてのページの見出しとタイトルに出ます。"""
    title_en: Text | None = None
    """英語のサイト名。"""
    base_url: Annotated[WebUrl, AfterValidator(_base_url)]
    """公開先の URL（https://example.org/tokyo-ict/ のように / で終わる）。サブパスも使えます。"""
    description: Text | None = None
    """サイトの説明。検索結果やトップページに出ます。"""
    organizer: Text | None = None
    """運営者（例: 東京都 市区町村 ICT 人材確保 連絡会）。"""
    contact_email: Email | None = None
    """サイト全体の問い合わせ先メールアドレス。"""
    notice: Text | None = None
    """すべてのページの上部に出すお知らせ（例: 掲載内容はサンプルです）。"""
    maintainers: Annotated[list[GitHubHandle], BeforeValidator(_one_or_many)] = []
    """サイト全体（site.yaml、テンプレート、イベント）を管理する GitHub ID やチーム（例: tokyo-ict/admins）。"""


# ---- municipality.md --------------------------------------------------------------------------


class Workplace(Front):
    remote_work: RemoteWork | None = None
    """テレワーク: none（なし）| partial（一部可）| full（フルリモート可）。求人の既定値になります。"""
    flex_time: Bool | None = None
    """フレックスタイム・時差出勤の有無（true / false）。"""
    side_jobs: Bool | None = None
    """副業・兼業を認めるか（true / false）。"""
    tools: Texts = []
    """職員が使うツール（例: Microsoft 365, Slack, kintone）。"""
    training: Texts = []
    """研修・学びの機会（例: 東京デジタルアカデミー）。"""


class SurveyResult(Front):
    item: Text
    """設問（例: 仕事のやりがい）。"""
    score: Score
    """平均点（0 以上、scale 以下）。"""


class Survey(Front):
    year: Year | None = None
    """調査の年度（例: 2026）。"""
    scale: Annotated[float, BeforeValidator(_number), Field(gt=0, le=1_000, allow_inf_nan=False)] = 5
    """満点（例: 5）。"""
    results: Annotated[list[SurveyResult], Field(min_length=1)]
    """設問と平均点の一覧。"""

    @model_validator(mode="after")
    def _scores_within_scale(self) -> Survey:
        for i, result in enumerate(self.results):
            if result.score > self.scale:
                raise PydanticCustomError("score-above-scale", "score above scale", {
                    "at": ("results", i, "score"), "score": _num(result.score), "scale": _num(self.scale)})
        return self


class Contact(Front):
    department: Text | None = None
    """担当部署（例: 総務部 人事課）。"""
    email: Email | None = None
    """問い合わせ先メールアドレス。"""
    phone: Text | None = None
    """電話番号（例: 042-000-0000）。"""


class MunicipalityFront(Front):
    name: Text
    """自治体名（例: 東大和市）。"""
    name_kana: Text | None = None
    """よみがな（例: ひがしやまとし）。"""
    name_en: Text | None = None
    """英語名（例: Higashiyamato City）。"""
    code: Code
    """全国地方公共団体コード 6 桁（例: "132233"）。最後の 1 桁は検査数字です。"""
    prefecture: Text | None = None
    """都道府県名。省略するとコードから決まります。書く場合はコードと一致させてください。"""
    website: HttpsUrl
    """公式サイトの URL（https）。"""
    tagline: Text | None = None
    """一言で表すキャッチコピー。"""
    workplace: Workplace | None = None
    """働く環境: テレワーク、フレックス、副業、ツール、研修。"""
    survey: Survey | None = None
    """職員満足度調査の結果。"""
    contact: Contact | None = None
    """採用の問い合わせ先。"""
    maintainers: Annotated[list[GitHubHandle], BeforeValidator(_one_or_many)] = []
    """このページを更新できる職員の GitHub ID。.github/CODEOWNERS の元になります。"""
    updated: Date | None = None
    """このページの内容を最後に確認・更新した日。"""

    @model_validator(mode="after")
    def _prefecture_matches_code(self) -> MunicipalityFront:
        derived = localgov.prefecture_of(self.code)
        if self.prefecture is not None and self.prefecture != derived:
            raise PydanticCustomError("prefecture-mismatch", "prefecture mismatch", {
                "at": ("prefecture",), "value": self.prefecture, "expected": derived, "code": self.code})
        return self


# ---- openings/<slug>.md -------------------------------------------------------------------------


class Salary(Front):
    min: Yen
    """下限（円）。"""
    max: Yen | None = None
    """上限（円、下限以上）。"""
    unit: SalaryUnit
    """単位: month（月額）| year（年額）| day（日額）| hour（時給）。"""

    @model_validator(mode="after")
    def _max_not_below_min(self) -> Salary:
        if self.max is not None and self.max < self.min:
            raise PydanticCustomError("salary-range", "max below min",
                                      {"at": ("max",), "min": self.min, "max": self.max})
        return self


class Term(Front):
    start: Date | None = None
    """任期の始まり（例: 2027-04-01）。"""
    end: Date | None = None
    """任期の終わり。"""
    renewable: Bool | None = None
    """更新の可能性があるか（true / false）。"""

    @model_validator(mode="after")
    def _end_after_start(self) -> Term:
        if self.start and self.end and self.end < self.start:
            raise PydanticCustomError("term-end-before-start", "end before start", {"at": ("end",)})
        return self


class OpeningFront(Front):
    title: Text
    """求人のタイトル（例: DX推進担当（情報職・正規職員））。"""
    employment_type: EmploymentType
    """雇用形態: regular（正規職員）| fixed_term（任期付職員）| part_time（会計年度任用職員）|
    side_job（副業・兼業）| contract（業務委託）。日本語の名前でも書けます。"""
    positions: PositiveInt | None = None
    """採用予定人数（1 以上）。"""
    salary: Salary | None = None
    """給与（円）: min, max, unit。"""
    remote_work: RemoteWork | None = None
    """テレワーク: none | partial | full。省略すると自治体の workplace.remote_work。"""
    location: Text | None = None
    """勤務地（例: 東大和市役所 本庁舎）。"""
    opens: Date | None = None
    """募集開始日（YYYY-MM-DD または 令和8年12月1日）。"""
    closes: Date
    """募集締切日。この日の終わりまで応募できます。"""
    apply_url: HttpsUrl | None = None
    """応募ページの URL（https）。apply_email とどちらか一方は必須。"""
    apply_email: Email | None = None
    """応募先メールアドレス。"""
    requirements: Texts = []
    """応募資格・必須条件。"""
    preferred: Texts = []
    """歓迎する経験・資格。"""
    joint_with: Annotated[list[Slug], BeforeValidator(_one_or_many)] = []
    """共同任用: 一緒に採用する自治体のフォルダ名（スラッグ）。"""
    draft: Bool = False
    """true の間はサイトのどこにも出ません。"""
    term: Term | None = None
    """任期: start, end, renewable（任期付・会計年度任用など）。"""
    workload: Text | None = None
    """勤務の量（例: 月4日程度、週3日）。副業・兼業では特に書いてください。"""
    selection: Texts = []
    """選考の流れ（例: 書類選考 → 面接（オンライン可））。"""
    official_notice_url: HttpsUrl | None = None
    """正式な募集要項（PDF やページ）の URL（https）。"""
    contact: Contact | None = None
    """この求人の問い合わせ先。省略すると自治体の contact。"""
    updated: Date | None = None
    """内容を最後に更新した日。"""
    status: Annotated[str, _choice(OUTCOMES)] | None = None
    """締切後の状況: reviewing（選考中）| filled（採用者決定）| cancelled（募集中止）。"""
    direct_apply: Bool | None = None
    """apply_url でそのまま応募を完了できるか。省略時は apply_url があれば true。"""

    @model_validator(mode="after")
    def _consistent(self) -> OpeningFront:
        if self.apply_url is None and self.apply_email is None:
            raise PydanticCustomError("apply-missing", "no apply_url or apply_email", {})
        if self.opens is not None and self.closes < self.opens:
            raise PydanticCustomError("closes-before-opens", "closes before opens", {
                "at": ("closes",), "opens": self.opens.isoformat(), "closes": self.closes.isoformat()})
        return self


OPENING_SHAPE_FIELDS = ("draft", "joint_with", "opens", "closes", "updated", "status", "employment_type", "remote_work")
"""What the site is laid out by (`model.shape`, `model.build_site`): all a rebuild reads of the openings it does not show."""


class LazyOpeningFront:
    """An `OpeningFront` that pickles (into the cache, back from a worker process) as its
    `OPENING_SHAPE_FIELDS` plus the rest as bytes, unpickled the first time something else is
    read. A rebuild loads 17,000 openings from the cache to lay the site out, and shows few."""

    __slots__ = ("_front", "_blob", *OPENING_SHAPE_FIELDS)

    def __init__(self, front: OpeningFront) -> None:
        self._front, self._blob = front, None
        for name in OPENING_SHAPE_FIELDS:
            setattr(self, name, getattr(front, name))

    def __getattr__(self, name: str):  # only called for the fields the slots do not hold
        if name[0] == "_":
            raise AttributeError(name)
        front = self._front  # a page reads about 40 fields: the short way first
        return getattr(front if front is not None else self.whole, name)

    @property
    def whole(self) -> OpeningFront:
        if self._front is None:
            self._front, self._blob = pickle.loads(self._blob), None
        return self._front

    def __reduce__(self):
        blob = self._blob if self._front is None else pickle.dumps(self._front, protocol=pickle.HIGHEST_PROTOCOL)
        return _lazy_opening_front, (tuple(getattr(self, name) for name in OPENING_SHAPE_FIELDS), blob)


def _lazy_opening_front(shape: tuple, blob: bytes) -> LazyOpeningFront:
    front = LazyOpeningFront.__new__(LazyOpeningFront)
    front._front, front._blob = None, blob
    for name, value in zip(OPENING_SHAPE_FIELDS, shape, strict=True):
        setattr(front, name, value)
    return front


# ---- events/<slug>.md ---------------------------------------------------------------------------


class EventFront(Front):
    title: Text
    """イベント名（例: 多摩地域 ICT職 合同説明会）。"""
    starts: DateTime
    """開始日時（例: 2026-12-12T14:00、時差を省くと日本時間）。"""
    ends: DateTime | None = None
    """終了日時。"""
    location: Text | None = None
    """会場。"""
    online_url: HttpsUrl | None = None
    """オンライン参加の URL（https）。"""
    municipalities: Annotated[list[Slug], BeforeValidator(_one_or_many), Field(min_length=1)]
    """参加する自治体のフォルダ名（1 つ以上）。"""
    registration_url: HttpsUrl | None = None
    """申込ページの URL（https）。"""

    @model_validator(mode="after")
    def _ends_after_starts(self) -> EventFront:
        if self.ends is not None and self.ends < self.starts:
            raise PydanticCustomError("ends-before-starts", "ends before starts", {"at": ("ends",)})
        return self


MODELS: dict[Kind, type[Front]] = {
    Kind.SITE: SiteConfig,
    Kind.MUNICIPALITY: MunicipalityFront,
    Kind.OPENING: OpeningFront,
    Kind.EVENT: EventFront,
}


def _num(value: float) -> str:
    return f"{value:g}"


# ---- validation -------------------------------------------------------------------------------


def validate(source: SourceFile) -> tuple[Front | None, list[Diagnostic]]:
    """The file's front matter as its model, or None and a diagnostic for every problem."""
    model = MODELS[source.kind]
    try:
        return model.model_validate(source.data), []
    except ValidationError as exc:
        found = [_diagnostic(source, model, err) for err in exc.errors(include_url=False)]
        # `clsoes` → "did you mean closes?" already says that closes is missing: say it once.
        suggested = {d.params["suggestion"] for d in found if d.code == "unknown-key" and d.params.get("suggestion")}
        found = [d for d in found if not (d.code == "missing-key" and d.params["key"].split(".")[-1] in suggested)]
        return None, sorted(set(found), key=Diagnostic.sort_key)


def _diagnostic(source: SourceFile, model: type[BaseModel], err: dict) -> Diagnostic:
    loc = tuple(part for part in err["loc"] if not _is_internal(part))
    kind, ctx, value = err["type"], err.get("ctx") or {}, err.get("input")
    name = ".".join(str(p) for p in loc if isinstance(p, str)) or "?"

    if kind == "missing":
        keys = [str(p) for p in loc if isinstance(p, str)]
        if len(keys) > 1:
            return error("missing-nested-key", source.location(loc[:-1]), key=name, parent=".".join(keys[:-1]),
                         leaf=keys[-1])
        return error("missing-key", source.location(loc[:-1]), key=name)
    if kind == "extra_forbidden" and loc:
        allowed = _allowed_keys(model, loc[:-1])
        near = difflib.get_close_matches(str(loc[-1]), allowed, n=1, cutoff=0.75)
        return error("unknown-key", source.location(loc, key=True), key=loc[-1],
                     suggestion=near[0] if near else "", allowed=", ".join(allowed))
    if "at" in ctx:  # a rule across fields points at the field to change
        loc = (*loc, *ctx["at"])
        ctx = {k: v for k, v in ctx.items() if k != "at"}
    where = source.location(loc)
    if kind in _CUSTOM:
        return error(kind, where, key=name, **ctx)
    if value is None:
        return error("empty-value", where, key=name)
    if kind == "list_type":
        return error("not-a-list", where, key=name)
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return error("not-a-section", where, key=name, fields=", ".join(_allowed_keys(model, loc)))
    if kind == "too_short":
        return error("list-too-short", where, key=name, min=ctx.get("min_length", 1))
    if kind == "string_type":
        return error("not-text", where, key=name)
    if isinstance(value, (list, dict)):  # a list or section where one value belongs
        return error("not-text", where, key=name)
    if kind in ("int_parsing", "int_from_float", "int_type"):
        return error("not-an-integer", where, key=name, value=value)
    if kind in ("float_parsing", "float_type"):
        return error("not-a-number", where, key=name, value=value)
    if kind == "greater_than":
        return error("not-positive", where, key=name, value=value, min=ctx.get("gt"))
    if kind == "greater_than_equal":
        return error("too-small", where, key=name, value=value, min=ctx.get("ge"))
    if kind in ("finite_number",):
        return error("not-a-number", where, key=name, value=value)
    if kind == "int_parsing_size":
        return error("too-large", where, key=name, value=str(value)[:12] + "…", max="10 桁")
    if kind in ("less_than_equal", "less_than"):
        return error("too-large", where, key=name, value=value, max=ctx.get("le", ctx.get("lt")))
    return error("invalid-value", where, key=name, detail=err.get("msg", kind))


_CUSTOM = {
    "bad-choice", "not-text", "bad-date", "bad-datetime", "bad-url", "bad-email", "bad-slug-value",
    "bad-github", "bad-amount", "bad-bool", "bad-code", "bad-check-digit", "bad-code-prefecture",
    "base-url-slash", "score-above-scale", "prefecture-mismatch", "salary-range", "apply-missing",
    "closes-before-opens", "ends-before-starts", "term-end-before-start",
}


def _is_internal(part: Any) -> bool:
    """pydantic adds validator names such as `function-after[...]` to some locations."""
    return isinstance(part, str) and part.startswith(("function-after[", "function-before[", "function-wrap["))


def _allowed_keys(model: type[BaseModel], loc: tuple) -> list[str]:
    """The field names of the model that sits at `loc` (list indexes skipped)."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        field = current.model_fields.get(part) if isinstance(current, type) else None
        if field is None:
            break
        current = nested_model(field.annotation)
    return list(current.model_fields) if isinstance(current, type) and issubclass(current, BaseModel) else []


def nested_model(annotation: Any) -> Any:
    """The BaseModel inside `X | None`, `list[X]` or `Annotated[list[X], ...]`, if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = nested_model(arg)
        if found is not None:
            return found
    return None
