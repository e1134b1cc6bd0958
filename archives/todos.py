"""文史资料's open work (portal.registry.todo_kinds): the editors' queue (manuscripts
waiting for a review step), and manuscripts returned to their authors for revision. Each
kind is one query; their keys are the `task` of the notifications about them."""

from __future__ import annotations

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.access import roles_of
from portal.models import User
from portal.registry import Todo, TodoKind

from .access import roles_say_collector, roles_say_editor
from .models import Manuscript
from .services import RETURNED_TASK, REVIEW_TASK


def review_open(user: User) -> QuerySet | None:
    if not roles_say_editor(user):
        return None
    return (
        Manuscript.objects.filter(body_id=user.body_id, status__in=Manuscript.QUEUE)
        .only("pk", "title", "status", "status_changed_at", "author_name")
        .order_by("status_changed_at", "pk")
    )


def review_todo(m: Manuscript) -> Todo:
    return Todo(
        title=_("%(step)s：%(t)s") % {"step": m.get_status_display(), "t": m.title},
        url=reverse("archives:manuscript_detail", args=[m.pk]),
        since=m.status_changed_at,
        detail=m.author_name,
    )


def returned_open(user: User) -> QuerySet | None:
    """Members write manuscripts; editors, the office and the culture & history
    committee's staff register them for others (decided without a query)."""
    member = roles_of(user).member
    if member is None and not (roles_say_editor(user) or roles_say_collector(user)):
        return None
    own = Manuscript.objects.filter(registered_by_id=user.pk)
    if member is not None:
        own = own | Manuscript.objects.filter(contributor_id=member.pk)
    return (
        own.filter(status=Manuscript.Status.RETURNED)
        .only("pk", "title", "status_changed_at")
        .order_by("status_changed_at", "pk")
    )


def returned_todo(m: Manuscript) -> Todo:
    return Todo(
        title=_("修改退修稿件：%(t)s") % {"t": m.title},
        url=reverse("archives:manuscript_detail", args=[m.pk]),
        since=m.status_changed_at,
        detail=_("按审稿意见修改后重新提交"),
    )


KINDS = (
    TodoKind(REVIEW_TASK, gettext_lazy("文史审稿"), review_open, review_todo, 60),
    TodoKind(RETURNED_TASK, gettext_lazy("文史稿件退修"), returned_open, returned_todo, 61),
)
