"""How values read on the site, in Japanese: pay, periods, labels. Pure; used by templates and data files."""

from __future__ import annotations

from datetime import date

from .dates import days_left, format_ja
from .schema import REMOTE_WORK, SALARY_UNITS, Salary

STATUS_LABELS = {"open": "募集中", "upcoming": "募集前", "closed": "募集終了"}


def yen(amount: int) -> str:
    return f"{amount:,}円"


def salary_text(salary: Salary) -> str:
    """`月額 250,000円〜450,000円`, as the author gave it."""
    unit = SALARY_UNITS[salary.unit]
    if salary.max is None or salary.max == salary.min:
        return f"{unit} {yen(salary.min)}" + ("〜" if salary.max is None else "")
    return f"{unit} {yen(salary.min)}〜{yen(salary.max)}"


def annual_text(annual: tuple[int, int]) -> str:
    """`年額換算 約300万〜540万円`: rounded to 万円, as candidates compare offers."""
    low, high = (round(v / 10000) for v in annual)
    return f"年額換算 約{low:,}万円" if low == high else f"年額換算 約{low:,}万〜{high:,}万円"


def remote_work_text(code: str | None) -> str:
    return REMOTE_WORK.get(code or "", "記載なし")


def period_text(opening, today: date) -> str:
    """Where an opening stands in time, in one phrase: days left, when it opens, or when it closed."""
    meta = opening.meta
    if opening.status == "open":
        left = days_left(meta.closes, today)
        return f"{format_ja(meta.closes)}まで（{'本日締切' if left == 0 else f'あと{left}日'}）"
    if opening.status == "upcoming":
        return f"{format_ja(meta.opens)}から{format_ja(meta.closes)}まで"
    return f"{format_ja(meta.closes)}に締め切りました"
