"""Write a synthetic content tree in the data contract: fictional municipalities, openings and events.

Used by tests at small sizes and by benchmarks at national scale (1,741 municipalities). The tree
looks like what HR staff write (front matter with every field of the contract, Japanese Markdown
bodies) so the whole pipeline gets exercised, not only its happy path.

Design choices:
- Labels, prefectures and check digits come from the package itself (`localgov`, `schema`), so
  the generator and the validator cannot drift apart.
- Deterministic: one `random.Random(seed)` drives everything, iteration is sorted, and nothing reads
  the clock; the same arguments give a byte-identical tree.
- The YAML is written with string formatting, not a YAML library, because it is ~10x faster at
  19,000 files and lets us quote exactly the scalars YAML 1.1 could mistype (codes, phone numbers,
  anything starting with ASCII) while leaving Japanese text plain, as people write it.
- Coverage is forced, not left to chance: whatever the size, the first few openings picked by the
  generator carry every status (one closes exactly on `today`), every employment type, every salary
  unit, a draft, a joint appointment and both 和暦 and ISO dates, so small trees used by tests still
  represent every field.
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

from . import localgov, schema

__all__ = ["Counts", "PREFECTURES", "check_digit", "write_tree"]

#: Prefecture names by their two-digit code (the first two digits of a 全国地方公共団体コード).
PREFECTURES: dict[str, str] = {f"{i:02d}": name for i, name in enumerate(localgov.PREFECTURES, start=1)}

BASE_URL = "https://example.org/synthetic/"


def _parts(spec: str) -> list[tuple[str, str, str]]:
    """Name parts written compactly as "kanji kana romaji / ..."."""
    return [tuple(part.split()) for part in spec.split(" / ")]  # type: ignore[misc]


# Fictional place names are a direction prefix (often none) + two kanji parts + 市/町/村.
# Each part: (kanji, kana, romaji). The three pools share no kanji, so every combination is a
# distinct name; 10 × 40 × 40 × 3 = 48,000 names, more than the codes allow (47 × 799).
_DIRECTIONS = [("", "", "")] + _parts(
    "東 ひがし higashi / 西 にし nishi / 南 みなみ minami / 北 きた kita / 新 しん shin / "
    "上 かみ kami / 下 しも shimo / 中 なか naka / 奥 おく oku"
)
_FIRST = _parts(
    "青 あお ao / 緑 みどり midori / 桜 さくら sakura / 白 しら shira / 赤 あか aka / "
    "黒 くろ kuro / 若 わか waka / 朝 あさ asa / 星 ほし hoshi / 月 つき tsuki / 花 はな hana / "
    "梅 うめ ume / 松 まつ matsu / 竹 たけ take / 柳 やなぎ yanagi / 杉 すぎ sugi / "
    "藤 ふじ fuji / 菊 きく kiku / 萩 はぎ hagi / 鶴 つる tsuru / 亀 かめ kame / "
    "鹿 しか shika / 石 いし ishi / 岩 いわ iwa / 清 きよ kiyo / 春 はる haru / 夏 なつ natsu / "
    "秋 あき aki / 雪 ゆき yuki / 風 かぜ kaze / 空 そら sora / 泉 いずみ izumi / 富 とみ tomi / "
    "福 ふく fuku / 長 なが naga / 高 たか taka / 玉 たま tama / 宝 たから takara / "
    "稲 いな ina / 菱 ひし hishi"
)
_SECOND = _parts(
    "川 かわ kawa / 原 はら hara / 山 やま yama / 野 の no / 沢 さわ sawa / 田 た ta / "
    "森 もり mori / 浜 はま hama / 岡 おか oka / 島 しま shima / 崎 さき saki / 谷 たに tani / "
    "台 だい dai / 瀬 せ se / 浦 うら ura / 宮 みや miya / 里 さと sato / 坂 さか saka / "
    "橋 はし hashi / 木 き ki / 井 い i / 根 ね ne / 尾 お o / 江 え e / 津 つ tsu / "
    "岳 たけ take / 畑 はた hata / 平 だいら daira / 窪 くぼ kubo / 堀 ほり hori / 池 いけ ike / "
    "湊 みなと minato / 関 せき seki / 峰 みね mine / 城 しろ shiro / 倉 くら kura / 戸 と to / "
    "淵 ぶち buchi / 舟 ふね fune / 灘 なだ nada"
)
# (kanji, kana readings, English word, share of Japan's municipalities, office suffix: 青川市役所, 青川町役場)
_KINDS = [
    ("市", ("し",), "City", 0.46, "役所"),
    ("町", ("まち", "ちょう"), "Town", 0.43, "役場"),
    ("村", ("むら", "そん"), "Village", 0.11, "役場"),
]
_PREFIXED_WEIGHT = 0.05  # names like 東青川市 are rarer than plain ones

EMPLOYMENT_TYPES = tuple(schema.EMPLOYMENT_TYPES)
_TYPE_LABELS = schema.EMPLOYMENT_TYPES
_TYPE_WEIGHTS = (30, 20, 20, 15, 15)
# Salary unit per employment type, with weights; the unit forced onto the coverage openings comes
# first, so the five coverage openings carry all four units.
_UNITS = {
    "regular": (("month", 80), ("year", 20)),
    "fixed_term": (("year", 50), ("month", 50)),
    "part_time": (("hour", 70), ("day", 15), ("month", 15)),
    "side_job": (("hour", 60), ("day", 30), ("month", 10)),
    "contract": (("day", 40), ("month", 40), ("hour", 20)),
}
_UNIT_LABELS = schema.SALARY_UNITS
_REMOTE = ("none", "partial", "full")
_REMOTE_LABELS = {
    "none": "出勤が基本です(テレワークは実施していません)",
    "partial": "週2日程度までテレワークができます",
    "full": "原則として在宅勤務です(打合せのため月1回程度の出勤があります)",
}

_ROLES = [
    (
        "情報システム担当",
        "it-systems",
        [
            "基幹業務システムの運用管理と保守事業者との調整",
            "庁内システムの調達仕様書の作成と提案の評価",
            "システム障害が起きたときの一次切り分けと復旧の調整",
            "業務システムの更新計画と予算要求資料の作成",
            "職員向けの操作説明会の企画と実施",
        ],
    ),
    (
        "DX推進担当",
        "dx",
        [
            "各課の業務フローの見直しとデジタル化の提案",
            "電子申請サービスの拡充と住民への利用促進",
            "ノーコードツールを使った業務改善の伴走支援",
            "DX推進計画の進捗管理と庁内会議の運営",
            "職員向けDX研修の企画と講師",
        ],
    ),
    (
        "情報セキュリティ担当",
        "security",
        [
            "情報セキュリティポリシーの見直しと周知",
            "インシデント対応手順の整備と訓練の実施",
            "職員向け標的型メール訓練の企画",
            "外部委託先のセキュリティ監査",
            "ネットワーク分離構成の運用と改善",
        ],
    ),
    (
        "データ利活用推進担当",
        "data",
        [
            "庁内データの棚卸しとデータカタログの整備",
            "EBPMに向けた統計分析とダッシュボードの作成",
            "オープンデータの公開と定期的な更新",
            "各課からのデータ分析の相談対応",
        ],
    ),
    (
        "ネットワーク管理担当",
        "network",
        [
            "庁内ネットワーク機器の設定と運用",
            "出先機関を含むネットワーク更改の計画",
            "庁舎と公共施設の無線LAN環境の整備",
            "通信障害の監視と事業者との復旧調整",
        ],
    ),
    (
        "ウェブ・UXデザイン担当",
        "ux-design",
        [
            "公式ウェブサイトの情報設計と改善",
            "電子申請フォームの使いやすさの改善",
            "住民へのユーザーインタビューとユーザビリティテスト",
            "ウェブアクセシビリティ(JIS X 8341-3)への対応",
        ],
    ),
    (
        "ガバメントクラウド移行担当",
        "gov-cloud",
        [
            "標準準拠システムへの移行計画の管理",
            "ガバメントクラウド利用料の見積もりと最適化",
            "複数の事業者との調整と進捗管理",
            "移行に伴う業務フローと帳票の見直し",
        ],
    ),
    (
        "生成AI活用推進担当",
        "ai",
        [
            "生成AIの利用ガイドラインの整備",
            "議事録作成や文書要約などの活用事例づくり",
            "職員向けハンズオン研修の企画",
            "導入効果の測定と幹部への報告",
        ],
    ),
    (
        "CIO補佐官",
        "cio-adviser",
        [
            "情報化施策全体への専門的な助言",
            "大型システム調達の評価への参画",
            "幹部職員向け勉強会の講師",
            "近隣自治体とのシステム共同化の検討",
        ],
    ),
    (
        "ヘルプデスク担当",
        "helpdesk",
        [
            "職員からのパソコン・システムに関する問い合わせ対応",
            "業務端末と周辺機器のキッティング",
            "利用手順書とFAQの作成・更新",
            "アカウントと権限の管理",
        ],
    ),
    (
        "GIS担当",
        "gis",
        [
            "統合型GISの運用と各課の利用支援",
            "地図データの整備と更新",
            "防災マップ・施設マップのウェブ公開",
            "位置情報を使った分析の相談対応",
        ],
    ),
    (
        "アプリ開発担当",
        "app-dev",
        [
            "庁内向け小規模アプリケーションの開発",
            "既存ツールの保守と改善",
            "API連携による定型業務の自動化",
            "コードレビューと開発ルールの整備",
        ],
    ),
]

_TOOLS = [
    "Microsoft 365",
    "Google Workspace",
    "Microsoft Teams",
    "Slack",
    "LoGoチャット",
    "kintone",
    "Box",
    "GitHub",
    "Backlog",
    "Zoom",
    "Miro",
    "Notion",
    "Power Automate",
    "LoGoフォーム",
    "ChatGPT Enterprise",
    "Tableau",
    "QGIS",
    "Jira",
]
_TRAINING = [
    "J-LIS(地方公共団体情報システム機構)の研修",
    "自治大学校の研修",
    "情報処理技術者試験の受験料補助",
    "クラウド資格の取得支援",
    "庁内DX推進リーダー研修",
    "外部カンファレンスへの参加支援",
    "デジタル庁の自治体職員向け研修",
    "新任ICT職員のメンター制度",
    "eラーニング(セキュリティ・データ分析)",
    "都道府県主催のデジタル人材育成プログラム",
]
_SURVEY_ITEMS = [
    "仕事のやりがい",
    "休暇の取りやすさ",
    "上司・同僚への相談のしやすさ",
    "テレワークのしやすさ",
    "研修・学習の機会",
    "業務端末・ツールの使いやすさ",
    "ワークライフバランス",
    "職場の風通し",
    "専門性を活かせる度合い",
    "評価への納得感",
]
_DEPARTMENTS = ["デジタル推進課", "情報政策課", "DX推進室", "情報システム課", "行政経営課", "人事課", "総務課 情報係"]
_EMAIL_LOCALS = ["dx", "joho", "saiyo", "digital", "ict", "jinji"]
_TAGLINES = [
    "{short}のデジタルを、いっしょにつくる。",
    "住民にいちばん近い現場で、ICTの力を。",
    "小さなチームで、大きな改善を。",
    "{short}から始める、やさしい行政DX。",
    "あなたの経験が、{short}の暮らしを変える。",
    "紙とハンコの仕事を、ひとつずつ減らしていく。",
    "データで考え、現場と動く。",
]
_REQUIREMENTS = [
    "情報システムの開発・運用・保守の実務経験(3年以上)",
    "基本情報技術者試験に合格している方、または同等の知識をお持ちの方",
    "関係者と調整しながら業務を進めた経験",
    "地方公務員法第16条の欠格条項に該当しない方",
    "日本語で円滑にコミュニケーションができる方",
    "社会人としての実務経験(5年以上)",
]
_REQUIREMENTS_BY_TYPE = {
    "regular": "採用日時点で60歳未満の方",
    "fixed_term": "任期(3年)の間、継続して勤務できる方",
    "part_time": "週3日以上勤務できる方",
    "side_job": "本業の勤務先で副業・兼業が認められている方",
    "contract": "個人事業主または法人として業務を受託できる方",
}
_PREFERRED = [
    "応用情報技術者試験または情報処理安全確保支援士の資格",
    "地方公共団体または公的機関での勤務経験",
    "AWS・Azure・Google Cloud の利用経験",
    "プロジェクトマネジメントの経験",
    "住民向けサービスの企画・改善の経験",
    "データ分析(SQL・Python など)の経験",
    "普通自動車運転免許(AT限定可)",
    "ITIL に基づくサービス運用の経験",
]
_EVENT_KINDS = [
    ("合同説明会", "godo-setsumeikai"),
    ("オンライン座談会", "zadankai"),
    ("職場見学会", "kengakukai"),
    ("若手職員との交流会", "koryukai"),
    ("副業人材向け説明会", "fukugyo-setsumeikai"),
]

_SLUG_RE = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
# Plain ASCII words YAML 1.1 would read as booleans or nulls; such values get quoted.
_YAML_WORDS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null"}
_PLAIN_ASCII = re.compile(r"[a-z][a-z0-9_-]*")
_UNSAFE_IN_PLAIN = re.compile(r": |\s#|[\n\"'`\\]|:$|\s$")


@dataclass(frozen=True)
class Counts:
    """What `write_tree` wrote."""

    municipalities: int
    openings: int
    events: int
    files: int
    bytes: int


check_digit = localgov.check_digit


def write_tree(
    root: Path,
    municipalities: int,
    openings: int,
    seed: int = 0,
    today: date = date(2026, 12, 1),
) -> Counts:
    """Write site.yaml, `municipalities` municipalities with `openings` openings each, and events.

    `today` is the date the statuses are relative to (about 20% closed, 15% upcoming, the rest
    open, one closing exactly on `today`). Refuses to write into a folder that is not empty.
    """
    root = Path(root)
    if municipalities < 1:
        raise ValueError(f"municipalities must be at least 1, not {municipalities}")
    if openings < 0:
        raise ValueError(f"openings must be 0 or more, not {openings}")
    capacity = min(47 * 799, len(_DIRECTIONS) * len(_FIRST) * len(_SECOND) * len(_KINDS))
    if municipalities > capacity:
        raise ValueError(f"at most {capacity} municipalities fit the code space (47 × 799), not {municipalities}")
    if root.exists():
        if not root.is_dir():
            raise FileExistsError(f"{root} exists and is not a folder; give a new or empty folder")
        if any(root.iterdir()):
            raise FileExistsError(f"{root} is not empty; give a new or empty folder (nothing was written)")

    gen = _Generator(random.Random(seed), seed, today)
    towns = gen.municipalities(municipalities)
    files: list[tuple[str, str]] = [("site.yaml", gen.site_yaml(len(towns), openings))]
    for town in towns:
        files.append((f"municipalities/{town.slug}/municipality.md", gen.municipality_md(town)))
    opening_files = gen.openings(towns, openings)
    files.extend(opening_files)
    event_files = gen.events(towns)
    files.extend(event_files)

    root.mkdir(parents=True, exist_ok=True)
    made: set[Path] = set()
    written = 0
    for rel, text in files:
        path = root / rel
        if path.parent not in made:
            path.parent.mkdir(parents=True, exist_ok=True)
            made.add(path.parent)
        data = text.encode("utf-8")
        path.write_bytes(data)
        written += len(data)
    # An opening-less municipality still gets its (empty) openings folder, like the bundled content.
    for town in towns:
        (root / "municipalities" / town.slug / "openings").mkdir(exist_ok=True)
    return Counts(len(towns), len(opening_files), len(event_files), len(files), written)


# --------------------------------------------------------------------------------------------------
# YAML scalars


def _q(text: str) -> str:
    """A double-quoted YAML scalar (JSON strings are valid YAML double-quoted scalars)."""
    return json.dumps(text, ensure_ascii=False)


def _s(text: str) -> str:
    """A string scalar: plain when YAML reads it back as the same string, quoted otherwise."""
    if not text or _UNSAFE_IN_PLAIN.search(text):
        return _q(text)
    if text[0].isascii():
        if _PLAIN_ASCII.fullmatch(text) and text not in _YAML_WORDS:
            return text
        return _q(text)
    return text


def _list(key: str, items: list[str], indent: str = "") -> str:
    return f"{indent}{key}:\n" + "".join(f"{indent}  - {_s(item)}\n" for item in items)


# --------------------------------------------------------------------------------------------------
# Dates


def _wareki(d: date) -> str | None:
    """`令和8年12月25日` (or 平成) for `d`, None before 平成 began (1989-01-08)."""
    if d >= date(2019, 5, 1):
        era, year = "令和", d.year - 2018
    elif d >= date(1989, 1, 8):
        era, year = "平成", d.year - 1988
    else:
        return None
    y = "元" if year == 1 else str(year)
    return f"{era}{y}年{d.month}月{d.day}日"


@dataclass(frozen=True)
class _Town:
    name: str
    short: str  # the name without 市/町/村, used in prose
    kana: str
    name_en: str
    slug: str
    code: str
    prefecture: str
    kind: str  # 市 / 町 / 村
    office: str  # 青川市役所 / 青川町役場


class _Generator:
    """Every random choice, in a fixed order, from one `random.Random`."""

    def __init__(self, rng: random.Random, seed: int, today: date) -> None:
        self.rng = rng
        self.seed = seed
        self.today = today
        self.town_by_slug: dict[str, _Town] = {}
        self.sorted_slugs: list[str] = []

    # -- helpers -----------------------------------------------------------------------------------

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def weighted(self, pairs: tuple[tuple[str, int], ...]) -> str:
        return self.rng.choices([v for v, _ in pairs], [w for _, w in pairs])[0]

    def date_value(self, d: date, wareki: bool | None = None) -> str:
        """A date as HR staff write it: mostly bare ISO, sometimes quoted ISO, about 5% 和暦."""
        roll = self.rng.random()
        if wareki is None:
            wareki = roll < 0.05
        if wareki and (text := _wareki(d)) is not None:
            return text
        return _q(d.isoformat()) if roll > 0.92 else d.isoformat()

    def datetime_value(self, dt: datetime, offset: bool) -> str:
        text = dt.isoformat(timespec="seconds") + ("+09:00" if offset else "")
        # Quoted or bare: a bare value is a YAML timestamp, which readers must accept too.
        return _q(text) if self.chance(0.6) else text

    # -- site --------------------------------------------------------------------------------------

    def site_yaml(self, n_towns: int, n_openings: int) -> str:
        return (
            f"title: 合成データ 自治体ICT職 合同採用サイト\n"
            f"title_en: {_q('Synthetic Municipal ICT Careers — Joint Recruitment')}\n"
            f"base_url: {_q(BASE_URL)}\n"
            f"description: 架空の{n_towns}自治体が、デジタル・ICT人材の募集(1自治体あたり{n_openings}件)を"
            f"まとめて掲載する合同採用サイトです。性能測定とテストのために自動生成しました。\n"
            f"organizer: 合成データ 合同採用サイト運営事務局(架空)\n"
            f"contact_email: {_q('info@synthetic.example.jp')}\n"
            f"notice: このサイトの自治体・求人・イベントはすべて自動生成した架空のデータです"
            f"(seed {self.seed}、基準日 {self.today.isoformat()})。実在の自治体や募集とは関係ありません。\n"
        )

    # -- municipalities ----------------------------------------------------------------------------

    def municipalities(self, n: int) -> list[_Town]:
        rng = self.rng
        # Weighted sampling without replacement (Efraimidis–Spirakis): key = U ** (1 / weight).
        keyed = []
        for di, direction in enumerate(_DIRECTIONS):
            w_dir = 1.0 if not direction[0] else _PREFIXED_WEIGHT
            for fi in range(len(_FIRST)):
                for si in range(len(_SECOND)):
                    for ki, kind in enumerate(_KINDS):
                        keyed.append((rng.random() ** (1.0 / (w_dir * kind[3])), di, fi, si, ki))
        keyed.sort(reverse=True)
        chosen = keyed[:n]

        prefecture_order = rng.sample(range(1, 48), 47)
        pools: dict[int, tuple[list[int], list[int]]] = {}
        taken_slugs: set[str] = set()
        towns = []
        for i, (_, di, fi, si, ki) in enumerate(chosen):
            d, f, s, k = _DIRECTIONS[di], _FIRST[fi], _SECOND[si], _KINDS[ki]
            short = d[0] + f[0] + s[0]
            romaji = d[2] + f[2] + s[2]
            slug = romaji
            suffix = 2
            while slug in taken_slugs:  # 青川市 and 青川町 share a reading
                slug = f"{romaji}-{suffix}"
                suffix += 1
            taken_slugs.add(slug)

            pref = prefecture_order[i % 47]
            if pref not in pools:
                # 2xx codes are cities and 3xx and above towns and villages, as in the real list.
                cities, others = list(range(201, 300)), list(range(300, 1000))
                rng.shuffle(cities)
                rng.shuffle(others)
                pools[pref] = (cities, others)
            cities, others = pools[pref]
            preferred, fallback = (cities, others) if k[0] == "市" else (others, cities)
            number = (preferred or fallback).pop()
            first5 = f"{pref:02d}{number:03d}"
            towns.append(
                _Town(
                    name=short + k[0],
                    short=short,
                    kana=d[1] + f[1] + s[1] + rng.choice(k[1]),
                    name_en=f"{romaji.capitalize()} {k[2]}",
                    slug=slug,
                    code=f"{first5}{check_digit(first5)}",
                    prefecture=PREFECTURES[f"{pref:02d}"],
                    kind=k[0],
                    office=short + k[0] + k[4],
                )
            )
        towns.sort(key=lambda t: t.slug)
        self.town_by_slug = {t.slug: t for t in towns}
        self.sorted_slugs = [t.slug for t in towns]
        assert len(self.town_by_slug) == n and len({t.code for t in towns}) == n
        assert all(_SLUG_RE.fullmatch(t.slug) and len(t.slug) <= 64 for t in towns)
        return towns

    def municipality_md(self, town: _Town) -> str:
        rng = self.rng
        # The first municipality (by slug) carries every optional field; the second omits `prefecture`.
        slugs = self.sorted_slugs
        full = town.slug == slugs[0]
        second = len(slugs) > 1 and town.slug == slugs[1]

        lines = ["---", f"name: {_s(town.name)}"]
        if full or self.chance(0.95):
            lines.append(f"name_kana: {_s(town.kana)}")
        if full or self.chance(0.9):
            lines.append(f"name_en: {_s(town.name_en)}")
        lines.append(f"code: {_q(town.code)}")
        if full or (not second and self.chance(0.5)):
            lines.append(f"prefecture: {_s(town.prefecture)}")
        lines.append(f"website: {_q(f'https://www.{town.slug}.example.jp/')}")
        if full or self.chance(0.85):
            lines.append(f"tagline: {_s(rng.choice(_TAGLINES).format(short=town.short))}")

        remote = self.weighted((("none", 25), ("partial", 60), ("full", 15)))
        lines.append("workplace:")
        lines.append(f"  remote_work: {remote}")
        lines.append(f"  flex_time: {_bool(self.chance(0.55))}")
        lines.append(f"  side_jobs: {_bool(self.chance(0.4))}")
        tools = rng.sample(_TOOLS, rng.randint(2, 6))
        lines.append(_list("tools", tools, "  ").rstrip("\n"))
        if full or self.chance(0.9):
            lines.append(_list("training", rng.sample(_TRAINING, rng.randint(1, 4)), "  ").rstrip("\n"))

        if full or self.chance(0.8):
            lines.append("survey:")
            lines.append(f"  year: {self.today.year - rng.choice((0, 1))}")
            lines.append("  scale: 5")
            lines.append("  results:")
            for item in rng.sample(_SURVEY_ITEMS, rng.randint(3, 7)):
                score = rng.randint(20, 49) / 10
                lines.append(f"    - item: {_s(item)}\n      score: {score:.1f}")

        department = rng.choice(_DEPARTMENTS)
        lines.append("contact:")
        lines.append(f"  department: {_s(department)}")
        lines.append(f"  email: {_q(f'{rng.choice(_EMAIL_LOCALS)}@{town.slug}.example.jp')}")
        if full or self.chance(0.9):
            lines.append(f"  phone: {_q(self.phone())}")
        if full or self.chance(0.7):
            teams = rng.sample(["hr", "dx", "ict", "web"], rng.randint(1, 3))
            handles = [f"{town.slug[:30]}-{team}" for team in teams]  # GitHub allows 39 characters
            lines.append(_list("maintainers", sorted(handles)).rstrip("\n"))
        lines.append("---")
        lines.append("")
        return "\n".join(lines) + "\n" + self.municipality_body(town, department, tools, remote)

    def phone(self) -> str:
        """A 10-digit landline number: area code (2–4 digits with the 0) + local exchange + 4 digits."""
        rng = self.rng
        area_len = rng.choice((2, 3, 4))
        area = f"0{rng.randint(10 ** (area_len - 2), 10 ** (area_len - 1) - 1)}"
        exchange_len = 6 - area_len
        exchange = rng.randint(10 ** (exchange_len - 1), 10**exchange_len - 1)
        return f"{area}-{exchange}-{rng.randint(0, 9999):04d}"

    def municipality_body(self, town: _Town, department: str, tools: list[str], remote: str) -> str:
        rng = self.rng
        t = town
        where = rng.choice(("{p}の{c}部", "{p}の{c}寄り", "{p}の山あい", "{p}の海沿い", "{p}の平野部")).format(
            p=t.prefecture, c=rng.choice("北南東西")
        )
        people = rng.randint(2, 400) * 1000 if t.kind == "市" else rng.randint(1, 40) * 500
        out = [f"## {t.name}について\n\n"]
        out.append(
            rng.choice(
                (
                    f"{t.name}は{where}にある人口約{people:,}人のまちです。",
                    f"{where}に位置する{t.name}は、人口約{people:,}人。豊かな自然と暮らしやすさが自慢です。",
                    f"{t.name}({t.kana})は、{where}にあります。人口はおよそ{people:,}人です。",
                )
            )
            + rng.choice(
                (
                    "古くからの商店街と新しい住宅地が共存し、子育て世代の転入も増えています。",
                    "農業と観光がさかんで、週末には多くの人が訪れます。",
                    "駅周辺の再開発が進み、まちの姿が少しずつ変わりつつあります。",
                    "高齢化が進むなかで、行政サービスのデジタル化への期待が高まっています。",
                )
            )
            + "\n"
        )
        out.append("\n## ICT職として働く魅力\n\n")
        out.append(
            rng.choice(
                (
                    f"{t.office}の{department}は、少人数ながら庁内のデジタル化をけん引するチームです。",
                    f"{department}では、各課と一緒に「困りごと」から考えるDXを進めています。",
                    f"{t.name}のICT職は、企画から調達、運用までを一貫して担当します。",
                )
            )
            + rng.choice(
                (
                    "住民の声がすぐ届く距離で、自分の仕事の成果を実感できます。",
                    "規模が小さいぶん、若手でも大きな案件を任されます。",
                    "民間で培った経験を、そのまま行政の現場で活かせます。",
                )
            )
            + "\n\n"
        )
        appeals = [
            f"{'、'.join(tools[:3])} などのツールを使い、紙の仕事を減らしています",
            "電子申請や窓口のキャッシュレス化など、住民サービスの改善に直接関われます",
            "庁内の勉強会やもくもく会が定期的に開かれています",
            "他の自治体のICT職員との交流の機会が多くあります",
            "ガバメントクラウドへの移行など、全国共通の大きな変化に立ち会えます",
            "資格取得や外部研修への参加を組織として後押ししています",
        ]
        for line in rng.sample(appeals, rng.randint(3, 5)):
            out.append(f"- {line}\n")
        out.append("\n## 働き方\n\n")
        out.append(
            {
                "none": "業務の性質上、庁舎での勤務が基本です。"
                "そのぶん、各課の職員と顔を合わせて相談できる距離の近さがあります。",
                "partial": "テレワークと出勤を組み合わせた働き方が定着しています。"
                "会議の多くはオンラインで行っています。",
                "full": "在宅勤務を前提にした働き方を取り入れています。庁内の打合せもオンラインが中心です。",
            }[remote]
            + rng.choice(
                (
                    "育児や介護と両立している職員も多く、休暇は取りやすい雰囲気です。",
                    "時差出勤や短時間勤務など、事情に合わせた働き方を相談できます。",
                    "年次休暇の平均取得日数は、毎年15日を超えています。",
                )
            )
            + "\n"
        )
        if self.chance(0.5):
            year = self.today.year - rng.randint(1, 8)
            out.append("\n## 先輩職員の声\n\n")
            out.append(
                "> "
                + rng.choice(
                    (
                        "民間のSIerから転職しました。発注者側に立ってみて、仕様を決めることの重さと面白さを知りました。",
                        "最初は行政の言葉に戸惑いましたが、周りの職員がていねいに教えてくれました。",
                        "自分がつくった申請フォームを、家族や近所の人が使ってくれているのがうれしいです。",
                        "小さな改善を積み重ねて、窓口の待ち時間が目に見えて短くなりました。",
                    )
                )
                + f"\n>\n> — {department} {year}年入庁\n"
            )
        if self.chance(0.35):
            staff = max(30, people // rng.randint(80, 200))
            out.append(f"\n## 数字で見る{t.name}の職場\n\n| 項目 | 値 |\n| --- | --- |\n")
            ict = rng.randint(2, max(2, min(30, staff // 10)))
            out.append(f"| 職員数 | {staff:,}人 |\n| ICT担当職員 | {ict}人 |\n")
            out.append(f"| テレワーク実施率 | {rng.randint(0, 90)}% |\n")
            out.append(f"| 平均年次休暇取得日数 | {rng.randint(9, 19)}日 |\n")
        out.append("\n## メッセージ\n\n")
        out.append(
            rng.choice(
                (
                    f"{t.name}は、デジタルの力で住民の暮らしを支える仲間を探しています。",
                    f"行政の仕事にICTの専門性を持ち込んでくれる方を、{t.name}は歓迎します。",
                    "前例のない仕事も多いですが、そのぶん手応えがあります。",
                )
            )
            + rng.choice(
                (
                    "まずは気軽に説明会や職場見学にお越しください。",
                    "ご応募を心よりお待ちしています。",
                    "一緒にまちの未来をつくりましょう。",
                )
            )
            + "\n"
        )
        if self.chance(0.3):
            out.append(f"\n詳しくは[{t.name}の公式ウェブサイト](https://www.{t.slug}.example.jp/)をご覧ください。\n")
        return "".join(out)

    # -- openings ----------------------------------------------------------------------------------

    def openings(self, towns: list[_Town], per_town: int) -> list[tuple[str, str]]:
        rng = self.rng
        total = len(towns) * per_town
        # Distinct openings that carry the features a small tree must still represent:
        # p[0] open and closing on `today` with every field, p[1] closed, p[2] upcoming,
        # p[0..4] the five employment types (hence all four salary units), p[5] a draft,
        # p[6] no salary, no remote_work, e-mail only; p[7] URL only and 和暦 dates.
        p = rng.sample(range(total), min(total, 8))
        forced = {g: i for i, g in enumerate(p)}
        types = list(EMPLOYMENT_TYPES)
        rng.shuffle(types)
        slugs = [t.slug for t in towns]
        files = []
        for ti, town in enumerate(towns):
            for j in range(per_town):
                g = ti * per_town + j
                files.append(self.opening(town, j, forced.get(g), types, slugs))
        return files

    def opening(self, town: _Town, j: int, role_no: int | None, types: list[str], slugs: list[str]) -> tuple[str, str]:
        """One opening file; `role_no` is its place among the coverage openings, None for the rest."""
        rng = self.rng
        today = self.today
        full = role_no == 0
        covers_type = role_no is not None and role_no < 5

        etype = types[role_no] if covers_type else rng.choices(EMPLOYMENT_TYPES, _TYPE_WEIGHTS)[0]
        if role_no == 0:
            status = "today"
        elif role_no == 1:
            status = "closed"
        elif role_no == 2:
            status = "upcoming"
        else:
            status = self.weighted((("closed", 20), ("upcoming", 15), ("open", 65)))
        if status == "closed":
            closes = today - timedelta(days=rng.randint(1, 120))
            opens = closes - timedelta(days=rng.randint(14, 60))
        elif status == "upcoming":
            opens = today + timedelta(days=rng.randint(1, 60))
            closes = opens + timedelta(days=rng.randint(14, 60))
        else:
            opens = today - timedelta(days=rng.randint(0, 45))
            closes = today if status == "today" else today + timedelta(days=rng.randint(0, 75))

        title, role_slug, duties = rng.choice(_ROLES)
        slug = f"{role_slug}-{j + 1}"
        label = _TYPE_LABELS[etype]
        lines = ["---"]
        lines.append(f"title: {_s(rng.choice((f'{title}({label})', f'【{label}】{title}', f'{title}')))}")
        lines.append(f"employment_type: {etype}")
        if full or self.chance(0.9):
            lines.append(f"positions: {rng.choices((1, 2, 3, 5), (70, 20, 8, 2))[0]}")

        salary_unit = None
        if covers_type or (role_no != 6 and self.chance(0.88)):
            choices = _UNITS[etype]
            salary_unit = choices[0][0] if covers_type else self.weighted(choices)
            low, high = self.salary(etype, salary_unit)
            lines.append(f"salary:\n  min: {low}\n  max: {high}\n  unit: {salary_unit}")

        remote = None
        if full or (role_no != 6 and self.chance(0.65)):
            remote = "full" if etype == "side_job" and self.chance(0.5) else rng.choice(_REMOTE)
            lines.append(f"remote_work: {remote}")
        if full or self.chance(0.85):
            location = (
                f"{town.name} 在宅勤務(月1回程度 {town.office}へ出勤)"
                if remote == "full"
                else f"{town.office} {rng.choice(('本庁舎', '第二庁舎', '分庁舎'))}{rng.randint(1, 6)}階"
            )
            lines.append(f"location: {_s(location)}")
        wareki = True if role_no == 7 else None
        if full or status in ("upcoming", "today") or role_no == 7 or self.chance(0.95):
            lines.append(f"opens: {self.date_value(opens, wareki)}")
        lines.append(f"closes: {self.date_value(closes, wareki)}")
        if status == "closed" and (full or self.chance(0.9)):  # most HR staff record what happened
            lines.append(f"status: {rng.choice(('reviewing', 'filled', 'filled', 'cancelled'))}")
        if full or self.chance(0.5):
            lines.append(f"updated: {min(opens, today).isoformat()}")
        if full or (etype in ("fixed_term", "part_time") and self.chance(0.7)):
            start = closes + timedelta(days=rng.randint(30, 120))
            years = 1 if etype == "part_time" else rng.randint(2, 5)
            lines += ["term:", f"  start: {start.isoformat()}",
                      f"  end: {(start + timedelta(days=365 * years - 1)).isoformat()}",
                      f"  renewable: {_bool(self.chance(0.6))}"]
        if full or etype == "side_job":
            lines.append(f"workload: {_s(rng.choice(('月2日程度', '月4日程度', '週1日程度（オンライン中心）', '月8時間程度')))}")
        if full or self.chance(0.6):
            lines.append(_list("selection", ["書類選考", rng.choice(("面接（オンライン可）", "面接", "実技課題と面接"))]).rstrip("\n"))
        if full or self.chance(0.4):
            lines.append(f"official_notice_url: {_q(f'https://www.{town.slug}.example.jp/saiyo/{slug}/notice.pdf')}")

        url = f"https://www.{town.slug}.example.jp/saiyo/{slug}/"
        email = f"saiyo@{town.slug}.example.jp"
        if role_no == 6:
            how = "email"
        elif role_no == 7:
            how = "url"
        elif full:
            how = "both"
        else:
            how = self.weighted((("url", 45), ("email", 20), ("both", 35)))
        if how in ("url", "both"):
            lines.append(f"apply_url: {_q(url)}")
        if how in ("email", "both"):
            lines.append(f"apply_email: {_q(email)}")

        requirements = rng.sample(_REQUIREMENTS, rng.randint(1, 3)) + [_REQUIREMENTS_BY_TYPE[etype]]
        lines.append(_list("requirements", requirements).rstrip("\n"))
        if full or self.chance(0.75):
            lines.append(_list("preferred", rng.sample(_PREFERRED, rng.randint(1, 3))).rstrip("\n"))

        if len(slugs) > 1 and (full or (role_no is None and self.chance(0.03))):
            partners: set[str] = set()
            want = rng.choice((1, 1, 2)) if len(slugs) > 2 else 1
            while len(partners) < want:
                other = slugs[rng.randrange(len(slugs))]
                if other != town.slug:
                    partners.add(other)
            lines.append(_list("joint_with", sorted(partners)).rstrip("\n"))
        else:
            partners = set()

        if role_no == 5 or (role_no is None and self.chance(0.02)):
            lines.append("draft: true")
        elif full or self.chance(0.05):
            lines.append("draft: false")
        lines.append("---")
        lines.append("")
        body = self.opening_body(town, title, etype, duties, salary_unit, remote, closes, sorted(partners))
        return f"municipalities/{town.slug}/openings/{slug}.md", "\n".join(lines) + "\n" + body

    def salary(self, etype: str, unit: str) -> tuple[int, int]:
        rng = self.rng
        if unit == "year":
            low = rng.randint(400, 750) * 10_000
            high = low + rng.randint(0, 40) * 100_000
        elif unit == "month":
            base = (180, 320) if etype in ("part_time", "side_job") else (200, 400)
            low = rng.randint(*base) * 1_000
            high = low + rng.randint(0, 25) * 10_000
        elif unit == "day":
            low = rng.randint(8, 60) * 1_000
            high = low + rng.randint(0, 30) * 1_000
        else:  # hour
            low = rng.randint(110, 180) * 10 if etype == "part_time" else rng.randint(20, 100) * 100
            high = low + rng.randint(0, 20) * 50
        return low, high

    def opening_body(
        self,
        town: _Town,
        role: str,
        etype: str,
        duties: list[str],
        unit: str | None,
        remote: str | None,
        closes: date,
        partners: list[str],
    ) -> str:
        rng = self.rng
        t = town
        out = ["## 仕事内容\n\n"]
        out.append(
            rng.choice(
                (
                    f"{t.name}の{role}として、次の業務を担当していただきます。",
                    f"{t.office}で{role}を担っていただく方を募集します。主な業務は次のとおりです。",
                    f"{role}の一員として、{t.name}のデジタル化を現場から支えていただきます。",
                )
            )
            + "\n\n"
        )
        for duty in rng.sample(duties, rng.randint(3, len(duties))):
            out.append(f"- {duty}\n")
        out.append(
            "\n"
            + rng.choice(
                (
                    "業務の進め方はチームで相談して決めています。最初の数か月は先輩職員と一緒に担当します。",
                    "着任後は、現在の課題をヒアリングするところから始めていただきます。",
                    "必要に応じて、各課の職員や事業者と打合せをしながら進めます。",
                )
            )
            + "\n"
        )
        if partners:
            names = "、".join(self.town_by_slug[s].name for s in partners)
            out.append(
                f"\nこの募集は{t.name}と{names}の共同任用です。複数の自治体の業務を担当し、"
                "自治体をまたいだ仕組みづくりに関わっていただきます。\n"
            )
        out.append("\n## このポジションの魅力\n\n")
        out.append(
            rng.choice(
                (
                    "住民サービスに直結する仕事で、成果が目に見えます。",
                    "行政ならではの大きな仕組みを、企画の段階から動かせます。",
                    "専門職として頼りにされ、裁量を持って働けます。",
                )
            )
            + rng.choice(
                (
                    "研修や資格取得の支援も活用しながら、専門性を伸ばしてください。",
                    "近隣自治体のICT職員との情報交換の場もあります。",
                    "民間での経験がある方ほど、行政の現場で新しい視点を発揮できます。",
                )
            )
            + "\n"
        )
        out.append("\n## 勤務条件\n\n")
        hours = {
            "regular": "8時30分〜17時15分(休憩60分)",
            "fixed_term": "8時30分〜17時15分(休憩60分)",
            "part_time": "週30時間以内で相談のうえ決定",
            "side_job": "月20時間程度(平日夜間・土日を含め相談可)",
            "contract": "契約で定める業務量に応じて調整",
        }[etype]
        out.append(f"- 雇用形態: {_TYPE_LABELS[etype]}\n- 勤務時間: {hours}\n")
        out.append("- 働き方: " + (_REMOTE_LABELS[remote] if remote else f"{t.name}の働き方に準じます") + "\n")
        if unit:
            out.append(f"- 給与: {_UNIT_LABELS[unit]}で支給します(経験に応じて決定)\n")
        else:
            out.append("- 給与: 経験・能力を考慮し、条例・規則に基づいて決定します\n")
        if etype in ("regular", "fixed_term"):
            out.append("- 休日: 土曜・日曜・祝日、年末年始(12月29日〜1月3日)\n")
        out.append("\n## 選考の流れ\n\n")
        if self.chance(0.4):
            out.append("| 段階 | 内容 | 時期の目安 |\n| --- | --- | --- |\n")
            out.append(f"| 書類選考 | 応募書類による選考 | {closes.month}月{closes.day}日の締切後 2週間以内 |\n")
            interview = rng.choice(("個別面接(オンライン可)", "個別面接 2回", "面接と実技課題"))
            out.append(f"| 面接 | {interview} | 書類選考の約2週間後 |\n")
            out.append("| 内定 | 結果をメールで通知 | 面接の約1週間後 |\n")
        else:
            out.append("1. 書類選考\n")
            out.append(f"2. {rng.choice(('面接(オンライン可)', '一次面接・二次面接', '面接と簡単な実技課題'))}\n")
            out.append("3. 内定(結果はメールでお知らせします)\n")
        out.append("\n## 応募方法\n\n")
        out.append(
            rng.choice(
                (
                    "応募フォームまたはメールで、履歴書と職務経歴書を提出してください。",
                    "所定の応募書類を作成し、締切日までに提出してください。",
                    "職務経歴書には、担当したシステムや案件の規模をできるだけ具体的に書いてください。",
                )
            )
            + f"締切は{closes.year}年{closes.month}月{closes.day}日です。\n"
        )
        return "".join(out)

    # -- events ------------------------------------------------------------------------------------

    def events(self, towns: list[_Town]) -> list[tuple[str, str]]:
        rng = self.rng
        slugs = [t.slug for t in towns]
        count = max(1, round(len(towns) / 20))
        files = []
        for i in range(count):
            full = i == 0
            kind, kind_slug = rng.choice(_EVENT_KINDS)
            # The first event is in the future and has every field; its `ends` has no offset, so
            # even a one-event tree shows both forms.
            day = self.today + timedelta(days=rng.randint(3, 60) if full else rng.randint(-60, 90))
            start = datetime.combine(day, time(rng.choice((10, 13, 14, 18, 19)), rng.choice((0, 30))))
            end = start + timedelta(minutes=rng.choice((60, 90, 120, 180)))
            online = full or self.chance(0.6)
            members = sorted(rng.sample(slugs, min(len(slugs), 3 if full else rng.randint(1, 4))))
            names = [self.town_by_slug[s] for s in members]
            place = names[0]
            lines = ["---"]
            title = f"第{i + 1}回 自治体ICT職 {kind}" + ("(オンライン)" if online and not full else "")
            lines.append(f"title: {_s(title)}")
            lines.append(f"starts: {self.datetime_value(start, offset=full or self.chance(0.75))}")
            if full or self.chance(0.85):
                lines.append(f"ends: {self.datetime_value(end, offset=not full and self.chance(0.75))}")
            if full or not online or self.chance(0.3):
                room = rng.choice(("大会議室", "多目的ホール", "第1会議室"))
                lines.append(f"location: {_s(f'{place.office} {room}')}")
            if online:
                lines.append(f"online_url: {_q(f'https://meet.example.jp/synthetic-{kind_slug}-{i + 1}')}")
            if full or self.chance(0.8):
                lines.append(f"registration_url: {_q(f'https://forms.example.jp/synthetic/{kind_slug}-{i + 1}/')}")
            lines.append(_list("municipalities", members).rstrip("\n"))
            lines.append("---")
            lines.append("")
            joined = "、".join(t.name for t in names)
            body = (
                "## 概要\n\n"
                f"{joined}のICT職員が、仕事の内容や働き方、募集中のポジションについてお話しします。"
                + rng.choice(
                    (
                        "転職を考えている方はもちろん、情報収集の段階の方も歓迎します。",
                        "現役職員に直接質問できる時間もたっぷり用意しています。",
                        "副業・兼業での関わり方に関心がある方もぜひご参加ください。",
                    )
                )
                + "\n\n## プログラム\n\n"
                + "".join(
                    f"- {item}\n"
                    for item in rng.sample(
                        [
                            "各自治体からの説明(各15分)",
                            "現役ICT職員によるパネルトーク",
                            "個別相談会",
                            "庁舎内の職場見学",
                            "質疑応答",
                        ],
                        rng.randint(2, 4),
                    )
                )
                + "\n## 参加方法\n\n"
                + rng.choice(
                    (
                        "参加は無料です。申込フォームから事前にお申し込みください。",
                        "事前申込制です。定員に達し次第、受付を終了します。",
                        "当日参加もできますが、資料準備のため事前申込にご協力ください。",
                    )
                )
                + "\n"
            )
            files.append((f"events/{kind_slug}-{i + 1}.md", "\n".join(lines) + "\n" + body))
        return files


def _bool(value: bool) -> str:
    return "true" if value else "false"
