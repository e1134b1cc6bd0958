"""Manuscripts: creating, editing (each changed text a new ManuscriptVersion), submitting, status
moves, telling the author, files."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.access import roles_of
from portal.files import delete_file_on_commit
from portal.models import User
from portal.services import notifications_close, notify

from ..access import edits, is_author, may_edit_text, may_register
from ..files import check_file
from ..models import (
    FileKind,
    Manuscript,
    ManuscriptFile,
    ManuscriptVersion,
    Review,
    count_words,
)
from ..workflow import MANUSCRIPT, REVIEW_STAGES
from .common import MANUSCRIPT_FIELDS, RETURNED_TASK, S, _stale

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
    record.delete()
    delete_file_on_commit(record.file)
