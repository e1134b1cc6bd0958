"""Every write of 文史资料: one function per action, in one transaction, naming who acts
(django-simple-history records him). Statuses move only through archives.workflow.
Texts are never overwritten without a trace: each save of a changed text is a new
ManuscriptVersion, the first one the author's original."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.access import roles_of
from portal.models import User
from portal.services import notifications_close, notify

from .access import edits, is_author, is_editor, manages_plan, may_edit_text, may_register
from .files import check_file
from .models import (
    ArchiveItem,
    CollectionPlan,
    FileKind,
    Manuscript,
    ManuscriptFile,
    ManuscriptVersion,
    Review,
    Volume,
    VolumeEntry,
    count_words,
)
from .workflow import MANUSCRIPT, PLAN, REVIEW_STAGES, VOLUME

S = Manuscript.Status
P = CollectionPlan.Status

RETURNED_TASK = "archives_returned"
REVIEW_TASK = "archives_review"

PLAN_FIELDS = (
    "committee",
    "kind",
    "year",
    "title",
    "description",
    "themes",
    "target_articles",
    "target_words",
    "target_oral_histories",
    "call_text",
    "closes_on",
)
MANUSCRIPT_FIELDS = (
    "plan",
    "theme",
    "kind",
    "title",
    "author_name",
    "author_contact",
    "witness",
    "period",
    "place",
    "origin",
    "text",
    "restricted",
    "interviewee",
    "interviewers",
    "interview_date",
    "interview_place",
    "duration_minutes",
)
VOLUME_FIELDS = (
    "series",
    "number",
    "title",
    "is_special",
    "editor_in_chief",
    "permit",
    "published_on",
    "print_run",
)
ITEM_FIELDS = (
    "kind",
    "title",
    "creator",
    "period",
    "year_from",
    "year_to",
    "place",
    "persons",
    "keywords",
    "description",
    "rights",
    "provenance",
    "restricted",
    "manuscript",
    "exhibit_location",
    "acquisition",
    "lender",
)


def _stale(obj: Any, version: int) -> None:
    if version and version != obj.version:
        raise ValidationError(
            _("该记录已被他人修改（您看到的是旧版本）。请刷新页面，在最新内容上重新修改。")
        )


# ---- collection plans -------------------------------------------------------------------


def _check_plan(plan: CollectionPlan) -> None:
    if plan.committee.body_id != plan.body_id or plan.committee.kind != "culture_history":
        raise ValidationError(_("征集计划只能由本级政协的文化文史和学习委员会制定。"))
    if not plan.theme_list:
        raise ValidationError(_("请至少填写一个征集主题。"))


@transaction.atomic
def plan_create(*, body_id: int, data: dict[str, Any], by: User) -> CollectionPlan:
    plan = CollectionPlan(body_id=body_id, created_by=by, **{f: data[f] for f in PLAN_FIELDS})
    _check_plan(plan)
    if not manages_plan(plan, by):
        raise PermissionDenied
    plan.save()
    return plan


@transaction.atomic
def plan_update(
    *, plan: CollectionPlan, data: dict[str, Any], version: int, by: User
) -> CollectionPlan:
    plan = CollectionPlan.objects.select_for_update().get(pk=plan.pk)
    _stale(plan, version)
    if plan.status not in (P.DRAFT, P.RETURNED, P.APPROVED, P.OPEN):
        raise ValidationError(_("待审批或已结束的征集计划不能修改。"))
    if not manages_plan(plan, by):
        raise PermissionDenied
    changed = {f for f in PLAN_FIELDS if getattr(plan, f) != data[f]}
    if plan.status in (P.APPROVED, P.OPEN) and changed - {"call_text", "closes_on"}:
        raise ValidationError(_("已批准的计划只能修改征稿启事和截稿日期。"))
    for f in PLAN_FIELDS:
        setattr(plan, f, data[f])
    _check_plan(plan)
    plan.version += 1
    plan._change_reason = "修改"
    plan.save()
    return plan


@transaction.atomic
def plan_move(*, plan: CollectionPlan, target: str, by: User, comment: str = "") -> CollectionPlan:
    plan = (
        CollectionPlan.objects.select_for_update(of=("self",))
        .select_related("committee")
        .get(pk=plan.pk)
    )
    if target == P.SUBMITTED:
        plan.submitted_by = by  # the approver must be someone else
    PLAN.move(plan, target, by=by, comment=comment)
    fields = ["status", "submitted_by"]
    if target == P.APPROVED:
        plan.approved_by, plan.approved_at = by, timezone.now()
        fields += ["approved_by", "approved_at"]
    if target == P.OPEN:
        if not plan.call_text.strip():
            raise ValidationError(_("请先填写征稿启事。"))
        if plan.closes_on < timezone.localdate():
            raise ValidationError(_("截稿日期已过，请先修改截稿日期。"))
        plan.opened_at = timezone.now()
        fields.append("opened_at")
    plan.save(update_fields=fields)
    return plan


# ---- manuscripts ------------------------------------------------------------------------


def _check_manuscript(m: Manuscript) -> None:
    if not m.text.strip():
        raise ValidationError(_("请填写正文（口述史请填写整理稿）。"))
    if m.kind == Manuscript.Kind.ORAL_HISTORY and not m.interviewee.strip():
        raise ValidationError(_("口述史须填写口述人。"))
    if m.plan_id is not None:
        if m.plan.body_id != m.body_id:
            raise ValidationError(_("请选择本级政协的征集计划。"))
        if m.theme and m.theme not in m.plan.theme_list:
            raise ValidationError(_("所选主题不在该征集计划的主题中。"))


def _version(m: Manuscript, *, by: User, note: str) -> ManuscriptVersion:
    number = (m.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    return ManuscriptVersion.objects.create(
        manuscript=m,
        number=number,
        title=m.title,
        text=m.text,
        word_count=m.word_count,
        note=note[:300],
        status=m.status,
        created_by=by,
    )


@transaction.atomic
def manuscript_create(
    *, body_id: int, data: dict[str, Any], by: User, contributor=None
) -> Manuscript:
    """A draft by a member (`contributor` is his own record) or registered for an outside
    author by staff or an editor (no contributor, or a member without a login)."""
    member = roles_of(by).member
    if contributor is None or member is None or contributor.pk != member.pk:
        if not may_register(by):
            raise PermissionDenied
    if contributor is not None and contributor.body_id != body_id:
        raise ValidationError(_("请选择本级政协的委员。"))
    values = {
        f: data.get(f, Manuscript._meta.get_field(f).get_default()) for f in MANUSCRIPT_FIELDS
    }
    if contributor is not None and not values["author_name"]:
        values["author_name"] = contributor.name
    m = Manuscript(body_id=body_id, contributor=contributor, registered_by=by, **values)
    m.word_count = count_words(m.text)
    _check_manuscript(m)
    m.save()
    _version(m, by=by, note=_("原稿"))
    return m


@transaction.atomic
def manuscript_update(
    *, manuscript: Manuscript, data: dict[str, Any], version: int, by: User, note: str = ""
) -> Manuscript:
    """Save changes; a changed title or text becomes a new version (the older stay)."""
    m = Manuscript.objects.select_for_update().get(pk=manuscript.pk)
    _stale(m, version)
    if not may_edit_text(m, by):
        raise ValidationError(
            _("稿件当前状态「%(s)s」下您不能修改。") % {"s": m.get_status_display()}
        )
    old = (m.title, m.text)
    for f in MANUSCRIPT_FIELDS:
        if f in data:
            setattr(m, f, data[f])
    m.word_count = count_words(m.text)
    _check_manuscript(m)
    m.version += 1
    m.save()
    if (m.title, m.text) != old:
        _version(m, by=by, note=note or (_("编辑修改") if edits(m, by) else _("作者修改")))
    return m


@transaction.atomic
def manuscript_submit(*, manuscript: Manuscript, by: User) -> Manuscript:
    """The author (or whoever registered it) hands the draft, or the revised text, in."""
    m = Manuscript.objects.select_for_update().get(pk=manuscript.pk)
    was_returned = m.status == S.RETURNED
    MANUSCRIPT.move(m, S.REGISTERED, by=by)
    now = timezone.now()
    m.status_changed_at = now
    fields = ["status", "status_changed_at"]
    if m.submitted_at is None:
        m.submitted_at = now
        fields.append("submitted_at")
    m.save(update_fields=fields)
    if was_returned:
        notifications_close(target=m, task=RETURNED_TASK)
    return m


def has_authorisation(m: Manuscript) -> bool:
    needed = [FileKind.AUTHORISATION]
    if m.kind == Manuscript.Kind.ORAL_HISTORY:
        needed.append(FileKind.CONSENT)
    present = set(m.files.filter(kind__in=needed).values_list("kind", flat=True))
    return present >= set(needed)


@transaction.atomic
def manuscript_move(
    *, manuscript: Manuscript, target: str, by: User, comment: str = ""
) -> Manuscript:
    """An editor's move: take up, a review decision, proof confirmed, take up again.
    Leaving a review step records a Review with the comment."""
    m = (
        Manuscript.objects.select_for_update(of=("self",))
        .select_related("contributor__user")
        .get(pk=manuscript.pk)
    )
    if target in (S.SELECTED, S.PUBLISHED, S.REGISTERED):
        raise ValidationError(_("该操作不能在这里进行。"))
    source = m.status
    MANUSCRIPT.move(m, target, by=by, comment=comment)
    if source == S.FIRST_REVIEW and target == S.EDITING and not has_authorisation(m):
        raise ValidationError(_("初审通过前须上传作者签署的授权书（口述史另需口述人知情同意书）。"))
    m.status_changed_at = timezone.now()
    m.save(update_fields=["status", "status_changed_at"])
    stage = REVIEW_STAGES.get(source)
    if stage is not None:
        if target == S.EDITING and source != S.FIRST_REVIEW:
            decision = Review.Decision.BACK
        elif target in (S.RETURNED, S.KEPT, S.REJECTED):
            decision = {
                S.RETURNED: Review.Decision.RETURN,
                S.KEPT: Review.Decision.KEEP,
                S.REJECTED: Review.Decision.REJECT,
            }[target]
        else:
            decision = Review.Decision.PASS
        Review.objects.create(
            manuscript=m, stage=stage, decision=decision, comment=comment.strip(), reviewer=by
        )
    _tell_author(m, target, comment)
    return m


def _author_users(m: Manuscript) -> list[User]:
    users = [m.registered_by]
    if m.contributor_id and m.contributor.user_id:
        users.append(m.contributor.user)
    return users


def _tell_author(m: Manuscript, target: str, comment: str) -> None:
    url = reverse("archives:manuscript_detail", args=[m.pk])
    if target == S.RETURNED:
        notify(
            recipients=_author_users(m),
            title=_("文史稿件退修：%(t)s") % {"t": m.title},
            body=comment,
            url=url,
            target=m,
            task=RETURNED_TASK,
        )
    elif target in (S.REJECTED, S.KEPT, S.PUBLISHED):
        notify(
            recipients=_author_users(m),
            title=_("文史稿件「%(t)s」：%(s)s") % {"t": m.title, "s": S(target).label},
            body=comment,
            url=url,
            dedupe_key=f"archives-ms-{m.pk}-{target}",
        )


@transaction.atomic
def file_add(
    *, manuscript: Manuscript, kind: str, upload: UploadedFile, by: User
) -> ManuscriptFile:
    m = Manuscript.objects.select_for_update().get(pk=manuscript.pk)
    if kind not in FileKind.values:
        raise ValidationError(_("请选择附件类别。"))
    # The author may hand in a signed authorisation or consent form until publication.
    late_paper = (
        kind in (FileKind.AUTHORISATION, FileKind.CONSENT)
        and m.status not in (S.PUBLISHED, S.REJECTED)
        and is_author(m, by)
    )
    if not (may_edit_text(m, by) or edits(m, by) or late_paper):
        raise ValidationError(_("稿件当前状态下不能添加附件。"))
    checked = check_file(upload, media=kind in (FileKind.AUDIO, FileKind.VIDEO))
    if kind == FileKind.AUDIO and not checked.content_type.startswith("audio/"):
        raise ValidationError(
            _("「音频」类附件须是音频文件（%(t)s）。") % {"t": "MP3、M4A、WAV、OGG"}
        )
    if kind == FileKind.VIDEO and not checked.content_type.startswith("video/"):
        raise ValidationError(_("「视频」类附件须是视频文件（%(t)s）。") % {"t": "MP4、WebM"})
    record = ManuscriptFile(
        manuscript=m,
        kind=kind,
        name=checked.name,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_by=by,
    )
    record.file.save(checked.name, checked.upload, save=False)
    record.save()
    return record


@transaction.atomic
def file_delete(*, record: ManuscriptFile, by: User) -> None:
    m = Manuscript.objects.select_for_update().get(pk=record.manuscript_id)
    if m.status not in Manuscript.AUTHOR_EDITS or not may_edit_text(m, by):
        raise ValidationError(_("只有草稿或退修中的稿件可以删除附件。"))
    stored = record.file
    record.delete()
    transaction.on_commit(lambda: stored.delete(save=False))


# ---- volumes ----------------------------------------------------------------------------


def _editor_only(body_id: int, by: User) -> None:
    if by.body_id != body_id or not is_editor(by):
        raise PermissionDenied


@transaction.atomic
def volume_create(*, body_id: int, data: dict[str, Any], by: User) -> Volume:
    _editor_only(body_id, by)
    volume = Volume(body_id=body_id, created_by=by, **{f: data[f] for f in VOLUME_FIELDS})
    try:
        with transaction.atomic():
            volume.save()
    except IntegrityError:
        raise ValidationError(
            _("《%(s)s》第%(n)s辑已经存在。") % {"s": volume.series, "n": volume.number}
        ) from None
    return volume


@transaction.atomic
def volume_update(*, volume: Volume, data: dict[str, Any], by: User) -> Volume:
    volume = Volume.objects.select_for_update().get(pk=volume.pk)
    _editor_only(volume.body_id, by)
    for f in VOLUME_FIELDS:
        setattr(volume, f, data[f])
    try:
        with transaction.atomic():
            volume.save()
    except IntegrityError:
        raise ValidationError(
            _("《%(s)s》第%(n)s辑已经存在。") % {"s": volume.series, "n": volume.number}
        ) from None
    return volume


def _locked_volume(volume: Volume, by: User) -> Volume:
    volume = Volume.objects.select_for_update().get(pk=volume.pk)
    _editor_only(volume.body_id, by)
    if volume.status != Volume.Status.EDITING:
        raise ValidationError(_("已出版的辑不能再调整篇目。"))
    return volume


@transaction.atomic
def volume_add(*, volume: Volume, manuscript: Manuscript, by: User) -> VolumeEntry:
    """A manuscript whose proof is confirmed (待入选) enters the volume, at the end."""
    volume = _locked_volume(volume, by)
    m = Manuscript.objects.select_for_update().get(pk=manuscript.pk)
    if m.body_id != volume.body_id:
        raise ValidationError(_("只能选入本级政协的稿件。"))
    MANUSCRIPT.move(m, S.SELECTED, by=by, comment=str(volume))
    m.status_changed_at = timezone.now()
    m.save(update_fields=["status", "status_changed_at"])
    last = volume.entries.aggregate(p=Max("position"))["p"] or 0
    return VolumeEntry.objects.create(volume=volume, manuscript=m, position=last + 1)


@transaction.atomic
def volume_remove(*, entry: VolumeEntry, by: User) -> None:
    volume = _locked_volume(entry.volume, by)
    m = Manuscript.objects.select_for_update().get(pk=entry.manuscript_id)
    MANUSCRIPT.move(m, S.READY, by=by, comment=str(volume))
    m.status_changed_at = timezone.now()
    m.save(update_fields=["status", "status_changed_at"])
    entry.delete()
    _renumber(volume, list(volume.entries.values_list("pk", flat=True)))


def _renumber(volume: Volume, entry_ids: list[int]) -> None:
    entries = {e.pk: e for e in volume.entries.all()}
    for position, pk in enumerate(entry_ids, start=1):
        entry = entries[pk]
        if entry.position != position:
            entry.position = position
            entry.save(update_fields=["position"])


@transaction.atomic
def volume_reorder(*, volume: Volume, entry_ids: list[int], by: User) -> Volume:
    """The table of contents in the given order: every entry of the volume exactly once."""
    volume = _locked_volume(volume, by)
    current = set(volume.entries.values_list("pk", flat=True))
    if len(entry_ids) != len(set(entry_ids)) or set(entry_ids) != current:
        raise ValidationError(_("篇目顺序不完整或有重复，请刷新页面后重新排序。"))
    _renumber(volume, entry_ids)
    return volume


@transaction.atomic
def volume_publish(*, volume: Volume, by: User) -> Volume:
    """The volume is out: it and every manuscript in it are published (and enter the
    searchable archive)."""
    volume = Volume.objects.select_for_update().get(pk=volume.pk)
    _editor_only(volume.body_id, by)
    entries = list(volume.entries.select_related("manuscript__contributor__user"))
    if not entries:
        raise ValidationError(_("本辑还没有篇目，不能出版。"))
    if not volume.published_on:
        raise ValidationError(_("请先填写出版日期。"))
    VOLUME.move(volume, Volume.Status.PUBLISHED, by=by)
    now = timezone.now()
    volume.published_at = now
    volume.save(update_fields=["status", "published_at"])
    for entry in entries:
        m = Manuscript.objects.select_for_update().get(pk=entry.manuscript_id)
        MANUSCRIPT.move(m, S.PUBLISHED, by=by, comment=str(volume))
        m.status_changed_at = m.published_at = now
        m.save(update_fields=["status", "status_changed_at", "published_at"])
        entry.manuscript = m
        _tell_author(m, S.PUBLISHED, str(volume))
    return volume


# ---- the digital archive ----------------------------------------------------------------


def _check_item(item: ArchiveItem) -> None:
    if item.year_from and item.year_to and item.year_from > item.year_to:
        raise ValidationError(_("起始年份不能晚于截止年份。"))
    if item.manuscript_id and item.manuscript.body_id != item.body_id:
        raise ValidationError(_("请选择本级政协的稿件。"))


def _item_file(item: ArchiveItem, upload: UploadedFile | None) -> None:
    if upload is None:
        return
    checked = check_file(upload, media=True)
    # A replaced file stays in the storage: the item's history still names it.
    item.file_name, item.content_type = checked.name, checked.content_type
    item.size, item.sha256 = checked.size, checked.sha256
    item.file.save(checked.name, checked.upload, save=False)


@transaction.atomic
def item_create(
    *, body_id: int, data: dict[str, Any], upload: UploadedFile | None, by: User
) -> ArchiveItem:
    if by.body_id != body_id or not may_register(by):
        raise PermissionDenied
    item = ArchiveItem(body_id=body_id, created_by=by, **{f: data[f] for f in ITEM_FIELDS})
    _check_item(item)
    _item_file(item, upload)
    item.save()
    return item


@transaction.atomic
def item_update(
    *, item: ArchiveItem, data: dict[str, Any], upload: UploadedFile | None, by: User
) -> ArchiveItem:
    item = ArchiveItem.objects.select_for_update().get(pk=item.pk)
    if by.body_id != item.body_id or not may_register(by):
        raise PermissionDenied
    for f in ITEM_FIELDS:
        setattr(item, f, data[f])
    _check_item(item)
    _item_file(item, upload)
    item.save()
    return item


# ---- reminders --------------------------------------------------------------------------

CALL_WARNING_DAYS = 7
DEFAULT_REVIEW_WAIT_DAYS = 14


def remind(*, today=None) -> int:
    """Tell the committee's staff of calls that close within a week, and the editors of
    manuscripts waiting in a review step too long. Idempotent (dedupe keys); a few
    queries per run whatever the number of records. Returns notifications created."""
    import datetime as dt

    from django.conf import settings

    from portal.models import Role, RoleAssignment
    from portal.services import Note, notify_many

    today = today or timezone.localdate()
    wait_days = int(getattr(settings, "ARCHIVES_REVIEW_WAIT_DAYS", DEFAULT_REVIEW_WAIT_DAYS))
    notes: list[Note] = []
    plans = list(
        CollectionPlan.objects.filter(
            status=P.OPEN,
            closes_on__gte=today,
            closes_on__lte=today + dt.timedelta(days=CALL_WARNING_DAYS),
        ).only("pk", "title", "closes_on", "committee_id")
    )
    staff: dict[int, list] = {}
    if plans:
        for a in RoleAssignment.objects.filter(
            role=Role.COMMITTEE_STAFF, committee_id__in={p.committee_id for p in plans}
        ).select_related("user"):
            staff.setdefault(a.committee_id, []).append(a.user)
    for plan in plans:
        notes.append(
            Note(
                recipients=staff.get(plan.committee_id, []),
                title=_("征稿即将截止：%(t)s（%(d)s）") % {"t": plan.title, "d": plan.closes_on},
                url=reverse("archives:plan_detail", args=[plan.pk]),
                dedupe_key=f"archives-call-closing-{plan.pk}-{plan.closes_on}",
            )
        )
    cutoff = timezone.now() - dt.timedelta(days=wait_days)
    waiting = list(
        Manuscript.objects.filter(status__in=Manuscript.QUEUE, status_changed_at__lt=cutoff).only(
            "pk", "title", "status", "status_changed_at", "body_id"
        )
    )
    editors: dict[int, list] = {}
    if waiting:
        for a in RoleAssignment.objects.filter(
            role=Role.ARCHIVES_EDITOR, body_id__in={m.body_id for m in waiting}
        ).select_related("user"):
            editors.setdefault(a.body_id, []).append(a.user)
    for m in waiting:
        notes.append(
            Note(
                recipients=editors.get(m.body_id, []),
                title=_("稿件「%(t)s」在「%(s)s」环节已等候超过 %(n)d 天")
                % {"t": m.title, "s": m.get_status_display(), "n": wait_days},
                url=reverse("archives:manuscript_detail", args=[m.pk]),
                dedupe_key=f"archives-waiting-{m.pk}-{m.status}-{m.status_changed_at:%Y%m%d%H%M%S}",
            )
        )
    return notify_many(notes) if notes else 0
