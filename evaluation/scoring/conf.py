"""Settings of the annual scoring, each with a default (override in settings.py)."""

from __future__ import annotations

from django.conf import settings


def objection_days() -> int:
    """How many days members may file an objection once the scores are made public."""
    return int(getattr(settings, "SCORING_OBJECTION_DAYS", 7))


def report_reminder_day(year: int):
    """From this day on, members who have not submitted the year's 履职报告表 are reminded
    (setting SCORING_REPORT_REMINDER, "MM-DD", default "12-10")."""
    import datetime as dt

    month, day = (
        int(x) for x in str(getattr(settings, "SCORING_REPORT_REMINDER", "12-10")).split("-")
    )
    return dt.date(year, month, day)
