"""An activity's outputs (成果) and their files."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from members.models import Member
from portal.files import delete_file_on_commit
from portal.models import User
from portal.uploads import check_upload

from ...models import (
    Activity,
    ActivityOutput,
)
from .common import A, check_manager

# Photos must be images; the other outputs may be documents or images.
IMAGE_TYPES = ("image/jpeg", "image/png")


@transaction.atomic
def output_add(
    *,
    activity: Activity,
    kind: str,
    title: str,
    upload: UploadedFile,
    speaker: Member | None = None,
    by: User,
) -> ActivityOutput:
    """Attach a result to the activity. The file is checked (size, allowed type, content
    sniffed from the bytes) and stored under a random name."""
    check_manager(activity, by)
    if activity.status not in (A.PUBLISHED, A.HELD):
        raise ValidationError(_("活动发布后才能上传成果。"))
    checked = check_upload(upload)
    kind = ActivityOutput.Kind(kind)
    if kind == ActivityOutput.Kind.PHOTO and checked.content_type not in IMAGE_TYPES:
        raise ValidationError(_("活动照片只能是 JPG 或 PNG 图片。"))
    if speaker is not None and speaker.body_id != activity.body_id:
        raise ValidationError(_("发言委员不属于本级政协。"))
    output = ActivityOutput(
        activity=activity,
        kind=kind,
        title=title.strip() or checked.name,
        speaker=speaker,
        original_name=checked.name,
        content_type=checked.content_type,
        size=len(checked.data),
        uploaded_by=by,
    )
    output.file.save(checked.name, ContentFile(checked.data), save=False)
    output._history_user = by
    output.save()
    return output


@transaction.atomic
def output_delete(*, output: ActivityOutput, by: User) -> None:
    check_manager(output.activity, by)
    output._history_user = by
    output.delete()
    delete_file_on_commit(output.file)
