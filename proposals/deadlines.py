"""Deadlines count calendar days in Asia/Shanghai (settings.TIME_ZONE) and calendar months:
three months from 31 January is 30 April, not 90 days later."""

from __future__ import annotations

import calendar
import datetime as dt

from . import conf


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later; the month's last day when it is shorter."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def default_deadline(assigned_on: dt.date) -> dt.date:
    return add_months(assigned_on, int(conf.get("PROPOSALS_DEADLINE_MONTHS")))


def latest_deadline(assigned_on: dt.date) -> dt.date:
    """The longest a unit may be given, extensions included (§10: six months)."""
    return add_months(assigned_on, int(conf.get("PROPOSALS_MAX_DEADLINE_MONTHS")))


def rehandling_deadline(day: dt.date) -> dt.date:
    return add_months(day, int(conf.get("PROPOSALS_REHANDLING_MONTHS")))


def return_window_ends(assigned_on: dt.date) -> dt.date:
    """The last day a unit may return a misassigned proposal."""
    return assigned_on + dt.timedelta(days=int(conf.get("PROPOSALS_RETURN_DAYS")))
