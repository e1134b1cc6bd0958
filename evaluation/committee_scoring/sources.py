"""evaluation's own committee score sources (portal.registry.committee_score_sources):
大会发言 of the committee's members (seated in it on the meeting's day), and the committee
quotas' results on the board (copied into CommitteeQuotaResult when a run is computed)."""

from __future__ import annotations

from django.db.models import F, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.registry import ScoreSource

from ..models import CommitteeQuotaResult, Speech
from ..periods import Light


def speech_rows(body_id: int, year: int) -> QuerySet:
    # One filter() call: the seat and its dates are the same membership row.
    return (
        Speech.objects.filter(
            Q(member__memberships__end_date__isnull=True)
            | Q(member__memberships__end_date__gte=F("meeting__starts_at__date")),
            meeting__body_id=body_id,
            meeting__starts_at__year=year,
            member__memberships__start_date__lte=F("meeting__starts_at__date"),
        )
        .order_by()
        .values(
            unit_id=F("member__memberships__committee_id"),
            record_id=F("id"),
            role=F("kind"),
            at=F("meeting__starts_at"),
            record_title=F("title"),
            record_kind=F("meeting__kind"),
        )
    )


def quota_rows(body_id: int, year: int) -> QuerySet:
    return (
        CommitteeQuotaResult.objects.filter(run__body_id=body_id, run__year=year)
        .order_by()
        .values(
            "at",  # the model's own field of that name
            unit_id=F("committee_id"),
            record_id=F("id"),
            role=F("light"),
            record_title=F("title"),
            record_kind=F("quota_code"),
        )
    )


def speech_url(record_id: int) -> str:
    return reverse("evaluation:speech_detail", args=[record_id])


def quota_url(record_id: int) -> str:
    return reverse("evaluation:committee_quota_result", args=[record_id])


SOURCES = (
    ScoreSource(
        key="committee_speeches",
        label=_("大会发言（本委委员）"),
        rows=speech_rows,
        url=speech_url,
        roles=tuple(Speech.Kind.choices),
        order=50,
    ),
    ScoreSource(
        key="committee_quotas",
        label=_("工作指标完成情况"),
        rows=quota_rows,
        url=quota_url,
        roles=tuple((v, label) for v, label in Light.choices),
        order=60,
    ),
)
