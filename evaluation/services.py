"""Writes of the quota board: the office edits its body's quotas (a copy of the default row
on the first edit, so bodies never share a change), records evidence of body-level
deliverables, and the reminders at 50/75/90 % of a period are sent once each."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.forms.models import model_to_dict
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from organisation.models import Body
from portal.access import is_office
from portal.files import delete_file_on_commit
from portal.models import Role, RoleAssignment, User
from portal.services import Note, notify_many
from portal.uploads import check_upload

from .models import Quota, QuotaEvidence
from .periods import Light
from .selectors import Board, Progress, Unit

EDITABLE_FIELDS = ("target", "target_max", "is_active", "reminder_points", "note")
# At this share of the period (%), the vice-chair in charge is told as well (§12).
VICE_CHAIR_POINT = 90


def _check_office(body: Body, by: User) -> None:
    if not is_office(by, body):
        raise PermissionDenied


@transaction.atomic
def quota_update(*, quota: Quota, body: Body, changes: dict, by: User) -> Quota:
    """Change the body's copy of a quota (created from the default on the first edit)."""
    _check_office(body, by)
    if quota.body_id not in (None, body.pk):
        raise PermissionDenied
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(_("这些字段不能修改：%(f)s") % {"f": "、".join(sorted(unknown))})
    points = sorted(set(changes.get("reminder_points", quota.reminder_points)))
    if any(not 1 <= p <= 99 for p in points):
        raise ValidationError(_("提醒节点须在 1 到 99 之间。"))
    changes["reminder_points"] = points
    target_max = changes.get("target_max", quota.target_max)
    if target_max is not None and target_max < changes.get("target", quota.target):
        raise ValidationError(_("上限不能小于目标值。"))
    if quota.body_id is None:
        own = Quota.objects.select_for_update().filter(body=body, code=quota.code).first()
        if own is None:
            data = model_to_dict(quota, exclude=["id", "body", "updated_by"])
            own = Quota(body=body, **data)
        quota = own
    else:
        quota = Quota.objects.select_for_update().get(pk=quota.pk)
    for name, value in changes.items():
        setattr(quota, name, value)
    quota.updated_by, quota.updated_at = by, timezone.now()
    quota.full_clean()
    quota._history_user = by
    quota.save()
    return quota


@transaction.atomic
def evidence_add(
    *,
    body: Body,
    quota_code: str,
    date: dt.date,
    title: str,
    upload: UploadedFile | None,
    by: User,
) -> QuotaEvidence:
    """The office records that a body-level deliverable exists (e.g. Q22's 《履职导引》)."""
    _check_office(body, by)
    quota = Quota.objects.filter(code=quota_code, metric=Quota.Metric.EVIDENCE).first()
    if quota is None:
        raise ValidationError(_("该指标不需要登记完成记录。"))
    if date > timezone.localdate():
        raise ValidationError(_("完成日期不能晚于今天。"))
    evidence = QuotaEvidence(
        body=body, quota_code=quota_code, date=date, title=title.strip(), recorded_by=by
    )
    if upload is not None:
        checked = check_upload(upload)
        evidence.original_name, evidence.content_type = checked.name, checked.content_type
        evidence.file.save(checked.name, ContentFile(checked.data), save=False)
    evidence._history_user = by
    evidence.save()
    return evidence


@transaction.atomic
def evidence_delete(*, evidence: QuotaEvidence, by: User) -> None:
    _check_office(evidence.body, by)
    evidence._history_user = by
    evidence.delete()
    delete_file_on_commit(evidence.file)


# ---- reminders ---------------------------------------------------------------------------------


def reminder_point(progress: Progress, day: dt.date) -> int | None:
    """The latest reminder point (% of the period) passed by `day` while the quota is
    still unmet in a running period; None when no reminder is due."""
    if progress.light in (Light.MET, Light.MISSED, Light.UNAVAILABLE, Light.NOT_APPLICABLE):
        return None
    elapsed = 100 * progress.period.elapsed(day)
    passed = [p for p in progress.quota.reminder_points if elapsed >= p]
    return max(passed) if passed else None


class _People:
    """Who is told, loaded once per board: staff and vice-chair of each committee, the
    office of the body."""

    def __init__(self, board: Board) -> None:
        self.staff: dict[int, list[User]] = {}
        self.vice_chair: dict[int, User] = {}
        self.office: list[User] = []
        assignments = RoleAssignment.objects.filter(
            body=board.body, user__is_active=True
        ).select_related("user")
        for a in assignments:
            if a.role == Role.COMMITTEE_STAFF:
                self.staff.setdefault(a.committee_id, []).append(a.user)
            elif a.role == Role.VICE_CHAIR:
                self.vice_chair[a.committee_id] = a.user
            elif a.role == Role.OFFICE:
                self.office.append(a.user)

    def of(self, unit: Unit, point: int) -> list[User]:
        if unit.kind == "committee":
            people = list(self.staff.get(unit.pk, []))
            if point >= VICE_CHAIR_POINT and unit.pk in self.vice_chair:
                people.append(self.vice_chair[unit.pk])
            return people
        if unit.kind == "sector_group":
            return list(self.staff.get(unit.extra["committee_id"], []))
        if unit.kind == "member":
            return [unit.extra["user"]] if unit.extra.get("user") else []
        return list(self.office)


def send_quota_reminders(board: Board) -> int:
    """Remind whoever is responsible of each unmet quota whose period has passed a
    reminder point. The dedupe key names quota, unit, period and point: once each. All
    of a body's reminders are written together (portal.services.notify_many): the job's
    queries are the same for every body, whatever is due."""
    people = _People(board)
    notes = []
    units = [board.body_unit, *board.committees, *board.sector_groups, *board.members]
    for unit in units:
        for code, progress in unit.progress.items():
            point = reminder_point(progress, board.day)
            if point is None:
                continue
            quota = progress.quota
            target = f"{progress.target}%" if quota.is_percent else str(progress.target)
            value = f"{progress.value}%" if quota.is_percent else str(progress.value)
            url = (
                reverse("evaluation:board_committee", args=[unit.pk])
                if unit.kind == "committee"
                else reverse("evaluation:board")
            )
            notes.append(
                Note(
                    recipients=people.of(unit, point),
                    title=_("指标提醒：%(unit)s「%(title)s」尚未完成")
                    % {"unit": unit.name, "title": quota.title},
                    body=_(
                        "%(period)s已过去 %(point)d%%，%(code)s「%(title)s」目前 %(value)s，"
                        "目标 %(target)s（第%(article)d条：%(requirement)s）"
                    )
                    % {
                        "period": progress.period.label,
                        "point": point,
                        "code": code,
                        "title": quota.title,
                        "value": value,
                        "target": target,
                        "article": quota.article,
                        "requirement": quota.requirement,
                    },
                    url=url,
                    dedupe_key=f"quota:{code}:{unit.kind}:{unit.pk}:{progress.period.key}:{point}",
                )
            )
    return notify_many(notes)
