"""Open work of the annual scoring (portal.registry.todo_kinds): the objections waiting for
the office. One kind, one query."""

from __future__ import annotations

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.access import roles_of
from portal.models import Role, User
from portal.registry import Todo, TodoKind

from ..models import Objection

OBJECTION_TASK = "scoring_objection"


def objection_open(user: User) -> QuerySet | None:
    if not roles_of(user).has(Role.OFFICE):
        return None
    return (
        Objection.objects.filter(run__body_id=user.body_id, status=Objection.Status.OPEN)
        .select_related("member", "run")
        .order_by("filed_at", "pk")
    )


def objection_todo(objection: Objection) -> Todo:
    return Todo(
        title=_("处理考评异议：%(name)s") % {"name": objection.member.name},
        url=reverse("evaluation:objection_resolve", args=[objection.pk]),
        since=objection.filed_at,
        due=objection.run.objection_deadline,
        detail=objection.reason[:60],
    )


KINDS = (TodoKind(OBJECTION_TASK, gettext_lazy("考评异议"), objection_open, objection_todo, 70),)
