"""Who may act on which committees and departments: the querysets the modules filter by.
Deny by default: `portal.access` has the rest (office, roles of a request)."""

from __future__ import annotations

from django.db.models import QuerySet

from portal.access import (
    ACT_FOR_DEPARTMENT,
    MANAGE_BODY,
    OVERSEE_COMMITTEE,
    WORK_IN_COMMITTEE,
    is_office,
    office_required,
)
from portal.backends import objects_where
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
    """Committees of the user's body on which he holds any of `perms` (his own object
    permissions or his groups', as guardian's get_objects_for_user with any_perm and
    neither global permissions nor the superuser's all: portal.backends)."""
    if not user.is_authenticated or user.body_id is None:
        return Committee.objects.none()
    pks = objects_where(user, Committee, (perm.rpartition(".")[2] for perm in perms))
    return Committee.objects.filter(body_id=user.body_id, pk__in=pks)


def departments_where(user: User, perm: str = ACT_FOR_DEPARTMENT) -> QuerySet[Department]:
    if not user.is_authenticated or user.body_id is None:
        return Department.objects.none()
    pks = objects_where(user, Department, [perm.rpartition(".")[2]])
    return Department.objects.filter(body_id=user.body_id, pk__in=pks)
