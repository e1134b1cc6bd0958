"""What the writes of 社情民意 share: task kinds, locking and saving with the actor, who the
editors are, telling authors."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from django.core.exceptions import PermissionDenied
from django.urls import reverse

from organisation.models import Body
from portal.models import Role, RoleAssignment, User
from portal.services import Note, notify_many

from .. import access
from ..models import (
    Author,
    Report,
)

S = Report.Status
COAUTHOR_TASK = "public_opinion.coauthor"  # to-do kinds (public_opinion.todos)
QUEUE_TASK = "public_opinion.queue"
FORWARD_TASK = "public_opinion.forwarded"


def detail_url(report: Report) -> str:
    return reverse("public_opinion:report_detail", args=[report.pk])


def _lock(report: Report) -> Report:
    return Report.objects.select_for_update().get(pk=report.pk)


def _save(report: Report, by: User | None, fields: list[str]) -> Report:
    report._history_user = by
    report.save(update_fields=fields)
    return report


def editors_of(body_id: int) -> list[User]:
    """Who works the body's queue: holders of 社情民意编辑 (or, where nobody holds it, the
    office)."""
    editors = list(
        User.objects.filter(
            pk__in=RoleAssignment.objects.filter(body_id=body_id, role=Role.INFO_EDITOR).values(
                "user_id"
            ),
            is_active=True,
        )
    )
    if editors:
        return editors
    return list(
        User.objects.filter(
            pk__in=RoleAssignment.objects.filter(body_id=body_id, role=Role.OFFICE).values(
                "user_id"
            ),
            is_active=True,
        )
    )


def _tell_authors(report: Report, title: str) -> None:
    _tell_many([report], lambda _r: title)


def _tell_many(reports: Sequence[Report], title_of: Callable[[Report], str]) -> None:
    """Tell each item's confirmed authors (a collective item's writer) what happened: one
    query for all the authors, one insert for all the notifications."""
    users: dict[int, list[User]] = {r.pk: [] for r in reports}
    for author in Author.objects.filter(
        report__in=[r.pk for r in reports], status=Author.Status.CONFIRMED
    ).select_related("member__user"):
        if author.member.user is not None:
            users[author.report_id].append(author.member.user)
    writers = User.objects.in_bulk(
        [r.created_by_id for r in reports if r.is_collective or not users[r.pk]]
    )
    notes = []
    for report in reports:
        recipients = users[report.pk] + (
            [writers[report.created_by_id]] if report.created_by_id in writers else []
        )
        notes.append(Note(recipients=recipients, title=title_of(report), url=detail_url(report)))
    notify_many(notes, email=False)


def _body_name(body_id: int) -> str:
    return Body.objects.only("name").get(pk=body_id).name


# ---- the body's data: rejection reasons and adoption levels ---------------------------------


def _check_data_editor(body_id: int, by: User) -> None:
    if by.body_id != body_id or not access.powers_of(by).edits:
        raise PermissionDenied
