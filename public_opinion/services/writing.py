"""Writing 社情民意: drafts, co-authors who confirm, submitting, recalling, withdrawing,
attachments."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import CommitteeMembership, Member
from members.selectors import active_on
from organisation.models import Committee, SectorGroup
from portal.files import delete_file_on_commit
from portal.models import User
from portal.services import notifications_close, notify
from portal.uploads import check_upload

from .. import access, text
from ..models import (
    Attachment,
    Author,
    KeyTopic,
    Report,
)
from ..workflow import COAUTHOR, REPORT
from .common import COAUTHOR_TASK, QUEUE_TASK, S, _lock, _save, detail_url, editors_of

MAX_ATTACHMENTS = 10
MAX_COAUTHORS = 10


# ---- writing -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Draft:
    """What the writer fills in. A collective item names its committee or sector group;
    a member's item may name co-authors (members of his body)."""

    title: str
    situation: str
    analysis: str
    suggestions: str
    topic: str
    key_topic: KeyTopic | None = None
    coauthors: Sequence[Member] = field(default_factory=tuple)
    organiser_committee: Committee | None = None
    organiser_sector_group: SectorGroup | None = None


def _check_draft(body_id: int, draft: Draft, member_id: int | None) -> None:
    if not draft.title.strip() or not draft.situation.strip() or not draft.suggestions.strip():
        raise ValidationError(_("标题、基本情况和意见建议都要填写。"))
    if draft.key_topic is not None and draft.key_topic.body_id != body_id:
        raise ValidationError(_("所选重点信息课题不属于本级政协。"))
    if len(draft.coauthors) > MAX_COAUTHORS:
        raise ValidationError(_("联名作者最多 %(n)d 人。") % {"n": MAX_COAUTHORS})
    for member in draft.coauthors:
        if member.body_id != body_id:
            raise ValidationError(_("联名作者必须是本级政协委员。"))
        if member.pk == member_id:
            raise ValidationError(_("联名作者不能是您本人。"))


def _text_fields(report: Report, draft: Draft) -> None:
    report.title = draft.title.strip()
    report.situation = draft.situation.strip()
    report.analysis = draft.analysis.strip()
    report.suggestions = draft.suggestions.strip()
    report.topic = draft.topic
    report.key_topic = draft.key_topic
    report.title_norm = text.normalise_title(report.title)
    report.text_norm = text.normalise_text(report.situation, report.suggestions)


def _set_coauthors(report: Report, coauthors: Sequence[Member]) -> None:
    wanted = [m.pk for m in coauthors]
    report.authors.filter(role=Author.Role.CO).exclude(member_id__in=wanted).delete()
    have = set(report.authors.values_list("member_id", flat=True))
    for order, member in enumerate(coauthors, start=1):
        if member.pk not in have:
            Author.objects.create(report=report, member=member, role=Author.Role.CO, order=order)


@transaction.atomic
def report_create(*, body_id: int, draft: Draft, by: User) -> Report:
    """A new draft: the member's own (he is its first author), or, with an organiser, a
    collective item written by that committee's (or its sector group's) staff."""
    if by.body_id != body_id:
        raise PermissionDenied
    powers = access.powers_of(by)
    collective = draft.organiser_committee is not None or draft.organiser_sector_group is not None
    if collective:
        if draft.organiser_committee is not None and draft.organiser_sector_group is not None:
            raise ValidationError(_("集体报送只能选择一个专委会或一个界别活动组。"))
        organiser = draft.organiser_committee or draft.organiser_sector_group
        allowed = (
            powers.staff_committee_ids
            if draft.organiser_committee is not None
            else powers.staff_group_ids
        )
        if organiser.body_id != body_id or organiser.pk not in allowed:
            raise ValidationError(_("只能以您所在专委会或其联系的界别活动组的名义报送。"))
        if draft.coauthors:
            raise ValidationError(_("集体报送的信息没有联名作者。"))
        _check_draft(body_id, draft, None)
        kind = Report.Kind.COLLECTIVE
    else:
        if powers.member_id is None:
            raise ValidationError(_("只有委员本人可以撰写个人信息；工作人员请选择集体报送单位。"))
        _check_draft(body_id, draft, powers.member_id)
        kind = Report.Kind.JOINT if draft.coauthors else Report.Kind.INDIVIDUAL
    now = timezone.now()
    report = Report(
        body_id=body_id,
        year=timezone.localdate().year,
        kind=kind,
        created_by=by,
        organiser_committee=draft.organiser_committee,
        organiser_sector_group=draft.organiser_sector_group,
        created_at=now,
    )
    _text_fields(report, draft)
    report._history_user = by
    report.save()
    if not collective:
        Author.objects.create(
            report=report,
            member_id=powers.member_id,
            role=Author.Role.FIRST,
            status=Author.Status.CONFIRMED,
            answered_at=now,
        )
        _set_coauthors(report, draft.coauthors)
    return report


@transaction.atomic
def report_update(*, report: Report, draft: Draft, version: int, by: User) -> Report:
    """The writer changes his draft (or an item returned to him). A copy opened before
    someone else saved is refused, not saved over."""
    report = _lock(report)
    if not access.writes(report, by):
        raise PermissionDenied
    if report.status not in Report.EDITABLE_STATES:
        raise ValidationError(_("只有草稿或退回修改的信息可以修改。"))
    if report.version != version:
        raise ValidationError(_("这条信息已被他人修改，请刷新页面后再改。您填写的内容仍在表单中。"))
    member_id = access.powers_of(by).member_id if not report.is_collective else None
    _check_draft(report.body_id, draft, member_id)
    if report.is_collective and draft.coauthors:
        raise ValidationError(_("集体报送的信息没有联名作者。"))
    _text_fields(report, draft)
    report.version += 1
    fields = ["title", "situation", "analysis", "suggestions", "topic", "key_topic",
              "title_norm", "text_norm", "version"]  # fmt: skip
    if report.status == S.DRAFT and not report.is_collective:
        _set_coauthors(report, draft.coauthors)
        report.kind = Report.Kind.JOINT if draft.coauthors else Report.Kind.INDIVIDUAL
        fields.append("kind")
    return _save(report, by, fields)


def _facts(report: Report) -> None:
    """The committee and sector group the item is counted for, as of today."""
    if report.organiser_committee_id:
        report.committee_id = report.organiser_committee_id
        report.sector_group_id = None
        return
    if report.organiser_sector_group_id:
        report.sector_group_id = report.organiser_sector_group_id
        report.committee_id = report.organiser_sector_group.committee_id
        return
    first = report.authors.filter(role=Author.Role.FIRST).select_related("member__sector").first()
    if first is None:
        return
    member = first.member
    report.sector_group_id = member.sector.group_id if member.sector_id else None
    seat = (
        CommitteeMembership.objects.filter(member=member)
        .filter(active_on(timezone.localdate()))
        .order_by("start_date")
        .first()
    )
    report.committee_id = seat.committee_id if seat is not None else None


def _to_queue(report: Report, by: User | None, comment: str = "") -> None:
    # by=None: the last co-author's answer completes the round (a system move).
    REPORT.move(report, S.SUBMITTED, by=by, comment=comment, system=by is None)
    report.submitted_at = timezone.now()
    _facts(report)
    notify(
        recipients=editors_of(report.body_id),
        title=_("新的社情民意信息待受理：%(title)s") % {"title": report.title},
        url=detail_url(report),
        target=report,
        task=QUEUE_TASK,
        email=False,
    )


@transaction.atomic
def report_submit(*, report: Report, by: User) -> Report:
    """Send the item to the editors; with co-authors who have not answered, ask them
    first (the item goes on when the last one answers)."""
    report = _lock(report)
    if not access.writes(report, by):
        raise PermissionDenied
    if report.status == S.DRAFT:
        invited = list(
            report.authors.filter(role=Author.Role.CO, status=Author.Status.INVITED).select_related(
                "member__user"
            )
        )
        if invited:
            REPORT.move(report, S.AWAITING_COAUTHORS, by=by)
            now = timezone.now()
            for author in invited:
                author.invited_at = now
                author._history_user = by
                author.save(update_fields=["invited_at"])
            notify(
                recipients=[a.member.user for a in invited],
                title=_("请确认联名社情民意信息：%(title)s") % {"title": report.title},
                url=detail_url(report),
                target=report,
                task=COAUTHOR_TASK,
                email=False,
            )
            return _save(report, by, ["status"])
    _to_queue(report, by)
    return _save(report, by, ["status", "submitted_at", "committee", "sector_group"])


@transaction.atomic
def coauthor_answer(*, author: Author, confirm: bool, by: User) -> Author:
    """A co-author confirms or declines; the last answer sends the item to the editors
    (only confirmed co-authors stay on it)."""
    report = _lock(author.report)
    author = Author.objects.select_for_update().select_related("member").get(pk=author.pk)
    if report.status != S.AWAITING_COAUTHORS:
        raise ValidationError(_("这条信息目前不需要确认联名。"))
    target = Author.Status.CONFIRMED if confirm else Author.Status.DECLINED
    COAUTHOR.move(author, target, by=by)
    author.answered_at = timezone.now()
    author._history_user = by
    author.save(update_fields=["status", "answered_at"])
    notifications_close(target=report, task=COAUTHOR_TASK, recipients=[by])
    if not report.authors.filter(status=Author.Status.INVITED).exists():
        if not report.authors.filter(role=Author.Role.CO, status=Author.Status.CONFIRMED).exists():
            report.kind = Report.Kind.INDIVIDUAL
        _to_queue(report, None, comment=_("联名作者均已答复"))
        _save(report, None, ["status", "submitted_at", "committee", "sector_group", "kind"])
    return author


@transaction.atomic
def report_recall(*, report: Report, by: User) -> Report:
    """The writer takes an item back from the co-authors' confirmation to edit it."""
    report = _lock(report)
    REPORT.move(report, S.DRAFT, by=by)
    report.authors.filter(role=Author.Role.CO).update(
        status=Author.Status.INVITED, answered_at=None, invited_at=None
    )
    notifications_close(target=report, task=COAUTHOR_TASK)
    return _save(report, by, ["status"])


@transaction.atomic
def report_withdraw(*, report: Report, by: User) -> Report:
    report = _lock(report)
    REPORT.move(report, S.WITHDRAWN, by=by)
    notifications_close(target=report, task=QUEUE_TASK)
    return _save(report, by, ["status"])


@transaction.atomic
def report_delete(*, report: Report, by: User) -> None:
    """A draft nobody else has seen may be deleted by its writer."""
    report = _lock(report)
    if not access.writes(report, by):
        raise PermissionDenied
    if report.status != S.DRAFT:
        raise ValidationError(_("只有草稿可以删除。"))
    for attachment in report.attachments.all():
        delete_file_on_commit(attachment.file)
    report._history_user = by
    report.delete()


@transaction.atomic
def attachment_add(*, report: Report, upload: UploadedFile, by: User) -> Attachment:
    report = _lock(report)
    if not access.writes(report, by):
        raise PermissionDenied
    if report.status not in Report.EDITABLE_STATES:
        raise ValidationError(_("只有草稿或退回修改的信息可以上传附件。"))
    if report.attachments.count() >= MAX_ATTACHMENTS:
        raise ValidationError(_("每条信息最多 %(n)d 个附件。") % {"n": MAX_ATTACHMENTS})
    checked = check_upload(upload)
    attachment = Attachment(
        report=report,
        name=checked.name,
        content_type=checked.content_type,
        size=len(checked.data),
        uploaded_by=by,
    )
    attachment.file.save(checked.name, ContentFile(checked.data), save=False)
    attachment._history_user = by
    attachment.save()
    return attachment


@transaction.atomic
def attachment_delete(*, attachment: Attachment, by: User) -> None:
    report = _lock(attachment.report)
    if not access.writes(report, by):
        raise PermissionDenied
    if report.status not in Report.EDITABLE_STATES:
        raise ValidationError(_("只有草稿或退回修改的信息可以删除附件。"))
    if (
        report.origin_id is None
        and Attachment.objects.filter(file=attachment.file.name).count() == 1
    ):
        delete_file_on_commit(attachment.file)
    attachment._history_user = by
    attachment.delete()
