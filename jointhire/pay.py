"""Pay made comparable: every salary as an annual equivalent, with the assumption stated. Pure."""

from __future__ import annotations

from .schema import Salary

# How many units make a year. Stated on every page that shows an annual equivalent.
PER_YEAR = {"year": 1, "month": 12, "day": 240, "hour": 1860}
ASSUMPTION = "年額換算は 月額×12か月、日額×240日、時給×1,860時間（1日7時間45分×240日）で計算。賞与・手当は含みません。"


def annual(salary: Salary | None) -> tuple[int, int] | None:
    """(min, max) yen per year; max equals min when only a minimum is given. None: pay not disclosed."""
    if salary is None:
        return None
    factor = PER_YEAR[salary.unit]
    low = salary.min * factor
    return low, (salary.max * factor if salary.max is not None else low)
