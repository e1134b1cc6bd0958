"""Builders for committee-work tests (plans, activities, attendance, quotas): each goes
through the services, as the people of `tests.conftest.build_org` would in the portal."""

from __future__ import annotations

import datetime as dt
import itertools

from django.utils import timezone

from committees.models import Activity, ActivityInvitation, WorkPlan
from committees.services import activities as activity_services
from committees.services import plans as plan_services
from members.models import Member
from members.services import member_create
from organisation.models import Committee

from .conftest import Org

TZ = timezone.get_current_timezone()
_codes = itertools.count(5000)


def at(day: dt.date, hour: int = 9, minute: int = 0) -> dt.datetime:
    """An aware datetime in Asia/Shanghai."""
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=TZ)


def new_member(
    org: Org,
    *,
    name: str = "新委员",
    sector=None,
    joined_on: dt.date | None = None,
    committee: Committee | None = None,
) -> Member:
    """A member of org's body, seated from `joined_on` (the term's start by default)."""
    code = f"W{next(_codes)}"
    return member_create(
        body_id=org.body.pk,
        data={
            "code": code,
            "name": name,
            "gender": "female",
            "affiliation": "non_party",
            "sector": sector or org.economy_sector,
        },
        term=org.term,
        joined_on=joined_on,
        committee=committee,
        by=None,
    )


def draft_activity(
    org: Org,
    *,
    by=None,
    committee: Committee | None | str = "economy",
    groups=(),
    type: str = Activity.Type.THEORY_STUDY,
    topic: str = "学习习近平总书记关于加强和改进人民政协工作的重要思想",
    starts_at: dt.datetime | None = None,
    hours: int = 2,
    place: str = "市政协三楼会议室",
    is_major: bool = False,
    is_public: bool = False,
    plan_item=None,
) -> Activity:
    starts_at = starts_at or timezone.now() + dt.timedelta(days=3)
    activity = Activity(
        body=org.body,
        type=type,
        committee=org.economy if committee == "economy" else committee,
        topic=topic,
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(hours=hours),
        place=place,
        is_major=is_major,
        is_public=is_public,
        plan_item=plan_item,
    )
    return activity_services.activity_save(
        activity=activity, sector_groups=list(groups), by=by or org.staff
    )


def published_activity(org: Org, *, members=(), by=None, **kwargs) -> Activity:
    """A draft with `members` invited, then published (not major)."""
    by = by or org.staff
    activity = draft_activity(org, by=by, **kwargs)
    if members:
        activity_services.invitations_add(activity=activity, members=members, by=by)
    return activity_services.activity_publish(activity=activity, by=by)


def held_activity(
    org: Org,
    *,
    day: dt.date | None = None,
    starts_at: dt.datetime | None = None,
    present=(),
    absent=(),
    by=None,
    **kwargs,
) -> Activity:
    """An activity at 9:00 on `day` (or at `starts_at`), in the past, published, held, with
    attendance recorded: `present` attended, `absent` did not."""
    by = by or org.staff
    members = [*present, *absent]
    starts_at = starts_at or at(day)
    activity = published_activity(org, members=members, by=by, starts_at=starts_at, **kwargs)
    activity = activity_services.activity_mark_held(activity=activity, by=by)
    if members:
        invitations = {
            i.member_id: i.pk for i in ActivityInvitation.objects.filter(activity=activity)
        }
        entries = {invitations[m.pk]: ("present", "") for m in present}
        entries |= {invitations[m.pk]: ("absent", "") for m in absent}
        activity_services.attendance_record(activity=activity, entries=entries, by=by)
    return activity


def add_output(activity: Activity, kind: str = "minutes", by=None):
    """An output of `kind` uploaded to the activity (a tiny PNG for a photo, a PDF else)."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    if kind == "photo":
        buffer = io.BytesIO()
        Image.new("RGB", (2, 2)).save(buffer, "PNG")
        upload = SimpleUploadedFile("照片.png", buffer.getvalue())
    else:
        upload = SimpleUploadedFile("材料.pdf", b"%PDF-1.4\n%%EOF\n")
    return activity_services.output_add(
        activity=activity,
        kind=kind,
        title="纪要" if kind == "minutes" else "材料",
        upload=upload,
        by=by or activity.created_by,
    )


def done_activity(org: Org, *, present=None, output: str = "minutes", **kwargs) -> Activity:
    """A held activity that counts for a quota (issue 9, "done means done"): a member
    recorded present (org.member unless given) and, unless its kind leaves no document,
    an output."""
    from committees.models.types import WITHOUT_OUTPUT

    activity = held_activity(org, present=[org.member] if present is None else present, **kwargs)
    if output and activity.type not in WITHOUT_OUTPUT:
        add_output(activity, output, by=kwargs.get("by"))
    return activity


def plan(
    org: Org,
    *,
    committee: Committee | None = None,
    kind: str = WorkPlan.Kind.ANNUAL_PLAN,
    year: int | None = None,
    by=None,
    items: int = 1,
    **item_fields,
) -> WorkPlan:
    """A draft plan with `items` items."""
    from committees.models import PlanItem

    by = by or org.staff
    committee = committee or org.economy
    year = year or timezone.localdate().year
    plan_ = plan_services.plan_create(
        committee=committee, kind=kind, year=year, title=f"{committee.name}{year}年计划", by=by
    )
    for n in range(items):
        fields = {
            "activity_type": Activity.Type.RESEARCH,
            "month": 5,
            "topic": f"能源产业高质量发展专题调研{n + 1}",
            "lead": "张主任",
        } | item_fields
        plan_services.plan_item_save(item=PlanItem(plan=plan_, **fields), sector_groups=[], by=by)
    plan_.refresh_from_db()
    return plan_


def approved_plan(org: Org, **kwargs) -> WorkPlan:
    plan_ = plan(org, **kwargs)
    plan_ = plan_services.plan_submit(plan=plan_, by=kwargs.get("by") or org.staff)
    return plan_services.plan_decide(plan=plan_, approve=True, by=org.vice_chair)
