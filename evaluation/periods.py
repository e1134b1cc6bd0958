"""The periods quotas run over (year, half-year, term) and the traffic light of a progress.

"On track" (进度正常) means the share of the target reached is at least the share of the
period that has passed — or that enough activities are already scheduled inside the period
to reach it. Behind (进度落后) is anything less while the period runs; at its end, a quota
not met is missed (未完成)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organisation.models import Term

from .models import Quota


class Light(models.TextChoices):
    MET = "met", _("已完成")
    ON_TRACK = "on_track", _("进度正常")
    BEHIND = "behind", _("进度落后")
    MISSED = "missed", _("未完成")
    UNAVAILABLE = "unavailable", _("暂无数据来源")
    NOT_APPLICABLE = "not_applicable", _("不适用")


@dataclass(frozen=True)
class Period:
    kind: str  # Quota.Period
    key: str  # stable name for dedupe keys: "2026", "2026H1", "T12"
    label: str
    start: dt.date
    end: dt.date  # inclusive

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def elapsed(self, day: dt.date) -> float:
        """The share of the period that has passed by the end of `day` (0..1)."""
        if day < self.start:
            return 0.0
        if day >= self.end:
            return 1.0
        return ((day - self.start).days + 1) / self.days

    def ended(self, day: dt.date) -> bool:
        """Whether the period is over by the end of `day` (its last day included: a quota
        still unmet then is missed)."""
        return day >= self.end

    def seated_until(self, day: dt.date) -> dt.date:
        """The last day a seat may start and still count on a board as of `day`: members
        who join later are not yet in the denominator of a coverage (§2: counted only from
        the day they joined)."""
        return min(day, self.end)

    def bounds(self) -> tuple[dt.datetime, dt.datetime]:
        """[start, day after end) as aware datetimes in Asia/Shanghai."""
        tz = timezone.get_current_timezone()
        return (
            dt.datetime.combine(self.start, dt.time.min, tzinfo=tz),
            dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time.min, tzinfo=tz),
        )


def year_period(year: int) -> Period:
    return Period(
        Quota.Period.YEAR, str(year), f"{year}年", dt.date(year, 1, 1), dt.date(year, 12, 31)
    )


def half_year_period(day: dt.date) -> Period:
    if day.month <= 6:
        return Period(
            Quota.Period.HALF_YEAR,
            f"{day.year}H1",
            f"{day.year}年上半年",
            dt.date(day.year, 1, 1),
            dt.date(day.year, 6, 30),
        )
    return Period(
        Quota.Period.HALF_YEAR,
        f"{day.year}H2",
        f"{day.year}年下半年",
        dt.date(day.year, 7, 1),
        dt.date(day.year, 12, 31),
    )


def term_period(term: Term) -> Period:
    return Period(
        Quota.Period.TERM,
        f"T{term.pk}",
        f"{term.name}（{term.start_date.year}—{term.end_date.year}）",
        term.start_date,
        term.end_date,
    )


def periods_on(body_id: int, day: dt.date) -> dict[str, Period]:
    """The year, half-year and term that contain `day` (no term if none does)."""
    periods = {
        Quota.Period.YEAR: year_period(day.year),
        Quota.Period.HALF_YEAR: half_year_period(day),
    }
    term = (
        Term.objects.filter(body_id=body_id, start_date__lte=day, end_date__gte=day)
        .order_by("-start_date")
        .first()
    )
    if term is not None:
        periods[Quota.Period.TERM] = term_period(term)
    return periods


def as_of_for_year(year: int | None, today: dt.date) -> dt.date:
    """The day a board for `year` is computed on: today in the current year, the last day
    of a past year (so its quotas show met or missed)."""
    if year is None or year >= today.year:
        return today
    return dt.date(year, 12, 31)


def light_of(*, value: int, target: int, period: Period, day: dt.date, scheduled: int = 0) -> str:
    if value >= target:
        return Light.MET
    if period.ended(day):
        return Light.MISSED
    if target and (value / target >= period.elapsed(day) or value + scheduled >= target):
        return Light.ON_TRACK
    return Light.BEHIND
