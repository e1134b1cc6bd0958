"""Adoptions of 社情民意 and the leaders' 批示 with their results."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.models import User

from .. import access
from ..models import (
    Adoption,
    AdoptionLevel,
    Instruction,
    Report,
)
from ..workflow import REPORT
from .common import S, _lock, _save, _tell_authors

# ---- adoptions and instructions -------------------------------------------------------------

ADOPTABLE = (S.ACCEPTED, S.PUBLISHED, S.ADOPTED)


@transaction.atomic
def adoption_record(
    *,
    report: Report,
    level: AdoptionLevel,
    adopted_on: dt.date,
    outlet: str = "",
    note: str = "",
    by: User,
) -> Adoption:
    """An adoption at one level; the item becomes 已采用. Recorded on a higher body's copy
    it shows on the original and counts for its authors."""
    report = _lock(report)
    if not access.edits(report, by):
        raise PermissionDenied
    if level.body_id != report.body_id:
        raise ValidationError(_("所选采用层级不属于本级政协。"))
    if report.status not in ADOPTABLE:
        raise ValidationError(_("只有已受理、已编发或已采用的信息可以登记采用。"))
    if adopted_on > timezone.localdate():
        raise ValidationError(_("采用日期不能晚于今天。"))
    if Adoption.objects.filter(report=report, level=level, adopted_on=adopted_on).exists():
        raise ValidationError(_("这条采用记录已经登记过了。"))
    if report.status != S.ADOPTED:
        REPORT.move(report, S.ADOPTED, by=by, comment=level.name)
        _save(report, by, ["status"])
    adoption = Adoption(
        report=report, level=level, adopted_on=adopted_on, outlet=outlet.strip(),
        note=note.strip(), recorded_by=by,
    )  # fmt: skip
    adoption._history_user = by
    adoption.save()
    credited = report.origin or report
    _tell_authors(
        credited, _("您的社情民意信息被%(l)s：%(t)s") % {"l": level.name, "t": credited.title}
    )
    return adoption


@dataclass(frozen=True)
class InstructionData:
    leader: str
    level: str
    instructed_on: dt.date
    text: str
    department: str = ""
    result: str = ""


@transaction.atomic
def instruction_record(*, report: Report, data: InstructionData, by: User) -> Instruction:
    report = _lock(report)
    if not access.edits(report, by):
        raise PermissionDenied
    if report.status not in (*ADOPTABLE, S.TO_DEPARTMENT, S.TO_PROPOSAL):
        raise ValidationError(_("只有已受理的信息可以登记领导批示。"))
    if not data.leader.strip() or not data.text.strip():
        raise ValidationError(_("请填写批示领导和批示内容。"))
    if data.instructed_on > timezone.localdate():
        raise ValidationError(_("批示日期不能晚于今天。"))
    instruction = Instruction(
        report=report, leader=data.leader.strip(), level=data.level,
        instructed_on=data.instructed_on, text=data.text.strip(),
        department=data.department.strip(), result=data.result.strip(), recorded_by=by,
    )  # fmt: skip
    instruction._history_user = by
    instruction.save()
    credited = report.origin or report
    _tell_authors(
        credited,
        _("您的社情民意信息获%(leader)s批示：%(t)s")
        % {"leader": instruction.leader, "t": credited.title},
    )
    return instruction


@transaction.atomic
def instruction_set_result(*, instruction: Instruction, result: str, by: User) -> Instruction:
    instruction = (
        Instruction.objects.select_for_update().select_related("report").get(pk=instruction.pk)
    )
    if not access.edits(instruction.report, by):
        raise PermissionDenied
    instruction.result = result.strip()
    instruction._history_user = by
    instruction.save(update_fields=["result"])
    return instruction
