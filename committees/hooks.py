"""What committee work brings to the kernel's shared pages (portal.registry): its menu
entries, its home-page sections and its records in the change history."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from portal.access import roles_of
from portal.models import Role
from portal.navigation import link
from portal.registry import (
    HomeSection,
    NavEntry,
    NavItem,
    ScoreSource,
    committee_score_sources,
    history_sources,
    home_sections,
    nav_entries,
    score_sources,
    todo_kinds,
)

from . import scores, todos
from .models.types import ActivityType
from .selectors.history import history_sources as work_history_sources
from .selectors.home import home_context


def nav(request: HttpRequest) -> list[NavItem]:
    roles = roles_of(request.user)
    items = []
    if roles.member is not None:
        items.append(link(_("我的活动"), "committees:my_activities", "calendar-check"))
    if roles.has(Role.OFFICE) or roles.has(Role.COMMITTEE_STAFF) or roles.has(Role.VICE_CHAIR):
        items.append(link(_("履职活动"), "committees:activity_list", "calendar-event"))
    if roles.has(Role.VICE_CHAIR):
        items.append(link(_("待我审批"), "committees:approval_inbox", "inbox"))
    return items


def home(request: HttpRequest) -> dict | None:
    return home_context(request.user, roles_of(request.user)) or None


def register() -> None:
    from portal.caching import register_body_of

    # Whose cached boards and statistics a change of these records makes stale.
    register_body_of("committees.ActivityInvitation", "activity__body")
    register_body_of("committees.ActivityOutput", "activity__body")
    register_body_of("committees.PlanItem", "plan__committee__body")
    register_body_of("committees.WorkPlan", "committee__body")
    nav_entries.register(NavEntry("committees", nav, order=30))
    home_sections.register(
        HomeSection("committees_work", "committees/home_sections.html", home, 60)
    )
    for entry in work_history_sources():
        history_sources.register(entry)
    for kind in todos.KINDS:
        todo_kinds.register(kind)
    score_sources.register(scores.SOURCE)
    for source in committee_sources():
        committee_score_sources.register(source)


def committee_sources() -> tuple:
    """What a committee did, for the committees' annual evaluation (§19): the activities it
    ran that were held (role held, kind = activity type) and their outputs (role = output
    kind: 调研报告, 会议纪要 …; kind = activity type)."""
    from django.db.models import CharField as Text
    from django.db.models import F, Value
    from django.urls import reverse

    from .models import Activity, ActivityOutput

    def held(body_id: int, year: int):
        return Activity.objects.filter(
            body_id=body_id, starts_at__year=year, status=Activity.Status.HELD,
            owner_committee__isnull=False,
        ).order_by().values(
            unit_id=F("owner_committee_id"), record_id=F("id"),
            role=Value("held", output_field=Text()), at=F("starts_at"),
            record_title=F("topic"), record_kind=F("type"),
        )  # fmt: skip

    def outputs(body_id: int, year: int):
        return ActivityOutput.objects.filter(
            activity__body_id=body_id, activity__starts_at__year=year,
            activity__status=Activity.Status.HELD, activity__owner_committee__isnull=False,
        ).order_by().values(
            unit_id=F("activity__owner_committee_id"), record_id=F("activity_id"),
            role=F("kind"), at=F("activity__starts_at"), record_title=F("title"),
            record_kind=F("activity__type"),
        )  # fmt: skip

    def url(pk: int) -> str:
        return reverse("committees:activity_detail", args=[pk])

    return (
        ScoreSource("committee_activities", _("专委会履职活动"), held, url,
                    roles=(("held", _("已举行")),), kinds=tuple(ActivityType.choices), order=10),
        ScoreSource("committee_outputs", _("活动成果（调研报告等）"), outputs, url,
                    roles=tuple(ActivityOutput.Kind.choices), kinds=tuple(ActivityType.choices),
                    order=11),
    )  # fmt: skip
