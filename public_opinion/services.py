"""Writes of 社情民意: writing and submitting (with co-authors who confirm), the editors'
decisions (受理 with a number, 退回修改, 不予采用, 转交), editing beside the original, merging
into a 综合 item, issues of 《社情民意》, adoptions and 批示, forwarding to a higher body.
Each runs in one transaction, locks what it changes, moves states only through
`workflow.REPORT` and names the actor for the history."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import CommitteeMembership, Member
from members.selectors import active_on
from organisation.models import Body, Committee, SectorGroup
from portal.models import Role, RoleAssignment, TransitionLog, User
from portal.pdf import render_pdf
from portal.services import Note, notifications_close, notify, notify_many
from portal.uploads import check_upload

from . import access, text
from .models import (
    DEFAULT_ADOPTION_LEVELS,
    DEFAULT_REJECTION_REASONS,
    Adoption,
    AdoptionLevel,
    Attachment,
    Author,
    Forwarding,
    Instruction,
    Issue,
    IssueEntry,
    KeyTopic,
    RejectionReason,
    Report,
    ReportCounter,
)
from .workflow import COAUTHOR, ISSUE, REPORT

S = Report.Status
COAUTHOR_TASK = "public_opinion.coauthor"  # to-do kinds (public_opinion.todos)
QUEUE_TASK = "public_opinion.queue"
FORWARD_TASK = "public_opinion.forwarded"
MAX_ATTACHMENTS = 10
MAX_COAUTHORS = 10


def detail_url(report: Report) -> str:
    return reverse("public_opinion:report_detail", args=[report.pk])


def _lock(report: Report) -> Report:
    return Report.objects.select_for_update().get(pk=report.pk)


def _save(report: Report, by: User | None, fields: list[str]) -> Report:
    report._history_user = by
    report.save(update_fields=fields)
    return report


# ---- data of a body ------------------------------------------------------------------------


def defaults_create(*, body: Body, using: str = "default") -> None:
    """The standard rejection reasons and adoption levels of a new body (the office edits
    them afterwards), in the database the body was saved to."""
    RejectionReason.objects.using(using).bulk_create(
        [
            RejectionReason(body=body, name=name, order=i)
            for i, name in enumerate(DEFAULT_REJECTION_REASONS)
        ],
        ignore_conflicts=True,
    )
    AdoptionLevel.objects.using(using).bulk_create(
        [
            AdoptionLevel(body=body, code=code, name=name, rank=(i + 1) * 10)
            for i, (code, name) in enumerate(DEFAULT_ADOPTION_LEVELS)
        ],
        ignore_conflicts=True,
    )


@transaction.atomic
def key_topic_create(*, committee: Committee, year: int, title: str, by: User) -> KeyTopic:
    """A committee's key information topic (article 11: 1–2 a year)."""
    powers = access.powers_of(by)
    if committee.body_id != by.body_id or not (
        powers.office or committee.pk in powers.staff_committee_ids
    ):
        raise PermissionDenied
    title = title.strip()
    if not title:
        raise ValidationError(_("请填写课题名称。"))
    if KeyTopic.objects.filter(committee=committee, year=year).count() >= 2:
        raise ValidationError(_("每个专委会每年确定1—2个重点信息课题，本年度已有2个。"))
    if KeyTopic.objects.filter(committee=committee, year=year, title=title).exists():
        raise ValidationError(_("该课题已登记。"))
    topic = KeyTopic(
        body_id=committee.body_id, committee=committee, year=year, title=title, created_by=by
    )
    topic._history_user = by
    topic.save()
    return topic


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
        storage, name = attachment.file.storage, attachment.file.name
        transaction.on_commit(lambda s=storage, n=name: s.delete(n))
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
        storage, name = attachment.file.storage, attachment.file.name
        transaction.on_commit(lambda: storage.delete(name))
    attachment._history_user = by
    attachment.delete()


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


# ---- issues of 《社情民意》 ------------------------------------------------------------------


@transaction.atomic
def issue_create(
    *,
    body_id: int,
    year: int,
    signer: str,
    recipients: str,
    to_members: bool = True,
    note: str = "",
    by: User,
) -> Issue:
    if by.body_id != body_id or not access.powers_of(by).edits:
        raise PermissionDenied
    if not signer.strip() or not recipients.strip():
        raise ValidationError(_("请填写签发人和报送范围。"))
    Body.objects.select_for_update().get(pk=body_id)  # one new number at a time
    last = Issue.objects.filter(body_id=body_id, year=year).aggregate(m=Max("number"))["m"] or 0
    issue = Issue(
        body_id=body_id,
        year=year,
        number=last + 1,
        signer=signer.strip(),
        recipients=recipients.strip(),
        to_members=to_members,
        note=note.strip(),
        created_by=by,
    )
    issue._history_user = by
    issue.save()
    return issue


def _lock_issue_draft(issue: Issue, by: User) -> Issue:
    issue = Issue.objects.select_for_update().get(pk=issue.pk)
    if by.body_id != issue.body_id or not access.powers_of(by).edits:
        raise PermissionDenied
    if issue.status != Issue.Status.DRAFT:
        raise ValidationError(_("本期已印发，不能再修改。"))
    return issue


@transaction.atomic
def issue_set_entries(*, issue: Issue, report_ids: Sequence[int], by: User) -> Issue:
    """The issue's items in this order: accepted items of the body, each once."""
    issue = _lock_issue_draft(issue, by)
    if len(set(report_ids)) != len(report_ids):
        raise ValidationError(_("同一条信息不能在一期中出现两次。"))
    found = set(
        Report.objects.filter(
            pk__in=report_ids, body_id=issue.body_id, status=S.ACCEPTED
        ).values_list("pk", flat=True)
    )
    missing = [pk for pk in report_ids if pk not in found]
    if missing:
        raise ValidationError(_("只能编入本级政协已受理、尚未编发的信息。"))
    IssueEntry.objects.filter(issue=issue).delete()
    IssueEntry.objects.bulk_create(
        [IssueEntry(issue=issue, report_id=pk, order=i + 1) for i, pk in enumerate(report_ids)]
    )
    return issue


def issue_context(issue: Issue) -> dict:
    """What the PDF of an issue shows (also for its preview)."""
    entries = list(
        issue.entries.select_related("report").prefetch_related("report__authors__member")
    )
    return {"issue": issue, "entries": entries, "body": Body.objects.get(pk=issue.body_id)}


def issue_pdf(issue: Issue) -> bytes:
    return render_pdf(render_to_string("public_opinion/issue_pdf.html", issue_context(issue)))


@transaction.atomic
def issue_publish(*, issue: Issue, by: User) -> Issue:
    """印发: the PDF is made and kept as published; each item goes to 已编发 and gets its
    市政协编发 adoption (the body's level with code city_bulletin, when it has one)."""
    issue = _lock_issue_draft(issue, by)
    entries = list(issue.entries.select_related("report"))
    if not entries:
        raise ValidationError(_("本期还没有编入信息。"))
    ISSUE.move(issue, Issue.Status.PUBLISHED, by=by)
    issue.published_at = timezone.now()
    level = AdoptionLevel.objects.filter(
        body_id=issue.body_id, code="city_bulletin", is_active=True
    ).first()
    reports = list(Report.objects.select_for_update().filter(pk__in=[e.report_id for e in entries]))
    for report in reports:
        REPORT.move(report, S.PUBLISHED, by=by, comment=str(issue))
        _save(report, by, ["status"])
        if level is not None:
            adoption = Adoption(
                report=report,
                level=level,
                adopted_on=timezone.localdate(),
                outlet=str(issue),
                recorded_by=by,
            )
            adoption._history_user = by
            adoption.save()
    _tell_many(reports, lambda _r: _("您的社情民意信息已编入%(i)s") % {"i": issue})
    pdf = issue_pdf(issue)
    issue.pdf.save(f"{issue.body_id}-{issue.year}-{issue.number}.pdf", ContentFile(pdf), save=False)
    issue._history_user = by
    issue.save(update_fields=["status", "published_at", "pdf"])
    return issue


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


# ---- forwarding to a higher body ------------------------------------------------------------

FORWARDABLE = (S.ACCEPTED, S.PUBLISHED, S.ADOPTED)


def forward_targets(body_id: int) -> list[Body]:
    """Where a body's items go up: its parent body (organisation.Body.parent); a body
    without a parent (the top of the data set) may send to any other body."""
    body = Body.objects.select_related("parent").get(pk=body_id)
    if body.parent is not None:
        return [body.parent]
    return list(Body.objects.exclude(pk=body_id).order_by("level", "id"))


@transaction.atomic
def report_forward(*, report: Report, to_body: Body, note: str = "", by: User) -> Forwarding:
    """报送: the item goes up to a higher body's editors, who accept it into their queue."""
    report = _lock(report)
    if not access.edits(report, by):
        raise PermissionDenied
    if report.status not in FORWARDABLE:
        raise ValidationError(_("只有已受理的信息可以报送上级政协。"))
    parent_id = Body.objects.filter(pk=report.body_id).values_list("parent_id", flat=True)[0]
    if to_body.pk == report.body_id or parent_id not in (None, to_body.pk):
        raise ValidationError(_("只能报送给上级政协。"))
    if Forwarding.objects.filter(report=report, to_body=to_body).exists():
        raise ValidationError(_("这条信息已经报送过%(b)s。") % {"b": to_body.name})
    forwarding = Forwarding(report=report, to_body=to_body, note=note.strip(), sent_by=by)
    forwarding._history_user = by
    forwarding.save()
    notify(
        recipients=editors_of(to_body.pk),
        title=_("%(b)s报送社情民意信息：%(t)s")
        % {"b": _body_name(report.body_id), "t": report.final_title},
        url=reverse("public_opinion:forwarding_detail", args=[forwarding.pk]),
        target=forwarding,
        task=FORWARD_TASK,
        email=False,
    )
    return forwarding


def _body_name(body_id: int) -> str:
    return Body.objects.only("name").get(pk=body_id).name


def _lock_forwarding(forwarding: Forwarding, by: User) -> Forwarding:
    forwarding = Forwarding.objects.select_for_update().get(pk=forwarding.pk)
    if by.body_id != forwarding.to_body_id or not access.powers_of(by).edits:
        raise PermissionDenied
    if forwarding.status != Forwarding.Status.PENDING:
        raise ValidationError(_("这条报送已经处理过了。"))
    return forwarding


@transaction.atomic
def forwarding_accept(*, forwarding: Forwarding, by: User) -> Report:
    """The higher body takes the item into its own queue: a copy with the final text and
    the attachments (nobody re-types it); adoptions of the copy are credited back."""
    forwarding = _lock_forwarding(forwarding, by)
    original = Report.objects.select_related("origin").get(pk=forwarding.report_id)
    root = original.origin or original
    now = timezone.now()
    copy = Report(
        body_id=forwarding.to_body_id,
        year=timezone.localdate().year,
        kind=original.kind,
        status=S.SUBMITTED,
        organiser_committee_id=original.organiser_committee_id,
        organiser_sector_group_id=original.organiser_sector_group_id,
        created_by_id=original.created_by_id,
        title=original.final_title,
        situation=original.final_situation,
        analysis=original.final_analysis,
        suggestions=original.final_suggestions,
        topic=original.topic,
        origin=root,
        created_at=now,
        submitted_at=now,
    )
    copy.title_norm = text.normalise_title(copy.title)
    copy.text_norm = text.normalise_text(copy.situation, copy.suggestions)
    copy._history_user = by
    copy.save()
    # The copy starts in the queue; its log says where it came from.
    TransitionLog.objects.create(
        content_type=ContentType.objects.get_for_model(copy),
        object_id=copy.pk,
        from_state="",
        to_state=S.SUBMITTED,
        actor=by,
        comment=_("接收%(b)s报送") % {"b": _body_name(original.body_id)},
    )
    for attachment in original.attachments.all():
        Attachment.objects.create(
            report=copy,
            file=attachment.file.name,
            name=attachment.name,
            content_type=attachment.content_type,
            size=attachment.size,
            uploaded_by=attachment.uploaded_by,
            uploaded_at=attachment.uploaded_at,
        )
    forwarding.status = Forwarding.Status.ACCEPTED
    forwarding.answered_by = by
    forwarding.answered_at = now
    forwarding.copy = copy
    forwarding._history_user = by
    forwarding.save(update_fields=["status", "answered_by", "answered_at", "copy"])
    notifications_close(target=forwarding, task=FORWARD_TASK)
    return copy


@transaction.atomic
def forwarding_decline(*, forwarding: Forwarding, answer: str, by: User) -> Forwarding:
    forwarding = _lock_forwarding(forwarding, by)
    if not answer.strip():
        raise ValidationError(_("请填写不接收的原因。"))
    forwarding.status = Forwarding.Status.DECLINED
    forwarding.answered_by = by
    forwarding.answered_at = timezone.now()
    forwarding.answer = answer.strip()
    forwarding._history_user = by
    forwarding.save(update_fields=["status", "answered_by", "answered_at", "answer"])
    notifications_close(target=forwarding, task=FORWARD_TASK)
    return forwarding


# ---- the body's data: rejection reasons and adoption levels ---------------------------------


def _check_data_editor(body_id: int, by: User) -> None:
    if by.body_id != body_id or not access.powers_of(by).edits:
        raise PermissionDenied


@transaction.atomic
def rejection_reason_save(
    *, body_id: int, pk: int | None, name: str, order: int, is_active: bool, by: User
) -> RejectionReason:
    """Add a standard reason for 不予采用, or rename, reorder, retire one (items keep it)."""
    _check_data_editor(body_id, by)
    name = name.strip()
    if not name:
        raise ValidationError(_("请填写理由。"))
    reason = (
        RejectionReason.objects.select_for_update().get(pk=pk, body_id=body_id)
        if pk
        else RejectionReason(body_id=body_id)
    )
    if RejectionReason.objects.filter(body_id=body_id, name=name).exclude(pk=reason.pk).exists():
        raise ValidationError(_("已有同名的理由。"))
    reason.name, reason.order, reason.is_active = name, order, is_active
    reason._history_user = by
    reason.save()
    return reason


@transaction.atomic
def adoption_level_save(
    *, body_id: int, pk: int | None, code: str, name: str, rank: int, is_active: bool, by: User
) -> AdoptionLevel:
    """Add a level, or rename it, change its order or retire it. The code of an existing
    level does not change (scoring rules refer to it)."""
    _check_data_editor(body_id, by)
    name = name.strip()
    if not name:
        raise ValidationError(_("请填写名称。"))
    if pk:
        level = AdoptionLevel.objects.select_for_update().get(pk=pk, body_id=body_id)
    else:
        code = code.strip()
        if not code:
            raise ValidationError(_("请填写代码（英文字母、数字、下划线）。"))
        if AdoptionLevel.objects.filter(body_id=body_id, code=code).exists():
            raise ValidationError(_("已有该代码的采用层级。"))
        level = AdoptionLevel(body_id=body_id, code=code)
    level.name, level.rank, level.is_active = name, rank, is_active
    level._history_user = by
    level.save()
    return level
