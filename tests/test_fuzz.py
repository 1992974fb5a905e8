"""Fuzzing: whatever the content says, the build ends with a result and nothing in it can run script.

(a) front matter built from random YAML-ish values, written with random formatting into each kind
    of file: the full build ends with a BuildResult, never an exception;
(b) random Markdown bodies full of HTML, script URLs and template syntax: the built pages carry no
    script but their own, no event handlers, no script URLs, and template syntax stays text;
(c) random byte mutations of a valid file: `check` ends with a result naming the file.

Each example has a time limit, so a hang fails the test instead of stalling the run. A failure is
reported as found, with the files it wrote; to shrink it to a minimal example (slow: every step is a
build), run `JOINTHIRE_FUZZ_SHRINK=1 .venv/bin/python -m pytest -p no:cacheprovider tests/test_fuzz.py`.
"""

from __future__ import annotations

import faulthandler
import json
import os
import posixpath
import re
import signal
import sys
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import EVENT, MUNICIPALITY, OPENING, minimal_tree, write_tree
from hypothesis import HealthCheck, Phase, event, given, note, settings
from hypothesis import strategies as st

from jointhire import dates, localgov, pipeline, schema, urls
from jointhire.schema import EMPLOYMENT_TYPES, OUTCOMES, REMOTE_WORK, SALARY_UNITS, SYNONYMS

TODAY = date(2026, 11, 27)
SITE = "site.yaml"
MUNICIPALITY_MD = "municipalities/higashiyamato/municipality.md"
OPENING_MD = "municipalities/higashiyamato/openings/dx.md"
EVENT_MD = "events/briefing.md"
CONTENT_TOP = {"site.yaml", "municipalities", "events", ".github"}

EXAMPLE_SECONDS = 5
"""A tiny tree builds in about 0.1 s; an example that takes 50 times as long is hanging."""

SHRINK = os.environ.get("JOINTHIRE_FUZZ_SHRINK") == "1"
"""Shrinking a failing build example to a minimal one runs thousands of builds (minutes): off unless asked for.
Each failure is reported with the full text of the files it wrote (see the `note` lines)."""
FUZZ = settings(deadline=None, database=None, print_blob=True,
                phases=list(Phase) if SHRINK else [p for p in Phase if p not in (Phase.shrink, Phase.explain)],
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                       HealthCheck.data_too_large])


@contextmanager
def time_limit(seconds: float = EXAMPLE_SECONDS):
    """Fail an example that runs too long: SIGALRM for Python code, a watchdog that ends the run for C code."""
    def on_alarm(signum, frame):
        raise TimeoutError(f"example ran for over {seconds} s: a hang")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    faulthandler.dump_traceback_later(seconds * 3, exit=True)  # stuck inside C code, where no signal lands
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        faulthandler.cancel_dump_traceback_later()


def guarded(run, *args, **kwargs):
    """Call `run` within the time limit. A RecursionError or a timeout surfaces at a varying place, which
    Hypothesis would call flaky: each is raised again from one place, without its context."""
    with time_limit():
        try:
            return run(*args, **kwargs)
        except RecursionError:
            problem = "RecursionError: content that nests or refers to itself without end"
        except TimeoutError:
            problem = f"over {EXAMPLE_SECONDS} s: a hang (or content that multiplies, such as nested aliases)"
    raise AssertionError(f"{run.__module__}.{run.__name__}: {problem}")


def assert_well_formed(result, root: Path) -> None:
    """A result, whose every diagnostic names a place in the content tree and renders as a message."""
    assert isinstance(result, pipeline.BuildResult)
    for d in result.diagnostics:
        path = d.location.path
        parts = path.split("/")
        assert path and not path.startswith("/") and ".." not in parts, str(d)
        assert parts[0] in CONTENT_TOP, str(d)
        assert (root / path).resolve().is_relative_to(root.resolve()), str(d)
        assert d.location.line is None or d.location.line >= 1, str(d)
        assert d.location.col is None or d.location.col >= 1, str(d)
        assert str(d).startswith(f"{d.location}: "), str(d)
        assert d.code not in ("template-error", "output-conflict"), str(d)


# ---- YAML-ish values ---------------------------------------------------------------------------

FULLWIDTH_DIGITS = str.maketrans("0123456789-", "０１２３４５６７８９－")
WEEKDAYS = "月火水木金土日"

japanese = st.text(alphabet=st.sampled_from(
    "あいうえおかきくけこ東大和市採用推進担当職員情報課　：；，．（）「」・ーｱｲｳＡＢＣ１２３①②"), min_size=1, max_size=12)
any_text = st.text(alphabet=st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=12)
null_words = st.sampled_from(["", "~", "null", "Null", "NULL", "none", "None", "nil", "なし"])
bool_words = st.sampled_from(["true", "false", "True", "FALSE", "yes", "no", "Yes", "NO", "on", "off", "y", "n",
                              "はい", "いいえ", "あり", "なし", "可", "不可", "○", "×", "ｙｅｓ", "1", "0"])


def _wareki(d: date) -> str:
    era, first = ("令和", 2018) if d >= date(2019, 5, 1) else ("平成", 1988)
    year = d.year - first
    return f"{era}{'元' if year == 1 else year}年{d.month}月{d.day}日"


@st.composite
def date_words(draw) -> str:
    """A date as people write it, right or wrong: ISO, slashes, 年月日, 和暦, weekdays, full-width digits."""
    if draw(st.booleans()):
        d = draw(st.dates(date(2025, 1, 1), date(2028, 12, 31)))
    else:
        d = draw(st.dates(date(1, 1, 1), date(9999, 12, 31)))
    form = draw(st.integers(0, 10))
    text = [d.isoformat(), f"{d.year}/{d.month}/{d.day}", f"{d.year}.{d.month:02d}.{d.day:02d}",
            f"{d.year}年{d.month}月{d.day}日", _wareki(d), f"R{d.year - 2018}.{d.month}.{d.day}",
            f"H{d.year - 1988}/{d.month}/{d.day}", f"{d.year:04d}-{d.month:02d}-{d.day:02d}",
            f"{d.month}月{d.day}日", f"{draw(st.integers(0, 10000))}-{draw(st.integers(0, 13))}-{draw(st.integers(0, 32))}",
            f"令和{draw(st.integers(0, 99))}年{draw(st.integers(0, 13))}月{draw(st.integers(0, 32))}日"][form]
    if draw(st.integers(0, 4)) == 0:
        text += f"({draw(st.sampled_from(WEEKDAYS))})" if draw(st.booleans()) else f"（{WEEKDAYS[d.weekday()]}）"
    if draw(st.integers(0, 4)) == 0:
        text = text.translate(FULLWIDTH_DIGITS)
    return text


@st.composite
def datetime_words(draw) -> str:
    moment = draw(st.datetimes(datetime(1, 1, 1), datetime(9999, 12, 31, 23, 59)))
    if draw(st.booleans()):
        moment = draw(st.datetimes(datetime(2026, 1, 1), datetime(2027, 12, 31)))
    sep = draw(st.sampled_from(["T", " ", "t"]))
    text = f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d}{sep}{moment.hour:02d}:{moment.minute:02d}"
    text += draw(st.sampled_from(["", ":00", ":59", ":60"]))
    text += draw(st.sampled_from(["", "", "Z", "+09:00", "-09:00", "+14:00", "-12:00", "+0900", "+24:00"]))
    return draw(st.sampled_from([text, text[:10], text.replace("T", "T2"), text.translate(FULLWIDTH_DIGITS)]))


number_words = st.one_of(
    st.integers(-10**6, 10**12).map(str),
    st.integers(0, 10**40).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.sampled_from(["1e3", "1e400", "-1e400", "nan", "NaN", "inf", "-inf", ".inf", "0x10", "0o17", "1_000", "+5",
                     "−5", "５", "4.5", "0", "-0", "00", "011002", "1,000", "３．８", "二人"]),
    st.builds(lambda n, suffix: "9" * n + suffix, st.sampled_from([20, 309, 400, 4301]),
              st.sampled_from(["", "万", "円", "万円", ".5万"])),
)
amount_words = st.one_of(
    st.integers(0, 2_000_000).map(str), number_words,
    st.sampled_from(["25万", "25万円", "25.5万", "25万5000円", "２５万円", "250,000円", "２５０，０００", "応相談", "時給1,200円"]))


def _code(first_five: str) -> str:
    return first_five + str(localgov.check_digit(first_five))


code_words = st.one_of(
    st.integers(1, 47).flatmap(lambda p: st.integers(0, 999).map(lambda n: _code(f"{p:02d}{n:03d}"))),
    st.sampled_from(["132233", "011002", "132234", "13223", "１３２２３３", "481009", "000000", "13-2233", "1322330"]),
    st.integers(0, 999_999).map(lambda n: f"{n:06d}"))
url_words = st.sampled_from([
    "https://apply.example.jp/dx", "https://example.org/test-ict/", "http://example.org/", "https://",
    "javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,<script>alert(1)</script>", "mailto:a@example.jp",
    "//example.jp/", "https://例え.jp/パス?q=<b>", "https://a.example.jp/\"><script>alert(1)</script>",
    "https://a.example.jp/ space", "ftp://example.jp/", "https://a.example.jp/#{{ 7*7 }}", "https://a.example.jp"])
email_words = st.sampled_from(["saiyo@city.example.lg.jp", "a＠example.jp", "a@b", "<a@example.jp>", "a@example.jp,b@example.jp",
                               "\"><script>@x.jp", "人事@example.jp", "a@例え.jp"])
slug_words = st.sampled_from(["higashiyamato", "higashiyamato", "musashino", "higashiyamatoo", "Higashiyamato", "a" * 65,
                              "東大和", "higashi--yamato", "-x", "kodaira"])
github_words = st.sampled_from(["octocat", "@dx-lead", "tokyo-ict/admins", "bad handle", "-x", "a" * 40, "東大和", "@"])
template_words = st.sampled_from(["{{ 7*7 }}", "{% include 'base.html' %}", "{{ site }}", "{#", "{%", "${x}", "<%= x %>"])
html_words = st.sampled_from(["<script>alert(1)</script>", "</script>", "<img src=x onerror=alert(1)>", "<b>太字</b>",
                              "&amp;", "&#x3C;", "]]>", "<!--", "\\u003c"])


def choice_words(options: dict[str, str]):
    return st.one_of(st.sampled_from(sorted(options)), st.sampled_from(sorted(options.values())),
                     st.sampled_from(sorted(SYNONYMS)), st.sampled_from(["Regular", " regular ", "fixed-term", "全日"]))


text_words = st.one_of(japanese, any_text, template_words, html_words, null_words, bool_words)
scalar_words = st.one_of(text_words, date_words(), datetime_words(), number_words, code_words, url_words, email_words,
                         slug_words)
yamlish = st.recursive(scalar_words | st.none(),
                       lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.one_of(text_words, slug_words),
                                                                                   inner, max_size=3),
                       max_leaves=6)


# ---- documents: valid values of every form, with a drawn share of wrong ones ------------------------


FAR_DATES = [date(1, 1, 1), date(9999, 12, 31)]
"""The ends of what the date parser accepts (people write 9999-12-31 for "until filled")."""
EDGE_DATES = [date(1989, 1, 8), date(2019, 4, 30), date(2019, 5, 1), TODAY, TODAY - timedelta(days=1),
              TODAY + timedelta(days=1), date(2028, 2, 29)]
"""The ends of the eras, and the days around the build date."""


@st.composite
def valid_date(draw) -> str:
    """A date the parser accepts, in one of the forms HR staff write, anywhere in its range."""
    d = draw(st.dates() | st.dates(date(2025, 1, 1), date(2028, 12, 31)) | st.sampled_from(FAR_DATES)
             | st.sampled_from(EDGE_DATES))
    return _date_form(draw, d)


def _date_form(draw, d: date) -> str:
    forms = [d.isoformat(), f"{d.year:04d}/{d.month}/{d.day}", f"{d.year:04d}.{d.month:02d}.{d.day:02d}",
             f"{d.year:04d}年{d.month}月{d.day}日", f"{d.isoformat()}({WEEKDAYS[d.weekday()]})",
             d.isoformat().translate(FULLWIDTH_DIGITS)]
    if date(1989, 1, 8) <= d <= date(2117, 12, 31):  # 平成 or 令和, two-digit era years
        forms.append(_wareki(d))
    return draw(st.sampled_from(forms))


def _datetime_form(draw, moment: datetime) -> str:
    text = f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d}T{moment.hour:02d}:{moment.minute:02d}"
    return text + draw(st.sampled_from(["", ":00"])) + draw(st.sampled_from(["", "", "Z", "+09:00", "-09:00", "+14:00",
                                                                            "-12:00", "+0530"]))


@st.composite
def valid_datetime(draw) -> str:
    return _datetime_form(draw, draw(st.datetimes(datetime(1, 1, 1), datetime(9999, 12, 31, 23, 59))
                                     | st.datetimes(datetime(2026, 1, 1), datetime(2027, 12, 31))
                                     | st.sampled_from([datetime(1, 1, 1), datetime(9999, 12, 31, 23, 59)])
                                     | st.sampled_from([datetime.combine(d, datetime.min.time()) for d in EDGE_DATES])))


valid_amount = st.one_of(st.integers(0, 2_000_000).map(str), st.integers(0, 10**40).map(str),
                         st.integers(0, 10**6).map(lambda n: f"{n:,}円"), st.integers(1, 999).map(lambda n: f"{n}万"),
                         st.integers(1, 400).map(lambda n: "9" * n + "万"),
                         st.sampled_from(["25.5万", "25万5000円", "２５万円", "9" * 309 + "万", "1" + "0" * 4299]))
valid_number = st.one_of(st.floats(0, 10).map(lambda f: f"{f:.1f}"), st.integers(0, 100).map(str),
                         st.floats(min_value=0, allow_nan=False, allow_infinity=True).map(repr),
                         st.sampled_from(["inf", "1e308", "1e400", "0", "5", "１０"]))
valid_code = st.integers(1, 47).flatmap(lambda p: st.integers(0, 999).map(lambda n: _code(f"{p:02d}{n:03d}")))
valid_https = st.sampled_from(["https://apply.example.jp/dx", "https://www.city.example.lg.jp/", "https://例え.jp/パス?q=<b>",
                               "https://a.example.jp/\"><script>alert(1)</script>", "HTTPS://EXAMPLE.JP/x",
                               "https://a.example.jp/#{{7*7}}", "https://a.example.jp"])
valid_email = st.sampled_from(["saiyo@city.example.lg.jp", "a.b+c@example.jp", "人事@example.jp"])
printable = st.text(alphabet=st.characters(categories=("L", "M", "N", "P", "S")), min_size=1, max_size=12)
valid_text = st.one_of(japanese, printable, template_words, html_words,
                       st.sampled_from(["no", "yes", "null ", "011002", "2026-12-25", "- a", "a: b", "#x", "'", '"']))
valid_bool = st.sampled_from(["true", "false", "yes", "no", "はい", "いいえ", "あり", "なし", "○", "×", "ＴＲＵＥ"])
valid_github = st.sampled_from(["octocat", "@dx-lead", "tokyo-ict/admins", "a" * 39, "x1-y2"])


def choices(options: dict[str, str]):
    return st.sampled_from(sorted(options) + sorted(options.values()) + [f" {sorted(options)[0].upper()} "])


def leaf(valid, wild=None):
    return ("leaf", valid, wild if wild is not None else yamlish)


def section(fields: dict, required=()):
    return ("section", fields, set(required))


def many(spec, min_size=0, single=True):
    return ("list", spec, min_size, single)


CONTACT = section({"department": leaf(japanese), "email": leaf(valid_email, email_words), "phone": leaf(valid_text)})
TEXTS = many(leaf(valid_text, text_words))
FIELDS = {
    SITE: section({
        "title": leaf(valid_text), "title_en": leaf(valid_text), "description": leaf(valid_text),
        "base_url": leaf(st.sampled_from(["https://example.org/test-ict/", "http://localhost:8000/", "https://例え.jp/a/b/"]),
                         url_words),
        "organizer": leaf(valid_text), "contact_email": leaf(valid_email, email_words), "notice": leaf(valid_text),
        "maintainers": many(leaf(valid_github, github_words))}, required={"title", "base_url"}),
    MUNICIPALITY_MD: section({
        "name": leaf(valid_text), "name_kana": leaf(japanese), "name_en": leaf(valid_text),
        "code": leaf(valid_code, code_words), "prefecture": leaf(st.sampled_from(localgov.PREFECTURES)),
        "website": leaf(valid_https, url_words), "tagline": leaf(valid_text),
        "workplace": section({"remote_work": leaf(choices(REMOTE_WORK), choice_words(REMOTE_WORK)),
                              "flex_time": leaf(valid_bool, bool_words), "side_jobs": leaf(valid_bool, bool_words),
                              "tools": TEXTS, "training": TEXTS}),
        "survey": section({"year": leaf(st.integers(1900, 2200).map(str), number_words),
                           "scale": leaf(valid_number, number_words),
                           "results": many(section({"item": leaf(valid_text), "score": leaf(valid_number, number_words)},
                                                   required={"item", "score"}), min_size=1, single=False)},
                          required={"results"}),
        "contact": CONTACT, "maintainers": many(leaf(valid_github, github_words)),
        "updated": leaf(valid_date(), date_words())}, required={"name", "code", "website"}),
    OPENING_MD: section({
        "title": leaf(valid_text), "employment_type": leaf(choices(EMPLOYMENT_TYPES), choice_words(EMPLOYMENT_TYPES)),
        "positions": leaf(st.integers(1, 10**40).map(str), number_words),
        "salary": section({"min": leaf(valid_amount, amount_words), "max": leaf(valid_amount, amount_words),
                           "unit": leaf(choices(SALARY_UNITS), choice_words(SALARY_UNITS))}, required={"min", "unit"}),
        "remote_work": leaf(choices(REMOTE_WORK), choice_words(REMOTE_WORK)), "location": leaf(valid_text),
        "opens": leaf(valid_date(), date_words()), "closes": leaf(valid_date(), date_words()),
        "apply_url": leaf(valid_https, url_words), "apply_email": leaf(valid_email, email_words),
        "requirements": TEXTS, "preferred": TEXTS,
        "joint_with": many(leaf(st.just("musashino"), slug_words)),
        "draft": leaf(valid_bool, bool_words),
        "term": section({"start": leaf(valid_date(), date_words()), "end": leaf(valid_date(), date_words()),
                         "renewable": leaf(valid_bool, bool_words)}),
        "workload": leaf(valid_text), "selection": TEXTS, "official_notice_url": leaf(valid_https, url_words),
        "contact": CONTACT, "updated": leaf(valid_date(), date_words()),
        "status": leaf(choices(OUTCOMES), choice_words(OUTCOMES)), "direct_apply": leaf(valid_bool, bool_words)},
        required={"title", "employment_type", "closes", "apply_url"}),
    EVENT_MD: section({
        "title": leaf(valid_text), "starts": leaf(valid_datetime(), datetime_words()),
        "ends": leaf(valid_datetime(), datetime_words()), "location": leaf(valid_text),
        "online_url": leaf(valid_https, url_words),
        "municipalities": many(leaf(st.sampled_from(["higashiyamato", "musashino"]), slug_words), min_size=1),
        "registration_url": leaf(valid_https, url_words)}, required={"title", "starts", "municipalities"}),
}
ORDERED = {"opens": "closes", "start": "end", "starts": "ends", "min": "max"}
"""Pairs whose second value must not come before the first: written in order unless the value is wrong anyway."""


@st.composite
def values(draw, spec, junk: float):
    """A value for `spec`: valid with probability 1 − junk at each field, else a wrong or random one."""
    if draw(st.floats(0, 1)) < junk:
        return draw(spec[2] if spec[0] == "leaf" and draw(st.booleans()) else yamlish)
    if spec[0] == "leaf":
        return draw(spec[1])
    if spec[0] == "list":
        _, item, min_size, single = spec
        items = [draw(values(item, junk)) for _ in range(draw(st.integers(min_size, 3)))]
        return items[0] if single and len(items) == 1 and draw(st.booleans()) else items
    _, fields, required = spec
    chosen = [k for k in fields if k in required and draw(st.floats(0, 1)) >= junk / 2
              or k not in required and draw(st.integers(0, 3)) == 0]
    doc = {k: draw(values(fields[k], junk)) for k in chosen}
    for first, second in ORDERED.items():
        if first in doc and second in doc and draw(st.integers(0, 4)) > 0:
            doc[first], doc[second] = _in_order(doc[first], doc[second])
    if "score" in doc and draw(st.booleans()):
        doc["score"] = "0"
    if isinstance(doc.get("results"), list) and "scale" in doc and draw(st.integers(0, 3)) == 0:
        for result in doc["results"]:  # full marks
            if isinstance(result, dict):
                result["score"] = doc["scale"]
    if draw(st.floats(0, 1)) < junk:
        doc[draw(st.one_of(slug_words, japanese, st.sampled_from(["clsoes", "<<", "1", "~", "title "])))] = draw(yamlish)
    return {k: doc[k] for k in draw(st.permutations(list(doc)))}


def _in_order(a, b):
    """Swap two written dates, times or amounts when they are readable and out of order."""
    for parse in (dates.parse_date, dates.parse_datetime, schema._amount):
        try:
            return (b, a) if parse(b) < parse(a) else (a, b)
        except Exception:  # noqa: BLE001 - not this kind of value, or not readable: leave as written
            continue
    return a, b


@st.composite
def documents(draw, rel: str) -> dict:
    """A front matter for the file at `rel`: all valid (often), or with a drawn share of wrong values."""
    junk = draw(st.sampled_from([0.0, 0.0, 0.0, 0.02, 0.1, 0.3]), label="share of wrong values")
    doc = draw(values(FIELDS[rel], junk))
    if rel == MUNICIPALITY_MD and isinstance(doc, dict) and "prefecture" in doc and "code" in doc and junk == 0:
        doc["prefecture"] = localgov.prefecture_of(doc["code"])
    return doc


# ---- a YAML writer with random formatting -----------------------------------------------------

_PLAIN = re.compile(r"[^\s\-?:,\[\]{}#&*!|>'\"%@`][^\n]*")


class Writer:
    """Dumps nested dicts/lists/strings as YAML, with random styles, indentation, anchors and aliases.

    Every random choice falls back to the plain form when the draw is 0, which is where Hypothesis shrinks.
    """

    def __init__(self, rnd):
        self.rnd = rnd
        self.indent = rnd.choice([2, 4, 3, 2])
        self.anchors: list[str] = []

    def chance(self, p: float) -> bool:
        return self.rnd.random() > 1 - p

    def scalar(self, value, flow: bool = False) -> str:
        if value is None:
            return self.rnd.choice(["", "~", "null"])
        text = str(value)
        safe = (_PLAIN.fullmatch(text) and ": " not in text and " #" not in text and not text.endswith((":", " "))
                and not (flow and any(c in text for c in ",[]{}")))
        style = self.rnd.random()
        if (safe and style < 0.75) or style > 0.98:  # now and then a plain scalar that breaks the YAML
            return text
        if style < 0.9 and "\n" not in text and text.isprintable():
            return "'" + text.replace("'", "''") + "'"
        return json.dumps(text, ensure_ascii=self.chance(0.2))

    def decorate(self) -> str:
        """An anchor to set, or an empty prefix."""
        if self.chance(0.15):
            name = f"a{len(self.anchors)}"
            self.anchors.append(name)
            return f"&{name} "
        return ""

    def alias(self) -> str | None:
        """An alias to an anchor set before (perhaps one that encloses it), now and then to one never set."""
        if self.anchors and self.chance(0.08):
            return "*" + self.rnd.choice(self.anchors)
        return "*missing" if self.chance(0.01) else None

    def flow(self, value) -> str:
        if isinstance(value, dict):
            return "{" + ", ".join(f"{self.scalar(k, True)}: {self.flow(v)}" for k, v in value.items()) + "}"
        if isinstance(value, list):
            return "[" + ", ".join(self.flow(v) for v in value) + "]"
        return self.scalar(value, flow=True)

    def after_key(self, value, depth: int) -> str:
        """What follows `key:` or `-`: an inline value, or a newline and a nested block."""
        if (alias := self.alias()) is not None:
            return " " + alias + "\n"
        anchor = self.decorate()
        if isinstance(value, (dict, list)) and value and not self.chance(0.2):
            return (" " + anchor).rstrip(" ") + "\n" + self.block(value, depth + 1)
        text = self.flow(value) if isinstance(value, (dict, list)) else self.scalar(value)
        comment = "  # メモ" if self.chance(0.05) else ""
        return (" " + anchor + text).rstrip(" ") + comment + "\n"

    def block(self, value, depth: int = 0) -> str:
        pad = " " * (self.indent * depth)
        if isinstance(value, dict):
            return "".join(f"{pad}{self.scalar(k)}:{self.after_key(v, depth)}" for k, v in value.items())
        return "".join(f"{pad}-{self.after_key(v, depth)}" for v in value)

    def document(self, data) -> str:
        if isinstance(data, (dict, list)) and data:
            text = self.block(data)
        else:
            text = self.rnd.choice(["", "{}\n"]) if data in ({}, [], None) else self.scalar(data) + "\n"
        if self.chance(0.05):
            text = text.replace("\n", "\r\n")
        if self.chance(0.05):
            text = "\ufeff" + text
        if self.chance(0.02):  # aliases of aliases, ten to a level: 10**7 values from a few lines ("billion laughs")
            chain = ["l0: &l0 [" + ", ".join(["ha"] * 10) + "]"]
            chain += [f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 10) + "]" for i in range(1, 7)]
            text = "\n".join(chain) + "\nrequirements: *l6\n" + text
        return text


BODY = "\n本文です。\n"


def base_tree() -> dict[str, str]:
    """The minimal tree and a second municipality, so that joint openings and shared events can be valid."""
    musashino = MUNICIPALITY.replace("東大和市", "武蔵野市").replace('"132233"', '"132039"')
    return minimal_tree() | {"municipalities/musashino/municipality.md": musashino}


def front_matter_file(rel: str, yaml_text: str, body: str = BODY) -> str:
    return yaml_text if rel == SITE else f"---\n{yaml_text}---\n{body}"


# ---- (a) random front matter in every kind of file -----------------------------------------------


@settings(FUZZ, max_examples=250)
@given(data=st.data())
def test_random_front_matter_ends_in_a_result(tmp_path_factory, data):
    files = base_tree()
    chosen = data.draw(st.sets(st.sampled_from(sorted(FIELDS)), min_size=1), label="files")
    for rel in sorted(chosen):
        writer = Writer(data.draw(st.randoms(use_true_random=False), label=f"formatting of {rel}"))
        text = writer.document(data.draw(documents(rel), label=rel))
        files[rel] = front_matter_file(rel, text)
        note(f"--- {rel} ---\n{files[rel]}")
    base = tmp_path_factory.mktemp("front")
    root = write_tree(base / "content", {k: v.encode("utf-8") for k, v in files.items()})
    result = guarded(pipeline.build, root, base / "out", TODAY, search_index=False)
    assert_well_formed(result, root)
    event("built" if result.ok else "refused with messages")
    if result.ok:
        assert (base / "out/index.html").is_file()


# ---- (b) random Markdown bodies ------------------------------------------------------------------

SCRIPT_URL = re.compile(r"^(?:javascript|vbscript|data|livescript):", re.IGNORECASE)
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "cite", "poster", "background", "data", "srcset",
                  "lowsrc", "dynsrc", "ping", "manifest", "codebase", "longdesc", "usemap", "itemtype", "profile"}
TEMPLATE_MARK = "{{ 'jt' ~ 'eval' }} {% include 'base.html' %} {{ site }} {%- raw %}"
"""Written as the first paragraph of every body: if it were ever evaluated, `jteval` would appear."""

tags = st.sampled_from(["script", "img", "a", "iframe", "svg", "math", "style", "div", "span", "b", "details", "object",
                        "embed", "form", "input", "button", "textarea", "noscript", "template", "base", "link", "meta",
                        "table", "td", "p", "video", "audio", "source", "select", "title", "xmp", "plaintext",
                        "noembed", "body", "html", "SCRIPT", "ScRiPt", "a/", "img/"])
attr_names = st.sampled_from(["onerror", "onclick", "ONLOAD", "onmouseover", "href", "src", "style", "srcdoc", "action",
                              "formaction", "xlink:href", "data", "title", "lang", "class", "id", "poster", "background",
                              "dynsrc", "lowsrc", "autofocus", "onfocus", "srcset", "cite"])
attr_values = st.sampled_from([
    "javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "java\tscript:alert(1)",
    "&#106;avascript:alert(1)", "&#x6A;avascript&#x3A;alert(1)", "jav&#x09;ascript:alert(1)", "vbscript:msgbox(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==", "data:image/svg+xml,<svg onload=alert(1)>",
    "https://example.org/", "http://example.org/x.png", "mailto:a@example.jp", "x", "alert(1)",
    "expression(alert(1))", "url(javascript:alert(1))", "#", "/relative", "\" onerror=\"alert(1)", "' onclick='x'",
    "{{ 7*7 }}", "</script><script>alert(1)</script>", "https://example.org/?a=1&b=<2>"])


@st.composite
def html_fragment(draw) -> str:
    tag = draw(tags)
    attrs = ""
    for name, value in draw(st.lists(st.tuples(attr_names, attr_values), max_size=3)):
        quote = draw(st.sampled_from(['"', "'", ""]))
        attrs += f" {name}={quote}{value}{quote}" if quote or " " not in value else f" {name}=\"{value}\""
    inner = draw(st.sampled_from(["", "alert(1)", "本文", "{{ 7*7 }}", "<script>alert(2)</script>", "]]>"]))
    close = draw(st.sampled_from([f"</{tag.rstrip('/')}>", "", "</script>", f"</{tag.upper().rstrip('/')} >"]))
    return f"<{tag}{attrs}>{inner}{close}"


markdown_blocks = st.one_of(
    html_fragment(),
    st.builds(lambda t, u: f"[{t}]({u})", japanese, attr_values),
    st.builds(lambda u: f"<{u}>", attr_values),
    st.builds(lambda t, u: f"![{t}]({u})", japanese, attr_values),
    st.builds(lambda u: f"[参照][1]\n\n[1]: {u}", attr_values),
    st.builds(lambda h: f"```html\n{h}\n```", html_fragment()),
    st.builds(lambda h: f"`{h}`", html_fragment()),
    st.builds(lambda h: f"    {h}", html_fragment()),
    st.builds(lambda a, b: f"| 項目 | 内容 |\n|---|---|\n| {a} | {b} |", html_fragment(), template_words),
    st.builds(lambda t: f"## {t}", st.one_of(japanese, template_words, html_fragment())),
    st.builds(lambda t: f"- {t}\n- {t}", st.one_of(japanese, template_words, html_fragment())),
    st.builds(lambda t: f"> {t}", st.one_of(japanese, html_fragment())),
    template_words, japanese, any_text,
    st.sampled_from(["<!-- comment -->", "<!--", "<![CDATA[<script>alert(1)</script>]]>", "```", "~~~", "---", "***",
                     "</script>", "<script>", "<?php echo 1; ?>", "&lt;script&gt;", "\\<script\\>", "<", ">"]),
)


def _page(out: Path, url: str) -> tuple[str, BeautifulSoup]:
    text = (out / url / "index.html").read_text(encoding="utf-8")
    return text, BeautifulSoup(text, "html.parser")


def assert_no_foreign_script(url: str, text: str, doc: BeautifulSoup, json_ld: bool) -> None:
    scripts = doc.find_all("script")
    assert [s.get("type") for s in scripts] == (["application/ld+json"] if json_ld else []), url
    assert text.lower().count("<script") == len(scripts), url
    for script in scripts:
        assert "<" not in script.string
        json.loads(script.string)
    for tag in doc.select(".prose *"):
        assert tag.name not in ("iframe", "object", "embed", "form", "base", "style", "svg", "math", "img", "input",
                                "button", "textarea", "meta", "link", "template", "video", "audio"), (url, str(tag))
    for tag in doc.find_all(True):
        for name, value in tag.attrs.items():
            assert not name.lower().startswith("on"), (url, str(tag))
            assert name.lower() not in ("srcdoc", "style", "formaction"), (url, str(tag))
            if name.lower() in URL_ATTRIBUTES:  # a title or alt that reads "javascript:" is only text
                for v in value if isinstance(value, list) else [value]:
                    assert not SCRIPT_URL.match(re.sub(r"[\x00-\x20]", "", v)), (url, str(tag))


@settings(FUZZ, max_examples=100)
@given(blocks=st.lists(markdown_blocks, max_size=8), title=st.one_of(template_words, html_words, japanese),
       separator=st.sampled_from(["\n\n", "\n"]), closed=st.booleans())
def test_random_bodies_cannot_run_script_or_templates(tmp_path_factory, blocks, title, separator, closed):
    body = "\n" + TEMPLATE_MARK + "\n\n" + separator.join(blocks) + "\n"
    opening = OPENING.replace("title: DX推進担当", f"title: {json.dumps(title + ' 担当', ensure_ascii=False)}")
    if closed:
        opening = opening.replace("closes: 2026-12-25", "closes: 2026-11-20\nstatus: filled")
    files = minimal_tree() | {
        OPENING_MD: opening + body,
        MUNICIPALITY_MD: MUNICIPALITY + body,
        EVENT_MD: EVENT + body,
    }
    base = tmp_path_factory.mktemp("body")
    root = write_tree(base / "content", {k: v.encode("utf-8") for k, v in files.items()})
    out = base / "out"
    result = guarded(pipeline.build, root, out, TODAY, search_index=False)
    assert_well_formed(result, root)
    assert result.ok, [str(d) for d in result.diagnostics]
    assert all(d.code == "html-dropped" for d in result.diagnostics), [str(d) for d in result.diagnostics]

    pages = {"municipalities/higashiyamato/openings/dx/": not closed, "municipalities/higashiyamato/": False,
             "events/briefing/": False}
    for url, json_ld in pages.items():
        text, doc = _page(out, url)
        assert_no_foreign_script(url, text, doc, json_ld)
        assert "jteval" not in text and "Site(" not in text, url  # nothing from content is evaluated
        assert text.lower().count("<!doctype") == 1, url
        prose = doc.select_one(".prose")
        assert prose is not None and TEMPLATE_MARK in prose.get_text(), url
    _, doc = _page(out, "municipalities/higashiyamato/openings/dx/")
    assert doc.h1.get_text() == (title + " 担当").strip()


# ---- (c) random byte mutations ---------------------------------------------------------------------

SPECIAL_BYTES = [b"\x00", b"\xff", b"\xfe", b"\x80", b"\xe3\x81", b"\xef\xbb\xbf", b"\r", b"\n", b"\r\n", b"\n---\n",
                 b"---", b"\t", b":", b"- ", b"  ", "：".encode(), "\u3000".encode(), b"\xc2\x85", "\u2028".encode(),
                 b"\x1b", b"\x7f", b"#", b"'", b'"', b"[", b"{", b"&a ", b"*a", b"!!str ", b"? ", b"|", b">",
                 "東".encode("cp932"), "東".encode()]

mutation = st.one_of(
    st.tuples(st.just("insert"), st.integers(0, 10**6), st.one_of(st.sampled_from(SPECIAL_BYTES), st.binary(max_size=4))),
    st.tuples(st.just("delete"), st.integers(0, 10**6), st.integers(1, 8)),
    st.tuples(st.just("flip"), st.integers(0, 10**6), st.integers(0, 7)),
    st.tuples(st.just("set"), st.integers(0, 10**6), st.integers(0, 255)),
)


def mutate(raw: bytes, ops) -> bytes:
    data = bytearray(raw)
    for op, where, arg in ops:
        at = where % (len(data) + 1)
        if op == "insert":
            data[at:at] = arg
        elif not data:
            continue
        elif op == "delete":
            del data[at:at + arg]
        else:
            at %= len(data)
            data[at] = data[at] ^ (1 << arg) if op == "flip" else arg
    return bytes(data)


@settings(FUZZ, max_examples=1000)
@given(rel=st.sampled_from(sorted(minimal_tree())), ops=st.lists(mutation, min_size=1, max_size=6))
def test_random_byte_mutations_end_in_a_result(tmp_path_factory, rel, ops):
    files = {k: v.encode("utf-8") for k, v in minimal_tree().items()}
    files[rel] = mutate(files[rel], ops)
    note(f"{rel}: {files[rel]!r}")
    root = write_tree(tmp_path_factory.mktemp("bytes") / "content", files)
    result = guarded(pipeline.check, root, TODAY)
    assert_well_formed(result, root)
    try:
        files[rel].decode("utf-8-sig")
        decodes = True
    except UnicodeDecodeError:
        decodes = False
    assert any(d.code == "not-utf8" and d.location.path == rel for d in result.diagnostics) == (not decodes)


if __name__ == "__main__":
    sys.exit(pytest.main([__file__, "-q", "-p", "no:cacheprovider"]))


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["a", "b", "openings", "index.html", "page", "2", ""]), max_size=5),
       st.lists(st.sampled_from(["a", "b", "openings", "index.html", "page", "2", ""]), max_size=5))
def test_relative_links_are_what_posixpath_would_make(to, here):
    """The fast relative-link helper gives the same links as the standard library."""
    path, start = "/" + "/".join(to), "/" + "/".join(here)
    assert urls._relpath(path, start) == posixpath.relpath(path, start)
