"""The editors' decisions on 社情民意: 受理 with a number, 退回修改, 不予采用, 转交, editing
beside the original, merging into a 综合 item."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.models import User
from portal.services import notifications_close

from .. import access
from ..models import (
    Author,
    RejectionReason,
    Report,
    ReportCounter,
)
from ..workflow import REPORT
from .common import QUEUE_TASK, S, _lock, _save, _tell_authors, _tell_many
from .writing import Draft, _text_fields

# ---- the editors' decisions -----------------------------------------------------------------


def _number(report: Report) -> None:
    """The next number of the body's year, e.g. 2026-0315 (the counter row is locked)."""
    counter, _created = ReportCounter.objects.select_for_update().get_or_create(
        body_id=report.body_id, year=report.year
    )
    counter.last += 1
    counter.save(update_fields=["last"])
    report.serial = counter.last
    report.number = f"{report.year}-{counter.last:04d}"


def _decided(report: Report, by: User, task_done: bool = True) -> None:
    report.decided_by = by
    if task_done:
        notifications_close(target=report, task=QUEUE_TASK)


@transaction.atomic
def report_accept(*, report: Report, by: User, comment: str = "") -> Report:
    """受理: the item gets the next number of its year."""
    report = _lock(report)
    REPORT.move(report, S.ACCEPTED, by=by, comment=comment)
    _number(report)
    report.accepted_at = timezone.now()
    _decided(report, by)
    _tell_authors(
        report,
        _("您的社情民意信息已受理（编号 %(n)s）：%(t)s") % {"n": report.number, "t": report.title},
    )
    return _save(report, by, ["status", "serial", "number", "accepted_at", "decided_by"])


@transaction.atomic
def report_return(*, report: Report, comment: str, by: User) -> Report:
    """退回修改: back to the writer with the editor's comment."""
    report = _lock(report)
    REPORT.move(report, S.RETURNED, by=by, comment=comment)
    report.editor_comment = comment.strip()
    _decided(report, by)
    _tell_authors(report, _("社情民意信息退回修改：%(t)s") % {"t": report.title})
    return _save(report, by, ["status", "editor_comment", "decided_by"])


@transaction.atomic
def report_reject(
    *, report: Report, reason: RejectionReason, comment: str = "", by: User
) -> Report:
    """不予采用, with one of the body's standard reasons."""
    report = _lock(report)
    if reason is None or reason.body_id != report.body_id or not reason.is_active:
        raise ValidationError(_("请选择不予采用的理由。"))
    REPORT.move(report, S.REJECTED, by=by, comment=comment or reason.name)
    report.rejection_reason = reason
    report.editor_comment = comment.strip()
    _decided(report, by)
    _tell_authors(report, _("社情民意信息不予采用：%(t)s") % {"t": report.title})
    return _save(report, by, ["status", "rejection_reason", "editor_comment", "decided_by"])


@transaction.atomic
def report_pass_on(*, report: Report, target: str, comment: str = "", by: User) -> Report:
    """转为提案线索 / 转交有关部门 (the comment names the department)."""
    if target not in (S.TO_PROPOSAL, S.TO_DEPARTMENT):
        raise ValidationError(_("无效的处理方式。"))
    report = _lock(report)
    REPORT.move(report, target, by=by, comment=comment)
    report.editor_comment = comment.strip()
    _decided(report, by)
    _tell_authors(
        report,
        _("社情民意信息%(what)s：%(t)s") % {"what": S(target).label, "t": report.title},
    )
    return _save(report, by, ["status", "editor_comment", "decided_by"])


EDITABLE_BY_EDITORS = (S.SUBMITTED, S.ACCEPTED)


@transaction.atomic
def report_edit(
    *,
    report: Report,
    title: str,
    situation: str,
    analysis: str,
    suggestions: str,
    version: int,
    by: User,
) -> Report:
    """The editors' version of the text, kept beside the authors' original (which never
    changes after submission); every edit is in the history."""
    report = _lock(report)
    if not access.edits(report, by):
        raise PermissionDenied
    if report.status not in EDITABLE_BY_EDITORS:
        raise ValidationError(_("只有待受理或已受理、尚未编发的信息可以编辑。"))
    if report.version != version:
        raise ValidationError(_("这条信息已被他人修改，请刷新页面后再改。您填写的内容仍在表单中。"))
    if not title.strip() or not situation.strip() or not suggestions.strip():
        raise ValidationError(_("标题、基本情况和意见建议都要填写。"))

    def kept(value: str, original: str) -> str:
        value = value.strip()
        return "" if value == original else value

    report.edited_title = kept(title, report.title)
    report.edited_situation = kept(situation, report.situation)
    report.edited_analysis = kept(analysis, report.analysis)
    report.edited_suggestions = kept(suggestions, report.suggestions)
    report.edited_by = by
    report.edited_at = timezone.now()
    report.version += 1
    return _save(
        report,
        by,
        ["edited_title", "edited_situation", "edited_analysis", "edited_suggestions",
         "edited_by", "edited_at", "version"],
    )  # fmt: skip


@transaction.atomic
def reports_merge(
    *,
    reports: Sequence[Report],
    title: str,
    situation: str,
    analysis: str,
    suggestions: str,
    topic: str,
    by: User,
) -> Report:
    """Several items on one matter become one 综合 item (accepted, numbered) written by the
    editors; each original goes to 已合并 and every one of their confirmed authors is
    credited on the new item."""
    if len(reports) < 2:
        raise ValidationError(_("请至少选择两条信息进行合并。"))
    locked = list(
        Report.objects.select_for_update().filter(pk__in=[r.pk for r in reports]).order_by("pk")
    )
    order = {r.pk: i for i, r in enumerate(reports)}
    locked.sort(key=lambda r: order[r.pk])
    body_id = locked[0].body_id
    if any(r.body_id != body_id for r in locked) or by.body_id != body_id:
        raise PermissionDenied
    if not access.powers_of(by).edits:
        raise PermissionDenied
    for r in locked:
        if not REPORT.can(r, S.MERGED, by):
            raise ValidationError(
                _("「%(t)s」当前状态为「%(s)s」，不能合并。")
                % {"t": r.title, "s": r.get_status_display()}
            )
    if not title.strip() or not situation.strip() or not suggestions.strip():
        raise ValidationError(_("标题、基本情况和意见建议都要填写。"))
    now = timezone.now()
    combined = Report(
        body_id=body_id,
        year=timezone.localdate().year,
        kind=Report.Kind.COMBINED,
        status=S.SUBMITTED,
        created_by=by,
        created_at=now,
        submitted_at=now,
    )
    _text_fields(
        combined,
        Draft(
            title=title,
            situation=situation,
            analysis=analysis,
            suggestions=suggestions,
            topic=topic,
        ),
    )
    combined.committee_id = locked[0].committee_id
    combined.sector_group_id = locked[0].sector_group_id
    combined._history_user = by
    combined.save()
    REPORT.move(combined, S.ACCEPTED, by=by, comment=_("合并 %(n)d 条信息") % {"n": len(locked)})
    _number(combined)
    combined.accepted_at = now
    combined.decided_by = by
    _save(combined, by, ["status", "serial", "number", "accepted_at", "decided_by"])
    seen: set[int] = set()
    position = 0
    credited: dict[int, list[Author]] = {r.pk: [] for r in locked}
    for author in Author.objects.filter(report__in=locked, status=Author.Status.CONFIRMED).order_by(
        "order", "id"
    ):
        credited[author.report_id].append(author)
    for original in locked:
        REPORT.move(original, S.MERGED, by=by, comment=combined.title)
        original.merged_into = combined
        _decided(original, by)
        _save(original, by, ["status", "merged_into", "decided_by"])
        for author in credited[original.pk]:
            if author.member_id in seen:
                continue
            seen.add(author.member_id)
            role = Author.Role.FIRST if position == 0 else Author.Role.CO
            Author.objects.create(
                report=combined,
                member_id=author.member_id,
                role=role,
                status=Author.Status.CONFIRMED,
                order=position,
                answered_at=now,
                merged_from=original,
            )
            position += 1
    _tell_many(
        locked, lambda _r: _("您的社情民意信息已合并编入综合信息：%(t)s") % {"t": combined.title}
    )
    return combined
