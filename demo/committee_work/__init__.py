"""Demo and benchmark data of committee work (plans, activities, attendance, outputs),
hooked into `manage.py seed_demo` by demo.extensions.

- demo: the Ordos CPPCC's work of this year played through the services by each
  committee's staff (every committee gets a staff login; `staff` keeps 经济委员会): plans in
  every state (经济委 and 农业农村委 wait in `vicechair`'s inbox, 教科卫体委's was returned),
  about 150 activities with invitations, attendance and outputs, upcoming ones the demo
  `member` is invited to, a major activity waiting for approval, a held activity whose
  attendance is not recorded (the reminder case); the earlier years of the term (about 600
  activities) are written in bulk, as an import of past records would be.
- region: about 300,000 activities and 3,000,000 invitation/attendance rows over the 12
  bodies and ten years, with bulk_create in batches."""

from __future__ import annotations

import random

from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import default_storage
from django.db import connection

from committees.models import (
    Activity,
    ActivityInvitation,
    ActivityOutput,
    ActivityParticipant,
    CalendarFeed,
    OfficePlan,
    PlanItem,
    WorkPlan,
)
from portal.models import TransitionLog, User

from .. import org_data
from ..org_build import Stopwatch
from .bulk import build_region
from .common import PLACEHOLDER, REGION_PER_BODY_YEAR
from .story import build_demo


def build(
    *,
    scale: str,
    body_ids: list[int],
    members_per_body: int,
    rng: random.Random,
    by: User,
    clock: Stopwatch,
) -> str:
    if scale == "demo":
        return build_demo(rng=rng, by=by, clock=clock)
    per_year = org_data.in_proportion(REGION_PER_BODY_YEAR, members_per_body)
    return build_region(body_ids=body_ids, per_year=per_year, rng=rng, by=by, clock=clock)


def delete(body_ids: list[int]) -> None:
    """Every record of committee work in these bodies. Large sets go by SQL (the region
    has millions of rows; per-row deletion with history would take hours)."""
    activities = Activity.objects.filter(body_id__in=body_ids)
    plans = WorkPlan.objects.filter(committee__body_id__in=body_ids)
    kinds = ContentType.objects.get_for_models(Activity, WorkPlan, OfficePlan)
    TransitionLog.objects.filter(
        content_type=kinds[Activity], object_id__in=activities.values("pk")
    ).delete()
    TransitionLog.objects.filter(
        content_type=kinds[WorkPlan], object_id__in=plans.values("pk")
    ).delete()
    files = list(
        ActivityOutput.objects.filter(activity__body_id__in=body_ids)
        .exclude(file=PLACEHOLDER)
        .values_list("file", flat=True)
    )
    with connection.cursor() as cursor:
        for model in (ActivityOutput, ActivityParticipant, ActivityInvitation):
            cursor.execute(
                f"DELETE FROM {model._meta.db_table} WHERE activity_id IN "
                f"(SELECT id FROM {Activity._meta.db_table} WHERE body_id IN "
                f"({', '.join(['%s'] * len(body_ids))}))",
                body_ids,
            )
        groups = Activity.sector_groups.through._meta.db_table
        cursor.execute(
            f"DELETE FROM {groups} WHERE activity_id IN (SELECT id FROM "
            f"{Activity._meta.db_table} WHERE body_id IN ({', '.join(['%s'] * len(body_ids))}))",
            body_ids,
        )
    _sql_delete(Activity, "body_id", body_ids)
    PlanItem.objects.filter(plan__in=plans).delete()
    plans.delete()
    OfficePlan.objects.filter(body_id__in=body_ids).delete()
    CalendarFeed.objects.filter(member__body_id__in=body_ids).delete()
    from evaluation.models import Quota, QuotaEvidence

    QuotaEvidence.objects.filter(body_id__in=body_ids).delete()
    Quota.objects.filter(body_id__in=body_ids).delete()
    for name in files:
        default_storage.delete(name)


def _sql_delete(model, column: str, ids: list[int]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {model._meta.db_table} WHERE {column} IN "
            f"({', '.join(['%s'] * len(ids))})",
            ids,
        )
