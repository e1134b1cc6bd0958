"""The committee-work sections of each person's home page (portal.views.home merges this)."""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils import timezone

from organisation.access import committees_where
from portal.access import OVERSEE_COMMITTEE, WORK_IN_COMMITTEE, Roles
from portal.models import Role, User

from ..models import Activity, ActivityInvitation, WorkPlan
from .activities import MEMBER_VISIBLE


def home_context(user: User, roles: Roles) -> dict:
    """A constant number of queries, whatever the data."""
    now = timezone.now()
    context: dict = {}
    if roles.member is not None:
        upcoming = (
            ActivityInvitation.objects.filter(
                member_id=roles.member.pk,
                activity__status=Activity.Status.PUBLISHED,
                activity__ends_at__gte=now,
            )
            .select_related("activity")
            .order_by("activity__starts_at")
        )
        context["work_member"] = {
            "upcoming": list(upcoming[:5]),
            "unanswered": upcoming.filter(response=ActivityInvitation.Response.PENDING).count(),
        }
    if roles.has(Role.COMMITTEE_STAFF):
        mine = committees_where(user, WORK_IN_COMMITTEE)
        activities = Activity.objects.filter(owner_committee__in=mine)
        context["work_staff"] = activities.aggregate(
            drafts=Count("pk", filter=Q(status__in=Activity.EDITABLE)),
            upcoming=Count("pk", filter=Q(status=Activity.Status.PUBLISHED, starts_at__gte=now)),
            unrecorded=Count(
                "pk",
                filter=Q(
                    status__in=Activity.ANNOUNCED,
                    ends_at__lt=now,
                    attendance_recorded_at__isnull=True,
                ),
            ),
        ) | {
            "returned_plans": WorkPlan.objects.filter(
                committee__in=mine, status=WorkPlan.Status.RETURNED
            ).count()
        }
    if roles.has(Role.VICE_CHAIR):
        overseen = committees_where(user, OVERSEE_COMMITTEE)
        context["work_inbox"] = (
            WorkPlan.objects.filter(
                committee__in=overseen, status=WorkPlan.Status.SUBMITTED
            ).count()
            + Activity.objects.filter(
                owner_committee__in=overseen, status=Activity.Status.PENDING
            ).count()
        )
    if roles.has(Role.OFFICE):
        year_start = now.astimezone(timezone.get_current_timezone()).replace(
            month=1, day=1, hour=0, minute=0, second=0, microsecond=0
        )
        # This year's rows only (the body-and-start index), not every year's.
        this_year = Activity.objects.filter(body_id=user.body_id, starts_at__gte=year_start)
        context["work_office"] = this_year.aggregate(
            this_year=Count("pk", filter=MEMBER_VISIBLE),
            held=Count("pk", filter=Q(status=Activity.Status.HELD)),
        )
    return context
