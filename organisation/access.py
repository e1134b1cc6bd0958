"""Who may act on which committees and departments: the querysets the modules filter by.
Deny by default: `portal.access` has the rest (office, roles of a request)."""

from __future__ import annotations

from django.db.models import QuerySet
from guardian.shortcuts import get_objects_for_user

from portal.access import (
    ACT_FOR_DEPARTMENT,
    MANAGE_BODY,
    OVERSEE_COMMITTEE,
    WORK_IN_COMMITTEE,
    is_office,
    office_required,
)
from portal.models import User

from .models import Committee, Department

__all__ = [
    "ACT_FOR_DEPARTMENT",
    "MANAGE_BODY",
    "OVERSEE_COMMITTEE",
    "WORK_IN_COMMITTEE",
    "committees_where",
    "departments_where",
    "is_office",
    "office_required",
]


def committees_where(user: User, *perms: str) -> QuerySet[Committee]:
    """Committees of the user's body on which he holds any of `perms`. Guardian builds the
    query in ~10 ms of Python; a page asks it several times, so the user object (made anew
    for every request) keeps it per set of permissions and each caller gets a copy."""
    if not user.is_authenticated or user.body_id is None:
        return Committee.objects.none()
    kept = user.__dict__.setdefault("_committees_where", {})
    key = tuple(sorted(perms))
    if key not in kept:
        kept[key] = get_objects_for_user(
            user,
            list(perms),
            Committee.objects.filter(body_id=user.body_id),
            any_perm=True,
            accept_global_perms=False,
            with_superuser=False,
        )
    return kept[key].all()


def departments_where(user: User, perm: str = ACT_FOR_DEPARTMENT) -> QuerySet[Department]:
    if not user.is_authenticated or user.body_id is None:
        return Department.objects.none()
    return get_objects_for_user(
        user,
        perm,
        Department.objects.filter(body_id=user.body_id),
        accept_global_perms=False,
        with_superuser=False,
    )
