"""The members' work waiting for the office (portal.registry.todo_kinds): members in
office who sit in no committee (§3 全员入委)."""

from __future__ import annotations

from django.db.models import OuterRef, QuerySet, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.access import roles_of
from portal.models import Role, User
from portal.registry import Todo, TodoKind

from .models import CommitteeMembership, Member, MemberTerm
from .selectors import active_on, members_in_office_on

UNSEATED = "members.unseated"


def unseated_open(user: User) -> QuerySet | None:
    if not any(a.body_id == user.body_id for a in roles_of(user).of(Role.OFFICE)):
        return None
    today = timezone.localdate()
    seated = CommitteeMembership.objects.filter(
        active_on(today), committee__body_id=user.body_id
    ).values("member_id")
    term_start = MemberTerm.objects.filter(active_on(today), member=OuterRef("pk")).order_by(
        "start_date"
    )
    return (
        members_in_office_on(user.body_id, today)
        .exclude(pk__in=seated)
        .select_related("sector")
        .annotate(in_office_since=Subquery(term_start.values("start_date")[:1]))
        .order_by("in_office_since", "code")
    )


def unseated_todo(member: Member) -> Todo:
    return Todo(
        title=_("安排入委：%(name)s") % {"name": member.name},
        url=reverse("members:member_detail", args=[member.pk]),
        since=member.in_office_since,
        detail=_("%(sector)s · 全员入委（第3条）") % {"sector": member.sector.name},
    )


KINDS = (TodoKind(UNSEATED, gettext_lazy("未入委的委员"), unseated_open, unseated_todo, 60),)
