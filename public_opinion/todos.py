"""The open work of 社情民意 (portal.registry.todo_kinds): the editors' queue, items
forwarded from lower bodies waiting to be received, and co-authors' confirmations. One
query per kind; the keys are the `task` of the notifications that bring the work
(public_opinion.services)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.access import roles_of
from portal.models import Role, User
from portal.registry import Todo, TodoKind

from .models import Author, Forwarding, Report
from .services import COAUTHOR_TASK, FORWARD_TASK, QUEUE_TASK


def _editor(user: User) -> bool:
    roles = roles_of(user)
    return roles.has(Role.INFO_EDITOR) or roles.has(Role.OFFICE)


def queue_open(user: User) -> QuerySet | None:
    if not _editor(user) or user.body_id is None:
        return None
    return Report.objects.filter(body_id=user.body_id, status=Report.Status.SUBMITTED).order_by(
        "submitted_at", "pk"
    )


def queue_todo(report: Report) -> Todo:
    return Todo(
        title=_("受理社情民意信息：%(t)s") % {"t": report.title},
        url=reverse("public_opinion:report_detail", args=[report.pk]),
        since=report.submitted_at,
        detail=report.get_kind_display(),
    )


def forwarded_open(user: User) -> QuerySet | None:
    if not _editor(user) or user.body_id is None:
        return None
    return (
        Forwarding.objects.filter(to_body_id=user.body_id, status=Forwarding.Status.PENDING)
        .select_related("report")
        .order_by("sent_at", "pk")
    )


def forwarded_todo(forwarding: Forwarding) -> Todo:
    return Todo(
        title=_("接收下级报送的信息：%(t)s") % {"t": forwarding.report.final_title},
        url=reverse("public_opinion:forwarding_detail", args=[forwarding.pk]),
        since=forwarding.sent_at,
    )


def coauthor_open(user: User) -> QuerySet | None:
    member = roles_of(user).member
    if member is None:
        return None
    return (
        Author.objects.filter(
            member_id=member.pk,
            status=Author.Status.INVITED,
            report__status=Report.Status.AWAITING_COAUTHORS,
        )
        .select_related("report")
        .order_by("invited_at", "pk")
    )


def coauthor_todo(author: Author) -> Todo:
    return Todo(
        title=_("确认联名社情民意信息：%(t)s") % {"t": author.report.title},
        url=reverse("public_opinion:report_detail", args=[author.report_id]) + "#coauthor-answer",
        since=author.invited_at,
    )


KINDS = (
    TodoKind(QUEUE_TASK, gettext_lazy("社情民意待受理"), queue_open, queue_todo, 45),
    TodoKind(FORWARD_TASK, gettext_lazy("下级报送的社情民意"), forwarded_open, forwarded_todo, 46),
    TodoKind(COAUTHOR_TASK, gettext_lazy("社情民意联名确认"), coauthor_open, coauthor_todo, 47),
)
