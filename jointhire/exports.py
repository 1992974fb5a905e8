"""Files for other tools: openings.json, openings.csv (Excel-ready) and iCalendar. Pure: model → bytes."""

from __future__ import annotations

import csv
import functools
import io
import json
from datetime import UTC, date, datetime, timedelta
from urllib.parse import urlsplit

from . import urls
from .model import Event, Opening, Site
from .schema import EMPLOYMENT_TYPES, SALARY_UNITS


def opening_record(opening: Opening, site: Site) -> dict:
    """One entry of openings.json: the fields as written (typed), its page and its status."""
    meta = opening.meta
    annual = opening.annual_pay
    return {
        "id": opening.key,
        "url": urls.absolute_url(site.config.base_url, opening.url),
        "status": opening.status,
        "outcome": meta.status,
        "municipality": opening.municipality.slug,
        "municipality_name": opening.municipality.name,
        "prefecture": opening.municipality.prefecture,
        "title": meta.title,
        "employment_type": meta.employment_type,
        "positions": meta.positions,
        "salary": meta.salary.model_dump() if meta.salary else None,
        "annual_pay": {"min": annual[0], "max": annual[1]} if annual else None,
        "remote_work": opening.remote_work,
        "location": meta.location,
        "opens": _iso(meta.opens),
        "closes": meta.closes.isoformat(),
        "updated": _iso(meta.updated),
        "term": meta.term.model_dump(mode="json") if meta.term else None,
        "workload": meta.workload,
        "selection": list(meta.selection),
        "apply_url": meta.apply_url,
        "apply_email": meta.apply_email,
        "official_notice_url": meta.official_notice_url,
        "requirements": list(meta.requirements),
        "preferred": list(meta.preferred),
        "joint_with": [partner.slug for partner in opening.partners],
    }


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def openings_json(site: Site, records: list[bytes]) -> bytes:
    """The site's header fields, then one opening per line (`json_text` of its `opening_record`, in
    UTF-8): readable in a diff, and written by json's C encoder (indenting every level would switch
    to its pure-Python one, 20 times slower)."""
    header = {"site": site.config.title, "base_url": site.config.base_url, "date": site.today.isoformat()}
    lines = [f" {json_text(key)}: {json_text(value)}," for key, value in header.items()]
    head = ("{\n" + "\n".join(lines) + '\n "openings": [\n  ').encode("utf-8")
    return head + b",\n  ".join(records) + b"\n ]\n}\n"


def json_text(value) -> str:
    return json.dumps(value, ensure_ascii=False)


CSV_COLUMNS = (
    ("id", "ID"), ("status", "状況"), ("municipality_name", "自治体"), ("prefecture", "都道府県"),
    ("title", "求人"), ("employment_type", "雇用形態"), ("positions", "募集人数"), ("salary_unit", "給与の単位"),
    ("salary_min", "給与下限（円）"), ("salary_max", "給与上限（円）"), ("annual_min", "年額換算下限（円）"),
    ("annual_max", "年額換算上限（円）"), ("remote_work", "テレワーク"), ("location", "勤務地"),
    ("opens", "募集開始日"), ("closes", "募集締切日"), ("joint_with", "共同任用"), ("apply_url", "応募URL"),
    ("apply_email", "応募メール"), ("url", "ページURL"),
)
"""(openings.json field or derived value, the Japanese header Excel users read)."""


def openings_csv(rows: list[bytes]) -> bytes:
    """openings.csv: UTF-8 with a BOM and CRLF line ends, so Excel opens the Japanese text as it is.
    `rows` are `csv_row`s in UTF-8."""
    return ("\ufeff" + _csv_line([header for _, header in CSV_COLUMNS])).encode("utf-8") + b"".join(rows)


def csv_row(opening: Opening, record: dict) -> str:
    """One opening's line of openings.csv, from its `opening_record`."""
    record = dict(record)
    salary, annual = record["salary"] or {}, record["annual_pay"] or {}
    record.update(
        employment_type=EMPLOYMENT_TYPES[record["employment_type"]],
        salary_unit=SALARY_UNITS.get(salary.get("unit"), ""), salary_min=salary.get("min"),
        salary_max=salary.get("max"), annual_min=annual.get("min"), annual_max=annual.get("max"),
        joint_with=" ".join(p.name for p in opening.partners))
    return _csv_line(["" if record[key] is None else record[key] for key, _ in CSV_COLUMNS])


def _csv_line(values: list) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(values)
    return buffer.getvalue()


# ---- iCalendar (RFC 5545) -------------------------------------------------------------------------


def calendar(site: Site, closing_days: list[bytes], events: list[Event], name: str) -> bytes:
    """A calendar of closing days (all-day, each a `closing_day` in UTF-8) and events, stable for a
    given build date."""
    host, stamp = _calendar_host(site.config.base_url), _calendar_stamp(site.today)
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//jointhire//NONSGML jointhire//JA", "CALSCALE:GREGORIAN",
             "METHOD:PUBLISH", f"X-WR-CALNAME:{_text(name)}", "X-WR-TIMEZONE:Asia/Tokyo"]
    head = "".join(_fold(line) + "\r\n" for line in lines)
    lines = []
    for e in events:
        lines += ["BEGIN:VEVENT", f"UID:event-{e.slug}@{host}", f"DTSTAMP:{stamp}",
                  f"DTSTART:{_utc(e.meta.starts)}", f"DTEND:{_utc(e.meta.ends or e.meta.starts + timedelta(hours=1))}",
                  f"SUMMARY:{_text(e.meta.title)}", f"URL:{urls.absolute_url(site.config.base_url, e.url)}"]
        where = e.meta.location or e.meta.online_url
        if where:
            lines.append(f"LOCATION:{_text(where)}")
        members = "・".join(m.name for m in e.municipalities)
        lines += [f"DESCRIPTION:{_text('参加自治体: ' + members)}", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    tail = "".join(_fold(line) + "\r\n" for line in lines)
    return head.encode("utf-8") + b"".join(closing_days) + tail.encode("utf-8")


def closing_day(o: Opening, site: Site) -> str:
    """One opening's closing day as an all-day VEVENT (folded lines, CRLF)."""
    host, stamp = _calendar_host(site.config.base_url), _calendar_stamp(site.today)
    lines = ["BEGIN:VEVENT", f"UID:closes-{o.municipality.slug}-{o.slug}@{host}", f"DTSTAMP:{stamp}",
             f"DTSTART;VALUE=DATE:{o.meta.closes:%Y%m%d}",
             f"DTEND;VALUE=DATE:{o.meta.closes + timedelta(days=1):%Y%m%d}",
             f"SUMMARY:{_text(f'【締切】{o.meta.title}（{o.municipality.name}）')}",
             f"URL:{urls.absolute_url(site.config.base_url, o.url)}",
             f"DESCRIPTION:{_text(f'{o.municipality.name}の求人の応募締切日です。')}", "TRANSP:TRANSPARENT",
             "END:VEVENT"]
    return "".join(_fold(line) + "\r\n" for line in lines)


@functools.lru_cache(maxsize=8)  # once per build, not once per opening
def _calendar_host(base_url: str) -> str:
    return urlsplit(base_url).hostname or "jointhire"


@functools.lru_cache(maxsize=8)
def _calendar_stamp(today: date) -> str:
    return datetime.combine(today, datetime.min.time(), UTC).strftime("%Y%m%dT%H%M%SZ")


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _text(value: str) -> str:
    """RFC 5545 TEXT: escape backslash, semicolon, comma and line breaks."""
    return (value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n"))


def _fold(line: str, limit: int = 75) -> str:
    """Fold at 75 octets without splitting a multi-byte character."""
    if len(line) <= limit and (len(line) * 3 <= limit or line.isascii()):  # most lines: no encoding needed
        return line
    data = line.encode("utf-8")
    if len(data) <= limit:
        return line
    parts, start, size = [], 0, limit
    while start < len(data):
        end = min(start + size, len(data))
        while end < len(data) and data[end] & 0xC0 == 0x80:  # inside a character: break before it
            end -= 1
        parts.append(data[start:end])
        start, size = end, limit - 1  # continuation lines start with a space
    return b"\r\n ".join(parts).decode("utf-8")


def event_calendar(site: Site, event: Event) -> bytes:
    return calendar(site, [], [event], event.meta.title)

