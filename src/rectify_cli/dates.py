"""Calendar facts shared by the ledger rules, the edits and the figures, and the one parser of date options.

Kept free of pydantic and the models (it imports neither) so that every stage, and every command's
option parsing, can use it without paying for them.
"""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Any, overload

from rectify_cli.errors import say


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` plus whole months, the day clamped to the end of the month (Nov 30 + 3 -> Feb 29)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def end_of_period(inspection: Any, period_months: int) -> dt.date:
    """End of a round's concentrated period: its `rectify_by`, else feedback + `period_months`."""
    return inspection.rectify_by or add_months(inspection.feedback_on, period_months)


def start_date(ledger: Any, problem: Any) -> dt.date | None:
    """The business date a problem counts from: its own found_on, else its round's feedback date."""
    if problem.found_on is not None:
        return problem.found_on
    for inspection in ledger.inspections:
        if inspection.round == problem.round:
            return inspection.feedback_on
    return None


def work_start(ledger: Any, problem: Any) -> dt.date | None:
    """The earliest business date rectification work on a problem may carry: its start, or, for an
    immediate problem (立行立改) of a round with an on-site period, the first day on site (边巡边改)."""
    start = start_date(ledger, problem)
    if problem.immediate and problem.found_on is None:
        for inspection in ledger.inspections:
            if inspection.round == problem.round and inspection.on_site is not None:
                return min(inspection.on_site.start, start) if start is not None else inspection.on_site.start
    return start


def month_ends(start: dt.date, end: dt.date) -> list[dt.date]:
    """Every last day of a month on or after `start` and before `end`."""
    days: list[dt.date] = []
    year, month = start.year, start.month
    while True:
        last = dt.date(year, month, calendar.monthrange(year, month)[1])
        if last >= end:
            return days
        if last >= start:
            days.append(last)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


@overload
def parse_date_option(value: str, option: str, default: dt.date | None = None) -> dt.date: ...
@overload
def parse_date_option(value: str | None, option: str, default: dt.date) -> dt.date: ...
@overload
def parse_date_option(value: str | None, option: str, default: None = None) -> dt.date | None: ...
def parse_date_option(value: str | None, option: str, default: dt.date | None = None) -> dt.date | None:
    """The value of a date option (YYYY-MM-DD), `default` when it was not given.

    A value that is not a date is a usage error: UnreadableInput (exit 2) naming the option.
    """
    if value is None:
        return default
    import re
    import unicodedata

    # a Chinese keyboard's forms: full-width digits (２０２６－０７－０１), 2026年7月1日, 2026/7/1, 2026.7.1
    text = unicodedata.normalize("NFKC", value).strip().replace("－", "-").replace("—", "-")
    match = re.fullmatch(r"(\d{4})\s*(?:-|/|\.|年)\s*(\d{1,2})\s*(?:-|/|\.|月)\s*(\d{1,2})\s*[日号]?", text)
    try:
        if match:
            return dt.date(int(match[1]), int(match[2]), int(match[3]))
        return dt.date.fromisoformat(text)
    except ValueError:
        from rectify_cli.errors import UnreadableInput

        raise UnreadableInput(say("{option}: {value!r} is not a date; write YYYY-MM-DD, e.g. 2026-07-30 (2026年7月30日 and 2026/7/30 are read too)", option=option, value=value)) from None
