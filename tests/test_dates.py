"""Dates as HR staff write them, and the status a visitor sees on a given day."""

from datetime import date, datetime, timedelta

import pytest

from jointhire.dates import DateError, format_ja, parse_date, parse_datetime, status, today_in_japan


@pytest.mark.parametrize("text, expected", [
    ("2026-12-25", date(2026, 12, 25)),
    ("2026-1-5", date(2026, 1, 5)),
    ("令和8年12月25日", date(2026, 12, 25)),
    ("令和元年5月1日", date(2019, 5, 1)),
    ("令和 9年 1月 29日", date(2027, 1, 29)),
    ("平成31年4月30日", date(2019, 4, 30)),
    ("平成元年1月8日", date(1989, 1, 8)),
])
def test_dates_in_iso_and_japanese_eras(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text, reason", [
    ("2026-02-30", "2026-02-30 という日付は存在しません"),
    ("令和8年2月29日", "令和8年2月29日 という日付は存在しません"),
    ("平成32年1月1日", "平成32年1月1日 は平成の期間外です"),
    ("令和元年4月30日", "令和元年4月30日 は令和の期間外です"),
    ("来月末", "日付の形が読み取れません"),
])
def test_impossible_dates_say_why(text, reason):
    with pytest.raises(DateError) as caught:
        parse_date(text)
    assert caught.value.reason == reason


def test_event_times_default_to_japan_time():
    assert parse_datetime("2026-12-12T14:00").utcoffset() == timedelta(hours=9)
    assert parse_datetime("2026-12-12T14:00:00Z").utcoffset() == timedelta(0)
    assert parse_datetime("2026-12-12 14:00+09:00") == datetime.fromisoformat("2026-12-12T05:00:00+00:00")


@pytest.mark.parametrize("opens, closes, today, expected", [
    (date(2026, 12, 1), date(2026, 12, 31), date(2026, 11, 30), "upcoming"),
    (date(2026, 12, 1), date(2026, 12, 31), date(2026, 12, 1), "open"),
    (None, date(2026, 12, 31), date(2026, 12, 31), "open"),  # the closing day is still open
    (None, date(2026, 12, 31), date(2027, 1, 1), "closed"),
])
def test_status_on_the_build_date(opens, closes, today, expected):
    assert status(opens, closes, today) == expected


def test_japanese_date_format_has_the_weekday():
    assert format_ja(date(2026, 12, 25)) == "2026年12月25日(金)"


def test_build_date_follows_source_date_epoch_in_japan_time():
    # 2026-11-30 15:00 UTC is already 1 December in Japan.
    assert today_in_japan({"SOURCE_DATE_EPOCH": "1796050800"}) == date(2026, 12, 1)
