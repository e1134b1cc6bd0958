"""Writes of organisation records. History (who, when, what) is kept by simple-history;
services name the actor so that changes made outside a request are attributed too."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from organisation.models import Committee
from organisation.selectors import vice_chair_assignment
from portal.models import Role, User
from portal.services import role_grant, role_revoke


@transaction.atomic
def org_record_save(*, instance: models.Model, by: User | None, m2m: dict | None = None):
    """Validate and save a plain organisation record (term, sector, group, department,
    committee), with its many-to-many values, attributing the change to `by`."""
    instance.full_clean()
    instance._history_user = by
    instance.save()
    for name, values in (m2m or {}).items():
        getattr(instance, name).set(values)
    return instance


@transaction.atomic
def committee_set_vice_chair(*, committee: Committee, user: User | None, by: User) -> None:
    """Put `user` in charge of the committee (§12), or nobody; permissions follow."""
    current = vice_chair_assignment(committee)
    if current is not None and user is not None and current.user_id == user.pk:
        return
    if current is not None:
        role_revoke(assignment=current, by=by)
    if user is not None:
        if user.body_id != committee.body_id:
            raise ValidationError(_("分管副主席须为本级政协的用户。"))
        role_grant(user=user, role=Role.VICE_CHAIR, body=committee.body, committee=committee, by=by)
