"""Dates as HR staff write them, and an opening's status on the build date. Pure functions."""

from __future__ import annotations

import os
import re
import unicodedata
from datetime import date, datetime, time, timedelta, timezone

JST = timezone(timedelta(hours=9), "JST")
"""Japan has no daylight saving time, so a fixed offset is exact (and needs no tz database)."""

WEEKDAYS = "月火水木金土日"

# First year of each era, minus one: 令和元年 is 2019.
ERAS = {"令和": 2018, "平成": 1988}
ERA_LAST_DAY = {"平成": date(2019, 4, 30)}
ERA_FIRST_DAY = {"令和": date(2019, 5, 1), "平成": date(1989, 1, 8)}

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_WESTERN = re.compile(r"(\d{4})\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})\s*日?")
_WAREKI = re.compile(r"(令和|平成|R|H)\s*(元|\d{1,2})\s*(?:年|[-/.])\s*(\d{1,2})\s*(?:月|[-/.])\s*(\d{1,2})\s*日?",
                     re.IGNORECASE)
_WEEKDAY = re.compile(r"\s*\(\s*([月火水木金土日])\s*(?:曜日?)?\s*\)\s*$")
_ERA_LETTERS = {"R": "令和", "H": "平成"}
_DATETIME = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?(Z|[+-]\d{2}:?\d{2})?")


class DateError(ValueError):
    """The text is not a date we understand; `reason` says what was wrong, in Japanese."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def parse_date(text: str) -> date:
    """A date as people write it: `2026-12-25`, `2026/12/25`, `2026年12月25日(金)`, full-width digits,
    or 和暦 such as `令和8年12月25日`, `平成31年4月1日`, `R8.12.25` (元年 included).

    A weekday in brackets is checked against the date, since a mismatch means one of them is wrong.
    """
    original = text.strip()
    value = unicodedata.normalize("NFKC", original)  # full-width digits and brackets
    weekday = _WEEKDAY.search(value)
    if weekday:
        value = value[: weekday.start()].strip()
    result = _parse_plain_date(value, original)
    if weekday and WEEKDAYS[result.weekday()] != weekday[1]:
        raise DateError(f"{format_ja(result)} は{weekday[1]}曜日ではありません")
    return result


def _parse_plain_date(value: str, original: str) -> date:
    if m := _WESTERN.fullmatch(value):
        return _checked(int(m[1]), int(m[2]), int(m[3]), original)
    if m := _WAREKI.fullmatch(value):
        era = _ERA_LETTERS.get(m[1].upper(), m[1])
        era_year = 1 if m[2] == "元" else int(m[2])
        if era_year < 1:
            raise DateError(f"{era}0年はありません")
        result = _checked(ERAS[era] + era_year, int(m[3]), int(m[4]), original)
        if result < ERA_FIRST_DAY[era] or result > ERA_LAST_DAY.get(era, date.max):
            raise DateError(f"{original} は{era}の期間外です")
        return result
    raise DateError("日付の形が読み取れません")


YEARS = range(1989, 2101)
"""Dates outside these years are mistakes here (9999-12-31 for "until filled", a typo like 20226)."""


def _checked(year: int, month: int, day: int, text: str) -> date:
    if year not in YEARS:
        raise DateError(f"{year}年は扱えません（{YEARS.start}〜{YEARS.stop - 1}年の日付を書いてください）")
    try:
        return date(year, month, day)
    except ValueError:
        raise DateError(f"{text} という日付は存在しません") from None


def parse_datetime(text: str) -> datetime:
    """ISO 8601 date and time, e.g. `2026-12-12T14:00`; Japan time (+09:00) when no offset is given."""
    value = text.strip()
    m = _DATETIME.fullmatch(value)
    if not m:
        if _ISO.fullmatch(value):
            raise DateError("時刻がありません（例: 2026-12-12T14:00）")
        raise DateError("日時の形が読み取れません（例: 2026-12-12T14:00）")
    if int(m[1]) not in YEARS:
        raise DateError(f"{m[1]}年は扱えません（{YEARS.start}〜{YEARS.stop - 1}年の日時を書いてください）")
    try:
        result = datetime.fromisoformat(value.replace(" ", "T"))
    except ValueError:
        raise DateError(f"{value} という日時は存在しません") from None
    return result if result.tzinfo else result.replace(tzinfo=JST)


def today_in_japan(environ: os._Environ | dict[str, str] = os.environ) -> date:
    """The build date: SOURCE_DATE_EPOCH when set (reproducible builds), else today in Japan."""
    epoch = environ.get("SOURCE_DATE_EPOCH")
    moment = datetime.fromtimestamp(int(epoch), JST) if epoch else datetime.now(JST)
    return moment.date()


def status(opens: date | None, closes: date, today: date) -> str:
    """`upcoming` before `opens`, `open` through the whole of `closes`, then `closed`."""
    if opens is not None and today < opens:
        return "upcoming"
    return "open" if today <= closes else "closed"


def days_left(closes: date, today: date) -> int:
    """Whole days of applications left after today (0 on the closing day)."""
    return (closes - today).days


def format_ja(day: date) -> str:
    """`2026年12月25日(金)`: the form Japanese job notices use."""
    return f"{day.year}年{day.month}月{day.day}日({WEEKDAYS[day.weekday()]})"


def format_datetime_ja(moment: datetime) -> str:
    local = moment.astimezone(JST)
    return f"{format_ja(local.date())} {local:%H:%M}"


def end_of_day(day: date) -> datetime:
    """The last second of a day in Japan: when an opening that closes that day stops taking applications."""
    return datetime.combine(day, time(23, 59, 59), JST)


def start_of_day(day: date) -> datetime:
    return datetime.combine(day, time(0, 0), JST)
