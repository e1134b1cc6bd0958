"""The organisation's work waiting for the office (portal.registry.todo_kinds): committees
with no vice-chair in charge, whose plans cannot be submitted for approval (§12)."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.access import roles_of
from portal.models import Role, RoleAssignment, User
from portal.registry import Todo, TodoKind

from .models import Committee

NO_VICE_CHAIR = "organisation.no_vice_chair"


def no_vice_chair_open(user: User) -> QuerySet | None:
    if not any(a.body_id == user.body_id for a in roles_of(user).of(Role.OFFICE)):
        return None
    overseen = RoleAssignment.objects.filter(role=Role.VICE_CHAIR, committee=OuterRef("pk"))
    return (
        Committee.objects.filter(body_id=user.body_id, is_active=True)
        .exclude(Exists(overseen))
        .order_by("order", "pk")
    )


def no_vice_chair_todo(committee: Committee) -> Todo:
    return Todo(
        title=_("设置分管副主席：%(name)s") % {"name": committee.name},
        url=reverse("organisation:committee_edit", args=[committee.pk]),
        since=None,
        detail=_("未设置分管副主席时，计划和重大活动无法报送审批（第12条）"),
    )


KINDS = (
    TodoKind(
        NO_VICE_CHAIR,
        gettext_lazy("专委会缺分管副主席"),
        no_vice_chair_open,
        no_vice_chair_todo,
        order=70,
    ),
)
